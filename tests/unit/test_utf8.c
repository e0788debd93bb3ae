/* test_utf8.c - unit tests of core/utf8.h: validation, encoding, offsets. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "utf8.h"

/* ---- helpers ------------------------------------------------------------ */

static tp__utf8_result check_bytes(const char *s, size_t len) { return tp__utf8_check(s, len); }

#define CHECK_LIT(lit) check_bytes((lit), sizeof(lit) - 1)

static void expect_status(const char *s, size_t len, tp__utf8_status st, size_t offset)
{
    tp__utf8_result r = tp__utf8_check(s, len);
    assert_int_equal(r.status, st);
    assert_int_equal(r.offset, offset);
}

/* ---- validation: valid input -------------------------------------------- */

static void test_empty_is_ok_and_ascii(void **state)
{
    (void)state;
    tp__utf8_result r = tp__utf8_check("", 0);
    assert_int_equal(r.status, TP_UTF8_OK);
    assert_true(r.ascii);
}

static void test_ascii_short_and_long(void **state)
{
    (void)state;
    tp__utf8_result r = CHECK_LIT("abc");
    assert_int_equal(r.status, TP_UTF8_OK);
    assert_true(r.ascii);

    /* Longer than the 8-byte fast path, with a tail that is not a multiple
     * of eight, including DEL (0x7f) and the lowest printable bytes. */
    char buf[203];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (char)(0x01 + (i % 0x7f)); /* 0x01..0x7f, never 0 */
    r = tp__utf8_check(buf, sizeof buf);
    assert_int_equal(r.status, TP_UTF8_OK);
    assert_true(r.ascii);
}

static void test_multibyte_valid(void **state)
{
    (void)state;
    /* One of each length, and the boundary code points of each class. */
    static const char *const ok[] = {
        "\xC3\xA9",         /* U+00E9 */
        "\xC2\x80",         /* U+0080, smallest 2-byte */
        "\xDF\xBF",         /* U+07FF, largest 2-byte */
        "\xE0\xA0\x80",     /* U+0800, smallest 3-byte */
        "\xE2\x82\xAC",     /* U+20AC euro */
        "\xED\x9F\xBF",     /* U+D7FF, just below the surrogates */
        "\xEE\x80\x80",     /* U+E000, just above the surrogates */
        "\xEF\xBF\xBF",     /* U+FFFF */
        "\xF0\x90\x80\x80", /* U+10000, smallest 4-byte */
        "\xF0\x9F\x98\x80", /* U+1F600 emoji */
        "\xF4\x8F\xBF\xBF", /* U+10FFFF, the largest */
        "caf\xC3\xA9 \xE2\x82\xAC"
        "40 \xF0\x9F\x98\x80 end",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        tp__utf8_result r = tp__utf8_check(ok[i], strlen(ok[i]));
        assert_int_equal(r.status, TP_UTF8_OK);
        assert_false(r.ascii);
    }
}

static void test_ascii_flag_cleared_late(void **state)
{
    (void)state;
    /* 40 ASCII bytes, then one non-ASCII character at the very end: the
     * fast path must not skip the flag. */
    char buf[64];
    memset(buf, 'a', 40);
    memcpy(buf + 40, "\xC3\xA9", 2);
    tp__utf8_result r = tp__utf8_check(buf, 42);
    assert_int_equal(r.status, TP_UTF8_OK);
    assert_false(r.ascii);
    r = tp__utf8_check(buf, 40);
    assert_int_equal(r.status, TP_UTF8_OK);
    assert_true(r.ascii);
}

/* ---- validation: invalid input ------------------------------------------ */

static void test_lone_continuation(void **state)
{
    (void)state;
    expect_status("\x80", 1, TP_UTF8_INVALID, 0);
    expect_status("ab\xBF"
                  "cd",
                  5, TP_UTF8_INVALID, 2);
    /* A valid 2-byte char followed by an extra continuation byte. */
    expect_status("x\xC3\xA9\xA9", 4, TP_UTF8_INVALID, 3);
    /* Continuation byte past the 8-byte fast path. */
    expect_status("0123456789\x80", 11, TP_UTF8_INVALID, 10);
}

static void test_overlong_two_byte(void **state)
{
    (void)state;
    expect_status("\xC0\x80", 2, TP_UTF8_INVALID, 0);
    expect_status("\xC1\xBF", 2, TP_UTF8_INVALID, 0);
    expect_status("abc\xC0\x80", 5, TP_UTF8_INVALID, 3);
    expect_status("abc\xC1\xBFxyz", 7, TP_UTF8_INVALID, 3);
}

static void test_overlong_three_and_four_byte(void **state)
{
    (void)state;
    expect_status("\xE0\x80\x80", 3, TP_UTF8_INVALID, 0);
    expect_status("\xE0\x9F\xBF", 3, TP_UTF8_INVALID, 0); /* U+07FF in 3 bytes */
    expect_status("ab\xE0\x80\x80", 5, TP_UTF8_INVALID, 2);
    expect_status("\xF0\x80\x80\x80", 4, TP_UTF8_INVALID, 0);
    expect_status("\xF0\x8F\xBF\xBF", 4, TP_UTF8_INVALID, 0); /* U+FFFF in 4 bytes */
    expect_status("\xC3\xA9\xF0\x80\x80\x80", 6, TP_UTF8_INVALID, 2);
}

static void test_surrogates(void **state)
{
    (void)state;
    expect_status("\xED\xA0\x80", 3, TP_UTF8_INVALID, 0);       /* U+D800 */
    expect_status("\xED\xBF\xBF", 3, TP_UTF8_INVALID, 0);       /* U+DFFF */
    expect_status("hello \xED\xB0\x80", 9, TP_UTF8_INVALID, 6); /* U+DC00 */
}

static void test_above_max(void **state)
{
    (void)state;
    expect_status("\xF4\x90\x80\x80", 4, TP_UTF8_INVALID, 0); /* U+110000 */
    expect_status("abcd\xF4\x90\x80\x80", 8, TP_UTF8_INVALID, 4);
    /* F5..FF can never start a sequence. */
    for (unsigned b = 0xF5; b <= 0xFF; b++) {
        char s[6] = {'x', 'y', (char)b, '\x80', '\x80', '\x80'};
        expect_status(s, sizeof s, TP_UTF8_INVALID, 2);
    }
}

static void test_bad_continuation_inside_sequence(void **state)
{
    (void)state;
    /* A lead byte followed by something that is not a continuation. */
    expect_status("a\xC3"
                  "b",
                  3, TP_UTF8_INVALID, 1);
    expect_status("a\xE2\x82"
                  "b",
                  4, TP_UTF8_INVALID, 1);
    expect_status("\xF0\x9F\x98"
                  "b",
                  4, TP_UTF8_INVALID, 0);
}

static void test_truncated_at_end(void **state)
{
    (void)state;
    expect_status("\xC3", 1, TP_UTF8_TRUNCATED, 0);
    expect_status("abc\xC3", 4, TP_UTF8_TRUNCATED, 3);
    expect_status("abc\xE2\x82", 5, TP_UTF8_TRUNCATED, 3);
    expect_status("abc\xE2", 4, TP_UTF8_TRUNCATED, 3);
    expect_status("0123456789\xF0\x9F\x98", 13, TP_UTF8_TRUNCATED, 10);
    expect_status("\xF0\x9F", 2, TP_UTF8_TRUNCATED, 0);
    /* The same bytes as a complete sequence are fine. */
    expect_status("0123456789\xF0\x9F\x98\x80", 14, TP_UTF8_OK, 0);
    /* Length limits what is checked: a full sequence cut by len. */
    expect_status("\xE2\x82\xAC", 2, TP_UTF8_TRUNCATED, 0);
}

static void test_nul_in_ascii_fast_path(void **state)
{
    (void)state;
    char buf[20];
    memset(buf, 'a', sizeof buf);
    buf[9] = '\0';
    expect_status(buf, sizeof buf, TP_UTF8_NUL, 9);
    /* Every position of a 20-byte ASCII string. */
    for (size_t pos = 0; pos < sizeof buf; pos++) {
        memset(buf, 'q', sizeof buf);
        buf[pos] = '\0';
        expect_status(buf, sizeof buf, TP_UTF8_NUL, pos);
    }
    /* First of two NULs wins. */
    memset(buf, 'a', sizeof buf);
    buf[3] = buf[17] = '\0';
    expect_status(buf, sizeof buf, TP_UTF8_NUL, 3);
}

static void test_nul_after_non_ascii(void **state)
{
    (void)state;
    /* "é" (2 bytes) then "€" (3 bytes) then NUL at byte 5. */
    expect_status("\xC3\xA9\xE2\x82\xAC\0xyz", 9, TP_UTF8_NUL, 5);
    /* NUL right after a 4-byte character, beyond the first 8 bytes. */
    expect_status("abcdefgh\xF0\x9F\x98\x80\0", 13, TP_UTF8_NUL, 12);
}

static void test_first_problem_reported(void **state)
{
    (void)state;
    /* An invalid byte before a NUL: the invalid byte is first. */
    expect_status("ab\xFF\0", 4, TP_UTF8_INVALID, 2);
    /* A NUL before an invalid byte. */
    expect_status("ab\0\xFF", 4, TP_UTF8_NUL, 2);
    /* A NUL before a truncated tail. */
    expect_status("a\0\xC3", 3, TP_UTF8_NUL, 1);
}

static void test_reason_strings(void **state)
{
    (void)state;
    const tp__utf8_status all[] = {TP_UTF8_OK, TP_UTF8_INVALID, TP_UTF8_TRUNCATED, TP_UTF8_NUL};
    for (size_t i = 0; i < 4; i++) {
        const char *r = tp__utf8_reason(all[i]);
        assert_non_null(r);
        assert_true(strlen(r) > 0);
        for (size_t j = 0; j < i; j++) assert_string_not_equal(r, tp__utf8_reason(all[j]));
    }
    assert_non_null(strstr(tp__utf8_reason(TP_UTF8_NUL), "NUL"));
    assert_non_null(strstr(tp__utf8_reason(TP_UTF8_TRUNCATED), "truncated"));
    assert_non_null(strstr(tp__utf8_reason(TP_UTF8_INVALID), "invalid"));
}

static void test_is_boundary(void **state)
{
    (void)state;
    const char *s = "a\xC3\xA9\xE2\x82\xAC"; /* a é € : 6 bytes */
    size_t len = 6;
    const int expect[7] = {1, 1, 0, 1, 0, 0, 1};
    for (size_t off = 0; off <= len; off++) assert_int_equal(!!tp__utf8_is_boundary(s, len, off), expect[off]);
    assert_false(tp__utf8_is_boundary(s, len, len + 1));
}

/* ---- encoding ------------------------------------------------------------ */

static void expect_encode(uint32_t cp, const char *bytes, size_t n)
{
    char out[4] = {0};
    size_t got = tp__utf8_encode(cp, out);
    assert_int_equal(got, n);
    assert_memory_equal(out, bytes, n);
    /* And the result validates. */
    tp__utf8_result r = tp__utf8_check(out, got);
    if (cp != 0)
        assert_int_equal(r.status, TP_UTF8_OK);
}

static void test_encode(void **state)
{
    (void)state;
    expect_encode(0x41, "A", 1);
    expect_encode(0x7F, "\x7F", 1);
    expect_encode(0x80, "\xC2\x80", 2);
    expect_encode(0xE9, "\xC3\xA9", 2);
    expect_encode(0x7FF, "\xDF\xBF", 2);
    expect_encode(0x800, "\xE0\xA0\x80", 3);
    expect_encode(0x20AC, "\xE2\x82\xAC", 3);
    expect_encode(0xFFFD, "\xEF\xBF\xBD", 3);
    expect_encode(0xFFFF, "\xEF\xBF\xBF", 3);
    expect_encode(0x10000, "\xF0\x90\x80\x80", 4);
    expect_encode(0x1F600, "\xF0\x9F\x98\x80", 4);
    expect_encode(0x10FFFF, "\xF4\x8F\xBF\xBF", 4);
    char out[4];
    assert_int_equal(tp__utf8_encode(0, out), 1);
    assert_int_equal(out[0], 0);
}

/* ---- offset map ---------------------------------------------------------- */

/* An independent walk: the length of a UTF-8 sequence from its lead byte. */
static size_t seq_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xF0)
        return 4;
    if (c >= 0xE0)
        return 3;
    return 2;
}

/* Checks every character boundary of `text` against a count kept while
 * walking the text one character at a time. */
static void check_all_boundaries(const char *text, size_t len)
{
    tp__utf8_result r = tp__utf8_check(text, len);
    assert_int_equal(r.status, TP_UTF8_OK);
    uint32_t *mk_cp = calloc(tp__offset_map_marks_needed(len), sizeof *mk_cp);
    uint32_t *mk_16 = calloc(tp__offset_map_marks_needed(len), sizeof *mk_16);
    assert_non_null(mk_cp);
    assert_non_null(mk_16);
    tp__offset_map cp, u16, by;
    tp__offset_map_init(&cp, text, len, r.ascii, TP_OFFSETS_CODEPOINTS, mk_cp);
    tp__offset_map_init(&u16, text, len, r.ascii, TP_OFFSETS_UTF16, mk_16);
    tp__offset_map_init(&by, text, len, r.ascii, TP_OFFSETS_BYTES, NULL);
    size_t off = 0, ncp = 0, n16 = 0;
    for (;;) {
        assert_int_equal(tp__offset_map_get(&cp, off), ncp);
        assert_int_equal(tp__offset_map_get(&u16, off), n16);
        assert_int_equal(tp__offset_map_get(&by, off), off);
        if (off == len)
            break;
        size_t n = seq_len((unsigned char)text[off]);
        off += n;
        ncp += 1;
        n16 += n == 4 ? 2 : 1;
        assert_true(off <= len);
    }
    free(mk_cp);
    free(mk_16);
}

/* The map counts eight bytes at a time: characters of every length at
 * every alignment, runs of ASCII among them, and texts whose length is not
 * a multiple of 8 or 64. */
static void test_offset_map_word_steps(void **state)
{
    (void)state;
    static const char *const ch[] = {"a",    "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                     "\x7F", "\xDF\xBF", "\xEF\xBF\xBF", "\xF4\x8F\xBF\xBF"};
    char text[600];
    for (unsigned seed = 1; seed <= 40; seed++) {
        size_t len = 0;
        unsigned x = seed;
        while (len + 4 < sizeof text - 1 - (seed % 13)) {
            x = x * 1103515245u + 12345u;
            const char *c = ch[(x >> 16) % 8];
            if ((x >> 8) % 3 == 0)
                c = "b"; /* ASCII runs */
            memcpy(text + len, c, strlen(c));
            len += strlen(c);
        }
        text[len] = 0;
        check_all_boundaries(text, len);
    }
}

static void test_offset_map_identity(void **state)
{
    (void)state;
    tp__offset_map m;
    const char *ascii = "hello world";
    tp__offset_map_init(&m, ascii, 11, 1, TP_OFFSETS_CODEPOINTS, NULL);
    assert_true(m.identity);
    for (size_t i = 0; i <= 11; i++) assert_int_equal(tp__offset_map_get(&m, i), i);
    tp__offset_map_init(&m, ascii, 11, 1, TP_OFFSETS_UTF16, NULL);
    assert_true(m.identity);
    assert_int_equal(tp__offset_map_get(&m, 7), 7);
    const char *u = "\xC3\xA9t\xC3\xA9";
    tp__offset_map_init(&m, u, 5, 0, TP_OFFSETS_BYTES, NULL);
    assert_true(m.identity);
    assert_int_equal(tp__offset_map_get(&m, 3), 3);
    assert_int_equal(tp__offset_map_marks_needed(0), 1);
    assert_int_equal(tp__offset_map_marks_needed(63), 1);
    assert_int_equal(tp__offset_map_marks_needed(64), 2);
    assert_int_equal(tp__offset_map_marks_needed(200), 4);
}

static void test_offset_map_short_text(void **state)
{
    (void)state;
    /* "€40 bn 😀 x": € = 3 bytes, 😀 = 4 bytes (two UTF-16 units). */
    const char *t = "\xE2\x82\xAC"
                    "40 bn \xF0\x9F\x98\x80 x";
    size_t len = strlen(t);
    assert_int_equal(len, 15);
    uint32_t marks[1];
    tp__offset_map m;
    tp__offset_map_init(&m, t, len, 0, TP_OFFSETS_CODEPOINTS, marks);
    assert_false(m.identity);
    /* Hand-computed: byte -> code point */
    const size_t bytes[] = {0, 3, 4, 5, 6, 8, 9, 13, 14, 15};
    const size_t cps[] = {0, 1, 2, 3, 4, 6, 7, 8, 9, 10};
    const size_t u16[] = {0, 1, 2, 3, 4, 6, 7, 9, 10, 11};
    for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++)
        assert_int_equal(tp__offset_map_get(&m, bytes[i]), cps[i]);
    tp__offset_map_init(&m, t, len, 0, TP_OFFSETS_UTF16, marks);
    for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++)
        assert_int_equal(tp__offset_map_get(&m, bytes[i]), u16[i]);
    check_all_boundaries(t, len);
}

/* Text crossing the 64-byte marks with multi-byte characters straddling
 * 64 and 192, both sides of 128, and 4-byte emoji. */
static void test_offset_map_long_text(void **state)
{
    (void)state;
    char t[256];
    size_t n = 0;
    memset(t + n, 'x', 63), n += 63;              /* bytes 0..62 */
    memcpy(t + n, "\xE2\x82\xAC", 3), n += 3;     /* € at 63..65, across 64 */
    memset(t + n, 'y', 60), n += 60;              /* 66..125 */
    memcpy(t + n, "\xC3\xA9", 2), n += 2;         /* é at 126..127, ends at 128 */
    memcpy(t + n, "\xF0\x9F\x98\x80", 4), n += 4; /* 😀 at 128..131 */
    t[n++] = 'z';                                 /* 132 */
    memset(t + n, 'w', 57), n += 57;              /* 133..189 */
    memcpy(t + n, "\xF0\x9F\x98\x80", 4), n += 4; /* 😀 at 190..193, across 192 */
    t[n++] = '!';                                 /* 194 */
    size_t len = n;
    assert_int_equal(len, 195);

    uint32_t marks[4];
    assert_int_equal(tp__offset_map_marks_needed(len), 4);
    tp__offset_map m;
    /* Hand-computed values at interesting offsets. */
    const size_t bytes[] = {0, 63, 66, 126, 128, 132, 133, 190, 194, 195};
    const size_t cps[] = {0, 63, 64, 124, 125, 126, 127, 184, 185, 186};
    const size_t u16[] = {0, 63, 64, 124, 125, 127, 128, 185, 187, 188};
    tp__offset_map_init(&m, t, len, 0, TP_OFFSETS_CODEPOINTS, marks);
    for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++)
        assert_int_equal(tp__offset_map_get(&m, bytes[i]), cps[i]);
    tp__offset_map_init(&m, t, len, 0, TP_OFFSETS_UTF16, marks);
    for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++)
        assert_int_equal(tp__offset_map_get(&m, bytes[i]), u16[i]);
    check_all_boundaries(t, len);
}

static void test_offset_map_exact_multiple_of_64(void **state)
{
    (void)state;
    /* 32 two-byte characters: 64 bytes exactly; then 128 bytes. */
    char t[128];
    for (size_t i = 0; i < 64; i++) memcpy(t + 2 * i, "\xC3\xA9", 2);
    uint32_t marks[3];
    tp__offset_map m;
    tp__offset_map_init(&m, t, 64, 0, TP_OFFSETS_CODEPOINTS, marks);
    assert_int_equal(tp__offset_map_get(&m, 64), 32);
    assert_int_equal(tp__offset_map_get(&m, 62), 31);
    tp__offset_map_init(&m, t, 128, 0, TP_OFFSETS_UTF16, marks);
    assert_int_equal(tp__offset_map_get(&m, 128), 64);
    assert_int_equal(tp__offset_map_get(&m, 66), 33);
    check_all_boundaries(t, 64);
    check_all_boundaries(t, 128);
}

static void test_offset_map_mixed_large(void **state)
{
    (void)state;
    /* A long pseudo-random mix of 1-4 byte characters. */
    static const char *const pieces[] = {"a",
                                         "Z",
                                         " ",
                                         "\xC3\xA9",
                                         "\xD0\x96",
                                         "\xE2\x82\xAC",
                                         "\xE4\xB8\xAD",
                                         "\xF0\x9F\x98\x80",
                                         "\xF0\x90\x8D\x88"};
    size_t cap = 5000, n = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    uint32_t x = 12345;
    while (n + 4 < cap) {
        x = x * 1103515245u + 12345u;
        const char *p = pieces[(x >> 16) % 9];
        size_t pl = strlen(p);
        memcpy(t + n, p, pl);
        n += pl;
    }
    check_all_boundaries(t, n);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_is_ok_and_ascii),
        cmocka_unit_test(test_ascii_short_and_long),
        cmocka_unit_test(test_multibyte_valid),
        cmocka_unit_test(test_ascii_flag_cleared_late),
        cmocka_unit_test(test_lone_continuation),
        cmocka_unit_test(test_overlong_two_byte),
        cmocka_unit_test(test_overlong_three_and_four_byte),
        cmocka_unit_test(test_surrogates),
        cmocka_unit_test(test_above_max),
        cmocka_unit_test(test_bad_continuation_inside_sequence),
        cmocka_unit_test(test_truncated_at_end),
        cmocka_unit_test(test_nul_in_ascii_fast_path),
        cmocka_unit_test(test_nul_after_non_ascii),
        cmocka_unit_test(test_first_problem_reported),
        cmocka_unit_test(test_reason_strings),
        cmocka_unit_test(test_is_boundary),
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_offset_map_identity),
        cmocka_unit_test(test_offset_map_word_steps),
        cmocka_unit_test(test_offset_map_short_text),
        cmocka_unit_test(test_offset_map_long_text),
        cmocka_unit_test(test_offset_map_exact_multiple_of_64),
        cmocka_unit_test(test_offset_map_mixed_large),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
