/*
 * bindall - test plugin whose options all bind to fields of its state
 * (ABI 1.1): one of each pairing plugin.h lists.  process() writes what
 * init() found in the fields as features of one span, so tests/sdk/bind.sh
 * sees the config's values, the defaults and the unset options arrive.
 */
#include <stdlib.h>

#include <textpipe/plugin.h>

typedef struct bindall {
    tp_type layer;
    tp_feat f_label, f_mode, f_count, f_small, f_size, f_ratio, f_loud, f_nwords, f_first, f_note, f_path;
    const char *label;
    int mode; /* index in "plain|fancy|wild" */
    int64_t count;
    int small;
    size_t size;
    double ratio;
    int loud;
    tp_opt_list words;
    const char *note; /* no default */
    const char *path;
} bindall;

static const tp_option_spec options[] = {
    {.name = "label",
     .type = TP_OPT_STRING,
     .default_value = "hello",
     .help = "a string",
     .field = TP_OPT_FIELD(bindall, label)},
    {.name = "mode",
     .type = TP_OPT_STRING,
     .default_value = "fancy",
     .choices = "plain|fancy|wild",
     .help = "a choice, as its index",
     .field = TP_OPT_FIELD(bindall, mode)},
    {.name = "count", .type = TP_OPT_INT, .default_value = "7", .help = "an int64_t", .field = TP_OPT_FIELD(bindall, count)},
    {.name = "small",
     .type = TP_OPT_INT,
     .default_value = "-3",
     .min = -10,
     .max = 10,
     .help = "an int",
     .field = TP_OPT_FIELD(bindall, small)},
    {.name = "size",
     .type = TP_OPT_INT,
     .default_value = "4",
     .min = 0,
     .max = 100,
     .help = "a size_t",
     .field = TP_OPT_FIELD(bindall, size)},
    {.name = "ratio",
     .type = TP_OPT_DOUBLE,
     .default_value = "0.25",
     .help = "a double",
     .field = TP_OPT_FIELD(bindall, ratio)},
    {.name = "loud",
     .type = TP_OPT_BOOL,
     .default_value = "false",
     .help = "an int 0/1",
     .field = TP_OPT_FIELD(bindall, loud)},
    {.name = "words",
     .type = TP_OPT_LIST,
     .default_value = "[\"a\", \"b\"]",
     .help = "a list",
     .field = TP_OPT_FIELD(bindall, words)},
    {.name = "note", .type = TP_OPT_STRING, .help = "unset: NULL", .field = TP_OPT_FIELD(bindall, note)},
    {.name = "path",
     .type = TP_OPT_STRING,
     .default_value = "x.txt",
     .help = "resolved by tp_init_path",
     .field = TP_OPT_FIELD(bindall, path)},
    {NULL},
};

static int bindall_init(tp_init *ini, void **state)
{
    bindall *b = calloc(1, sizeof *b);
    if (!b)
        return tp_init_fail(ini, "out of memory");
    tp_init_bind(ini, b);
    /* A bound path resolves like one from tp_opt_str(); the result lives
     * only during init(), so only whether it changed is kept. */
    b->path = tp_init_path(ini, b->path) != b->path ? "resolved" : "as given";
    if (b->label && b->label[0] == '!')
        tp_init_bind(ini, NULL); /* a plugin bug, which init() does not notice */
    b->layer = tp_init_type(ini, "bound");
    b->f_label = tp_init_feat(ini, "label");
    b->f_mode = tp_init_feat(ini, "mode");
    b->f_count = tp_init_feat(ini, "count");
    b->f_small = tp_init_feat(ini, "small");
    b->f_size = tp_init_feat(ini, "size");
    b->f_ratio = tp_init_feat(ini, "ratio");
    b->f_loud = tp_init_feat(ini, "loud");
    b->f_nwords = tp_init_feat(ini, "nwords");
    b->f_first = tp_init_feat(ini, "first_word");
    b->f_note = tp_init_feat(ini, "note");
    b->f_path = tp_init_feat(ini, "path");
    *state = b;
    return TP_OK;
}

static int bindall_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx;
    const bindall *b = state;
    size_t i = tp_doc_add_span(doc, b->layer, 0, 0);
    tp_span_set_static_str(doc, b->layer, i, b->f_label, b->label);
    tp_span_set_int(doc, b->layer, i, b->f_mode, b->mode);
    tp_span_set_int(doc, b->layer, i, b->f_count, b->count);
    tp_span_set_int(doc, b->layer, i, b->f_small, b->small);
    tp_span_set_int(doc, b->layer, i, b->f_size, (int64_t)b->size);
    tp_span_set_double(doc, b->layer, i, b->f_ratio, b->ratio);
    tp_span_set_bool(doc, b->layer, i, b->f_loud, b->loud);
    tp_span_set_int(doc, b->layer, i, b->f_nwords, (int64_t)b->words.n);
    if (b->words.n)
        tp_span_set_static_str(doc, b->layer, i, b->f_first, b->words.items[0]);
    tp_span_set_static_str(doc, b->layer, i, b->f_note, b->note ? b->note : "(null)");
    tp_span_set_static_str(doc, b->layer, i, b->f_path, b->path);
    return TP_OK;
}

static void bindall_fini(void *state) { free(state); }

static const char *const produces[] = {"bound", NULL};

static const tp_plugin bindall_plugin = {
    TP_PLUGIN_DESCRIPTOR_HEAD, .name = "bindall",
    .version = "1.0",          .summary = "test plugin: every option bound to a field",
    .options = options,        .produces = produces,
    .init = bindall_init,      .process = bindall_process,
    .fini = bindall_fini,
};

TP_PLUGIN_DEFINE(bindall_plugin)
