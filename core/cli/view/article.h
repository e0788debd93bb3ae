/*
 * view/article.h - one record as an <article> of the page.
 *
 * Document N is <article class="doc" id="dN" data-id="ID"> with a heading
 * (its number and id), its counts, its meta fields (the first 50), the
 * summary sentences by rank (each linking to its place in the text), notes
 * on spans that could not be drawn or whose text differs, and its text with
 * every span marked (view/spans.h).  An error record shows its stage, code
 * and message, an unreadable line why; both have class "doc error".  A
 * record without text says its spans cannot be drawn.
 */
#ifndef TP_VIEW_ARTICLE_H
#define TP_VIEW_ARTICLE_H

#include <stddef.h>

#include "buf.h"
#include "utf8.h"
#include "view/index.h"
#include "view/out.h"
#include "view/record.h"

/* Appends record c, document number n (from 1; x->docs[n-1] is its index
 * entry), to out, flushing as it goes.  unit: the unit of the records'
 * offsets.  tmp: scratch space. */
void tp__view_article(tp__view_out *out, const tp__view_index *x, size_t n, const tp__view_rec *c,
                      tp__offset_unit unit, tp__buf *tmp);

#endif
