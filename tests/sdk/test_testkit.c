/*
 * test_testkit - the testkit (sdk/testkit, textpipe/testkit.h) on the test
 * plugins: stages with options, code point offsets, every feature kind,
 * layers given by hand, failing documents, refused options, golden files.
 * What a failing assertion prints is checked by testkit_fails.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <textpipe/testkit.h>

static char plugins[4096];    /* tests/plugins of the build tree */
static char sdkplugins[4096]; /* tests/sdk of the build tree */

static void words_with_options(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("testwords", "min_len = 3; stopwords = [\"sat\"];", plugins);
    tpk_doc *d = tpk_run(s, "The cat sat on a MAT");
    tpk_assert_count(d, "word", 3);
    tpk_assert_span(d, "word", 0, 3);
    tpk_assert_span(d, "word", 4, 7);
    tpk_assert_no_span(d, "word", 8, 11); /* a stopword */
    tpk_assert_span(d, "word", 17, 20);
    tpk_assert_feature_int(d, "word", 4, 7, "len", 3);
    tpk_assert_feature_bool(d, "word", 17, 20, "upper", 1);
    tpk_assert_feature_bool(d, "word", 4, 7, "upper", 0);
    tpk_assert_feature_str(d, "word", 4, 7, "tag", "w");
    tpk_assert_feature_str(d, "word", 4, 7, "info.first", "c");
    tpk_assert_feature_str(d, "word", 4, 7, "no_such_feature", NULL);
    tpk_assert_feature_double(d, "word", 4, 7, "len", 3.0, 0.0); /* an int reads as a number */
    tpk_stage_free(s);
}

/* Offsets are code points: "Ü" and "é" are two bytes each, one unit here. */
static void code_point_offsets(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("testwords", NULL, plugins);
    tpk_doc *d = tpk_run(s, "Über café “ok”");
    tpk_assert_count(d, "word", 3);
    tpk_assert_span(d, "word", 1, 4);   /* ber */
    tpk_assert_span(d, "word", 5, 8);   /* caf */
    tpk_assert_span(d, "word", 11, 13); /* ok */
    size_t start, end;
    const char *text;
    assert_int_equal(tpk_span_at(d, "word", 2, &start, &end, &text), 0);
    assert_int_equal(start, 11);
    assert_int_equal(end, 13);
    assert_string_equal(text, "ok");
    assert_int_equal(tpk_span_at(d, "word", 3, NULL, NULL, NULL), -1);
    assert_int_equal(tpk_find_span(d, "word", 5, 8), 1);
    assert_int_equal(tpk_find_span(d, "word", 5, 9), -1);
    assert_int_equal(tpk_find_span(d, "word", 5, 999), -1);
    assert_int_equal(tpk_count(d, "no_such_layer"), 0);
    tpk_stage_free(s);
}

static void lookups_that_find_nothing(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("testwords", NULL, plugins);
    tpk_doc *d = tpk_run(s, "one two");
    int64_t i = 42;
    int b = 7;
    double x = 1.5;
    assert_null(tpk_feature_str(d, "word", 0, 3, "len")); /* not a string */
    assert_null(tpk_feature_str(d, "word", 1, 3, "tag")); /* no such span */
    assert_false(tpk_feature_int(d, "word", 0, 3, "tag", &i));
    assert_false(tpk_feature_bool(d, "word", 0, 3, "nothing", &b));
    assert_false(tpk_feature_double(d, "nothing", 0, 3, "len", &x));
    assert_int_equal(i, 42);
    assert_int_equal(b, 7);
    assert_true(x == 1.5);
    assert_null(tpk_error_code(d));
    assert_null(tpk_error_message(d));
    /* A document freed early is not freed again with its stage. */
    tpk_doc_free(d);
    tpk_doc_free(NULL);
    tpk_stage_free(s);
    tpk_stage_free(NULL);
}

/* A stage that consumes a layer runs after the stage that makes it. */
static void a_pipeline_of_two(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_pipeline_new("stages = ( { plugin = \"testwords\"; }, { plugin = \"testpairs\"; } );", plugins);
    tpk_doc *d = tpk_run(s, "a b c");
    tpk_assert_count(d, "word", 3);
    tpk_assert_count(d, "pair", 2);
    tpk_assert_span(d, "pair", 0, 3);
    tpk_assert_span(d, "pair", 2, 5);
    tpk_stage_free(s);
}

/* Layers an earlier stage would make, given by hand (consumes_optional). */
static void given_layers(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("tkgiven", NULL, sdkplugins);
    tpk_doc *d = tpk_doc_new(s, "given-doc", "Mark Rutte met Kaja Kallas.");
    /* Added out of order: indexes are those of the sorted layer. */
    size_t k = tpk_doc_add_span(d, "given", 15, 26);
    size_t m = tpk_doc_add_span(d, "given", 0, 10);
    assert_int_equal(m, 0);
    assert_int_equal(tpk_find_span(d, "given", 15, 26), 1);
    (void)k;
    tpk_doc_set_str(d, "given", 0, "label", "PER");
    assert_int_equal(tpk_process(d), 0);
    tpk_assert_count(d, "seen", 2);
    tpk_assert_feature_str(d, "seen", 0, 10, "label", "PER");
    tpk_assert_feature_str(d, "seen", 15, 26, "label", NULL);
    tpk_assert_feature_int(d, "seen", 15, 26, "count", 2);
    /* Processing twice is refused, not run twice. */
    assert_int_equal(tpk_process(d), -1);
    assert_string_equal(tpk_error_code(d), "tpk_misuse");
    /* Without the given layer the stage still runs: the layer is empty. */
    tpk_doc *e = tpk_run(s, "nothing given");
    tpk_assert_count(e, "seen", 0);
    tpk_stage_free(s);
}

static void failing_documents(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("testfail", NULL, plugins);
    tpk_doc *d = tpk_doc_new(s, NULL, "xx FAILME");
    assert_int_equal(tpk_process(d), -1);
    tpk_assert_error(d, "marker_found");
    assert_non_null(strstr(tpk_error_message(d), "found FAILME at byte 3"));
    assert_non_null(strstr(tpk_json(d), "\"code\":\"marker_found\""));
    tpk_doc *b = tpk_doc_new(s, NULL, "BADSPAN");
    assert_int_equal(tpk_process(b), -1);
    tpk_assert_error(b, "bad_span");
    tpk_doc *ok = tpk_run(s, "fine");
    assert_null(tpk_error_code(ok));
    tpk_stage_free(s);
}

/* Option and init errors come back as textpipe's own messages. */
static void refused_stages(void **unused)
{
    (void)unused;
    char *m = tpk_stage_error("testwords", "min_lem = 3;", plugins);
    assert_non_null(strstr(m, "did you mean \"min_len\"?"));
    assert_non_null(strstr(m, "options of testwords:1: error:"));
    free(m);
    m = tpk_stage_error("testwords", "min_len = 0;", plugins);
    assert_non_null(strstr(m, "min_len"));
    free(m);
    m = tpk_stage_error("testfail", "init_error = \"no model\";", plugins);
    assert_non_null(strstr(m, "no model"));
    free(m);
    m = tpk_stage_error("testword", NULL, plugins);
    assert_non_null(strstr(m, "not found"));
    free(m);
    m = tpk_stage_error("testwords", "min_len = ;", plugins); /* config syntax */
    assert_non_null(strstr(m, "options of testwords:1: error:"));
    free(m);
}

/* Relative files named in options resolve against $srcdir. */
static void option_paths_from_srcdir(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("testfail", "data_file = \"tests/sdk/fixtures/testwords.golden.json\";", plugins);
    tpk_stage_free(s);
}

static void golden_json(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("testwords", "min_len = 2;", plugins);
    tpk_doc *d = tpk_run(s, "Hi “you” é");
    tpk_assert_json_equals_file(d, "tests/sdk/fixtures/testwords.golden.json");
    /* The record as textpipe writes it, on one line. */
    const char *j = tpk_json(d);
    assert_non_null(strstr(j, "{\"id\":\"test\","));
    assert_null(strchr(j, '\n'));
    tpk_stage_free(s);
}

int main(void)
{
    const char *top = getenv("TOP_BUILDDIR");
    if (!top || !getenv("srcdir")) {
        fprintf(stderr, "run through make check (TOP_BUILDDIR and srcdir unset)\n");
        return 77;
    }
    snprintf(plugins, sizeof plugins, "%s/tests/plugins", top);
    snprintf(sdkplugins, sizeof sdkplugins, "%s/tests/sdk", top);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_with_options),
        cmocka_unit_test(code_point_offsets),
        cmocka_unit_test(lookups_that_find_nothing),
        cmocka_unit_test(a_pipeline_of_two),
        cmocka_unit_test(given_layers),
        cmocka_unit_test(failing_documents),
        cmocka_unit_test(refused_stages),
        cmocka_unit_test(option_paths_from_srcdir),
        cmocka_unit_test(golden_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
