/* fileio.c - whole-file reads and whole-buffer writes (see fileio.h). */
#include "autoconfig.h"

#include "fileio.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK 65536

int tp__read_fd(int fd, size_t max, tp__buf *b)
{
    assert(fd >= 0 && b);
    for (;;) {
        if (b->len > max) {
            errno = EFBIG;
            return -1;
        }
        /* Read at most one byte past the limit: enough to know it is over. */
        size_t room = max - b->len < CHUNK ? max - b->len + 1 : CHUNK;
        tp__buf_reserve(b, room);
        ssize_t n = read(fd, b->data + b->len, room);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            return 0;
        b->len += (size_t)n;
    }
}

char *tp__read_file(const char *path, size_t max, size_t *len)
{
    assert(path && len);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return NULL;
    struct stat st;
    int e = 0;
    if (fstat(fd, &st) != 0)
        e = errno;
    else if (!S_ISREG(st.st_mode))
        e = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    else if ((unsigned long long)st.st_size > max)
        e = EFBIG;
    tp__buf b = {0};
    if (!e && tp__read_fd(fd, max, &b) != 0)
        e = errno;
    close(fd);
    if (e) {
        tp__buf_free(&b);
        errno = e;
        return NULL;
    }
    tp__buf_putc(&b, '\0');
    *len = b.len - 1;
    return b.data;
}

int tp__write_full(int fd, const void *buf, size_t n)
{
    assert(fd >= 0 && (buf || n == 0));
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}
