/* view/tags.c - the element of one span (see tags.h). */
#include "autoconfig.h"

#include "view/tags.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "view/esc.h"
#include "view/palette.h"
#include "view/values.h"
#include "xalloc.h"

#define TITLE_MAX 2000 /* bytes of a hover text */

/* ---- Hover text ------------------------------------------------------------------ */

/* Every feature of o but those in `skip` (NULL-terminated, top level only),
 * one a line. */
static void features_text(tp__buf *b, const cJSON *o, const char *prefix, const char *const *skip)
{
    for (const cJSON *f = o->child; f; f = f->next) {
        if (!f->string || b->len > TITLE_MAX)
            continue;
        bool skipped = false;
        for (size_t i = 0; !*prefix && skip && skip[i]; i++) skipped |= strcmp(f->string, skip[i]) == 0;
        if (skipped)
            continue;
        const char *ref_layer = cJSON_IsObject(f) ? tp__view_str(f, "layer") : NULL;
        const cJSON *ref_index = cJSON_IsObject(f) ? cJSON_GetObjectItemCaseSensitive(f, "index") : NULL;
        if (cJSON_IsObject(f) && !(ref_layer && cJSON_IsNumber(ref_index) && cJSON_GetArraySize(f) == 2)) {
            char *p = tp__xasprintf("%s%s.", prefix, f->string);
            features_text(b, f, p, skip);
            free(p);
            continue;
        }
        tp__buf_printf(b, "\n%s%s: ", prefix, f->string);
        if (ref_layer) {
            tp__buf_printf(b, "\xE2\x86\x92 %s[", ref_layer);
            tp__view_put_num(b, ref_index->valuedouble);
            tp__buf_putc(b, ']');
        } else
            tp__view_value_text(b, f);
    }
}

/* "40,000,000,000 EUR", "5,000,000–10,000,000 USD": the value of a money
 * span or of its "converted" object. */
static void money_value(tp__buf *b, const cJSON *o)
{
    bool ha, hmin, hmax;
    double a = tp__view_num(o, "amount", &ha), lo = tp__view_num(o, "min", &hmin), hi = tp__view_num(o, "max", &hmax);
    if (ha)
        tp__view_put_amount(b, a);
    else if (hmin || hmax) {
        if (hmin)
            tp__view_put_amount(b, lo);
        tp__buf_puts(b, "\xE2\x80\x93");
        if (hmax)
            tp__view_put_amount(b, hi);
    } else
        tp__buf_puts(b, "?");
    if (tp__view_str(o, "currency")) {
        tp__buf_putc(b, ' ');
        tp__view_value_text(b, cJSON_GetObjectItemCaseSensitive(o, "currency"));
    }
}

/* data-norm: "about 40,000,000,000 USD ≈ 36,800,000,000 EUR". */
static void money_norm(tp__buf *b, const cJSON *o)
{
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "approximate")))
        tp__buf_puts(b, "about ");
    money_value(b, o);
    const cJSON *cv = cJSON_GetObjectItemCaseSensitive(o, "converted");
    if (cJSON_IsObject(cv)) {
        tp__buf_puts(b, " \xE2\x89\x88 ");
        money_value(b, cv);
    }
}

static void money_hover(tp__buf *b, const cJSON *o)
{
    bool has;
    tp__buf_puts(b, "money: ");
    money_value(b, o);
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "approximate")))
        tp__buf_puts(b, " (approximate)");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "currency_default")))
        tp__buf_puts(b, "\ncurrency from the configuration (the symbol alone is ambiguous)");
    const cJSON *cv = cJSON_GetObjectItemCaseSensitive(o, "converted");
    if (cJSON_IsObject(cv)) {
        tp__buf_puts(b, "\nconverted: ");
        money_value(b, cv);
        double rate = tp__view_num(cv, "rate", &has);
        if (has) {
            tp__buf_puts(b, " at ");
            tp__view_put_num(b, rate);
        }
        const char *date = tp__view_str(cv, "rate_date");
        if (date)
            tp__buf_printf(b, " (rate of %.40s)", date);
    }
}

/* The title of a span, unescaped. */
static void hover_text(tp__buf *b, const tp__view_span *s)
{
    static const char *const skip_common[] = {"start", "end", "text", NULL};
    static const char *const skip_ent[] = {"start", "end", "text", "label", "score", NULL};
    static const char *const skip_money[] = {"start",       "end",       "text",     "amount",
                                             "min",         "max",       "currency", "currency_default",
                                             "approximate", "converted", NULL};
    static const char *const skip_sum[] = {"start", "end", "text", "rank", NULL};
    bool has;
    switch (s->kind) {
    case TP__VIEW_ENT: {
        const char *l = tp__view_str(s->o, "label");
        tp__buf_printf(b, "entity %s", l ? l : "?");
        double sc = tp__view_num(s->o, "score", &has);
        if (has) {
            tp__buf_puts(b, ", score ");
            tp__view_put_num(b, sc);
        }
        features_text(b, s->o, "", skip_ent);
        break;
    }
    case TP__VIEW_MONEY:
        money_hover(b, s->o);
        features_text(b, s->o, "", skip_money);
        break;
    case TP__VIEW_SUM: {
        tp__buf_puts(b, "summary sentence");
        double rank = tp__view_num(s->o, "rank", &has);
        if (has) {
            tp__buf_puts(b, ", rank ");
            tp__view_put_num(b, rank);
        }
        features_text(b, s->o, "", skip_sum);
        break;
    }
    case TP__VIEW_SENT:
        tp__buf_printf(b, "sentence %u", (unsigned)s->idx + 1);
        features_text(b, s->o, "", skip_common);
        break;
    case TP__VIEW_TOKEN:
    case TP__VIEW_OTHER: {
        bool cut;
        tp__buf_append(b, s->layer, tp__view_clip(s->layer, strlen(s->layer), 100, &cut));
        tp__buf_printf(b, "[%u]", (unsigned)s->idx);
        features_text(b, s->o, "", skip_common);
        break;
    }
    }
    if (s->mismatch)
        tp__buf_puts(b, "\nthe span's text differs from the document at its offsets");
}

/* ---- Tags -------------------------------------------------------------------------- */

static bool is_mark(const tp__view_span *s) { return s->kind == TP__VIEW_ENT || s->kind == TP__VIEW_SUM; }

/* ` data-NAME="V"` for each of amount, min, max that o holds. */
static void amount_attrs(tp__buf *b, const cJSON *o, const char *prefix)
{
    static const char *const nums[] = {"amount", "min", "max"};
    bool has;
    for (size_t i = 0; i < 3; i++) {
        double v = tp__view_num(o, nums[i], &has);
        if (has) {
            tp__buf_printf(b, " data-%s%s=\"", prefix, nums[i]);
            tp__view_put_num(b, v);
            tp__buf_putc(b, '"');
        }
    }
}

/* The attributes of each kind, after data-span, data-cont and data-more. */
static void kind_attrs(tp__buf *b, tp__buf *tmp, size_t docn, const tp__view_span *s, bool cont)
{
    bool has;
    switch (s->kind) {
    case TP__VIEW_ENT: {
        const char *l = tp__view_str(s->o, "label");
        tp__buf_puts(b, " data-label=\"");
        tp__view_esc_clipped(b, l && *l ? l : "?", 100, TP__VIEW_ATTR);
        tp__buf_putc(b, '"');
        double sc = tp__view_num(s->o, "score", &has);
        if (has) {
            tp__buf_puts(b, " data-score=\"");
            tp__view_put_num(b, sc);
            tp__buf_putc(b, '"');
        }
        break;
    }
    case TP__VIEW_MONEY: {
        amount_attrs(b, s->o, "");
        const char *cur = tp__view_str(s->o, "currency");
        if (cur) {
            tp__buf_puts(b, " data-currency=\"");
            tp__view_esc_clipped(b, cur, 200, TP__VIEW_ATTR);
            tp__buf_putc(b, '"');
        }
        const cJSON *cv = cJSON_GetObjectItemCaseSensitive(s->o, "converted");
        if (cJSON_IsObject(cv)) {
            amount_attrs(b, cv, "converted-");
            const char *cc = tp__view_str(cv, "currency");
            if (cc) {
                tp__buf_puts(b, " data-converted-currency=\"");
                tp__view_esc_clipped(b, cc, 200, TP__VIEW_ATTR);
                tp__buf_putc(b, '"');
            }
        }
        tmp->len = 0;
        money_norm(tmp, s->o);
        tp__buf_puts(b, " data-norm=\"");
        tp__view_esc(b, tmp->data, tmp->len, TP__VIEW_ATTR);
        tp__buf_putc(b, '"');
        if (!cont)
            tp__buf_puts(b, " tabindex=\"0\"");
        break;
    }
    case TP__VIEW_SUM: {
        double rank = tp__view_num(s->o, "rank", &has);
        tp__buf_puts(b, " data-rank=\"");
        if (has)
            tp__view_put_num(b, rank);
        else
            tp__buf_putc(b, '?');
        tp__buf_putc(b, '"');
        if (!cont)
            tp__buf_printf(b, " id=\"d%zu-s%u\"", docn, (unsigned)s->idx + 1);
        break;
    }
    case TP__VIEW_SENT: tp__buf_printf(b, " data-n=\"%u\"", (unsigned)s->idx + 1); break;
    case TP__VIEW_TOKEN:
    case TP__VIEW_OTHER: break;
    }
}

void tp__view_open_tag(tp__buf *b, tp__buf *tmp, size_t docn, const tp__view_span *s, bool cont, bool more)
{
    tp__buf_puts(b, is_mark(s) ? "<mark class=\"" : "<span class=\"");
    switch (s->kind) {
    case TP__VIEW_ENT:
        tp__buf_printf(b, "ent e%u", (unsigned)s->cls);
        if (s->cls < TP__VIEW_NSTD_LABELS)
            tp__buf_printf(b, " ent-%s", tp__view_std_labels[s->cls]);
        break;
    case TP__VIEW_MONEY: tp__buf_puts(b, "money"); break;
    case TP__VIEW_SUM: tp__buf_puts(b, "sum"); break;
    case TP__VIEW_SENT: tp__buf_puts(b, s->idx % 2 ? "sent" : "sent odd"); break;
    case TP__VIEW_TOKEN:
    case TP__VIEW_OTHER: tp__buf_printf(b, "lay g%u", (unsigned)s->cls); break;
    }
    if (s->b == s->e)
        tp__buf_puts(b, " empty");
    if (s->mismatch)
        tp__buf_puts(b, " mismatch");
    tp__buf_puts(b, "\" data-layer=\"");
    tp__view_esc_clipped(b, s->layer, 200, TP__VIEW_ATTR);
    tp__buf_puts(b, "\" data-span=\"");
    tp__view_esc_clipped(b, s->layer, 200, TP__VIEW_ATTR);
    tp__buf_printf(b, ":%u\"", (unsigned)s->idx);
    if (cont)
        tp__buf_puts(b, " data-cont");
    if (more)
        tp__buf_puts(b, " data-more");
    kind_attrs(b, tmp, docn, s, cont);
    if (s->kind == TP__VIEW_SENT && !s->mismatch && cJSON_GetArraySize(s->o) <= 3) {
        tp__buf_putc(b, '>'); /* a plain sentence: its number is the marker, no tooltip */
        return;
    }
    tmp->len = 0;
    hover_text(tmp, s);
    bool cut;
    size_t n = tp__view_clip(tmp->data ? tmp->data : "", tmp->len, TITLE_MAX, &cut);
    tp__buf_puts(b, " title=\"");
    tp__view_esc(b, tmp->data, n, TP__VIEW_ATTR);
    if (cut)
        tp__buf_puts(b, "\xE2\x80\xA6");
    tp__buf_puts(b, "\">");
}

void tp__view_close_tag(tp__buf *b, const tp__view_span *s)
{
    tp__buf_puts(b, is_mark(s) ? "</mark>" : "</span>");
}
