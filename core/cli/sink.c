/* sink.c - buffered, journalled record output (see sink.h). */
#include "autoconfig.h"

#include "sink.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "xalloc.h"

/* A buffer that grew past this for one huge record is released after it
 * is written. */
#define KEEP_BYTES ((size_t)4 << 20)

const char *tp__sink_name(const tp__sink *s) { return s->out.part ? s->out.part : s->out.shown; }

tp__outfile_status tp__sink_open(tp__sink *s, const char *path, const char *stdout_name, tp__outfile_mode mode,
                                 bool journal, tp__done *done, bool by_id, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->journal_fd = -1;
    tp__outfile_status st = tp__outfile_open(&s->out, path, stdout_name, mode, err, errlen);
    if (st != TP__OUT_OK)
        return st;
    bool fresh = mode == TP__OUT_FRESH;
    if (s->out.direct || (fresh && !journal))
        return TP__OUT_OK;
    if (by_id && !fresh) {
        /* Matched by id: no journal now, nor for a later resume. */
        if (tp__resume_recover_ids(done, s->out.fd, s->out.part, err, errlen) != 0) {
            tp__sink_close(s, false);
            return TP__OUT_REFUSED;
        }
        off_t end = lseek(s->out.fd, 0, SEEK_END);
        if (end < 0)
            goto io;
        s->size = (uint64_t)end;
        return TP__OUT_OK;
    }
    s->journal_path = tp__xasprintf("%s.journal", s->out.part);
    s->journal_fd = tp__outfile_open_side(s->journal_path, fresh, err, errlen);
    if (s->journal_fd < 0) {
        if (!fresh && errno == ENOENT)
            snprintf(err, errlen,
                     "%s has no journal (%s): it was not written by this version of textpipe, or the journal was "
                     "removed; --resume-anyway resumes it by matching ids",
                     s->out.part, s->journal_path);
        tp__sink_close(s, fresh);
        return TP__OUT_REFUSED;
    }
    if (fresh) {
        if (ftruncate(s->journal_fd, 0) != 0 || ftruncate(s->out.fd, 0) != 0)
            goto io;
        return TP__OUT_OK;
    }
    if (tp__resume_recover(done, s->out.fd, s->journal_fd, s->out.part, err, errlen) != 0) {
        tp__sink_close(s, false);
        return TP__OUT_REFUSED;
    }
    off_t end = lseek(s->out.fd, 0, SEEK_END);
    if (end < 0 || lseek(s->journal_fd, 0, SEEK_END) < 0)
        goto io;
    s->size = (uint64_t)end;
    return TP__OUT_OK;
io:
    snprintf(err, errlen, "%s: %s", s->out.part, strerror(errno));
    tp__sink_close(s, fresh);
    return TP__OUT_IO;
}

void tp__sink_add(tp__sink *s, const char *rec, size_t len, uint64_t ordinal)
{
    tp__buf_append(&s->buf, rec, len);
    s->size += len;
    s->pending++;
    if (s->journal_fd >= 0) {
        char line[TP__JOURNAL_LINE_MAX];
        tp__buf_append(&s->jbuf, line, tp__journal_line(line, ordinal, s->size));
    }
}

/* Writes it all; on failure keeps errno in *err for the message. */
static int write_all(int fd, const char *p, size_t n, int *err)
{
    if (tp__write_full(fd, p, n) == 0)
        return 0;
    *err = errno;
    return -1;
}

static void shrink(tp__buf *b)
{
    b->len = 0;
    if (b->cap > KEEP_BYTES)
        tp__buf_free(b);
}

void tp__sink_flush(tp__sink *s)
{
    if (s->failed) {
        shrink(&s->buf);
        shrink(&s->jbuf);
        s->pending = 0;
        return;
    }
    if (s->jbuf.len && write_all(s->journal_fd, s->jbuf.data, s->jbuf.len, &s->err) != 0)
        s->failed = true;
    else if (s->buf.len && write_all(s->out.fd, s->buf.data, s->buf.len, &s->err) != 0)
        s->failed = true;
    else
        s->written += s->pending;
    if (s->failed && s->err == EPIPE)
        s->reader_gone = true;
    shrink(&s->buf);
    shrink(&s->jbuf);
    s->pending = 0;
}

int tp__sink_sync(tp__sink *s)
{
    tp__sink_flush(s);
    if (s->failed)
        return -1;
    if (s->out.direct)
        return 0;
    if ((fsync(s->out.fd) != 0 && errno != EINVAL) ||
        (s->journal_fd >= 0 && fsync(s->journal_fd) != 0 && errno != EINVAL)) {
        s->failed = true;
        s->err = errno;
        return -1;
    }
    return 0;
}

int tp__sink_commit(tp__sink *s)
{
    if (s->out.direct)
        return 0;
    if (tp__outfile_commit(&s->out) != 0) {
        s->failed = true;
        s->err = errno;
        return -1;
    }
    free(s->out.part);
    s->out.part = NULL; /* it is FILE now */
    return 0;
}

void tp__sink_drop_journal(tp__sink *s)
{
    if (s->journal_path)
        unlink(s->journal_path);
}

void tp__sink_close(tp__sink *s, bool discard)
{
    bool nothing = s->written == 0 && s->size == 0;
    if (s->journal_fd >= 0) {
        close(s->journal_fd);
        if (discard && nothing && s->out.created)
            unlink(s->journal_path);
    }
    tp__outfile_close(&s->out, discard && nothing);
    free(s->journal_path);
    tp__buf_free(&s->buf);
    tp__buf_free(&s->jbuf);
    s->journal_fd = -1;
    s->journal_path = NULL;
}
