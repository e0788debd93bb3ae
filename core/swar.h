/* swar.h - byte tests on eight bytes at once (SIMD within a register), for
 * the JSON reader and writer's scans over long texts.  Internal. */
#ifndef TP_SWAR_H
#define TP_SWAR_H

#include <stdint.h>
#include <string.h>

#define TP__SWAR_ONES 0x0101010101010101ULL
#define TP__SWAR_HIGH 0x8080808080808080ULL

/* The eight bytes at p (any alignment). */
static inline uint64_t tp__swar_load(const void *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

/* Non-zero when some byte of x is below 0x20, a '"' or a '\\': a byte a
 * JSON string cannot hold raw.  Bytes from 0x80 never count (bit 7 set in
 * x, q and b alike); a byte equal to '"' or '\\' is a zero byte of q or b,
 * whose borrow sets bit 7; with no such byte there is no borrow at all, so
 * the answer is exact (not only "maybe"). */
static inline uint64_t tp__swar_json_special(uint64_t x)
{
    uint64_t q = x ^ (TP__SWAR_ONES * '"'), b = x ^ (TP__SWAR_ONES * '\\');
    return ((x - TP__SWAR_ONES * 0x20) | (q - TP__SWAR_ONES) | (b - TP__SWAR_ONES)) & ~x & ~q & ~b & TP__SWAR_HIGH;
}

/* Non-zero when some byte of x is a '"' or a '\\'. */
static inline uint64_t tp__swar_quote_or_backslash(uint64_t x)
{
    uint64_t q = x ^ (TP__SWAR_ONES * '"'), b = x ^ (TP__SWAR_ONES * '\\');
    return (((q - TP__SWAR_ONES) & ~q) | ((b - TP__SWAR_ONES) & ~b)) & TP__SWAR_HIGH;
}

#endif
