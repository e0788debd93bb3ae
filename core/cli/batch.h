/*
 * batch.h - running a pipeline over many documents (DESIGN §7).
 *
 * The parent process has loaded the config and plugins; it forks `jobs`
 * worker processes (worker.h), each of which runs every stage's init() once,
 * then processes documents the parent sends and sends back finished JSON
 * records (wire.h).  The parent reads the input (input.h), writes records in
 * input order through a bounded reorder window (memory stays flat however
 * long the input), and accounts for every input item: N items in, N
 * records out, or a run that says what it could not do and exits non-zero.
 *
 *   - a worker that crashes, overruns its per-document deadline or its
 *     memory limit costs only the document it held: that document gets an
 *     error record naming the stage that was running, and the worker is
 *     replaced (a replacement that cannot start leaves the others to finish;
 *     with none left, documents already read get error records and the run
 *     ends with status 1, its output kept for --resume);
 *   - bad input becomes error records (input.h), duplicate ids too;
 *   - the output (sink.h) is written as FILE.part with a journal, renamed
 *     when complete, with FILE.manifest.json beside it (manifest.h);
 *     --resume continues it exactly (resume.h) after checking the manifest;
 *   - the first SIGINT/SIGTERM stops reading input and lets the documents
 *     in flight finish for a few seconds; a second signal, or the end of
 *     that grace time, stops the workers.  FILE.part stays for --resume.
 */
#ifndef TP_BATCH_H
#define TP_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "input.h"
#include "pipeline.h"
#include "utf8.h"

/* Defaults, documented in textpipe(1). */
#define TP__DEFAULT_DOC_TIMEOUT_BASE 60.0   /* seconds per document ... */
#define TP__DEFAULT_DOC_TIMEOUT_PER_MB 10.0 /* ... plus this per MB of its text */
#define TP__DEFAULT_STOP_GRACE 5.0          /* seconds after the first signal */
#define TP__MIN_WORKER_MEMORY ((size_t)512 << 20)
#define TP__MAX_DEFAULT_WORKER_MEMORY ((size_t)4 << 30)

typedef struct tp__batch_opts {
    const char *const *paths; /* inputs; none: stdin */
    size_t npaths;
    tp__input_opts input;
    const char *out_path; /* NULL or "-": stdout */
    bool out_is_scratch;  /* out_path is the caller's temporary file: an
                             interrupted run does not offer --resume */
    const char *err_path; /* NULL: error records in place */
    bool resume;
    bool resume_anyway;     /* resume although the manifest differs */
    int jobs;               /* worker processes, >= 1 */
    bool unordered;         /* write records as they finish */
    double doc_timeout;     /* seconds per document; < 0: the default, which
                             grows with the document; 0: none */
    size_t worker_memory;   /* resident bytes per worker; 0: the default
                             (tp__batch_default_memory); SIZE_MAX: none */
    size_t worker_max_docs; /* replace a worker after this many; 0: never */
    tp__offset_unit offsets;
    bool pretty;
    int progress; /* 1 on, 0 off, -1 when stderr is a terminal */
    bool quiet;   /* no progress, no summary */
} tp__batch_opts;

/* Runs the batch; returns the exit status (cli.h): 0, 1 (some documents
 * failed, or the run could not finish and says so), 2 (a stage failed to
 * start, or --resume refused), 3 (fatal I/O), 128+signal when
 * interrupted, 141 when the reader of standard output went away. */
int tp__batch_run(tp__pipeline *p, const tp__batch_opts *o);

/* The default memory limit per worker for `jobs` workers: the machine's
 * memory divided by jobs + 1, between 512 MiB and 4 GiB. */
size_t tp__batch_default_memory(int jobs);

/* The deadline for a document of `bytes` (o->doc_timeout resolved). */
double tp__batch_doc_deadline(const tp__batch_opts *o, size_t bytes);

#endif
