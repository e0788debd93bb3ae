/*
 * testwanted - test plugin: tells what tp_init_type_wanted() said at init
 * about the layer named by option `type`, as a "wanted" span [0, 0) with
 * int feature "is" on every document.
 */
#include <stdlib.h>

#include <textpipe/plugin.h>

typedef struct wanted {
    const char *type; /* bound option */
    int is;
    tp_type wanted;
    tp_feat feat;
} wanted;

static const tp_option_spec options[] = {
    {.name = "type",
     .type = TP_OPT_STRING,
     .required = 1,
     .help = "the layer asked about",
     .field = TP_OPT_FIELD(wanted, type)},
    {NULL},
};

static int wanted_init(tp_init *ini, void **state)
{
    wanted *w = calloc(1, sizeof *w);
    if (!w)
        return tp_init_fail(ini, "out of memory");
    tp_init_bind(ini, w);
    w->is = tp_init_type_wanted(ini, w->type);
    w->wanted = tp_init_type(ini, "wanted");
    w->feat = tp_init_feat(ini, "is");
    *state = w;
    return TP_OK;
}

static int wanted_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx;
    const wanted *w = state;
    size_t k = tp_doc_add_span(doc, w->wanted, 0, 0);
    tp_span_set_int(doc, w->wanted, k, w->feat, w->is);
    return TP_OK;
}

static void wanted_fini(void *state) { free(state); }

static const char *const produces[] = {"wanted", NULL};

static const tp_plugin testwanted = {
    TP_PLUGIN_DESCRIPTOR_HEAD, .name = "testwanted",
    .version = "1.0",          .summary = "reports tp_init_type_wanted() for a layer (tests)",
    .options = options,        .produces = produces,
    .init = wanted_init,       .process = wanted_process,
    .fini = wanted_fini,
};

TP_PLUGIN_DEFINE(testwanted)
