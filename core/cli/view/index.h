/*
 * view/index.h - what a batch holds, counted before any document is drawn.
 *
 * The page opens with totals, a legend and a table of every document with
 * its counts, so the records are read twice: the first pass feeds each to
 * tp__view_index_add().  The index keeps, per document, its id (escaped,
 * as shown), its error and how many spans each layer holds; for the batch,
 * the entity labels and other layer names seen, which become colours,
 * legend entries and columns.  Memory: a few counts per document, never
 * the records.
 *
 * Names (labels, layers) take slots in the order first seen, the four
 * standard labels first (view/palette.h).  After TP__VIEW_MAX_NAMES names
 * in a table, further ones share one slot, TP__VIEW_MAX_NAMES, shown as
 * "other labels" / "other layers": a batch with thousands of labels still
 * makes a page of bounded width.
 */
#ifndef TP_VIEW_INDEX_H
#define TP_VIEW_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view/record.h"

#define TP__VIEW_MAX_NAMES 48
/* Bytes of an id shown in the index and the headings. */
#define TP__VIEW_ID_SHOWN_MAX 200

/* ---- Layers the viewer knows ------------------------------------------------- */

/* How a layer is drawn; the order is also how spans with the same extent
 * nest, outermost first. */
typedef enum tp__view_kind {
    TP__VIEW_SENT,  /* "sentence" */
    TP__VIEW_SUM,   /* "summary" */
    TP__VIEW_TOKEN, /* "token": an other layer, hidden when the page opens */
    TP__VIEW_OTHER, /* any other layer name */
    TP__VIEW_MONEY, /* "money" */
    TP__VIEW_ENT    /* "entity" */
} tp__view_kind;

tp__view_kind tp__view_kind_of(const char *layer);

/* ---- Names seen in the batch ---------------------------------------------------- */

typedef struct tp__view_names {
    char **v; /* owned copies */
    size_t n, cap;
} tp__view_names;

/* The slot of `name`: its index, or TP__VIEW_MAX_NAMES (the shared slot)
 * when it was not added. */
size_t tp__view_names_slot(const tp__view_names *s, const char *name);

/* Adds `name` if new and there is room; returns its slot as above. */
size_t tp__view_names_add(tp__view_names *s, const char *name);

void tp__view_names_free(tp__view_names *s);

/* ---- Counts ------------------------------------------------------------------------ */

/* What is counted: a key per layer kind, entity label slot and other-layer
 * slot. */
#define TP__VIEW_KEY_SENT 0u
#define TP__VIEW_KEY_MONEY 1u
#define TP__VIEW_KEY_SUM 2u
#define TP__VIEW_KEY_ENT 3u /* the entity layer, whatever the labels */
#define TP__VIEW_KEY_LABEL(i) (0x100u + (uint32_t)(i))
#define TP__VIEW_KEY_LAYER(i) (0x10000u + (uint32_t)(i))
#define TP__VIEW_NKEYS (4 + 2 * (TP__VIEW_MAX_NAMES + 1))

typedef struct tp__view_count {
    uint32_t key, n;
} tp__view_count;

typedef struct tp__view_docinfo {
    char *id;              /* escaped for HTML text, at most TP__VIEW_ID_SHOWN_MAX bytes of
                    the id; "(no id)"; NAME:LINE of an unreadable line (owned) */
    char *error;           /* "stage: code", escaped, of an error or unreadable record;
                    NULL for a document (owned) */
    size_t first, ncounts; /* its counts: counts[first .. first+ncounts) */
} tp__view_docinfo;

typedef struct tp__view_index {
    tp__view_names labels, layers; /* entity labels; layers of kind OTHER or TOKEN */
    tp__view_docinfo *docs;        /* one per record, in input order */
    size_t ndocs, capdocs;
    tp__view_count *counts; /* one per layer (or label) a document holds, empty ones too */
    size_t ncounts, capcounts;
    size_t nerrors;                  /* error records and unreadable lines */
    uint32_t totals[TP__VIEW_NKEYS]; /* set by tp__view_index_finish() */
    bool seen[TP__VIEW_NKEYS];       /* a layer present (even empty) in some record */
} tp__view_index;

/* An empty index (the standard labels in their slots); free it with
 * tp__view_index_free(). */
void tp__view_index_init(tp__view_index *x);

/* Counts record c, the current line of rd (named in the id of an
 * unreadable line).  An array member of "annotations" is a layer and every
 * element a span of it (counted whatever its offsets: the page says how many
 * could not be drawn); other members are ignored.  Entity spans are
 * counted per label ("?" when missing or empty). */
void tp__view_index_add(tp__view_index *x, const tp__view_rec *c, const tp__view_reader *rd);

/* Works out the batch totals once every record is added. */
void tp__view_index_finish(tp__view_index *x);

/* The count of `key` in document d, or in the batch when d is NULL. */
uint32_t tp__view_index_count(const tp__view_index *x, const tp__view_docinfo *d, uint32_t key);

/* Whether any record holds the layer of `key` (TP__VIEW_KEY_SENT, _MONEY,
 * _SUM or _ENT), even an empty one. */
bool tp__view_index_seen(const tp__view_index *x, uint32_t key);

/* The name of label or layer slot i, for people ("other labels" for the
 * shared slot).  Not escaped. */
const char *tp__view_label_name(const tp__view_index *x, size_t i);
const char *tp__view_layer_name(const tp__view_index *x, size_t i);

void tp__view_index_free(tp__view_index *x);

#endif
