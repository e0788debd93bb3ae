/*
 * utf8.c - the UTF-8 module: <textpipe/utf8.h> for plugins, utf8.h for the
 * core.
 *
 * One rule for bad bytes throughout (see <textpipe/utf8.h>): a byte that does
 * not begin a well-formed sequence is one U+FFFD.  tp__utf8_check() finds
 * the first such byte fast (eight ASCII bytes at a time); decode, repair,
 * the public validator and the counts all agree with it, so a text is read
 * the same way wherever it is read.
 *
 * Character classes come from a table of runs generated from the Unicode
 * Character Database by tests/unit/utf8_ucd.py (at the end of this file):
 * about 1,600 runs cover all of Unicode, found by binary search; ASCII is
 * looked up directly in the public header's row table.
 */
#include "autoconfig.h"

#include "utf8.h"

#include <assert.h>
#include <string.h>

#include "buf.h"

#define HIGH_BITS 0x8080808080808080ULL
#define LOW_BITS 0x0101010101010101ULL

tp__utf8_result tp__utf8_check(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    tp__utf8_result r = {TP_UTF8_OK, 0, 1};
    size_t i = 0;
    while (i < len) {
        /* Most news text is ASCII: take eight bytes at a time while no byte
         * has the high bit set and none is zero. */
        while (i + 8 <= len) {
            uint64_t v;
            memcpy(&v, s + i, 8);
            if ((v & HIGH_BITS) || ((v - LOW_BITS) & ~v & HIGH_BITS))
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0) {
                r.status = TP_UTF8_NUL;
                r.offset = i;
                return r;
            }
            i++;
            continue;
        }
        r.ascii = 0;
        size_t need;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1, cp = c & 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            r.status = TP_UTF8_INVALID; /* continuation byte, C0/C1, F5..FF */
            r.offset = i;
            return r;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len) {
                r.status = TP_UTF8_TRUNCATED;
                r.offset = i;
                return r;
            }
            unsigned char cc = s[i + k];
            if ((cc & 0xC0) != 0x80) {
                r.status = TP_UTF8_INVALID;
                r.offset = i;
                return r;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            r.status = TP_UTF8_INVALID;
            r.offset = i;
            return r;
        }
        i += need + 1;
    }
    return r;
}

/* ---- The public module ---------------------------------------------------- */

size_t tp_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0) {
        *cp = TP_UTF8_REPLACEMENT;
        return 0;
    }
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    /* The second byte's range is what rules out overlong forms (E0, F0),
     * surrogates (ED) and values past U+10FFFF (F4): Unicode table 3-7. */
    size_t n;
    uint32_t v;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        goto bad; /* a continuation byte, C0, C1 or F5..FF */
    }
    if (n > len || s[1] < lo || s[1] > hi)
        goto bad;
    v = v << 6 | (s[1] & 0x3F);
    for (size_t k = 2; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            goto bad;
        v = v << 6 | (s[k] & 0x3F);
    }
    *cp = v;
    return n;
bad:
    *cp = TP_UTF8_REPLACEMENT;
    return 1;
}

size_t tp_utf8_start(const char *str, size_t len, size_t i)
{
    const unsigned char *s = (const unsigned char *)str;
    if (i >= len)
        return len;
    /* A lead byte at most three bytes back whose sequence reaches i owns
     * it; otherwise byte i is a bad byte, its own character. */
    for (size_t k = 0; k <= 3 && k <= i; k++) {
        if ((s[i - k] & 0xC0) == 0x80)
            continue;
        uint32_t cp;
        return tp_utf8_decode(str + i - k, len - (i - k), &cp) > k ? i - k : i;
    }
    return i;
}

tp_utf8_status tp_utf8_validate(const char *s, size_t len, size_t *offset)
{
    tp__utf8_result r = tp__utf8_check(s, len);
    if (offset)
        *offset = r.status == TP_UTF8_OK ? 0 : r.offset;
    return r.status;
}

/* Units of the character cp: a code point above U+FFFF is a surrogate pair
 * in UTF-16. */
static size_t units_of(uint32_t cp, tp_utf8_unit unit) { return unit == TP_UTF8_UTF16 && cp > 0xFFFF ? 2 : 1; }

size_t tp_utf8_length(const char *s, size_t len, tp_utf8_unit unit)
{
    if (unit != TP_UTF8_CODEPOINTS && unit != TP_UTF8_UTF16)
        return len;
    size_t i = 0, n = 0;
    while (i < len) {
        uint32_t cp;
        i += tp_utf8_decode(s + i, len - i, &cp);
        n += units_of(cp, unit);
    }
    return n;
}

size_t tp_utf8_offset(const char *s, size_t len, tp_utf8_unit unit, size_t n)
{
    if (unit != TP_UTF8_CODEPOINTS && unit != TP_UTF8_UTF16)
        return n < len ? n : len;
    size_t i = 0, u = 0;
    while (i < len) {
        uint32_t cp;
        size_t l = tp_utf8_decode(s + i, len - i, &cp);
        u += units_of(cp, unit);
        if (u > n)
            return i; /* unit n is this character's first (or its second half) */
        i += l;
    }
    return len;
}

const char *tp_utf8_reason(tp_utf8_status st)
{
    switch (st) {
    case TP_UTF8_OK: return "valid UTF-8";
    case TP_UTF8_INVALID: return "invalid UTF-8 sequence";
    case TP_UTF8_TRUNCATED: return "truncated UTF-8 sequence";
    case TP_UTF8_NUL: return "NUL byte";
    }
    return "?";
}

void tp__utf8_repair(tp__buf *out, const char *str, size_t len)
{
    size_t i = 0;
    while (i < len) {
        tp__utf8_result r = tp__utf8_check(str + i, len - i);
        size_t good = r.status == TP_UTF8_OK ? len - i : r.offset;
        tp__buf_append(out, str + i, good);
        i += good;
        if (i < len) {
            if (str[i] == '\0')
                tp__buf_putc(out, ' ');
            else
                tp__buf_append(out, "\xEF\xBF\xBD", 3);
            i++;
        }
    }
}

size_t tp_utf8_encode(uint32_t cp, char out[4])
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = TP_UTF8_REPLACEMENT; /* not encodable: the rule's replacement */
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Units that the bytes s[from..to) contribute: one per character start, and
 * one more per 4-byte sequence in UTF-16. */
static size_t count_units(const unsigned char *s, size_t from, size_t to, tp__offset_unit unit)
{
    /* Eight bytes a step (a byte at a time was a third of writing a
     * sentence layer): in each byte, bit 7 set and bit 6 clear is a
     * continuation byte; bits 7-4 all set a 4-byte lead.  Only bit 7 of
     * each byte survives the masks, so a multiply sums the flags. */
    const uint64_t hi = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
    size_t n = 0, i = from;
    for (; i + 8 <= to; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (!(x & hi)) {
            n += 8;
            continue;
        }
        uint64_t cont = x & ~(x << 1) & hi;
        n += 8 - (size_t)(((cont >> 7) * ones) >> 56);
        if (unit == TP_OFFSETS_UTF16) {
            uint64_t four = x & (x << 1) & (x << 2) & (x << 3) & hi;
            n += (size_t)(((four >> 7) * ones) >> 56);
        }
    }
    for (; i < to; i++) {
        n += (s[i] & 0xC0) != 0x80;
        if (unit == TP_OFFSETS_UTF16)
            n += s[i] >= 0xF0;
    }
    return n;
}

void tp__offset_map_init(tp__offset_map *m, const char *text, size_t len, int ascii, tp__offset_unit unit,
                         uint32_t *marks)
{
    /* Marks are needed unless offsets are bytes or the text is ASCII. */
    assert(unit == TP_OFFSETS_BYTES || ascii || marks);
    m->text = (const unsigned char *)text;
    m->len = len;
    m->unit = unit;
    m->identity = unit == TP_OFFSETS_BYTES || ascii;
    m->marks = marks;
    if (m->identity)
        return;
    size_t units = 0;
    marks[0] = 0;
    for (size_t k = 1; k * 64 <= len; k++) {
        units += count_units(m->text, (k - 1) * 64, k * 64, unit);
        marks[k] = (uint32_t)units;
    }
}

size_t tp__offset_map_get(const tp__offset_map *m, size_t off)
{
    assert(off <= m->len); /* a span the document model accepted lies inside the text */
    if (m->identity)
        return off;
    size_t k = off / 64;
    return m->marks[k] + count_units(m->text, k * 64, off, m->unit);
}

/* ---- Character classes ------------------------------------------------------
 *
 * class_runs[] holds, in order of code point, the start of each run of code
 * points that share their classes, packed as start << 5 | kind: kind indexes
 * class_masks[], or says the run alternates upper- and lower-case letters
 * (Latin Extended-A, Greek and Cyrillic pairs: Āā Ăă ...), which would
 * otherwise take one run per letter. */
#define R(start, kind) ((uint32_t)(start) << 5 | (uint32_t)(kind))
enum { ALT_UPPER_FIRST = 30, ALT_LOWER_FIRST = 31 };

/* The table is laid out by its generator, not by clang-format. */
/* clang-format off */
/* BEGIN class table */
/* Generated by tests/unit/utf8_ucd.py table from Unicode 14.0.0; do not edit. */
static const uint32_t class_masks[23] = {
    0x00000, 0x00001, 0x00003, 0x00005, 0x00008, 0x00010, 0x00020, 0x00040, 0x00080, 0x00100,
    0x00300, 0x00500, 0x00900, 0x00D00, 0x01100, 0x01500, 0x04000, 0x04200, 0x06000, 0x08000,
    0x08040, 0x08080, 0x10000,
};
static const uint32_t class_runs[1608] = {
    R(0x0000, 19), R(0x0009, 20), R(0x000A, 21), R(0x000B, 20), R(0x000D, 21), R(0x000E, 19),
    R(0x0020, 7), R(0x0021, 9), R(0x0022, 11), R(0x0023, 9), R(0x0024, 18), R(0x0025, 9),
    R(0x0027, 11), R(0x0028, 12), R(0x0029, 14), R(0x002A, 9), R(0x002B, 16), R(0x002C, 9),
    R(0x002D, 10), R(0x002E, 9), R(0x0030, 4), R(0x003A, 9), R(0x003C, 16), R(0x003F, 9),
    R(0x0041, 2), R(0x005B, 12), R(0x005C, 9), R(0x005D, 14), R(0x005E, 16), R(0x005F, 9),
    R(0x0060, 16), R(0x0061, 3), R(0x007B, 12), R(0x007C, 16), R(0x007D, 14), R(0x007E, 16),
    R(0x007F, 19), R(0x0085, 21), R(0x0086, 19), R(0x00A0, 7), R(0x00A1, 9), R(0x00A2, 18),
    R(0x00A6, 16), R(0x00A7, 9), R(0x00A8, 16), R(0x00AA, 1), R(0x00AB, 13), R(0x00AC, 16),
    R(0x00AD, 22), R(0x00AE, 16), R(0x00B2, 5), R(0x00B4, 16), R(0x00B5, 3), R(0x00B6, 9),
    R(0x00B8, 16), R(0x00B9, 5), R(0x00BA, 1), R(0x00BB, 15), R(0x00BC, 5), R(0x00BF, 9),
    R(0x00C0, 2), R(0x00D7, 16), R(0x00D8, 2), R(0x00DF, 3), R(0x00F7, 16), R(0x00F8, 3),
    R(0x0100, 30), R(0x0138, 31), R(0x0149, 31), R(0x0179, 30), R(0x017F, 3), R(0x0181, 2),
    R(0x0183, 31), R(0x0187, 30), R(0x018A, 2), R(0x018C, 3), R(0x018E, 2), R(0x0192, 3),
    R(0x0193, 2), R(0x0195, 3), R(0x0196, 2), R(0x0199, 3), R(0x019C, 2), R(0x019E, 3),
    R(0x019F, 2), R(0x01A1, 31), R(0x01A7, 30), R(0x01AB, 31), R(0x01AF, 30), R(0x01B2, 2),
    R(0x01B4, 31), R(0x01B8, 2), R(0x01B9, 3), R(0x01BB, 1), R(0x01BC, 2), R(0x01BD, 3),
    R(0x01C0, 1), R(0x01C4, 2), R(0x01C6, 3), R(0x01C7, 2), R(0x01C9, 3), R(0x01CA, 2),
    R(0x01CC, 31), R(0x01DD, 31), R(0x01F0, 3), R(0x01F1, 2), R(0x01F3, 31), R(0x01F7, 2),
    R(0x01F9, 31), R(0x0234, 3), R(0x023A, 2), R(0x023C, 3), R(0x023D, 2), R(0x023F, 3),
    R(0x0241, 30), R(0x0244, 2), R(0x0247, 31), R(0x0250, 3), R(0x0294, 1), R(0x0295, 3),
    R(0x02B0, 1), R(0x02C2, 16), R(0x02C6, 1), R(0x02D2, 16), R(0x02E0, 1), R(0x02E5, 16),
    R(0x02EC, 1), R(0x02ED, 16), R(0x02EE, 1), R(0x02EF, 16), R(0x0300, 6), R(0x0370, 30),
    R(0x0374, 1), R(0x0375, 16), R(0x0376, 2), R(0x0377, 3), R(0x037A, 1), R(0x037B, 3),
    R(0x037E, 9), R(0x037F, 2), R(0x0384, 16), R(0x0386, 2), R(0x0387, 9), R(0x0388, 2),
    R(0x0390, 3), R(0x0391, 2), R(0x03AC, 3), R(0x03CF, 2), R(0x03D0, 3), R(0x03D2, 2),
    R(0x03D5, 3), R(0x03D8, 30), R(0x03F0, 3), R(0x03F4, 2), R(0x03F5, 3), R(0x03F6, 16),
    R(0x03F7, 30), R(0x03FA, 2), R(0x03FB, 3), R(0x03FD, 2), R(0x0430, 3), R(0x0460, 30),
    R(0x0482, 16), R(0x0483, 6), R(0x048A, 30), R(0x04C1, 30), R(0x04CF, 31), R(0x0530, 3),
    R(0x0531, 2), R(0x0559, 1), R(0x055A, 9), R(0x0560, 3), R(0x0589, 9), R(0x058A, 10),
    R(0x058D, 16), R(0x058F, 18), R(0x0591, 6), R(0x05BE, 10), R(0x05BF, 6), R(0x05C0, 9),
    R(0x05C1, 6), R(0x05C3, 9), R(0x05C4, 6), R(0x05C6, 9), R(0x05C7, 6), R(0x05D0, 1),
    R(0x05F3, 9), R(0x0600, 22), R(0x0606, 16), R(0x0609, 9), R(0x060B, 18), R(0x060C, 9),
    R(0x060E, 16), R(0x0610, 6), R(0x061B, 9), R(0x061C, 22), R(0x061D, 9), R(0x0620, 1),
    R(0x064B, 6), R(0x0660, 4), R(0x066A, 9), R(0x066E, 1), R(0x0670, 6), R(0x0671, 1),
    R(0x06D4, 9), R(0x06D5, 1), R(0x06D6, 6), R(0x06DD, 22), R(0x06DE, 16), R(0x06DF, 6),
    R(0x06E5, 1), R(0x06E7, 6), R(0x06E9, 16), R(0x06EA, 6), R(0x06EE, 1), R(0x06F0, 4),
    R(0x06FA, 1), R(0x06FD, 16), R(0x06FF, 1), R(0x0700, 9), R(0x070F, 22), R(0x0710, 1),
    R(0x0711, 6), R(0x0712, 1), R(0x0730, 6), R(0x074D, 1), R(0x07A6, 6), R(0x07B1, 1),
    R(0x07C0, 4), R(0x07CA, 1), R(0x07EB, 6), R(0x07F4, 1), R(0x07F6, 16), R(0x07F7, 9),
    R(0x07FA, 1), R(0x07FD, 6), R(0x07FE, 18), R(0x0800, 1), R(0x0816, 6), R(0x081A, 1),
    R(0x081B, 6), R(0x0824, 1), R(0x0825, 6), R(0x0828, 1), R(0x0829, 6), R(0x0830, 9),
    R(0x0840, 1), R(0x0859, 6), R(0x085E, 9), R(0x0860, 1), R(0x0888, 16), R(0x0889, 1),
    R(0x0890, 22), R(0x0898, 6), R(0x08A0, 1), R(0x08CA, 6), R(0x08E2, 22), R(0x08E3, 6),
    R(0x0904, 1), R(0x093A, 6), R(0x093D, 1), R(0x093E, 6), R(0x0950, 1), R(0x0951, 6),
    R(0x0958, 1), R(0x0962, 6), R(0x0964, 9), R(0x0966, 4), R(0x0970, 9), R(0x0971, 1),
    R(0x0981, 6), R(0x0985, 1), R(0x09BC, 6), R(0x09BD, 1), R(0x09BE, 6), R(0x09CE, 1),
    R(0x09D7, 6), R(0x09DC, 1), R(0x09E2, 6), R(0x09E6, 4), R(0x09F0, 1), R(0x09F2, 18),
    R(0x09F4, 5), R(0x09FA, 16), R(0x09FB, 18), R(0x09FC, 1), R(0x09FD, 9), R(0x09FE, 6),
    R(0x0A05, 1), R(0x0A3C, 6), R(0x0A59, 1), R(0x0A66, 4), R(0x0A70, 6), R(0x0A72, 1),
    R(0x0A75, 6), R(0x0A76, 9), R(0x0A81, 6), R(0x0A85, 1), R(0x0ABC, 6), R(0x0ABD, 1),
    R(0x0ABE, 6), R(0x0AD0, 1), R(0x0AE2, 6), R(0x0AE6, 4), R(0x0AF0, 9), R(0x0AF1, 18),
    R(0x0AF9, 1), R(0x0AFA, 6), R(0x0B05, 1), R(0x0B3C, 6), R(0x0B3D, 1), R(0x0B3E, 6),
    R(0x0B5C, 1), R(0x0B62, 6), R(0x0B66, 4), R(0x0B70, 16), R(0x0B71, 1), R(0x0B72, 5),
    R(0x0B82, 6), R(0x0B83, 1), R(0x0BBE, 6), R(0x0BD0, 1), R(0x0BD7, 6), R(0x0BE6, 4),
    R(0x0BF0, 5), R(0x0BF3, 16), R(0x0BF9, 18), R(0x0BFA, 16), R(0x0C00, 6), R(0x0C05, 1),
    R(0x0C3C, 6), R(0x0C3D, 1), R(0x0C3E, 6), R(0x0C58, 1), R(0x0C62, 6), R(0x0C66, 4),
    R(0x0C77, 9), R(0x0C78, 5), R(0x0C7F, 16), R(0x0C80, 1), R(0x0C81, 6), R(0x0C84, 9),
    R(0x0C85, 1), R(0x0CBC, 6), R(0x0CBD, 1), R(0x0CBE, 6), R(0x0CDD, 1), R(0x0CE2, 6),
    R(0x0CE6, 4), R(0x0CF1, 1), R(0x0D00, 6), R(0x0D04, 1), R(0x0D3B, 6), R(0x0D3D, 1),
    R(0x0D3E, 6), R(0x0D4E, 1), R(0x0D4F, 16), R(0x0D54, 1), R(0x0D57, 6), R(0x0D58, 5),
    R(0x0D5F, 1), R(0x0D62, 6), R(0x0D66, 4), R(0x0D70, 5), R(0x0D79, 16), R(0x0D7A, 1),
    R(0x0D81, 6), R(0x0D85, 1), R(0x0DCA, 6), R(0x0DE6, 4), R(0x0DF2, 6), R(0x0DF4, 9),
    R(0x0E01, 1), R(0x0E31, 6), R(0x0E32, 1), R(0x0E34, 6), R(0x0E3F, 18), R(0x0E40, 1),
    R(0x0E47, 6), R(0x0E4F, 9), R(0x0E50, 4), R(0x0E5A, 9), R(0x0E81, 1), R(0x0EB1, 6),
    R(0x0EB2, 1), R(0x0EB4, 6), R(0x0EBD, 1), R(0x0EC8, 6), R(0x0ED0, 4), R(0x0EDC, 1),
    R(0x0F01, 16), R(0x0F04, 9), R(0x0F13, 16), R(0x0F14, 9), R(0x0F15, 16), R(0x0F18, 6),
    R(0x0F1A, 16), R(0x0F20, 4), R(0x0F2A, 5), R(0x0F34, 16), R(0x0F35, 6), R(0x0F36, 16),
    R(0x0F37, 6), R(0x0F38, 16), R(0x0F39, 6), R(0x0F3A, 12), R(0x0F3B, 14), R(0x0F3C, 12),
    R(0x0F3D, 14), R(0x0F3E, 6), R(0x0F40, 1), R(0x0F71, 6), R(0x0F85, 9), R(0x0F86, 6),
    R(0x0F88, 1), R(0x0F8D, 6), R(0x0FBE, 16), R(0x0FC6, 6), R(0x0FC7, 16), R(0x0FD0, 9),
    R(0x0FD5, 16), R(0x0FD9, 9), R(0x1000, 1), R(0x102B, 6), R(0x103F, 1), R(0x1040, 4),
    R(0x104A, 9), R(0x1050, 1), R(0x1056, 6), R(0x105A, 1), R(0x105E, 6), R(0x1061, 1),
    R(0x1062, 6), R(0x1065, 1), R(0x1067, 6), R(0x106E, 1), R(0x1071, 6), R(0x1075, 1),
    R(0x1082, 6), R(0x108E, 1), R(0x108F, 6), R(0x1090, 4), R(0x109A, 6), R(0x109E, 16),
    R(0x10A0, 2), R(0x10D0, 3), R(0x10FB, 9), R(0x10FC, 1), R(0x10FD, 3), R(0x1100, 1),
    R(0x135D, 6), R(0x1360, 9), R(0x1369, 5), R(0x1380, 1), R(0x1390, 16), R(0x13A0, 2),
    R(0x13F8, 3), R(0x1400, 10), R(0x1401, 1), R(0x166D, 16), R(0x166E, 9), R(0x166F, 1),
    R(0x1680, 7), R(0x1681, 1), R(0x169B, 12), R(0x169C, 14), R(0x16A0, 1), R(0x16EB, 9),
    R(0x16EE, 5), R(0x16F1, 1), R(0x1712, 6), R(0x171F, 1), R(0x1732, 6), R(0x1735, 9),
    R(0x1740, 1), R(0x1752, 6), R(0x1760, 1), R(0x1772, 6), R(0x1780, 1), R(0x17B4, 6),
    R(0x17D4, 9), R(0x17D7, 1), R(0x17D8, 9), R(0x17DB, 18), R(0x17DC, 1), R(0x17DD, 6),
    R(0x17E0, 4), R(0x17F0, 5), R(0x1800, 9), R(0x1806, 10), R(0x1807, 9), R(0x180B, 6),
    R(0x180E, 22), R(0x180F, 6), R(0x1810, 4), R(0x1820, 1), R(0x1885, 6), R(0x1887, 1),
    R(0x18A9, 6), R(0x18AA, 1), R(0x1920, 6), R(0x1940, 16), R(0x1944, 9), R(0x1946, 4),
    R(0x1950, 1), R(0x19D0, 4), R(0x19DA, 5), R(0x19DE, 16), R(0x1A00, 1), R(0x1A17, 6),
    R(0x1A1E, 9), R(0x1A20, 1), R(0x1A55, 6), R(0x1A80, 4), R(0x1AA0, 9), R(0x1AA7, 1),
    R(0x1AA8, 9), R(0x1AB0, 6), R(0x1B05, 1), R(0x1B34, 6), R(0x1B45, 1), R(0x1B50, 4),
    R(0x1B5A, 9), R(0x1B61, 16), R(0x1B6B, 6), R(0x1B74, 16), R(0x1B7D, 9), R(0x1B80, 6),
    R(0x1B83, 1), R(0x1BA1, 6), R(0x1BAE, 1), R(0x1BB0, 4), R(0x1BBA, 1), R(0x1BE6, 6),
    R(0x1BFC, 9), R(0x1C00, 1), R(0x1C24, 6), R(0x1C3B, 9), R(0x1C40, 4), R(0x1C4D, 1),
    R(0x1C50, 4), R(0x1C5A, 1), R(0x1C7E, 9), R(0x1C80, 3), R(0x1C90, 2), R(0x1CC0, 9),
    R(0x1CD0, 6), R(0x1CD3, 9), R(0x1CD4, 6), R(0x1CE9, 1), R(0x1CED, 6), R(0x1CEE, 1),
    R(0x1CF4, 6), R(0x1CF5, 1), R(0x1CF7, 6), R(0x1CFA, 1), R(0x1D00, 3), R(0x1D2C, 1),
    R(0x1D6B, 3), R(0x1D78, 1), R(0x1D79, 3), R(0x1D9B, 1), R(0x1DC0, 6), R(0x1E00, 30),
    R(0x1E96, 3), R(0x1E9E, 30), R(0x1F00, 3), R(0x1F08, 2), R(0x1F10, 3), R(0x1F18, 2),
    R(0x1F20, 3), R(0x1F28, 2), R(0x1F30, 3), R(0x1F38, 2), R(0x1F40, 3), R(0x1F48, 2),
    R(0x1F50, 3), R(0x1F59, 2), R(0x1F60, 3), R(0x1F68, 2), R(0x1F70, 3), R(0x1F88, 2),
    R(0x1F90, 3), R(0x1F98, 2), R(0x1FA0, 3), R(0x1FA8, 2), R(0x1FB0, 3), R(0x1FB8, 2),
    R(0x1FBD, 16), R(0x1FBE, 3), R(0x1FBF, 16), R(0x1FC2, 3), R(0x1FC8, 2), R(0x1FCD, 16),
    R(0x1FD0, 3), R(0x1FD8, 2), R(0x1FDD, 16), R(0x1FE0, 3), R(0x1FE8, 2), R(0x1FED, 16),
    R(0x1FF2, 3), R(0x1FF8, 2), R(0x1FFD, 16), R(0x2000, 7), R(0x200B, 22), R(0x2010, 10),
    R(0x2016, 9), R(0x2018, 13), R(0x2019, 15), R(0x201A, 13), R(0x201D, 15), R(0x201E, 13),
    R(0x2020, 9), R(0x2028, 8), R(0x202A, 22), R(0x202F, 7), R(0x2030, 9), R(0x2039, 13),
    R(0x203A, 15), R(0x203B, 9), R(0x2044, 16), R(0x2045, 12), R(0x2046, 14), R(0x2047, 9),
    R(0x2052, 16), R(0x2053, 9), R(0x205F, 7), R(0x2060, 22), R(0x2070, 5), R(0x2071, 1),
    R(0x2074, 5), R(0x207A, 16), R(0x207D, 12), R(0x207E, 14), R(0x207F, 1), R(0x2080, 5),
    R(0x208A, 16), R(0x208D, 12), R(0x208E, 14), R(0x2090, 1), R(0x20A0, 18), R(0x20D0, 6),
    R(0x2100, 16), R(0x2102, 2), R(0x2103, 16), R(0x2107, 2), R(0x2108, 16), R(0x210A, 3),
    R(0x210B, 2), R(0x210E, 3), R(0x2110, 2), R(0x2113, 3), R(0x2114, 16), R(0x2115, 2),
    R(0x2116, 16), R(0x2119, 2), R(0x211E, 16), R(0x2124, 2), R(0x2125, 16), R(0x2126, 2),
    R(0x2127, 16), R(0x2128, 2), R(0x2129, 16), R(0x212A, 2), R(0x212E, 16), R(0x212F, 3),
    R(0x2130, 2), R(0x2134, 3), R(0x2135, 1), R(0x2139, 3), R(0x213A, 16), R(0x213C, 3),
    R(0x213E, 2), R(0x2140, 16), R(0x2145, 2), R(0x2146, 3), R(0x214A, 16), R(0x214E, 3),
    R(0x214F, 16), R(0x2150, 5), R(0x2183, 2), R(0x2184, 3), R(0x2185, 5), R(0x218A, 16),
    R(0x2212, 17), R(0x2213, 16), R(0x2308, 12), R(0x2309, 14), R(0x230A, 12), R(0x230B, 14),
    R(0x230C, 16), R(0x2329, 12), R(0x232A, 14), R(0x232B, 16), R(0x2460, 5), R(0x249C, 16),
    R(0x24EA, 5), R(0x2500, 16), R(0x2768, 12), R(0x2769, 14), R(0x276A, 12), R(0x276B, 14),
    R(0x276C, 12), R(0x276D, 14), R(0x276E, 12), R(0x276F, 14), R(0x2770, 12), R(0x2771, 14),
    R(0x2772, 12), R(0x2773, 14), R(0x2774, 12), R(0x2775, 14), R(0x2776, 5), R(0x2794, 16),
    R(0x27C5, 12), R(0x27C6, 14), R(0x27C7, 16), R(0x27E6, 12), R(0x27E7, 14), R(0x27E8, 12),
    R(0x27E9, 14), R(0x27EA, 12), R(0x27EB, 14), R(0x27EC, 12), R(0x27ED, 14), R(0x27EE, 12),
    R(0x27EF, 14), R(0x27F0, 16), R(0x2983, 12), R(0x2984, 14), R(0x2985, 12), R(0x2986, 14),
    R(0x2987, 12), R(0x2988, 14), R(0x2989, 12), R(0x298A, 14), R(0x298B, 12), R(0x298C, 14),
    R(0x298D, 12), R(0x298E, 14), R(0x298F, 12), R(0x2990, 14), R(0x2991, 12), R(0x2992, 14),
    R(0x2993, 12), R(0x2994, 14), R(0x2995, 12), R(0x2996, 14), R(0x2997, 12), R(0x2998, 14),
    R(0x2999, 16), R(0x29D8, 12), R(0x29D9, 14), R(0x29DA, 12), R(0x29DB, 14), R(0x29DC, 16),
    R(0x29FC, 12), R(0x29FD, 14), R(0x29FE, 16), R(0x2C00, 2), R(0x2C30, 3), R(0x2C60, 30),
    R(0x2C63, 2), R(0x2C65, 3), R(0x2C67, 30), R(0x2C6E, 2), R(0x2C71, 31), R(0x2C74, 31),
    R(0x2C77, 3), R(0x2C7C, 1), R(0x2C7E, 2), R(0x2C81, 31), R(0x2CE4, 3), R(0x2CE5, 16),
    R(0x2CEB, 30), R(0x2CEF, 6), R(0x2CF2, 2), R(0x2CF3, 3), R(0x2CF9, 9), R(0x2CFD, 5),
    R(0x2CFE, 9), R(0x2D00, 3), R(0x2D30, 1), R(0x2D70, 9), R(0x2D7F, 6), R(0x2D80, 1),
    R(0x2DE0, 6), R(0x2E00, 9), R(0x2E02, 13), R(0x2E03, 15), R(0x2E04, 13), R(0x2E05, 15),
    R(0x2E06, 9), R(0x2E09, 13), R(0x2E0A, 15), R(0x2E0B, 9), R(0x2E0C, 13), R(0x2E0D, 15),
    R(0x2E0E, 9), R(0x2E17, 10), R(0x2E18, 9), R(0x2E1A, 10), R(0x2E1B, 9), R(0x2E1C, 13),
    R(0x2E1D, 15), R(0x2E1E, 9), R(0x2E20, 13), R(0x2E21, 15), R(0x2E22, 12), R(0x2E23, 14),
    R(0x2E24, 12), R(0x2E25, 14), R(0x2E26, 12), R(0x2E27, 14), R(0x2E28, 12), R(0x2E29, 14),
    R(0x2E2A, 9), R(0x2E2F, 1), R(0x2E30, 9), R(0x2E3A, 10), R(0x2E3C, 9), R(0x2E40, 10),
    R(0x2E41, 9), R(0x2E42, 13), R(0x2E43, 9), R(0x2E50, 16), R(0x2E52, 9), R(0x2E55, 12),
    R(0x2E56, 14), R(0x2E57, 12), R(0x2E58, 14), R(0x2E59, 12), R(0x2E5A, 14), R(0x2E5B, 12),
    R(0x2E5C, 14), R(0x2E5D, 10), R(0x2E80, 16), R(0x3000, 7), R(0x3001, 9), R(0x3004, 16),
    R(0x3005, 1), R(0x3007, 5), R(0x3008, 12), R(0x3009, 14), R(0x300A, 12), R(0x300B, 14),
    R(0x300C, 12), R(0x300D, 14), R(0x300E, 12), R(0x300F, 14), R(0x3010, 12), R(0x3011, 14),
    R(0x3012, 16), R(0x3014, 12), R(0x3015, 14), R(0x3016, 12), R(0x3017, 14), R(0x3018, 12),
    R(0x3019, 14), R(0x301A, 12), R(0x301B, 14), R(0x301C, 10), R(0x301D, 13), R(0x301E, 15),
    R(0x3020, 16), R(0x3021, 5), R(0x302A, 6), R(0x3030, 10), R(0x3031, 1), R(0x3036, 16),
    R(0x3038, 5), R(0x303B, 1), R(0x303D, 9), R(0x303E, 16), R(0x3041, 1), R(0x3099, 6),
    R(0x309B, 16), R(0x309D, 1), R(0x30A0, 10), R(0x30A1, 1), R(0x30FB, 9), R(0x30FC, 1),
    R(0x3190, 16), R(0x3192, 5), R(0x3196, 16), R(0x31A0, 1), R(0x31C0, 16), R(0x31F0, 1),
    R(0x3200, 16), R(0x3220, 5), R(0x322A, 16), R(0x3248, 5), R(0x3250, 16), R(0x3251, 5),
    R(0x3260, 16), R(0x3280, 5), R(0x328A, 16), R(0x32B1, 5), R(0x32C0, 16), R(0x3400, 1),
    R(0x4DC0, 16), R(0x4E00, 1), R(0xA490, 16), R(0xA4D0, 1), R(0xA4FE, 9), R(0xA500, 1),
    R(0xA60D, 9), R(0xA610, 1), R(0xA620, 4), R(0xA62A, 1), R(0xA640, 30), R(0xA66E, 1),
    R(0xA66F, 6), R(0xA673, 9), R(0xA674, 6), R(0xA67E, 9), R(0xA67F, 1), R(0xA680, 30),
    R(0xA69C, 1), R(0xA69E, 6), R(0xA6A0, 1), R(0xA6E6, 5), R(0xA6F0, 6), R(0xA6F2, 9),
    R(0xA700, 16), R(0xA717, 1), R(0xA720, 16), R(0xA722, 30), R(0xA730, 3), R(0xA732, 30),
    R(0xA770, 1), R(0xA771, 3), R(0xA779, 30), R(0xA77E, 30), R(0xA788, 1), R(0xA789, 16),
    R(0xA78B, 30), R(0xA78F, 1), R(0xA790, 30), R(0xA794, 3), R(0xA796, 30), R(0xA7AB, 2),
    R(0xA7AF, 3), R(0xA7B0, 2), R(0xA7B5, 31), R(0xA7C5, 2), R(0xA7C8, 31), R(0xA7CB, 3),
    R(0xA7D0, 2), R(0xA7D1, 3), R(0xA7D6, 30), R(0xA7DA, 3), R(0xA7F2, 1), R(0xA7F5, 2),
    R(0xA7F6, 3), R(0xA7F7, 1), R(0xA7FA, 3), R(0xA7FB, 1), R(0xA802, 6), R(0xA803, 1),
    R(0xA806, 6), R(0xA807, 1), R(0xA80B, 6), R(0xA80C, 1), R(0xA823, 6), R(0xA828, 16),
    R(0xA82C, 6), R(0xA830, 5), R(0xA836, 16), R(0xA838, 18), R(0xA839, 16), R(0xA840, 1),
    R(0xA874, 9), R(0xA880, 6), R(0xA882, 1), R(0xA8B4, 6), R(0xA8CE, 9), R(0xA8D0, 4),
    R(0xA8E0, 6), R(0xA8F2, 1), R(0xA8F8, 9), R(0xA8FB, 1), R(0xA8FC, 9), R(0xA8FD, 1),
    R(0xA8FF, 6), R(0xA900, 4), R(0xA90A, 1), R(0xA926, 6), R(0xA92E, 9), R(0xA930, 1),
    R(0xA947, 6), R(0xA95F, 9), R(0xA960, 1), R(0xA980, 6), R(0xA984, 1), R(0xA9B3, 6),
    R(0xA9C1, 9), R(0xA9CF, 1), R(0xA9D0, 4), R(0xA9DE, 9), R(0xA9E0, 1), R(0xA9E5, 6),
    R(0xA9E6, 1), R(0xA9F0, 4), R(0xA9FA, 1), R(0xAA29, 6), R(0xAA40, 1), R(0xAA43, 6),
    R(0xAA44, 1), R(0xAA4C, 6), R(0xAA50, 4), R(0xAA5C, 9), R(0xAA60, 1), R(0xAA77, 16),
    R(0xAA7A, 1), R(0xAA7B, 6), R(0xAA7E, 1), R(0xAAB0, 6), R(0xAAB1, 1), R(0xAAB2, 6),
    R(0xAAB5, 1), R(0xAAB7, 6), R(0xAAB9, 1), R(0xAABE, 6), R(0xAAC0, 1), R(0xAAC1, 6),
    R(0xAAC2, 1), R(0xAADE, 9), R(0xAAE0, 1), R(0xAAEB, 6), R(0xAAF0, 9), R(0xAAF2, 1),
    R(0xAAF5, 6), R(0xAB01, 1), R(0xAB30, 3), R(0xAB5B, 16), R(0xAB5C, 1), R(0xAB60, 3),
    R(0xAB69, 1), R(0xAB6A, 16), R(0xAB70, 3), R(0xABC0, 1), R(0xABE3, 6), R(0xABEB, 9),
    R(0xABEC, 6), R(0xABF0, 4), R(0xAC00, 1), R(0xD800, 0), R(0xF900, 1), R(0xFB00, 3),
    R(0xFB1D, 1), R(0xFB1E, 6), R(0xFB1F, 1), R(0xFB29, 16), R(0xFB2A, 1), R(0xFBB2, 16),
    R(0xFBD3, 1), R(0xFD3E, 14), R(0xFD3F, 12), R(0xFD40, 16), R(0xFD50, 1), R(0xFDCF, 16),
    R(0xFDF0, 1), R(0xFDFC, 18), R(0xFDFD, 16), R(0xFE00, 6), R(0xFE10, 9), R(0xFE17, 12),
    R(0xFE18, 14), R(0xFE19, 9), R(0xFE20, 6), R(0xFE30, 9), R(0xFE31, 10), R(0xFE33, 9),
    R(0xFE35, 12), R(0xFE36, 14), R(0xFE37, 12), R(0xFE38, 14), R(0xFE39, 12), R(0xFE3A, 14),
    R(0xFE3B, 12), R(0xFE3C, 14), R(0xFE3D, 12), R(0xFE3E, 14), R(0xFE3F, 12), R(0xFE40, 14),
    R(0xFE41, 12), R(0xFE42, 14), R(0xFE43, 12), R(0xFE44, 14), R(0xFE45, 9), R(0xFE47, 12),
    R(0xFE48, 14), R(0xFE49, 9), R(0xFE58, 10), R(0xFE59, 12), R(0xFE5A, 14), R(0xFE5B, 12),
    R(0xFE5C, 14), R(0xFE5D, 12), R(0xFE5E, 14), R(0xFE5F, 9), R(0xFE62, 16), R(0xFE63, 10),
    R(0xFE64, 16), R(0xFE68, 9), R(0xFE69, 18), R(0xFE6A, 9), R(0xFE70, 1), R(0xFEFF, 22),
    R(0xFF01, 9), R(0xFF02, 11), R(0xFF03, 9), R(0xFF04, 18), R(0xFF05, 9), R(0xFF07, 11),
    R(0xFF08, 12), R(0xFF09, 14), R(0xFF0A, 9), R(0xFF0B, 16), R(0xFF0C, 9), R(0xFF0D, 10),
    R(0xFF0E, 9), R(0xFF10, 4), R(0xFF1A, 9), R(0xFF1C, 16), R(0xFF1F, 9), R(0xFF21, 2),
    R(0xFF3B, 12), R(0xFF3C, 9), R(0xFF3D, 14), R(0xFF3E, 16), R(0xFF3F, 9), R(0xFF40, 16),
    R(0xFF41, 3), R(0xFF5B, 12), R(0xFF5C, 16), R(0xFF5D, 14), R(0xFF5E, 16), R(0xFF5F, 12),
    R(0xFF60, 14), R(0xFF61, 9), R(0xFF62, 12), R(0xFF63, 14), R(0xFF64, 9), R(0xFF66, 1),
    R(0xFFE0, 18), R(0xFFE2, 16), R(0xFFE5, 18), R(0xFFE8, 16), R(0xFFF9, 22), R(0xFFFC, 16),
    R(0x10000, 1), R(0x10100, 9), R(0x10107, 5), R(0x10137, 16), R(0x10140, 5), R(0x10179, 16),
    R(0x1018A, 5), R(0x1018C, 16), R(0x101FD, 6), R(0x10280, 1), R(0x102E0, 6), R(0x102E1, 5),
    R(0x10300, 1), R(0x10320, 5), R(0x1032D, 1), R(0x10341, 5), R(0x10342, 1), R(0x1034A, 5),
    R(0x10350, 1), R(0x10376, 6), R(0x10380, 1), R(0x1039F, 9), R(0x103A0, 1), R(0x103D0, 9),
    R(0x103D1, 5), R(0x10400, 2), R(0x10428, 3), R(0x10450, 1), R(0x104A0, 4), R(0x104B0, 2),
    R(0x104D8, 3), R(0x10500, 1), R(0x1056F, 9), R(0x10570, 2), R(0x10597, 3), R(0x10600, 1),
    R(0x10857, 9), R(0x10858, 5), R(0x10860, 1), R(0x10877, 16), R(0x10879, 5), R(0x10880, 1),
    R(0x108A7, 5), R(0x108E0, 1), R(0x108FB, 5), R(0x10900, 1), R(0x10916, 5), R(0x1091F, 9),
    R(0x10920, 1), R(0x1093F, 9), R(0x10980, 1), R(0x109BC, 5), R(0x109BE, 1), R(0x109C0, 5),
    R(0x10A00, 1), R(0x10A01, 6), R(0x10A10, 1), R(0x10A38, 6), R(0x10A40, 5), R(0x10A50, 9),
    R(0x10A60, 1), R(0x10A7D, 5), R(0x10A7F, 9), R(0x10A80, 1), R(0x10A9D, 5), R(0x10AC0, 1),
    R(0x10AC8, 16), R(0x10AC9, 1), R(0x10AE5, 6), R(0x10AEB, 5), R(0x10AF0, 9), R(0x10B00, 1),
    R(0x10B39, 9), R(0x10B40, 1), R(0x10B58, 5), R(0x10B60, 1), R(0x10B78, 5), R(0x10B80, 1),
    R(0x10B99, 9), R(0x10BA9, 5), R(0x10C00, 1), R(0x10C80, 2), R(0x10CC0, 3), R(0x10CFA, 5),
    R(0x10D00, 1), R(0x10D24, 6), R(0x10D30, 4), R(0x10D3A, 0), R(0x10E60, 5), R(0x10E80, 1),
    R(0x10EAB, 6), R(0x10EAD, 10), R(0x10EB0, 1), R(0x10F1D, 5), R(0x10F27, 1), R(0x10F46, 6),
    R(0x10F51, 5), R(0x10F55, 9), R(0x10F70, 1), R(0x10F82, 6), R(0x10F86, 9), R(0x10FB0, 1),
    R(0x10FC5, 5), R(0x10FE0, 1), R(0x11000, 6), R(0x11003, 1), R(0x11038, 6), R(0x11047, 9),
    R(0x11052, 5), R(0x11066, 4), R(0x11070, 6), R(0x11071, 1), R(0x11073, 6), R(0x11075, 1),
    R(0x1107F, 6), R(0x11083, 1), R(0x110B0, 6), R(0x110BB, 9), R(0x110BD, 22), R(0x110BE, 9),
    R(0x110C2, 6), R(0x110CD, 22), R(0x110D0, 1), R(0x110F0, 4), R(0x11100, 6), R(0x11103, 1),
    R(0x11127, 6), R(0x11136, 4), R(0x11140, 9), R(0x11144, 1), R(0x11145, 6), R(0x11147, 1),
    R(0x11173, 6), R(0x11174, 9), R(0x11176, 1), R(0x11180, 6), R(0x11183, 1), R(0x111B3, 6),
    R(0x111C1, 1), R(0x111C5, 9), R(0x111C9, 6), R(0x111CD, 9), R(0x111CE, 6), R(0x111D0, 4),
    R(0x111DA, 1), R(0x111DB, 9), R(0x111DC, 1), R(0x111DD, 9), R(0x111E1, 5), R(0x11200, 1),
    R(0x1122C, 6), R(0x11238, 9), R(0x1123E, 6), R(0x11280, 1), R(0x112A9, 9), R(0x112B0, 1),
    R(0x112DF, 6), R(0x112F0, 4), R(0x11300, 6), R(0x11305, 1), R(0x1133B, 6), R(0x1133D, 1),
    R(0x1133E, 6), R(0x11350, 1), R(0x11357, 6), R(0x1135D, 1), R(0x11362, 6), R(0x11400, 1),
    R(0x11435, 6), R(0x11447, 1), R(0x1144B, 9), R(0x11450, 4), R(0x1145A, 9), R(0x1145E, 6),
    R(0x1145F, 1), R(0x114B0, 6), R(0x114C4, 1), R(0x114C6, 9), R(0x114C7, 1), R(0x114D0, 4),
    R(0x11580, 1), R(0x115AF, 6), R(0x115C1, 9), R(0x115D8, 1), R(0x115DC, 6), R(0x11600, 1),
    R(0x11630, 6), R(0x11641, 9), R(0x11644, 1), R(0x11650, 4), R(0x11660, 9), R(0x11680, 1),
    R(0x116AB, 6), R(0x116B8, 1), R(0x116B9, 9), R(0x116C0, 4), R(0x11700, 1), R(0x1171D, 6),
    R(0x11730, 4), R(0x1173A, 5), R(0x1173C, 9), R(0x1173F, 16), R(0x11740, 1), R(0x1182C, 6),
    R(0x1183B, 9), R(0x118A0, 2), R(0x118C0, 3), R(0x118E0, 4), R(0x118EA, 5), R(0x118FF, 1),
    R(0x11930, 6), R(0x1193F, 1), R(0x11940, 6), R(0x11941, 1), R(0x11942, 6), R(0x11944, 9),
    R(0x11950, 4), R(0x119A0, 1), R(0x119D1, 6), R(0x119E1, 1), R(0x119E2, 9), R(0x119E3, 1),
    R(0x119E4, 6), R(0x11A00, 1), R(0x11A01, 6), R(0x11A0B, 1), R(0x11A33, 6), R(0x11A3A, 1),
    R(0x11A3B, 6), R(0x11A3F, 9), R(0x11A47, 6), R(0x11A50, 1), R(0x11A51, 6), R(0x11A5C, 1),
    R(0x11A8A, 6), R(0x11A9A, 9), R(0x11A9D, 1), R(0x11A9E, 9), R(0x11AB0, 1), R(0x11AF9, 0),
    R(0x11C00, 1), R(0x11C2F, 6), R(0x11C40, 1), R(0x11C41, 9), R(0x11C50, 4), R(0x11C5A, 5),
    R(0x11C70, 9), R(0x11C72, 1), R(0x11C92, 6), R(0x11D00, 1), R(0x11D31, 6), R(0x11D46, 1),
    R(0x11D47, 6), R(0x11D50, 4), R(0x11D60, 1), R(0x11D8A, 6), R(0x11D98, 1), R(0x11DA0, 4),
    R(0x11DAA, 0), R(0x11EE0, 1), R(0x11EF3, 6), R(0x11EF7, 9), R(0x11FB0, 1), R(0x11FC0, 5),
    R(0x11FD5, 16), R(0x11FDD, 18), R(0x11FE1, 16), R(0x11FFF, 9), R(0x12000, 1), R(0x12400, 5),
    R(0x12470, 9), R(0x12480, 1), R(0x12544, 0), R(0x12F90, 1), R(0x12FF1, 9), R(0x13000, 1),
    R(0x13430, 22), R(0x13439, 0), R(0x14400, 1), R(0x14647, 0), R(0x16800, 1), R(0x16A60, 4),
    R(0x16A6E, 9), R(0x16A70, 1), R(0x16AC0, 4), R(0x16AD0, 1), R(0x16AF0, 6), R(0x16AF5, 9),
    R(0x16B00, 1), R(0x16B30, 6), R(0x16B37, 9), R(0x16B3C, 16), R(0x16B40, 1), R(0x16B44, 9),
    R(0x16B45, 16), R(0x16B50, 4), R(0x16B5B, 5), R(0x16B63, 1), R(0x16B90, 0), R(0x16E40, 2),
    R(0x16E60, 3), R(0x16E80, 5), R(0x16E97, 9), R(0x16F00, 1), R(0x16F4F, 6), R(0x16F50, 1),
    R(0x16F51, 6), R(0x16F93, 1), R(0x16FE2, 9), R(0x16FE3, 1), R(0x16FE4, 6), R(0x17000, 1),
    R(0x18D09, 0), R(0x1AFF0, 1), R(0x1B2FC, 0), R(0x1BC00, 1), R(0x1BC9C, 16), R(0x1BC9D, 6),
    R(0x1BC9F, 9), R(0x1BCA0, 22), R(0x1BCA4, 0), R(0x1CF00, 6), R(0x1CF50, 16), R(0x1D165, 6),
    R(0x1D16A, 16), R(0x1D16D, 6), R(0x1D173, 22), R(0x1D17B, 6), R(0x1D183, 16), R(0x1D185, 6),
    R(0x1D18C, 16), R(0x1D1AA, 6), R(0x1D1AE, 16), R(0x1D242, 6), R(0x1D245, 16), R(0x1D2E0, 5),
    R(0x1D300, 16), R(0x1D360, 5), R(0x1D400, 2), R(0x1D41A, 3), R(0x1D434, 2), R(0x1D44E, 3),
    R(0x1D468, 2), R(0x1D482, 3), R(0x1D49C, 2), R(0x1D4B6, 3), R(0x1D4D0, 2), R(0x1D4EA, 3),
    R(0x1D504, 2), R(0x1D51E, 3), R(0x1D538, 2), R(0x1D552, 3), R(0x1D56C, 2), R(0x1D586, 3),
    R(0x1D5A0, 2), R(0x1D5BA, 3), R(0x1D5D4, 2), R(0x1D5EE, 3), R(0x1D608, 2), R(0x1D622, 3),
    R(0x1D63C, 2), R(0x1D656, 3), R(0x1D670, 2), R(0x1D68A, 3), R(0x1D6A8, 2), R(0x1D6C1, 16),
    R(0x1D6C2, 3), R(0x1D6DB, 16), R(0x1D6DC, 3), R(0x1D6E2, 2), R(0x1D6FB, 16), R(0x1D6FC, 3),
    R(0x1D715, 16), R(0x1D716, 3), R(0x1D71C, 2), R(0x1D735, 16), R(0x1D736, 3), R(0x1D74F, 16),
    R(0x1D750, 3), R(0x1D756, 2), R(0x1D76F, 16), R(0x1D770, 3), R(0x1D789, 16), R(0x1D78A, 3),
    R(0x1D790, 2), R(0x1D7A9, 16), R(0x1D7AA, 3), R(0x1D7C3, 16), R(0x1D7C4, 3), R(0x1D7CA, 2),
    R(0x1D7CB, 3), R(0x1D7CE, 4), R(0x1D800, 16), R(0x1DA00, 6), R(0x1DA37, 16), R(0x1DA3B, 6),
    R(0x1DA6D, 16), R(0x1DA75, 6), R(0x1DA76, 16), R(0x1DA84, 6), R(0x1DA85, 16), R(0x1DA87, 9),
    R(0x1DA9B, 6), R(0x1DAB0, 0), R(0x1DF00, 3), R(0x1DF0A, 1), R(0x1DF0B, 3), R(0x1E000, 6),
    R(0x1E100, 1), R(0x1E130, 6), R(0x1E137, 1), R(0x1E140, 4), R(0x1E14E, 1), R(0x1E14F, 16),
    R(0x1E150, 0), R(0x1E290, 1), R(0x1E2AE, 6), R(0x1E2C0, 1), R(0x1E2EC, 6), R(0x1E2F0, 4),
    R(0x1E2FF, 18), R(0x1E300, 0), R(0x1E7E0, 1), R(0x1E8C7, 5), R(0x1E8D0, 6), R(0x1E900, 2),
    R(0x1E922, 3), R(0x1E944, 6), R(0x1E94B, 1), R(0x1E950, 4), R(0x1E95E, 9), R(0x1E960, 0),
    R(0x1EC71, 5), R(0x1ECAC, 16), R(0x1ECAD, 5), R(0x1ECB0, 18), R(0x1ECB1, 5), R(0x1ED2E, 16),
    R(0x1ED2F, 5), R(0x1EE00, 1), R(0x1EEF0, 16), R(0x1EEF2, 0), R(0x1F000, 16), R(0x1F100, 5),
    R(0x1F10D, 16), R(0x1FBF0, 4), R(0x1FBFA, 0), R(0x20000, 1), R(0x2EBE1, 0), R(0x2F800, 1),
    R(0x2FA1E, 0), R(0x30000, 1), R(0x3134B, 0), R(0xE0001, 22), R(0xE0100, 6), R(0xE01F0, 0),
};
/* END class table */
/* clang-format on */

uint32_t tp_utf8_class(uint32_t cp)
{
    if (cp < 0x80)
        return tp_utf8_ascii_[cp];
    if (cp > 0x10FFFF)
        return 0;
    /* The last run that starts at or before cp (the first starts at 0). */
    uint32_t key = R(cp, 31);
    size_t lo = 0, hi = sizeof class_runs / sizeof class_runs[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (class_runs[mid] <= key)
            lo = mid + 1;
        else
            hi = mid;
    }
    assert(lo > 0); /* the first run starts at U+0000 */
    uint32_t run = class_runs[lo - 1], kind = run & 31;
    if (kind < ALT_UPPER_FIRST)
        return class_masks[kind];
    int upper = ((cp - (run >> 5)) & 1) == (kind == ALT_UPPER_FIRST ? 0u : 1u);
    return TP_UTF8_LETTER | (upper ? TP_UTF8_UPPER : TP_UTF8_LOWER);
}
