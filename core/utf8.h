/*
 * utf8.h - UTF-8 validation and offset conversion.
 *
 * Documents hold UTF-8 and spans are byte ranges; output offsets are code
 * points (the default), UTF-16 units or bytes.  Validation follows RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF.
 */
#ifndef TP_UTF8_H
#define TP_UTF8_H

#include <stddef.h>
#include <stdint.h>

typedef enum tp__utf8_status {
    TP_UTF8_OK = 0,
    TP_UTF8_INVALID, /* a malformed, overlong, surrogate or out-of-range sequence */
    TP_UTF8_TRUNCATED, /* the text ends inside a sequence */
    TP_UTF8_NUL      /* a NUL byte (valid UTF-8, but never allowed in a document) */
} tp__utf8_status;

typedef struct tp__utf8_result {
    tp__utf8_status status;
    size_t offset;   /* byte offset of the first bad byte */
    int ascii;       /* non-zero when every byte is < 0x80 (only when status is OK) */
} tp__utf8_result;

/* Checks s[0..len).  Reports the first problem. */
tp__utf8_result tp__utf8_check(const char *s, size_t len);

/* A human-readable reason for a status ("invalid UTF-8 sequence", …). */
const char *tp__utf8_reason(tp__utf8_status st);

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

/* Encodes code point `cp` (must be valid) into out; returns the byte count. */
size_t tp__utf8_encode(uint32_t cp, char out[4]);

/* ---- Offset conversion ---------------------------------------------------- */

typedef enum tp__offset_unit { TP_OFFSETS_CODEPOINTS = 0, TP_OFFSETS_BYTES, TP_OFFSETS_UTF16 } tp__offset_unit;

/* Maps byte offsets of one text to another unit in O(1) amortised: a table of
 * unit counts at every 64th byte plus a short scan. */
typedef struct tp__offset_map {
    const unsigned char *text;
    size_t len;
    tp__offset_unit unit;
    int identity;      /* bytes, or ASCII text */
    uint32_t *marks;   /* units before byte 64*k */
} tp__offset_map;

/* `marks_storage` must hold len/64 + 1 entries (or be NULL when identity). */
void tp__offset_map_init(tp__offset_map *m, const char *text, size_t len, int ascii,
                         tp__offset_unit unit, uint32_t *marks_storage);
static inline size_t tp__offset_map_marks_needed(size_t len) { return len / 64 + 1; }
size_t tp__offset_map_get(const tp__offset_map *m, size_t byte_offset);

#endif
