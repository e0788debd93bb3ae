/*
 * noop - a stage that does nothing: measures the core's own cost (make bench).
 */
#include <textpipe/plugin.h>

static int noop_init(tp_init *ini, void **state)
{
    (void)ini;
    *state = NULL;
    return TP_OK;
}

static int noop_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)state, (void)doc, (void)ctx;
    return TP_OK;
}

static const tp_plugin noop = {
    TP_PLUGIN_DESCRIPTOR_HEAD, .name = "noop",
    .version = "1.0",          .summary = "does nothing (benchmarks the core)",
    .init = noop_init,         .process = noop_process,
};

TP_PLUGIN_DEFINE(noop)
