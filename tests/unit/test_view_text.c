/* test_view_text.c - unit tests of the viewer's text pieces: view/esc.h
 * (escaping hostile text: markup, quotes, controls, bad UTF-8, bidi
 * controls), clipping, and view/values.h (numbers and values written for
 * people).  The decoder escaping uses is <textpipe/utf8.h>'s, tested in
 * test_utf8_public.c.  Expected strings are worked out by hand from the
 * rules in the headers (HTML escapes, Unicode code charts, printf), never
 * copied from output. */
#include "autoconfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "buf.h"
#include "utf8.h"
#include "view/esc.h"
#include "view/values.h"

#define FFFD "\xEF\xBF\xBD"

static char result[8192];

/* s[0..n) escaped, as a C string (esc never writes a NUL). */
static const char *esc_n(const char *s, size_t n, tp__view_ctx ctx)
{
    tp__buf b = {0};
    tp__view_esc(&b, s, n, ctx);
    assert_true(b.len < sizeof result);
    assert_null(b.data ? memchr(b.data, '\0', b.len) : NULL);
    memcpy(result, b.data ? b.data : "", b.len);
    result[b.len] = '\0';
    tp__buf_free(&b);
    return result;
}

static const char *text(const char *s) { return esc_n(s, strlen(s), TP__VIEW_TEXT); }

static const char *attr(const char *s) { return esc_n(s, strlen(s), TP__VIEW_ATTR); }

/* ---- Escaping -------------------------------------------------------------- */

static void test_esc_markup(void **state)
{
    (void)state;
    assert_string_equal(text("<script>alert(\"x\")</script> & 'q'"),
                        "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'q'");
    assert_string_equal(attr("<script>alert(\"x\")</script> & 'q'"),
                        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
    /* Breaking out of a double- or single-quoted attribute. */
    assert_string_equal(attr("\" onmouseover=\"alert(1)"), "&quot; onmouseover=&quot;alert(1)");
    assert_string_equal(attr("' autofocus onfocus='x"), "&#39; autofocus onfocus=&#39;x");
    /* An entity in the data stays text, not the character it names. */
    assert_string_equal(text("&lt;&#60;&amp;"), "&amp;lt;&amp;#60;&amp;amp;");
    assert_string_equal(text("<!-- ]]> <![CDATA["), "&lt;!-- ]]&gt; &lt;![CDATA[");
    assert_string_equal(text("javascript:alert(1)"), "javascript:alert(1)");
    assert_string_equal(text(""), "");
}

static void test_esc_whitespace(void **state)
{
    (void)state;
    assert_string_equal(text("a\tb\nc"), "a\tb\nc");
    assert_string_equal(attr("a\tb\nc"), "a b&#10;c");
    /* CR LF is one line break; so is a lone CR, as a browser draws it. */
    assert_string_equal(text("a\r\nb"), "a\nb");
    assert_string_equal(attr("a\r\nb"), "a&#10;b");
    assert_string_equal(text("a\rb\r"), "a\nb\n");
    assert_string_equal(attr("a\rb"), "a&#10;b");
    assert_string_equal(text("\r\r\n"), "\n\n");
}

static void test_esc_controls(void **state)
{
    (void)state;
    /* C0 controls become U+2400 + code (E2 90 80+code), DEL U+2421. */
    assert_string_equal(esc_n("x\0y", 3, TP__VIEW_TEXT), "x\xE2\x90\x80y");
    assert_string_equal(text("\x01"), "\xE2\x90\x81");
    assert_string_equal(text("bell\x07"), "bell\xE2\x90\x87");
    assert_string_equal(text("\x1B[31m"), "\xE2\x90\x9B[31m");
    assert_string_equal(attr("\x1F"), "\xE2\x90\x9F");
    assert_string_equal(text("\x7F"), "\xE2\x90\xA1");
    assert_string_equal(text("\x0B\x0C"), "\xE2\x90\x8B\xE2\x90\x8C");
}

static void test_esc_bad_utf8(void **state)
{
    (void)state;
    /* Each byte that does not begin a valid sequence is one U+FFFD, and
     * what follows it is read afresh. */
    assert_string_equal(text("a\xC3(b"), "a" FFFD "(b");
    assert_string_equal(text("\xC0\xAF"), FFFD FFFD);                   /* overlong "/" */
    assert_string_equal(text("\xE0\x80\xAF"), FFFD FFFD FFFD);          /* overlong, 3 bytes */
    assert_string_equal(text("\xF0\x80\x80\xAF"), FFFD FFFD FFFD FFFD); /* overlong, 4 bytes */
    assert_string_equal(text("\xED\xA0\x80"), FFFD FFFD FFFD);          /* U+D800, a surrogate */
    assert_string_equal(text("\xF4\x90\x80\x80"), FFFD FFFD FFFD FFFD); /* U+110000 */
    assert_string_equal(text("\xF5\x80"), FFFD FFFD);
    assert_string_equal(text("\x80"), FFFD);
    assert_string_equal(text("\xFF\xFE"), FFFD FFFD);
    assert_string_equal(text("ab\xE2\x82"), "ab" FFFD FFFD); /* cut short at the end */
    /* A broken sequence never swallows the markup after it. */
    assert_string_equal(text("\xE2\x82<script>"), FFFD FFFD "&lt;script&gt;");
    assert_string_equal(attr("\xC3\"x"), FFFD "&quot;x");
    assert_string_equal(text("\xF0\x9F\x98<"), FFFD FFFD FFFD "&lt;");
    /* Valid sequences pass, the edges of the ranges included. */
    assert_string_equal(text("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    assert_string_equal(text("\xC2\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF"),
                        "\xC2\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF");
    assert_string_equal(text(FFFD), FFFD);
}

static void test_esc_bidi_and_format_characters(void **state)
{
    (void)state;
    /* RLO (U+202E), PDF (U+202C), LRI..PDI (U+2066..U+2069), RLM (U+200F),
     * ZWJ (U+200D), BOM (U+FEFF) are text: kept as they are, and the
     * markup around them is still escaped. */
    assert_string_equal(text("\xE2\x80\xAE<b>evil</b>\xE2\x80\xAC"),
                        "\xE2\x80\xAE&lt;b&gt;evil&lt;/b&gt;\xE2\x80\xAC");
    assert_string_equal(attr("\xE2\x81\xA6\"\xE2\x81\xA9\xE2\x80\x8F\xE2\x80\x8D\xEF\xBB\xBF"),
                        "\xE2\x81\xA6&quot;\xE2\x81\xA9\xE2\x80\x8F\xE2\x80\x8D\xEF\xBB\xBF");
}

/* Any bytes at all: the result is valid UTF-8 without NUL, holds no < or >
 * (and in an attribute no quote), whatever the input. */
static void test_esc_any_bytes(void **state)
{
    (void)state;
    uint32_t seed = 18;
    char in[64];
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(round % 64);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* Mostly the bytes that matter: specials, controls, lead and
             * continuation bytes. */
            static const char pick[] = "<>&\"'\r\n\t\x01\x7F\x80\xBF\xC2\xC3\xE0\xE2\xED\xF0\xF4\xF5\xFF a";
            in[i] = (seed >> 16) % 3 ? pick[(seed >> 8) % (sizeof pick)] : (char)(seed >> 20);
        }
        for (int ctx = 0; ctx < 2; ctx++) {
            const char *out = esc_n(in, n, ctx ? TP__VIEW_ATTR : TP__VIEW_TEXT);
            assert_int_equal(tp__utf8_check(out, strlen(out)).status, TP_UTF8_OK);
            assert_null(strpbrk(out, ctx ? "<>\"'\r\n\t" : "<>\r"));
        }
    }
}

/* ---- Clipping ---------------------------------------------------------------- */

static void test_clip(void **state)
{
    (void)state;
    bool cut;
    assert_int_equal(tp__view_clip("abc", 3, 3, &cut), 3);
    assert_false(cut);
    assert_int_equal(tp__view_clip("abcd", 4, 3, &cut), 3);
    assert_true(cut);
    /* "aé" is 61 C3 A9: two bytes would split the é. */
    assert_int_equal(tp__view_clip("a\xC3\xA9", 3, 2, &cut), 1);
    assert_true(cut);
    assert_int_equal(tp__view_clip("\xF0\x9F\x98\x80", 4, 3, &cut), 0);
    /* Bad UTF-8: stray continuation bytes are characters of their own, cut
     * where the limit falls (not backed over to the start of the run); a
     * lead byte whose sequence is cut short by the limit is dropped whole. */
    assert_int_equal(tp__view_clip("a\x80\x80\x80\x80", 5, 3, &cut), 3);
    assert_true(cut);
    assert_int_equal(tp__view_clip("\x80\x80\x80\x80", 4, 2, &cut), 2);
    assert_int_equal(tp__view_clip("ab\xC3\xA9\x80", 5, 3, &cut), 2);
    assert_int_equal(tp__view_clip("ab\xC3\x41", 4, 3, &cut), 3); /* C3 not followed by a continuation */

    tp__buf b = {0};
    tp__view_esc_clipped(&b, "a\xC3\xA9<b", 2, TP__VIEW_TEXT);
    tp__view_esc_clipped(&b, "|<>|", 4, TP__VIEW_TEXT);
    tp__view_esc_clipped(&b, "\x80\x80\x80", 2, TP__VIEW_TEXT); /* two U+FFFD, then the ellipsis */
    tp__buf_putc(&b, '\0');
    assert_string_equal(b.data, "a\xE2\x80\xA6|&lt;&gt;|\xEF\xBF\xBD\xEF\xBF\xBD\xE2\x80\xA6");
    tp__buf_free(&b);
}

/* ---- Values -------------------------------------------------------------------- */

static const char *num(double v, void (*put)(tp__buf *, double))
{
    tp__buf b = {0};
    put(&b, v);
    tp__buf_putc(&b, '\0');
    snprintf(result, sizeof result, "%s", b.data);
    tp__buf_free(&b);
    return result;
}

static void test_put_num(void **state)
{
    (void)state;
    assert_string_equal(num(0, tp__view_put_num), "0");
    assert_string_equal(num(0.1, tp__view_put_num), "0.1");
    assert_string_equal(num(0.1 + 0.2, tp__view_put_num), "0.30000000000000004");
    assert_string_equal(num(-2.5, tp__view_put_num), "-2.5");
    assert_string_equal(num(40e9, tp__view_put_num), "40000000000");
    assert_string_equal(num(1e21, tp__view_put_num), "1e+21");
    assert_string_equal(num(0.992, tp__view_put_num), "0.992");
    assert_string_equal(num(NAN, tp__view_put_num), "NaN");
    assert_string_equal(num(-INFINITY, tp__view_put_num), "NaN");
}

static void test_put_amount(void **state)
{
    (void)state;
    assert_string_equal(num(40e9, tp__view_put_amount), "40,000,000,000");
    assert_string_equal(num(3915094.34, tp__view_put_amount), "3,915,094.34");
    assert_string_equal(num(-12.5, tp__view_put_amount), "-12.50");
    assert_string_equal(num(999, tp__view_put_amount), "999");
    assert_string_equal(num(1000, tp__view_put_amount), "1,000");
    assert_string_equal(num(100000, tp__view_put_amount), "100,000");
    assert_string_equal(num(0, tp__view_put_amount), "0");
    assert_string_equal(num(0.01, tp__view_put_amount), "0.01");
    assert_string_equal(num(0.0045, tp__view_put_amount), "0.0045");
    assert_string_equal(num(999999999999999, tp__view_put_amount), "999,999,999,999,999");
    assert_string_equal(num(1e15, tp__view_put_amount), "1e+15");
    assert_string_equal(num(INFINITY, tp__view_put_amount), "?");
    assert_string_equal(num(NAN, tp__view_put_amount), "?");
}

static const char *value_of(const char *json)
{
    cJSON *j = cJSON_Parse(json);
    assert_non_null(j);
    tp__buf b = {0};
    tp__view_value_text(&b, cJSON_GetObjectItemCaseSensitive(j, "v"));
    tp__buf_putc(&b, '\0');
    snprintf(result, sizeof result, "%s", b.data);
    tp__buf_free(&b);
    cJSON_Delete(j);
    return result;
}

static void test_value_text(void **state)
{
    (void)state;
    assert_string_equal(value_of("{\"v\":\"x<y\"}"), "x<y"); /* escaping is the caller's */
    assert_string_equal(value_of("{\"v\":1.5}"), "1.5");
    assert_string_equal(value_of("{\"v\":true}"), "true");
    assert_string_equal(value_of("{\"v\":false}"), "false");
    assert_string_equal(value_of("{\"v\":null}"), "null");
    assert_string_equal(value_of("{\"v\":[1,\"a\",{\"b\":null}]}"), "[1,\"a\",{\"b\":null}]");
    assert_string_equal(value_of("{\"w\":1}"), ""); /* missing */

    /* 300 é (600 bytes): 400 bytes are 200 é, then "…". */
    char json[700] = "{\"v\":\"";
    for (int i = 0; i < 300; i++) strcat(json, "\xC3\xA9");
    strcat(json, "\"}");
    const char *v = value_of(json);
    assert_int_equal(strlen(v), 400 + 3);
    assert_memory_equal(v + 396, "\xC3\xA9\xC3\xA9\xE2\x80\xA6", 7);
}

static void test_json_readers(void **state)
{
    (void)state;
    cJSON *j = cJSON_Parse("{\"s\":\"x\",\"n\":2,\"t\":\"2\",\"z\":null}");
    bool has = true;
    assert_string_equal(tp__view_str(j, "s"), "x");
    assert_null(tp__view_str(j, "n"));
    assert_null(tp__view_str(j, "missing"));
    assert_true(tp__view_num(j, "n", &has) == 2 && has);
    assert_true(isnan(tp__view_num(j, "t", &has)) && !has);
    assert_true(isnan(tp__view_num(j, "z", &has)) && !has);
    assert_null(tp__view_str(NULL, "s"));
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_esc_markup),
        cmocka_unit_test(test_esc_whitespace),
        cmocka_unit_test(test_esc_controls),
        cmocka_unit_test(test_esc_bad_utf8),
        cmocka_unit_test(test_esc_bidi_and_format_characters),
        cmocka_unit_test(test_esc_any_bytes),
        cmocka_unit_test(test_clip),
        cmocka_unit_test(test_put_num),
        cmocka_unit_test(test_put_amount),
        cmocka_unit_test(test_value_text),
        cmocka_unit_test(test_json_readers),
    };
    return cmocka_run_group_tests(tests, 0, NULL);
}
