/*
 * html.c - the HTML page of a batch's records (see html.h): the two passes.
 *
 * The rooms of the viewer, under view/:
 *   record.h   reading records from JSON Lines
 *   index.h    what the batch holds: counts per document, labels, layers
 *   layout.h   the frame: head and policy, header and legend, index table
 *   style.h    the style sheet; palette.h its colours; assets.h the fixed
 *              CSS and script, compiled in from page.css, print.css, page.js
 *   article.h  one record as an article
 *   spans.h    the text with its spans, overlaps well nested
 *   tags.h     one span's element: tag, data attributes, hover text
 *   esc.h      escaping; values.h values written for people
 *   out.h      the page handed on in pieces
 */
#include "autoconfig.h"

#include "html.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "view/article.h"
#include "view/index.h"
#include "view/layout.h"
#include "view/out.h"
#include "view/record.h"
#include "xalloc.h"

static int fail(char *err, size_t errlen, const char *what, const char *name)
{
    snprintf(err, errlen, "%s %s: %s", what, name, strerror(errno ? errno : EIO));
    return -1;
}

/* Pass one: every record of every stream into the index; starts[f] is
 * where stream f began. */
static int index_pass(tp__view_index *x, FILE *const *in, const char *const *in_names, size_t n, off_t *starts,
                      tp__view_reader *rd, char *err, size_t errlen)
{
    for (size_t f = 0; f < n; f++) {
        tp__view_reader_start(rd, in[f], in_names[f]);
        errno = 0;
        starts[f] = ftello(in[f]);
        if (starts[f] < 0)
            return fail(err, errlen, "cannot read", in_names[f]);
        size_t len;
        int got;
        while ((got = tp__view_reader_next(rd, &len)) > 0) {
            tp__view_rec c;
            tp__view_rec_parse(&c, rd, rd->line, len);
            tp__view_index_add(x, &c, rd);
            tp__view_rec_free(&c);
        }
        if (got < 0)
            return fail(err, errlen, "cannot read", in_names[f]);
    }
    tp__view_index_finish(x);
    return 0;
}

/* Pass two: the documents, in pages.  Stops at the number of records the
 * index holds; *written says how many were written. */
static int document_pass(tp__view_out *out, const tp__view_index *x, FILE *const *in, const char *const *in_names,
                         size_t n, const off_t *starts, const tp__html_opts *o, size_t page_size,
                         tp__view_reader *rd, size_t *written, char *err, size_t errlen)
{
    tp__buf tmp = {0};
    int rc = 0;
    size_t k = 0;
    for (size_t f = 0; f < n && rc == 0 && !out->failed; f++) {
        tp__view_reader_start(rd, in[f], in_names[f]);
        errno = 0;
        if (fseeko(in[f], starts[f], SEEK_SET) != 0) {
            rc = fail(err, errlen, "cannot read again", in_names[f]);
            break;
        }
        size_t len;
        int got = 0;
        while (!out->failed && k < x->ndocs && (got = tp__view_reader_next(rd, &len)) > 0) {
            tp__view_page_break(&out->b, k, x->ndocs, page_size);
            tp__view_rec c;
            tp__view_rec_parse(&c, rd, rd->line, len);
            tp__view_article(out, x, ++k, &c, o->offsets, &tmp);
            tp__view_rec_free(&c);
            tp__view_out_maybe_flush(out);
        }
        if (got < 0)
            rc = fail(err, errlen, "cannot read", in_names[f]);
    }
    tp__buf_free(&tmp);
    *written = k;
    return rc;
}

int tp__html_render(FILE *const *in, const char *const *in_names, size_t n, const tp__html_opts *o,
                    tp__html_write_fn write, void *arg, char *err, size_t errlen)
{
    size_t page_size = o->page_size ? o->page_size : TP__HTML_PAGE_SIZE;
    tp__view_out out = {.fn = write, .arg = arg};
    tp__view_index x;
    tp__view_index_init(&x);
    tp__view_reader rd = {0};
    off_t *starts = tp__xcalloc(n ? n : 1, sizeof *starts);

    int rc = index_pass(&x, in, in_names, n, starts, &rd, err, errlen);
    if (rc == 0) {
        tp__view_head(&out.b, &x, o->title, o->sentences);
        tp__view_header(&out.b, &x, o->title, o->sentences, page_size);
        tp__view_index_table(&out, &x, page_size);
        tp__view_out_flush(&out);
    }
    size_t k = 0;
    if (rc == 0)
        rc = document_pass(&out, &x, in, in_names, n, starts, o, page_size, &rd, &k, err, errlen);
    /* The page's index and its documents must agree: a file that grew or
     * shrank between the passes would make the index lie. */
    if (rc == 0 && k != x.ndocs) {
        snprintf(err, errlen, "the input changed while it was read (%zu records, then %zu)", x.ndocs, k);
        rc = -1;
    }
    if (rc == 0) {
        tp__view_foot(&out.b, k);
        tp__view_out_flush(&out);
    }
    if (rc == 0 && out.failed) {
        snprintf(err, errlen, "cannot write the page");
        rc = -1;
    }

    tp__view_reader_free(&rd);
    free(starts);
    tp__view_index_free(&x);
    tp__buf_free(&out.b);
    return rc;
}
