/*
 * view/spans.h - a document's text with the spans of every layer marked.
 *
 * tp__view_spans_collect() reads the spans of a record's annotations and
 * turns their offsets, given in the records' unit (code points, bytes or
 * UTF-16 units: utf8.h), into byte ranges of the text.  A span is drawn
 * when it is an object whose "start" and "end" are whole numbers with
 * start <= end and both fall on character boundaries within the text;
 * every other one is counted in `bad` and left out.  The text is measured
 * by tp_utf8_decode()'s rule, so a byte of bad UTF-8 is one unit of any
 * kind.  A span whose "text" is present and differs from the text at its
 * offsets is drawn with its `mismatch` flag set (and counted).
 *
 * tp__view_spans_draw() writes the text (escaped) with each span as an
 * element (view/tags.h).  Overlaps are resolved so the HTML is always well
 * formed: spans are sorted by start, longer first, then by kind (sentence
 * outermost, entity innermost: view/index.h), then by their order in the
 * record; the text is cut at every span boundary; at a boundary the
 * elements of spans that end there are closed, with everything opened
 * above them, and the spans above that go on are reopened as continuation
 * fragments (data-cont).  A fragment that will be cut that way - it
 * outlives a span below it - carries data-more.  So a span is one element
 * unless it crosses another span's end, and the elements with data-layer=L
 * and no data-cont are exactly the L spans drawn.  An empty span is an
 * empty element at its place.
 */
#ifndef TP_VIEW_SPANS_H
#define TP_VIEW_SPANS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "utf8.h"
#include "view/index.h"
#include "view/out.h"

typedef struct tp__view_span {
    size_t b, e;        /* bytes of the text: [b, e) */
    uint64_t ub, ue;    /* start and end as given, in the records' unit */
    tp__view_kind kind; /* of its layer */
    uint32_t order;     /* its layer's position in "annotations" */
    uint32_t idx;       /* its position in its layer, from 0 */
    uint32_t cls;       /* label slot (entity) or layer slot (other layers) */
    bool mismatch;      /* its "text" differs from the text at [b, e) */
    const char *layer;  /* the layer's name (borrowed from the record) */
    const cJSON *o;     /* the span (borrowed from the record) */
} tp__view_span;

typedef struct tp__view_spans {
    size_t n;         /* the document's number, from 1 (element ids) */
    const char *text; /* the document's text (borrowed) */
    size_t len;
    tp__view_span *spans; /* drawn, in drawing order (owned) */
    size_t nspans;
    size_t bad;        /* spans not drawn */
    size_t mismatched; /* spans drawn with `mismatch` */
} tp__view_spans;

/* Fills d (whose n, text and len the caller has set) from `ann` (the
 * record's "annotations" object, or NULL).  Label and layer slots come
 * from x (names x does not hold take the shared slot).  Free with
 * tp__view_spans_free(); `ann` must outlive d. */
void tp__view_spans_collect(tp__view_spans *d, const cJSON *ann, tp__offset_unit unit, const tp__view_index *x);

/* Appends the text with its spans to out->b, flushing as it goes.  `tmp`
 * is scratch space for the tags' hover texts. */
void tp__view_spans_draw(tp__view_out *out, const tp__view_spans *d, tp__buf *tmp);

/* Appends d->text[from..to) escaped as HTML text; a CR whose LF lies past
 * `to` (a CR LF cut by a span boundary) is left out, so the pair stays one
 * line break. */
void tp__view_text_segment(tp__buf *b, const tp__view_spans *d, size_t from, size_t to);

void tp__view_spans_free(tp__view_spans *d);

#endif
