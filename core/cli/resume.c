/*
 * resume.c - recovering a killed run's output (see resume.h).
 */
#include "autoconfig.h"

#include "resume.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "fileio.h"
#include "idset.h"
#include "jsonl.h"
#include "utf8.h"
#include "xalloc.h"

typedef struct slot {
    uint64_t ordinal; /* 0: empty */
    size_t off;       /* the id in the pool: size_t length, bytes */
} slot;

struct tp__done {
    bool by_id;
    /* journal mode: ordinal -> id */
    slot *table;
    size_t cap, count;
    tp__buf pool;
    /* id mode: id -> how many records remain unclaimed */
    tp__idset *ids;
    size_t *left;
    size_t nleft, capleft;
    size_t records;
    tp__buf scratch;
};

tp__done *tp__done_new(void) { return tp__xcalloc(1, sizeof(tp__done)); }

void tp__done_free(tp__done *d)
{
    if (!d)
        return;
    free(d->table);
    tp__buf_free(&d->pool);
    tp__idset_free(d->ids);
    free(d->left);
    tp__buf_free(&d->scratch);
    free(d);
}

bool tp__done_by_id(const tp__done *d) { return d->by_id; }

size_t tp__done_count(const tp__done *d) { return d->records; }

static size_t slot_of(const tp__done *d, uint64_t ordinal)
{
    uint64_t h = ordinal * 0x9E3779B97F4A7C15ULL;
    return (size_t)(h ^ (h >> 29)) & (d->cap - 1);
}

static void grow(tp__done *d)
{
    size_t ncap = d->cap ? d->cap * 2 : 1024;
    slot *old = d->table;
    size_t ocap = d->cap;
    d->table = tp__xcalloc(ncap, sizeof *d->table);
    d->cap = ncap;
    for (size_t i = 0; i < ocap; i++) {
        if (!old[i].ordinal)
            continue;
        size_t j = slot_of(d, old[i].ordinal);
        while (d->table[j].ordinal) j = (j + 1) & (d->cap - 1);
        d->table[j] = old[i];
    }
    free(old);
}

static slot *find(const tp__done *d, uint64_t ordinal)
{
    if (!d->cap)
        return NULL;
    size_t j = slot_of(d, ordinal);
    while (d->table[j].ordinal) {
        if (d->table[j].ordinal == ordinal)
            return &d->table[j];
        j = (j + 1) & (d->cap - 1);
    }
    return NULL;
}

/* Returns -1 when the ordinal is already there. */
static int add_ordinal(tp__done *d, uint64_t ordinal, const char *id, size_t len)
{
    if (find(d, ordinal))
        return -1;
    if ((d->count + 1) * 2 > d->cap)
        grow(d);
    size_t j = slot_of(d, ordinal);
    while (d->table[j].ordinal) j = (j + 1) & (d->cap - 1);
    d->table[j].ordinal = ordinal;
    d->table[j].off = d->pool.len;
    tp__buf_append(&d->pool, &len, sizeof len);
    tp__buf_append(&d->pool, id, len);
    tp__buf_putc(&d->pool, '\0');
    d->count++;
    d->records++;
    return 0;
}

static void add_id(tp__done *d, const char *id, size_t len)
{
    if (!d->ids)
        d->ids = tp__idset_new();
    uint64_t known = tp__idset_add(d->ids, id, len, d->nleft + 1);
    if (known) {
        d->left[known - 1]++;
    } else {
        d->left = tp__xgrow(d->left, &d->capleft, d->nleft + 1, sizeof *d->left);
        d->left[d->nleft++] = 1;
    }
    d->records++;
}

size_t tp__journal_line(char out[TP__JOURNAL_LINE_MAX], uint64_t ordinal, uint64_t end)
{
    int n = snprintf(out, TP__JOURNAL_LINE_MAX, "%" PRIu64 " %" PRIu64 "\n", ordinal, end);
    return (size_t)n;
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

int tp__record_id(const char *rec, size_t len, char **id, size_t *id_len)
{
    const char *p = rec, *end = rec + len;
    p = skip_ws(p, end);
    if (p == end || *p++ != '{')
        return -1;
    p = skip_ws(p, end);
    if ((size_t)(end - p) < 4 || memcmp(p, "\"id\"", 4) != 0)
        return -1;
    p = skip_ws(p + 4, end);
    if (p == end || *p++ != ':')
        return -1;
    p = skip_ws(p, end);
    if (p == end || *p != '"')
        return -1;
    const char *q = p + 1;
    while (q < end && *q != '"') {
        if (*q == '\\')
            q++;
        q++;
    }
    if (q >= end)
        return -1;
    tp__arena a;
    tp__arena_init(&a, 1024);
    size_t n;
    char *s = tp__json_decode_string(&a, p, (size_t)(q - p) + 1, &n);
    if (s) {
        *id = tp__xstrndup(s, n);
        *id_len = n;
    }
    tp__arena_free(&a);
    return s ? 0 : -1;
}

/* A complete record ends with "}" and a newline (whitespace between). */
static bool record_closed(const char *rec, size_t len)
{
    if (len < 2 || rec[len - 1] != '\n')
        return false;
    size_t i = len - 1;
    while (i > 0 && (rec[i - 1] == ' ' || rec[i - 1] == '\t' || rec[i - 1] == '\n' || rec[i - 1] == '\r')) i--;
    return i > 0 && rec[i - 1] == '}';
}

__attribute__((format(printf, 3, 4))) static int failf(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* Parses "ORDINAL END\n"; returns 0 or -1. */
static int parse_line(const char *p, size_t n, uint64_t *ordinal, uint64_t *end)
{
    char tmp[TP__JOURNAL_LINE_MAX];
    if (n == 0 || n >= sizeof tmp)
        return -1;
    memcpy(tmp, p, n);
    tmp[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (!(tmp[i] >= '0' && tmp[i] <= '9') && tmp[i] != ' ')
            return -1;
    char *e1, *e2;
    errno = 0;
    unsigned long long a = strtoull(tmp, &e1, 10);
    if (e1 == tmp || *e1 != ' ')
        return -1;
    unsigned long long b = strtoull(e1 + 1, &e2, 10);
    if (errno || e2 == e1 + 1 || *e2 || a == 0)
        return -1;
    *ordinal = a;
    *end = b;
    return 0;
}

int tp__resume_recover_mem(tp__done *d, const char *part, size_t part_len, const char *journal, size_t journal_len,
                           size_t *part_keep, size_t *journal_keep, const char *name, char *err, size_t errlen)
{
    *part_keep = *journal_keep = 0;
    size_t at = 0;     /* in the journal */
    uint64_t prev = 0; /* end of the previous record */
    size_t line_no = 0;
    while (at < journal_len) {
        const char *nl = memchr(journal + at, '\n', journal_len - at);
        if (!nl)
            break; /* a line cut by the kill: not a promise yet */
        size_t n = (size_t)(nl - (journal + at));
        line_no++;
        uint64_t ordinal, end;
        if (parse_line(journal + at, n, &ordinal, &end) != 0)
            return failf(err, errlen, "%s.journal:%zu: not a journal line", name, line_no);
        if (end <= prev)
            return failf(err, errlen, "%s.journal:%zu: record ends at byte %" PRIu64 ", before the previous one",
                         name, line_no, end);
        if (end > part_len)
            break; /* the record did not reach the file */
        char *id;
        size_t id_len;
        const char *rec = part + prev;
        size_t rec_len = (size_t)(end - prev);
        if (!record_closed(rec, rec_len) || tp__record_id(rec, rec_len, &id, &id_len) != 0)
            return failf(err, errlen, "%s: bytes %" PRIu64 "-%" PRIu64 " are not the record %s.journal:%zu names",
                         name, prev, end, name, line_no);
        int dup = add_ordinal(d, ordinal, id, id_len);
        free(id);
        if (dup != 0)
            return failf(err, errlen, "%s.journal:%zu: input item %" PRIu64 " has two records", name, line_no,
                         ordinal);
        prev = end;
        at += n + 1;
        *part_keep = (size_t)end;
        *journal_keep = at;
    }
    return 0;
}

/* The whole of a file this run holds open, from its start. */
static int read_all(int fd, tp__buf *b)
{
    if (lseek(fd, 0, SEEK_SET) < 0)
        return -1;
    return tp__read_fd(fd, SIZE_MAX, b);
}

static int cut(int fd, size_t keep)
{
    return ftruncate(fd, (off_t)keep) == 0 && lseek(fd, 0, SEEK_END) >= 0 ? 0 : -1;
}

int tp__resume_recover(tp__done *d, int part_fd, int journal_fd, const char *name, char *err, size_t errlen)
{
    tp__buf part = {0}, journal = {0};
    int rc = -1;
    if (read_all(part_fd, &part) != 0 || read_all(journal_fd, &journal) != 0) {
        failf(err, errlen, "cannot read %s: %s", name, strerror(errno));
        goto out;
    }
    size_t pk, jk;
    if (tp__resume_recover_mem(d, part.data ? part.data : "", part.len, journal.data ? journal.data : "",
                               journal.len, &pk, &jk, name, err, errlen) != 0)
        goto out;
    if (cut(part_fd, pk) != 0 || cut(journal_fd, jk) != 0) {
        failf(err, errlen, "cannot cut %s after its last complete record: %s", name, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    tp__buf_free(&part);
    tp__buf_free(&journal);
    return rc;
}

/* The end of the JSON value starting at p (a record), or NULL when the data
 * ends first.  Strings are skipped whole, so braces inside them do not
 * count. */
static const char *value_end(const char *p, const char *end)
{
    int depth = 0;
    for (; p < end; p++) {
        if (*p == '"') {
            for (p++; p < end && *p != '"'; p++)
                if (*p == '\\')
                    p++;
            if (p >= end)
                return NULL;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            if (--depth == 0)
                return p + 1;
        }
    }
    return NULL;
}

int tp__resume_recover_ids_mem(tp__done *d, const char *data, size_t len, size_t *keep)
{
    d->by_id = true;
    const char *p = data, *end = data + len;
    *keep = 0;
    for (;;) {
        const char *start = skip_ws(p, end);
        if (start == end)
            break;
        const char *ve = *start == '{' ? value_end(start, end) : NULL;
        const char *nl = ve ? memchr(ve, '\n', (size_t)(end - ve)) : NULL;
        if (!nl || skip_ws(ve, nl) != nl)
            break; /* incomplete, or not a record: cut here */
        char *id;
        size_t id_len;
        if (tp__record_id(start, (size_t)(ve - start), &id, &id_len) == 0) {
            add_id(d, id, id_len);
            free(id);
        }
        p = nl + 1;
        *keep = (size_t)(p - data);
    }
    return 0;
}

int tp__resume_recover_ids(tp__done *d, int fd, const char *name, char *err, size_t errlen)
{
    tp__buf data = {0};
    int rc = -1;
    size_t keep;
    if (read_all(fd, &data) != 0)
        failf(err, errlen, "cannot read %s: %s", name, strerror(errno));
    else if (tp__resume_recover_ids_mem(d, data.data ? data.data : "", data.len, &keep) == 0 && cut(fd, keep) != 0)
        failf(err, errlen, "cannot cut %s after its last complete record: %s", name, strerror(errno));
    else
        rc = 0;
    tp__buf_free(&data);
    return rc;
}

const char *tp__done_id(const tp__done *d, uint64_t ordinal)
{
    const slot *s = find(d, ordinal);
    return s ? d->pool.data + s->off + sizeof(size_t) : NULL;
}

int tp__done_check(tp__done *d, uint64_t ordinal, const char *id, size_t len)
{
    /* Records hold ids as written: invalid UTF-8 repaired. */
    d->scratch.len = 0;
    tp__utf8_repair(&d->scratch, id, len);
    const char *want = d->scratch.data ? d->scratch.data : "";
    size_t want_len = d->scratch.len;
    if (d->by_id) {
        if (!d->ids)
            return TP__DONE_NO;
        uint64_t k = tp__idset_add(d->ids, want, want_len, 0);
        if (!k) /* was not there: added with index 0, which nothing uses */
            return TP__DONE_NO;
        if (k > d->nleft || d->left[k - 1] == 0)
            return TP__DONE_NO;
        d->left[k - 1]--;
        return TP__DONE_YES;
    }
    const slot *s = find(d, ordinal);
    if (!s)
        return TP__DONE_NO;
    size_t have;
    memcpy(&have, d->pool.data + s->off, sizeof have);
    if (have != want_len || memcmp(d->pool.data + s->off + sizeof have, want, want_len) != 0)
        return TP__DONE_MISMATCH;
    return TP__DONE_YES;
}
