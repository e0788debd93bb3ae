/* view/palette.c - colours of labels and layers (see palette.h). */
#include "autoconfig.h"

#include "view/palette.h"

#define NPALETTE 8

const char *const tp__view_std_labels[TP__VIEW_NSTD_LABELS] = {"PER", "ORG", "LOC", "MISC"};
const char *const tp__view_std_label_names[TP__VIEW_NSTD_LABELS] = {"persons", "organisations", "locations",
                                                                    "other names"};

static const tp__view_colour label_colours[TP__VIEW_NSTD_LABELS] = {
    {"#ffdde1", "#8a1530"}, {"#d9e8ff", "#17468f"}, {"#d5f2dc", "#1b5e31"}, {"#ece0ff", "#5a2a91"}};
static const tp__view_colour palette[NPALETTE] = {
    {"#ffe0c2", "#8a4200"}, {"#efe6d2", "#5f4a1c"}, {"#e6ecc4", "#4f5c00"}, {"#ffd9f2", "#8c1868"},
    {"#dde3ea", "#36475c"}, {"#f3dccf", "#7d3417"}, {"#e9e9e9", "#4a4a4a"}, {"#ccf5e0", "#145c40"}};

tp__view_colour tp__view_label_colour(size_t i)
{
    return i < TP__VIEW_NSTD_LABELS ? label_colours[i] : palette[(i - TP__VIEW_NSTD_LABELS) % NPALETTE];
}

tp__view_colour tp__view_layer_colour(size_t i) { return palette[i % NPALETTE]; }
