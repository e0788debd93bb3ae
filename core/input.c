/*
 * input.c - the input iterator (see input.h).
 *
 * JSON Lines are read through one growable buffer with read(2) and memchr:
 * a line that fits is parsed in place, without a copy.  A line longer than
 * the limit is skipped to its newline (memory stays bounded) and reported.
 */
#include "autoconfig.h"

#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

#define READ_CHUNK (1 << 20)

typedef enum source_kind { SRC_NONE = 0, SRC_JSONL, SRC_DIR } source_kind;

struct tp__input {
    const char *const *paths;
    size_t npaths;
    size_t next_path;
    bool stdin_only;
    tp__input_opts o;
    size_t bytes;

    source_kind cur;
    char *name; /* display name of the current stream or directory */
    /* JSONL stream */
    int fd;
    size_t line;
    char *buf;
    size_t start, end, cap;
    bool eof;
    bool may_block; /* a pipe or terminal, not a regular file */
    /* directory */
    char **files;
    size_t nfiles, next_file;
};

tp__input *tp__input_open(const char *const *paths, size_t n, const tp__input_opts *o)
{
    tp__input *in = tp__xcalloc(1, sizeof *in);
    in->paths = paths;
    in->npaths = n;
    in->stdin_only = n == 0;
    in->o = *o;
    if (!in->o.max_doc_bytes || in->o.max_doc_bytes > TP_DOC_MAX_BYTES)
        in->o.max_doc_bytes = TP_DOC_MAX_BYTES;
    in->fd = -1;
    return in;
}

size_t tp__input_bytes_read(const tp__input *in)
{
    return in->bytes;
}

static void close_source(tp__input *in)
{
    if (in->fd > 0)
        close(in->fd);
    in->fd = -1;
    free(in->name);
    in->name = NULL;
    for (size_t i = 0; i < in->nfiles; i++)
        free(in->files[i]);
    free(in->files);
    in->files = NULL;
    in->nfiles = in->next_file = 0;
    in->start = in->end = 0;
    in->eof = false;
    in->may_block = false;
    in->line = 0;
    in->cur = SRC_NONE;
}

void tp__input_close(tp__input *in)
{
    if (!in)
        return;
    close_source(in);
    free(in->buf);
    free(in);
}

/* "dir/article.txt" -> "article" */
static const char *id_from_path(tp__arena *a, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return tp__arena_strndup(a, base, n);
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

__attribute__((format(printf, 4, 5))) static int error_item(tp__item *it, const char *id,
                                                            const char *code, const char *fmt, ...)
{
    memset(it, 0, sizeof *it);
    it->is_error = true;
    it->id = id;
    it->where = id;
    it->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->message, sizeof it->message, fmt, ap);
    va_end(ap);
    return 1;
}

/* Reads a whole stream into the arena, up to the size limit. */
static int read_text_fd(tp__input *in, int fd, const char *shown, const char *id, tp__arena *a,
                        tp__item *it)
{
    size_t limit = in->o.max_doc_bytes;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > limit) {
        in->bytes += (size_t)st.st_size;
        return error_item(it, id, "too_large", "%s: document of %lld bytes is larger than --max-doc-bytes (%zu)",
                          shown, (long long)st.st_size, limit);
    }
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 64 * 1024;
    char *data = tp__xmalloc(cap);
    size_t len = 0;
    bool too_big = false;
    for (;;) {
        if (len == cap) {
            if (cap > limit) {
                too_big = true;
                len = 0; /* keep draining, but hold nothing */
            } else {
                cap *= 2;
                data = tp__xrealloc(data, cap);
            }
        }
        ssize_t r = read(fd, data + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(data);
            return error_item(it, id, "cannot_read", "%s: read error: %s", shown, strerror(e));
        }
        if (r == 0)
            break;
        len += (size_t)r;
        in->bytes += (size_t)r;
    }
    if (too_big || len > limit) {
        free(data);
        return error_item(it, id, "too_large", "%s: document larger than --max-doc-bytes (%zu)", shown, limit);
    }
    /* A byte-order mark is not part of the text. */
    size_t skip = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    memset(it, 0, sizeof *it);
    it->id = id;
    it->where = tp__arena_strndup(a, shown, strlen(shown));
    it->text = tp__arena_strndup(a, data + skip, len - skip);
    it->len = len - skip;
    free(data);
    return 1;
}

static int read_text_file(tp__input *in, const char *path, tp__arena *a, tp__item *it)
{
    const char *id = id_from_path(a, path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return error_item(it, id, "cannot_read", "%s: %s", path, strerror(errno));
    int rc = read_text_fd(in, fd, path, id, a, it);
    close(fd);
    return rc;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void open_dir(tp__input *in, const char *path, DIR *dh)
{
    in->cur = SRC_DIR;
    in->name = tp__xstrdup(path);
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".txt"))
            continue;
        in->files = tp__xgrow(in->files, &cap, in->nfiles + 1, sizeof *in->files);
        in->files[in->nfiles++] = tp__xasprintf("%s/%s", path, e->d_name);
    }
    qsort(in->files, in->nfiles, sizeof *in->files, cmp_str);
}

/* Next line of the JSONL stream in *line and *len (not NUL-terminated), with
 * *over set when it exceeded the limit (then its content is dropped).
 * Returns 1, 0 at the end, -1 on a read error. */
static int next_line(tp__input *in, const char **line, size_t *len, bool *over, int *err)
{
    /* JSON escaping can make a record longer than its text: allow for it. */
    size_t limit = in->o.max_doc_bytes + in->o.max_doc_bytes / 2 + 65536;
    *over = false;
    size_t scanned = in->start;
    for (;;) {
        char *nl = in->end > scanned ? memchr(in->buf + scanned, '\n', in->end - scanned) : NULL;
        if (nl) {
            *line = in->buf + in->start;
            *len = (size_t)(nl - *line);
            in->start = (size_t)(nl - in->buf) + 1;
            in->line++;
            return 1;
        }
        if (in->eof) {
            if (in->start == in->end && !*over)
                return 0;
            *line = in->buf + in->start;
            *len = in->end - in->start;
            in->start = in->end;
            in->line++;
            return 1;
        }
        if (in->end - in->start > limit) {
            /* Drop what we hold of this line and keep reading to its end. */
            *over = true;
            in->start = in->end = 0;
        }
        if (in->start > 0) {
            memmove(in->buf, in->buf + in->start, in->end - in->start);
            in->end -= in->start;
            in->start = 0;
        }
        scanned = in->end;
        if (in->cap - in->end < READ_CHUNK / 2) {
            in->cap = in->cap ? in->cap * 2 : READ_CHUNK;
            in->buf = tp__xrealloc(in->buf, in->cap);
        }
        ssize_t r = read(in->fd, in->buf + in->end, in->cap - in->end);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            *err = errno;
            return -1;
        }
        if (r == 0)
            in->eof = true;
        in->end += (size_t)r;
        in->bytes += (size_t)r;
    }
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

static int next_jsonl(tp__input *in, tp__arena *a, tp__item *it)
{
    for (;;) {
        const char *line;
        size_t len;
        bool over;
        int err = 0;
        int rc = next_line(in, &line, &len, &over, &err);
        if (rc < 0) {
            memset(it, 0, sizeof *it);
            snprintf(it->message, sizeof it->message, "%s: read error: %s", in->name, strerror(err));
            return -1;
        }
        if (rc == 0)
            return 0;
        char *where = tp__arena_alloc(a, strlen(in->name) + 24);
        sprintf(where, "%s:%zu", in->name, in->line);
        if (over)
            return error_item(it, where, "too_large", "%s: line longer than the limit for --max-doc-bytes (%zu)",
                              where, in->o.max_doc_bytes);
        if (len && line[len - 1] == '\r')
            len--;
        if (blank(line, len))
            continue;
        tp__jsonl_record rec;
        tp__json_error jerr;
        if (tp__jsonl_parse(line, len, a, &rec, &jerr) != 0) {
            if (rec.id && !memchr(rec.id, '\0', rec.id_len))
                error_item(it, rec.id, jerr.code, "%s: byte %zu: %s", where, jerr.offset, jerr.message);
            else
                error_item(it, where, jerr.code, "%s: byte %zu: %s", where, jerr.offset, jerr.message);
            it->where = where;
            return 1;
        }
        if (memchr(rec.id, '\0', rec.id_len) || rec.id_len == 0)
            return error_item(it, where, "bad_id", "%s: the id is empty or contains a NUL character", where);
        if (rec.text_len > in->o.max_doc_bytes) {
            error_item(it, rec.id, "too_large", "%s: text of %zu bytes is larger than --max-doc-bytes (%zu)",
                       where, rec.text_len, in->o.max_doc_bytes);
            it->where = where;
            return 1;
        }
        memset(it, 0, sizeof *it);
        it->id = rec.id;
        it->where = where;
        it->text = rec.text;
        it->len = rec.text_len;
        it->meta = rec.meta;
        it->nmeta = rec.nmeta;
        return 1;
    }
}

int tp__input_next(tp__input *in, tp__arena *a, tp__item *it)
{
    for (;;) {
        if (in->cur == SRC_JSONL) {
            int rc = next_jsonl(in, a, it);
            if (rc != 0)
                return rc;
            close_source(in);
            continue;
        }
        if (in->cur == SRC_DIR) {
            if (in->next_file < in->nfiles)
                return read_text_file(in, in->files[in->next_file++], a, it);
            close_source(in);
            continue;
        }
        /* Start the next path. */
        const char *path;
        if (in->stdin_only) {
            if (in->next_path++ > 0)
                return 0;
            path = "-";
        } else {
            if (in->next_path >= in->npaths)
                return 0;
            path = in->paths[in->next_path++];
        }
        bool is_stdin = strcmp(path, "-") == 0;
        bool jsonl = in->o.format == TP__FMT_JSONL ||
                     (in->o.format == TP__FMT_AUTO && !is_stdin && has_suffix(path, ".jsonl"));
        if (is_stdin && !jsonl)
            return read_text_fd(in, 0, "stdin", tp__arena_strndup(a, "stdin", 5), a, it);
        if (is_stdin) {
            in->cur = SRC_JSONL;
            in->fd = 0;
            in->name = tp__xstrdup("stdin");
            struct stat st;
            in->may_block = fstat(0, &st) != 0 || !S_ISREG(st.st_mode);
            continue;
        }
        DIR *dh = opendir(path);
        if (dh) {
            open_dir(in, path, dh);
            closedir(dh);
            continue;
        }
        if (!jsonl)
            return read_text_file(in, path, a, it);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return error_item(it, id_from_path(a, path), "cannot_read", "%s: %s", path, strerror(errno));
        in->cur = SRC_JSONL;
        in->fd = fd;
        in->name = tp__xstrdup(path);
        struct stat st;
        in->may_block = fstat(fd, &st) != 0 || !S_ISREG(st.st_mode);
    }
}

int tp__input_wait_fd(const tp__input *in)
{
    if (in->cur != SRC_JSONL || !in->may_block || in->eof)
        return -1;
    if (in->end > in->start && memchr(in->buf + in->start, '\n', in->end - in->start))
        return -1;
    return in->fd;
}

static size_t count_lines(const char *path, size_t *bytes)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    char *buf = tp__xmalloc(READ_CHUNK);
    size_t lines = 0;
    char last = '\n';
    ssize_t r;
    while ((r = read(fd, buf, READ_CHUNK)) > 0) {
        *bytes += (size_t)r;
        for (char *p = buf; (p = memchr(p, '\n', (size_t)(buf + r - p))); p++)
            lines++;
        last = buf[r - 1];
    }
    if (last != '\n')
        lines++;
    free(buf);
    close(fd);
    return lines;
}

void tp__input_measure(const char *const *paths, size_t n, const tp__input_opts *o, size_t *items,
                       size_t *bytes)
{
    *items = 0;
    *bytes = 0;
    for (size_t i = 0; i < n; i++) {
        const char *path = paths[i];
        struct stat st;
        if (strcmp(path, "-") == 0) {
            *items = 0;
            *bytes = 0;
            return;
        }
        if (stat(path, &st) != 0) {
            (*items)++;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            DIR *dh = opendir(path);
            struct dirent *e;
            while (dh && (e = readdir(dh))) {
                if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".txt"))
                    continue;
                char *f = tp__xasprintf("%s/%s", path, e->d_name);
                if (stat(f, &st) == 0)
                    *bytes += (size_t)st.st_size;
                free(f);
                (*items)++;
            }
            if (dh)
                closedir(dh);
        } else if (o->format == TP__FMT_JSONL || (o->format == TP__FMT_AUTO && has_suffix(path, ".jsonl"))) {
            *items += count_lines(path, bytes);
        } else {
            *bytes += (size_t)st.st_size;
            (*items)++;
        }
    }
    if (n == 0) {
        *items = 0;
        *bytes = 0;
    }
}
