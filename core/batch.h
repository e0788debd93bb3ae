/*
 * batch.h - running a pipeline over many documents (DESIGN §7).
 *
 * The parent process has loaded the config and plugins; it forks `jobs`
 * worker processes, each of which runs every stage's init() once, then
 * processes documents the parent sends over a pipe and sends back finished
 * JSON records.  The parent reads the input, writes records in input order
 * through a bounded reorder window (memory stays flat however long the
 * input), and accounts for every input item:
 *
 *   - a worker that crashes, or exceeds the per-document timeout, costs
 *     only the document it held: that document gets an error record naming
 *     the stage that was running, and the worker is replaced;
 *   - bad input becomes error records (input.h), duplicate ids too;
 *   - with resume, ids already in the output's .part file are skipped;
 *   - SIGINT/SIGTERM stop reading input, finish the documents in flight,
 *     flush, and leave the .part file for --resume.
 */
#ifndef TP_BATCH_H
#define TP_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "input.h"
#include "pipeline.h"
#include "utf8.h"

typedef struct tp__batch_opts {
    const char *const *paths; /* inputs; none: stdin */
    size_t npaths;
    tp__input_opts input;
    const char *out_path; /* NULL or "-": stdout */
    bool out_is_scratch;  /* out_path is the caller's temporary file: an
                             interrupted run does not offer --resume */
    const char *err_path; /* NULL: error records in place */
    bool resume;
    int jobs;              /* worker processes, >= 1 */
    bool unordered;        /* write records as they finish */
    double doc_timeout;    /* seconds per document; 0: none */
    tp__offset_unit offsets;
    bool pretty;
    int progress; /* 1 on, 0 off, -1 when stderr is a terminal */
    bool quiet;   /* no progress, no summary */
} tp__batch_opts;

/* Runs the batch; returns the exit status (cli.h): 0, 1 (some documents
 * failed), 2 (a stage failed to start), 3 (fatal I/O), or 128+signal when
 * interrupted. */
int tp__batch_run(tp__pipeline *p, const tp__batch_opts *o);

#endif
