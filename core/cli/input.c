/*
 * input.c - the input iterator (see input.h).
 *
 * JSON Lines are read through one growable buffer with read(2) and memchr:
 * a line that fits is parsed in place, without a copy.  A line longer than
 * the limit is dropped as it arrives, up to its newline (memory stays
 * bounded), and reported.  A stream (pipe, FIFO, socket, terminal) is read
 * once per readiness the caller reports, never in a blocking loop.
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

#include "decompress.h"
#include "diag.h"
#include "fileio.h"
#include "resume.h"
#include "xalloc.h"

#define READ_CHUNK (1 << 20)
#define RAW_CHUNK (256 * 1024)
/* A buffer that grew past this for one long line is released after it. */
#define KEEP_BYTES ((size_t)8 << 20)

typedef enum source_kind { SRC_NONE = 0, SRC_JSONL, SRC_TEXT, SRC_DIR } source_kind;

struct tp__input {
    const char *const *paths;
    size_t npaths;
    size_t next_path;
    bool stdin_only;
    bool mem; /* one stream from memory */
    tp__input_opts o;
    size_t bytes;

    source_kind cur;
    char *name;    /* display name of the current stream or directory */
    char *text_id; /* SRC_TEXT: the document's id */
    int fd;
    bool own_fd;
    bool stream; /* poll before every read */
    bool armed;  /* the caller saw the stream readable */
    bool eof;
    bool dropping;    /* inside a line over the limit */
    char *dropped_id; /* that line's id, when it came before the drop */
    size_t line;
    char *buf; /* decoded bytes */
    size_t start, end, cap, scanned;
    char *raw; /* bytes read, not yet decoded */
    size_t rstart, rend, rcap;
    bool raw_eof;
    bool sniffed; /* compression looked for */
    tp__compression comp;
    tp__decoder *dec;   /* NULL: not compressed */
    bool failed;        /* the stream is corrupt: it ends here */
    const char *damage; /* why */
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

tp__input *tp__input_open_mem(const char *data, size_t len, const char *name, const tp__input_opts *o)
{
    tp__input *in = tp__input_open(NULL, 0, o);
    in->stdin_only = false;
    in->mem = true;
    in->cur = o->format == TP__FMT_TEXT ? SRC_TEXT : SRC_JSONL;
    in->name = tp__xstrdup(name);
    in->text_id = tp__xstrdup(name);
    in->cap = len + 1;
    in->buf = tp__xmalloc(in->cap);
    memcpy(in->buf, data, len);
    in->end = len;
    in->eof = true;
    in->bytes = len;
    return in;
}

size_t tp__input_bytes_read(const tp__input *in) { return in->bytes; }

static void close_source(tp__input *in)
{
    if (in->own_fd && in->fd >= 0)
        close(in->fd);
    in->fd = -1;
    in->own_fd = false;
    free(in->name);
    free(in->text_id);
    in->name = in->text_id = NULL;
    for (size_t i = 0; i < in->nfiles; i++) free(in->files[i]);
    free(in->files);
    in->files = NULL;
    in->nfiles = in->next_file = 0;
    in->start = in->end = in->scanned = 0;
    if (in->cap > KEEP_BYTES) {
        free(in->buf);
        in->buf = NULL;
        in->cap = 0;
    }
    in->eof = in->dropping = in->stream = in->armed = false;
    free(in->dropped_id);
    in->dropped_id = NULL;
    in->rstart = in->rend = 0;
    in->raw_eof = in->sniffed = in->failed = false;
    in->damage = NULL;
    tp__decoder_free(in->dec);
    in->dec = NULL;
    in->comp = TP__COMP_NONE;
    in->line = 0;
    in->cur = SRC_NONE;
}

void tp__input_close(tp__input *in)
{
    if (!in)
        return;
    close_source(in);
    free(in->buf);
    free(in->raw);
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

/* A name that says JSON Lines, compressed or not. */
static bool jsonl_name(const char *path)
{
    return has_suffix(path, ".jsonl") || has_suffix(path, ".jsonl.gz") || has_suffix(path, ".jsonl.zst");
}

__attribute__((format(printf, 4, 5))) static int error_item(tp__item *it, const char *id, const char *code,
                                                            const char *fmt, ...)
{
    memset(it, 0, sizeof *it);
    it->is_error = true;
    it->id = id;
    it->id_len = strlen(id);
    it->where = id;
    it->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->message, sizeof it->message, fmt, ap);
    va_end(ap);
    return TP__INPUT_ITEM;
}

/* Whether text read as one document looks like JSON Lines instead: its
 * first line is an object. */
static bool looks_like_jsonl(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    if (i >= len || s[i] != '{' || i + 1 >= len || (s[i + 1] != '"' && s[i + 1] != ' '))
        return false;
    const char *nl = memchr(s + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - s) : len;
    while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\r')) end--;
    return end > i && s[end - 1] == '}';
}

static int text_item(tp__item *it, tp__arena *a, const char *id, const char *shown, const char *data, size_t len,
                     FILE *warn)
{
    /* A byte-order mark is not part of the text. */
    size_t skip = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (warn && looks_like_jsonl(data + skip, len - skip))
        tp__diag_print(warn, NULL, TP__WARNING,
                       "%s looks like JSON Lines but is read as one text document; --input jsonl reads one record "
                       "per line",
                       shown);
    memset(it, 0, sizeof *it);
    it->id = id;
    it->id_len = strlen(id);
    it->where = tp__arena_strndup(a, shown, strlen(shown));
    it->text = tp__arena_strndup(a, data + skip, len - skip);
    it->len = len - skip;
    return TP__INPUT_ITEM;
}

/* A whole regular file as one document. */
static int read_text_file(tp__input *in, const char *path, tp__arena *a, tp__item *it)
{
    const char *id = id_from_path(a, path);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return error_item(it, id, "cannot_read", "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return error_item(it, id, "cannot_read", "%s: not a regular file", path);
    }
    size_t limit = in->o.max_doc_bytes;
    if ((size_t)st.st_size > limit) {
        close(fd);
        in->bytes += (size_t)st.st_size;
        return error_item(it, id, "too_large", "%s: document of %lld bytes is larger than --max-doc-bytes (%zu)",
                          path, (long long)st.st_size, limit);
    }
    /* It may have grown since fstat(): the limit holds for what is read. */
    tp__buf data = {0};
    tp__buf_reserve(&data, (size_t)st.st_size + 1);
    int rc = tp__read_fd(fd, limit, &data);
    int e = errno;
    close(fd);
    in->bytes += data.len;
    if (rc != 0) {
        tp__buf_free(&data);
        if (e == EFBIG)
            return error_item(it, id, "too_large", "%s: document larger than --max-doc-bytes (%zu)", path, limit);
        return error_item(it, id, "cannot_read", "%s: read error: %s", path, strerror(e));
    }
    text_item(it, a, id, path, data.data ? data.data : "", data.len, in->o.warn);
    tp__buf_free(&data);
    return TP__INPUT_ITEM;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Adds the *.txt regular files of folder `path` (and, recursively, of its
 * subfolders; symbolic links to folders are not followed, so no loop) to
 * the list.  Anything else named *.txt (a FIFO, a device, a link to one)
 * is skipped with a warning; other files are counted in *others. */
static void collect(tp__input *in, const char *path, DIR *dh, size_t *cap, size_t *others)
{
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.')
            continue;
        char *f = tp__xasprintf("%s/%s", path, e->d_name);
        struct stat lst, st;
        if (in->o.recursive && lstat(f, &lst) == 0 && S_ISDIR(lst.st_mode)) {
            DIR *sub = opendir(f);
            if (sub) {
                collect(in, f, sub, cap, others);
                closedir(sub);
            } else if (in->o.warn) {
                tp__diag_print(in->o.warn, NULL, TP__WARNING, "skipping %s: %s", f, strerror(errno));
            }
            free(f);
            continue;
        }
        if (!has_suffix(e->d_name, ".txt")) {
            (*others)++;
            free(f);
            continue;
        }
        if (stat(f, &st) == 0 && !S_ISREG(st.st_mode)) {
            if (in->o.warn)
                tp__diag_print(in->o.warn, NULL, TP__WARNING, "skipping %s: not a regular file", f);
            free(f);
            continue;
        }
        in->files = tp__xgrow(in->files, cap, in->nfiles + 1, sizeof *in->files);
        in->files[in->nfiles++] = f;
    }
}

/* The folder's documents, sorted by path. */
static void open_dir(tp__input *in, const char *path, DIR *dh)
{
    in->cur = SRC_DIR;
    in->name = tp__xstrdup(path);
    size_t cap = 0, others = 0;
    collect(in, path, dh, &cap, &others);
    qsort(in->files, in->nfiles, sizeof *in->files, cmp_str);
    if (others && in->o.warn)
        tp__diag_print(in->o.warn, NULL, TP__WARNING,
                       "%s: %zu other entr%s skipped: only *.txt files are read from folders%s", path, others,
                       others == 1 ? "y" : "ies", in->o.recursive ? "" : " (--recursive reads subfolders)");
}

/* Decodes what `raw` holds into the buffer.  Returns bytes made, or -3
 * when the data is corrupt. */
static ssize_t decode_some(tp__input *in)
{
    size_t used, made;
    if (!in->dec) {
        made = in->rend - in->rstart;
        if (made > in->cap - in->end)
            made = in->cap - in->end;
        memcpy(in->buf + in->end, in->raw + in->rstart, made);
        used = made;
    } else if (tp__decoder_run(in->dec, in->raw + in->rstart, in->rend - in->rstart, &used, in->buf + in->end,
                               in->cap - in->end, &made, &in->damage) != 0) {
        return -3;
    }
    in->rstart += used;
    in->end += made;
    if (in->rstart == in->rend)
        in->rstart = in->rend = 0;
    return (ssize_t)made;
}

/* Reads and decodes once into the buffer.  Returns bytes made, 0 at end
 * of file, -1 on error (errno), -2 when a stream is not known to be
 * readable, -3 when the data is corrupt or cut (in->damage says why). */
static ssize_t read_some(tp__input *in)
{
    if (in->mem || in->failed)
        return 0;
    if (in->cap - in->end < READ_CHUNK / 2) {
        in->cap = in->cap ? in->cap * 2 : READ_CHUNK;
        in->buf = tp__xrealloc(in->buf, in->cap);
    }
    for (;;) {
        if (in->sniffed && in->rend > in->rstart) {
            ssize_t made = decode_some(in);
            if (made != 0)
                return made;
            if (in->rend > in->rstart)
                continue; /* a header taken, nothing made yet */
        }
        if (in->raw_eof) {
            if (!in->sniffed) {
                in->sniffed = true;
                continue;
            }
            if (in->dec && !tp__decoder_finished(in->dec)) {
                in->damage = "the compressed data ends in the middle (a cut file?)";
                return -3;
            }
            return 0;
        }
        if (in->stream) {
            if (!in->armed)
                return -2;
            in->armed = false;
        }
        if (in->rcap - in->rend < RAW_CHUNK / 2) {
            if (in->rstart > 0) {
                memmove(in->raw, in->raw + in->rstart, in->rend - in->rstart);
                in->rend -= in->rstart;
                in->rstart = 0;
            }
            if (in->rcap - in->rend < RAW_CHUNK / 2) {
                in->rcap = in->rcap ? in->rcap * 2 : RAW_CHUNK;
                in->raw = tp__xrealloc(in->raw, in->rcap);
            }
        }
        ssize_t r = read(in->fd, in->raw + in->rend, in->rcap - in->rend);
        if (r < 0 && errno == EINTR) {
            if (in->stream)
                in->armed = true;
            continue;
        }
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return -2;
        if (r < 0)
            return -1;
        if (r == 0)
            in->raw_eof = true;
        in->rend += (size_t)r;
        in->bytes += (size_t)r;
        if (!in->sniffed && (in->rend - in->rstart >= 4 || in->raw_eof)) {
            in->sniffed = true;
            tp__compression c = tp__compression_sniff(in->raw + in->rstart, in->rend - in->rstart);
            in->comp = c;
            if (c != TP__COMP_NONE)
                in->dec = tp__decoder_new(c);
        }
    }
}

/* Next line of the JSONL stream in *line and *len (not NUL-terminated), with
 * *over set when it exceeded the limit (then its content is dropped).
 * Returns 1, 0 at the end, -1 on a read error, 2 to wait. */
static int next_line(tp__input *in, const char **line, size_t *len, bool *over, int *err)
{
    /* JSON escaping can make a record longer than its text: allow for it. */
    size_t limit = in->o.max_doc_bytes + in->o.max_doc_bytes / 2 + 65536;
    for (;;) {
        if (in->scanned < in->start)
            in->scanned = in->start;
        char *nl = in->end > in->scanned ? memchr(in->buf + in->scanned, '\n', in->end - in->scanned) : NULL;
        if (nl) {
            *line = in->buf + in->start;
            *len = (size_t)(nl - *line);
            *over = in->dropping;
            in->dropping = false;
            in->start = in->scanned = (size_t)(nl - in->buf) + 1;
            in->line++;
            return 1;
        }
        in->scanned = in->end;
        if (in->eof) {
            if (in->start == in->end && !in->dropping)
                return 0;
            *line = in->buf + in->start;
            *len = in->end - in->start;
            *over = in->dropping;
            in->dropping = false;
            in->start = in->scanned = in->end;
            in->line++;
            return 1;
        }
        if (in->end - in->start > limit) {
            /* Drop what we hold of this line and keep reading to its end;
             * its id, when it came first, still names the error record. */
            if (!in->dropping && !in->o.fields.id) {
                size_t n;
                free(in->dropped_id);
                in->dropped_id = NULL;
                if (tp__record_id(in->buf + in->start, in->end - in->start, &in->dropped_id, &n) == 0 &&
                    (memchr(in->dropped_id, '\0', n) || n == 0)) {
                    free(in->dropped_id);
                    in->dropped_id = NULL;
                }
            }
            in->dropping = true;
            in->start = in->end = in->scanned = 0;
        }
        if (in->start > 0) {
            memmove(in->buf, in->buf + in->start, in->end - in->start);
            in->end -= in->start;
            in->scanned -= in->start;
            in->start = 0;
        }
        ssize_t r = read_some(in);
        if (r == -2)
            return 2;
        if (r == -3)
            return 3;
        if (r < 0) {
            *err = errno;
            return -1;
        }
        if (r == 0)
            in->eof = true;
    }
}

static bool blank(const char *s, size_t n)
{
    size_t i0 = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a BOM alone */
    for (size_t i = i0; i < n; i++)
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
        if (rc == 2)
            return TP__INPUT_AGAIN;
        if (rc == 3) {
            /* What was decoded stands; the damage is one error item, and
             * the stream ends here. */
            in->failed = true;
            in->eof = true;
            in->start = in->end = in->scanned = 0;
            in->dropping = false;
            char *where = tp__arena_alloc(a, strlen(in->name) + 24);
            sprintf(where, "%s:%zu", in->name, in->line + 1);
            return error_item(it, where, "corrupt_input", "%s: %s data: %s; the lines before were read", where,
                              in->dec ? tp__compression_name(in->comp) : "input",
                              in->damage ? in->damage : "unreadable");
        }
        if (rc < 0) {
            memset(it, 0, sizeof *it);
            snprintf(it->message, sizeof it->message, "%s: read error: %s", in->name, strerror(err));
            return TP__INPUT_ERROR;
        }
        if (rc == 0)
            return TP__INPUT_END;
        char *where = tp__arena_alloc(a, strlen(in->name) + 24);
        sprintf(where, "%s:%zu", in->name, in->line);
        if (over) {
            const char *id = where;
            if (in->dropped_id) {
                id = tp__arena_strndup(a, in->dropped_id, strlen(in->dropped_id));
                free(in->dropped_id);
                in->dropped_id = NULL;
            }
            error_item(it, id, "too_large", "%s: line longer than the limit for --max-doc-bytes (%zu)", where,
                       in->o.max_doc_bytes);
            it->where = where;
            return TP__INPUT_ITEM;
        }
        if (len && line[len - 1] == '\r')
            len--;
        if (blank(line, len))
            continue;
        tp__jsonl_record rec;
        tp__json_error jerr = {0};
        if (tp__jsonl_parse_fields(line, len, a, &in->o.fields, &rec, &jerr) != 0) {
            if (rec.id && !memchr(rec.id, '\0', rec.id_len) && rec.id_len)
                error_item(it, rec.id, jerr.code, "%s: byte %zu: %s", where, jerr.offset, jerr.message);
            else
                error_item(it, where, jerr.code, "%s: byte %zu: %s", where, jerr.offset, jerr.message);
            it->where = where;
            return TP__INPUT_ITEM;
        }
        if (memchr(rec.id, '\0', rec.id_len) || rec.id_len == 0)
            return error_item(it, where, "bad_id", "%s: the id is empty or contains a NUL character", where);
        if (rec.text_len > in->o.max_doc_bytes) {
            error_item(it, rec.id, "too_large", "%s: text of %zu bytes is larger than --max-doc-bytes (%zu)",
                       where, rec.text_len, in->o.max_doc_bytes);
            it->where = where;
            return TP__INPUT_ITEM;
        }
        memset(it, 0, sizeof *it);
        it->id = rec.id;
        it->id_len = rec.id_len;
        it->where = where;
        it->text = rec.text;
        it->len = rec.text_len;
        if (rec.title && rec.title_len) {
            /* --title-field: the headline, a blank line, the body. */
            char *t = tp__arena_alloc(a, rec.title_len + 2 + rec.text_len + 1);
            memcpy(t, rec.title, rec.title_len);
            memcpy(t + rec.title_len, "\n\n", 2);
            memcpy(t + rec.title_len + 2, rec.text, rec.text_len);
            t[rec.title_len + 2 + rec.text_len] = '\0';
            it->text = t;
            it->len = rec.title_len + 2 + rec.text_len;
            if (it->len > in->o.max_doc_bytes) {
                error_item(it, rec.id, "too_large",
                           "%s: title and text of %zu bytes are larger than --max-doc-bytes (%zu)", where,
                           rec.title_len + 2 + rec.text_len, in->o.max_doc_bytes);
                it->where = where;
            }
        }
        it->meta = rec.meta;
        it->nmeta = rec.nmeta;
        return TP__INPUT_ITEM;
    }
}

/* A whole stream as one document, gathered over as many calls as it
 * takes.  Returns TP__INPUT_ITEM when it ended (or grew too large). */
static int next_text_stream(tp__input *in, tp__arena *a, tp__item *it)
{
    for (;;) {
        if (in->eof && in->end <= in->o.max_doc_bytes) {
            const char *id = tp__arena_strndup(a, in->text_id, strlen(in->text_id));
            text_item(it, a, id, in->name, in->buf ? in->buf : "", in->end, in->o.warn);
            in->cur = SRC_NONE; /* the caller closes it on the next call */
            return TP__INPUT_ITEM;
        }
        if (in->end > in->o.max_doc_bytes) {
            /* Stop here: a stream may never end (no draining /dev/zero). */
            const char *id = tp__arena_strndup(a, in->text_id, strlen(in->text_id));
            error_item(it, id, "too_large", "%s: document larger than --max-doc-bytes (%zu)", in->name,
                       in->o.max_doc_bytes);
            in->cur = SRC_NONE;
            return TP__INPUT_ITEM;
        }
        ssize_t r = read_some(in);
        if (r == -2)
            return TP__INPUT_AGAIN;
        if (r == -3) {
            const char *id = tp__arena_strndup(a, in->text_id, strlen(in->text_id));
            error_item(it, id, "corrupt_input", "%s: compressed data: %s", in->name,
                       in->damage ? in->damage : "unreadable");
            in->cur = SRC_NONE;
            return TP__INPUT_ITEM;
        }
        if (r < 0) {
            int e = errno;
            const char *id = tp__arena_strndup(a, in->text_id, strlen(in->text_id));
            error_item(it, id, "cannot_read", "%s: read error: %s", in->name, strerror(e));
            in->cur = SRC_NONE;
            return TP__INPUT_ITEM;
        }
        if (r == 0)
            in->eof = true;
    }
}

/* Starts reading a stream already open on fd. */
static void start_stream(tp__input *in, int fd, bool own, const char *name, const char *id, bool jsonl)
{
    in->cur = jsonl ? SRC_JSONL : SRC_TEXT;
    in->fd = fd;
    in->own_fd = own;
    in->name = tp__xstrdup(name);
    in->text_id = tp__xstrdup(id);
    struct stat st;
    in->stream = fstat(fd, &st) != 0 || !S_ISREG(st.st_mode);
    in->armed = false;
}

/* Opens the next path.  Returns TP__INPUT_ITEM with an error item when it
 * cannot be read, TP__INPUT_END when there are no more, else 0 with a
 * source started. */
static int start_next_path(tp__input *in, tp__arena *a, tp__item *it, bool *started)
{
    *started = false;
    const char *path;
    if (in->stdin_only) {
        if (in->next_path++ > 0)
            return TP__INPUT_END;
        path = "-";
    } else {
        if (in->next_path >= in->npaths)
            return TP__INPUT_END;
        path = in->paths[in->next_path++];
    }
    bool is_stdin = strcmp(path, "-") == 0;
    bool jsonl = in->o.format == TP__FMT_JSONL || (in->o.format == TP__FMT_AUTO && !is_stdin && jsonl_name(path));
    if (is_stdin) {
        start_stream(in, 0, false, "stdin", "stdin", jsonl);
        *started = true;
        return 0;
    }
    struct stat st;
    if (stat(path, &st) != 0)
        return error_item(it, id_from_path(a, path), "cannot_read", "%s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        DIR *dh = opendir(path);
        if (!dh)
            return error_item(it, id_from_path(a, path), "cannot_read", "%s: %s", path, strerror(errno));
        open_dir(in, path, dh);
        closedir(dh);
        *started = true;
        return 0;
    }
    if (S_ISREG(st.st_mode) && !jsonl)
        return read_text_file(in, path, a, it);
    if (S_ISBLK(st.st_mode))
        return error_item(it, id_from_path(a, path), "cannot_read", "%s: a device, not a file or stream", path);
    /* A regular JSONL file, or a stream: FIFO, pipe, socket, terminal.
     * O_NONBLOCK: opening a FIFO must not wait for its writer. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return error_item(it, id_from_path(a, path), "cannot_read", "%s: %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode) || (S_ISCHR(st.st_mode) && !isatty(fd))) {
        close(fd);
        return error_item(it, id_from_path(a, path), "cannot_read", "%s: a device, not a file or stream", path);
    }
    if (S_ISREG(st.st_mode))
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    start_stream(in, fd, true, path, id_from_path(a, path), jsonl);
    *started = true;
    return 0;
}

int tp__input_next(tp__input *in, tp__arena *a, tp__item *it)
{
    for (;;) {
        int rc;
        switch (in->cur) {
        case SRC_JSONL:
            rc = next_jsonl(in, a, it);
            if (rc != TP__INPUT_END)
                return rc;
            break;
        case SRC_TEXT: return next_text_stream(in, a, it);
        case SRC_DIR:
            if (in->next_file < in->nfiles)
                return read_text_file(in, in->files[in->next_file++], a, it);
            break;
        case SRC_NONE: break;
        }
        close_source(in);
        if (in->mem)
            return TP__INPUT_END;
        bool started;
        rc = start_next_path(in, a, it, &started);
        if (!started)
            return rc;
    }
}

int tp__input_wait_fd(const tp__input *in)
{
    if ((in->cur != SRC_JSONL && in->cur != SRC_TEXT) || !in->stream || in->eof)
        return -1;
    return in->fd;
}

void tp__input_ready(tp__input *in) { in->armed = true; }

static size_t count_lines(const char *path, size_t *bytes)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return 0;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return 0;
    }
    char *buf = tp__xmalloc(READ_CHUNK);
    size_t lines = 0;
    char last = '\n';
    ssize_t r;
    char magic[4];
    ssize_t m = pread(fd, magic, sizeof magic, 0);
    if (m > 0 && tp__compression_sniff(magic, (size_t)m) != TP__COMP_NONE) {
        *bytes += (size_t)st.st_size;
        free(buf);
        close(fd);
        return SIZE_MAX;
    }
    while ((r = read(fd, buf, READ_CHUNK)) > 0) {
        *bytes += (size_t)r;
        for (char *p = buf; (p = memchr(p, '\n', (size_t)(buf + r - p))); p++) lines++;
        last = buf[r - 1];
    }
    if (last != '\n')
        lines++;
    free(buf);
    close(fd);
    return lines;
}

/* The documents of a folder (as collect() finds them) and their bytes. */
static void count_dir(const char *path, bool recursive, size_t *items, size_t *bytes)
{
    DIR *dh = opendir(path);
    struct dirent *e;
    while (dh && (e = readdir(dh))) {
        if (e->d_name[0] == '.')
            continue;
        char *f = tp__xasprintf("%s/%s", path, e->d_name);
        struct stat st;
        if (recursive && lstat(f, &st) == 0 && S_ISDIR(st.st_mode))
            count_dir(f, true, items, bytes);
        else if (has_suffix(e->d_name, ".txt") && stat(f, &st) == 0 && S_ISREG(st.st_mode)) {
            *bytes += (size_t)st.st_size;
            (*items)++;
        }
        free(f);
    }
    if (dh)
        closedir(dh);
}

size_t tp__input_max_items(const char *const *paths, size_t n, const tp__input_opts *o)
{
    if (n == 0 || o->format == TP__FMT_JSONL)
        return SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (strcmp(paths[i], "-") == 0 || jsonl_name(paths[i]))
            return SIZE_MAX;
        /* a path that cannot be read is one error item */
        if (stat(paths[i], &st) == 0 && !S_ISREG(st.st_mode))
            return SIZE_MAX;
    }
    return n;
}

void tp__input_measure(const char *const *paths, size_t n, const tp__input_opts *o, size_t *items, size_t *bytes)
{
    *items = 0;
    *bytes = 0;
    bool compressed = false;
    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        const char *path = paths[i];
        struct stat st;
        if (strcmp(path, "-") == 0)
            goto unknown;
        if (stat(path, &st) != 0) {
            (*items)++; /* it will be one error item */
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            count_dir(path, o->recursive, items, bytes);
        } else if (!S_ISREG(st.st_mode)) {
            goto unknown; /* a stream is never read ahead */
        } else if (o->format == TP__FMT_JSONL || (o->format == TP__FMT_AUTO && jsonl_name(path))) {
            size_t lines = count_lines(path, bytes);
            if (lines == SIZE_MAX)
                compressed = true; /* lines unknown: the total is in bytes */
            else
                *items += lines;
        } else {
            *bytes += (size_t)st.st_size;
            (*items)++;
        }
    }
    if (compressed)
        *items = 0;
    return;
unknown:
    *items = 0;
    *bytes = 0;
}
