/*
 * digest.h - SHA-256 of memory and files (nettle does the hashing).
 *
 * Used for the HTML page's Content-Security-Policy hashes and for a batch's
 * manifest (plugin files, the effective config, the pipeline hash that
 * every record carries).
 */
#ifndef TP_DIGEST_H
#define TP_DIGEST_H

#include <stddef.h>

#define TP__SHA256_HEX_LEN 64

/* Lower-case hex digest of data[0..len) into out (NUL-terminated). */
void tp__sha256_hex(const void *data, size_t len, char out[TP__SHA256_HEX_LEN + 1]);

/* Standard base64 of the digest into out (NUL-terminated). */
void tp__sha256_base64(const void *data, size_t len, char out[45]);

/* Hex digest of a file's bytes.  Returns 0, or -1 with errno set. */
int tp__sha256_file(const char *path, char out[TP__SHA256_HEX_LEN + 1]);

#endif
