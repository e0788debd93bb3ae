/* sink.c - output streams with temporary names and resume (see sink.h). */
#include "autoconfig.h"

#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "jsonl.h"
#include "xalloc.h"

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Reads a previous run's records: cuts an incomplete last line (a kill
 * mid-write) and reports the id of every complete record. */
static int recover(tp__sink *s, tp__sink_id_fn on_id, void *arg)
{
    struct stat st;
    if (fstat(s->fd, &st) != 0)
        return -1;
    size_t size = (size_t)st.st_size;
    char *data = tp__xmalloc(size + 1);
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(s->fd, data + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            free(data);
            return -1;
        }
        got += (size_t)r;
    }
    size_t keep = size;
    while (keep > 0 && data[keep - 1] != '\n')
        keep--;
    tp__arena arena;
    tp__arena_init(&arena, 64 * 1024);
    size_t start = 0;
    while (start < keep) {
        char *nl = memchr(data + start, '\n', keep - start);
        size_t len = (size_t)(nl - (data + start));
        tp__jsonl_record rec;
        tp__json_error jerr;
        /* Error records have no "text": the parse then fails with the id set. */
        tp__jsonl_parse(data + start, len, &arena, &rec, &jerr);
        if (rec.id && on_id)
            on_id(arg, rec.id);
        tp__arena_reset(&arena);
        start += len + 1;
    }
    tp__arena_free(&arena);
    free(data);
    if (keep != size && ftruncate(s->fd, (off_t)keep) != 0)
        return -1;
    return lseek(s->fd, 0, SEEK_END) < 0 ? -1 : 0;
}

int tp__sink_open(tp__sink *s, const char *path, const char *stdout_name, bool resume,
                  tp__sink_id_fn on_id, void *arg)
{
    memset(s, 0, sizeof *s);
    if (!path || strcmp(path, "-") == 0) {
        s->fd = 1;
        s->name = stdout_name;
        return 0;
    }
    s->final_path = tp__xstrdup(path);
    s->part_path = tp__xasprintf("%s.part", path);
    s->name = s->final_path;
    int flags = O_RDWR | O_CREAT | O_CLOEXEC;
    if (resume && !exists(s->part_path) && exists(s->final_path)) {
        /* A finished file: continue it (new inputs are appended). */
        if (rename(s->final_path, s->part_path) != 0) {
            fprintf(stderr, "textpipe: error: cannot resume %s: %s\n", s->final_path, strerror(errno));
            goto fail;
        }
    }
    if (!resume)
        flags |= O_TRUNC;
    s->fd = open(s->part_path, flags, 0666);
    if (s->fd < 0) {
        fprintf(stderr, "textpipe: error: cannot create %s: %s\n", s->part_path, strerror(errno));
        goto fail;
    }
    if (resume && recover(s, on_id, arg) != 0) {
        fprintf(stderr, "textpipe: error: cannot resume from %s: %s\n", s->part_path, strerror(errno));
        close(s->fd);
        goto fail;
    }
    return 0;
fail:
    free(s->final_path);
    free(s->part_path);
    s->final_path = s->part_path = NULL;
    return -1;
}

void tp__sink_flush(tp__sink *s)
{
    size_t off = 0;
    while (!s->failed && off < s->buf.len) {
        ssize_t w = write(s->fd, s->buf.data + off, s->buf.len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            s->failed = true;
            s->err = errno;
            break;
        }
        off += (size_t)w;
    }
    s->buf.len = 0;
}

int tp__sink_close(tp__sink *s, bool complete)
{
    tp__sink_flush(s);
    if (s->final_path) {
        if (!s->failed && fsync(s->fd) != 0 && errno != EINVAL) {
            s->failed = true;
            s->err = errno;
        }
        if (close(s->fd) != 0 && !s->failed) {
            s->failed = true;
            s->err = errno;
        }
        if (!s->failed && complete && rename(s->part_path, s->final_path) != 0) {
            s->failed = true;
            s->err = errno;
        }
    }
    if (s->failed)
        fprintf(stderr, "textpipe: error: writing %s: %s\n", s->final_path && !complete ? s->part_path : s->name,
                strerror(s->err));
    int rc = s->failed ? -1 : 0;
    free(s->final_path);
    free(s->part_path);
    tp__buf_free(&s->buf);
    return rc;
}
