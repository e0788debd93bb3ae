/*
 * testfail - test plugin: fails on purpose.
 *
 * A document containing FAILME fails through tp_fail(); one containing
 * BADSPAN gets a span outside the text (refused by the core); with option
 * init_error set, init fails with that message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <textpipe/plugin.h>

static tp_type mark;

static const tp_option_spec options[] = {
    {.name = "init_error", .type = TP_OPT_STRING, .help = "fail init with this message"},
    {.name = "data_file", .type = TP_OPT_STRING, .help = "a file that must exist (resolved like any path)"},
    {NULL},
};

static int fail_init(tp_init *ini, void **state)
{
    const char *msg = tp_opt_str(ini, "init_error");
    if (msg)
        return tp_init_fail(ini, "%s", msg);
    const char *file = tp_opt_str(ini, "data_file");
    if (file) {
        const char *path = tp_init_path(ini, file);
        FILE *f = fopen(path, "r");
        if (!f)
            return tp_init_fail(ini, "cannot open data file %s", path);
        fclose(f);
    }
    mark = tp_init_type(ini, "mark");
    *state = NULL;
    return TP_OK;
}

static int fail_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)state;
    size_t len;
    const char *t = tp_doc_text(doc, &len);
    if (strstr(t, "FAILME"))
        return tp_fail(ctx, "marker_found", "found FAILME at byte %zu", (size_t)(strstr(t, "FAILME") - t));
    if (strstr(t, "BADSPAN"))
        tp_doc_add_span(doc, mark, 0, len + 10);
    return TP_OK;
}

static const char *const produces[] = {"mark", NULL};

static const tp_plugin testfail = {
    TP_PLUGIN_DESCRIPTOR_HEAD, .name = "testfail",
    .version = "1.0",          .summary = "test plugin: fails on FAILME, adds a bad span on BADSPAN",
    .options = options,        .produces = produces,
    .init = fail_init,         .process = fail_process,
};

TP_PLUGIN_DEFINE(testfail)
