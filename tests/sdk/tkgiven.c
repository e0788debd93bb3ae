/*
 * tkgiven - test plugin for the testkit: reads an optional "given" layer
 * (which a test builds by hand with tpk_doc_add_span()) and copies each
 * span, with its "label" feature, into a "seen" layer with a "count"
 * feature holding how many given spans the document had.
 */
#include <stdint.h>
#include <stdlib.h>

#include <textpipe/plugin.h>

typedef struct given {
    tp_type given, seen;
    tp_feat label, count;
} given;

static int given_init(tp_init *ini, void **state)
{
    given *g = malloc(sizeof *g);
    if (!g)
        return tp_init_fail(ini, "out of memory");
    g->given = tp_init_type(ini, "given");
    g->seen = tp_init_type(ini, "seen");
    g->label = tp_init_feat(ini, "label");
    g->count = tp_init_feat(ini, "count");
    *state = g;
    return TP_OK;
}

static int given_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx;
    const given *g = state;
    size_t n;
    const tp_span *sp = tp_doc_spans(doc, g->given, &n);
    for (size_t i = 0; i < n; i++) {
        /* Read before adding: adding to "seen" does not move "given". */
        size_t len;
        const char *label = tp_span_get_str(&sp[i], g->label, &len);
        size_t k = tp_doc_add_span(doc, g->seen, sp[i].begin, sp[i].end);
        tp_span_set_int(doc, g->seen, k, g->count, (int64_t)n);
        if (label)
            tp_span_set_str(doc, g->seen, k, g->label, label, len);
    }
    return TP_OK;
}

static void given_fini(void *state) { free(state); }

static const char *const optional[] = {"given", NULL};
static const char *const produces[] = {"seen", NULL};

static const tp_plugin tkgiven = {
    TP_PLUGIN_DESCRIPTOR_HEAD,
    .name = "tkgiven",
    .version = "1.0",
    .summary = "test plugin: copies the optional given layer",
    .consumes_optional = optional,
    .produces = produces,
    .init = given_init,
    .process = given_process,
    .fini = given_fini,
};

TP_PLUGIN_DEFINE(tkgiven)
