/*
 * chars.h - what characters mean to the sentence splitter (internal).
 *
 * The character classes are <textpipe/utf8.h>'s, the ones the core and the
 * other plugins use.  ASCII bytes are classified inline from the header's
 * rows, so the hot loops still touch one load per byte; other characters
 * are decoded only where a decision needs the code point.  What is the
 * splitter's own is the role a character plays in a sentence (cpc below):
 * an ellipsis, a sentence-ending mark, a bullet, an apostrophe.
 */
#ifndef SBD_CHARS_H
#define SBD_CHARS_H

#include <stddef.h>
#include <stdint.h>

#include <textpipe/utf8.h>

/* Classes of an ASCII byte (0 for bytes >= 0x80): a TP_UTF8_* mask. */
#define BC(c) tp_utf8_ascii_class((unsigned char)(c))
enum {
    B_UPPER = TP_UTF8_UPPER,
    B_LOWER = TP_UTF8_LOWER,
    B_DIGIT = TP_UTF8_DIGIT,
    B_SPACE = TP_UTF8_SPACE, /* space, tab, \f, \v (not \n, \r) */
    B_NL = TP_UTF8_NEWLINE   /* \n, \r */
};
#define B_ALPHA (B_UPPER | B_LOWER)
#define B_ALNUM (B_UPPER | B_LOWER | B_DIGIT)

/* The role of a decoded character. */
typedef enum cpc {
    CP_LETTER_UP = 1,
    CP_LETTER_LO,
    CP_LETTER_OTHER, /* letters without case (CJK, Arabic...), marks, invisible format characters */
    CP_DIGIT,        /* digits and other numbers (½ ²) */
    CP_SPACE,        /* white space that is not a line break */
    CP_NL,           /* line break (U+0085, U+2028) */
    CP_PARA,         /* paragraph break (U+2029) */
    CP_QUOTE_OPEN,   /* ‘ “ „ ‟ « ‹ ‚ ‛ */
    CP_QUOTE_CLOSE,  /* ” » › */
    CP_APOS,         /* ’ : closing single quote or apostrophe */
    CP_ELLIPSIS,     /* … */
    CP_QEX,          /* ‼ ⁇ ⁈ ⁉ ！ ？ 。 and friends: sentence enders */
    CP_HYPHEN,       /* ‐ ‑ : word-internal hyphens */
    CP_DASH,         /* ‒ – — ― and the other dashes */
    CP_BULLET,       /* • ‣ ⁃ ◦ ▪ ● ■ ► etc. */
    CP_CURRENCY,     /* £ € ¥ ¢ ₹ ... */
    CP_SYMBOL,       /* other symbols and punctuation: ° § © ™ emoji ... */
    CP_OPEN,         /* other opening brackets, ¡ ¿ */
    CP_CLOSE         /* other closing brackets */
} cpc;

/* Decodes the character at s[p] (p < n) by the module's rule (a bad byte
 * is U+FFFD, one byte) and stores its length in *len. */
static inline uint32_t u8_decode(const unsigned char *s, size_t n, size_t p, int *len)
{
    uint32_t cp;
    *len = (int)tp_utf8_decode((const char *)s + p, n - p, &cp);
    return cp;
}

/* Role of a code point >= 0x80 (ASCII goes through BC). */
cpc sbd_cp_class(uint32_t cp);

/* Is the code point a letter or digit for word-building purposes? */
static inline int cpc_is_wordish(cpc k)
{
    return k == CP_LETTER_UP || k == CP_LETTER_LO || k == CP_LETTER_OTHER || k == CP_DIGIT;
}

#endif
