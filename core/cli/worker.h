/*
 * worker.h - one worker process of the batch runner.
 *
 * A worker is forked from the parent after the plugins are loaded.  It
 * starts every stage (init) once, then answers requests (wire.h): one
 * document in, its finished JSON record out.  It keeps nothing from the
 * parent but its two pipes: every other descriptor is closed, standard
 * output is pointed at standard error (a plugin's printf never reaches a
 * record stream), and the worker dies with its parent (a parent killed by
 * SIGKILL leaves no worker spinning on).
 *
 * The worker records the stage it is running in a shared-memory probe, so
 * the parent can name the stage when the worker crashes, overruns its
 * deadline or its memory limit (with several pipelines, the stage of the
 * one the parent routed the document to).
 */
#ifndef TP_WORKER_H
#define TP_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pipeline.h"
#include "utf8.h"
#include "wire.h"

/* What every worker does the same way. */
typedef struct tp__worker_cfg {
    tp__pipeline *p;
    tp__offset_unit offsets;
    bool pretty;
    const char *pipeline_hash; /* written into every record */
    size_t memory_limit;       /* peak resident bytes per document's stages, 0: none */
    size_t data_limit;         /* RLIMIT_DATA for the process, 0: none */
    /* textpipe serve: several pipelines in one worker, each request
     * routed to one (wire.h's route).  NULL: p alone. */
    tp__pipeline *const *pipelines;
    size_t npipelines;
    /* The hash records name, by pipeline and offsets unit:
     * hashes[pipeline * 3 + unit].  NULL: pipeline_hash. */
    const char *const *hashes;
    bool stage_times; /* send TP__ANSWER_TIMES before every answer */
} tp__worker_cfg;

/* The status a worker exits with when it retires itself (its memory went
 * over the limit after it answered): nothing it held was started. */
#define TP__WORKER_EXIT_RETIRED 75

/* The parent's handle on a worker. */
typedef struct tp__worker {
    pid_t pid;          /* -1: none */
    int req_fd;         /* requests, written without blocking */
    int ans_fd;         /* answers, read without blocking */
    tp__wire_reader rd; /* the answer being read */
} tp__worker;

/* Forks a worker, which starts its stages and answers requests until its
 * request pipe closes.  The probe is where it records the running stage.
 * Returns 0, or -1 with errno set (no process was started). */
int tp__worker_spawn(tp__worker *w, const tp__worker_cfg *c, volatile int32_t *probe);

/* The worker's first answer is TP__ANSWER_READY once its stages started,
 * or TP__ANSWER_INIT_FAILED with their messages; the parent reads it like
 * any other answer. */

/* Closes the parent's ends of the pipes. */
void tp__worker_close(tp__worker *w);

/* Kills (SIGKILL) and reaps the worker; *status gets its wait status.
 * With `kill_first` false, only reaps (the worker was told to end). */
void tp__worker_reap(tp__worker *w, bool kill_first, int *status);

/* Whether RLIMIT_DATA may be set on workers: not in builds with
 * AddressSanitizer, whose shadow memory counts against it. */
bool tp__worker_rlimit_usable(void);

/* Resident memory of a process in bytes, or 0 when it cannot be read. */
size_t tp__process_rss(pid_t pid);

/* Why a worker was lost while `stage_id` ran its document, for that
 * document's error record: `code` "timeout" (deadline_s, the document's
 * deadline), "memory" (rss and limit in bytes) or anything else (then the
 * wait status `status` says crash or exit).  The batch runner and the
 * server say it the same way. */
void tp__worker_loss_message(char *msg, size_t size, const char *code, const char *stage_id, int status,
                             double deadline_s, size_t rss, size_t limit);

#endif
