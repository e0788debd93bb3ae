/*
 * testkit_fails - cmocka tests that must each FAIL, one per testkit
 * assertion: testkit_fails.sh runs this program and checks that every test
 * failed, at the right line, with a message that helps.  Not a test by
 * itself (it exits non-zero by design).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include <textpipe/testkit.h>

static char plugins[4096];

static tpk_doc *words(const char *text)
{
    /* Leaks on failure by design: cmocka leaves the test at the failing line. */
    tpk_stage *s = tpk_stage_new("testwords", NULL, plugins);
    return tpk_run(s, text);
}

static void missing_span(void **u)
{
    (void)u;
    tpk_assert_span(words("alpha beta"), "word", 0, 4); /* FAIL:missing_span */
}

static void unexpected_span(void **u)
{
    (void)u;
    tpk_assert_no_span(words("alpha beta"), "word", 6, 10); /* FAIL:unexpected_span */
}

static void wrong_count(void **u)
{
    (void)u;
    tpk_assert_count(words("alpha beta"), "word", 3); /* FAIL:wrong_count */
}

static void wrong_str(void **u)
{
    (void)u;
    tpk_assert_feature_str(words("alpha beta"), "word", 0, 5, "info.first", "b"); /* FAIL:wrong_str */
}

static void wrong_int(void **u)
{
    (void)u;
    tpk_assert_feature_int(words("alpha beta"), "word", 0, 5, "len", 4); /* FAIL:wrong_int */
}

static void wrong_bool(void **u)
{
    (void)u;
    tpk_assert_feature_bool(words("alpha beta"), "word", 0, 5, "upper", 1); /* FAIL:wrong_bool */
}

static void wrong_double(void **u)
{
    (void)u;
    tpk_assert_feature_double(words("alpha beta"), "word", 0, 5, "len", 5.5, 0.1); /* FAIL:wrong_double */
}

static void feature_present(void **u)
{
    (void)u;
    tpk_assert_feature_str(words("alpha beta"), "word", 0, 5, "tag", NULL); /* FAIL:feature_present */
}

static void no_error(void **u)
{
    (void)u;
    tpk_stage *s = tpk_stage_new("testwords", NULL, plugins);
    tpk_doc *d = tpk_doc_new(s, NULL, "fine");
    tpk_process(d);
    tpk_assert_error(d, "marker_found"); /* FAIL:no_error */
}

static void document_fails(void **u)
{
    (void)u;
    tpk_stage *s = tpk_stage_new("testfail", NULL, plugins);
    tpk_run(s, "FAILME"); /* FAIL:document_fails */
}

static void bad_option(void **u)
{
    (void)u;
    tpk_stage_new("testwords", "min_len = \"three\";", plugins); /* FAIL:bad_option */
}

static void not_found(void **u)
{
    (void)u;
    tpk_stage_new("nosuchplugin", NULL, plugins); /* FAIL:not_found */
}

static void stage_error_loads(void **u)
{
    (void)u;
    tpk_stage_error("testwords", NULL, plugins); /* FAIL:stage_error_loads */
}

static void golden_differs(void **u)
{
    (void)u;
    tpk_assert_json_equals_file(words("Hi you there"), "tests/sdk/fixtures/testwords.golden.json"); /* FAIL:golden_differs */
}

static void golden_missing(void **u)
{
    (void)u;
    tpk_assert_json_equals_file(words("Hi"), "tests/sdk/fixtures/no-such.golden.json"); /* FAIL:golden_missing */
}

static void span_outside(void **u)
{
    (void)u;
    tpk_stage *s = tpk_stage_new("testwords", NULL, plugins);
    tpk_doc *d = tpk_doc_new(s, NULL, "short");
    tpk_doc_add_span(d, "given", 2, 9); /* FAIL:span_outside */
}

static void bad_utf8(void **u)
{
    (void)u;
    tpk_stage *s = tpk_stage_new("testwords", NULL, plugins);
    tpk_run(s, "bad \xff byte"); /* FAIL:bad_utf8 */
}

int main(void)
{
    const char *top = getenv("TOP_BUILDDIR");
    if (!top)
        return 77;
    snprintf(plugins, sizeof plugins, "%s/tests/plugins", top);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(missing_span),      cmocka_unit_test(unexpected_span), cmocka_unit_test(wrong_count),
        cmocka_unit_test(wrong_str),         cmocka_unit_test(wrong_int),       cmocka_unit_test(wrong_bool),
        cmocka_unit_test(wrong_double),      cmocka_unit_test(feature_present), cmocka_unit_test(no_error),
        cmocka_unit_test(document_fails),    cmocka_unit_test(bad_option),      cmocka_unit_test(not_found),
        cmocka_unit_test(stage_error_loads), cmocka_unit_test(golden_differs),  cmocka_unit_test(golden_missing),
        cmocka_unit_test(span_outside),      cmocka_unit_test(bad_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
