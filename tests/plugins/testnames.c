/*
 * testnames - test plugin: one span "names" over the whole text carrying
 * the features named by the option `feats` (each set to 1), in a layer
 * named by the option `type`.  For the checks on names the output could
 * not carry (bad UTF-8, "f" with "f.x", deep nesting).  Option `nan` adds
 * a feature "ratio" that is NaN.
 */
#include <math.h>
#include <stdlib.h>

#include <textpipe/plugin.h>

typedef struct names {
    tp_type type;
    tp_feat *feats;
    size_t nfeats;
    tp_feat ratio;
    int nan;
} names;

static const tp_option_spec options[] = {
    {.name = "type", .type = TP_OPT_STRING, .default_value = "names", .help = "layer name"},
    {.name = "feats", .type = TP_OPT_LIST, .help = "feature names, each set to 1"},
    {.name = "nan", .type = TP_OPT_BOOL, .default_value = "false", .help = "add ratio = NaN"},
    {NULL},
};

static int names_init(tp_init *ini, void **state)
{
    names *n = calloc(1, sizeof *n);
    if (!n)
        return tp_init_fail(ini, "out of memory");
    n->type = tp_init_type(ini, tp_opt_str(ini, "type"));
    n->nfeats = tp_opt_list_len(ini, "feats");
    n->feats = calloc(n->nfeats ? n->nfeats : 1, sizeof *n->feats);
    if (!n->feats) {
        free(n);
        return tp_init_fail(ini, "out of memory");
    }
    for (size_t i = 0; i < n->nfeats; i++) n->feats[i] = tp_init_feat(ini, tp_opt_list_item(ini, "feats", i));
    n->nan = tp_opt_bool(ini, "nan");
    n->ratio = tp_init_feat(ini, "ratio");
    *state = n;
    return TP_OK;
}

static int names_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx;
    const names *n = state;
    size_t len;
    tp_doc_text(doc, &len);
    size_t k = tp_doc_add_span(doc, n->type, 0, len);
    for (size_t i = 0; i < n->nfeats; i++) tp_span_set_int(doc, n->type, k, n->feats[i], 1);
    if (n->nan)
        tp_span_set_double(doc, n->type, k, n->ratio, NAN);
    return TP_OK;
}

static void names_fini(void *state)
{
    names *n = state;
    free(n->feats);
    free(n);
}

static const tp_plugin testnames = {
    TP_PLUGIN_DESCRIPTOR_HEAD, .name = "testnames",
    .version = "1.0",          .summary = "test plugin: features with configured names",
    .options = options,        .init = names_init,
    .process = names_process,  .fini = names_fini,
};
TP_PLUGIN_DEFINE(testnames)
