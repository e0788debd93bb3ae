/* view/article.c - one record as an article (see article.h). */
#include "autoconfig.h"

#include "view/article.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "view/esc.h"
#include "view/layout.h"
#include "view/spans.h"
#include "view/values.h"
#include "xalloc.h"

#define META_SHOWN_MAX 50 /* meta fields shown */

typedef struct sumitem {
    double rank;
    uint32_t idx;
    const cJSON *o;
    const tp__view_span *drawn; /* NULL: its offsets did not fit */
} sumitem;

/* By rank (none last), then by position. */
static int cmp_sum(const void *pa, const void *pb)
{
    const sumitem *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The summary sentences by rank, each linking to its place in the text. */
static void write_summary(tp__buf *b, const tp__view_spans *d, const cJSON *ann)
{
    const cJSON *sum = cJSON_GetObjectItemCaseSensitive(ann, "summary");
    int n = cJSON_IsArray(sum) ? cJSON_GetArraySize(sum) : 0;
    if (n <= 0)
        return;
    sumitem *it = tp__xcalloc((size_t)n, sizeof *it);
    size_t k = 0;
    for (const cJSON *s = sum->child; s; s = s->next, k++) {
        bool has;
        it[k].rank = tp__view_num(s, "rank", &has);
        if (!has || isnan(it[k].rank))
            it[k].rank = INFINITY;
        it[k].idx = (uint32_t)k;
        it[k].o = s;
    }
    for (size_t i = 0; i < d->nspans; i++)
        if (d->spans[i].kind == TP__VIEW_SUM && d->spans[i].idx < k)
            it[d->spans[i].idx].drawn = &d->spans[i];
    qsort(it, k, sizeof *it, cmp_sum);
    tp__buf_printf(b, "<section class=\"sumbox\" aria-labelledby=\"d%zu-sh\"><h3 id=\"d%zu-sh\">Summary</h3><ol>",
                   d->n, d->n);
    for (size_t i = 0; i < k; i++) {
        const tp__view_span *s = it[i].drawn;
        tp__buf_puts(b, "<li>");
        if (s) {
            tp__buf_printf(b, "<a href=\"#d%zu-s%u\">", d->n, (unsigned)s->idx + 1);
            tp__view_text_segment(b, d, s->b, s->e);
            tp__buf_puts(b, "</a>");
        } else {
            const char *t = cJSON_IsObject(it[i].o) ? tp__view_str(it[i].o, "text") : NULL;
            tp__view_esc_clipped(b, t ? t : "(a span outside the text)", 2000, TP__VIEW_TEXT);
        }
        tp__buf_puts(b, "</li>");
    }
    tp__buf_puts(b, "</ol></section>\n");
    free(it);
}

static void write_meta(tp__buf *b, const cJSON *meta, tp__buf *tmp)
{
    if (!meta || !meta->child)
        return;
    tp__buf_puts(b, "<dl class=\"meta\">");
    size_t shown = 0;
    for (const cJSON *m = meta->child; m && shown < META_SHOWN_MAX; m = m->next, shown++) {
        tp__buf_puts(b, "<dt>");
        tp__view_esc_clipped(b, m->string ? m->string : "?", 100, TP__VIEW_TEXT);
        tp__buf_puts(b, "</dt><dd>");
        tmp->len = 0;
        tp__view_value_text(tmp, m);
        tp__view_esc(b, tmp->data, tmp->len, TP__VIEW_TEXT);
        tp__buf_puts(b, "</dd>");
    }
    tp__buf_puts(b, "</dl>\n");
}

/* The box of an error record or an unreadable line. */
static void write_error(tp__buf *b, const tp__view_rec *c)
{
    tp__buf_puts(b, "<div class=\"errbox\" role=\"note\"><p><strong>Error</strong>");
    if (c->error) {
        const char *stage = tp__view_str(c->error, "stage"), *code = tp__view_str(c->error, "code");
        const char *msg = tp__view_str(c->error, "message");
        tp__buf_puts(b, " in stage <code>");
        tp__view_esc_clipped(b, stage ? stage : "?", 200, TP__VIEW_TEXT);
        tp__buf_puts(b, "</code>, code <code>");
        tp__view_esc_clipped(b, code ? code : "?", 200, TP__VIEW_TEXT);
        tp__buf_puts(b, "</code></p><p class=\"msg\">");
        tp__view_esc_clipped(b, msg ? msg : "", 4000, TP__VIEW_TEXT);
    } else {
        tp__buf_puts(b, ": an unreadable record</p><p class=\"msg\">");
        tp__view_esc_str(b, c->why, TP__VIEW_TEXT);
    }
    tp__buf_puts(b, "</p></div>\n</article>\n");
}

/* Why some spans are not drawn as they are. */
static void write_notes(tp__buf *b, const tp__view_rec *c, const tp__view_spans *d)
{
    if (!c->text)
        tp__buf_puts(b, "<p class=\"notes\">This record has no text (the configuration's output.text is false), "
                        "so its spans cannot be drawn.</p>\n");
    if (d->bad)
        tp__buf_printf(b,
                       "<p class=\"notes\">%zu span%s not drawn: offsets missing, reversed, inside a character "
                       "or past the end of the text.</p>\n",
                       d->bad, d->bad == 1 ? "" : "s");
    if (d->mismatched) {
        tp__buf_printf(b,
                       "<p class=\"notes\">%zu span%s (outlined) differ%s from the document at %s offsets: "
                       "were the records written with another --offsets unit?</p>\n",
                       d->mismatched, d->mismatched == 1 ? "" : "s", d->mismatched == 1 ? "s" : "",
                       d->mismatched == 1 ? "its" : "their");
    }
}

void tp__view_article(tp__view_out *out, const tp__view_index *x, size_t n, const tp__view_rec *c,
                      tp__offset_unit unit, tp__buf *tmp)
{
    const tp__view_docinfo *di = &x->docs[n - 1];
    tp__buf *b = &out->b;
    tp__buf_printf(b, "<article class=\"doc%s\" id=\"d%zu\" aria-labelledby=\"d%zu-h\" data-id=\"",
                   di->error ? " error" : "", n, n);
    if (c->id)
        tp__view_esc_clipped(b, c->id, TP__VIEW_ID_SHOWN_MAX, TP__VIEW_ATTR);
    tp__buf_putc(b, '"');
    if (c->error) {
        const char *code = tp__view_str(c->error, "code");
        tp__buf_puts(b, " data-error-code=\"");
        tp__view_esc_clipped(b, code ? code : "?", 80, TP__VIEW_ATTR);
        tp__buf_putc(b, '"');
    }
    tp__buf_printf(b, ">\n<h2 id=\"d%zu-h\"><span class=\"n\">%zu</span>%s</h2>\n", n, n, di->id);
    if (!c->j || c->error) {
        write_error(b, c);
        return;
    }
    tp__buf_puts(b, "<p class=\"docinfo\">");
    tp__view_counts(b, x, di, false);
    tp__buf_puts(b, "<span class=\"up\"> \xC2\xB7 <a href=\"#index\">index</a></span></p>\n");
    write_meta(b, c->meta, tmp);
    tp__view_spans d = {.n = n};
    if (c->text) {
        d.text = c->text->valuestring;
        d.len = strlen(d.text);
        tp__view_spans_collect(&d, c->ann, unit, x);
        write_summary(b, &d, c->ann);
    }
    write_notes(b, c, &d);
    if (c->text) {
        tp__buf_puts(b, "<div class=\"text\">");
        tp__view_spans_draw(out, &d, tmp);
        tp__buf_puts(b, "</div>\n");
    }
    tp__buf_puts(b, "</article>\n");
    tp__view_spans_free(&d);
}
