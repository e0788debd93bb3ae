/*
 * fuzz_stage - libFuzzer target: arbitrary bytes as a document through a
 * pipeline of shipped plugins compiled into the fuzzer.  Invalid UTF-8 and
 * NUL bytes must be rejected before any plugin sees the text; whatever runs
 * must yield a record that is UTF-8 and parses as JSON.
 *
 * Built by run.sh with FUZZ_CONFIG (the pipeline, libconfig syntax) and
 * FUZZ_BUILTINS, a list X(name) of plugins whose sources were compiled with
 * -Dtp_plugin_entry=tp_plugin_entry_NAME.
 */
#include "autoconfig.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc_impl.h"
#include "json_out.h"
#include "pipeline.h"
#include "utf8.h"

#define X(name) const tp_plugin *tp_plugin_entry_##name(void);
FUZZ_BUILTINS
#undef X

#define X(name) {#name, tp_plugin_entry_##name},
static const tp__builtin_plugin builtins[] = {FUZZ_BUILTINS};
#undef X

static tp__pipeline *pipeline;
static tp_doc *doc;
static tp__write_opts wo;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    tp__config cfg = {0};
    tp__diags d = {0};
    tp__load_opts lo = {0};
    lo.no_env = lo.no_installed = true;
    lo.builtins = builtins;
    lo.nbuiltins = sizeof builtins / sizeof builtins[0];
    if (tp__config_load_string(&cfg, FUZZ_CONFIG, "fuzz.cfg", ".", &d) != 0 ||
        !(pipeline = tp__pipeline_load(&cfg, &lo, &d)) || tp__pipeline_start(pipeline, &d) != 0) {
        tp__diags_print(&d, stderr);
        abort();
    }
    tp__diags_free(&d);
    doc = tp__pipeline_new_doc(pipeline);
    tp__pipeline_write_opts(pipeline, &wo);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tp__doc_begin(doc);
    char *text = tp__arena_strndup(tp__doc_arena(doc), (const char *)data, size);
    tp__doc_problem why;
    if (tp__doc_set(doc, "fuzz", text, size, &why) != 0)
        return 0; /* rejected before any plugin sees it */
    tp__stage_error se;
    tp__buf out = {0};
    if (tp__pipeline_run(pipeline, doc, &se) == 0)
        tp__json_write_doc(&out, doc, &wo);
    else
        tp__json_write_error(&out, "fuzz", NULL, se.stage, se.code, se.message);
    /* RFC 8259: UTF-8, which cJSON does not check. */
    if (tp__utf8_check(out.data, out.len).status != TP_UTF8_OK)
        abort();
    cJSON *j = cJSON_ParseWithLength(out.data, out.len);
    if (!j)
        abort();
    cJSON_Delete(j);
    tp__buf_free(&out);
    return 0;
}
