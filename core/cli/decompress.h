/*
 * decompress.h - gzip and zstd streams, recognised by their first bytes.
 *
 * Feeds of news archives come compressed (feed.jsonl.gz, feed.jsonl.zst);
 * the input reader passes every stream through here, so a compressed file,
 * FIFO or standard input is read as its content.  zlib and libzstd (Debian
 * zlib1g-dev, libzstd-dev) do the work; concatenated gzip members and zstd
 * frames are read one after another, as gzip -d and zstd -d do.
 */
#ifndef TP_DECOMPRESS_H
#define TP_DECOMPRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum tp__compression { TP__COMP_NONE = 0, TP__COMP_GZIP, TP__COMP_ZSTD } tp__compression;

/* What the first bytes say; `n` may be short (then NONE unless a whole
 * magic number is there). */
tp__compression tp__compression_sniff(const void *p, size_t n);

/* The name for messages: "gzip", "zstd". */
const char *tp__compression_name(tp__compression c);

typedef struct tp__decoder tp__decoder;

tp__decoder *tp__decoder_new(tp__compression c);
void tp__decoder_free(tp__decoder *d);

/* Decodes from in[0..in_len) into out[0..out_cap).  *in_used and
 * *out_made say how much was taken and made.  Returns 0, or -1 when the
 * data is corrupt (a message in *err).  At the end of the input, call
 * tp__decoder_finished() to tell a complete stream from a cut one. */
int tp__decoder_run(tp__decoder *d, const void *in, size_t in_len, size_t *in_used, void *out, size_t out_cap,
                    size_t *out_made, const char **err);

/* True when the last member or frame was complete. */
bool tp__decoder_finished(const tp__decoder *d);

#endif
