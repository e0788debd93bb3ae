/*
 * test_{{NAME}} - unit tests for the {{NAME}} plugin, with cmocka and the
 * textpipe testkit (<textpipe/testkit.h>).  `make check` runs them against
 * the module just built in this tree.
 *
 * Offsets in assertions are code points, end exclusive - the numbers
 * `textpipe run` prints.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <textpipe/testkit.h>

/* Default options: the term "textpipe", any case, whole words only. */
static void marks_the_default_term(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("{{NAME}}", NULL, PLUGIN_BUILD_DIR);
    tpk_doc *d = tpk_run(s, "Textpipe runs; textpipes do not count.");
    tpk_assert_count(d, "{{NAME}}", 1);
    tpk_assert_span(d, "{{NAME}}", 0, 8);
    tpk_assert_feature_str(d, "{{NAME}}", 0, 8, "term", "textpipe");
    tpk_stage_free(s);
}

/* Options as a config would give them; offsets count code points, so the
 * two-byte "é" counts as one. */
static void uses_its_options(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("{{NAME}}", "terms = [\"NATO\", \"café\"]; ignore_case = false;",
                                 PLUGIN_BUILD_DIR);
    tpk_doc *d = tpk_run(s, "The café near NATO, not nato.");
    tpk_assert_count(d, "{{NAME}}", 2);
    tpk_assert_feature_str(d, "{{NAME}}", 4, 8, "term", "café");
    tpk_assert_feature_str(d, "{{NAME}}", 14, 18, "term", "NATO");
    tpk_assert_no_span(d, "{{NAME}}", 24, 28);
    tpk_stage_free(s);
}

/* Whole words in any script: curly quotes and dashes end a word, letters
 * such as "é" or "Ж" do not. */
static void whole_words_beyond_ascii(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("{{NAME}}", "terms = [\"NATO\"];", PLUGIN_BUILD_DIR);
    tpk_doc *d = tpk_run(s, "\u201cNATO\u201d \u2014NATO\u2014 NATO\u00e9 \u0416NATO");
    tpk_assert_count(d, "{{NAME}}", 2);
    tpk_assert_span(d, "{{NAME}}", 1, 5);
    tpk_assert_span(d, "{{NAME}}", 8, 12);
    tpk_stage_free(s);
}

/* Bad options are refused before anything runs, with a message that says
 * what is wrong. */
static void refuses_bad_options(void **unused)
{
    (void)unused;
    char *msg = tpk_stage_error("{{NAME}}", "ignore_cse = true;", PLUGIN_BUILD_DIR);
    assert_non_null(strstr(msg, "did you mean \"ignore_case\"?"));
    free(msg);
    msg = tpk_stage_error("{{NAME}}", "terms = [\"\"];", PLUGIN_BUILD_DIR);
    assert_non_null(strstr(msg, "item 1 is empty"));
    free(msg);
}

/* The whole output record against a golden file checked by a human
 * (TPK_UPDATE_GOLDEN=1 make check rewrites it: look at the diff). */
static void matches_the_golden_output(void **unused)
{
    (void)unused;
    tpk_stage *s = tpk_stage_new("{{NAME}}", "terms = [\"NATO\", \"EU\"];", PLUGIN_BUILD_DIR);
    tpk_doc *d = tpk_run(s, "NATO and the EU met; Nato said little.");
    tpk_assert_json_equals_file(d, "tests/{{NAME}}.golden.json");
    tpk_stage_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(marks_the_default_term),
        cmocka_unit_test(uses_its_options),
        cmocka_unit_test(whole_words_beyond_ascii),
        cmocka_unit_test(refuses_bad_options),
        cmocka_unit_test(matches_the_golden_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
