/*
 * bindbad - test plugin whose table binds a string option to an int64_t
 * field (written by hand: TP_OPT_FIELD would not compile it).  The loader
 * must refuse it before init(), naming the option.
 */
#include <stddef.h>
#include <stdint.h>

#include <textpipe/plugin.h>

typedef struct bad {
    int64_t n;
} bad;

static const tp_option_spec options[] = {
    {.name = "name",
     .type = TP_OPT_STRING,
     .help = "bound to the wrong type",
     .field = ((offsetof(bad, n) + 1) << 4) | TP__FIELD_I64},
    {NULL},
};

static int bad_init(tp_init *ini, void **state)
{
    *state = NULL;
    return tp_init_fail(ini, "init() must not run");
}

static int bad_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)state, (void)doc, (void)ctx;
    return TP_OK;
}

static const tp_plugin bindbad = {
    TP_PLUGIN_DESCRIPTOR_HEAD, .name = "bindbad", .version = "1.0",
    .options = options,        .init = bad_init,  .process = bad_process,
};

TP_PLUGIN_DEFINE(bindbad)
