/*
 * doc_impl.h - the document's representation, for the core only.
 *
 * The public contract is sdk/include/textpipe/doc.h.  Here: how the core
 * creates, fills, checks and recycles documents.  One tp_doc is reused for
 * document after document; tp__doc_begin() releases the previous one's memory
 * in one step.
 */
#ifndef TP_DOC_IMPL_H
#define TP_DOC_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <textpipe/doc.h>

#include "arena.h"
#include "names.h"

enum tp__feature_kind { TP__F_INT = 1, TP__F_DOUBLE, TP__F_BOOL, TP__F_STR, TP__F_REF };

struct tp__feature {
    tp_feat name;
    uint8_t kind;
    uint32_t len; /* TP__F_STR: bytes */
    union {
        int64_t i;
        double d;
        const char *s;
        struct {
            uint32_t type;
            uint32_t index;
        } r;
    } v;
};

typedef struct tp__layer {
    tp_span *spans;
    uint32_t count;
    uint32_t cap;
    bool unsorted; /* spans were added out of order during this stage */
} tp__layer;

/* A field of the input record other than id and text, as raw JSON. */
typedef struct tp__meta {
    const char *key; /* decoded, NUL-terminated */
    const char *raw; /* the value's JSON text, verbatim */
    size_t raw_len;
} tp__meta;

struct tp_doc {
    tp__arena arena;
    const tp__names *types; /* for messages */
    const char *id;
    const char *text;
    size_t len;
    bool ascii;
    tp__layer *layers; /* indexed by type id; malloc'd, grown on demand */
    size_t nlayers;
    tp__meta *meta;
    size_t nmeta;
    size_t capmeta;
    bool has_refs;
    char *bad; /* why the last stage's writes were refused, or NULL */
};

/* The largest document the model holds: offsets are 32-bit. */
#define TP_DOC_MAX_BYTES ((size_t)UINT32_MAX - 1)

tp_doc *tp__doc_new(const tp__names *types);
void tp__doc_free(tp_doc *doc);

/* Forgets the previous document and frees its memory (keeping a little for
 * the next).  Then the reader may decode straight into tp__doc_arena(). */
void tp__doc_begin(tp_doc *doc);
static inline tp__arena *tp__doc_arena(tp_doc *doc) { return &doc->arena; }

typedef struct tp__doc_problem {
    const char *code; /* "bad_utf8", "nul_byte", "too_large" */
    char message[160];
} tp__doc_problem;

/* Adopts id and text (NUL-terminated or not; both must stay valid until the
 * next tp__doc_begin(), which is the case for strings in the doc's arena) and
 * validates the text.  Returns 0, or -1 with *why filled in. */
int tp__doc_set(tp_doc *doc, const char *id, const char *text, size_t len, tp__doc_problem *why);

/* Records a field to write back under "meta".  Pointers as for tp__doc_set. */
void tp__doc_add_meta(tp_doc *doc, const char *key, const char *raw, size_t raw_len);

/* After a stage: puts every layer back in order (remapping references) and
 * returns the message of the first refused write, or NULL.  Clears it. */
const char *tp__doc_end_stage(tp_doc *doc);

#endif
