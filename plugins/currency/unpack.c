/*
 * unpack.c -- the two wrappers the rates files come in: gzip (the shipped
 * eurofxref-hist.csv.gz) and a ZIP archive's first member (the ECB's own
 * eurofxref-hist.zip download).  zlib (Debian zlib1g) inflates; here only
 * the ZIP local header is read.  Output is capped (MONEY_INFLATE_MAX) and
 * the stored CRC-32 and length are verified (zlib does it for gzip), so a
 * damaged or hostile file is an error, never a crash.
 */
#include "money_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned le16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }

/* Inflates in[0..n) (windowBits as zlib takes them: 16+15 gzip, -15 raw)
 * into a new NUL-terminated buffer.  *used gets the bytes consumed. */
static int inflate_all(const unsigned char *in, size_t n, int window, unsigned char **out, size_t *outlen,
                       size_t *used, const char **why)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, window) != Z_OK) {
        *why = "out of memory";
        return -1;
    }
    size_t cap = n * 4 + 1024, len = 0;
    unsigned char *buf = NULL;
    int rc = Z_OK;
    z.next_in = (unsigned char *)in;
    z.avail_in = n > UINT_MAX ? UINT_MAX : (unsigned)n;
    while (rc != Z_STREAM_END) {
        if (!buf || len == cap) {
            if (buf)
                cap *= 2;
            if (cap > MONEY_INFLATE_MAX + 1)
                cap = MONEY_INFLATE_MAX + 1;
            if (buf && len == cap) {
                *why = "the file unpacks to more than the limit";
                goto fail;
            }
            unsigned char *nb = realloc(buf, cap + 1);
            if (!nb) {
                *why = "out of memory";
                goto fail;
            }
            buf = nb;
        }
        z.next_out = buf + len;
        z.avail_out = (unsigned)(cap - len > UINT_MAX ? UINT_MAX : cap - len);
        size_t before = z.avail_out;
        rc = inflate(&z, Z_NO_FLUSH);
        len += before - z.avail_out;
        if (rc == Z_BUF_ERROR && z.avail_in == 0) {
            *why = "truncated file";
            goto fail;
        }
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            *why = rc == Z_DATA_ERROR ? "damaged compressed data (or its checksum does not match)"
                                      : "damaged compressed data";
            goto fail;
        }
    }
    *used = n - z.avail_in;
    inflateEnd(&z);
    buf[len] = 0;
    *out = buf;
    *outlen = len;
    return 0;
fail:
    inflateEnd(&z);
    free(buf);
    return -1;
}

int money__unpack(const unsigned char *in, size_t n, unsigned char **out, size_t *outlen, const char **why)
{
    size_t used = 0;
    *out = NULL;
    *outlen = 0;
    if (n >= 18 && in[0] == 0x1f && in[1] == 0x8b)
        return inflate_all(in, n, 16 + MAX_WBITS, out, outlen, &used, why); /* zlib checks CRC and size */
    if (!(n >= 30 && le32(in) == 0x04034b50u)) {
        *why = "neither gzip nor ZIP";
        return -1;
    }
    /* ZIP: the first local file header, then its member. */
    unsigned flags = le16(in + 6), method = le16(in + 8);
    size_t pos = 30 + (size_t)le16(in + 26) + le16(in + 28);
    size_t csize = le32(in + 18);
    uint32_t crc = le32(in + 14), size = le32(in + 22);
    if (pos > n) {
        *why = "truncated file";
        return -1;
    }
    unsigned char *data;
    size_t len;
    if (method == 0) {
        if (csize > n - pos || csize > MONEY_INFLATE_MAX) {
            *why = "truncated file";
            return -1;
        }
        data = malloc(csize + 1);
        if (!data) {
            *why = "out of memory";
            return -1;
        }
        memcpy(data, in + pos, csize);
        data[csize] = 0;
        len = used = csize;
    } else if (method == 8) {
        if (inflate_all(in + pos, n - pos, -MAX_WBITS, &data, &len, &used, why) != 0)
            return -1;
    } else {
        *why = "unsupported ZIP compression method (only stored and deflated)";
        return -1;
    }
    if (flags & 8) {
        /* sizes and CRC in a data descriptor after the data */
        pos += used;
        if (pos + 4 <= n && le32(in + pos) == 0x08074b50u)
            pos += 4;
        if (pos + 12 > n) {
            free(data);
            *why = "truncated file";
            return -1;
        }
        crc = le32(in + pos);
        size = le32(in + pos + 8);
    }
    if (size != (uint32_t)len || crc != (uint32_t)crc32(0L, data, (uInt)len)) {
        free(data);
        *why = "checksum or length does not match (damaged file)";
        return -1;
    }
    *out = data;
    *outlen = len;
    return 0;
}
