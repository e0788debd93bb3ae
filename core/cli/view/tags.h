/*
 * view/tags.h - the element of one span: its tag, data attributes and
 * hover text.
 *
 * Entity and summary spans are <mark> (they are what a reader looks for),
 * the others <span>.  Classes (fixed words and slot numbers, never names
 * from the data): "ent eN" (+ "ent-PER" …), "money", "sum", "sent" (+ "odd"
 * for every other sentence), "lay gN"; "empty" for an empty span,
 * "mismatch" for one whose text differs.  Attributes, in this order:
 * data-layer (the layer name), data-span (LAYER:INDEX, unique in its
 * document), data-cont and data-more (fragments, view/spans.h), then per
 * kind data-label/data-score (entity); data-amount, data-min, data-max,
 * data-currency, data-converted-*, data-norm and tabindex (money, the first
 * fragment focusable); data-rank and, on the first fragment, the id
 * dN-sI that the summary list links to (summary); data-n (sentence); last
 * a title: what the span is and every other feature, one a line (a nested
 * object flattened as a.b, a reference {"layer","index"} as "→ layer[i]"),
 * at most 2,000 bytes and "…".  A sentence with at most three members
 * (start, end, text) and no mismatch has no title: its number is its
 * marker.
 * Every value from the data is escaped (view/esc.h).
 */
#ifndef TP_VIEW_TAGS_H
#define TP_VIEW_TAGS_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "view/spans.h"

/* Appends the start tag of a fragment of span s of document number `docn`:
 * cont - a continuation fragment; more - not the last fragment.  `tmp` is
 * scratch space (its contents are replaced). */
void tp__view_open_tag(tp__buf *b, tp__buf *tmp, size_t docn, const tp__view_span *s, bool cont, bool more);

/* Appends the end tag matching tp__view_open_tag(). */
void tp__view_close_tag(tp__buf *b, const tp__view_span *s);

#endif
