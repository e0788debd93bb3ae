/*
 * chars.h - byte and code point classes for the sentence splitter (internal).
 *
 * ASCII is classified through a 256-entry table so that the hot loops touch
 * one load per byte.  Bytes >= 0x80 are decoded only where a decision needs
 * the code point (quotes, dashes, ellipsis, bullets, spaces, letter case).
 */
#ifndef SBD_CHARS_H
#define SBD_CHARS_H

#include <stddef.h>
#include <stdint.h>

/* ASCII byte classes (bit set). */
enum {
    B_UPPER = 1 << 0,
    B_LOWER = 1 << 1,
    B_DIGIT = 1 << 2,
    B_SPACE = 1 << 3, /* space, tab, \f, \v, \x1c-\x1f (not \n, \r) */
    B_NL = 1 << 4,    /* \n, \r */
    B_HIGH = 1 << 5,  /* >= 0x80: part of a multi-byte sequence */
    B_PUNCT = 1 << 6  /* any other printable ASCII or control byte */
};
#define B_ALPHA (B_UPPER | B_LOWER)
#define B_ALNUM (B_UPPER | B_LOWER | B_DIGIT)

extern const uint8_t sbd_bclass[256];

/* Code point classes, for decoded characters. */
typedef enum cpc {
    CP_LETTER_UP = 1,
    CP_LETTER_LO,
    CP_LETTER_OTHER, /* letters without case (CJK, Arabic...) and marks */
    CP_DIGIT,
    CP_SPACE,        /* white space that is not a line break */
    CP_NL,           /* line break (U+0085, U+2028) */
    CP_PARA,         /* paragraph break (U+2029) */
    CP_QUOTE_OPEN,   /* ‘ “ „ ‟ « ‹ ‚ ‛ */
    CP_QUOTE_CLOSE,  /* ” » › */
    CP_APOS,         /* ’ : closing single quote or apostrophe */
    CP_ELLIPSIS,     /* … */
    CP_QEX,          /* ‼ ⁇ ⁈ ⁉ ！ ？ 。 and friends: sentence enders */
    CP_HYPHEN,       /* ‐ ‑ : word-internal hyphens */
    CP_DASH,         /* ‒ – — ― */
    CP_BULLET,       /* • ‣ ⁃ ◦ ▪ ● ■ ► etc. */
    CP_CURRENCY,     /* £ € ¥ ¢ ₹ ... */
    CP_SYMBOL,       /* other symbols and punctuation: ° § © ™ emoji ... */
    CP_OPEN,         /* other opening brackets */
    CP_CLOSE         /* other closing brackets */
} cpc;

/* Decode one UTF-8 sequence at s[p] (p < n).  Returns the code point and
 * stores its length in *len.  Invalid or truncated input yields U+FFFD with
 * length 1, so callers always advance. */
static inline uint32_t u8_decode(const unsigned char *s, size_t n, size_t p, int *len)
{
    unsigned c = s[p];
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF && p + 1 < n && (s[p + 1] & 0xC0) == 0x80) {
        *len = 2;
        return ((uint32_t)(c & 0x1F) << 6) | (s[p + 1] & 0x3F);
    }
    if (c >= 0xE0 && c <= 0xEF && p + 2 < n && (s[p + 1] & 0xC0) == 0x80 &&
        (s[p + 2] & 0xC0) == 0x80) {
        *len = 3;
        return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[p + 1] & 0x3F) << 6) | (s[p + 2] & 0x3F);
    }
    if (c >= 0xF0 && c <= 0xF4 && p + 3 < n && (s[p + 1] & 0xC0) == 0x80 &&
        (s[p + 2] & 0xC0) == 0x80 && (s[p + 3] & 0xC0) == 0x80) {
        *len = 4;
        return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[p + 1] & 0x3F) << 12) |
               ((uint32_t)(s[p + 2] & 0x3F) << 6) | (s[p + 3] & 0x3F);
    }
    *len = 1;
    return 0xFFFD;
}

/* Class of a code point >= 0x80 (ASCII goes through sbd_bclass). */
cpc sbd_cp_class(uint32_t cp);

/* Is the code point a letter or digit for word-building purposes? */
static inline int cpc_is_wordish(cpc k)
{
    return k == CP_LETTER_UP || k == CP_LETTER_LO || k == CP_LETTER_OTHER || k == CP_DIGIT;
}

#endif
