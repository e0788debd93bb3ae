/*
 * view/style.h - the page's style sheet.
 *
 * One sheet per page: the fixed rules (page.css), then for each entity
 * label and other layer of the batch its colour (view/palette.h) and the
 * rules that let its legend checkbox switch it on and off (CSS :has(), so
 * the switches work with scripts off), then the print rules (print.css).
 * The sheet holds nothing from the data: selectors are built from slot
 * numbers (.e3, .g0, #t-e3), never from names.
 */
#ifndef TP_VIEW_STYLE_H
#define TP_VIEW_STYLE_H

#include <stdbool.h>

#include "buf.h"
#include "view/index.h"

/* Appends the style sheet for the labels and layers of x to b.
 * `sentences`: sentence numbers shown when the page opens. */
void tp__view_style(tp__buf *b, const tp__view_index *x, bool sentences);

#endif
