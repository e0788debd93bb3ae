/*
 * sink.h - where records go: standard output or a file.
 *
 * A file is written under a temporary name, FILE.part, and renamed to FILE
 * only when the run completes, so a partial file is never presented as
 * complete.  A run started with resume continues a FILE.part left by a run
 * that was killed: its last incomplete line is cut off and the ids of its
 * complete records are reported, so they are not processed again.
 */
#ifndef TP_SINK_H
#define TP_SINK_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

typedef struct tp__sink {
    int fd;
    const char *name; /* for messages */
    char *final_path; /* NULL for standard output */
    char *part_path;
    tp__buf buf;
    bool failed;
    int err;
    size_t records; /* written in this run */
} tp__sink;

/* Called with each id found in a resumed file (NUL-terminated, borrowed). */
typedef void (*tp__sink_id_fn)(void *arg, const char *id);

/* Opens `path` ("-" or NULL: standard output, shown as `stdout_name`).
 * With `resume`, continues PATH.part (or a complete PATH) and calls `on_id`
 * for each record already there.  Returns 0, or -1 after printing why. */
int tp__sink_open(tp__sink *s, const char *path, const char *stdout_name, bool resume,
                  tp__sink_id_fn on_id, void *arg);

/* Writes out what is buffered.  A write error marks the sink failed. */
void tp__sink_flush(tp__sink *s);

/* Flushes; for a file, syncs and - when `complete` - renames PATH.part to
 * PATH, else leaves PATH.part for a later --resume.  Prints any error.
 * Returns 0 on success. */
int tp__sink_close(tp__sink *s, bool complete);

#endif
