/* test_view_records.c - unit tests of the viewer's first pass and frame:
 * view/record.h (blank lines, CR LF, lines that are not objects, members of
 * the wrong type, a stream that cannot be read), view/index.h (counts per
 * document and label, the shared slot past TP__VIEW_MAX_NAMES, ids and
 * errors as shown) and the page around the documents (html.h, layout.h:
 * the index table and totals, pages, the Content-Security-Policy hashes of
 * the bytes written, an input that changes between the passes).  Expected
 * values are counted by hand from the fixtures. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "buf.h"
#include "digest.h"
#include "html.h"
#include "view/assets.h"
#include "view/index.h"
#include "view/record.h"

/* A stream holding `s`. */
static FILE *stream(const char *s)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, strlen(s), f), strlen(s));
    rewind(f);
    return f;
}

/* ---- The reader ---------------------------------------------------------------- */

static const char lines[] = "{\"id\":\"a\"}\n"
                            "\n"
                            "  \t \r\n"
                            "{\"id\":\"b\"}\r\n"
                            "[1,2]\n"
                            "{\"id\":\n"
                            "42\n"
                            "{\"id\":5,\"text\":7,\"annotations\":[],\"meta\":\"m\",\"error\":null}\n"
                            "{\"id\":\"c\",\"text\":\"t\",\"annotations\":{},\"meta\":{}}";

static void test_reader_lines(void **state)
{
    (void)state;
    FILE *f = stream(lines);
    tp__view_reader rd = {0};
    tp__view_reader_start(&rd, f, "in.jsonl");
    size_t len;
    static const size_t want_lineno[] = {1, 4, 5, 6, 7, 8, 9};
    static const size_t want_len[] = {10, 10, 5, 6, 2, 58, 48};
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(tp__view_reader_next(&rd, &len), 1);
        assert_int_equal(rd.lineno, want_lineno[i]);
        assert_int_equal(len, want_len[i]);
    }
    assert_int_equal(tp__view_reader_next(&rd, &len), 0);
    tp__view_reader_free(&rd);
    fclose(f);
}

/* Parses line `want` of `lines`. */
static void parse_line(tp__view_rec *c, tp__view_reader *rd, FILE *f, size_t want)
{
    size_t len;
    tp__view_reader_start(rd, f, "in.jsonl");
    do assert_int_equal(tp__view_reader_next(rd, &len), 1);
    while (rd->lineno < want);
    tp__view_rec_parse(c, rd, rd->line, len);
}

static void test_record_members(void **state)
{
    (void)state;
    FILE *f = stream(lines);
    tp__view_reader rd = {0};
    tp__view_rec c;

    parse_line(&c, &rd, f, 4); /* CR LF */
    assert_non_null(c.j);
    assert_string_equal(c.id, "b");
    assert_null(c.error);
    assert_null(c.text);
    tp__view_rec_free(&c);

    static const size_t unreadable[] = {5, 6, 7};
    for (size_t i = 0; i < 3; i++) {
        rewind(f);
        parse_line(&c, &rd, f, unreadable[i]);
        assert_null(c.j);
        assert_null(c.id);
        char why[64];
        snprintf(why, sizeof why, "line %zu of in.jsonl is not a JSON object", unreadable[i]);
        assert_string_equal(c.why, why);
        tp__view_rec_free(&c);
    }

    /* Members of the wrong type read as absent; "error" of any type, null
     * included, makes an error record. */
    rewind(f);
    parse_line(&c, &rd, f, 8);
    assert_non_null(c.j);
    assert_null(c.id);
    assert_null(c.text);
    assert_null(c.ann);
    assert_null(c.meta);
    assert_non_null(c.error);
    tp__view_rec_free(&c);

    rewind(f);
    parse_line(&c, &rd, f, 9); /* no newline at the end */
    assert_string_equal(c.id, "c");
    assert_string_equal(c.text->valuestring, "t");
    assert_non_null(c.ann);
    assert_non_null(c.meta);
    assert_null(c.error);
    tp__view_rec_free(&c);

    tp__view_reader_free(&rd);
    fclose(f);
}

static void test_reader_error(void **state)
{
    (void)state;
    char path[] = "/tmp/test_view_records.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    FILE *f = fdopen(fd, "w"); /* open, but not for reading */
    assert_non_null(f);
    tp__view_reader rd = {0};
    tp__view_reader_start(&rd, f, "w");
    size_t len;
    assert_int_equal(tp__view_reader_next(&rd, &len), -1);
    tp__view_reader_free(&rd);
    fclose(f);
}

/* ---- The index ------------------------------------------------------------------- */

static void index_all(tp__view_index *x, const char *records)
{
    FILE *f = stream(records);
    tp__view_reader rd = {0};
    tp__view_reader_start(&rd, f, "in.jsonl");
    tp__view_index_init(x);
    size_t len;
    while (tp__view_reader_next(&rd, &len) > 0) {
        tp__view_rec c;
        tp__view_rec_parse(&c, &rd, rd.line, len);
        tp__view_index_add(x, &c, &rd);
        tp__view_rec_free(&c);
    }
    tp__view_index_finish(x);
    tp__view_reader_free(&rd);
    fclose(f);
}

static const char batch[] = "{\"id\":\"d1\",\"annotations\":{\"sentence\":[{},{}],"
                            "\"entity\":[{\"label\":\"PER\"},{\"label\":\"EVENT\"},{\"label\":\"\"},{}],"
                            "\"money\":[{}],\"summary\":[],\"quote\":[{},{},{}],\"token\":[{}],\"notalayer\":{\"x\":1}}}\n"
                            "{\"id\":\"d2\",\"annotations\":{\"entity\":[{\"label\":\"EVENT\"}],\"quote\":[{}]}}\n"
                            "{\"error\":{\"stage\":\"ner\",\"code\":\"crash<ed>\"}}\n"
                            "\n"
                            "not json\n"
                            "{\"id\":\"<b>\"}\n";

static void test_index_counts(void **state)
{
    (void)state;
    tp__view_index x;
    index_all(&x, batch);
    assert_int_equal(x.ndocs, 5);
    assert_int_equal(x.nerrors, 2);
    /* Labels: the four standard ones, then in the order first seen; a
     * missing or empty label is "?". */
    assert_int_equal(x.labels.n, 6);
    assert_string_equal(x.labels.v[4], "EVENT");
    assert_string_equal(x.labels.v[5], "?");
    assert_int_equal(x.layers.n, 2);
    assert_string_equal(x.layers.v[0], "quote");
    assert_string_equal(x.layers.v[1], "token");

    const tp__view_docinfo *d1 = &x.docs[0], *d2 = &x.docs[1];
    assert_int_equal(tp__view_index_count(&x, d1, TP__VIEW_KEY_SENT), 2);
    assert_int_equal(tp__view_index_count(&x, d1, TP__VIEW_KEY_ENT), 4);
    assert_int_equal(tp__view_index_count(&x, d1, TP__VIEW_KEY_LABEL(0)), 1);
    assert_int_equal(tp__view_index_count(&x, d1, TP__VIEW_KEY_LABEL(1)), 0);
    assert_int_equal(tp__view_index_count(&x, d1, TP__VIEW_KEY_LABEL(4)), 1);
    assert_int_equal(tp__view_index_count(&x, d1, TP__VIEW_KEY_LABEL(5)), 2);
    assert_int_equal(tp__view_index_count(&x, d1, TP__VIEW_KEY_MONEY), 1);
    assert_int_equal(tp__view_index_count(&x, d1, TP__VIEW_KEY_SUM), 0);
    assert_int_equal(tp__view_index_count(&x, d1, TP__VIEW_KEY_LAYER(0)), 3);
    assert_int_equal(tp__view_index_count(&x, d1, TP__VIEW_KEY_LAYER(1)), 1);
    assert_int_equal(tp__view_index_count(&x, d2, TP__VIEW_KEY_SENT), 0);
    assert_int_equal(tp__view_index_count(&x, d2, TP__VIEW_KEY_LABEL(4)), 1);

    /* The batch. */
    assert_int_equal(tp__view_index_count(&x, NULL, TP__VIEW_KEY_ENT), 5);
    assert_int_equal(tp__view_index_count(&x, NULL, TP__VIEW_KEY_LABEL(4)), 2);
    assert_int_equal(tp__view_index_count(&x, NULL, TP__VIEW_KEY_LAYER(0)), 4);
    assert_int_equal(tp__view_index_count(&x, NULL, TP__VIEW_KEY_SUM), 0);
    assert_true(tp__view_index_seen(&x, TP__VIEW_KEY_SUM)); /* an empty layer is still a layer */
    assert_true(tp__view_index_seen(&x, TP__VIEW_KEY_MONEY));

    /* Ids and errors as shown: escaped; an unreadable line by its place. */
    assert_string_equal(x.docs[0].id, "d1");
    assert_null(x.docs[0].error);
    assert_string_equal(x.docs[2].id, "(no id)");
    assert_string_equal(x.docs[2].error, "ner: crash&lt;ed&gt;");
    assert_string_equal(x.docs[3].id, "in.jsonl:5");
    assert_string_equal(x.docs[3].error, "view: unreadable");
    assert_string_equal(x.docs[4].id, "&lt;b&gt;");
    assert_null(x.docs[4].error);
    tp__view_index_free(&x);
}

static void test_index_long_id_and_no_layers(void **state)
{
    (void)state;
    char rec[400] = "{\"id\":\"";
    memset(rec + 7, 'x', 300);
    strcpy(rec + 307, "\"}\n");
    tp__view_index x;
    index_all(&x, rec);
    assert_int_equal(strlen(x.docs[0].id), 200 + 3);
    assert_string_equal(x.docs[0].id + 200, "\xE2\x80\xA6");
    assert_false(tp__view_index_seen(&x, TP__VIEW_KEY_SENT));
    assert_false(tp__view_index_seen(&x, TP__VIEW_KEY_ENT));
    tp__view_index_free(&x);
}

static void test_names_shared_slot(void **state)
{
    (void)state;
    tp__view_index x;
    tp__view_index_init(&x);
    char name[16];
    for (int i = 0; i < 60; i++) {
        snprintf(name, sizeof name, "L%d", i);
        size_t slot = tp__view_names_add(&x.labels, name);
        /* 4 standard labels, so L0..L43 fill slots 4..47. */
        assert_int_equal(slot, i < 44 ? (size_t)i + 4 : TP__VIEW_MAX_NAMES);
    }
    assert_int_equal(x.labels.n, TP__VIEW_MAX_NAMES);
    assert_int_equal(tp__view_names_slot(&x.labels, "PER"), 0);
    assert_int_equal(tp__view_names_slot(&x.labels, "L43"), 47);
    assert_int_equal(tp__view_names_slot(&x.labels, "L44"), TP__VIEW_MAX_NAMES);
    assert_string_equal(tp__view_label_name(&x, TP__VIEW_MAX_NAMES), "other labels");
    assert_string_equal(tp__view_layer_name(&x, 0), "other layers");
    tp__view_index_free(&x);
}

/* ---- The page ------------------------------------------------------------------- */

static int collect(void *arg, const char *data, size_t len)
{
    tp__buf_append(arg, data, len);
    return 0;
}

/* The page of `records` as a C string (caller frees); rc the render's. */
static char *render(const char *records, size_t page_size, int *rc, char *err, size_t errlen)
{
    FILE *f = stream(records);
    FILE *in[1] = {f};
    const char *names[1] = {"in.jsonl"};
    tp__html_opts o = {.page_size = page_size, .title = "T"};
    tp__buf page = {0};
    *rc = tp__html_render(in, names, 1, &o, collect, &page, err, errlen);
    tp__buf_putc(&page, '\0');
    fclose(f);
    return page.data;
}

static const char two[] =
    "{\"id\":\"a\",\"text\":\"Ann met Bob.\",\"annotations\":{\"sentence\":[{\"start\":0,\"end\":12}],"
    "\"entity\":[{\"start\":0,\"end\":3,\"label\":\"PER\"},{\"start\":8,\"end\":11,\"label\":\"PER\"}]}}\n"
    "{\"id\":\"b\",\"error\":{\"stage\":\"ner\",\"code\":\"timeout\"}}\n";

static void expect_in(const char *page, const char *want)
{
    if (!strstr(page, want))
        fail_msg("the page lacks: %s", want);
}

static void test_page_index_table(void **state)
{
    (void)state;
    char err[200] = "";
    int rc;
    char *page = render(two, 0, &rc, err, sizeof err);
    assert_int_equal(rc, 0);
    expect_in(page, "<p class=\"totals\">2 documents \xC2\xB7 1 error \xC2\xB7 1 sentence \xC2\xB7 "
                    "2 entities (PER 2)</p>\n<p class=\"errlist\">Errors: <a href=\"#d2\">b</a></p>\n");
    expect_in(page, "<th scope=\"col\">sentences</th><th scope=\"col\"><abbr title=\"persons\">PER</abbr></th>"
                    "<th scope=\"col\"><abbr title=\"organisations\">ORG</abbr></th>"
                    "<th scope=\"col\"><abbr title=\"locations\">LOC</abbr></th>"
                    "<th scope=\"col\"><abbr title=\"other names\">MISC</abbr></th>"
                    "<th scope=\"col\" class=\"st\">status</th></tr></thead>\n<tbody data-page=\"1\">\n");
    expect_in(page, "<tr><td>1</td><td class=\"id\"><a href=\"#d1\">a</a></td><td>1</td><td>2</td><td>0</td>"
                    "<td>0</td><td>0</td><td class=\"st\">ok</td></tr>\n");
    expect_in(page, "<tr class=\"err\"><td>2</td><td class=\"id\"><a href=\"#d2\">b</a></td>"
                    "<td>\xE2\x80\x93</td><td>\xE2\x80\x93</td><td>\xE2\x80\x93</td><td>\xE2\x80\x93</td>"
                    "<td>\xE2\x80\x93</td><td class=\"st\">error (ner: timeout)</td></tr>\n");
    expect_in(page, "<tfoot><tr><th scope=\"row\" colspan=\"2\">total</th><th>1</th><th>2</th><th>0</th><th>0</th>"
                    "<th>0</th><th class=\"st\">1 ok, 1 failed</th></tr></tfoot>\n");
    expect_in(page, "<p class=\"docinfo\">1 sentence \xC2\xB7 2 entities (PER 2)<span class=\"up\"> \xC2\xB7 "
                    "<a href=\"#index\">index</a></span></p>\n");
    expect_in(page, "<div class=\"text\"><span class=\"sent odd\" data-layer=\"sentence\" data-span=\"sentence:0\" "
                    "data-n=\"1\"><mark class=\"ent e0 ent-PER\" data-layer=\"entity\" data-span=\"entity:0\" "
                    "data-label=\"PER\" title=\"entity PER\">Ann</mark> met <mark class=\"ent e0 ent-PER\" "
                    "data-layer=\"entity\" data-span=\"entity:1\" data-label=\"PER\" title=\"entity PER\">Bob</mark>."
                    "</span></div>\n");
    expect_in(page, "<article class=\"doc error\" id=\"d2\" aria-labelledby=\"d2-h\" data-id=\"b\" "
                    "data-error-code=\"timeout\">\n");
    /* One page: no page links. */
    assert_null(strstr(page, "id=\"pager\""));
    assert_string_equal(page + strlen(page) - 35, "</section>\n</main>\n</body>\n</html>\n");
    free(page);
}

static void test_page_sections(void **state)
{
    (void)state;
    char err[200] = "";
    int rc;
    char *page = render(two, 1, &rc, err, sizeof err);
    assert_int_equal(rc, 0);
    expect_in(page, "<nav class=\"pager\" id=\"pager\" aria-label=\"Pages\">Pages: <a href=\"#page-1\" "
                    "data-page=\"1\">1</a> <a href=\"#page-2\" data-page=\"2\">2</a></nav>\n");
    expect_in(page, "<section class=\"page\" id=\"page-1\" data-page=\"1\" aria-label=\"Page 1: documents 1 to 1\">\n"
                    "<article ");
    expect_in(page, "</article>\n</section>\n<section class=\"page\" id=\"page-2\" data-page=\"2\" "
                    "aria-label=\"Page 2: documents 2 to 2\">\n<article ");
    expect_in(page, "</tbody>\n<tbody data-page=\"2\">\n");
    free(page);

    page = render("\n\n", 0, &rc, err, sizeof err);
    assert_int_equal(rc, 0);
    expect_in(page, "<p class=\"totals\">0 documents \xC2\xB7 0 errors</p>\n");
    expect_in(page, "<p>No records.</p>\n</main>");
    free(page);
}

/* The text between `open` and `close`. */
static char *between(const char *page, const char *open, const char *close, size_t *len)
{
    const char *a = strstr(page, open);
    assert_non_null(a);
    a += strlen(open);
    const char *z = strstr(a, close);
    assert_non_null(z);
    *len = (size_t)(z - a);
    return (char *)a;
}

static void test_page_policy_hashes(void **state)
{
    (void)state;
    /* FIPS 180-2 vector: SHA-256("abc") = ba7816bf…f20015ad, in base64. */
    char h[45];
    tp__sha256_base64("abc", 3, h);
    assert_string_equal(h, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    char hex[TP__SHA256_HEX_LEN + 1];
    tp__sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* ... and of no bytes: e3b0c442…7852b855. */
    tp__sha256_base64("", 0, h);
    assert_string_equal(h, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");

    char err[200] = "";
    int rc;
    char *page = render(two, 0, &rc, err, sizeof err);
    size_t n;
    const char *css = between(page, "<style>", "</style>", &n);
    /* The compiled-in sheet starts it and the print rules end it. */
    assert_memory_equal(css, tp__view_page_css, strlen(tp__view_page_css));
    size_t np = strlen(tp__view_print_css);
    assert_memory_equal(css + n - np, tp__view_print_css, np);
    tp__sha256_base64(css, n, h);
    char want[128];
    snprintf(want, sizeof want, "style-src 'sha256-%s';", h);
    expect_in(page, want);
    const char *js = between(page, "<script>", "</script>", &n);
    assert_int_equal(n, strlen(tp__view_page_js));
    assert_memory_equal(js, tp__view_page_js, n);
    tp__sha256_base64(js, n, h);
    snprintf(want, sizeof want, "script-src 'sha256-%s';", h);
    expect_in(page, want);
    expect_in(page, "content=\"default-src 'none'; ");
    /* The comments of page.css, print.css and page.js stay in the sources. */
    assert_null(strstr(tp__view_page_css, "/*"));
    assert_null(strstr(tp__view_print_css, "/*"));
    assert_null(strstr(tp__view_page_js, "/*"));
    free(page);
}

/* Truncates the input when the page's head is written, between the passes. */
static int shrink(void *arg, const char *data, size_t len)
{
    (void)data;
    (void)len;
    FILE *f = arg;
    if (ftruncate(fileno(f), 0) != 0)
        return -1;
    return 0;
}

static void test_input_changed(void **state)
{
    (void)state;
    FILE *f = stream(two);
    FILE *in[1] = {f};
    const char *names[1] = {"in.jsonl"};
    tp__html_opts o = {0};
    char err[200] = "";
    assert_int_equal(tp__html_render(in, names, 1, &o, shrink, f, err, sizeof err), -1);
    assert_string_equal(err, "the input changed while it was read (2 records, then 0)");
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_lines),
        cmocka_unit_test(test_record_members),
        cmocka_unit_test(test_reader_error),
        cmocka_unit_test(test_index_counts),
        cmocka_unit_test(test_index_long_id_and_no_layers),
        cmocka_unit_test(test_names_shared_slot),
        cmocka_unit_test(test_page_index_table),
        cmocka_unit_test(test_page_sections),
        cmocka_unit_test(test_page_policy_hashes),
        cmocka_unit_test(test_input_changed),
    };
    return cmocka_run_group_tests(tests, 0, NULL);
}
