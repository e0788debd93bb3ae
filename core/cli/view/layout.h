/*
 * view/layout.h - the frame of the page around the documents.
 *
 * In the order they are written:
 *   tp__view_head()         <!DOCTYPE>, <head>: the Content-Security-Policy,
 *                           the title, the style sheet and script inline;
 *   tp__view_header()       the sticky header: title, batch totals, links
 *                           to the first errors, the legend (a checkbox per
 *                           label and layer, view/style.h), the page links;
 *   tp__view_index_table()  a row per document with its counts or error,
 *                           grouped in <tbody data-page=N>, and the totals;
 *   tp__view_page_break()   before each document: opens the next
 *                           <section class="page"> every page_size documents;
 *   tp__view_foot()         closes the last section, the page.
 * Every name from the data is escaped (view/esc.h) and clipped; ids come
 * from the index, already escaped.  The policy admits no network access,
 * and only the style sheet and script with the SHA-256 (base64) of the
 * bytes written, computed here as they are written.
 */
#ifndef TP_VIEW_LAYOUT_H
#define TP_VIEW_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "view/index.h"
#include "view/out.h"

/* title: the page's (borrowed; NULL: "textpipe").  sentences: sentence
 * numbers shown when the page opens.  page_size: documents per page (> 0). */
void tp__view_head(tp__buf *b, const tp__view_index *x, const char *title, bool sentences);
void tp__view_header(tp__buf *b, const tp__view_index *x, const char *title, bool sentences, size_t page_size);
/* Long (a row per document): flushes `out` as it goes. */
void tp__view_index_table(tp__view_out *out, const tp__view_index *x, size_t page_size);

/* "18 sentences · 57 entities (PER 8, …) · 2 money amounts · word 38": the
 * counts of document d, or of the batch when d is NULL, for the layers the
 * batch holds; `sep`: start with a separator. */
void tp__view_counts(tp__buf *b, const tp__view_index *x, const tp__view_docinfo *d, bool sep);

/* Before document k (from 0) of ndocs: a new page section when k starts
 * one. */
void tp__view_page_break(tp__buf *b, size_t k, size_t ndocs, size_t page_size);
/* After the ndocs documents. */
void tp__view_foot(tp__buf *b, size_t ndocs);

#endif
