/* view/layout.c - the frame of the page (see layout.h). */
#include "autoconfig.h"

#include "view/layout.h"

#include <stdio.h>
#include <string.h>

#include "digest.h"
#include "view/assets.h"
#include "view/esc.h"
#include "view/palette.h"
#include "view/style.h"

#define DOT " \xC2\xB7 "  /* · between counts */
#define NAME_SHOWN_MAX 24 /* bytes of a name from the data in a legend entry or column head */
#define ERRORS_LISTED 20  /* errors linked from the header */

/* ---- Head ---------------------------------------------------------------------- */

void tp__view_head(tp__buf *b, const tp__view_index *x, const char *title, bool sentences)
{
    tp__buf css = {0};
    tp__view_style(&css, x, sentences);
    char hcss[45], hjs[45];
    tp__sha256_base64(css.data, css.len, hcss);
    tp__sha256_base64(tp__view_page_js, strlen(tp__view_page_js), hjs);
    tp__buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    tp__buf_printf(b,
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'sha256-%s'; script-src 'sha256-%s'; base-uri 'none'; form-action 'none'\">\n",
                   hcss, hjs);
    tp__buf_puts(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"referrer\" content=\"no-referrer\">\n");
    tp__buf_puts(b, "<meta name=\"generator\" content=\"textpipe " PACKAGE_VERSION "\">\n<title>");
    tp__view_esc_clipped(b, title ? title : "textpipe", 200, TP__VIEW_TEXT);
    tp__buf_puts(b, "</title>\n<style>");
    tp__buf_append(b, css.data, css.len);
    tp__buf_puts(b, "</style>\n<script>");
    tp__buf_puts(b, tp__view_page_js);
    tp__buf_puts(b, "</script>\n</head>\n");
    tp__buf_free(&css);
}

/* ---- Counts ---------------------------------------------------------------------- */

static void plural(tp__buf *b, uint32_t n, const char *one, const char *many)
{
    tp__buf_printf(b, "%u %s", (unsigned)n, n == 1 ? one : many);
}

void tp__view_counts(tp__buf *b, const tp__view_index *x, const tp__view_docinfo *d, bool sep)
{
    if (tp__view_index_seen(x, TP__VIEW_KEY_SENT)) {
        tp__buf_puts(b, sep ? DOT : "");
        plural(b, tp__view_index_count(x, d, TP__VIEW_KEY_SENT), "sentence", "sentences");
        sep = true;
    }
    if (tp__view_index_seen(x, TP__VIEW_KEY_ENT)) {
        uint32_t nent = tp__view_index_count(x, d, TP__VIEW_KEY_ENT);
        tp__buf_puts(b, sep ? DOT : "");
        plural(b, nent, "entity", "entities");
        sep = true;
        const char *open = " (";
        for (size_t i = 0; nent && i <= x->labels.n && i <= TP__VIEW_MAX_NAMES; i++) {
            uint32_t n = tp__view_index_count(x, d, TP__VIEW_KEY_LABEL(i));
            if (!n)
                continue;
            tp__buf_puts(b, open);
            tp__view_esc_str(b, tp__view_label_name(x, i), TP__VIEW_TEXT);
            tp__buf_printf(b, " %u", (unsigned)n);
            open = ", ";
        }
        if (*open == ',')
            tp__buf_putc(b, ')');
    }
    if (tp__view_index_seen(x, TP__VIEW_KEY_MONEY)) {
        tp__buf_puts(b, sep ? DOT : "");
        plural(b, tp__view_index_count(x, d, TP__VIEW_KEY_MONEY), "money amount", "money amounts");
        sep = true;
    }
    if (tp__view_index_seen(x, TP__VIEW_KEY_SUM)) {
        tp__buf_puts(b, sep ? DOT : "");
        plural(b, tp__view_index_count(x, d, TP__VIEW_KEY_SUM), "summary sentence", "summary sentences");
        sep = true;
    }
    for (size_t i = 0; i <= x->layers.n && i <= TP__VIEW_MAX_NAMES; i++) {
        uint32_t n = tp__view_index_count(x, d, TP__VIEW_KEY_LAYER(i));
        if (!n)
            continue;
        tp__buf_puts(b, sep ? DOT : "");
        tp__view_esc_str(b, tp__view_layer_name(x, i), TP__VIEW_TEXT);
        tp__buf_printf(b, " %u", (unsigned)n);
        sep = true;
    }
}

/* ---- Header and legend ----------------------------------------------------------- */

static size_t npages(size_t ndocs, size_t page_size) { return ndocs ? (ndocs - 1) / page_size + 1 : 1; }

/* A legend entry: the checkbox #id and its swatch; `hint` is ours, `text`
 * from the data. */
static void legend_item(tp__buf *b, const char *id, bool checked, const char *sw_class, const char *text,
                        const char *hint)
{
    tp__buf_printf(b, "<label title=\"%s: ", hint);
    tp__view_esc_clipped(b, text, 200, TP__VIEW_ATTR);
    tp__buf_printf(b, "\"><input type=\"checkbox\" id=\"%s\"%s><span class=\"sw %s\">", id,
                   checked ? " checked" : "", sw_class);
    tp__view_esc_clipped(b, text, NAME_SHOWN_MAX, TP__VIEW_TEXT);
    tp__buf_puts(b, "</span></label>\n");
}

/* Each entry switches its layer on or off; the shared slots only when used. */
static void legend(tp__buf *b, const tp__view_index *x, bool sentences)
{
    tp__buf_puts(b, "<div class=\"legend\" role=\"group\" aria-label=\"Layers shown\">\n"
                    "<span class=\"group\">Entities</span>\n");
    char id[32], cls[32], hint[64];
    for (size_t i = 0; i <= x->labels.n; i++) {
        if (i == x->labels.n &&
            (i < TP__VIEW_MAX_NAMES || !tp__view_index_count(x, NULL, TP__VIEW_KEY_LABEL(TP__VIEW_MAX_NAMES))))
            break;
        snprintf(id, sizeof id, "t-e%zu", i);
        snprintf(cls, sizeof cls, "sw-e%zu", i);
        snprintf(hint, sizeof hint, "%s", i < TP__VIEW_NSTD_LABELS ? tp__view_std_label_names[i] : "entity label");
        legend_item(b, id, true, cls, tp__view_label_name(x, i), hint);
    }
    tp__buf_puts(b, "<span class=\"group\">Layers</span>\n");
    legend_item(b, "t-money", true, "sw-money", "money", "money amounts: hover for the value");
    legend_item(b, "t-sum", true, "sw-sum", "summary", "summary sentences, with their rank");
    legend_item(b, "t-sent", sentences, "sw-sent", "sentence boundaries", "numbered sentence starts");
    for (size_t i = 0; i <= x->layers.n; i++) {
        if (i == x->layers.n &&
            (i < TP__VIEW_MAX_NAMES || !tp__view_index_count(x, NULL, TP__VIEW_KEY_LAYER(TP__VIEW_MAX_NAMES))))
            break;
        snprintf(id, sizeof id, "t-g%zu", i);
        snprintf(cls, sizeof cls, "sw-g%zu", i);
        bool token = i < x->layers.n && strcmp(x->layers.v[i], "token") == 0;
        legend_item(b, id, !token, cls, tp__view_layer_name(x, i),
                    "a layer added by a plugin: hover for its features");
    }
    tp__buf_puts(b, "</div>\n");
}

void tp__view_header(tp__buf *b, const tp__view_index *x, const char *title, bool sentences, size_t page_size)
{
    tp__buf_puts(b, "<body>\n<header class=\"top\">\n<h1>");
    tp__view_esc_clipped(b, title ? title : "textpipe", 200, TP__VIEW_TEXT);
    tp__buf_puts(b, "</h1>\n<p class=\"totals\">");
    plural(b, (uint32_t)x->ndocs, "document", "documents");
    tp__buf_puts(b, DOT);
    plural(b, (uint32_t)x->nerrors, "error", "errors");
    tp__view_counts(b, x, NULL, true);
    tp__buf_puts(b, "</p>\n");
    if (x->nerrors) {
        tp__buf_puts(b, "<p class=\"errlist\">Errors: ");
        size_t shown = 0;
        for (size_t i = 0; i < x->ndocs && shown < ERRORS_LISTED; i++)
            if (x->docs[i].error) {
                tp__buf_printf(b, "%s<a href=\"#d%zu\">%s</a>", shown ? ", " : "", i + 1, x->docs[i].id);
                shown++;
            }
        if (x->nerrors > shown)
            tp__buf_printf(b, " and %zu more (see the index)", x->nerrors - shown);
        tp__buf_puts(b, "</p>\n");
    }
    legend(b, x, sentences);
    size_t np = npages(x->ndocs, page_size);
    if (np > 1) {
        tp__buf_puts(b, "<nav class=\"pager\" id=\"pager\" aria-label=\"Pages\">Pages:");
        for (size_t p = 1; p <= np; p++)
            tp__buf_printf(b, " <a href=\"#page-%zu\" data-page=\"%zu\">%zu</a>", p, p, p);
        tp__buf_puts(b, "</nav>\n");
    }
    tp__buf_puts(b, "</header>\n<main>\n");
}

/* ---- The index table --------------------------------------------------------------- */

/* The columns after # and id: sentences, each label, money, summary, each
 * other layer - those the batch holds. */
static size_t index_columns(const tp__view_index *x, uint32_t *keys)
{
    size_t k = 0;
    if (tp__view_index_seen(x, TP__VIEW_KEY_SENT))
        keys[k++] = TP__VIEW_KEY_SENT;
    if (tp__view_index_seen(x, TP__VIEW_KEY_ENT)) {
        for (size_t i = 0; i < x->labels.n; i++) keys[k++] = TP__VIEW_KEY_LABEL(i);
        if (tp__view_index_count(x, NULL, TP__VIEW_KEY_LABEL(TP__VIEW_MAX_NAMES)))
            keys[k++] = TP__VIEW_KEY_LABEL(TP__VIEW_MAX_NAMES);
    }
    if (tp__view_index_seen(x, TP__VIEW_KEY_MONEY))
        keys[k++] = TP__VIEW_KEY_MONEY;
    if (tp__view_index_seen(x, TP__VIEW_KEY_SUM))
        keys[k++] = TP__VIEW_KEY_SUM;
    for (size_t i = 0; i < x->layers.n; i++) keys[k++] = TP__VIEW_KEY_LAYER(i);
    if (tp__view_index_count(x, NULL, TP__VIEW_KEY_LAYER(TP__VIEW_MAX_NAMES)))
        keys[k++] = TP__VIEW_KEY_LAYER(TP__VIEW_MAX_NAMES);
    return k;
}

/* A name from the data in a narrow place: a few bytes shown, more on hover. */
static void clipped_name(tp__buf *b, const char *name)
{
    tp__buf_puts(b, "<span title=\"");
    tp__view_esc_clipped(b, name, 200, TP__VIEW_ATTR);
    tp__buf_puts(b, "\">");
    tp__view_esc_clipped(b, name, NAME_SHOWN_MAX, TP__VIEW_TEXT);
    tp__buf_puts(b, "</span>");
}

static void column_name(tp__buf *b, const tp__view_index *x, uint32_t key)
{
    if (key == TP__VIEW_KEY_SENT)
        tp__buf_puts(b, "sentences");
    else if (key == TP__VIEW_KEY_MONEY)
        tp__buf_puts(b, "money");
    else if (key == TP__VIEW_KEY_SUM)
        tp__buf_puts(b, "summary");
    else if (key >= TP__VIEW_KEY_LAYER(0))
        clipped_name(b, tp__view_layer_name(x, key - TP__VIEW_KEY_LAYER(0)));
    else {
        size_t i = key - TP__VIEW_KEY_LABEL(0);
        if (i < TP__VIEW_NSTD_LABELS && i < x->labels.n)
            tp__buf_printf(b, "<abbr title=\"%s\">%s</abbr>", tp__view_std_label_names[i], tp__view_std_labels[i]);
        else if (i < TP__VIEW_NSTD_LABELS)
            tp__buf_puts(b, tp__view_std_labels[i]);
        else
            clipped_name(b, tp__view_label_name(x, i));
    }
}

void tp__view_index_table(tp__view_out *out, const tp__view_index *x, size_t page_size)
{
    tp__buf *b = &out->b;
    uint32_t keys[2 * TP__VIEW_MAX_NAMES + 16];
    size_t nk = index_columns(x, keys);
    tp__buf_puts(b, "<div class=\"wide\"><table class=\"index\" id=\"index\">\n<caption>Documents</caption>\n"
                    "<thead><tr><th scope=\"col\">#</th><th scope=\"col\" class=\"id\">id</th>");
    for (size_t k = 0; k < nk; k++) {
        tp__buf_puts(b, "<th scope=\"col\">");
        column_name(b, x, keys[k]);
        tp__buf_puts(b, "</th>");
    }
    tp__buf_puts(b, "<th scope=\"col\" class=\"st\">status</th></tr></thead>\n");
    for (size_t i = 0; i < x->ndocs; i++) {
        const tp__view_docinfo *d = &x->docs[i];
        if (i % page_size == 0)
            tp__buf_printf(b, "%s<tbody data-page=\"%zu\">\n", i ? "</tbody>\n" : "", i / page_size + 1);
        tp__buf_printf(b, "<tr%s><td>%zu</td><td class=\"id\"><a href=\"#d%zu\">%s</a></td>",
                       d->error ? " class=\"err\"" : "", i + 1, i + 1, d->id);
        for (size_t k = 0; k < nk; k++) {
            if (d->error)
                tp__buf_puts(b, "<td>\xE2\x80\x93</td>");
            else
                tp__buf_printf(b, "<td>%u</td>", (unsigned)tp__view_index_count(x, d, keys[k]));
        }
        if (d->error)
            tp__buf_printf(b, "<td class=\"st\">error (%s)</td></tr>\n", d->error);
        else
            tp__buf_puts(b, "<td class=\"st\">ok</td></tr>\n");
        tp__view_out_maybe_flush(out);
    }
    if (x->ndocs)
        tp__buf_puts(b, "</tbody>\n");
    tp__buf_puts(b, "<tfoot><tr><th scope=\"row\" colspan=\"2\">total</th>");
    for (size_t k = 0; k < nk; k++)
        tp__buf_printf(b, "<th>%u</th>", (unsigned)tp__view_index_count(x, NULL, keys[k]));
    tp__buf_printf(b, "<th class=\"st\">%zu ok, %zu failed</th></tr></tfoot>\n</table></div>\n",
                   x->ndocs - x->nerrors, x->nerrors);
}

/* ---- Page sections --------------------------------------------------------------- */

void tp__view_page_break(tp__buf *b, size_t k, size_t ndocs, size_t page_size)
{
    if (k % page_size != 0)
        return;
    size_t page = k / page_size + 1, last = k + page_size < ndocs ? k + page_size : ndocs;
    tp__buf_printf(b,
                   "%s<section class=\"page\" id=\"page-%zu\" data-page=\"%zu\" "
                   "aria-label=\"Page %zu: documents %zu to %zu\">\n",
                   k ? "</section>\n" : "", page, page, page, k + 1, last);
}

void tp__view_foot(tp__buf *b, size_t ndocs)
{
    if (ndocs)
        tp__buf_puts(b, "</section>\n");
    else
        tp__buf_puts(b, "<p>No records.</p>\n");
    tp__buf_puts(b, "</main>\n</body>\n</html>\n");
}
