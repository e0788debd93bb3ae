/*
 * pool.c - workers per generation, one job queue, deadlines and memory
 * (see pool.h).  The worker handling follows the batch runner's
 * (batch.c): non-blocking pipes both ways, a deadline on the document a
 * worker is working on, a memory check every 0.1 s, the stage named from
 * the shared probe.
 */
#include "autoconfig.h"

#include "pool.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "batch.h"
#include "report.h"
#include "json_out.h"
#include "progress.h"
#include "worker.h"
#include "xalloc.h"

#define DEPTH 2                /* documents a worker holds */
#define MEMORY_CHECK_EVERY 0.1 /* seconds */
#define EXIT_GRACE 2.0         /* a retiring worker's time to end by itself */
#define RETRY_DEAD 5.0         /* seconds before a worker that did not start is tried again */

typedef enum wstate { W_NONE = 0, W_STARTING, W_READY, W_EXITING, W_DEAD } wstate;
typedef enum gstate { G_STARTING, G_ACTIVE, G_RETIRING } gstate;

typedef struct pworker {
    tp__worker proc;
    wstate state;
    tp__job *q[DEPTH]; /* oldest first; q[qn-1] may be partly written */
    int qn;
    size_t woff;                            /* bytes of q[qn-1]'s request written; == len: all */
    double head_deadline, rss_check, until; /* until: EXITING's grace, DEAD's retry */
    size_t docs;
    double *times; /* the TIMES frame before an answer */
    size_t ntimes;
    char *init_error;
} pworker;

typedef struct gslot {
    tp__gen *g;
    gstate state;
    tp__worker_cfg cfg;
    pworker *w;
    volatile int32_t *probes;
} gslot;

/* What one polled descriptor was for. */
typedef struct polled {
    tp__gen *g;
    int wi;
    int fd;
    bool out;
} polled;

struct tp__pool {
    tp__pool_opts o;
    tp__metrics *m;
    gslot *s;
    size_t ns;
    tp__job *head, *tail; /* the queue */
    size_t nqueued;
    polled *polled;
    size_t npolled, cappolled;
    size_t memory_limit; /* SIZE_MAX: none */
};

/* ---- Jobs and the queue ---------------------------------------------------- */

void tp__pool_ref(tp__gen *g) { g->refs++; }

static gslot *slot_of(tp__pool *p, const tp__gen *g)
{
    for (size_t i = 0; i < p->ns; i++)
        if (p->s[i].g == g)
            return &p->s[i];
    return NULL;
}

void tp__pool_unref(tp__pool *p, tp__gen *g)
{
    (void)p;
    g->refs--; /* a retiring generation at 0 is ended by tp__pool_run */
}

void tp__job_free(tp__job *job)
{
    if (!job)
        return;
    free(job->id);
    tp__buf_free(&job->req);
    tp__buf_free(&job->rec);
    free(job->times);
    free(job);
}

static void unlink_job(tp__pool *p, tp__job *j)
{
    if (j->prev)
        j->prev->next = j->next;
    else
        p->head = j->next;
    if (j->next)
        j->next->prev = j->prev;
    else
        p->tail = j->prev;
    j->prev = j->next = NULL;
    j->queued = false;
    p->nqueued--;
}

static void push_back(tp__pool *p, tp__job *j)
{
    j->next = NULL;
    j->prev = p->tail;
    if (p->tail)
        p->tail->next = j;
    else
        p->head = j;
    p->tail = j;
    j->queued = true;
    p->nqueued++;
}

static void push_front(tp__pool *p, tp__job *j)
{
    j->prev = NULL;
    j->next = p->head;
    if (p->head)
        p->head->prev = j;
    else
        p->tail = j;
    p->head = j;
    j->queued = true;
    p->nqueued++;
}

/* The job is over: hands it to its owner (or frees an orphan). */
static void finish(tp__pool *p, tp__job *j)
{
    tp__gen *g = j->gen;
    j->done_at = tp__now();
    if (j->done)
        j->done(j);
    else
        tp__job_free(j);
    tp__pool_unref(p, g);
}

/* An error record made here, for a job no worker answered. */
static void fail_job(tp__pool *p, tp__job *j, const char *stage, const char *code, const char *msg)
{
    j->rec.len = 0;
    tp__json_write_error(&j->rec, j->id, j->gen->hash[j->pipeline][j->offsets], stage, code, msg);
    j->is_error = true;
    j->failure = code;
    tp__metrics_add(p->m, TP__M_DOC_ERRORS, 1, "newsroom", j->gen->names[j->pipeline], "code", code);
    finish(p, j);
}

int tp__pool_submit(tp__pool *p, tp__job *job)
{
    if (p->nqueued >= p->o.queue_limit)
        return -1;
    tp__pool_ref(job->gen);
    job->queued_at = tp__now();
    push_back(p, job);
    return 0;
}

void tp__pool_cancel(tp__pool *p, tp__job *job)
{
    if (job->queued) {
        unlink_job(p, job);
        tp__gen *g = job->gen;
        tp__job_free(job);
        tp__pool_unref(p, g);
        return;
    }
    job->done = NULL; /* a worker holds it: freed when it ends */
}

size_t tp__pool_queued(const tp__pool *p) { return p->nqueued; }

/* ---- Workers ------------------------------------------------------------------ */

static double deadline_for(const tp__pool *p, size_t bytes)
{
    if (p->o.doc_timeout > 0)
        return p->o.doc_timeout;
    if (p->o.doc_timeout == 0)
        return INFINITY;
    return TP__DEFAULT_DOC_TIMEOUT_BASE + TP__DEFAULT_DOC_TIMEOUT_PER_MB * (double)bytes / 1048576.0;
}

static void spawn(tp__pool *p, gslot *s, int i)
{
    pworker *w = &s->w[i];
    s->probes[i] = -1;
    w->qn = 0;
    w->docs = 0;
    w->rss_check = 0;
    if (tp__worker_spawn(&w->proc, &s->cfg, &s->probes[i]) != 0) {
        free(w->init_error);
        w->init_error = tp__cli_error_text("cannot start a worker: %s", strerror(errno));
        w->state = W_DEAD;
        w->until = tp__now() + RETRY_DEAD;
        return;
    }
    w->state = W_STARTING;
}

/* Writes as much of the last request as the worker's pipe takes. */
static void pump(pworker *w)
{
    if (w->qn == 0)
        return;
    const tp__buf *req = &w->q[w->qn - 1]->req;
    while (w->woff < req->len) {
        ssize_t n = write(w->proc.req_fd, req->data + w->woff, req->len - w->woff);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            /* EAGAIN: later, on POLLOUT.  Anything else: the worker is
             * gone, which its answer pipe will show. */
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                w->woff = req->len;
            return;
        }
        w->woff += (size_t)n;
    }
}

static bool writing(const pworker *w) { return w->qn > 0 && w->woff < w->q[w->qn - 1]->req.len; }

static void give(tp__pool *p, pworker *w, tp__job *j)
{
    double now = tp__now();
    if (w->qn == 0) {
        w->head_deadline = now + deadline_for(p, j->text_len);
        j->started_at = now;
    }
    w->q[w->qn++] = j;
    w->woff = 0;
    tp__metrics_observe(p->m, TP__M_QUEUE_SECONDS, now - j->queued_at, NULL, NULL, NULL, NULL);
    pump(w);
}

/* Sends queued jobs to workers: idle ones first, then ones with a single
 * document (it starts the moment the first ends). */
static void dispatch(tp__pool *p)
{
    for (int depth = 0; depth < DEPTH && p->head; depth++) {
        tp__job *j = p->head;
        while (j) {
            tp__job *next = j->next;
            gslot *s = slot_of(p, j->gen);
            for (int i = 0; s && i < p->o.workers; i++) {
                pworker *w = &s->w[i];
                if (w->state != W_READY || w->qn != depth || writing(w))
                    continue;
                if (p->o.max_docs && w->docs + (size_t)w->qn >= p->o.max_docs)
                    continue;
                unlink_job(p, j);
                give(p, w, j);
                break;
            }
            j = next;
        }
    }
}

/* Worker i of slot s died or must die: `code` is "crashed", "timeout",
 * "memory", or NULL (retired, recycled, or idle over its memory).  The
 * document it was working on gets an error record naming the stage; one
 * it had not started goes back to the front of the queue.  A replacement
 * starts unless the generation is on its way out. */
static void replace(tp__pool *p, gslot *s, int i, const char *code)
{
    pworker *w = &s->w[i];
    int32_t stage = s->probes[i];
    size_t rss = code && strcmp(code, "memory") == 0 ? tp__process_rss(w->proc.pid) : 0;
    int st = 0;
    tp__worker_reap(&w->proc, true, &st);
    tp__worker_close(&w->proc);
    bool retired = WIFEXITED(st) && WEXITSTATUS(st) == TP__WORKER_EXIT_RETIRED;
    for (int k = w->qn - 1; k >= 0; k--) {
        tp__job *j = w->q[k];
        if (k > 0 || retired || !code) {
            push_front(p, j); /* never started */
            continue;
        }
        const tp__pipeline *pl = s->g->p[j->pipeline];
        const char *stage_id = stage >= 0 ? tp__pipeline_stage_id(pl, (size_t)stage) : "core";
        char msg[400];
        tp__worker_loss_message(msg, sizeof msg, code, stage_id, st, deadline_for(p, j->text_len), rss,
                                p->memory_limit);
        fail_job(p, j, stage_id, code, msg);
    }
    w->qn = 0;
    tp__metrics_add(p->m, TP__M_RESTARTS, 1, "reason", retired ? "retired" : code ? code : "recycled", NULL, NULL);
    w->state = W_NONE;
    /* A retiring generation still serves what refers to it (a batch
     * request half done): it keeps its workers while anything does. */
    if (s->state != G_RETIRING || s->g->refs > 0)
        spawn(p, s, i);
}

static void drop_gen(tp__pool *p, gslot *s);

/* A worker of a starting generation could not start: the generation is
 * refused. */
static void refuse_gen(tp__pool *p, gslot *s, const char *why)
{
    tp__gen *g = s->g;
    char *msg = tp__xstrdup(why);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n') msg[--n] = '\0';
    drop_gen(p, s);
    tp__metrics_add(p->m, TP__M_RELOADS, 1, "result", "refused", NULL, NULL);
    if (p->o.on_gen)
        p->o.on_gen(p->o.cls, g, false, msg);
    free(msg);
    tp__gen_free(g);
}

/* All of a starting generation's workers are ready: it takes over. */
static void activate(tp__pool *p, gslot *s)
{
    for (size_t k = 0; k < p->ns; k++)
        if (p->s[k].state == G_ACTIVE)
            p->s[k].state = G_RETIRING;
    s->state = G_ACTIVE;
    tp__metrics_set(p->m, TP__M_GENERATION, s->g->id, NULL, NULL);
    if (s->g->id > 1)
        tp__metrics_add(p->m, TP__M_RELOADS, 1, "result", "ok", NULL, NULL);
    if (p->o.on_gen)
        p->o.on_gen(p->o.cls, s->g, true, NULL);
}

static void on_answer(tp__pool *p, gslot *s, int i)
{
    pworker *w = &s->w[i];
    uint32_t kind = w->proc.rd.kind;
    if (kind == TP__ANSWER_TIMES) {
        w->ntimes = w->proc.rd.payload_len / sizeof(double);
        w->times = tp__xrealloc(w->times, (w->ntimes + 1) * sizeof *w->times);
        memcpy(w->times, w->proc.rd.payload, w->ntimes * sizeof(double));
        return;
    }
    tp__job *j = w->q[0];
    j->rec.len = 0;
    tp__buf_append(&j->rec, w->proc.rd.payload, w->proc.rd.payload_len);
    j->is_error = kind == TP__ANSWER_ERROR;
    if (w->ntimes && w->ntimes == tp__pipeline_stage_count(s->g->p[j->pipeline])) {
        j->times = w->times;
        w->times = NULL;
    }
    w->ntimes = 0;
    memmove(w->q, w->q + 1, (size_t)(w->qn - 1) * sizeof *w->q);
    w->qn--;
    w->docs++;
    double now = tp__now();
    if (w->qn > 0) {
        w->head_deadline = now + deadline_for(p, w->q[0]->text_len);
        w->q[0]->started_at = now;
    }
    finish(p, j);
}

/* Reads every answer worker i has ready; handles its death. */
static void read_answers(tp__pool *p, gslot *s, int i)
{
    pworker *w = &s->w[i];
    for (;;) {
        int rc = tp__wire_read(&w->proc.rd, w->proc.ans_fd);
        if (rc == TP__WIRE_AGAIN)
            return;
        if (w->state == W_EXITING) {
            if (rc == TP__WIRE_FRAME)
                continue; /* nothing is expected; end of file is */
            tp__worker_reap(&w->proc, true, NULL);
            tp__worker_close(&w->proc);
            w->state = W_NONE;
            return;
        }
        if (w->state == W_STARTING) {
            if (rc == TP__WIRE_FRAME && w->proc.rd.kind == TP__ANSWER_READY) {
                w->state = W_READY;
                bool all = true;
                for (int k = 0; k < p->o.workers; k++) all = all && s->w[k].state == W_READY;
                if (s->state == G_STARTING && all)
                    activate(p, s);
                continue;
            }
            char *why = rc == TP__WIRE_FRAME && w->proc.rd.kind == TP__ANSWER_INIT_FAILED
                            ? tp__xstrndup(w->proc.rd.payload, w->proc.rd.payload_len)
                            : tp__cli_error_text("a worker died while its stages were starting");
            tp__worker_reap(&w->proc, true, NULL);
            tp__worker_close(&w->proc);
            if (s->state == G_STARTING) {
                refuse_gen(p, s, why);
                free(why);
                return;
            }
            tp__cli_error("serve: a replacement worker did not start:");
            fprintf(stderr, "%s", why);
            free(w->init_error);
            w->init_error = why;
            w->state = W_DEAD;
            w->until = tp__now() + RETRY_DEAD;
            return;
        }
        if (rc != TP__WIRE_FRAME) {
            replace(p, s, i, "crashed");
            return;
        }
        uint32_t kind = w->proc.rd.kind;
        if (w->qn == 0 || (kind != TP__ANSWER_RECORD && kind != TP__ANSWER_ERROR && kind != TP__ANSWER_TIMES)) {
            replace(p, s, i, "crashed"); /* an answer nobody asked for */
            return;
        }
        on_answer(p, s, i);
    }
}

/* ---- Generations ------------------------------------------------------------- */

static void drop_gen(tp__pool *p, gslot *s)
{
    for (int i = 0; i < p->o.workers; i++) {
        pworker *w = &s->w[i];
        if (w->proc.pid > 0)
            tp__worker_reap(&w->proc, true, NULL);
        tp__worker_close(&w->proc);
        for (int k = w->qn - 1; k >= 0; k--) push_front(p, w->q[k]);
        free(w->times);
        free(w->init_error);
    }
    free(s->w);
    munmap((void *)s->probes, (size_t)p->o.workers * sizeof *s->probes);
    size_t at = (size_t)(s - p->s);
    memmove(p->s + at, p->s + at + 1, (p->ns - at - 1) * sizeof *p->s);
    p->ns--;
}

void tp__pool_add_gen(tp__pool *p, tp__gen *g)
{
    for (size_t k = 0; k < p->ns; k++)
        if (p->s[k].state == G_STARTING) {
            tp__gen *old = p->s[k].g;
            drop_gen(p, &p->s[k]);
            tp__gen_free(old);
            break;
        }
    p->s = tp__xrealloc(p->s, (p->ns + 1) * sizeof *p->s);
    gslot *s = &p->s[p->ns++];
    memset(s, 0, sizeof *s);
    s->g = g;
    s->state = G_STARTING;
    s->cfg.p = g->p[0];
    s->cfg.pipelines = g->p;
    s->cfg.npipelines = g->n;
    s->cfg.hashes = g->hashes;
    s->cfg.pipeline_hash = g->hashes[0];
    s->cfg.offsets = TP_OFFSETS_CODEPOINTS;
    s->cfg.stage_times = true;
    s->cfg.memory_limit = p->memory_limit != SIZE_MAX ? p->memory_limit : 0;
    s->cfg.data_limit = p->memory_limit != SIZE_MAX && tp__worker_rlimit_usable() ? p->memory_limit * 2 : 0;
    s->w = tp__xcalloc((size_t)p->o.workers, sizeof *s->w);
    s->probes = mmap(NULL, (size_t)p->o.workers * sizeof *s->probes, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s->probes == MAP_FAILED)
        tp__oom();
    for (int i = 0; i < p->o.workers; i++) {
        s->w[i].proc.pid = -1;
        s->w[i].proc.req_fd = s->w[i].proc.ans_fd = -1;
    }
    for (int i = 0; i < p->o.workers; i++) {
        spawn(p, s, i);
        if (s->w[i].state == W_DEAD) {
            char *why = tp__xstrdup(s->w[i].init_error);
            refuse_gen(p, s, why);
            free(why);
            return;
        }
    }
}

tp__gen *tp__pool_active(const tp__pool *p)
{
    for (size_t k = 0; k < p->ns; k++)
        if (p->s[k].state == G_ACTIVE)
            return p->s[k].g;
    return NULL;
}

bool tp__pool_starting(const tp__pool *p)
{
    for (size_t k = 0; k < p->ns; k++)
        if (p->s[k].state == G_STARTING)
            return true;
    return false;
}

/* A retiring generation nothing refers to: its workers are told to end
 * (their request pipe closes), then it is freed once they have. */
static bool retire(tp__pool *p, gslot *s, double now)
{
    if (s->state != G_RETIRING || s->g->refs)
        return false;
    bool alive = false;
    for (int i = 0; i < p->o.workers; i++) {
        pworker *w = &s->w[i];
        if (w->state == W_READY || w->state == W_STARTING) {
            close(w->proc.req_fd);
            w->proc.req_fd = -1;
            w->state = W_EXITING;
            w->until = now + EXIT_GRACE;
        }
        if (w->state == W_EXITING && now >= w->until) {
            tp__worker_reap(&w->proc, true, NULL);
            tp__worker_close(&w->proc);
            w->state = W_NONE;
        }
        alive = alive || w->state == W_EXITING;
    }
    if (alive)
        return false;
    tp__gen *g = s->g;
    drop_gen(p, s);
    tp__gen_free(g);
    return true;
}

/* ---- Deadlines, memory, the loop ------------------------------------------- */

static void police(tp__pool *p, gslot *s, double now)
{
    bool any_live = false;
    for (int i = 0; i < p->o.workers; i++) {
        pworker *w = &s->w[i];
        if (w->state == W_DEAD && now >= w->until && (s->state != G_RETIRING || s->g->refs > 0))
            spawn(p, s, i);
        any_live = any_live || w->state == W_READY || w->state == W_STARTING;
        if (w->state != W_READY)
            continue;
        if (w->qn > 0 && now > w->head_deadline) {
            replace(p, s, i, "timeout");
            continue;
        }
        if (p->memory_limit != SIZE_MAX && now >= w->rss_check) {
            w->rss_check = now + MEMORY_CHECK_EVERY;
            /* Between stages the worker checks itself (and names the stage
             * that went over): the parent steps in while a stage runs, or
             * when the worker is idle. */
            if ((w->qn == 0 || s->probes[i] >= 0) && tp__process_rss(w->proc.pid) > p->memory_limit) {
                replace(p, s, i, w->qn > 0 ? "memory" : NULL);
                continue;
            }
        }
        if (p->o.max_docs && w->qn == 0 && w->docs >= p->o.max_docs)
            replace(p, s, i, NULL);
    }
    if (any_live || s->state == G_STARTING)
        return;
    /* No worker of this generation can run: its queued jobs fail now
     * rather than wait for a retry that may never work. */
    const char *why = "no worker could be started";
    for (int i = 0; i < p->o.workers; i++)
        if (s->w[i].init_error)
            why = s->w[i].init_error;
    char msg[600];
    snprintf(msg, sizeof msg, "no worker is left to process this document: %s", why);
    for (tp__job *j = p->head, *next; j; j = next) {
        next = j->next;
        if (j->gen == s->g) {
            unlink_job(p, j);
            fail_job(p, j, "core", "no_worker", msg);
        }
    }
}

size_t tp__pool_poll_fds(tp__pool *p, struct pollfd *pfd, size_t max, double *wake)
{
    p->npolled = 0;
    size_t n = 0;
    for (size_t k = 0; k < p->ns; k++) {
        gslot *s = &p->s[k];
        for (int i = 0; i < p->o.workers; i++) {
            pworker *w = &s->w[i];
            if (w->state == W_DEAD && w->until < *wake)
                *wake = w->until;
            if (w->state != W_STARTING && w->state != W_READY && w->state != W_EXITING)
                continue;
            if (w->state == W_EXITING && w->until < *wake)
                *wake = w->until;
            for (int out = 0; out < 2 && n < max; out++) {
                if (out && !(w->state == W_READY && writing(w)))
                    continue;
                pfd[n].fd = out ? w->proc.req_fd : w->proc.ans_fd;
                pfd[n].events = out ? POLLOUT : POLLIN;
                pfd[n].revents = 0;
                p->polled = tp__xgrow(p->polled, &p->cappolled, p->npolled + 1, sizeof *p->polled);
                p->polled[p->npolled++] = (polled){s->g, i, pfd[n].fd, out != 0};
                n++;
            }
            if (w->state == W_READY && w->qn > 0) {
                if (w->head_deadline < *wake)
                    *wake = w->head_deadline;
                if (p->memory_limit != SIZE_MAX && w->rss_check < *wake)
                    *wake = w->rss_check;
            }
        }
    }
    return n;
}

void tp__pool_run(tp__pool *p, const struct pollfd *pfd, size_t n)
{
    for (size_t k = 0; k < n && k < p->npolled; k++) {
        if (!pfd[k].revents)
            continue;
        const polled *pd = &p->polled[k];
        gslot *s = slot_of(p, pd->g);
        if (!s)
            continue; /* dropped while handling an earlier descriptor */
        pworker *w = &s->w[pd->wi];
        if (pd->out) {
            if (w->state == W_READY && w->proc.req_fd == pd->fd)
                pump(w);
        } else if (w->proc.ans_fd == pd->fd &&
                   (w->state == W_STARTING || w->state == W_READY || w->state == W_EXITING)) {
            read_answers(p, s, pd->wi);
        }
    }
    p->npolled = 0;
    double now = tp__now();
    for (size_t k = 0; k < p->ns; k++) police(p, &p->s[k], now);
    dispatch(p);
    for (size_t k = 0; k < p->ns;)
        if (!retire(p, &p->s[k], now))
            k++;
    size_t counts[5] = {0};
    for (size_t k = 0; k < p->ns; k++)
        for (int i = 0; i < p->o.workers; i++) counts[p->s[k].w[i].state]++;
    tp__metrics_set(p->m, TP__M_WORKERS, (double)counts[W_STARTING], "state", "starting");
    tp__metrics_set(p->m, TP__M_WORKERS, (double)counts[W_READY], "state", "ready");
    tp__metrics_set(p->m, TP__M_WORKERS, (double)counts[W_EXITING], "state", "exiting");
    tp__metrics_set(p->m, TP__M_WORKERS, (double)counts[W_DEAD], "state", "failed");
    tp__metrics_set(p->m, TP__M_QUEUED, (double)p->nqueued, NULL, NULL);
}

void tp__pool_dispatch(tp__pool *p)
{
    if (p->head)
        dispatch(p);
}

tp__pool *tp__pool_new(const tp__pool_opts *o, tp__metrics *m)
{
    tp__pool *p = tp__xcalloc(1, sizeof *p);
    p->o = *o;
    if (p->o.workers < 1)
        p->o.workers = 1;
    p->m = m;
    p->memory_limit = o->memory_limit;
    return p;
}

void tp__pool_fail_all(tp__pool *p, const char *message)
{
    for (size_t k = 0; k < p->ns; k++) {
        gslot *s = &p->s[k];
        for (int i = 0; i < p->o.workers; i++) {
            pworker *w = &s->w[i];
            if (w->qn == 0)
                continue;
            tp__worker_reap(&w->proc, true, NULL);
            tp__worker_close(&w->proc);
            for (int q = w->qn - 1; q >= 0; q--) push_front(p, w->q[q]);
            w->qn = 0;
            w->state = W_NONE;
        }
    }
    while (p->head) {
        tp__job *j = p->head;
        unlink_job(p, j);
        fail_job(p, j, "core", "shutdown", message);
    }
}

void tp__pool_free(tp__pool *p)
{
    if (!p)
        return;
    tp__pool_fail_all(p, "the server is stopping");
    while (p->ns) {
        tp__gen *g = p->s[0].g;
        drop_gen(p, &p->s[0]);
        tp__gen_free(g);
    }
    free(p->s);
    free(p->polled);
    free(p);
}
