/*
 * abi_newer - test plugin that claims a minor ABI newer than the core's
 * (as if built against a later textpipe SDK): the loader must refuse it,
 * naming both versions and saying to upgrade textpipe.
 */
#include <textpipe/plugin.h>

static int newer_init(tp_init *ini, void **state)
{
    (void)ini;
    *state = NULL;
    return TP_OK;
}

static int newer_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)state, (void)doc, (void)ctx;
    return TP_OK;
}

static const tp_plugin abi_newer = {
    .abi_major = TP_ABI_MAJOR,
    .abi_minor = TP_ABI_MINOR + 1,
    .struct_size = sizeof(tp_plugin),
    .name = "abi_newer",
    .version = "1.0",
    .init = newer_init,
    .process = newer_process,
};

TP_PLUGIN_DEFINE(abi_newer)
