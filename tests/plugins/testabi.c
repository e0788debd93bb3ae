/*
 * testabi - test plugin built for a plugin ABI major the core does not
 * have: the loader must refuse it, naming both versions.
 */
#include <textpipe/plugin.h>

static int abi_init(tp_init *ini, void **state)
{
    (void)ini;
    *state = NULL;
    return TP_OK;
}

static int abi_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)state, (void)doc, (void)ctx;
    return TP_OK;
}

static const tp_plugin testabi = {
    .abi_major = TP_ABI_MAJOR + 1,
    .abi_minor = 0,
    .struct_size = sizeof(tp_plugin),
    .name = "testabi",
    .version = "9.0",
    .init = abi_init,
    .process = abi_process,
};

TP_PLUGIN_DEFINE(testabi)
