/* test_serve_parts.c - unit tests of textpipe serve's pieces that need no
 * socket: body.h (which Content-Type is which body, one document from a
 * body and the errors with their offsets) and metrics.h (series, label
 * escaping, histogram buckets, the exposition text). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "serve/body.h"
#include "serve/metrics.h"

/* ---- body ------------------------------------------------------------------ */

static void test_body_kinds(void **state)
{
    (void)state;
    assert_int_equal(tp__body_kind_of(NULL), TP__BODY_SNIFF);
    assert_int_equal(tp__body_kind_of(""), TP__BODY_SNIFF);
    assert_int_equal(tp__body_kind_of("application/x-www-form-urlencoded"), TP__BODY_SNIFF);
    assert_int_equal(tp__body_kind_of("Application/JSON"), TP__BODY_JSON);
    assert_int_equal(tp__body_kind_of("application/json; charset=utf-8"), TP__BODY_JSON);
    assert_int_equal(tp__body_kind_of("text/plain;charset=\"UTF-8\""), TP__BODY_TEXT);
    assert_int_equal(tp__body_kind_of("text/plain; charset=us-ascii"), TP__BODY_TEXT);
    assert_int_equal(tp__body_kind_of("text/plain; charset=iso-8859-1"), TP__BODY_UNSUPPORTED);
    assert_int_equal(tp__body_kind_of("application/x-ndjson"), TP__BODY_NDJSON);
    assert_int_equal(tp__body_kind_of("application/jsonl"), TP__BODY_NDJSON);
    /* A prefix of a known type is not that type. */
    assert_int_equal(tp__body_kind_of("application/jsonx"), TP__BODY_UNSUPPORTED);
    assert_int_equal(tp__body_kind_of("text/html"), TP__BODY_UNSUPPORTED);
}

static int parse(const char *body, size_t len, tp__body_kind kind, const char *id, tp__body_doc *doc,
                 tp__body_error *err, tp__arena *a)
{
    memset(err, 0, sizeof *err);
    return tp__body_parse_one(body, len, kind, id, a, doc, err);
}

static void test_body_documents(void **state)
{
    (void)state;
    tp__arena a;
    tp__arena_init(&a, 1024);
    tp__body_doc d;
    tp__body_error e;

    /* Sniffed: JSON after leading white space, else text. */
    const char *j = " \n{\"id\":\"x\",\"text\":\"caf\\u00e9\",\"n\":[1,2]}";
    assert_int_equal(parse(j, strlen(j), TP__BODY_SNIFF, NULL, &d, &e, &a), 0);
    assert_int_equal(d.id_len, 1);
    assert_memory_equal(d.id, "x", 1);
    assert_int_equal(d.text_len, 5);
    assert_memory_equal(d.text, "caf\xc3\xa9", 5);
    assert_int_equal(d.nmeta, 1);
    assert_string_equal(d.meta[0].key, "n");
    assert_int_equal(parse("plain {", 7, TP__BODY_SNIFF, "q", &d, &e, &a), 0);
    assert_int_equal(d.text_len, 7);
    assert_memory_equal(d.id, "q", 1);

    /* Text: the id is ?id= or "doc"; an empty body is an empty document. */
    assert_int_equal(parse("", 0, TP__BODY_TEXT, NULL, &d, &e, &a), 0);
    assert_int_equal(d.text_len, 0);
    assert_memory_equal(d.id, "doc", 3);
    assert_int_equal(parse("ab\0c", 4, TP__BODY_TEXT, NULL, &d, &e, &a), -1);
    assert_string_equal(e.code, "nul_byte");
    assert_int_equal(e.status, 400);
    assert_true(e.has_offset);
    assert_int_equal(e.offset, 2);
    assert_int_equal(parse("ok", 2, TP__BODY_TEXT, "bad\xff", &d, &e, &a), -1);
    assert_string_equal(e.code, "bad_utf8");

    /* JSON: a bad byte is reported where it is in the body, even inside
     * a string the parser would stop before. */
    const char *b = "{\"id\":\"a\",\"text\":\"\xe2\x82\"}";
    assert_int_equal(parse(b, strlen(b), TP__BODY_JSON, NULL, &d, &e, &a), -1);
    assert_string_equal(e.code, "bad_utf8");
    assert_int_equal(e.offset, 18);
    /* An escaped NUL: refused, like run refuses it. */
    const char *z = "{\"id\":\"a\",\"text\":\"x\\u0000\"}";
    assert_int_equal(parse(z, strlen(z), TP__BODY_JSON, NULL, &d, &e, &a), -1);
    assert_string_equal(e.code, "nul_byte");
    /* Two documents are not one. */
    const char *two = "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"}";
    assert_int_equal(parse(two, strlen(two), TP__BODY_JSON, NULL, &d, &e, &a), -1);
    assert_int_equal(e.status, 400);
    assert_int_equal(e.offset, 22);
    tp__arena_free(&a);
}

/* ---- metrics --------------------------------------------------------------- */

/* The line of `out` that starts with `prefix` followed by a space, or NULL. */
static const char *line_of(const tp__buf *out, const char *prefix, char *line, size_t cap)
{
    size_t n = strlen(prefix);
    for (const char *p = out->data; p && p < out->data + out->len;) {
        const char *end = memchr(p, '\n', (size_t)(out->data + out->len - p));
        size_t len = end ? (size_t)(end - p) : (size_t)(out->data + out->len - p);
        if (len > n && memcmp(p, prefix, n) == 0 && p[n] == ' ' && len < cap) {
            memcpy(line, p, len);
            line[len] = '\0';
            return line;
        }
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

static void test_metrics(void **state)
{
    (void)state;
    tp__metrics *m = tp__metrics_new();
    /* Many series: the table grows and keeps them apart. */
    char v[16];
    for (int i = 0; i < 600; i++) {
        snprintf(v, sizeof v, "%d", i % 300);
        tp__metrics_add(m, TP__M_REQUESTS, 1, "newsroom", "syd", "status", v);
    }
    tp__metrics_add(m, TP__M_DOC_ERRORS, 2, "newsroom", "a\"b\\c\nd", "code", "x");
    tp__metrics_set(m, TP__M_QUEUED, 7, NULL, NULL);
    tp__metrics_set(m, TP__M_QUEUED, 3, NULL, NULL);
    tp__metrics_observe(m, TP__M_STAGE_SECONDS, 0.0003, "newsroom", "syd", "stage", "ner");
    tp__metrics_observe(m, TP__M_STAGE_SECONDS, 2.0, "newsroom", "syd", "stage", "ner");
    tp__buf out = {0};
    tp__metrics_render(m, &out);
    tp__buf_putc(&out, '\0');
    out.len--;
    char line[512];
    assert_non_null(line_of(&out, "textpipe_http_requests_total{newsroom=\"syd\",status=\"299\"}", line, sizeof line));
    assert_string_equal(line, "textpipe_http_requests_total{newsroom=\"syd\",status=\"299\"} 2");
    assert_non_null(line_of(&out, "textpipe_document_errors_total{newsroom=\"a\\\"b\\\\c\\nd\",code=\"x\"}", line,
                            sizeof line));
    assert_non_null(line_of(&out, "textpipe_queue_documents", line, sizeof line));
    assert_string_equal(line, "textpipe_queue_documents 3");
    const char *s = "textpipe_stage_duration_seconds";
    char want[256];
    snprintf(want, sizeof want, "%s_bucket{newsroom=\"syd\",stage=\"ner\",le=\"0.0005\"}", s);
    assert_non_null(line_of(&out, want, line, sizeof line));
    assert_string_equal(line + strlen(want), " 1");
    snprintf(want, sizeof want, "%s_bucket{newsroom=\"syd\",stage=\"ner\",le=\"+Inf\"}", s);
    assert_non_null(line_of(&out, want, line, sizeof line));
    assert_string_equal(line + strlen(want), " 2");
    snprintf(want, sizeof want, "%s_sum{newsroom=\"syd\",stage=\"ner\"}", s);
    assert_non_null(line_of(&out, want, line, sizeof line));
    assert_string_equal(line + strlen(want), " 2.0003");
    /* Every family is announced, even one with no series yet. */
    assert_non_null(strstr(out.data, "# TYPE textpipe_reloads_total counter\n"));
    assert_non_null(strstr(out.data, "# TYPE textpipe_stage_duration_seconds histogram\n"));
    tp__buf_free(&out);
    tp__metrics_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body_kinds),
        cmocka_unit_test(test_body_documents),
        cmocka_unit_test(test_metrics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
