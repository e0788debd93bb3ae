/* test_embed.c - an embedder's view of libtextpipe (textpipe/embed.h): this
 * program includes only the installed headers and links only the shared
 * library, whose exports are the public API.  It builds pipelines from
 * config text, runs documents, and checks the records against what the
 * textpipe command writes for the same input (tests/sdk/embed.sh compares
 * them; here the records' content is checked with cJSON). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include <textpipe/embed.h>

static tp_pipeline *open_config(const char *config, char **errors)
{
    tp_pipeline_spec spec = {.struct_size = sizeof spec, .config_text = config, .config_name = "test.cfg"};
    return tp_pipeline_open(&spec, errors);
}

static void test_process_and_record(void **state)
{
    (void)state;
    char *errors = NULL;
    tp_pipeline *p = open_config("stages = ( { plugin = \"testwords\"; options = { min_len = 2; }; } );", &errors);
    assert_non_null(p);
    assert_null(errors);
    assert_int_equal(tp_pipeline_stage_count(p), 1);
    assert_string_equal(tp_pipeline_stage_id(p, 0), "testwords");
    const char *version = NULL;
    assert_string_equal(tp_pipeline_stage_plugin(p, 0, &version), "testwords");
    assert_non_null(version);
    assert_null(tp_pipeline_stage_id(p, 1));

    tp_doc *doc = tp_pipeline_new_doc(p);
    tp_doc_error err;
    const char *text = "Caf\xc3\xa9 coffee au lait, a b";
    const char *meta = "{\"date\":\"2024-11-27\",\"tags\":[1,2]}";
    assert_int_equal(tp_pipeline_process(p, doc, "d1", text, strlen(text), meta, strlen(meta), &err), 0);
    /* Reading the document through doc.h with the pipeline's names. */
    tp_type word = tp_pipeline_type(p, "word");
    assert_true(word != 0);
    assert_string_equal(tp_pipeline_type_name(p, word), "word");
    size_t n;
    const tp_span *w = tp_doc_spans(doc, word, &n);
    /* testwords marks ASCII letter runs: Caf, coffee, au, lait ("a" and "b"
     * are shorter than min_len). */
    assert_int_equal(n, 4);
    assert_int_equal(w[1].begin, 6); /* bytes: é is two */
    assert_int_equal(w[1].end, 12);
    assert_string_equal(tp_doc_meta_str(doc, "date", NULL), "2024-11-27");
    assert_int_equal(tp_pipeline_type(p, "no-such-layer"), 0);

    char *json;
    size_t len;
    assert_int_equal(tp_pipeline_record(p, doc, TP_RECORD_CODE_POINTS, &json, &len), 0);
    assert_int_equal(strlen(json), len);
    assert_int_equal(json[len - 1], '\n');
    cJSON *r = cJSON_Parse(json);
    assert_non_null(r);
    assert_string_equal(cJSON_GetObjectItem(r, "id")->valuestring, "d1");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "meta"), "date")->valuestring, "2024-11-27");
    cJSON *second = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "annotations"), "word"), 1);
    assert_int_equal(cJSON_GetObjectItem(second, "start")->valueint, 5); /* code points */
    assert_string_equal(cJSON_GetObjectItem(second, "text")->valuestring, "coffee");
    cJSON_Delete(r);
    free(json);
    assert_int_equal(tp_pipeline_record(p, doc, TP_RECORD_BYTES, &json, &len), 0);
    assert_non_null(strstr(json, "\"start\":6,\"end\":12"));
    free(json);
    assert_int_equal(tp_pipeline_record(p, doc, 7, &json, &len), -1);

    /* The same document object, reused; a bad one fails with stage input. */
    assert_int_equal(tp_pipeline_process(p, doc, "bad\xff", "x", 1, NULL, 0, &err), -1);
    assert_string_equal(err.stage, "input");
    assert_string_equal(err.code, "bad_id");
    assert_int_equal(tp_pipeline_process(p, doc, "d2", "a\0b", 3, NULL, 0, &err), -1);
    assert_string_equal(err.code, "nul_byte");
    assert_int_equal(tp_pipeline_process(p, doc, "d3", "ok", 2, "[1]", 3, &err), -1);
    assert_string_equal(err.stage, "input");
    assert_int_equal(tp_error_record("d3", &err, &json, &len), 0);
    r = cJSON_Parse(json);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "stage")->valuestring, "input");
    cJSON_Delete(r);
    free(json);
    assert_int_equal(tp_pipeline_process(p, doc, "d4", "two words", 9, NULL, 0, &err), 0);
    tp_doc_spans(doc, word, &n);
    assert_int_equal(n, 2);
    tp_doc_free(doc);
    tp_pipeline_close(p);
}

static void test_stage_failure(void **state)
{
    (void)state;
    tp_pipeline *p = open_config("stages = ( { plugin = \"testfail\"; } );", NULL);
    assert_non_null(p);
    tp_doc *doc = tp_pipeline_new_doc(p);
    tp_doc_error err;
    const char *text = "please FAILME now";
    assert_int_equal(tp_pipeline_process(p, doc, "f", text, strlen(text), NULL, 0, &err), -1);
    assert_string_equal(err.stage, "testfail");
    assert_string_equal(err.code, "marker_found");
    assert_string_equal(err.message, "found FAILME at byte 7");
    assert_int_equal(tp_pipeline_process(p, doc, "g", "fine", 4, NULL, 0, &err), 0);
    tp_doc_free(doc);
    tp_pipeline_close(p);
}

static void test_config_errors(void **state)
{
    (void)state;
    char *errors = NULL;
    tp_pipeline *p = open_config("stages = ( { plugin = \"testwords\"; options = { min_lenn = 2; }; },\n"
                                 "  { plugin = \"no-such-plugin\"; } );",
                                 &errors);
    assert_null(p);
    assert_non_null(errors);
    /* Every problem, compiler style, naming the config. */
    assert_non_null(strstr(errors, "test.cfg:1: error:"));
    assert_non_null(strstr(errors, "min_len"));
    assert_non_null(strstr(errors, "test.cfg:2: error:"));
    assert_non_null(strstr(errors, "no-such-plugin"));
    free(errors);
    /* --set style overrides, and a spec from an older program (a shorter
     * struct_size): the fields it does not know are zero. */
    const char *sets[] = {"testwords.min_len=100"};
    tp_pipeline_spec spec = {.struct_size = offsetof(tp_pipeline_spec, plugin_dirs),
                             .config_text = "stages = ( { plugin = \"testwords\"; } );",
                             .sets = sets,
                             .nsets = 1,
                             .flags = ~0u};
    p = tp_pipeline_open(&spec, NULL);
    assert_non_null(p);
    tp_doc *doc = tp_pipeline_new_doc(p);
    tp_doc_error err;
    assert_int_equal(tp_pipeline_process(p, doc, "x", "short words", 11, NULL, 0, &err), 0);
    size_t n = 9;
    tp_doc_spans(doc, tp_pipeline_type(p, "word"), &n);
    assert_int_equal(n, 0);
    tp_doc_free(doc);
    tp_pipeline_close(p);
    tp_pipeline_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_process_and_record),
        cmocka_unit_test(test_stage_failure),
        cmocka_unit_test(test_config_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
