/*
 * utf8.h - the core's side of the UTF-8 module.
 *
 * The module is public: <textpipe/utf8.h> (decode, validate, offsets,
 * character classes), implemented in utf8.c.  This header adds what only
 * the core needs: validation that also says whether the text is ASCII,
 * repair into a buffer, and an offset map that converts many span offsets
 * of one text in O(1) each.  Documents hold UTF-8 and spans are byte
 * ranges; output offsets are code points (the default), UTF-16 units or
 * bytes.  Validation follows RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF.
 */
#ifndef TP_UTF8_H
#define TP_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include <textpipe/utf8.h>

/* The status and unit enums are the public ones (<textpipe/utf8.h>); the
 * tp__ names stay for the core's callers. */
typedef tp_utf8_status tp__utf8_status;

typedef struct tp__utf8_result {
    tp__utf8_status status;
    size_t offset; /* byte offset of the first bad byte */
    int ascii;     /* non-zero when every byte is < 0x80 (only when status is OK) */
} tp__utf8_result;

/* Checks s[0..len).  Reports the first problem. */
tp__utf8_result tp__utf8_check(const char *s, size_t len);

/* tp_utf8_reason() and tp_utf8_encode() under their older core names. */
#define tp__utf8_reason tp_utf8_reason
#define tp__utf8_encode tp_utf8_encode

/* Non-zero when byte offset `off` of s[0..len) starts a character (or is len). */
static inline int tp__utf8_is_boundary(const char *s, size_t len, size_t off)
{
    return off == len || (off < len && ((unsigned char)s[off] & 0xC0) != 0x80);
}

/* Appends s[0..len) to out as valid UTF-8 without NUL: each byte that
 * does not belong to a valid sequence becomes U+FFFD, a NUL a space.  The
 * form in which ids and messages quoting input are written. */
struct tp__buf;
void tp__utf8_repair(struct tp__buf *out, const char *s, size_t len);

/* ---- Offset conversion ---------------------------------------------------- */

typedef tp_utf8_unit tp__offset_unit;
#define TP_OFFSETS_CODEPOINTS TP_UTF8_CODEPOINTS
#define TP_OFFSETS_BYTES TP_UTF8_BYTES
#define TP_OFFSETS_UTF16 TP_UTF8_UTF16

/* Maps byte offsets of one valid text to another unit in O(1) amortised: a
 * table of unit counts at every 64th byte plus a short scan.  For valid text
 * at character boundaries it agrees with tp_utf8_length(). */
typedef struct tp__offset_map {
    const unsigned char *text;
    size_t len;
    tp__offset_unit unit;
    int identity;    /* bytes, or ASCII text */
    uint32_t *marks; /* units before byte 64*k */
} tp__offset_map;

/* `marks_storage` must hold len/64 + 1 entries (or be NULL when identity). */
void tp__offset_map_init(tp__offset_map *m, const char *text, size_t len, int ascii, tp__offset_unit unit,
                         uint32_t *marks_storage);
static inline size_t tp__offset_map_marks_needed(size_t len) { return len / 64 + 1; }
size_t tp__offset_map_get(const tp__offset_map *m, size_t byte_offset);

#endif
