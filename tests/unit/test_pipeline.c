/*
 * test_pipeline.c - loading, starting and running a pipeline
 * (core/pipeline.c) with plugins compiled into the test (the loader's
 * built-ins), so what is checked is the pipeline, not dlopen: stages run in
 * order and see what earlier ones produced, a failing stage is named in
 * the document's error, and the problems of a config are reported at the
 * line of the setting they are about, all at once.
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <textpipe/plugin.h>

#include "config.h"
#include "doc_impl.h"
#include "pipeline.h"

/* ---- t_words: a "word" span per run of non-spaces --------------------------- */

/* Both plugins' state: the "word" type (the same in every stage). */
static int word_type_init(tp_init *ini, void **state)
{
    static tp_type word;
    word = tp_init_type(ini, "word");
    *state = &word;
    return TP_OK;
}

static int words_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx;
    tp_type word = *(tp_type *)state;
    size_t len;
    const char *t = tp_doc_text(doc, &len);
    for (size_t i = 0; i < len;) {
        if (t[i] == ' ') {
            i++;
            continue;
        }
        size_t b = i;
        while (i < len && t[i] != ' ') i++;
        tp_doc_add_span(doc, word, b, i);
    }
    return TP_OK;
}

static const char *const words_produce[] = {"word", NULL};
static const tp_plugin t_words = {
    TP_PLUGIN_DESCRIPTOR_HEAD, .name = "t_words",      .version = "1",
    .produces = words_produce, .init = word_type_init, .process = words_process,
};

/* ---- t_count: fails a document of fewer than two words ------------------- */

static int count_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    size_t n = 0;
    tp_doc_spans(doc, *(tp_type *)state, &n);
    if (n < 2)
        return tp_fail(ctx, "too_few", "%zu word(s)", n);
    return TP_OK;
}

static const char *const count_consume[] = {"word", NULL};
static const tp_plugin t_count = {
    TP_PLUGIN_DESCRIPTOR_HEAD, .name = "t_count",      .version = "1",
    .consumes = count_consume, .init = word_type_init, .process = count_process,
};

static const tp_plugin *words_entry(void) { return &t_words; }

static const tp_plugin *count_entry(void) { return &t_count; }

static const tp__builtin_plugin builtins[] = {{"t_words", words_entry}, {"t_count", count_entry}};

/* Loads the config text with only the built-ins to be found.  NULL with
 * the problems in *d. */
static tp__pipeline *load(const char *text, tp__diags *d)
{
    tp__config cfg = {0};
    int rc = tp__config_load_string(&cfg, text, "test.cfg", "/", d);
    tp__load_opts lo = {
        .no_env = true, .no_installed = true, .builtins = builtins, .nbuiltins = 2, .config_failed = rc != 0};
    return tp__pipeline_load(&cfg, &lo, d);
}

/* Whether some problem in *d is at `line` and says `text`. */
static int has(const tp__diags *d, int line, const char *text)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].line == line && strstr(d->items[i].msg, text))
            return 1;
    return 0;
}

static const char two_stages[] = "stages = (\n"
                                 "  { plugin = \"t_words\"; },\n"
                                 "  { plugin = \"t_count\"; id = \"count\"; }\n"
                                 ");\n";

static void test_stages_run_in_order(void **state)
{
    (void)state;
    tp__diags d = {0};
    tp__pipeline *p = load(two_stages, &d);
    assert_non_null(p);
    assert_int_equal(tp__pipeline_start(p, &d), 0);
    assert_int_equal(d.count, 0);
    assert_int_equal(tp__pipeline_stage_count(p), 2);
    assert_string_equal(tp__pipeline_stage_id(p, 1), "count");

    tp_doc *doc = tp__pipeline_new_doc(p);
    tp__doc_problem why;
    tp__stage_error err;
    tp__doc_begin(doc);
    assert_int_equal(tp__doc_set(doc, "d1", "alpha beta gamma", 16, &why), 0);
    /* t_count sees the words t_words made before it. */
    assert_int_equal(tp__pipeline_run(p, doc, &err), 0);
    size_t n = 0;
    const tp_span *s = tp_doc_spans(doc, tp__pipeline_type(p, "word"), &n);
    assert_int_equal(n, 3);
    assert_int_equal(s[2].begin, 11);
    assert_int_equal(s[2].end, 16);

    /* A failure is the document's, named after the stage that failed. */
    tp__doc_begin(doc);
    assert_int_equal(tp__doc_set(doc, "d2", "alone", 5, &why), 0);
    assert_int_equal(tp__pipeline_run(p, doc, &err), -1);
    assert_string_equal(err.stage, "count");
    assert_string_equal(err.code, "too_few");
    assert_string_equal(err.message, "1 word(s)");
    tp__doc_free(doc);
    tp__pipeline_free(p);
    tp__diags_free(&d);
}

static void test_problems_at_their_lines(void **state)
{
    (void)state;
    tp__diags d = {0};
    /* A plugin that is not there, at its stage's line (3), named with the
     * stage that wanted it. */
    tp__pipeline *p = load("stages = (\n"
                           "  { plugin = \"t_words\"; },\n"
                           "  { plugin = \"t_wrods\"; id = \"second\"; }\n"
                           ");\n",
                           &d);
    assert_null(p);
    assert_int_equal(d.count, 1);
    assert_string_equal(d.items[0].file, "test.cfg");
    assert_true(has(&d, 3, "stage \"second\": plugin \"t_wrods\" not found"));
    tp__diags_free(&d);
    /* A stage that needs "word", which nothing before it produces. */
    p = load("stages = (\n"
             "  { plugin = \"t_count\"; }\n"
             ");\n",
             &d);
    assert_null(p);
    assert_true(has(&d, 2, "\"word\""));
    tp__diags_free(&d);
}

static void test_config_error_still_checks_plugins(void **state)
{
    (void)state;
    tp__diags d = {0};
    /* A bad log level (line 2) does not stop the missing plugin (line 3)
     * from being reported too. */
    tp__pipeline *p = load("stages = (\n"
                           "  { plugin = \"t_words\"; log_level = \"loud\"; },\n"
                           "  { plugin = \"nowhere\"; }\n"
                           ");\n",
                           &d);
    assert_null(p);
    assert_true(has(&d, 2, "log_level"));
    assert_true(has(&d, 3, "\"nowhere\""));
    tp__diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stages_run_in_order),
        cmocka_unit_test(test_problems_at_their_lines),
        cmocka_unit_test(test_config_error_still_checks_plugins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
