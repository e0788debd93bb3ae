/*
 * view/palette.h - the colours of labels and layers, and the standard
 * entity labels.
 *
 * Each colour is a pair: a background for the marked text and a darker
 * foreground for its tag or underline.  Each pair, and the page's text
 * colour #1a1a1a on each background, has a contrast above 4.5:1 (WCAG AA);
 * tests/e2e/view/check.py checks the style sheet, view_browser.sh what the
 * browser draws.  Colours are fixed strings, never from the data.
 */
#ifndef TP_VIEW_PALETTE_H
#define TP_VIEW_PALETTE_H

#include <stddef.h>

/* PER, ORG, LOC, MISC: the labels of the shipped NER, in this order; they
 * take the first label slots of every page, so their colours never move. */
#define TP__VIEW_NSTD_LABELS 4
extern const char *const tp__view_std_labels[TP__VIEW_NSTD_LABELS];
/* What each stands for, for people ("persons", …). */
extern const char *const tp__view_std_label_names[TP__VIEW_NSTD_LABELS];

typedef struct tp__view_colour {
    const char *bg, *fg; /* "#rrggbb" (static) */
} tp__view_colour;

/* The colour of entity label slot i: the standard labels their own, the
 * others the shared palette in turn. */
tp__view_colour tp__view_label_colour(size_t i);

/* The colour of other-layer slot i: the shared palette in turn. */
tp__view_colour tp__view_layer_colour(size_t i);

#endif
