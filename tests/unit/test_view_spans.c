/* test_view_spans.c - unit tests of the span renderer: view/spans.h
 * (offsets in code points, bytes and UTF-16 units; offsets inside a
 * character, past the end, reversed or not numbers; text with bad UTF-8;
 * nested, equal, crossing and empty spans; a CR LF cut by a boundary) and
 * view/tags.h (each kind's attributes and hover text, hostile names).
 * Expected markup is written out by hand from the rules in the headers; a
 * property test checks well-formedness on random spans with its own tag
 * matcher. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "buf.h"
#include "view/index.h"
#include "view/record.h"
#include "view/spans.h"

static int collect(void *arg, const char *data, size_t len)
{
    tp__buf_append(arg, data, len);
    return 0;
}

typedef struct drawn {
    char *html; /* the text with its spans (malloc'd) */
    size_t nspans, bad, mismatched;
} drawn;

/* Draws the text of `record` (one JSON object) as document 1. */
static drawn draw(const char *record, tp__offset_unit unit)
{
    tp__view_reader rd = {.name = "t", .lineno = 1};
    tp__view_rec c;
    tp__view_rec_parse(&c, &rd, record, strlen(record));
    assert_non_null(c.j);
    assert_non_null(c.text);
    tp__view_index x;
    tp__view_index_init(&x);
    tp__view_index_add(&x, &c, &rd);
    tp__view_index_finish(&x);

    tp__view_spans d = {.n = 1, .text = c.text->valuestring, .len = strlen(c.text->valuestring)};
    tp__view_spans_collect(&d, c.ann, unit, &x);
    tp__buf page = {0}, tmp = {0};
    tp__view_out out = {.fn = collect, .arg = &page};
    tp__view_spans_draw(&out, &d, &tmp);
    tp__view_out_flush(&out);
    tp__buf_putc(&page, '\0');
    drawn r = {page.data, d.nspans, d.bad, d.mismatched};
    tp__view_spans_free(&d);
    tp__buf_free(&tmp);
    tp__buf_free(&out.b);
    tp__view_index_free(&x);
    tp__view_rec_free(&c);
    return r;
}

static void expect(const char *record, tp__offset_unit unit, const char *html, size_t nspans, size_t bad)
{
    drawn r = draw(record, unit);
    assert_string_equal(r.html, html);
    assert_int_equal(r.nspans, nspans);
    assert_int_equal(r.bad, bad);
    free(r.html);
}

#define X0 "<span class=\"lay g0\" data-layer=\"x\" data-span=\"x:0\" title=\"x[0]\">"

/* ---- Offsets --------------------------------------------------------------------- */

/* "aé😀b": a (1 byte), é (C3 A9), 😀 U+1F600 (F0 9F 98 80, a surrogate
 * pair in UTF-16), b.  The emoji is [2,3) in code points, [3,7) in bytes,
 * [2,4) in UTF-16 units. */
#define AEB                     \
    "a\xC3\xA9\xF0\x9F\x98\x80" \
    "b"

static void test_offset_units(void **state)
{
    (void)state;
    const char *want = "a\xC3\xA9" X0 "\xF0\x9F\x98\x80</span>b";
    expect("{\"text\":\"" AEB "\",\"annotations\":{\"x\":[{\"start\":2,\"end\":3}]}}", TP_OFFSETS_CODEPOINTS, want,
           1, 0);
    expect("{\"text\":\"" AEB "\",\"annotations\":{\"x\":[{\"start\":3,\"end\":7}]}}", TP_OFFSETS_BYTES, want, 1, 0);
    expect("{\"text\":\"" AEB "\",\"annotations\":{\"x\":[{\"start\":2,\"end\":4}]}}", TP_OFFSETS_UTF16, want, 1, 0);
    /* The whole text: [0,4) code points, [0,8) bytes, [0,5) UTF-16. */
    const char *all = X0 AEB "</span>";
    expect("{\"text\":\"" AEB "\",\"annotations\":{\"x\":[{\"start\":0,\"end\":4}]}}", TP_OFFSETS_CODEPOINTS, all,
           1, 0);
    expect("{\"text\":\"" AEB "\",\"annotations\":{\"x\":[{\"start\":0,\"end\":8}]}}", TP_OFFSETS_BYTES, all, 1, 0);
    expect("{\"text\":\"" AEB "\",\"annotations\":{\"x\":[{\"start\":0,\"end\":5}]}}", TP_OFFSETS_UTF16, all, 1, 0);
}

static void test_offsets_that_do_not_fit(void **state)
{
    (void)state;
    /* Inside é in bytes; between the halves of the pair in UTF-16; past the
     * end in each unit. */
    expect("{\"text\":\"" AEB "\",\"annotations\":{\"x\":[{\"start\":2,\"end\":3}]}}", TP_OFFSETS_BYTES, AEB, 0, 1);
    expect("{\"text\":\"" AEB "\",\"annotations\":{\"x\":[{\"start\":3,\"end\":4}]}}", TP_OFFSETS_UTF16, AEB, 0, 1);
    expect("{\"text\":\"" AEB "\",\"annotations\":{\"x\":[{\"start\":4,\"end\":5}]}}", TP_OFFSETS_CODEPOINTS, AEB,
           0, 1);
    expect("{\"text\":\"" AEB "\",\"annotations\":{\"x\":[{\"start\":0,\"end\":9}]}}", TP_OFFSETS_BYTES, AEB, 0, 1);
    expect("{\"text\":\"" AEB "\",\"annotations\":{\"x\":[{\"start\":5,\"end\":6}]}}", TP_OFFSETS_UTF16, AEB, 0, 1);
    /* Not offsets at all: reversed, negative, fractional, a string, missing,
     * too large for a double to hold exactly, a span that is not an object. */
    expect("{\"text\":\"abc\",\"annotations\":{\"x\":[{\"start\":2,\"end\":1},{\"start\":-1,\"end\":1},"
           "{\"start\":0.5,\"end\":1},{\"start\":\"0\",\"end\":1},{\"start\":0},{\"start\":0,\"end\":1e300},"
           "[0,1],7],\"y\":[{\"start\":1,\"end\":2}]}}",
           TP_OFFSETS_CODEPOINTS,
           "a<span class=\"lay g1\" data-layer=\"y\" data-span=\"y:0\" title=\"y[0]\">b</span>c", 1, 8);
}

static void test_bad_utf8_text(void **state)
{
    (void)state;
    /* A byte that is not UTF-8 is one character in every unit, drawn as
     * U+FFFD: "a\xFF" "b" has 3 units, b is [2,3). */
    const char *want = "a\xEF\xBF\xBD" X0 "b</span>";
    for (int u = 0; u < 3; u++)
        expect("{\"text\":\"a\xFF"
               "b\",\"annotations\":{\"x\":[{\"start\":2,\"end\":3}]}}",
               (tp__offset_unit)u, want, 1, 0);
}

/* ---- Overlaps ---------------------------------------------------------------- */

static void test_nested_and_equal(void **state)
{
    (void)state;
    /* y inside x. */
    expect("{\"text\":\"abcdef\",\"annotations\":{\"x\":[{\"start\":0,\"end\":6}],\"y\":[{\"start\":1,\"end\":3}]}}",
           TP_OFFSETS_CODEPOINTS,
           X0 "a<span class=\"lay g1\" data-layer=\"y\" data-span=\"y:0\" title=\"y[0]\">bc</span>def</span>", 2, 0);
    /* Three spans over the same text nest by kind: sentence outermost, then
     * other layers, entity innermost - whatever their order in the record. */
    expect("{\"text\":\"abc\",\"annotations\":{\"entity\":[{\"start\":0,\"end\":3,\"label\":\"PER\"}],"
           "\"x\":[{\"start\":0,\"end\":3}],\"sentence\":[{\"start\":0,\"end\":3}]}}",
           TP_OFFSETS_CODEPOINTS,
           "<span class=\"sent odd\" data-layer=\"sentence\" data-span=\"sentence:0\" data-n=\"1\">" X0
           "<mark class=\"ent e0 ent-PER\" data-layer=\"entity\" data-span=\"entity:0\" data-label=\"PER\" "
           "title=\"entity PER\">abc</mark></span></span>",
           3, 0);
}

static void test_crossing(void **state)
{
    (void)state;
    /* x [0,4) and y [2,6) cross: y is cut where x ends, its first fragment
     * marked data-more, the second data-cont. */
    expect("{\"text\":\"abcdef\",\"annotations\":{\"x\":[{\"start\":0,\"end\":4}],\"y\":[{\"start\":2,\"end\":6}]}}",
           TP_OFFSETS_CODEPOINTS,
           X0 "ab<span class=\"lay g1\" data-layer=\"y\" data-span=\"y:0\" data-more title=\"y[0]\">cd</span></span>"
              "<span class=\"lay g1\" data-layer=\"y\" data-span=\"y:0\" data-cont title=\"y[0]\">ef</span>",
           2, 0);
    /* Two spans of one layer crossing: x:1 [1,3) crosses x:0 [0,2). */
    expect("{\"text\":\"abcd\",\"annotations\":{\"x\":[{\"start\":0,\"end\":2},{\"start\":1,\"end\":3}]}}",
           TP_OFFSETS_CODEPOINTS,
           X0 "a<span class=\"lay g0\" data-layer=\"x\" data-span=\"x:1\" data-more title=\"x[1]\">b</span></span>"
              "<span class=\"lay g0\" data-layer=\"x\" data-span=\"x:1\" data-cont title=\"x[1]\">c</span>d",
           2, 0);
}

static void test_empty_span_and_crlf(void **state)
{
    (void)state;
    expect("{\"text\":\"abcd\",\"annotations\":{\"x\":[{\"start\":2,\"end\":2}]}}", TP_OFFSETS_CODEPOINTS,
           "ab<span class=\"lay g0 empty\" data-layer=\"x\" data-span=\"x:0\" title=\"x[0]\"></span>cd", 1, 0);
    /* A boundary between CR and LF: the CR is left out, the LF kept, so the
     * pair is still one line break. */
    expect("{\"text\":\"a\\r\\nb\",\"annotations\":{\"x\":[{\"start\":0,\"end\":2}]}}", TP_OFFSETS_CODEPOINTS,
           X0 "a</span>\nb", 1, 0);
}

static void test_mismatch(void **state)
{
    (void)state;
    drawn r = draw("{\"text\":\"abc\",\"annotations\":{\"x\":[{\"start\":0,\"end\":2,\"text\":\"ab\"},"
                   "{\"start\":1,\"end\":3,\"text\":\"BC\"}]}}",
                   TP_OFFSETS_CODEPOINTS);
    assert_string_equal(r.html, X0 "a<span class=\"lay g0 mismatch\" data-layer=\"x\" data-span=\"x:1\" data-more "
                                   "title=\"x[1]&#10;the span&#39;s text differs from the document at its offsets\">"
                                   "b</span></span><span class=\"lay g0 mismatch\" data-layer=\"x\" data-span=\"x:1\" "
                                   "data-cont title=\"x[1]&#10;the span&#39;s text differs from the document at its "
                                   "offsets\">c</span>");
    assert_int_equal(r.mismatched, 1);
    free(r.html);
}

/* Random spans over a text: the markup is well formed (each end tag closes
 * the innermost open element of its name), removing the tags gives back the
 * text, and the elements without data-cont are as many as the spans drawn. */
static void test_random_spans_well_formed(void **state)
{
    (void)state;
    uint32_t seed = 4;
    for (int round = 0; round < 300; round++) {
        char rec[4096];
        int at = snprintf(rec, sizeof rec, "{\"text\":\"abcdefghij\",\"annotations\":{");
        static const char *const layers[] = {"sentence", "entity", "money", "summary", "x", "token"};
        for (int l = 0; l < 6; l++) {
            at += snprintf(rec + at, sizeof rec - (size_t)at, "%s\"%s\":[", l ? "," : "", layers[l]);
            for (int k = 0; k < 3; k++) {
                seed = seed * 1103515245u + 12345u;
                int s = (int)(seed >> 16) % 11, e = s + (int)(seed >> 8) % (11 - s);
                at += snprintf(rec + at, sizeof rec - (size_t)at, "%s{\"start\":%d,\"end\":%d}", k ? "," : "", s, e);
            }
            at += snprintf(rec + at, sizeof rec - (size_t)at, "]");
        }
        snprintf(rec + at, sizeof rec - (size_t)at, "}}");
        drawn r = draw(rec, TP_OFFSETS_CODEPOINTS);
        assert_int_equal(r.nspans, 18);
        char stack[64];
        size_t depth = 0, firsts = 0;
        char text[64];
        size_t tl = 0;
        for (const char *p = r.html; *p;) {
            if (*p != '<') {
                text[tl++] = *p++;
                continue;
            }
            const char *end = strchr(p, '>');
            assert_non_null(end);
            if (p[1] == '/') {
                assert_true(depth > 0);
                assert_int_equal(stack[--depth], p[2]); /* 'm'ark or 's'pan */
            } else {
                stack[depth++] = p[1];
                char tag[2048];
                memcpy(tag, p, (size_t)(end - p));
                tag[end - p] = '\0';
                firsts += strstr(tag, " data-cont") == NULL;
            }
            p = end + 1;
        }
        text[tl] = '\0';
        assert_int_equal(depth, 0);
        assert_string_equal(text, "abcdefghij");
        assert_int_equal(firsts, 18);
        free(r.html);
    }
}

/* ---- Tags -------------------------------------------------------------------------- */

static void test_tags_per_kind(void **state)
{
    (void)state;
    expect("{\"text\":\"abc\",\"annotations\":{\"money\":[{\"start\":0,\"end\":3,\"amount\":40000000000,"
           "\"currency\":\"USD\",\"approximate\":true,\"currency_default\":true}]}}",
           TP_OFFSETS_CODEPOINTS,
           "<span class=\"money\" data-layer=\"money\" data-span=\"money:0\" data-amount=\"40000000000\" "
           "data-currency=\"USD\" data-norm=\"about 40,000,000,000 USD\" tabindex=\"0\" title=\"money: "
           "40,000,000,000 USD (approximate)&#10;currency from the configuration (the symbol alone is ambiguous)\">"
           "abc</span>",
           1, 0);
    expect("{\"text\":\"abc\",\"annotations\":{\"money\":[{\"start\":0,\"end\":3,\"min\":5e6,\"max\":7e6,"
           "\"currency\":\"EUR\",\"converted\":{\"min\":4250000,\"max\":5950000,\"currency\":\"GBP\","
           "\"rate\":0.85,\"rate_date\":\"2024-01-02\"},\"note\":\"n\"}]}}",
           TP_OFFSETS_CODEPOINTS,
           "<span class=\"money\" data-layer=\"money\" data-span=\"money:0\" data-min=\"5000000\" "
           "data-max=\"7000000\" data-currency=\"EUR\" data-converted-min=\"4250000\" data-converted-max=\"5950000\" "
           "data-converted-currency=\"GBP\" data-norm=\"5,000,000\xE2\x80\x93"
           "7,000,000 EUR \xE2\x89\x88 "
           "4,250,000\xE2\x80\x93"
           "5,950,000 GBP\" tabindex=\"0\" title=\"money: 5,000,000\xE2\x80\x93"
           "7,000,000 EUR&#10;converted: 4,250,000\xE2\x80\x93"
           "5,950,000 GBP at 0.85 (rate of 2024-01-02)"
           "&#10;note: n\">abc</span>",
           1, 0);
    expect("{\"text\":\"abc\",\"annotations\":{\"summary\":[{\"start\":0,\"end\":3,\"rank\":2}]}}",
           TP_OFFSETS_CODEPOINTS,
           "<mark class=\"sum\" data-layer=\"summary\" data-span=\"summary:0\" data-rank=\"2\" id=\"d1-s1\" "
           "title=\"summary sentence, rank 2\">abc</mark>",
           1, 0);
    /* A sentence with a feature gets a title; a second sentence is not "odd". */
    expect("{\"text\":\"ab\",\"annotations\":{\"sentence\":[{\"start\":0,\"end\":1},"
           "{\"start\":1,\"end\":2,\"text\":\"b\",\"kind\":\"quote\"}]}}",
           TP_OFFSETS_CODEPOINTS,
           "<span class=\"sent odd\" data-layer=\"sentence\" data-span=\"sentence:0\" data-n=\"1\">a</span>"
           "<span class=\"sent\" data-layer=\"sentence\" data-span=\"sentence:1\" data-n=\"2\" "
           "title=\"sentence 2&#10;kind: quote\">b</span>",
           2, 0);
    /* Features: a reference, a nested object flattened, a label from the
     * standard four or not. */
    expect("{\"text\":\"abc\",\"annotations\":{\"entity\":[{\"start\":0,\"end\":1,\"label\":\"EVENT\",\"score\":0.5}],"
           "\"quote\":[{\"start\":0,\"end\":3,\"speaker\":{\"layer\":\"entity\",\"index\":0},"
           "\"kind\":\"indirect\",\"m\":{\"a\":{\"b\":1}}}]}}",
           TP_OFFSETS_CODEPOINTS,
           "<span class=\"lay g0\" data-layer=\"quote\" data-span=\"quote:0\" title=\"quote[0]&#10;speaker: "
           "\xE2\x86\x92 entity[0]&#10;kind: indirect&#10;m.a.b: 1\"><mark class=\"ent e4\" data-layer=\"entity\" "
           "data-span=\"entity:0\" data-label=\"EVENT\" data-score=\"0.5\" title=\"entity EVENT, score 0.5\">a</mark>"
           "bc</span>",
           2, 0);
}

static void test_tags_hostile_names(void **state)
{
    (void)state;
    expect("{\"text\":\"ab\",\"annotations\":{\"entity\":[{\"start\":0,\"end\":1,"
           "\"label\":\"<img src=x onerror=alert(1)>\"}],\"q\\\" onclick=\\\"x\":[{\"start\":1,\"end\":2,"
           "\"f\":\"</script>\"}]}}",
           TP_OFFSETS_CODEPOINTS,
           "<mark class=\"ent e4\" data-layer=\"entity\" data-span=\"entity:0\" "
           "data-label=\"&lt;img src=x onerror=alert(1)&gt;\" title=\"entity &lt;img src=x onerror=alert(1)&gt;\">"
           "a</mark><span class=\"lay g0\" data-layer=\"q&quot; onclick=&quot;x\" "
           "data-span=\"q&quot; onclick=&quot;x:0\" title=\"q&quot; onclick=&quot;x[0]&#10;f: &lt;/script&gt;\">"
           "b</span>",
           2, 0);
}

static void test_title_is_bounded(void **state)
{
    (void)state;
    /* Ten features of 400 bytes: the hover text stops after 2,000 bytes. */
    char rec[8192];
    int at = snprintf(rec, sizeof rec, "{\"text\":\"a\",\"annotations\":{\"x\":[{\"start\":0,\"end\":1");
    for (int i = 0; i < 10; i++) {
        at += snprintf(rec + at, sizeof rec - (size_t)at, ",\"f%d\":\"", i);
        memset(rec + at, 'q', 400);
        at += 400;
        at += snprintf(rec + at, sizeof rec - (size_t)at, "\"");
    }
    snprintf(rec + at, sizeof rec - (size_t)at, "}]}}");
    drawn r = draw(rec, TP_OFFSETS_CODEPOINTS);
    const char *t = strstr(r.html, "title=\"");
    assert_non_null(t);
    const char *end = strstr(t, "\xE2\x80\xA6\">a</span>");
    assert_non_null(end);
    /* Unescaped, "x[0]" and four lines "\nfN: " + 400 q make 4 + 4 × 405 =
     * 1,624 bytes; the fifth line takes the text past 2,000 (the sixth is
     * not written) and the cut at byte 2,000 leaves 2,000 - 1,624 - 5 = 371
     * of its q. */
    size_t q = 0;
    for (const char *p = t; p < end; p++) q += *p == 'q';
    assert_int_equal(q, 4 * 400 + 371);
    free(r.html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offset_units),     cmocka_unit_test(test_offsets_that_do_not_fit),
        cmocka_unit_test(test_bad_utf8_text),    cmocka_unit_test(test_nested_and_equal),
        cmocka_unit_test(test_crossing),         cmocka_unit_test(test_empty_span_and_crlf),
        cmocka_unit_test(test_mismatch),         cmocka_unit_test(test_random_spans_well_formed),
        cmocka_unit_test(test_tags_per_kind),    cmocka_unit_test(test_tags_hostile_names),
        cmocka_unit_test(test_title_is_bounded),
    };
    return cmocka_run_group_tests(tests, 0, NULL);
}
