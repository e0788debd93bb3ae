/*
 * pool.h - the server's prefork pool of workers (the batch runner's
 * pieces: worker.h, wire.h; the same deadlines and memory limits).
 *
 * Each generation of configs (gen.h) gets `workers` processes forked from
 * this one; each worker starts every pipeline of its generation and
 * answers routed requests (wire.h) for any of them.  Documents (jobs) wait
 * in one FIFO queue and go to an idle worker of their generation, or to
 * one with a single document ahead (a worker holds at most two, so it is
 * never idle between them).
 *
 * A job always ends with a record: the worker's (a result or an error
 * record), or one the pool makes when the worker crashed, overran the
 * document's deadline or its memory limit (failure "crashed", "timeout",
 * "memory"), when no worker could be started ("no_worker"), or at shutdown
 * ("shutdown").  A worker that failed is replaced; the document it had not
 * started yet goes back to the front of the queue.
 *
 * Reload: tp__pool_add_gen() starts a new generation's workers beside the
 * running ones.  When all of them have started their stages it becomes the
 * active generation (new requests go to it), and the old one retires: its
 * workers finish the jobs they were given, then end; the generation is
 * freed when nothing refers to it.  When one of the new workers cannot
 * start, the new generation is dropped and the old one keeps serving.
 *
 * Nothing here blocks: the caller polls the descriptors the pool lists and
 * hands back the results.
 */
#ifndef TP_SERVE_POOL_H
#define TP_SERVE_POOL_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "gen.h"
#include "metrics.h"
#include "utf8.h"

typedef struct tp__job tp__job;
struct tp__job {
    /* The caller's, before tp__pool_submit(). */
    tp__gen *gen; /* the generation; the pool holds a reference until done */
    uint32_t pipeline;
    tp__offset_unit offsets;
    char *id; /* malloc'd */
    size_t text_len;
    tp__buf req;                /* the routed request frame */
    void (*done)(tp__job *job); /* called once when rec is final; may free the job */
    void *owner;
    /* The pool's answer. */
    tp__buf rec; /* the record, ending with a newline */
    bool is_error;
    const char *failure; /* NULL: the worker answered; else why the pool made the error record */
    double *times;       /* seconds per stage of its pipeline, or NULL */
    double queued_at, started_at, done_at;
    /* The pool's own. */
    tp__job *prev, *next;
    bool queued;
};

typedef struct tp__pool_opts {
    int workers;         /* per generation, >= 1 */
    double doc_timeout;  /* seconds; < 0: 60 s plus 10 s per MB (as run); 0: none */
    size_t memory_limit; /* resident bytes per worker; SIZE_MAX: none */
    size_t max_docs;     /* replace a worker after this many documents; 0: never */
    size_t queue_limit;  /* jobs waiting for a worker before submit refuses */
    /* A generation started (ready) or could not: `error` is then whole
     * diagnostic lines (diag.h), without the last newline. */
    void (*on_gen)(void *cls, tp__gen *g, bool ready, const char *error);
    void *cls;
} tp__pool_opts;

typedef struct tp__pool tp__pool;

tp__pool *tp__pool_new(const tp__pool_opts *o, tp__metrics *m);

/* Starts generation g's workers (the pool owns g from now on).  A
 * generation still starting is dropped in favour of the newer one. */
void tp__pool_add_gen(tp__pool *p, tp__gen *g);

/* The generation new requests go to, or NULL before the first started. */
tp__gen *tp__pool_active(const tp__pool *p);

/* Whether a generation is starting (a reload in progress). */
bool tp__pool_starting(const tp__pool *p);

/* Queues a job.  Returns 0, or -1 when the queue is full (the caller
 * answers 503; nothing was taken). */
int tp__pool_submit(tp__pool *p, tp__job *job);

/* The job's owner is gone: a queued job is dropped, one a worker holds is
 * freed when it ends. */
void tp__pool_cancel(tp__pool *p, tp__job *job);

/* Frees a job the pool no longer holds. */
void tp__job_free(tp__job *job);

/* Takes and drops a reference to a generation. */
void tp__pool_ref(tp__gen *g);
void tp__pool_unref(tp__pool *p, tp__gen *g);

/* Jobs waiting for a worker. */
size_t tp__pool_queued(const tp__pool *p);

/* Fills pfd[0..) with the descriptors to poll (at most max) and returns
 * how many; *wake is lowered to the pool's next deadline. */
size_t tp__pool_poll_fds(tp__pool *p, struct pollfd *pfd, size_t max, double *wake);

/* After poll: handles those descriptors, then deadlines, memory limits and
 * dispatch. */
void tp__pool_run(tp__pool *p, const struct pollfd *pfd, size_t n);

/* Hands queued jobs to free workers (after new ones were submitted). */
void tp__pool_dispatch(tp__pool *p);

/* Ends every job now with an error record (failure "shutdown") and kills
 * the workers that held them. */
void tp__pool_fail_all(tp__pool *p, const char *message);

/* Stops every worker and frees the pool and its generations. */
void tp__pool_free(tp__pool *p);

#endif
