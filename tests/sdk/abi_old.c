/*
 * abi_old - test plugin built the way a plugin compiled against an older
 * minor of the current ABI major looks to the core: abi_minor 0 and the
 * descriptor size of ABI 1.0 (the struct ends after `train`).  It must load
 * and run.
 *
 * The core is at 1.1: this file keeps describing a 1.0 plugin (its
 * struct_size stays the 1.0 size), and the test checks that it loads and
 * runs and that the core reads nothing 1.1 added from it.
 */
#include <stddef.h>
#include <stdint.h>

#include <textpipe/plugin.h>

/* sizeof(tp_plugin) as ABI 1.0 defined it: everything up to `train`. */
#define ABI_1_0_SIZE (offsetof(tp_plugin, train) + sizeof(((tp_plugin *)0)->train))
_Static_assert(TP_ABI_MAJOR != 1 || TP_ABI_MINOR != 0 || ABI_1_0_SIZE == sizeof(tp_plugin),
               "at ABI 1.0 the 1.0 descriptor is the whole descriptor");

static tp_type mark;
static tp_feat feat_n;
static int64_t n;

/* In 1.0 the last two pointers of an entry were reserved.  A 1.0 plugin
 * should leave them zero; this one does not, and the core, which reads the
 * first as a bound field from 1.1 on, must ignore it here. */
static const tp_option_spec options[] = {
    {.name = "n", .type = TP_OPT_INT, .default_value = "3", .help = "read with tp_opt_int()", .field = 7},
    {NULL},
};

static int old_init(tp_init *ini, void **state)
{
    mark = tp_init_type(ini, "old");
    feat_n = tp_init_feat(ini, "n");
    n = tp_opt_int(ini, "n");
    *state = NULL;
    return TP_OK;
}

static int old_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)state, (void)ctx;
    size_t len;
    tp_doc_text(doc, &len);
    size_t i = tp_doc_add_span(doc, mark, 0, len);
    tp_span_set_int(doc, mark, i, feat_n, n);
    return TP_OK;
}

static const char *const produces[] = {"old", NULL};

/* Not TP_PLUGIN_DESCRIPTOR_HEAD: the point is to pin the older values. */
static const tp_plugin abi_old = {
    .abi_major = 1,
    .abi_minor = 0,
    .struct_size = (uint32_t)ABI_1_0_SIZE,
    .name = "abi_old",
    .version = "1.0",
    .summary = "test plugin: descriptor of ABI 1.0",
    .options = options,
    .produces = produces,
    .init = old_init,
    .process = old_process,
};

TP_PLUGIN_DEFINE(abi_old)
