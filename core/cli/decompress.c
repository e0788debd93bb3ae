/* decompress.c - gzip (zlib) and zstd (libzstd) streams (see decompress.h). */
#include "autoconfig.h"

#include "decompress.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "xalloc.h"

struct tp__decoder {
    tp__compression kind;
    z_stream z;
    ZSTD_DStream *zs;
    bool in_member; /* inside a member or frame that has not ended */
};

tp__compression tp__compression_sniff(const void *p, size_t n)
{
    const unsigned char *b = p;
    if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
        return TP__COMP_GZIP;
    if (n >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd)
        return TP__COMP_ZSTD;
    return TP__COMP_NONE;
}

const char *tp__compression_name(tp__compression c)
{
    return c == TP__COMP_GZIP ? "gzip" : c == TP__COMP_ZSTD ? "zstd" : "none";
}

tp__decoder *tp__decoder_new(tp__compression c)
{
    tp__decoder *d = tp__xcalloc(1, sizeof *d);
    d->kind = c;
    if (c == TP__COMP_GZIP) {
        if (inflateInit2(&d->z, 16 + MAX_WBITS) != Z_OK)
            tp__oom();
    } else if (c == TP__COMP_ZSTD) {
        d->zs = ZSTD_createDStream();
        if (!d->zs)
            tp__oom();
        ZSTD_initDStream(d->zs);
    }
    return d;
}

void tp__decoder_free(tp__decoder *d)
{
    if (!d)
        return;
    if (d->kind == TP__COMP_GZIP)
        inflateEnd(&d->z);
    if (d->zs)
        ZSTD_freeDStream(d->zs);
    free(d);
}

bool tp__decoder_finished(const tp__decoder *d) { return !d->in_member; }

int tp__decoder_run(tp__decoder *d, const void *in, size_t in_len, size_t *in_used, void *out, size_t out_cap,
                    size_t *out_made, const char **err)
{
    *in_used = *out_made = 0;
    if (d->kind == TP__COMP_ZSTD) {
        ZSTD_inBuffer ib = {in, in_len, 0};
        ZSTD_outBuffer ob = {out, out_cap, 0};
        while (ib.pos < ib.size && ob.pos < ob.size) {
            size_t rc = ZSTD_decompressStream(d->zs, &ob, &ib);
            if (ZSTD_isError(rc)) {
                *err = ZSTD_getErrorName(rc);
                return -1;
            }
            d->in_member = rc != 0;
        }
        *in_used = ib.pos;
        *out_made = ob.pos;
        return 0;
    }
    /* gzip: members one after another. */
    const unsigned char *src = in;
    unsigned char *dst = out;
    while (*in_used < in_len && *out_made < out_cap) {
        if (!d->in_member && *in_used < in_len) {
            if (tp__compression_sniff(src + *in_used, in_len - *in_used) != TP__COMP_GZIP && in_len - *in_used >= 2) {
                *err = "data after the end of a gzip member is not another member";
                return -1;
            }
            if (inflateReset(&d->z) != Z_OK) {
                *err = "cannot restart the gzip decoder";
                return -1;
            }
            d->in_member = true;
        }
        size_t take = in_len - *in_used, room = out_cap - *out_made;
        d->z.next_in = (unsigned char *)src + *in_used;
        d->z.avail_in = take > UINT32_MAX ? UINT32_MAX : (uInt)take;
        d->z.next_out = dst + *out_made;
        d->z.avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
        uInt before_in = d->z.avail_in, before_out = d->z.avail_out;
        int rc = inflate(&d->z, Z_NO_FLUSH);
        *in_used += before_in - d->z.avail_in;
        *out_made += before_out - d->z.avail_out;
        if (rc == Z_STREAM_END) {
            d->in_member = false;
            continue;
        }
        if (rc == Z_BUF_ERROR)
            break; /* needs more input or more room */
        if (rc != Z_OK) {
            *err = d->z.msg ? d->z.msg : "corrupt gzip data";
            return -1;
        }
    }
    return 0;
}
