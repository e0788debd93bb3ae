/*
 * batch.c - the batch runner: forked workers, ordered output, crash and
 * hang isolation, resume, progress (see batch.h).
 *
 * Parent and worker speak over two pipes per worker.  A request carries one
 * document (id, text, meta fields); the answer is the finished JSON record.
 * A worker holds at most DEPTH documents: the one it works on and the next,
 * already in its pipe.  The parent writes requests without blocking and
 * reads every answer as it comes, so neither side can wait on the other
 * forever.  Records are serialised in the workers, in parallel.
 *
 * A worker records the index of the stage it is running in a shared-memory
 * slot, so when it dies (end of file on its pipe) or overruns the timeout
 * (the parent kills it) the error record can name the stage.
 */
#include "autoconfig.h"

#include "batch.h"

#include <cjson/cJSON.h>
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "json_out.h"
#include "sink.h"
#include "xalloc.h"

#define FLUSH_AT (256 * 1024)
#define MAGIC_REQ 0x54505251u /* "TPRQ" */
#define MAGIC_RES 0x54505253u /* "TPRS" */

enum { RES_RECORD = 0, RES_ERROR = 1, RES_READY = 2, RES_INIT_FAILED = 3 };

/* ---- Small I/O helpers ------------------------------------------------------- */

/* Reads exactly n bytes.  Returns 1, 0 at end of file before any byte, -1
 * on error or a partial read. */
static int read_full(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            return got == 0 ? 0 : -1;
        got += (size_t)r;
    }
    return 1;
}

static int write_full(int fd, const void *buf, size_t n)
{
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, (const char *)buf + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        off += (size_t)w;
    }
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void put_u32(tp__buf *b, uint32_t v)
{
    tp__buf_append(b, &v, sizeof v);
}

/* ---- The worker side ---------------------------------------------------------- */

typedef struct res_header {
    uint32_t magic;
    uint32_t kind;
    uint32_t len;
} res_header;

typedef struct req_header {
    uint32_t magic;
    uint32_t id_len;
    uint32_t text_len;
    uint32_t meta_len;
} req_header;

static void send_result(int fd, uint32_t kind, const char *data, size_t len)
{
    res_header h = {MAGIC_RES, kind, (uint32_t)len};
    if (write_full(fd, &h, sizeof h) != 0 || write_full(fd, data, len) != 0)
        _exit(3); /* the parent is gone */
}

/* Re-indents one record for --pretty. */
static void prettify(tp__buf *b)
{
    cJSON *j = cJSON_ParseWithLength(b->data, b->len);
    if (!j)
        return;
    char *p = cJSON_Print(j);
    cJSON_Delete(j);
    if (!p)
        return;
    b->len = 0;
    tp__buf_puts(b, p);
    tp__buf_putc(b, '\n');
    free(p);
}

static _Noreturn void worker_main(tp__pipeline *p, const tp__batch_opts *o, int req_fd, int res_fd,
                                  volatile int32_t *probe)
{
    /* The parent decides when to stop: a Ctrl-C reaches the whole process
     * group, and workers finish the document they hold. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGPIPE, SIG_DFL);
    tp__pipeline_set_probe(p, probe);
    tp__diags d = {0};
    tp__buf out = {0};
    if (tp__pipeline_start(p, &d) != 0) {
        for (size_t i = 0; i < d.count; i++) {
            const tp__diag *g = &d.items[i];
            if (g->file && g->line)
                tp__buf_printf(&out, "%s:%d: error: %s\n", g->file, g->line, g->msg);
            else
                tp__buf_printf(&out, "textpipe: error: %s\n", g->msg);
        }
        send_result(res_fd, RES_INIT_FAILED, out.data ? out.data : "", out.len);
        _exit(2);
    }
    tp__diags_free(&d);
    send_result(res_fd, RES_READY, "", 0);

    tp__write_opts wo = {0};
    tp__pipeline_write_opts(p, &wo);
    wo.offsets = o->offsets;
    tp_doc *doc = tp__pipeline_new_doc(p);
    for (;;) {
        req_header h;
        int rc = read_full(req_fd, &h, sizeof h);
        if (rc <= 0 || h.magic != MAGIC_REQ)
            break;
        tp__doc_begin(doc);
        tp__arena *a = tp__doc_arena(doc);
        char *id = tp__arena_alloc(a, (size_t)h.id_len + 1);
        char *text = tp__arena_alloc(a, (size_t)h.text_len + 1);
        char *meta = tp__arena_alloc(a, (size_t)h.meta_len + 1);
        if (read_full(req_fd, id, h.id_len) < 0 || read_full(req_fd, text, h.text_len) < 0 ||
            read_full(req_fd, meta, h.meta_len) < 0)
            break;
        id[h.id_len] = text[h.text_len] = '\0';
        out.len = 0;
        uint32_t kind = RES_RECORD;
        tp__doc_problem why;
        tp__stage_error se;
        if (tp__doc_set(doc, id, text, h.text_len, &why) != 0) {
            tp__json_write_error(&out, id, "input", why.code, why.message);
            kind = RES_ERROR;
        } else {
            /* Meta fields: (u32 key length, key, u32 raw length, raw)… */
            size_t at = 0;
            while (at + 4 <= h.meta_len) {
                uint32_t kl, rl;
                memcpy(&kl, meta + at, 4);
                char *key = meta + at + 4;
                memcpy(&rl, key + kl, 4);
                char *raw = key + kl + 4;
                char *k = tp__arena_strndup(a, key, kl);
                tp__doc_add_meta(doc, k, raw, rl);
                at += 8 + (size_t)kl + rl;
            }
            if (tp__pipeline_run(p, doc, &se) != 0) {
                tp__json_write_error(&out, id, se.stage, se.code, se.message);
                kind = RES_ERROR;
            } else {
                tp__json_write_doc(&out, doc, &wo);
            }
        }
        if (o->pretty)
            prettify(&out);
        send_result(res_fd, kind, out.data, out.len);
    }
    tp__doc_free(doc);
    tp__buf_free(&out);
    free((void *)wo.visible);
    tp__pipeline_free(p);
    _exit(0);
}

/* ---- The parent side ---------------------------------------------------------- */

/* Documents a worker may hold at once: the one it works on and the next,
 * already in its pipe, so it never waits for the parent between documents. */
#define DEPTH 2

typedef struct worker {
    pid_t pid;
    int req_fd;           /* parent writes (non-blocking) */
    int res_fd;           /* parent reads */
    size_t q[DEPTH];      /* sequence numbers in flight, oldest first */
    int qn;
    double head_started;  /* when the oldest began: sent, or the previous answered */
    bool writing;         /* a request is partly written */
    size_t wseq;          /* ... which one */
    size_t woff;          /* ... and how much of it */
} worker;

typedef struct slot {
    bool used;
    bool ready;
    bool is_error;
    char *id; /* malloc'd, for messages about this document */
    tp__buf req; /* the request while it is in flight (resent if its worker dies) */
    tp__buf rec;
} slot;

/* Ids seen in this run (and in a resumed file): 64-bit hashes with the
 * ordinal of the record that had the id (0: the resumed file). */
typedef struct idset {
    uint64_t *hash;
    uint32_t *ordinal;
    size_t cap; /* power of two */
    size_t count;
} idset;

static uint64_t hash_id(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h ^= h >> 33; /* finalise: spread the low bits */
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h ? h : 1;
}

/* Adds `id`; returns the ordinal stored for it when it was already there
 * (+1, so 0 means new). */
static uint64_t idset_add(idset *s, const char *id, uint32_t ordinal)
{
    if ((s->count + 1) * 2 > s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 1024;
        uint64_t *nh = tp__xcalloc(ncap, sizeof *nh);
        uint32_t *no = tp__xcalloc(ncap, sizeof *no);
        for (size_t i = 0; i < s->cap; i++)
            if (s->hash[i]) {
                size_t j = (size_t)s->hash[i] & (ncap - 1);
                while (nh[j])
                    j = (j + 1) & (ncap - 1);
                nh[j] = s->hash[i];
                no[j] = s->ordinal[i];
            }
        free(s->hash);
        free(s->ordinal);
        s->hash = nh;
        s->ordinal = no;
        s->cap = ncap;
    }
    uint64_t h = hash_id(id);
    size_t j = (size_t)h & (s->cap - 1);
    while (s->hash[j]) {
        if (s->hash[j] == h)
            return (uint64_t)s->ordinal[j] + 1;
        j = (j + 1) & (s->cap - 1);
    }
    s->hash[j] = h;
    s->ordinal[j] = ordinal;
    s->count++;
    return 0;
}

static void idset_free(idset *s)
{
    free(s->hash);
    free(s->ordinal);
}

static void on_resumed_id(void *arg, const char *id)
{
    idset_add(arg, id, 0);
}

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

typedef struct runner {
    tp__pipeline *p;
    const tp__batch_opts *o;
    worker *w;
    int nworkers;
    volatile int32_t *probes; /* shared with the workers */
    slot *slots;
    size_t window;
    size_t next_seq;   /* sequence number of the next document */
    size_t next_write; /* first sequence number not yet written */
    tp__sink out, errs;
    bool has_errs;
    bool streaming;
    /* counters */
    size_t done, failed, skipped;
    double t0, last_progress;
    bool show_progress;
    size_t total_items, total_bytes;
    tp__input *in;
} runner;

static void close_worker_fds(runner *r, int except)
{
    for (int i = 0; i < r->nworkers; i++) {
        if (i == except)
            continue;
        if (r->w[i].req_fd >= 0)
            close(r->w[i].req_fd);
        if (r->w[i].res_fd >= 0)
            close(r->w[i].res_fd);
    }
}

/* Forks worker i, which starts its stages; spawn_ready() waits for that.
 * Returns 0, or -1 after printing why. */
static int spawn_start(runner *r, int i)
{
    int req[2], res[2];
    if (pipe2(req, O_CLOEXEC) != 0 || pipe2(res, O_CLOEXEC) != 0) {
        fprintf(stderr, "textpipe: error: cannot create a pipe: %s\n", strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "textpipe: error: cannot start a worker: %s\n", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        close(req[1]);
        close(res[0]);
        /* Other workers' pipes must not stay open here, or they would
         * never see end of file. */
        close_worker_fds(r, -1);
        if (r->out.fd > 2)
            close(r->out.fd);
        if (r->has_errs && r->errs.fd > 2)
            close(r->errs.fd);
        worker_main(r->p, r->o, req[0], res[1], &r->probes[i]);
    }
    close(req[0]);
    close(res[1]);
    worker *w = &r->w[i];
    w->pid = pid;
    w->req_fd = req[1];
    w->res_fd = res[0];
    w->qn = 0;
    w->writing = false;
    /* Requests are written without blocking: a worker busy writing a big
     * answer must never wait for a parent stuck writing it a request. */
    fcntl(w->req_fd, F_SETFL, fcntl(w->req_fd, F_GETFL) | O_NONBLOCK);
    return 0;
}

/* Waits until worker i's stages have started.  Returns 0, or -1 after
 * printing why (the stages' init errors). */
static int spawn_ready(runner *r, int i)
{
    worker *w = &r->w[i];
    pid_t pid = w->pid;
    res_header h;
    if (read_full(w->res_fd, &h, sizeof h) != 1 || h.magic != MAGIC_RES) {
        int st = 0;
        waitpid(pid, &st, 0);
        w->pid = -1;
        fprintf(stderr, "textpipe: error: a worker died while its stages were starting (%s)\n",
                WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "exited");
        return -1;
    }
    if (h.kind == RES_INIT_FAILED) {
        char *msg = tp__xmalloc((size_t)h.len + 1);
        if (read_full(w->res_fd, msg, h.len) == 1) {
            msg[h.len] = '\0';
            fputs(msg, stderr);
        }
        free(msg);
        waitpid(pid, NULL, 0);
        w->pid = -1;
        return -1;
    }
    return 0;
}

/* Starts worker i and waits until its stages have started. */
static int spawn(runner *r, int i)
{
    return spawn_start(r, i) != 0 ? -1 : spawn_ready(r, i);
}

static slot *slot_of(runner *r, size_t seq)
{
    return &r->slots[seq % r->window];
}

static void format_duration(char *buf, size_t n, double s)
{
    if (!isfinite(s) || s < 0)
        snprintf(buf, n, "?");
    else if (s >= 3600)
        snprintf(buf, n, "%d:%02d:%02d", (int)(s / 3600), (int)fmod(s / 60, 60), (int)fmod(s, 60));
    else
        snprintf(buf, n, "%d:%02d", (int)(s / 60), (int)fmod(s, 60));
}

static void show_progress(runner *r, bool final)
{
    double t = now_s();
    if (!final && t - r->last_progress < 0.5)
        return;
    r->last_progress = t;
    double el = t - r->t0;
    double mb = (double)tp__input_bytes_read(r->in) / 1048576.0;
    double rate = el > 0 ? (double)r->done / el : 0;
    char eta[32] = "?";
    if (r->total_items && rate > 0)
        format_duration(eta, sizeof eta, (double)(r->total_items - (r->done < r->total_items ? r->done : r->total_items)) / rate);
    else if (r->total_bytes && mb > 0)
        format_duration(eta, sizeof eta, el * ((double)r->total_bytes / 1048576.0 - mb) / mb);
    if (r->total_items)
        fprintf(stderr, "\r%zu/%zu docs  %.0f docs/s  %.1f MB/s  %zu failed  ETA %s   ", r->done,
                r->total_items, rate, el > 0 ? mb / el : 0, r->failed, eta);
    else
        fprintf(stderr, "\r%zu docs  %.0f docs/s  %.1f MB/s  %zu failed   ", r->done, rate,
                el > 0 ? mb / el : 0, r->failed);
    if (final)
        fputc('\n', stderr);
}

/* Writes one finished record to its sink. */
static void emit(runner *r, slot *s)
{
    tp__sink *to = s->is_error && r->has_errs ? &r->errs : &r->out;
    tp__buf_append(&to->buf, s->rec.data, s->rec.len);
    to->records++;
    r->done++;
    if (s->is_error)
        r->failed++;
    if (r->streaming || to->buf.len >= FLUSH_AT)
        tp__sink_flush(to);
    free(s->id);
    s->id = NULL;
    s->used = s->ready = false;
    s->rec.len = 0;
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
        while (r->next_write < r->next_seq && !slot_of(r, r->next_write)->used)
            r->next_write++;
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

/* An error record for document `seq`, made by the parent. */
static void fail_slot(runner *r, size_t seq, const char *stage, const char *code, const char *msg)
{
    slot *s = slot_of(r, seq);
    s->rec.len = 0;
    tp__json_write_error(&s->rec, s->id ? s->id : "?", stage, code, msg);
    s->is_error = true;
    s->ready = true;
}

/* Writes as much of worker i's pending request as its pipe takes. */
static void pump(runner *r, int i)
{
    worker *w = &r->w[i];
    while (w->writing) {
        const tp__buf *req = &slot_of(r, w->wseq)->req;
        ssize_t n = write(w->req_fd, req->data + w->woff, req->len - w->woff);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            /* EAGAIN: later, on POLLOUT.  Anything else: the worker is gone,
             * which its answer pipe will show. */
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                w->writing = false;
            return;
        }
        w->woff += (size_t)n;
        if (w->woff == req->len)
            w->writing = false;
    }
}

/* Starts sending document `seq` (its request already in its slot). */
static void send_request(runner *r, int i, size_t seq)
{
    worker *w = &r->w[i];
    if (w->qn == 0)
        w->head_started = now_s();
    w->q[w->qn++] = seq;
    w->writing = true;
    w->wseq = seq;
    w->woff = 0;
    pump(r, i);
}

/* Worker i died or was killed: the document it was working on gets an
 * error record naming the stage; one it had not started yet goes to the
 * worker that replaces it. */
static int replace_worker(runner *r, int i, bool timed_out)
{
    worker *w = &r->w[i];
    int32_t stage = r->probes[i];
    const char *stage_id = stage >= 0 ? tp__pipeline_stage_id(r->p, (size_t)stage) : "core";
    if (timed_out)
        kill(w->pid, SIGKILL);
    int st = 0;
    while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
        ;
    close(w->req_fd);
    close(w->res_fd);
    w->req_fd = w->res_fd = -1;
    size_t waiting[DEPTH];
    int nwaiting = 0;
    if (w->qn > 0) {
        char msg[256];
        if (timed_out)
            snprintf(msg, sizeof msg,
                     "stage \"%s\" did not finish within --doc-timeout (%g s); its worker was stopped",
                     stage_id, r->o->doc_timeout);
        else if (WIFSIGNALED(st))
            snprintf(msg, sizeof msg, "the worker crashed (%s) while stage \"%s\" was running",
                     strsignal(WTERMSIG(st)), stage_id);
        else
            snprintf(msg, sizeof msg, "the worker exited (status %d) while stage \"%s\" was running",
                     WIFEXITED(st) ? WEXITSTATUS(st) : -1, stage_id);
        fail_slot(r, w->q[0], stage_id, timed_out ? "timeout" : "crashed", msg);
        for (int k = 1; k < w->qn; k++)
            waiting[nwaiting++] = w->q[k];
    }
    w->qn = 0;
    w->writing = false;
    r->probes[i] = -1;
    if (spawn(r, i) != 0)
        return -1;
    /* DEPTH is 2: at most one document waits, so one request to resend. */
    for (int k = 0; k < nwaiting; k++)
        send_request(r, i, waiting[k]);
    return 0;
}

/* Reads worker i's next answer (for its oldest document).  Returns 0, or
 * -1 when the worker must be replaced. */
static int collect(runner *r, int i)
{
    worker *w = &r->w[i];
    if (w->qn == 0)
        return -1;
    res_header h;
    if (read_full(w->res_fd, &h, sizeof h) != 1 || h.magic != MAGIC_RES)
        return -1;
    slot *s = slot_of(r, w->q[0]);
    s->rec.len = 0;
    tp__buf_reserve(&s->rec, h.len);
    if (read_full(w->res_fd, s->rec.data, h.len) != 1)
        return -1;
    s->rec.len = h.len;
    s->is_error = h.kind == RES_ERROR;
    s->ready = true;
    s->req.len = 0;
    for (int k = 1; k < w->qn; k++)
        w->q[k - 1] = w->q[k];
    w->qn--;
    w->head_started = now_s(); /* the next document starts now */
    return 0;
}

/* Builds document `seq`'s request in its slot and sends it to worker i. */
static void dispatch(runner *r, int i, size_t seq, const tp__item *it)
{
    tp__buf *req = &slot_of(r, seq)->req;
    req->len = 0;
    size_t meta_len = 0;
    for (size_t m = 0; m < it->nmeta; m++)
        meta_len += 8 + strlen(it->meta[m].key) + it->meta[m].raw_len;
    req_header h = {MAGIC_REQ, (uint32_t)strlen(it->id), (uint32_t)it->len, (uint32_t)meta_len};
    tp__buf_append(req, &h, sizeof h);
    tp__buf_append(req, it->id, h.id_len);
    tp__buf_append(req, it->text, it->len);
    for (size_t m = 0; m < it->nmeta; m++) {
        uint32_t kl = (uint32_t)strlen(it->meta[m].key);
        put_u32(req, kl);
        tp__buf_append(req, it->meta[m].key, kl);
        put_u32(req, (uint32_t)it->meta[m].raw_len);
        tp__buf_append(req, it->meta[m].raw, it->meta[m].raw_len);
    }
    send_request(r, i, seq);
}

/* The worker that should get the next document: the least loaded one that
 * can take one, or -1. */
static int pick_worker(const runner *r)
{
    int best = -1;
    for (int i = 0; i < r->nworkers; i++) {
        const worker *w = &r->w[i];
        if (w->req_fd < 0 || w->writing || w->qn >= DEPTH)
            continue;
        if (best < 0 || w->qn < r->w[best].qn)
            best = i;
    }
    return best;
}

int tp__batch_run(tp__pipeline *p, const tp__batch_opts *o)
{
    runner r = {0};
    r.p = p;
    r.o = o;
    r.nworkers = o->jobs > 0 ? o->jobs : 1;
    r.window = (size_t)r.nworkers * 16 < 64 ? 64 : (size_t)r.nworkers * 16;
    r.slots = tp__xcalloc(r.window, sizeof *r.slots);
    r.w = tp__xcalloc((size_t)r.nworkers, sizeof *r.w);
    for (int i = 0; i < r.nworkers; i++)
        r.w[i].req_fd = r.w[i].res_fd = -1;
    r.probes = mmap(NULL, (size_t)r.nworkers * sizeof *r.probes, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (r.probes == MAP_FAILED)
        tp__oom();
    idset ids = {0};
    int status = 0;
    tp__arena arena;
    tp__arena_init(&arena, 256 * 1024);
    struct pollfd *pfd = tp__xcalloc(2 * (size_t)r.nworkers + 1, sizeof *pfd);
    int *pfd_worker = tp__xcalloc(2 * (size_t)r.nworkers + 1, sizeof *pfd_worker);

    signal(SIGPIPE, SIG_IGN);
    if (tp__sink_open(&r.out, o->out_path, "standard output", o->resume, on_resumed_id, &ids) != 0) {
        status = 3;
        goto out_nosink;
    }
    r.has_errs = o->err_path != NULL;
    if (r.has_errs && tp__sink_open(&r.errs, o->err_path, "the errors file", o->resume, on_resumed_id, &ids) != 0) {
        tp__sink_close(&r.out, false);
        status = 3;
        goto out_nosink;
    }
    size_t resumed = ids.count;

    /* All workers start their stages at once (a model load each), then the
     * parent waits for every one. */
    for (int i = 0; i < r.nworkers; i++)
        if (spawn_start(&r, i) != 0) {
            status = 2;
            goto finish;
        }
    for (int i = 0; i < r.nworkers; i++)
        if (spawn_ready(&r, i) != 0) {
            status = 2;
            goto finish;
        }

    struct sigaction sa = {0};
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    stop_signal = 0;

    r.streaming = o->npaths == 0 || (o->npaths == 1 && strcmp(o->paths[0], "-") == 0);
    r.show_progress = !o->quiet && (o->progress > 0 || (o->progress < 0 && isatty(2)));
    if (r.show_progress)
        tp__input_measure(o->paths, o->npaths, &o->input, &r.total_items, &r.total_bytes);
    r.in = tp__input_open(o->paths, o->npaths, &o->input);
    r.t0 = now_s();
    bool input_done = false;
    uint32_t ordinal = 0;

    bool input_ready = false; /* the input descriptor polled readable */
    double last_flush = r.t0;
    for (;;) {
        /* Hand documents to workers that can take one (least loaded first)
         * while the window has room.  When reading would block (streaming
         * from a pipe), wait for it in poll below rather than stall the
         * answers of busy workers. */
        bool want_input = false;
        int wi;
        while (!input_done && !stop_signal && r.next_seq - r.next_write < r.window &&
               (wi = pick_worker(&r)) >= 0) {
            if (!input_ready && tp__input_wait_fd(r.in) >= 0) {
                want_input = true;
                break;
            }
            input_ready = false;
            tp__arena_reset(&arena);
            tp__item it;
            int rc = tp__input_next(r.in, &arena, &it);
            if (rc == 0) {
                input_done = true;
                break;
            }
            if (rc < 0) {
                fprintf(stderr, "textpipe: error: %s\n", it.message);
                status = 3;
                input_done = true;
                break;
            }
            ordinal++;
            uint64_t seen = idset_add(&ids, it.id, ordinal);
            if (seen == 1 && resumed) { /* done by the run being resumed */
                r.skipped++;
                continue;
            }
            size_t seq = r.next_seq++;
            slot *s = slot_of(&r, seq);
            s->used = true;
            s->ready = false;
            s->id = tp__xstrdup(it.id);
            if (it.is_error) {
                fail_slot(&r, seq, "input", it.code, it.message);
                continue;
            }
            if (seen) {
                char msg[320];
                snprintf(msg, sizeof msg, "%s: duplicate id \"%.100s\": input record %u has the same id",
                         it.where ? it.where : "input", it.id, (unsigned)(seen - 1));
                fail_slot(&r, seq, "input", "duplicate_id", msg);
                continue;
            }
            dispatch(&r, wi, seq, &it);
        }
        drain(&r);
        /* Flush at least every second, so a killed run leaves its records
         * for --resume and a reader of the file sees progress. */
        double t = now_s();
        if (t - last_flush >= 1.0) {
            tp__sink_flush(&r.out);
            if (r.has_errs)
                tp__sink_flush(&r.errs);
            last_flush = t;
        }
        if (r.show_progress)
            show_progress(&r, false);
        if (r.out.failed || (r.has_errs && r.errs.failed)) {
            status = 3;
            break;
        }

        /* Wait for answers, writable request pipes, input, timeouts,
         * progress ticks or a signal. */
        int nfds = 0;
        double next_deadline = INFINITY;
        for (int i = 0; i < r.nworkers; i++) {
            if (r.w[i].qn > 0) {
                pfd[nfds].fd = r.w[i].res_fd;
                pfd[nfds].events = POLLIN;
                pfd_worker[nfds++] = i;
                if (o->doc_timeout > 0 && r.w[i].head_started + o->doc_timeout < next_deadline)
                    next_deadline = r.w[i].head_started + o->doc_timeout;
            }
            if (r.w[i].writing) {
                pfd[nfds].fd = r.w[i].req_fd;
                pfd[nfds].events = POLLOUT;
                pfd_worker[nfds++] = i;
            }
        }
        int input_at = -1;
        if (want_input && !stop_signal) {
            input_at = nfds;
            pfd[nfds].fd = tp__input_wait_fd(r.in);
            pfd[nfds].events = POLLIN;
            pfd_worker[nfds++] = -1;
        }
        if (nfds == 0) {
            if (input_done || stop_signal)
                break;
            continue;
        }
        int wait_ms = r.show_progress || r.out.buf.len || r.errs.buf.len ? 500 : -1;
        if (isfinite(next_deadline)) {
            double left = (next_deadline - now_s()) * 1000.0;
            int ms = left < 0 ? 0 : (int)left + 1;
            if (wait_ms < 0 || ms < wait_ms)
                wait_ms = ms;
        }
        int n = poll(pfd, (nfds_t)nfds, wait_ms);
        if (n < 0 && errno != EINTR) {
            fprintf(stderr, "textpipe: error: poll: %s\n", strerror(errno));
            status = 3;
            break;
        }
        if (n > 0 && input_at >= 0 && pfd[input_at].revents)
            input_ready = true;
        for (int k = 0; n > 0 && k < nfds; k++) {
            int i = pfd_worker[k];
            if (i < 0 || !pfd[k].revents)
                continue;
            if (pfd[k].events == POLLOUT) {
                if (r.w[i].writing && pfd[k].fd == r.w[i].req_fd)
                    pump(&r, i);
                continue;
            }
            if (pfd[k].fd != r.w[i].res_fd || !(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            /* Read every answer already there, so a worker that finished
             * two documents is not left waiting. */
            bool again = true;
            while (again) {
                if (collect(&r, i) != 0) {
                    if (replace_worker(&r, i, false) != 0) {
                        status = 2;
                        goto finish;
                    }
                    break;
                }
                struct pollfd one = {r.w[i].res_fd, POLLIN, 0};
                again = r.w[i].qn > 0 && poll(&one, 1, 0) > 0 && (one.revents & (POLLIN | POLLHUP | POLLERR));
            }
        }
        if (o->doc_timeout > 0) {
            double t2 = now_s();
            for (int i = 0; i < r.nworkers; i++)
                if (r.w[i].qn > 0 && t2 - r.w[i].head_started > o->doc_timeout && replace_worker(&r, i, true) != 0) {
                    status = 2;
                    goto finish;
                }
        }
    }
    drain(&r);

finish:
    /* Closing the request pipes tells idle workers to finish. */
    for (int i = 0; i < r.nworkers; i++) {
        if (r.w[i].req_fd >= 0)
            close(r.w[i].req_fd);
        r.w[i].req_fd = -1;
    }
    for (int i = 0; i < r.nworkers; i++) {
        if (r.w[i].pid > 0) {
            if (status == 2 || status == 3)
                kill(r.w[i].pid, SIGKILL);
            while (waitpid(r.w[i].pid, NULL, 0) < 0 && errno == EINTR)
                ;
        }
        if (r.w[i].res_fd >= 0)
            close(r.w[i].res_fd);
    }
    {
        bool complete = status == 0 && !stop_signal;
        if (r.show_progress)
            show_progress(&r, true);
        if (r.has_errs && tp__sink_close(&r.errs, complete) != 0 && status == 0)
            status = 3;
        if (tp__sink_close(&r.out, complete) != 0 && status == 0)
            status = 3;
        double el = now_s() - r.t0;
        if (!o->quiet && r.in) {
            double mb = (double)tp__input_bytes_read(r.in) / 1048576.0;
            fprintf(stderr, "textpipe: %zu documents, %zu failed, in %.2f s: %.0f docs/s, %.1f MB/s\n", r.done,
                    r.failed, el, el > 0 ? (double)r.done / el : 0, el > 0 ? mb / el : 0);
            if (r.skipped)
                fprintf(stderr, "textpipe: %zu documents were already in the output (--resume)\n", r.skipped);
        }
        if (stop_signal) {
            if (o->out_path && strcmp(o->out_path, "-") != 0 && !o->out_is_scratch)
                fprintf(stderr, "textpipe: interrupted: %zu records kept in %s.part; run again with --resume to finish\n",
                        r.done, o->out_path);
            else
                fprintf(stderr, "textpipe: interrupted after %zu records\n", r.done);
            status = 128 + stop_signal;
        }
    }
    tp__input_close(r.in);
out_nosink:
    for (size_t k = 0; k < r.window; k++) {
        free(r.slots[k].id);
        tp__buf_free(&r.slots[k].req);
        tp__buf_free(&r.slots[k].rec);
    }
    free(r.slots);
    free(r.w);
    munmap((void *)r.probes, (size_t)r.nworkers * sizeof *r.probes);
    idset_free(&ids);
    tp__arena_free(&arena);
    free(pfd);
    free(pfd_worker);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (status == 0 && r.failed)
        status = 1;
    return status;
}
