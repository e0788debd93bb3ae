/* test_utf8_public.c - unit tests of <textpipe/utf8.h>: decoding by the one
 * rule for bad bytes, validation, offsets, and the character classes.
 *
 * Oracles: hand-checked byte sequences (the Unicode table 3-7 boundaries,
 * Markus Kuhn's classic malformed forms, written out here), an independent
 * walk of random text, and for the classes Python's unicodedata: every code
 * point up to U+FFFF with its general category in utf8_categories.txt
 * (tests/unit/utf8_ucd.py fixture), mapped to the TP_UTF8_* bits by this
 * file's own code, plus hand-checked cases beyond the BMP. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <textpipe/utf8.h>

#include "utf8.h"

#ifndef UTF8_CATEGORIES
#error "build with -DUTF8_CATEGORIES=path/to/utf8_categories.txt"
#endif

/* ---- Decoding ------------------------------------------------------------- */

/* Decodes all of s[0..len) and writes "cp/len" pairs, space separated. */
static void decode_all(const char *s, size_t len, char *out, size_t cap)
{
    size_t i = 0, o = 0;
    out[0] = '\0';
    while (i < len) {
        uint32_t cp;
        size_t l = tp_utf8_decode(s + i, len - i, &cp);
        assert_true(l >= 1 && l <= 4 && i + l <= len);
        o += (size_t)snprintf(out + o, cap - o, "%s%X/%zu", o ? " " : "", (unsigned)cp, l);
        assert_true(o < cap);
        i += l;
    }
}

#define EXPECT_DECODE(lit, want)                               \
    do {                                                       \
        char got_[256];                                        \
        decode_all((lit), sizeof(lit) - 1, got_, sizeof got_); \
        assert_string_equal(got_, (want));                     \
    } while (0)

static void test_decode_valid(void **state)
{
    (void)state;
    EXPECT_DECODE("A", "41/1");
    EXPECT_DECODE("\xC2\x80", "80/2");             /* smallest 2-byte */
    EXPECT_DECODE("\xDF\xBF", "7FF/2");            /* largest 2-byte */
    EXPECT_DECODE("\xE0\xA0\x80", "800/3");        /* smallest 3-byte */
    EXPECT_DECODE("\xED\x9F\xBF", "D7FF/3");       /* below the surrogates */
    EXPECT_DECODE("\xEE\x80\x80", "E000/3");       /* above them */
    EXPECT_DECODE("\xEF\xBF\xBD", "FFFD/3");       /* a real U+FFFD */
    EXPECT_DECODE("\xF0\x90\x80\x80", "10000/4");  /* smallest 4-byte */
    EXPECT_DECODE("\xF4\x8F\xBF\xBF", "10FFFF/4"); /* the largest */
    EXPECT_DECODE("\xE2\x82\xAC"
                  "5",
                  "20AC/3 35/1"); /* €5 */
    char nul[1] = {0};
    uint32_t cp = 1;
    assert_int_equal(tp_utf8_decode(nul, 1, &cp), 1);
    assert_int_equal(cp, 0); /* NUL is valid UTF-8: validation is what refuses it */
}

static void test_decode_bad_bytes_one_each(void **state)
{
    (void)state;
    /* Every byte of a broken sequence is its own U+FFFD, one byte long. */
    EXPECT_DECODE("\x80", "FFFD/1");
    EXPECT_DECODE("\xBF"
                  "a",
                  "FFFD/1 61/1");
    EXPECT_DECODE("\xC0\xAF", "FFFD/1 FFFD/1"); /* overlong '/' */
    EXPECT_DECODE("\xC1\xBF", "FFFD/1 FFFD/1");
    EXPECT_DECODE("\xE0\x80\xAF", "FFFD/1 FFFD/1 FFFD/1"); /* overlong, 3 bytes */
    EXPECT_DECODE("\xE0\x9F\xBF", "FFFD/1 FFFD/1 FFFD/1"); /* U+07FF in 3 bytes */
    EXPECT_DECODE("\xF0\x8F\xBF\xBF", "FFFD/1 FFFD/1 FFFD/1 FFFD/1");
    EXPECT_DECODE("\xED\xA0\x80", "FFFD/1 FFFD/1 FFFD/1");            /* U+D800 */
    EXPECT_DECODE("\xED\xBF\xBF", "FFFD/1 FFFD/1 FFFD/1");            /* U+DFFF */
    EXPECT_DECODE("\xF4\x90\x80\x80", "FFFD/1 FFFD/1 FFFD/1 FFFD/1"); /* U+110000 */
    EXPECT_DECODE("\xF5\x80", "FFFD/1 FFFD/1");
    EXPECT_DECODE("\xFF", "FFFD/1");
    /* A lead byte whose sequence is cut by another character or the end. */
    EXPECT_DECODE("\xE2\x82"
                  "x",
                  "FFFD/1 FFFD/1 78/1");
    EXPECT_DECODE("\xC3"
                  "\xC3\xA9",
                  "FFFD/1 E9/2");
    EXPECT_DECODE("ab\xF0\x9F\x98", "61/1 62/1 FFFD/1 FFFD/1 FFFD/1");
    uint32_t cp = 0;
    assert_int_equal(tp_utf8_decode("x", 0, &cp), 0);
    assert_int_equal(cp, TP_UTF8_REPLACEMENT);
    /* A length that cuts a valid sequence makes it truncated: bad. */
    assert_int_equal(tp_utf8_decode("\xE2\x82\xAC", 2, &cp), 1);
    assert_int_equal(cp, TP_UTF8_REPLACEMENT);
}

/* The decoder and the core's validator (and repair) read bad bytes alike:
 * on random bytes, a byte is decoded as U+FFFD of length 1 exactly where
 * tp__utf8_check() stops at it, and tp_utf8_validate() agrees. */
static void test_decode_agrees_with_check(void **state)
{
    (void)state;
    uint32_t x = 2024;
    unsigned char buf[64];
    for (int round = 0; round < 20000; round++) {
        size_t len = 1 + round % 12;
        for (size_t i = 0; i < len; i++) {
            x = x * 1103515245u + 12345u;
            /* Mostly bytes that matter: leads, continuations, ASCII. */
            static const unsigned char pick[] = {0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC1, 0xC2,
                                                 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
            buf[i] = (x >> 16) & 1 ? pick[(x >> 20) % sizeof pick] : (unsigned char)(x >> 8);
            if (buf[i] == 0)
                buf[i] = 'z';
        }
        const char *s = (const char *)buf;
        tp__utf8_result r = tp__utf8_check(s, len);
        size_t first_bad = r.status == TP_UTF8_OK ? len : r.offset, i = 0;
        while (i < len) {
            uint32_t cp;
            size_t l = tp_utf8_decode(s + i, len - i, &cp);
            int bad = l == 1 && cp == TP_UTF8_REPLACEMENT;
            if (i < first_bad)
                assert_false(bad);
            if (i == first_bad) {
                assert_true(bad);
                break;
            }
            i += l;
        }
        size_t off = 99;
        tp_utf8_status st = tp_utf8_validate(s, len, &off);
        assert_int_equal(st, r.status);
        assert_int_equal(off, r.status == TP_UTF8_OK ? 0 : r.offset);
    }
}

static void test_encode_replaces_what_cannot_be_encoded(void **state)
{
    (void)state;
    char out[4];
    assert_int_equal(tp_utf8_encode(0xD800, out), 3);
    assert_memory_equal(out, "\xEF\xBF\xBD", 3);
    assert_int_equal(tp_utf8_encode(0x110000, out), 3);
    assert_memory_equal(out, "\xEF\xBF\xBD", 3);
    assert_int_equal(tp_utf8_encode(0x10FFFF, out), 4);
    /* Round trip over every scalar value. */
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        size_t n = tp_utf8_encode(cp, out);
        uint32_t back;
        assert_int_equal(tp_utf8_decode(out, n, &back), n);
        assert_int_equal(back, cp);
    }
}

static void test_start(void **state)
{
    (void)state;
    /* a é € 😀 then a stray continuation byte and a cut sequence */
    const char *s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\x80\xE2\x82";
    size_t len = strlen(s);
    assert_int_equal(len, 13);
    const size_t want[15] = {0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 11, 12, 13, 13};
    for (size_t i = 0; i < 15; i++) assert_int_equal(tp_utf8_start(s, len, i), want[i]);
    /* Four continuation bytes in a row: none belongs to a lead. */
    assert_int_equal(tp_utf8_start("\x80\x80\x80\x80", 4, 3), 3);
    assert_int_equal(tp_utf8_start("", 0, 0), 0);
}

static void test_validate_and_reasons(void **state)
{
    (void)state;
    size_t off = 7;
    assert_int_equal(tp_utf8_validate("caf\xC3\xA9", 5, &off), TP_UTF8_OK);
    assert_int_equal(off, 0);
    assert_int_equal(tp_utf8_validate("ab\xC0\x80", 4, &off), TP_UTF8_INVALID);
    assert_int_equal(off, 2);
    assert_int_equal(tp_utf8_validate("ab\xE2\x82", 4, &off), TP_UTF8_TRUNCATED);
    assert_int_equal(off, 2);
    assert_int_equal(tp_utf8_validate("a\0b", 3, &off), TP_UTF8_NUL);
    assert_int_equal(off, 1);
    assert_int_equal(tp_utf8_validate("ab\xFF", 3, NULL), TP_UTF8_INVALID);
    assert_non_null(strstr(tp_utf8_reason(TP_UTF8_TRUNCATED), "truncated"));
    assert_string_equal(tp_utf8_reason(TP_UTF8_OK), tp__utf8_reason(TP_UTF8_OK));
}

/* ---- Offsets --------------------------------------------------------------- */

static void test_length_and_offset_by_hand(void **state)
{
    (void)state;
    /* "€40 😀 x": € 3 bytes, 😀 4 bytes and two UTF-16 units. */
    const char *t = "\xE2\x82\xAC"
                    "40 \xF0\x9F\x98\x80 x";
    size_t len = strlen(t);
    assert_int_equal(len, 12);
    assert_int_equal(tp_utf8_length(t, len, TP_UTF8_BYTES), 12);
    assert_int_equal(tp_utf8_length(t, len, TP_UTF8_CODEPOINTS), 7);
    assert_int_equal(tp_utf8_length(t, len, TP_UTF8_UTF16), 8);
    assert_int_equal(tp_utf8_length(t, 6, TP_UTF8_CODEPOINTS), 4); /* byte 6 = code point 4 */
    assert_int_equal(tp_utf8_offset(t, len, TP_UTF8_CODEPOINTS, 4), 6);
    assert_int_equal(tp_utf8_offset(t, len, TP_UTF8_CODEPOINTS, 5), 10);
    assert_int_equal(tp_utf8_offset(t, len, TP_UTF8_UTF16, 5), 6); /* inside the pair */
    assert_int_equal(tp_utf8_offset(t, len, TP_UTF8_UTF16, 4), 6);
    assert_int_equal(tp_utf8_offset(t, len, TP_UTF8_UTF16, 6), 10);
    assert_int_equal(tp_utf8_offset(t, len, TP_UTF8_UTF16, 7), 11);
    assert_int_equal(tp_utf8_offset(t, len, TP_UTF8_UTF16, 99), len);
    assert_int_equal(tp_utf8_offset(t, len, TP_UTF8_BYTES, 5), 5);
    assert_int_equal(tp_utf8_offset(t, len, TP_UTF8_BYTES, 99), len);
    /* Bad bytes count one unit each, as they decode. */
    assert_int_equal(tp_utf8_length("a\xE2\x82"
                                    "b",
                                    4, TP_UTF8_CODEPOINTS),
                     4);
    assert_int_equal(tp_utf8_length("a\xE2\x82"
                                    "b",
                                    4, TP_UTF8_UTF16),
                     4);
    assert_int_equal(tp_utf8_offset("a\xE2\x82"
                                    "b",
                                    4, TP_UTF8_CODEPOINTS, 3),
                     3);
}

/* Over random valid text, the public functions agree with a walk of our own
 * and with the core's offset map at every boundary. */
static void test_offsets_agree_with_walk_and_map(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", " ", "\xC3\xA9", "\xD0\x96", "\xE2\x80\x94", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\xF0\x90\x8D\x88"};
    enum { CAP = 3000 };
    char *t = malloc(CAP);
    assert_non_null(t);
    size_t n = 0;
    uint32_t x = 99;
    while (n + 4 < CAP) {
        x = x * 1103515245u + 12345u;
        const char *p = pieces[(x >> 16) % 8];
        memcpy(t + n, p, strlen(p));
        n += strlen(p);
    }
    uint32_t *marks = calloc(tp__offset_map_marks_needed(n), sizeof *marks);
    assert_non_null(marks);
    tp__offset_map m16;
    tp__offset_map_init(&m16, t, n, 0, TP_OFFSETS_UTF16, marks);
    size_t off = 0, cps = 0, u16 = 0;
    for (;;) {
        assert_int_equal(tp_utf8_length(t, off, TP_UTF8_CODEPOINTS), cps);
        assert_int_equal(tp_utf8_length(t, off, TP_UTF8_UTF16), u16);
        assert_int_equal(tp__offset_map_get(&m16, off), u16);
        assert_int_equal(tp_utf8_offset(t, n, TP_UTF8_CODEPOINTS, cps), off);
        assert_int_equal(tp_utf8_offset(t, n, TP_UTF8_UTF16, u16), off);
        if (off == n)
            break;
        unsigned char c = (unsigned char)t[off];
        size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        off += l, cps += 1, u16 += l == 4 ? 2 : 1;
    }
    free(marks);
    free(t);
}

/* ---- Classes ----------------------------------------------------------------- */

/* The classes a general category (and, for a few code points, a property)
 * gives, written from the header's comments, not from the generator. */
static uint32_t expected_class(uint32_t cp, const char *cat)
{
    uint32_t b = 0;
    switch (cat[0]) {
    case 'L':
        b = TP_UTF8_LETTER;
        if (!strcmp(cat, "Lu") || !strcmp(cat, "Lt"))
            b |= TP_UTF8_UPPER;
        if (!strcmp(cat, "Ll"))
            b |= TP_UTF8_LOWER;
        break;
    case 'M': b = TP_UTF8_MARK; break;
    case 'N': b = !strcmp(cat, "Nd") ? TP_UTF8_DIGIT : TP_UTF8_NUMBER; break;
    case 'P':
        b = TP_UTF8_PUNCT;
        if (!strcmp(cat, "Pd"))
            b |= TP_UTF8_DASH;
        if (!strcmp(cat, "Ps") || !strcmp(cat, "Pi"))
            b |= TP_UTF8_OPEN;
        if (!strcmp(cat, "Pe") || !strcmp(cat, "Pf"))
            b |= TP_UTF8_CLOSE;
        if (!strcmp(cat, "Pi") || !strcmp(cat, "Pf"))
            b |= TP_UTF8_QUOTE;
        break;
    case 'S': b = TP_UTF8_SYMBOL | (!strcmp(cat, "Sc") ? TP_UTF8_CURRENCY : 0); break;
    case 'Z': b = !strcmp(cat, "Zs") ? TP_UTF8_SPACE : 0; break; /* Zl, Zp: below */
    case 'C':
        if (!strcmp(cat, "Cc"))
            b = TP_UTF8_CONTROL;
        if (!strcmp(cat, "Cf"))
            b = TP_UTF8_FORMAT;
        break;
    }
    switch (cp) {
    case 0x09:
    case 0x0B:
    case 0x0C: b |= TP_UTF8_SPACE; break;
    case 0x0A:
    case 0x0D:
    case 0x85:
    case 0x2028:
    case 0x2029: b |= TP_UTF8_NEWLINE; break;
    case 0x22:
    case 0x27:
    case 0x201A:
    case 0x201E:
    case 0x2E42:
    case 0x301D:
    case 0x301E:
    case 0x301F:
    case 0xFF02:
    case 0xFF07: b |= TP_UTF8_QUOTE; break;
    case 0x2212: b |= TP_UTF8_DASH; break;
    default: break;
    }
    return b;
}

/* Every assigned code point of the BMP against unicodedata. */
static void test_classes_match_unicodedata(void **state)
{
    (void)state;
    FILE *f = fopen(UTF8_CATEGORIES, "r");
    assert_non_null(f);
    char line[256];
    unsigned starts[4096];
    char cats[4096][3];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        assert_true(n < 4096);
        assert_int_equal(sscanf(line, "%x %2s", &starts[n], cats[n]), 2);
        n++;
    }
    fclose(f);
    assert_true(n > 2000);
    assert_int_equal(starts[0], 0);
    size_t checked = 0;
    for (size_t r = 0; r < n; r++) {
        unsigned end = r + 1 < n ? starts[r + 1] : 0x10000;
        for (uint32_t cp = starts[r]; cp < end; cp++) {
            const char *cat = cats[r];
            if (!strcmp(cat, "Cn") || !strcmp(cat, "Co") || !strcmp(cat, "Cs")) {
                if (strcmp(cat, "Cn"))
                    assert_int_equal(tp_utf8_class(cp), 0); /* private use, surrogates */
                continue; /* unassigned: the class of its neighbours, by design */
            }
            uint32_t want = expected_class(cp, cat), got = tp_utf8_class(cp);
            if (want != got)
                fail_msg("U+%04X (%s): want 0x%05X, got 0x%05X", (unsigned)cp, cat, (unsigned)want, (unsigned)got);
            if (cp < 0x80)
                assert_int_equal(tp_utf8_ascii_class((unsigned char)cp), got);
            checked++;
        }
    }
    assert_true(checked > 55000);
}

/* Hand-checked: the characters the shipped plugins decide on, and beyond
 * the BMP. */
static void test_classes_by_hand(void **state)
{
    (void)state;
    const uint32_t up = TP_UTF8_LETTER | TP_UTF8_UPPER, lo = TP_UTF8_LETTER | TP_UTF8_LOWER;
    assert_int_equal(tp_utf8_class('A'), up);
    assert_int_equal(tp_utf8_class(0xC9), up);             /* É */
    assert_int_equal(tp_utf8_class(0xDF), lo);             /* ß */
    assert_int_equal(tp_utf8_class(0xD7), TP_UTF8_SYMBOL); /* × */
    assert_int_equal(tp_utf8_class(0x100), up);            /* Ā: an alternating run */
    assert_int_equal(tp_utf8_class(0x101), lo);            /* ā */
    assert_int_equal(tp_utf8_class(0x130), up);            /* İ */
    assert_int_equal(tp_utf8_class(0x131), lo);            /* ı */
    assert_int_equal(tp_utf8_class(0x138), lo);            /* ĸ */
    assert_int_equal(tp_utf8_class(0x139), up);            /* Ĺ: the pairs shift by one */
    assert_int_equal(tp_utf8_class(0x13A), lo);
    assert_int_equal(tp_utf8_class(0x1C5), up);              /* ǅ: title case counts as upper */
    assert_int_equal(tp_utf8_class(0x3A3), up);              /* Σ */
    assert_int_equal(tp_utf8_class(0x3C2), lo);              /* ς */
    assert_int_equal(tp_utf8_class(0x416), up);              /* Ж */
    assert_int_equal(tp_utf8_class(0x44F), lo);              /* я */
    assert_int_equal(tp_utf8_class(0x460), up);              /* Ѡ */
    assert_int_equal(tp_utf8_class(0x5D0), TP_UTF8_LETTER);  /* א */
    assert_int_equal(tp_utf8_class(0x4E2D), TP_UTF8_LETTER); /* 中 */
    assert_int_equal(tp_utf8_class(0x301), TP_UTF8_MARK);    /* combining acute */
    assert_int_equal(tp_utf8_class(0x663), TP_UTF8_DIGIT);   /* Arabic-Indic three */
    assert_int_equal(tp_utf8_class(0xBD), TP_UTF8_NUMBER);   /* ½ */
    assert_int_equal(tp_utf8_class(0xA0), TP_UTF8_SPACE);
    assert_int_equal(tp_utf8_class(0x202F), TP_UTF8_SPACE);
    assert_int_equal(tp_utf8_class(0x200B), TP_UTF8_FORMAT); /* zero width space is no space */
    assert_int_equal(tp_utf8_class(0xAD), TP_UTF8_FORMAT);   /* soft hyphen */
    assert_int_equal(tp_utf8_class(0x2028), TP_UTF8_NEWLINE);
    assert_int_equal(tp_utf8_class('\n'), TP_UTF8_CONTROL | TP_UTF8_NEWLINE);
    assert_int_equal(tp_utf8_class('\t'), TP_UTF8_CONTROL | TP_UTF8_SPACE);
    assert_int_equal(tp_utf8_class('-'), TP_UTF8_PUNCT | TP_UTF8_DASH);
    assert_int_equal(tp_utf8_class(0x2014), TP_UTF8_PUNCT | TP_UTF8_DASH);
    assert_int_equal(tp_utf8_class(0x2212), TP_UTF8_SYMBOL | TP_UTF8_DASH);
    assert_int_equal(tp_utf8_class('"'), TP_UTF8_PUNCT | TP_UTF8_QUOTE);
    assert_int_equal(tp_utf8_class(0x201C), TP_UTF8_PUNCT | TP_UTF8_QUOTE | TP_UTF8_OPEN);
    assert_int_equal(tp_utf8_class(0x2019), TP_UTF8_PUNCT | TP_UTF8_QUOTE | TP_UTF8_CLOSE);
    assert_int_equal(tp_utf8_class(0x201E), TP_UTF8_PUNCT | TP_UTF8_QUOTE | TP_UTF8_OPEN);
    assert_int_equal(tp_utf8_class(0xBB), TP_UTF8_PUNCT | TP_UTF8_QUOTE | TP_UTF8_CLOSE);
    assert_int_equal(tp_utf8_class('('), TP_UTF8_PUNCT | TP_UTF8_OPEN);
    assert_int_equal(tp_utf8_class(0x20AC), TP_UTF8_SYMBOL | TP_UTF8_CURRENCY); /* € */
    assert_int_equal(tp_utf8_class('$'), TP_UTF8_SYMBOL | TP_UTF8_CURRENCY);
    assert_int_equal(tp_utf8_class(0xE000), 0); /* private use */
    assert_int_equal(tp_utf8_class(0xD800), 0); /* a surrogate value */
    /* Beyond the BMP. */
    assert_int_equal(tp_utf8_class(0x1F600), TP_UTF8_SYMBOL); /* 😀 */
    assert_int_equal(tp_utf8_class(0x1D400), up);             /* mathematical bold A */
    assert_int_equal(tp_utf8_class(0x1D41A), lo);             /* mathematical bold a */
    assert_int_equal(tp_utf8_class(0x10400), up);             /* Deseret */
    assert_int_equal(tp_utf8_class(0x10428), lo);
    assert_int_equal(tp_utf8_class(0x20000), TP_UTF8_LETTER); /* CJK extension B */
    assert_int_equal(tp_utf8_class(0x1F3FB), TP_UTF8_SYMBOL); /* skin tone modifier: Sk */
    assert_int_equal(tp_utf8_class(0xE0041), TP_UTF8_FORMAT); /* tag letter */
    assert_int_equal(tp_utf8_class(0x50000), 0);              /* unassigned plane 5 */
    assert_int_equal(tp_utf8_class(0x10FFFF), 0);
    assert_int_equal(tp_utf8_class(0x110000), 0);
    assert_int_equal(tp_utf8_class(UINT32_MAX), 0);
    assert_true(tp_utf8_is(0x416, TP_UTF8_UPPER | TP_UTF8_DIGIT));
    assert_false(tp_utf8_is(0x416, TP_UTF8_LOWER));
    assert_true(tp_utf8_is(0xBD, TP_UTF8_WORD));
    assert_int_equal(tp_utf8_ascii_class(0xC3), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_valid),
        cmocka_unit_test(test_decode_bad_bytes_one_each),
        cmocka_unit_test(test_decode_agrees_with_check),
        cmocka_unit_test(test_encode_replaces_what_cannot_be_encoded),
        cmocka_unit_test(test_start),
        cmocka_unit_test(test_validate_and_reasons),
        cmocka_unit_test(test_length_and_offset_by_hand),
        cmocka_unit_test(test_offsets_agree_with_walk_and_map),
        cmocka_unit_test(test_classes_match_unicodedata),
        cmocka_unit_test(test_classes_by_hand),
    };
    return cmocka_run_group_tests_name("utf8 public", tests, NULL, NULL);
}
