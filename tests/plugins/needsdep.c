/*
 * needsdep - a plugin linked against a library that is missing at run time
 * (tests/e2e/loader_errors.sh builds it with $CC).  The loader must report
 * the dynamic linker's message, not "file not found".
 */
#include <textpipe/plugin.h>

int tp_test_gone(void); /* from libtpgone.so.1, absent when loaded */

static int nd_init(tp_init *ini, void **state)
{
    (void)ini;
    *state = NULL;
    return tp_test_gone();
}

static int nd_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)state, (void)doc, (void)ctx;
    return TP_OK;
}

static const tp_plugin needsdep = {
    TP_PLUGIN_DESCRIPTOR_HEAD,
    .name = "needsdep",
    .init = nd_init,
    .process = nd_process,
};

TP_PLUGIN_DEFINE(needsdep)
