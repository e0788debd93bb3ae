/* utf8.c - UTF-8 validation and byte-offset conversion (see utf8.h). */
#include "autoconfig.h"

#include "utf8.h"

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

const char *tp__utf8_reason(tp__utf8_status st)
{
    switch (st) {
    case TP_UTF8_OK:
        return "valid UTF-8";
    case TP_UTF8_INVALID:
        return "invalid UTF-8 sequence";
    case TP_UTF8_TRUNCATED:
        return "truncated UTF-8 sequence";
    case TP_UTF8_NUL:
        return "NUL byte";
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

size_t tp__utf8_encode(uint32_t cp, char out[4])
{
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
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        n += (s[i] & 0xC0) != 0x80;
        if (unit == TP_OFFSETS_UTF16)
            n += s[i] >= 0xF0;
    }
    return n;
}

void tp__offset_map_init(tp__offset_map *m, const char *text, size_t len, int ascii,
                         tp__offset_unit unit, uint32_t *marks)
{
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
    if (m->identity)
        return off;
    size_t k = off / 64;
    return m->marks[k] + count_units(m->text, k * 64, off, m->unit);
}
