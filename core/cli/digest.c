/*
 * digest.c - SHA-256 through nettle (see digest.h).
 *
 * nettle is Debian's well-kept implementation, tested against the FIPS
 * vectors; a hand-written copy would need its own vectors and reviews.
 */
#include "autoconfig.h"

#include "digest.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/base64.h>
#include <nettle/sha2.h>
#include <unistd.h>

static void to_hex(const uint8_t *dig, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[dig[i] >> 4];
        out[2 * i + 1] = hex[dig[i] & 15];
    }
    out[2 * SHA256_DIGEST_SIZE] = '\0';
}

void tp__sha256_hex(const void *data, size_t len, char out[TP__SHA256_HEX_LEN + 1])
{
    struct sha256_ctx c;
    uint8_t dig[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, len, data);
    sha256_digest(&c, sizeof dig, dig);
    to_hex(dig, out);
}

void tp__sha256_base64(const void *data, size_t len, char out[45])
{
    struct sha256_ctx c;
    uint8_t dig[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, len, data);
    sha256_digest(&c, sizeof dig, dig);
    base64_encode_raw(out, sizeof dig, dig);
    out[BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE)] = '\0';
}

int tp__sha256_file(const char *path, char out[TP__SHA256_HEX_LEN + 1])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct sha256_ctx c;
    sha256_init(&c);
    uint8_t buf[64 * 1024];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        if (n == 0)
            break;
        sha256_update(&c, (size_t)n, buf);
    }
    close(fd);
    uint8_t dig[SHA256_DIGEST_SIZE];
    sha256_digest(&c, sizeof dig, dig);
    to_hex(dig, out);
    return 0;
}
