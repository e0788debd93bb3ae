/* view/style.c - the page's style sheet (see style.h). */
#include "autoconfig.h"

#include "view/style.h"

#include <stdio.h>
#include <string.h>

#include "view/assets.h"
#include "view/palette.h"

/* One rule; `on` is "" for a rule that always applies, else the condition
 * (a body:has() prefix) under which it does. */
static void rule(tp__buf *b, const char *on, const char *sel, const char *decls)
{
    tp__buf_printf(b, "%s%s{%s}\n", on, sel, decls);
}

/* The rules of a layer that its checkbox #toggle switches.  Shown by
 * default (default_on): the `shown` rules always apply and the `off` rules,
 * which undo them, apply once the box is unchecked.  Hidden by default:
 * the `shown` rules apply only while the box is checked.  Both lists are
 * selector, declarations, selector, … */
static void toggled(tp__buf *b, const char *toggle, bool default_on, const char *const *shown, size_t nshown,
                    const char *const *off, size_t noff)
{
    char on[64], offc[64];
    snprintf(on, sizeof on, "body:has(#%s:checked) ", toggle);
    snprintf(offc, sizeof offc, "body:has(#%s:not(:checked)) ", toggle);
    for (size_t i = 0; i + 1 < nshown; i += 2) rule(b, default_on ? "" : on, shown[i], shown[i + 1]);
    if (default_on)
        for (size_t i = 0; i + 1 < noff; i += 2) rule(b, offc, off[i], off[i + 1]);
}

/* Entity label slots .e0 … (and the shared slot when in use): a background,
 * the label tag's colour, a switch. */
static void label_rules(tp__buf *b, const tp__view_index *x)
{
    char sel[64], sel2[64], decl[160], tg[32];
    for (size_t i = 0; i <= x->labels.n && i <= TP__VIEW_MAX_NAMES; i++) {
        tp__view_colour c = tp__view_label_colour(i);
        snprintf(sel, sizeof sel, ".e%zu,.sw-e%zu", i, i);
        snprintf(decl, sizeof decl, "background:%s", c.bg);
        rule(b, "", sel, decl);
        snprintf(sel, sizeof sel, ".e%zu::after", i);
        snprintf(decl, sizeof decl, "color:%s", c.fg);
        rule(b, "", sel, decl);
        snprintf(tg, sizeof tg, "t-e%zu", i);
        snprintf(sel, sizeof sel, ".e%zu", i);
        snprintf(sel2, sizeof sel2, ".e%zu::after", i);
        const char *off[] = {sel, "background:transparent", sel2, "content:none"};
        toggled(b, tg, true, NULL, 0, off, 4);
    }
}

/* The layers every page knows: money, summary, sentences. */
static void known_layer_rules(tp__buf *b, bool sentences)
{
    tp__buf_puts(b, ".sw-money{background:#cdeff0;border-bottom:2px solid #00585c}\n"
                    ".sw-sum{background:#fff0a6}\n");
    static const char *const money_on[] = {".money", "background:#cdeff0;border-bottom:2px solid #00585c"};
    static const char *const money_off[] = {".money", "background:transparent;border-bottom:0", ".money::after",
                                            "content:none"};
    toggled(b, "t-money", true, money_on, 2, money_off, 4);
    static const char *const sum_on[] = {
        ".sum", "background:#fff0a6", ".sum:not([data-cont])::before",
        ("content:\"S\" attr(data-rank);font-size:.68em;font-weight:700;color:#6b5200;margin-right:.25em;"
         "vertical-align:.1em")};
    static const char *const sum_off[] = {".sum", "background:transparent", ".sum::before", "content:none"};
    toggled(b, "t-sum", true, sum_on, 4, sum_off, 4);
    static const char *const sent_on[] = {
        ".sent:not([data-cont])::before",
        ("content:attr(data-n);display:inline-block;font-size:.65em;line-height:1.4;padding:0 .35em;"
         "margin:0 .2em 0 .1em;border-radius:.6em;background:#e8e8e8;color:#3d3d3d;vertical-align:.15em;"
         "font-weight:700"),
        ".sent.odd", "box-shadow:inset 0 -1px 0 #8a8a8a"};
    static const char *const sent_off[] = {".sent::before", "content:none", ".sent.odd", "box-shadow:none"};
    toggled(b, "t-sent", sentences, sent_on, 4, sent_off, 4);
    tp__buf_puts(b, ".sw-sent::before{content:\"1\";display:inline-block;font-size:.75em;padding:0 .35em;"
                    "margin-right:.3em;border-radius:.6em;background:#e8e8e8;color:#3d3d3d;font-weight:700}\n");
}

/* Other layer slots .g0 … (and the shared slot): an underline, a switch;
 * a layer named "token" is hidden when the page opens (one mark per word
 * would hide everything else). */
static void other_layer_rules(tp__buf *b, const tp__view_index *x)
{
    char sel[64], sel2[64], decl[160], tg[32];
    for (size_t i = 0; i <= x->layers.n && i <= TP__VIEW_MAX_NAMES; i++) {
        tp__view_colour c = tp__view_layer_colour(i);
        snprintf(sel, sizeof sel, ".sw-g%zu", i);
        snprintf(decl, sizeof decl, "background:%s;border-bottom:2px solid %s", c.bg, c.fg);
        rule(b, "", sel, decl);
        snprintf(sel2, sizeof sel2, ".g%zu", i);
        snprintf(tg, sizeof tg, "t-g%zu", i);
        const char *shown[] = {sel2, decl};
        const char *off[] = {sel2, "background:transparent;border-bottom:0"};
        bool is_token = i < x->layers.n && strcmp(x->layers.v[i], "token") == 0;
        toggled(b, tg, !is_token, shown, 2, off, 2);
    }
}

void tp__view_style(tp__buf *b, const tp__view_index *x, bool sentences)
{
    tp__buf_puts(b, tp__view_page_css);
    label_rules(b, x);
    known_layer_rules(b, sentences);
    other_layer_rules(b, x);
    tp__buf_puts(b, tp__view_print_css);
}
