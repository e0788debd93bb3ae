/*
 * textpipe/utf8.h - UTF-8 for plugin authors: decode, validate, count and
 * convert offsets, and classify characters.
 *
 * The core and every shipped plugin use these functions, so a plugin that
 * uses them reads text the way the rest of the pipeline does.
 *
 * The rule for bad bytes, everywhere in this header: a byte that does not
 * begin a well-formed UTF-8 sequence (RFC 3629 / Unicode table 3-7: no
 * overlong forms, no surrogates, nothing above U+10FFFF, no sequence cut
 * short) is one character, U+FFFD, one byte long.  A loop that advances by
 * what tp_utf8_decode() returns therefore always moves forward and picks
 * up again at the next byte.  The text of a document is always valid
 * (doc.h), so within process() the rule only matters for other input: data
 * files, option values, meta fields.
 *
 * Nothing here allocates, keeps a pointer or has state; every function may
 * be called from any thread.  Strings are borrowed for the call.
 */
#ifndef TEXTPIPE_UTF8_H
#define TEXTPIPE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* U+FFFD REPLACEMENT CHARACTER: what a bad byte decodes as. */
#define TP_UTF8_REPLACEMENT 0xFFFDu

/* ---- Decoding and encoding ------------------------------------------------ */

/* Decodes the character at the start of s[0..len) into *cp and returns its
 * length in bytes (1 to 4).  A bad byte gives U+FFFD and 1 (the rule
 * above).  len must be at least 1; with len 0 it returns 0 and sets *cp to
 * U+FFFD. */
size_t tp_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Writes code point cp as UTF-8 into out and returns the byte count (1 to
 * 4).  A surrogate or a value above U+10FFFF is written as U+FFFD (3). */
size_t tp_utf8_encode(uint32_t cp, char out[4]);

/* The byte offset where the character holding byte i of s starts: i itself
 * when i starts a character (or i >= len: then len), else the offset of
 * the lead byte before it - or i, when the bytes before are not a valid
 * sequence that covers i (the rule above: such a byte is its own
 * character).  For stepping backwards: the character before offset i
 * starts at tp_utf8_start(s, len, i - 1). */
size_t tp_utf8_start(const char *s, size_t len, size_t i);

/* ---- Validation ----------------------------------------------------------- */

typedef enum tp_utf8_status {
    TP_UTF8_OK = 0,
    TP_UTF8_INVALID,   /* a malformed, overlong, surrogate or out-of-range sequence */
    TP_UTF8_TRUNCATED, /* the text ends inside a sequence */
    TP_UTF8_NUL        /* a NUL byte: valid UTF-8, but never allowed in textpipe text */
} tp_utf8_status;

/* Checks s[0..len) and reports the first problem, with the byte offset of
 * its first byte in *offset (if not NULL; 0 when the status is OK).  Text
 * that passes is what a document holds and what tp_span_set_str() takes. */
tp_utf8_status tp_utf8_validate(const char *s, size_t len, size_t *offset);

/* A short English phrase for a status ("invalid UTF-8 sequence"), static. */
const char *tp_utf8_reason(tp_utf8_status status);

/* ---- Offsets ---------------------------------------------------------------
 *
 * Spans hold byte offsets; people and other programs count code points
 * (Python, textpipe's output by default) or UTF-16 units (JavaScript,
 * Java, `--offsets utf16`). */
typedef enum tp_utf8_unit {
    TP_UTF8_CODEPOINTS = 0, /* one per character (a bad byte is one, U+FFFD) */
    TP_UTF8_BYTES = 1,
    TP_UTF8_UTF16 = 2 /* one per character, two for one above U+FFFF */
} tp_utf8_unit;

/* How many units s[0..len) holds.  So the unit offset of byte offset b is
 * tp_utf8_length(s, b, unit), b being a character boundary. */
size_t tp_utf8_length(const char *s, size_t len, tp_utf8_unit unit);

/* The byte offset at which unit n (counted from 0) begins: the inverse of
 * tp_utf8_length().  n past the end gives len; a UTF-16 offset that falls
 * between the two units of one character gives that character's start. */
size_t tp_utf8_offset(const char *s, size_t len, tp_utf8_unit unit, size_t n);

/* ---- Character classes -----------------------------------------------------
 *
 * A code point's classes are a mask of these bits, from its Unicode general
 * category (the table follows Unicode 14.0) and a few properties news text
 * needs.  Letters, marks, digits, numbers, punctuation, symbols, spaces and
 * controls exclude each other; the other bits refine them. */
enum {
    TP_UTF8_LETTER = 1u << 0,    /* L*: any letter, with or without case */
    TP_UTF8_UPPER = 1u << 1,     /* Lu, Lt: upper- and title-case letters */
    TP_UTF8_LOWER = 1u << 2,     /* Ll: lower-case letters */
    TP_UTF8_DIGIT = 1u << 3,     /* Nd: decimal digits, 0-9 and the like of other scripts */
    TP_UTF8_NUMBER = 1u << 4,    /* No, Nl: other numbers (½ ² Ⅻ) */
    TP_UTF8_MARK = 1u << 5,      /* M*: combining marks */
    TP_UTF8_SPACE = 1u << 6,     /* white space that is not a line break: tab, VT, FF, Zs */
    TP_UTF8_NEWLINE = 1u << 7,   /* LF, CR, NEL (U+0085), U+2028, U+2029 */
    TP_UTF8_PUNCT = 1u << 8,     /* P*: punctuation */
    TP_UTF8_DASH = 1u << 9,      /* Pd (- ‐ – —) and the minus sign U+2212 */
    TP_UTF8_QUOTE = 1u << 10,    /* Pi, Pf, " ' ‚ „ and the CJK and full-width marks */
    TP_UTF8_OPEN = 1u << 11,     /* Ps, Pi: ( [ { “ ‘ « ‚ „ */
    TP_UTF8_CLOSE = 1u << 12,    /* Pe, Pf: ) ] } ” ’ » */
    TP_UTF8_CURRENCY = 1u << 13, /* Sc: $ £ € ¥ ₹ */
    TP_UTF8_SYMBOL = 1u << 14,   /* S*: symbols, currency signs included */
    TP_UTF8_CONTROL = 1u << 15,  /* Cc: C0 and C1 controls (tab, LF and CR too) */
    TP_UTF8_FORMAT = 1u << 16    /* Cf: soft hyphen, zero-width (non-)joiner, BOM, bidi marks */
};
/* The union of LETTER, MARK, DIGIT and NUMBER: what words are made of. */
#define TP_UTF8_WORD (TP_UTF8_LETTER | TP_UTF8_MARK | TP_UTF8_DIGIT | TP_UTF8_NUMBER)

/* The classes of a code point.  0 for unassigned stretches, private use,
 * surrogates and values above U+10FFFF; an unassigned code point inside a
 * block has the class of the assigned one before it. */
uint32_t tp_utf8_class(uint32_t cp);

/* Non-zero when code point cp has any of the classes in mask:
 * tp_utf8_is(cp, TP_UTF8_UPPER), tp_utf8_is(cp, TP_UTF8_SPACE | TP_UTF8_NEWLINE). */
static inline int tp_utf8_is(uint32_t cp, uint32_t mask) { return (tp_utf8_class(cp) & mask) != 0; }

/* The ASCII rows of the same table, for loops over bytes that must not pay
 * a call per byte; zero from 0x80 on, so a byte indexes it without a test.
 * Private: use tp_utf8_ascii_class(). */
static const uint16_t tp_utf8_ascii_[256] = {
    0x08000, 0x08000, 0x08000, 0x08000, 0x08000, 0x08000, 0x08000, 0x08000, /* 00-07 */
    0x08000, 0x08040, 0x08080, 0x08040, 0x08040, 0x08080, 0x08000, 0x08000, /* 08-0F */
    0x08000, 0x08000, 0x08000, 0x08000, 0x08000, 0x08000, 0x08000, 0x08000, /* 10-17 */
    0x08000, 0x08000, 0x08000, 0x08000, 0x08000, 0x08000, 0x08000, 0x08000, /* 18-1F */
    0x00040, 0x00100, 0x00500, 0x00100, 0x06000, 0x00100, 0x00100, 0x00500, /*  !"#$%&' */
    0x00900, 0x01100, 0x00100, 0x04000, 0x00100, 0x00300, 0x00100, 0x00100, /* ()*+,-./ */
    0x00008, 0x00008, 0x00008, 0x00008, 0x00008, 0x00008, 0x00008, 0x00008, /* 01234567 */
    0x00008, 0x00008, 0x00100, 0x00100, 0x04000, 0x04000, 0x04000, 0x00100, /* 89:;<=>? */
    0x00100, 0x00003, 0x00003, 0x00003, 0x00003, 0x00003, 0x00003, 0x00003, /* @ABCDEFG */
    0x00003, 0x00003, 0x00003, 0x00003, 0x00003, 0x00003, 0x00003, 0x00003, /* HIJKLMNO */
    0x00003, 0x00003, 0x00003, 0x00003, 0x00003, 0x00003, 0x00003, 0x00003, /* PQRSTUVW */
    0x00003, 0x00003, 0x00003, 0x00900, 0x00100, 0x01100, 0x04000, 0x00100, /* XYZ[\]^_ */
    0x04000, 0x00005, 0x00005, 0x00005, 0x00005, 0x00005, 0x00005, 0x00005, /* `abcdefg */
    0x00005, 0x00005, 0x00005, 0x00005, 0x00005, 0x00005, 0x00005, 0x00005, /* hijklmno */
    0x00005, 0x00005, 0x00005, 0x00005, 0x00005, 0x00005, 0x00005, 0x00005, /* pqrstuvw */
    0x00005, 0x00005, 0x00005, 0x00900, 0x04000, 0x01100, 0x04000, 0x08000, /* xyz{|}~ DEL */
};

/* tp_utf8_class() of byte c when c < 0x80, without a call; 0 for c >= 0x80
 * (a byte of a multi-byte character: decode it first). */
static inline uint32_t tp_utf8_ascii_class(unsigned char c) { return tp_utf8_ascii_[c]; }

#ifdef __cplusplus
}
#endif
#endif
