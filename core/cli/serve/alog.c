/*
 * alog.c - access log lines (see alog.h).
 */
#include "autoconfig.h"

#include "alog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "json_out.h"
#include "xalloc.h"

struct tp__alog {
    char *path; /* NULL: standard error */
    int fd;     /* -1: off */
    tp__buf line;
};

static int open_file(const char *path) { return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640); }

tp__alog *tp__alog_open(const char *path, char *err, size_t errlen)
{
    tp__alog *l = tp__xcalloc(1, sizeof *l);
    if (path && strcmp(path, "off") == 0) {
        l->fd = -1;
        return l;
    }
    if (!path || strcmp(path, "-") == 0) {
        l->fd = 2;
        return l;
    }
    l->fd = open_file(path);
    if (l->fd < 0) {
        snprintf(err, errlen, "cannot open the access log %s: %s", path, strerror(errno));
        free(l);
        return NULL;
    }
    l->path = tp__xstrdup(path);
    return l;
}

int tp__alog_reopen(tp__alog *l)
{
    if (!l->path)
        return 0;
    int fd = open_file(l->path);
    if (fd < 0)
        return -1;
    close(l->fd);
    l->fd = fd;
    return 0;
}

static void member(tp__buf *b, const char *key, const char *value)
{
    if (!value)
        return;
    tp__buf_printf(b, ",\"%s\":", key);
    tp__json_put_lossy(b, value, strlen(value));
}

void tp__alog_write(tp__alog *l, const tp__alog_entry *e)
{
    if (l->fd < 0)
        return;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char when[40];
    size_t k = strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(when + k, sizeof when - k, ".%03ldZ", (long)(tv.tv_usec / 1000));
    tp__buf *b = &l->line;
    b->len = 0;
    tp__buf_printf(b, "{\"time\":\"%s\"", when);
    member(b, "remote", e->remote);
    member(b, "method", e->method);
    member(b, "path", e->path);
    member(b, "newsroom", e->newsroom);
    tp__buf_printf(b, ",\"status\":%d,\"docs\":%zu,\"bytes_in\":%zu,\"bytes_out\":%zu,\"ms\":%.3f", e->status,
                   e->docs, e->bytes_in, e->bytes_out, e->seconds * 1000.0);
    if (e->generation)
        tp__buf_printf(b, ",\"generation\":%u", e->generation);
    member(b, "error", e->error);
    tp__buf_puts(b, "}\n");
    size_t off = 0;
    while (off < b->len) {
        ssize_t n = write(l->fd, b->data + off, b->len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* a full disk must not stop the server */
        off += (size_t)n;
    }
}

void tp__alog_close(tp__alog *l)
{
    if (!l)
        return;
    if (l->path && l->fd >= 0)
        close(l->fd);
    free(l->path);
    tp__buf_free(&l->line);
    free(l);
}
