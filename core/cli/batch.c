/*
 * batch.c - the batch runner's state machine (see batch.h).
 *
 * One thread, one poll loop.  Each input item gets a sequence number and a
 * slot in a ring of `window` slots; its record is written when every
 * earlier one has been (or at once with --unordered).  A worker holds at
 * most DEPTH documents: the one it works on and the next, already in its
 * pipe.  Requests are written and answers read without blocking, so neither
 * side ever waits on the other, and every wait has a deadline: a document's
 * (which also covers a half-read answer), the stop grace time, the memory
 * check.
 *
 * Worker states: STARTING (forked, stages starting) -> READY -> (crash,
 * deadline, memory, recycling) -> replaced, or DEAD when a replacement's
 * stages fail to start.
 */
#include "autoconfig.h"

#include "batch.h"
#include "batch_state.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "idset.h"
#include "json_out.h"
#include "manifest.h"
#include "progress.h"
#include "report.h"
#include "resume.h"
#include "sink.h"
#include "worker.h"
#include "xalloc.h"

static volatile sig_atomic_t stop_signal, stop_count;

static void on_stop(int sig)
{
    stop_signal = sig;
    stop_count++;
}

size_t tp__batch_default_memory(int jobs)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    size_t total = pages > 0 && page > 0 ? (size_t)pages * (size_t)page : ((size_t)4 << 30);
    size_t m = total / (size_t)(jobs + 1);
    if (m < TP__MIN_WORKER_MEMORY)
        m = TP__MIN_WORKER_MEMORY;
    if (m > TP__MAX_DEFAULT_WORKER_MEMORY)
        m = TP__MAX_DEFAULT_WORKER_MEMORY;
    return m;
}

double tp__batch_doc_deadline(const tp__batch_opts *o, size_t bytes)
{
    if (o->doc_timeout > 0)
        return o->doc_timeout;
    if (o->doc_timeout == 0)
        return INFINITY;
    return TP__DEFAULT_DOC_TIMEOUT_BASE + TP__DEFAULT_DOC_TIMEOUT_PER_MB * (double)bytes / 1048576.0;
}

static slot *slot_of(runner *r, size_t seq) { return &r->slots[seq % r->window]; }

static void shrink(tp__buf *b)
{
    b->len = 0;
    if (b->cap > KEEP_BYTES)
        tp__buf_free(b);
}

/* ---- Records ------------------------------------------------------------------ */

/* An error record for item `seq`, made by the parent. */
static void fail_slot(runner *r, size_t seq, const char *stage, const char *code, const char *msg)
{
    slot *s = slot_of(r, seq);
    s->rec.len = 0;
    tp__json_write_error(&s->rec, s->id ? s->id : "?", r->hash, stage, code, msg);
    if (r->o->pretty) {
        /* The same layout the workers give records. */
        cJSON *j = cJSON_ParseWithLength(s->rec.data, s->rec.len);
        char *t = j ? cJSON_Print(j) : NULL;
        if (t) {
            s->rec.len = 0;
            tp__buf_puts(&s->rec, t);
            tp__buf_putc(&s->rec, '\n');
        }
        free(t);
        cJSON_Delete(j);
    }
    s->is_error = true;
    s->ready = true;
    r->held += s->rec.len;
}

/* Writes one finished record to its sink and frees its slot. */
static void emit(runner *r, slot *s)
{
    tp__sink *to = s->is_error && r->has_errs ? &r->errs : &r->out;
    tp__sink_add(to, s->rec.data, s->rec.len, s->ordinal);
    r->emitted++;
    if (s->is_error)
        r->failed++;
    if (r->streaming || to->buf.len >= FLUSH_AT)
        tp__sink_flush(to);
    r->held -= s->text_len + s->rec.len;
    free(s->id);
    s->id = NULL;
    s->used = s->ready = false;
    shrink(&s->req);
    shrink(&s->rec);
}

/* Writes every finished record that is next in order (or, unordered,
 * every finished record). */
static void drain(runner *r)
{
    if (r->o->unordered) {
        for (size_t k = r->next_write; k < r->next_seq; k++) {
            slot *s = slot_of(r, k);
            if (s->used && s->ready)
                emit(r, s);
        }
        while (r->next_write < r->next_seq && !slot_of(r, r->next_write)->used) r->next_write++;
        return;
    }
    while (r->next_write < r->next_seq) {
        slot *s = slot_of(r, r->next_write);
        if (!s->ready)
            break;
        emit(r, s);
        r->next_write++;
    }
}

static size_t in_flight(const runner *r)
{
    size_t n = 0;
    for (int i = 0; i < r->nworkers; i++) n += (size_t)r->w[i].qn;
    return n + r->npending;
}

/* ---- Workers ------------------------------------------------------------------ */

static int spawn(runner *r, int i)
{
    wslot *w = &r->w[i];
    r->probes[i] = -1;
    if (tp__worker_spawn(&w->proc, &r->wcfg, &r->probes[i]) != 0) {
        w->state = W_DEAD;
        free(w->init_error);
        w->init_error = tp__cli_error_text("cannot start a worker: %s", strerror(errno));
        return -1;
    }
    w->state = W_STARTING;
    w->qn = 0;
    w->writing = false;
    w->docs = 0;
    w->rss_check = 0;
    return 0;
}

/* Writes as much of worker i's pending request as its pipe takes. */
static void pump(runner *r, int i)
{
    wslot *w = &r->w[i];
    while (w->writing) {
        const tp__buf *req = &slot_of(r, w->wseq)->req;
        ssize_t n = write(w->proc.req_fd, req->data + w->woff, req->len - w->woff);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            /* EAGAIN: later, on POLLOUT.  Anything else: the worker is
             * gone, which its answer pipe will show. */
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                w->writing = false;
            return;
        }
        w->woff += (size_t)n;
        if (w->woff == req->len)
            w->writing = false;
    }
}

/* Starts sending item `seq` (its request already in its slot) to worker i. */
static void send_request(runner *r, int i, size_t seq)
{
    wslot *w = &r->w[i];
    if (w->qn == 0)
        w->head_deadline = tp__now() + tp__batch_doc_deadline(r->o, slot_of(r, seq)->text_len);
    w->q[w->qn++] = seq;
    w->writing = true;
    w->wseq = seq;
    w->woff = 0;
    pump(r, i);
}

/* The worker that should get the next document: the least loaded ready one
 * that can take one, or -1.  A worker due for recycling takes none. */
static int pick_worker(const runner *r)
{
    int best = -1;
    for (int i = 0; i < r->nworkers; i++) {
        const wslot *w = &r->w[i];
        if (w->state != W_READY || w->writing || w->qn >= DEPTH)
            continue;
        if (r->o->worker_max_docs && w->docs + (size_t)w->qn >= r->o->worker_max_docs)
            continue;
        if (best < 0 || w->qn < r->w[best].qn)
            best = i;
    }
    return best;
}

static void push_pending(runner *r, size_t seq)
{
    r->pending = tp__xgrow(r->pending, &r->cappending, r->npending + 1, sizeof *r->pending);
    r->pending[r->npending++] = seq;
}

/* Hands documents whose worker died before starting them to live workers,
 * oldest first. */
static void dispatch_pending(runner *r)
{
    while (r->npending) {
        int wi = pick_worker(r);
        if (wi < 0)
            return;
        size_t seq = r->pending[0];
        memmove(r->pending, r->pending + 1, (r->npending - 1) * sizeof *r->pending);
        r->npending--;
        send_request(r, wi, seq);
    }
}

/* Every worker is DEAD: the documents already read get error records; the
 * rest of the input stays unread (for --resume). */
static void give_up(runner *r)
{
    const char *why = "no worker could be started";
    for (int i = 0; i < r->nworkers; i++)
        if (r->w[i].init_error)
            why = r->w[i].init_error;
    /* The lines as printed, less their final newline. */
    int n = (int)strlen(why);
    while (n > 0 && why[n - 1] == '\n') n--;
    char msg[512];
    snprintf(msg, sizeof msg,
             "no worker is left to process this document: a replacement worker did not start: %.*s", n, why);
    for (size_t k = 0; k < r->npending; k++) fail_slot(r, r->pending[k], "core", "no_worker", msg);
    r->npending = 0;
    r->no_workers = true;
    r->input_done = true;
}

/* Worker i died or must die: `code` is "crashed", "timeout", "memory" or
 * NULL (retired with nothing in flight).  The document it was working on
 * gets an error record naming the stage; one it had not started yet waits
 * for a live worker.  A replacement starts. */
static void replace_worker(runner *r, int i, const char *code)
{
    wslot *w = &r->w[i];
    int32_t stage = r->probes[i];
    const char *stage_id = stage >= 0 ? tp__pipeline_stage_id(r->p, (size_t)stage) : "core";
    size_t rss = code && strcmp(code, "memory") == 0 ? tp__process_rss(w->proc.pid) : 0;
    int st = 0;
    tp__worker_reap(&w->proc, true, &st); /* idle or gone: nothing is lost */
    tp__worker_close(&w->proc);
    if (w->qn > 0 && WIFEXITED(st) && WEXITSTATUS(st) == TP__WORKER_EXIT_RETIRED) {
        /* It retired after an answer: what it held was never started. */
        for (int k = w->qn - 1; k >= 0; k--) {
            push_pending(r, w->q[k]);
            memmove(r->pending + 1, r->pending, (r->npending - 1) * sizeof *r->pending);
            r->pending[0] = w->q[k];
        }
    } else if (w->qn > 0) {
        char msg[400];
        tp__worker_loss_message(msg, sizeof msg, code, stage_id, st,
                                tp__batch_doc_deadline(r->o, slot_of(r, w->q[0])->text_len), rss, r->memory_limit);
        fail_slot(r, w->q[0], stage_id, code, msg);
        /* The ones it had not started: first in line for the next worker. */
        for (int k = w->qn - 1; k >= 1; k--) {
            push_pending(r, w->q[k]);
            memmove(r->pending + 1, r->pending, (r->npending - 1) * sizeof *r->pending);
            r->pending[0] = w->q[k];
        }
    }
    w->qn = 0;
    w->writing = false;
    r->restarts++;
    if (r->input_done && r->npending == 0 && in_flight(r) == 0) {
        w->state = W_NONE; /* nothing left for it to do */
        return;
    }
    spawn(r, i);
}

/* A worker's first answer: its stages started, or did not. */
static void on_init_answer(runner *r, int i)
{
    wslot *w = &r->w[i];
    if (w->proc.rd.kind == TP__ANSWER_READY) {
        w->state = W_READY;
        return;
    }
    free(w->init_error);
    /* The worker sends its diagnostics as printed (tp__diags_text). */
    w->init_error = tp__xstrndup(w->proc.rd.payload, w->proc.rd.payload_len);
    tp__worker_reap(&w->proc, true, NULL);
    tp__worker_close(&w->proc);
    w->state = W_DEAD;
}

/* A worker's process ended or sent garbage while STARTING. */
static void on_start_death(runner *r, int i)
{
    wslot *w = &r->w[i];
    int st = 0;
    tp__worker_reap(&w->proc, true, &st);
    tp__worker_close(&w->proc);
    free(w->init_error);
    w->init_error = tp__cli_error_text("a worker died while its stages were starting (%s)",
                                       WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "exited");
    w->state = W_DEAD;
}

/* Reads every answer worker i has ready.  Handles its death. */
static void read_answers(runner *r, int i)
{
    wslot *w = &r->w[i];
    for (;;) {
        int rc = tp__wire_read(&w->proc.rd, w->proc.ans_fd);
        if (rc == TP__WIRE_AGAIN)
            return;
        if (rc != TP__WIRE_FRAME) {
            if (w->state == W_STARTING)
                on_start_death(r, i);
            else
                replace_worker(r, i, "crashed");
            return;
        }
        if (w->state == W_STARTING) {
            on_init_answer(r, i);
            if (w->state != W_READY)
                return;
            continue;
        }
        uint32_t kind = w->proc.rd.kind;
        if (w->qn == 0 || (kind != TP__ANSWER_RECORD && kind != TP__ANSWER_ERROR)) {
            replace_worker(r, i, "crashed"); /* an answer nobody asked for */
            return;
        }
        slot *s = slot_of(r, w->q[0]);
        s->rec.len = 0;
        tp__buf_append(&s->rec, w->proc.rd.payload, w->proc.rd.payload_len);
        r->held += s->rec.len;
        s->is_error = kind == TP__ANSWER_ERROR;
        s->ready = true;
        shrink(&s->req);
        memmove(w->q, w->q + 1, (size_t)(w->qn - 1) * sizeof *w->q);
        w->qn--;
        w->docs++;
        if (w->qn > 0) /* the next document starts now */
            w->head_deadline = tp__now() + tp__batch_doc_deadline(r->o, slot_of(r, w->q[0])->text_len);
    }
}

/* Deadlines, memory limits and recycling. */
static void police_workers(runner *r, double now)
{
    for (int i = 0; i < r->nworkers; i++) {
        wslot *w = &r->w[i];
        if (w->state != W_READY)
            continue;
        if (w->qn > 0 && now > w->head_deadline) {
            replace_worker(r, i, "timeout");
            continue;
        }
        if (r->memory_limit != SIZE_MAX && now >= w->rss_check) {
            w->rss_check = now + MEMORY_CHECK_EVERY;
            /* Between stages the worker checks itself (and names the stage
             * that went over): the parent steps in while a stage runs, or
             * when the worker is idle. */
            if ((w->qn == 0 || r->probes[i] >= 0) && tp__process_rss(w->proc.pid) > r->memory_limit) {
                replace_worker(r, i, w->qn > 0 ? "memory" : NULL);
                continue;
            }
        }
        if (r->o->worker_max_docs && w->qn == 0 && w->docs >= r->o->worker_max_docs)
            replace_worker(r, i, NULL);
    }
}

/* ---- Input -------------------------------------------------------------------- */

/* Takes one item: skips it when resumed, else gives it a slot (and an
 * error record, or a worker).  Returns 1 when it took one, 0 when it must
 * wait, -1 at the end. */
static int take_item(runner *r, tp__arena *arena, int wi)
{
    tp__arena_reset(arena);
    tp__item it;
    int rc = tp__input_next(r->in, arena, &it);
    if (rc == TP__INPUT_AGAIN)
        return 0;
    if (rc == TP__INPUT_END) {
        r->input_done = true;
        return -1;
    }
    if (rc == TP__INPUT_ERROR) {
        tp__cli_error("%s", it.message);
        r->status = 3;
        r->input_done = true;
        return -1;
    }
    uint64_t ordinal = ++r->ordinal;
    uint64_t first = tp__idset_add(r->ids, it.id, it.id_len, ordinal);
    int done = tp__done_check(r->done, ordinal, it.id, it.id_len);
    if (done == TP__DONE_MISMATCH) {
        const char *had = tp__done_id(r->done, ordinal);
        tp__cli_error("cannot resume: input item %llu (%s) has id \"%.100s\", but the output's record for it has id "
                      "\"%.100s\": the input is not the one the output was made from (--resume-anyway matches records "
                      "to inputs by id)",
                      (unsigned long long)ordinal, it.where ? it.where : "input", it.id, had ? had : "?");
        r->status = 2;
        r->input_done = true;
        return -1;
    }
    if (done == TP__DONE_YES) {
        r->skipped++;
        return 1;
    }
    size_t seq = r->next_seq++;
    slot *s = slot_of(r, seq);
    s->used = true;
    s->ready = false;
    s->is_error = false;
    s->ordinal = ordinal;
    s->id = tp__xstrndup(it.id, it.id_len);
    s->text_len = it.is_error ? 0 : it.len;
    r->held += s->text_len;
    if (it.is_error) {
        fail_slot(r, seq, "input", it.code, it.message);
        return 1;
    }
    if (first) {
        char msg[320];
        snprintf(msg, sizeof msg, "%s: duplicate id \"%.100s\": input record %llu has the same id",
                 it.where ? it.where : "input", it.id, (unsigned long long)first);
        fail_slot(r, seq, "input", "duplicate_id", msg);
        return 1;
    }
    s->req.len = 0;
    tp__wire_put_request(&s->req, s->id, it.text, it.len, it.meta, it.nmeta);
    send_request(r, wi, seq);
    return 1;
}

/* ---- The loop ----------------------------------------------------------------- */

static bool can_take_input(const runner *r)
{
    if (r->input_done || stop_count || r->status)
        return false;
    if (r->next_seq - r->next_write >= r->window)
        return false;
    /* Memory: hold at most the budget, but always at least one document. */
    return r->held < HELD_BUDGET || r->next_seq == r->next_write;
}

static bool any_alive(const runner *r)
{
    for (int i = 0; i < r->nworkers; i++)
        if (r->w[i].state == W_STARTING || r->w[i].state == W_READY)
            return true;
    return false;
}

/* Starts every worker and waits until each one's stages have started.
 * Returns 0, or 2 after printing why (their init errors), or 128+signal. */
static int start_workers(runner *r, struct pollfd *pfd)
{
    /* All at once (a model load each), then wait for every one. */
    for (int i = 0; i < r->nworkers; i++)
        if (spawn(r, i) != 0)
            break;
    for (;;) {
        if (stop_count)
            return 128 + stop_signal;
        int n = 0;
        for (int i = 0; i < r->nworkers; i++)
            if (r->w[i].state == W_STARTING) {
                pfd[n].fd = r->w[i].proc.ans_fd;
                pfd[n].events = POLLIN;
                n++;
            }
        if (n == 0)
            break;
        if (poll(pfd, (nfds_t)n, -1) < 0 && errno != EINTR)
            return 3;
        for (int i = 0; i < r->nworkers; i++)
            if (r->w[i].state == W_STARTING)
                read_answers(r, i);
    }
    int status = 0;
    for (int i = 0; i < r->nworkers; i++)
        if (r->w[i].state == W_DEAD) {
            /* One message per distinct failure: every worker says the same. */
            bool seen = false;
            for (int k = 0; k < i && !seen; k++)
                seen = r->w[k].init_error && strcmp(r->w[k].init_error, r->w[i].init_error) == 0;
            if (!seen)
                fputs(r->w[i].init_error, stderr);
            status = 2;
        }
    return status;
}

static void stop_all_workers(runner *r, bool kill_them)
{
    for (int i = 0; i < r->nworkers; i++) {
        wslot *w = &r->w[i];
        if (w->proc.pid > 0) {
            /* Closing the request pipe tells an idle worker to end. */
            if (w->proc.req_fd >= 0) {
                close(w->proc.req_fd);
                w->proc.req_fd = -1;
            }
        }
    }
    for (int i = 0; i < r->nworkers; i++) {
        wslot *w = &r->w[i];
        if (w->proc.pid > 0)
            tp__worker_reap(&w->proc, kill_them, NULL);
        tp__worker_close(&w->proc);
        w->qn = 0;
        w->state = W_NONE;
    }
}

static int run_loop(runner *r, struct pollfd *pfd, int *pfd_worker)
{
    tp__arena arena;
    tp__arena_init(&arena, 256 * 1024);
    double last_flush = tp__now();
    double grace_until = INFINITY;
    bool input_ready = false;
    int status = 0;
    for (;;) {
        /* Documents whose worker died go first, then new input. */
        dispatch_pending(r);
        int wi;
        bool want_input = false;
        while (can_take_input(r) && (wi = pick_worker(r)) >= 0) {
            if (input_ready) {
                tp__input_ready(r->in);
                input_ready = false;
            }
            int rc = take_item(r, &arena, wi);
            if (rc == 0) {
                want_input = true;
                break;
            }
            if (rc < 0)
                break;
        }
        drain(r);
        if (!any_alive(r) && !r->no_workers && (r->npending || in_flight(r) || !r->input_done))
            give_up(r);
        if (r->no_workers)
            drain(r);

        double now = tp__now();
        if (now - last_flush >= 1.0) {
            tp__sink_flush(&r->out);
            if (r->has_errs)
                tp__sink_flush(&r->errs);
            last_flush = now;
        }
        tp__progress_show(&r->progress, r->emitted, r->failed, tp__input_bytes_read(r->in), false);
        if (r->out.failed || (r->has_errs && r->errs.failed)) {
            status = r->out.reader_gone ? 128 + SIGPIPE : 3;
            break;
        }
        if (stop_count && !isfinite(grace_until))
            grace_until = now + TP__DEFAULT_STOP_GRACE;
        if (stop_count >= 2 || now >= grace_until)
            break; /* the workers are stopped below; in-flight documents stay undone */
        bool idle = in_flight(r) == 0;
        if (idle && (r->input_done || stop_count || r->status) && r->next_write == r->next_seq)
            break;

        /* Wait for answers, writable request pipes, input, deadlines,
         * ticks or a signal. */
        int nfds = 0;
        double wake = now + (r->progress.on ? 0.5 : 1.0);
        for (int i = 0; i < r->nworkers; i++) {
            wslot *w = &r->w[i];
            if (w->state != W_STARTING && w->state != W_READY)
                continue;
            pfd[nfds].fd = w->proc.ans_fd; /* answers, and end of file when it dies */
            pfd[nfds].events = POLLIN;
            pfd_worker[nfds++] = i;
            if (w->writing) {
                pfd[nfds].fd = w->proc.req_fd;
                pfd[nfds].events = POLLOUT;
                pfd_worker[nfds++] = i;
            }
            if (w->state == W_READY && w->qn > 0) {
                if (w->head_deadline < wake)
                    wake = w->head_deadline;
                if (r->memory_limit != SIZE_MAX && w->rss_check < wake)
                    wake = w->rss_check;
            }
        }
        int input_at = -1;
        if (want_input && !stop_count) {
            input_at = nfds;
            pfd[nfds].fd = tp__input_wait_fd(r->in);
            pfd[nfds].events = POLLIN;
            pfd_worker[nfds++] = -1;
        }
        if (stop_count && grace_until < wake)
            wake = grace_until;
        double left = (wake - now) * 1000.0;
        int wait_ms = left <= 0 ? 0 : left > 1000 ? 1000 : (int)left + 1;
        int n = poll(pfd, (nfds_t)nfds, wait_ms);
        if (n < 0 && errno != EINTR) {
            tp__cli_error("poll: %s", strerror(errno));
            status = 3;
            break;
        }
        for (int k = 0; n > 0 && k < nfds; k++) {
            if (!pfd[k].revents)
                continue;
            int i = pfd_worker[k];
            if (k == input_at) {
                input_ready = true;
                continue;
            }
            wslot *w = &r->w[i];
            if (pfd[k].events == POLLOUT) {
                if (w->writing && pfd[k].fd == w->proc.req_fd)
                    pump(r, i);
                continue;
            }
            if (pfd[k].fd == w->proc.ans_fd && (w->state == W_STARTING || w->state == W_READY))
                read_answers(r, i);
        }
        police_workers(r, tp__now());
    }
    tp__arena_free(&arena);
    return status;
}

static void summary(runner *r, double elapsed)
{
    if (r->o->quiet)
        return;
    size_t written = r->out.written + r->errs.written;
    double mb = r->in ? (double)tp__input_bytes_read(r->in) / 1048576.0 : 0;
    fprintf(stderr, "textpipe: %zu documents, %zu failed, in %.2f s: %.0f docs/s, %.1f MB/s\n", written, r->failed,
            elapsed, elapsed > 0 ? (double)written / elapsed : 0, elapsed > 0 ? mb / elapsed : 0);
    if (r->skipped)
        fprintf(stderr, "textpipe: %zu documents were already in the output (--resume)\n", r->skipped);
    if (r->restarts)
        fprintf(stderr, "textpipe: %zu workers were replaced\n", r->restarts);
}

int tp__batch_run(tp__pipeline *p, const tp__batch_opts *o)
{
    runner r = {0};
    r.p = p;
    r.o = o;
    r.nworkers = o->jobs > 0 ? o->jobs : 1;
    /* A worker that would never get a document would only slow the start
     * (each loads every stage): `textpipe run article.txt` starts one. */
    size_t most = tp__input_max_items(o->paths, o->npaths, &o->input);
    if (most < (size_t)r.nworkers)
        r.nworkers = most > 0 ? (int)most : 1;
    r.window = (size_t)r.nworkers * 16 < 64 ? 64 : (size_t)r.nworkers * 16;
    r.slots = tp__xcalloc(r.window, sizeof *r.slots);
    r.w = tp__xcalloc((size_t)r.nworkers, sizeof *r.w);
    for (int i = 0; i < r.nworkers; i++) r.w[i].proc.pid = -1, r.w[i].proc.req_fd = r.w[i].proc.ans_fd = -1;
    r.probes = mmap(NULL, (size_t)r.nworkers * sizeof *r.probes, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (r.probes == MAP_FAILED)
        tp__oom();
    r.ids = tp__idset_new();
    r.done = tp__done_new();
    r.out.journal_fd = r.errs.journal_fd = -1;
    r.out.out.fd = r.errs.out.fd = -1;
    r.memory_limit = o->worker_memory == SIZE_MAX ? SIZE_MAX
                     : o->worker_memory           ? o->worker_memory
                                                  : tp__batch_default_memory(r.nworkers);
    struct pollfd *pfd = tp__xcalloc(2 * (size_t)r.nworkers + 1, sizeof *pfd);
    int *pfd_worker = tp__xcalloc(2 * (size_t)r.nworkers + 1, sizeof *pfd_worker);
    int status = 0;
    bool opened = false, started = false, complete = false;

    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {0};
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    stop_signal = stop_count = 0;

    /* Outputs first: a second run on the same output is refused at once. */
    if (o->err_path) {
        char *a = tp__outfile_target(o->out_path), *b = tp__outfile_target(o->err_path);
        bool same = a && b && strcmp(a, b) == 0;
        free(a);
        free(b);
        if (same) {
            tp__cli_error("-o and --errors name the same file");
            status = 2;
            goto finish;
        }
    }
    bool by_id = false, then_complete = false, out_complete = false, errs_complete = false;
    status = tp__batch_check_manifest(&r, &by_id, &then_complete);
    if (status)
        goto finish;
    status = tp__batch_open_output(&r, &r.out, o->out_path, "standard output", by_id, &out_complete);
    r.has_errs = o->err_path != NULL;
    if (!status && r.has_errs)
        status = tp__batch_open_output(&r, &r.errs, o->err_path, "the errors file", by_id, &errs_complete);
    if (status)
        goto finish;
    if (out_complete && (!r.has_errs || errs_complete || !r.errs.out.part)) {
        if (then_complete) {
            if (!o->quiet)
                fprintf(stderr, "textpipe: %s is complete: nothing to resume\n", o->out_path);
            goto finish;
        }
        tp__cli_error("cannot resume: %s exists but its run did not record it as complete; --resume-anyway continues "
                      "it, matching records to inputs by id",
                      o->out_path);
        status = 2;
        goto finish;
    }
    if (out_complete) {
        tp__cli_error("cannot resume: %s is complete but %s is not", o->out_path, o->err_path);
        status = 2;
        goto finish;
    }
    status = tp__batch_check_identity(&r);
    if (status)
        goto finish;

    r.wcfg.p = p;
    r.wcfg.offsets = o->offsets;
    r.wcfg.pretty = o->pretty;
    r.wcfg.pipeline_hash = r.hash;
    r.wcfg.memory_limit = r.memory_limit != SIZE_MAX ? r.memory_limit : 0;
    r.wcfg.data_limit = r.memory_limit != SIZE_MAX && tp__worker_rlimit_usable() ? r.memory_limit * 2 : 0;
    status = start_workers(&r, pfd);
    if (status)
        goto finish;
    started = true;
    if (r.manifest && !cJSON_GetObjectItem(r.manifest, "started"))
        tp__manifest_stamp(r.manifest, "started");
    tp__batch_write_manifest(&r, false);

    r.streaming = r.out.out.direct && !S_ISREG(r.out.out.st.st_mode);
    tp__input_opts io = o->input;
    io.warn = stderr;
    bool show = !o->quiet && (o->progress > 0 || (o->progress < 0 && isatty(2)));
    size_t items = 0, bytes = 0;
    if (show)
        tp__input_measure(o->paths, o->npaths, &io, &items, &bytes);
    tp__progress_start(&r.progress, show, items, bytes);
    r.in = tp__input_open(o->paths, o->npaths, &io);
    status = run_loop(&r, pfd, pfd_worker);
    if (!status)
        status = r.status;
    stop_all_workers(&r, status != 0 || stop_count || r.no_workers);
    drain(&r);
    complete = status == 0 && !stop_count && !r.no_workers && r.input_done && r.next_write == r.next_seq;
    tp__progress_show(&r.progress, r.emitted, r.failed, tp__input_bytes_read(r.in), true);

finish:
    opened = r.out.out.fd >= 0 || (r.has_errs && r.errs.out.fd >= 0);
    if (opened) {
        if (complete) {
            if (tp__sink_sync(&r.out) != 0 || (r.has_errs && tp__sink_sync(&r.errs) != 0))
                complete = false;
        } else {
            tp__sink_flush(&r.out);
            if (r.has_errs)
                tp__sink_flush(&r.errs);
        }
        if (started) {
            tp__batch_write_manifest(&r, complete);
            if (complete) {
                /* Journals go last: until both files are in place a resume
                 * can still tell which records they hold. */
                if ((r.has_errs && tp__sink_commit(&r.errs) != 0) || tp__sink_commit(&r.out) != 0)
                    complete = false;
                else {
                    tp__sink_drop_journal(&r.out);
                    if (r.has_errs)
                        tp__sink_drop_journal(&r.errs);
                }
            }
        }
        for (int k = 0; k < 2; k++) {
            tp__sink *s = k == 0 ? &r.out : &r.errs;
            if (k == 1 && !r.has_errs)
                continue;
            if (s->failed && !s->reader_gone) {
                tp__cli_error("writing %s: %s", tp__sink_name(s), strerror(s->err));
                if (status == 0 || status == 1)
                    status = 3;
            }
        }
        if (started && status != 128 + SIGPIPE)
            summary(&r, tp__now() - r.progress.t0);
        size_t written = r.out.written + r.errs.written;
        bool resumable = r.out.out.part && !o->out_is_scratch;
        if (started && !complete && status != 128 + SIGPIPE) {
            if (stop_count) {
                status = 128 + stop_signal;
                if (resumable)
                    fprintf(stderr,
                            "textpipe: interrupted: %zu records kept in %s; run again with --resume to finish\n",
                            written, r.out.out.part);
                else
                    fprintf(stderr, "textpipe: interrupted after %zu records\n", written);
            } else if (r.no_workers) {
                status = 1;
                tp__cli_error("the run could not finish: no worker is left%s%s",
                              resumable ? "; fix the problem and run again with --resume to process the rest of the "
                                          "input"
                                        : "",
                              resumable ? "" : "; the input was not read to its end");
            } else if (status == 0) {
                status = 3;
            }
        }
        /* An early failure leaves no empty FILE.part behind. */
        bool discard = !started;
        if (r.out.out.fd >= 0)
            tp__sink_close(&r.out, discard);
        if (r.has_errs && r.errs.out.fd >= 0)
            tp__sink_close(&r.errs, discard);
    }
    tp__input_close(r.in);
    for (int i = 0; i < r.nworkers; i++) {
        if (r.w[i].proc.pid > 0)
            tp__worker_reap(&r.w[i].proc, true, NULL);
        tp__worker_close(&r.w[i].proc);
        free(r.w[i].init_error);
    }
    for (size_t k = 0; k < r.window; k++) {
        free(r.slots[k].id);
        tp__buf_free(&r.slots[k].req);
        tp__buf_free(&r.slots[k].rec);
    }
    free(r.slots);
    free(r.w);
    free(r.pending);
    munmap((void *)r.probes, (size_t)r.nworkers * sizeof *r.probes);
    tp__idset_free(r.ids);
    tp__done_free(r.done);
    cJSON_Delete(r.manifest);
    free(r.manifest_path);
    free(pfd);
    free(pfd_worker);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (status == 0 && r.failed)
        status = 1;
    return status;
}
