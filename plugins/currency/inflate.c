/*
 * inflate.c -- a small DEFLATE decoder (RFC 1951) and the two wrappers the
 * rates files come in: gzip (RFC 1952, the shipped eurofxref-hist.csv.gz) and
 * a ZIP archive's first member (the ECB's own eurofxref-hist.zip download).
 *
 * Written for this plugin so that the library needs no zlib.  It runs once at
 * start-up on about 600 KB: codes of up to 9 bits are read through a lookup
 * table, longer ones bit by bit.  Every read is bounds checked, output is
 * capped (MONEY_INFLATE_MAX), and the CRC-32 and length stored by gzip or
 * ZIP are verified, so a damaged or hostile file is an error, never a crash.
 * The tests check it against zlib.
 */
#include "money_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- bits ---------------------------------------------------------------- */

typedef struct bits {
    const unsigned char *p;
    size_t n, pos;
    uint32_t buf; /* pending bits, least significant first */
    int cnt;
    int err;
} bits;

static unsigned getbits(bits *b, int k)
{
    unsigned v;
    while (b->cnt < k) {
        if (b->pos >= b->n) {
            b->err = 1;
            return 0;
        }
        b->buf |= (uint32_t)b->p[b->pos++] << b->cnt;
        b->cnt += 8;
    }
    v = (unsigned)(b->buf & ((1u << k) - 1));
    b->buf >>= k;
    b->cnt -= k;
    return v;
}

/* ---- canonical Huffman codes ---------------------------------------------- */

#define MAXBITS 15

#define FASTBITS 9

typedef struct huff {
    short count[MAXBITS + 1]; /* codes of each length */
    short sym[288];           /* symbols ordered by code */
    /* codes of up to FASTBITS bits, indexed by the next FASTBITS bits of the
     * stream (least significant first): symbol << 4 | length, 0 = longer */
    uint16_t fast[1 << FASTBITS];
} huff;

/* Builds the decoding table from code lengths; -1 when the lengths
 * over-subscribe the code space (an incomplete code is allowed: a symbol
 * that does not exist is caught when decoding meets it). */
static int huff_build(huff *h, const unsigned char *len, int n)
{
    short offs[MAXBITS + 1];
    int k, left = 1;
    memset(h->count, 0, sizeof h->count);
    for (k = 0; k < n; k++)
        h->count[len[k]]++;
    for (k = 1; k <= MAXBITS; k++) {
        left = left * 2 - h->count[k];
        if (left < 0)
            return -1;
    }
    offs[1] = 0;
    for (k = 1; k < MAXBITS; k++)
        offs[k + 1] = (short)(offs[k] + h->count[k]);
    for (k = 0; k < n; k++)
        if (len[k])
            h->sym[offs[len[k]]++] = (short)k;
    /* the fast table: canonical codes, bit-reversed as the stream sends them */
    {
        unsigned next[MAXBITS + 2], code = 0;
        memset(h->fast, 0, sizeof h->fast);
        next[1] = 0;
        for (k = 1; k <= MAXBITS; k++) {
            code = (code + (unsigned)h->count[k - 1] * (k > 1)) << (k > 1);
            next[k] = code;
        }
        for (k = 0; k < n; k++) {
            unsigned l = len[k], c, r = 0, i;
            if (l == 0 || l > FASTBITS)
                continue;
            c = next[l]++;
            for (i = 0; i < l; i++)
                r |= ((c >> i) & 1u) << (l - 1 - i);
            for (i = r; i < (1u << FASTBITS); i += 1u << l)
                h->fast[i] = (uint16_t)((unsigned)k << 4 | l);
        }
    }
    return 0;
}

/* One symbol: codes are read most significant bit first, one bit at a time;
 * the codes of each length are consecutive numbers after those of the
 * shorter lengths.  -1 on a code that is not in the table. */
static int huff_decode(bits *b, const huff *h)
{
    int code = 0, first = 0, index = 0, len;
    /* fast path: the next FASTBITS bits, when the stream still has them */
    while (b->cnt < FASTBITS && b->pos < b->n) {
        b->buf |= (uint32_t)b->p[b->pos++] << b->cnt;
        b->cnt += 8;
    }
    if (b->cnt >= FASTBITS) {
        unsigned e = h->fast[b->buf & ((1u << FASTBITS) - 1)];
        if (e) {
            b->buf >>= e & 15;
            b->cnt -= (int)(e & 15);
            return (int)(e >> 4);
        }
    }
    for (len = 1; len <= MAXBITS; len++) {
        int count = h->count[len];
        code |= (int)getbits(b, 1);
        if (b->err)
            return -1;
        if (code - first < count)
            return h->sym[index + code - first];
        index += count;
        first = (first + count) << 1;
        code <<= 1;
    }
    return -1;
}

/* ---- output ---------------------------------------------------------------- */

typedef struct outbuf {
    unsigned char *v;
    size_t n, cap, max;
} outbuf;

static int out_room(outbuf *o, size_t more)
{
    size_t cap;
    unsigned char *v;
    if (o->n + more <= o->cap)
        return 0;
    if (o->n + more > o->max)
        return -1;
    cap = o->cap ? o->cap : 65536;
    while (cap < o->n + more)
        cap *= 2;
    if (cap > o->max)
        cap = o->max;
    v = realloc(o->v, cap + 1);
    if (!v)
        return -1;
    o->v = v;
    o->cap = cap;
    return 0;
}

/* ---- blocks ---------------------------------------------------------------- */

static const short LBASE[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const short LEXTRA[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const short DBASE[30] = {1,   2,   3,   4,    5,    7,    9,    13,   17,    25,
                                33,  49,  65,  97,   129,  193,  257,  385,  513,   769,
                                1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const short DEXTRA[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/* Literals and back-references until the end-of-block symbol. */
static int codes(bits *b, outbuf *o, const huff *lit, const huff *dist)
{
    for (;;) {
        int sym = huff_decode(b, lit);
        if (sym < 0)
            return -1;
        if (sym < 256) {
            if (out_room(o, 1) < 0)
                return -1;
            o->v[o->n++] = (unsigned char)sym;
        } else if (sym == 256) {
            return 0;
        } else {
            size_t len, d, k;
            int ds;
            sym -= 257;
            if (sym >= 29)
                return -1;
            len = (size_t)LBASE[sym] + getbits(b, LEXTRA[sym]);
            ds = huff_decode(b, dist);
            if (ds < 0 || ds >= 30)
                return -1;
            d = (size_t)DBASE[ds] + getbits(b, DEXTRA[ds]);
            if (b->err || d > o->n || out_room(o, len) < 0)
                return -1;
            for (k = 0; k < len; k++, o->n++) /* may overlap: byte by byte */
                o->v[o->n] = o->v[o->n - d];
        }
    }
}

static int stored(bits *b, outbuf *o)
{
    size_t len, nlen;
    /* to a byte boundary: whole bytes read ahead go back to the stream */
    b->pos -= (size_t)(b->cnt / 8);
    b->buf = 0;
    b->cnt = 0;
    if (b->pos + 4 > b->n)
        return -1;
    len = (size_t)b->p[b->pos] | (size_t)b->p[b->pos + 1] << 8;
    nlen = (size_t)b->p[b->pos + 2] | (size_t)b->p[b->pos + 3] << 8;
    b->pos += 4;
    if (len != (~nlen & 0xFFFF) || b->pos + len > b->n || out_room(o, len) < 0)
        return -1;
    memcpy(o->v + o->n, b->p + b->pos, len);
    o->n += len;
    b->pos += len;
    return 0;
}

static int fixed(bits *b, outbuf *o)
{
    huff lit, dist;
    unsigned char len[288];
    int k;
    for (k = 0; k < 144; k++)
        len[k] = 8;
    for (; k < 256; k++)
        len[k] = 9;
    for (; k < 280; k++)
        len[k] = 7;
    for (; k < 288; k++)
        len[k] = 8;
    huff_build(&lit, len, 288);
    for (k = 0; k < 30; k++)
        len[k] = 5;
    huff_build(&dist, len, 30);
    return codes(b, o, &lit, &dist);
}

static int dynamic(bits *b, outbuf *o)
{
    static const unsigned char ORDER[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                            11, 4,  12, 3, 13, 2, 14, 1, 15};
    unsigned char len[320];
    huff lencode, lit, dist;
    int nlen = (int)getbits(b, 5) + 257, ndist = (int)getbits(b, 5) + 1;
    int ncode = (int)getbits(b, 4) + 4, k;
    if (b->err || nlen > 286 || ndist > 30)
        return -1;
    memset(len, 0, sizeof len);
    for (k = 0; k < ncode; k++)
        len[ORDER[k]] = (unsigned char)getbits(b, 3);
    if (b->err || huff_build(&lencode, len, 19) < 0)
        return -1;
    for (k = 0; k < nlen + ndist;) {
        int sym = huff_decode(b, &lencode), rep;
        unsigned char v = 0;
        if (sym < 0)
            return -1;
        if (sym < 16) {
            len[k++] = (unsigned char)sym;
            continue;
        }
        if (sym == 16) {
            if (k == 0)
                return -1;
            v = len[k - 1];
            rep = 3 + (int)getbits(b, 2);
        } else if (sym == 17) {
            rep = 3 + (int)getbits(b, 3);
        } else {
            rep = 11 + (int)getbits(b, 7);
        }
        if (b->err || k + rep > nlen + ndist)
            return -1;
        while (rep--)
            len[k++] = v;
    }
    if (len[256] == 0 || huff_build(&lit, len, nlen) < 0 || huff_build(&dist, len + nlen, ndist) < 0)
        return -1;
    return codes(b, o, &lit, &dist);
}

/* Raw DEFLATE from in[0..n); *used gets the bytes consumed. */
static int inflate_raw(const unsigned char *in, size_t n, outbuf *o, size_t *used)
{
    bits b;
    int last;
    memset(&b, 0, sizeof b);
    b.p = in;
    b.n = n;
    do {
        int type, rc;
        last = (int)getbits(&b, 1);
        type = (int)getbits(&b, 2);
        if (b.err)
            return -1;
        if (type == 0)
            rc = stored(&b, o);
        else if (type == 1)
            rc = fixed(&b, o);
        else if (type == 2)
            rc = dynamic(&b, o);
        else
            rc = -1;
        if (rc < 0 || b.err)
            return -1;
    } while (!last);
    *used = b.pos - (size_t)(b.cnt / 8); /* bytes read ahead are not used */
    return 0;
}

/* ---- CRC-32 (the ISO 3309 polynomial, reflected: 0xEDB88320) ------------- */

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t tab[256], c = 0xFFFFFFFFu;
    size_t i;
    int k;
    for (i = 0; i < 256; i++) {
        uint32_t t = (uint32_t)i;
        for (k = 0; k < 8; k++)
            t = (t >> 1) ^ (0xEDB88320u & (0u - (t & 1u)));
        tab[i] = t;
    }
    for (i = 0; i < n; i++)
        c = tab[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned le16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }

/* ---- gzip and ZIP ---------------------------------------------------------- */

int money__unpack(const unsigned char *in, size_t n, unsigned char **out, size_t *outlen,
                  const char **why)
{
    outbuf o = {NULL, 0, 0, MONEY_INFLATE_MAX};
    size_t used = 0;
    uint32_t crc, size;
    *out = NULL;
    *outlen = 0;
    if (n >= 18 && in[0] == 0x1f && in[1] == 0x8b) {
        /* gzip: 10-byte header, optional fields, deflate, CRC-32, size */
        unsigned flg = in[3];
        size_t pos = 10;
        if (in[2] != 8) {
            *why = "unknown gzip compression method";
            return -1;
        }
        if (flg & 4) {
            if (pos + 2 > n)
                goto truncated;
            pos += 2 + le16(in + pos);
        }
        if (flg & 8)
            while (pos < n && in[pos++])
                ;
        if (flg & 16)
            while (pos < n && in[pos++])
                ;
        if (flg & 2)
            pos += 2;
        if (pos >= n)
            goto truncated;
        if (inflate_raw(in + pos, n - pos, &o, &used) < 0)
            goto damaged;
        pos += used;
        if (pos + 8 > n)
            goto truncated;
        crc = le32(in + pos);
        size = le32(in + pos + 4);
    } else if (n >= 30 && le32(in) == 0x04034b50u) {
        /* ZIP: the first local file header, then its member */
        unsigned flags = le16(in + 6), method = le16(in + 8);
        size_t pos = 30 + (size_t)le16(in + 26) + le16(in + 28);
        size_t csize = le32(in + 18);
        crc = le32(in + 14);
        size = le32(in + 22);
        if (pos > n)
            goto truncated;
        if (method == 0) {
            if (csize > n - pos || out_room(&o, csize) < 0)
                goto truncated;
            memcpy(o.v, in + pos, csize);
            o.n = csize;
            used = csize;
        } else if (method == 8) {
            if (inflate_raw(in + pos, n - pos, &o, &used) < 0)
                goto damaged;
        } else {
            *why = "unsupported ZIP compression method (only stored and deflated)";
            return -1;
        }
        if (flags & 8) {
            /* sizes and CRC in a data descriptor after the data */
            pos += used;
            if (pos + 4 <= n && le32(in + pos) == 0x08074b50u)
                pos += 4;
            if (pos + 12 > n)
                goto truncated;
            crc = le32(in + pos);
            size = le32(in + pos + 8);
        }
    } else {
        *why = "neither gzip nor ZIP";
        return -1;
    }
    if (size != (uint32_t)o.n || crc != crc32_of(o.v, o.n)) {
        free(o.v);
        *why = "checksum or length does not match (damaged file)";
        return -1;
    }
    if (!o.v && !(o.v = malloc(1))) { /* an empty member */
        *why = "out of memory";
        return -1;
    }
    o.v[o.n] = 0; /* out_room keeps a byte past cap */
    *out = o.v;
    *outlen = o.n;
    return 0;
truncated:
    free(o.v);
    *why = "truncated file";
    return -1;
damaged:
    free(o.v);
    *why = "damaged compressed data";
    return -1;
}
