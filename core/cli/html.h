/*
 * html.h - one self-contained HTML page from output records, for people to
 * look at a pipeline's work (`textpipe view`, `textpipe run --format html`).
 *
 * Input is the JSON Lines of DESIGN §6, read twice: a first pass counts
 * what every record holds (the index at the top of the page needs it before
 * any document is written), a second pass writes each document.  Memory
 * stays proportional to the number of documents (an id and a few counts
 * each) plus the largest record, never the whole batch.
 *
 * The page:
 *   - a header with the batch totals, a legend that doubles as layer
 *     switches (CSS only: checkboxes and :has(), no script needed), and the
 *     list of pages;
 *   - an index: one row per document with its counts (sentences, entities by
 *     label, money, summary, any other layer) or its error, linking to it;
 *   - the documents, in input order, grouped in pages of `page_size`: each
 *     with its id, meta fields, counts, summary sentences listed by rank,
 *     and its text with every span of every layer marked.  Error records
 *     and unreadable lines are shown as errors.
 *
 * Spans become elements carrying data attributes: data-layer (the layer
 * name), data-span (LAYER:INDEX, unique in its document) and per layer
 * data-label/data-score (entity), data-amount or data-min/data-max,
 * data-currency, data-converted-* and data-norm (money), data-rank
 * (summary), data-n (sentence).  Overlapping spans that do not nest are cut
 * into fragments so the HTML stays well formed: the first fragment is the
 * span, later ones carry data-cont, every fragment but the last data-more.
 * So the number of elements with data-layer=L and no data-cont is the
 * number of L spans drawn.  Spans whose offsets do not fall inside the text
 * on character boundaries are not drawn but counted in the document's notes;
 * spans whose "text" differs from the document at their offsets are drawn
 * with class "mismatch".
 *
 * Everything taken from the data (text, ids, layer names, feature values,
 * messages) is escaped for HTML; invalid UTF-8 becomes U+FFFD and control
 * characters their visible control pictures.  Nothing from the data becomes
 * a URL, a tag name, a class name or an element id.  A Content-Security-
 * Policy admits only the page's own style sheet and script (by hash) and no
 * network access at all.  The script only paginates; with scripts off every
 * page is shown one after the other (rendered lazily by the browser with
 * content-visibility).
 *
 * This header is the viewer's one entry point; the work is done by the
 * files of view/, one idea each (html.c lists them).
 */
#ifndef TP_HTML_H
#define TP_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "utf8.h"

#define TP__HTML_PAGE_SIZE 100

typedef struct tp__html_opts {
    tp__offset_unit offsets; /* the unit of start/end in the records */
    bool sentences;          /* sentence boundaries shown when the page opens */
    size_t page_size;        /* documents per page; 0: TP__HTML_PAGE_SIZE */
    const char *title;       /* page title (borrowed); NULL: "textpipe" */
} tp__html_opts;

/* Receives the page in pieces; returns 0, or non-zero to stop the render
 * (a write error the caller keeps track of). */
typedef int (*tp__html_write_fn)(void *arg, const char *data, size_t len);

/* Renders the records of the `n` streams `in` (in_names[i] is used in
 * messages about unreadable lines) as one page, through `write`.  Each
 * stream is read from its current position to its end, then rewound to
 * that position and read again: it must be seekable (spool a pipe to a
 * temporary file first).  Blank lines are skipped; a line that is not a JSON
 * object is shown as an error in the page.  The streams stay open (the
 * caller's).
 *
 * Returns 0; or -1 when a stream cannot be read or `write` failed, with a
 * message in err[0..errlen) (the page is then incomplete). */
int tp__html_render(FILE *const *in, const char *const *in_names, size_t n, const tp__html_opts *o,
                    tp__html_write_fn write, void *arg, char *err, size_t errlen);

#endif
