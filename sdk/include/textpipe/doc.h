/*
 * textpipe/doc.h - the document model a plugin reads and annotates.
 *
 * A document is an id, an immutable UTF-8 text and layers of annotations.
 * An annotation ("span") is a typed byte range [begin, end) of the text with
 * named features.  Plugins add spans and features; nobody rewrites the text.
 *
 * Types and feature names are interned once, at plugin init
 * (tp_init_type(), tp_init_feat() in plugin.h), into small integer ids.  The
 * hot path never looks a name up by string.
 *
 * Memory.  Everything a document holds - its text, spans, features, copied
 * strings and any scratch memory from tp_doc_alloc() - comes from one arena
 * that is released at once when the core is done with the document.  So:
 *   - a plugin never frees anything it got from these functions;
 *   - a plugin keeps no pointer into a document after process() returns;
 *   - allocation failure aborts the process with a message (it never returns
 *     NULL), so callers need not check.
 *
 * Offsets.  Every offset in this API is a byte offset into tp_doc_text().
 * Offsets must fall on UTF-8 character boundaries; the core converts them to
 * code points (or UTF-16 units) when it writes output.
 *
 * Order.  The spans of one type are ordered by begin, then longer first (end
 * descending), then in the order they were added.  The core restores that
 * order after each stage, so a stage always sees earlier stages' layers in
 * order; within the stage that adds them, spans stay in insertion order and
 * keep the index tp_doc_add_span() returned.
 *
 * Threads.  A document is used by one thread at a time.
 */
#ifndef TEXTPIPE_DOC_H
#define TEXTPIPE_DOC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An opaque document.  Owned by the core; plugins only borrow it. */
typedef struct tp_doc tp_doc;

/* Interned annotation type and feature name.  0 is never a valid id. */
typedef uint32_t tp_type;
typedef uint32_t tp_feat;

/* Returned by tp_doc_add_span() for a span the core refused. */
#define TP_NO_SPAN ((size_t)-1)

/* Private feature storage; see the tp_span_* accessors. */
struct tp__feature;

/* One annotation.  begin and end are public and read-only for plugins; the
 * remaining members are private to the core.  tp_doc_spans() hands plugins
 * an array of these, so sizeof(tp_span) and the offsets of begin and end are
 * part of the ABI: they never change within a major (<textpipe/version.h>). */
typedef struct tp_span {
    uint32_t begin; /* first byte */
    uint32_t end;   /* one past the last byte */
    uint32_t nfeat_;
    uint32_t capfeat_;
    struct tp__feature *feats_;
} tp_span;

/* ---- The text ------------------------------------------------------------ */

/* The document id, NUL-terminated.  Borrowed: valid while the document is. */
const char *tp_doc_id(const tp_doc *doc);

/* The text, valid UTF-8 without NUL bytes, NUL-terminated for convenience.
 * *len (if not NULL) receives its length in bytes.  Borrowed. */
const char *tp_doc_text(const tp_doc *doc, size_t *len);

/* A field the input record carried besides id and text (JSON Lines input;
 * such fields are written back under "meta").  Returns the field's value when
 * it is a JSON string, decoded and NUL-terminated, with its length in *len
 * (if not NULL); NULL when there is no such field or it is not a string.
 * Arena-owned. */
const char *tp_doc_meta_str(tp_doc *doc, const char *key, size_t *len);

/* ---- Reading layers ------------------------------------------------------ */

/* The spans of one type as a contiguous array, in the order described above;
 * *count receives how many.  Returns NULL with *count = 0 for an empty layer.
 * The pointer stays valid until the next tp_doc_add_span() of the same type. */
const tp_span *tp_doc_spans(const tp_doc *doc, tp_type type, size_t *count);

/* Features of a span obtained from tp_doc_spans().  Each returns 1 and stores
 * the value when the span has the feature with a compatible kind, else 0 and
 * leaves *out alone.  tp_span_get_double() also accepts an int feature. */
int tp_span_get_int(const tp_span *span, tp_feat feat, int64_t *out);
int tp_span_get_double(const tp_span *span, tp_feat feat, double *out);
int tp_span_get_bool(const tp_span *span, tp_feat feat, int *out);

/* A string feature, or NULL.  *len (if not NULL) receives its length.
 * NUL-terminated.  Borrowed from the document (or, for a value set with
 * tp_span_set_static_str(), from the plugin that set it). */
const char *tp_span_get_str(const tp_span *span, tp_feat feat, size_t *len);

/* A reference feature: stores the target's type and index, returns 1. */
int tp_span_get_ref(const tp_span *span, tp_feat feat, tp_type *type, size_t *index);

/* ---- Writing ------------------------------------------------------------- */

/* Adds a span of `type` covering bytes [begin, end) and returns its index in
 * the layer (valid for the rest of this stage).  The span must lie inside the
 * text, with begin <= end, both on UTF-8 character boundaries; otherwise the
 * span is not added, TP_NO_SPAN is returned and the document fails after this
 * stage with code "bad_span" naming the stage.  Empty spans are allowed. */
size_t tp_doc_add_span(tp_doc *doc, tp_type type, size_t begin, size_t end);

/* Set a feature on span `index` of layer `type` (as returned by
 * tp_doc_add_span() or counted in tp_doc_spans()).  Setting a feature the
 * span already has replaces the value.  An index out of range is a bug in
 * the caller and fails the document like a bad span.
 *
 * Feature names containing dots nest in the JSON output: "converted.amount"
 * and "converted.rate" are written as "converted":{"amount":…,"rate":…}.
 * Within a pipeline a name may not be a dotted prefix of another ("a" with
 * "a.x" would give one object the key "a" twice), have an empty part, nest
 * more than 16 deep, be "start", "end" or "text" (the span's own members,
 * also as a first part) or be invalid UTF-8: tp_init_feat() then fails the
 * stage's start with a message saying which names.  A double that is NaN
 * or infinite is written as null (JSON has no such numbers). */
void tp_span_set_int(tp_doc *doc, tp_type type, size_t index, tp_feat feat, int64_t value);
void tp_span_set_double(tp_doc *doc, tp_type type, size_t index, tp_feat feat, double value);
void tp_span_set_bool(tp_doc *doc, tp_type type, size_t index, tp_feat feat, int value);

/* Copies `len` bytes of `value` (valid UTF-8; otherwise nothing is set and
 * the document fails after this stage like a bad span) into the document;
 * `value` is borrowed for the call only. */
void tp_span_set_str(tp_doc *doc, tp_type type, size_t index, tp_feat feat, const char *value, size_t len);

/* Stores the pointer without copying: `value` must be NUL-terminated UTF-8
 * that outlives the document (a string literal, or data the plugin's state
 * owns until fini).  The cheap choice for labels. */
void tp_span_set_static_str(tp_doc *doc, tp_type type, size_t index, tp_feat feat, const char *value);

/* A reference to another span, written as {"layer": NAME, "index": i}.  The
 * target may be in a layer this stage is adding to: the core keeps the
 * reference pointing at the same span when it sorts the layer. */
void tp_span_set_ref(tp_doc *doc, tp_type type, size_t index, tp_feat feat, tp_type target_type, size_t target_index);

/* ---- Scratch memory ------------------------------------------------------ */

/* `size` bytes, 16-byte aligned, uninitialised, from the document's arena:
 * freed with the document, never by the caller.  For per-document working
 * arrays, so the hot path needs no malloc/free. */
void *tp_doc_alloc(tp_doc *doc, size_t size);

#ifdef __cplusplus
}
#endif
#endif
