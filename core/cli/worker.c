/*
 * worker.c - a worker process: start, answer requests, end (see
 * worker.h).
 */
#include "autoconfig.h"

#include "worker.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"
#include "json_out.h"
#include "xalloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define TP_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TP_SANITIZED 1
#endif
#endif

static void send_answer(int fd, tp__buf *frame, uint32_t kind, const char *data, size_t len)
{
    frame->len = 0;
    tp__wire_put_answer(frame, kind, data, len);
    if (tp__write_full(fd, frame->data, frame->len) != 0)
        _exit(3); /* the parent is gone */
    if (frame->cap > ((size_t)4 << 20))
        tp__buf_free(frame);
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

/* Closes every descriptor but 0-2 and the two given, so the worker holds
 * no output file, lock or input of the parent's. */
static void keep_only(int a, int b)
{
    int lo = a < b ? a : b, hi = a < b ? b : a;
    if (lo > 3)
        close_range(3, (unsigned)lo - 1, 0);
    if (hi > lo + 1)
        close_range((unsigned)lo + 1, (unsigned)hi - 1, 0);
    close_range((unsigned)hi + 1, ~0U, 0);
}

/* Standard input from /dev/null (a plugin must not eat the parent's input
 * stream); standard output to standard error, or to /dev/null when those
 * are the same file (a plugin's printf must never land in records). */
static void isolate_stdio(void)
{
    int null = open("/dev/null", O_RDWR);
    if (null < 0)
        _exit(2);
    dup2(null, 0);
    struct stat o, e;
    bool same = fstat(1, &o) == 0 && fstat(2, &e) == 0 && o.st_dev == e.st_dev && o.st_ino == e.st_ino;
    if (same || fcntl(2, F_GETFD) < 0)
        dup2(null, 1);
    else
        dup2(2, 1);
    if (null > 2)
        close(null);
}

/* One pipeline of the worker, with what writing its records takes. */
typedef struct wpipe {
    tp__pipeline *p;
    tp__write_opts wo;
    tp_doc *doc;
    double *times;
    size_t nstages;
} wpipe;

/* Starts every pipeline's stages.  On failure, answers INIT_FAILED with
 * their messages and exits. */
static void start_all(wpipe *wp, size_t n, int ans_fd, tp__buf *frame)
{
    tp__diags d = {0};
    int failed = 0;
    for (size_t k = 0; k < n; k++)
        if (tp__pipeline_start(wp[k].p, &d) != 0)
            failed = 1;
    if (failed) {
        /* The same lines the CLI prints for any other config error. */
        char *text = tp__diags_text(&d);
        send_answer(ans_fd, frame, TP__ANSWER_INIT_FAILED, text, strlen(text));
        _exit(2);
    }
    tp__diags_free(&d);
}

static _Noreturn void worker_main(const tp__worker_cfg *c, int req_fd, int ans_fd, volatile int32_t *probe)
{
    tp__buf frame = {0}, out = {0};
    size_t n = c->pipelines ? c->npipelines : 1;
    wpipe *wp = tp__xcalloc(n, sizeof *wp);
    if (c->data_limit) {
        struct rlimit rl = {c->data_limit, c->data_limit};
        setrlimit(RLIMIT_DATA, &rl);
    }
    for (size_t k = 0; k < n; k++) {
        wp[k].p = c->pipelines ? c->pipelines[k] : c->p;
        /* One probe for all: one document runs at a time, and the parent
         * knows which pipeline it sent it to. */
        tp__pipeline_set_probe(wp[k].p, probe);
        tp__pipeline_set_memory_limit(wp[k].p, c->memory_limit);
        /* records are all that leaves a worker (tp_init_type_wanted) */
        tp__pipeline_set_output_only(wp[k].p);
    }
    start_all(wp, n, ans_fd, &frame);
    for (size_t k = 0; k < n; k++) {
        tp__pipeline_write_opts(wp[k].p, &wp[k].wo);
        wp[k].wo.offsets = c->offsets;
        wp[k].wo.pipeline = c->pipeline_hash;
        wp[k].doc = tp__pipeline_new_doc(wp[k].p);
        wp[k].nstages = tp__pipeline_stage_count(wp[k].p);
        if (c->stage_times) {
            wp[k].times = tp__xcalloc(wp[k].nstages + 1, sizeof *wp[k].times);
            tp__pipeline_set_stage_times(wp[k].p, wp[k].times);
        }
    }
    send_answer(ans_fd, &frame, TP__ANSWER_READY, "", 0);

    tp__wire_reader rd = {.is_request = true};
    for (;;) {
        if (tp__wire_read(&rd, req_fd) != TP__WIRE_FRAME)
            break; /* the parent closed the pipe (or is gone) */
        tp__wire_request req;
        if (tp__wire_parse_request(&rd, &req) != 0)
            break;
        size_t k = req.route.pipeline;
        if (k >= n)
            break; /* a parent that routes nowhere is broken */
        wpipe *w = &wp[k];
        tp__write_opts wo = w->wo;
        if (req.route.offsets >= 0)
            wo.offsets = (tp__offset_unit)req.route.offsets;
        if (c->hashes)
            wo.pipeline = c->hashes[k * 3 + (size_t)wo.offsets];
        tp_doc *doc = w->doc;
        tp__doc_begin(doc);
        tp__arena *a = tp__doc_arena(doc);
        char *id = tp__arena_strndup(a, req.id, req.id_len);
        char *text = tp__arena_strndup(a, req.text, req.text_len);
        out.len = 0;
        uint32_t kind = TP__ANSWER_RECORD;
        tp__doc_problem why;
        tp__stage_error se;
        if (w->times)
            memset(w->times, 0, w->nstages * sizeof *w->times);
        if (tp__doc_set(doc, id, text, req.text_len, &why) != 0) {
            tp__json_write_error(&out, id, wo.pipeline, "input", why.code, why.message);
            kind = TP__ANSWER_ERROR;
        } else {
            size_t at = 0;
            const char *key, *raw;
            size_t kl, rl;
            while (tp__wire_next_meta(&req, &at, &key, &kl, &raw, &rl) == 1)
                tp__doc_add_meta(doc, tp__arena_strndup(a, key, kl), tp__arena_strndup(a, raw, rl), rl);
            if (tp__pipeline_run(w->p, doc, &se) != 0) {
                tp__json_write_error(&out, id, wo.pipeline, se.stage, se.code, se.message);
                kind = TP__ANSWER_ERROR;
            } else {
                tp__json_write_doc(&out, doc, &wo);
            }
        }
        if (c->pretty)
            prettify(&out);
        if (w->times)
            send_answer(ans_fd, &frame, TP__ANSWER_TIMES, (const char *)w->times, w->nstages * sizeof *w->times);
        send_answer(ans_fd, &frame, kind, out.data, out.len);
        if (tp__pipeline_over_memory(w->p)) {
            /* Documents still in the pipe go to a fresh worker. */
            _exit(TP__WORKER_EXIT_RETIRED);
        }
        if (out.cap > ((size_t)4 << 20))
            tp__buf_free(&out);
    }
    tp__wire_reader_free(&rd);
    for (size_t k = 0; k < n; k++) {
        tp__doc_free(wp[k].doc);
        free((void *)wp[k].wo.visible);
        free(wp[k].times);
        tp__pipeline_free(wp[k].p);
    }
    free(wp);
    tp__buf_free(&out);
    tp__buf_free(&frame);
    _exit(0);
}

int tp__worker_spawn(tp__worker *w, const tp__worker_cfg *c, volatile int32_t *probe)
{
    int req[2], ans[2];
    if (pipe2(req, O_CLOEXEC) != 0)
        return -1;
    if (pipe2(ans, O_CLOEXEC) != 0) {
        int e = errno;
        close(req[0]);
        close(req[1]);
        errno = e;
        return -1;
    }
    pid_t parent = getpid();
    fflush(NULL); /* nothing buffered may be written twice */
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(req[0]);
        close(req[1]);
        close(ans[0]);
        close(ans[1]);
        errno = e;
        return -1;
    }
    if (pid == 0) {
        /* Die with the parent, even when it is killed with SIGKILL. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(1);
        /* The parent decides when to stop: a Ctrl-C reaches the whole
         * process group, and workers finish the document they hold. */
        signal(SIGINT, SIG_IGN);
        signal(SIGTERM, SIG_IGN);
        signal(SIGPIPE, SIG_DFL);
        keep_only(req[0], ans[1]);
        isolate_stdio();
        worker_main(c, req[0], ans[1], probe);
    }
    close(req[0]);
    close(ans[1]);
    w->pid = pid;
    w->req_fd = req[1];
    w->ans_fd = ans[0];
    memset(&w->rd, 0, sizeof w->rd);
    /* Neither side may wait on the other forever: the parent writes and
     * reads without blocking and applies deadlines. */
    fcntl(w->req_fd, F_SETFL, fcntl(w->req_fd, F_GETFL) | O_NONBLOCK);
    fcntl(w->ans_fd, F_SETFL, fcntl(w->ans_fd, F_GETFL) | O_NONBLOCK);
    return 0;
}

void tp__worker_close(tp__worker *w)
{
    if (w->req_fd >= 0)
        close(w->req_fd);
    if (w->ans_fd >= 0)
        close(w->ans_fd);
    w->req_fd = w->ans_fd = -1;
    tp__wire_reader_reset(&w->rd);
}

void tp__worker_reap(tp__worker *w, bool kill_first, int *status)
{
    int st = 0;
    if (w->pid > 0) {
        if (kill_first)
            kill(w->pid, SIGKILL);
        while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
            ;
    }
    w->pid = -1;
    if (status)
        *status = st;
}

void tp__worker_loss_message(char *msg, size_t size, const char *code, const char *stage_id, int status,
                             double deadline_s, size_t rss, size_t limit)
{
    if (code && strcmp(code, "timeout") == 0)
        snprintf(msg, size,
                 "stage \"%s\" did not finish within the document's deadline (%g s, --doc-timeout); its worker "
                 "was stopped",
                 stage_id, deadline_s);
    else if (code && strcmp(code, "memory") == 0)
        snprintf(msg, size,
                 "stage \"%s\" took the worker over its memory limit (%zu MiB resident, limit %zu MiB, "
                 "--worker-memory); its worker was stopped",
                 stage_id, rss >> 20, limit >> 20);
    else if (WIFSIGNALED(status))
        snprintf(msg, size, "the worker crashed (%s) while stage \"%s\" was running", strsignal(WTERMSIG(status)),
                 stage_id);
    else
        snprintf(msg, size, "the worker exited (status %d) while stage \"%s\" was running",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1, stage_id);
}

size_t tp__process_rss(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/statm", (long)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    char buf[128];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    unsigned long size, resident;
    if (sscanf(buf, "%lu %lu", &size, &resident) != 2)
        return 0;
    return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}

bool tp__worker_rlimit_usable(void)
{
#ifdef TP_SANITIZED
    return false;
#else
    return true;
#endif
}
