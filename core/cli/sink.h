/*
 * sink.h - where records go: an output (outfile.h) with a buffer and, for
 * files written as FILE.part, the journal that makes --resume exact
 * (resume.h).
 *
 * Records are buffered and written in order; each record's journal line is
 * written before the record's bytes.  Counters say how many records reached
 * the file, so a run that fails half-way can say what it kept.
 */
#ifndef TP_SINK_H
#define TP_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "outfile.h"
#include "resume.h"

typedef struct tp__sink {
    tp__outfile out;
    int journal_fd; /* -1: no journal (standard output, devices) */
    char *journal_path;
    tp__buf buf;    /* records not yet written */
    tp__buf jbuf;   /* their journal lines */
    uint64_t size;  /* bytes of the file once buf is written */
    size_t pending; /* records in buf */
    size_t written; /* records that reached the file */
    bool failed;
    int err;
    bool reader_gone; /* a pipe or socket whose reader went away */
} tp__sink;

/* Opens `path` as outfile.h says and, for a .part file with `journal`,
 * its journal.  With TP__OUT_CONTINUE, recovers the file and its journal
 * into `done` (or, when `by_id`, matches ids: for files without a
 * journal).  On failure the message is in err.  Returns the outfile
 * status. */
tp__outfile_status tp__sink_open(tp__sink *s, const char *path, const char *stdout_name, tp__outfile_mode mode,
                                 bool journal, tp__done *done, bool by_id, char *err, size_t errlen);

/* Removes the journal (after every output of the run was committed). */
void tp__sink_drop_journal(tp__sink *s);

/* Appends one record (ending in a newline) for input item `ordinal`. */
void tp__sink_add(tp__sink *s, const char *rec, size_t len, uint64_t ordinal);

/* Writes what is buffered: the journal lines first.  A write error marks
 * the sink failed (reader_gone for EPIPE). */
void tp__sink_flush(tp__sink *s);

/* Flushes and makes the data durable (fsync).  Returns 0 or -1. */
int tp__sink_sync(tp__sink *s);

/* Renames FILE.part to FILE (the journal stays until
 * tp__sink_drop_journal).  Returns 0 or -1. */
int tp__sink_commit(tp__sink *s);

/* Releases the sink.  `discard`: remove FILE.part and the journal when this
 * run created them and wrote nothing (an early failure leaves no file). */
void tp__sink_close(tp__sink *s, bool discard);

/* The file's name for messages: FILE.part while it is one, else FILE. */
const char *tp__sink_name(const tp__sink *s);

#endif
