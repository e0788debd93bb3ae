/*
 * serve.c - the server's start, poll loop, reload and drain (see serve.h).
 *
 * Signals only write a byte to a pipe: the loop reads it and acts between
 * two rounds, when no request is half handled.
 */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "batch.h"
#include "progress.h"
#include "report.h"
#include "server.h"
#include "xalloc.h"

#define MAX_POLL 4096

static int sig_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
    int e = errno;
    unsigned char c = (unsigned char)sig;
    if (write(sig_pipe[1], &c, 1) < 0) {
        /* full: a signal is pending already */
    }
    errno = e;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n') msg[--n] = '\0';
    tp__cli_error("serve: http: %s", msg);
}

/* "ADDR:PORT", "[V6ADDR]:PORT" or "PORT" (loopback) to an address. */
static int parse_listen(const char *spec, struct sockaddr_storage *ss, socklen_t *len, bool *v6)
{
    char host[256] = "127.0.0.1";
    const char *port = spec;
    const char *colon = strrchr(spec, ':');
    if (spec[0] == '[') {
        const char *close = strchr(spec, ']');
        if (!close || close[1] != ':' || (size_t)(close - spec - 1) >= sizeof host)
            return -1;
        memcpy(host, spec + 1, (size_t)(close - spec - 1));
        host[close - spec - 1] = '\0';
        port = close + 2;
    } else if (colon) {
        if ((size_t)(colon - spec) >= sizeof host || colon == spec)
            return -1;
        memcpy(host, spec, (size_t)(colon - spec));
        host[colon - spec] = '\0';
        port = colon + 1;
    }
    char *end;
    long p = strtol(port, &end, 10);
    if (!*port || *end || p < 0 || p > 65535)
        return -1;
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    if (getaddrinfo(host, port, &hints, &res) != 0 || !res)
        return -1;
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    *v6 = res->ai_family == AF_INET6;
    freeaddrinfo(res);
    return 0;
}

/* ---- Generations ------------------------------------------------------------ */

typedef struct loop {
    tp__server s;
    unsigned next_id;
    int start_status; /* the first generation: 0 waiting, 1 ready, 2 failed */
    bool stop_now;
    double drain_until;
    bool cut; /* the drain time ran out and what was left got error records */
} loop;

static void on_gen(void *cls, tp__gen *g, bool ready, const char *error)
{
    loop *l = cls;
    if (g->id == 1 && !ready) {
        fprintf(stderr, "%s\n", error); /* whole diagnostic lines (pool.h) */
        l->start_status = 2;
        return;
    }
    if (g->id == 1) {
        l->start_status = 1;
        return;
    }
    if (ready)
        tp__diag_print(stderr, NULL, TP__INFO, "serve: reloaded: generation %u serves %zu pipeline%s", g->id, g->n,
                       g->n == 1 ? "" : "s");
    else {
        tp__cli_error("serve: reload refused, the running configs keep serving:");
        fprintf(stderr, "%s\n", error);
    }
}

static void reload(loop *l)
{
    tp__server *s = &l->s;
    if (tp__alog_reopen(s->log) != 0)
        tp__cli_warning("serve: cannot reopen the access log: %s", strerror(errno));
    tp__diag_print(stderr, NULL, TP__INFO, "serve: SIGHUP: reloading the configs");
    tp__diags d = {0};
    tp__gen *g = tp__gen_load(&s->o->gen, l->next_id, &d);
    if (!g) {
        tp__cli_error("serve: reload refused, the running configs keep serving:");
        tp__diags_print(&d, stderr);
        tp__diags_free(&d);
        tp__metrics_add(s->m, TP__M_RELOADS, 1, "result", "refused", NULL, NULL);
        return;
    }
    tp__diags_free(&d);
    l->next_id++;
    tp__pool_add_gen(s->pool, g);
}

static void start_drain(loop *l)
{
    tp__server *s = &l->s;
    if (s->draining)
        return;
    s->draining = true;
    l->drain_until = tp__now() + s->o->drain_timeout;
    MHD_socket fd = MHD_quiesce_daemon(s->d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    tp__diag_print(stderr, NULL, TP__INFO, "serve: stopping: %zu request%s in flight, no new connection accepted",
                   s->active, s->active == 1 ? "" : "s");
}

static void handle_signals(loop *l)
{
    unsigned char buf[32];
    ssize_t n;
    while ((n = read(sig_pipe[0], buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == SIGHUP) {
                if (!l->s.draining && l->start_status == 1)
                    reload(l);
            } else if (l->s.draining || l->start_status != 1) {
                l->stop_now = true; /* a second signal: at once */
            } else {
                start_drain(l);
            }
        }
}

/* ---- The loop ------------------------------------------------------------------ */

static int run(loop *l)
{
    tp__server *s = &l->s;
    struct pollfd *pfd = tp__xcalloc(MAX_POLL, sizeof *pfd);
    const union MHD_DaemonInfo *ei = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_EPOLL_FD);
    int epfd = ei ? ei->epoll_fd : -1;
    int status = 0;
    for (;;) {
        double now = tp__now();
        if (l->stop_now || (l->start_status == 2))
            break;
        if (s->draining && s->active == 0 && tp__pool_queued(s->pool) == 0)
            break;
        if (s->draining && !l->cut && now >= l->drain_until) {
            tp__cli_warning("serve: the drain time (%g s) ran out: what is left gets error records",
                            s->o->drain_timeout);
            tp__pool_fail_all(s->pool, "the server is stopping (its drain time ran out)");
            l->cut = true;
            l->drain_until = now + 2; /* for those records to go out */
        } else if (s->draining && l->cut && now >= l->drain_until) {
            break;
        }
        size_t n = 0;
        pfd[n].fd = sig_pipe[0];
        pfd[n++].events = POLLIN;
        pfd[n].fd = epfd;
        pfd[n++].events = POLLIN;
        double wake = now + 1.0;
        if (s->draining && l->drain_until < wake)
            wake = l->drain_until;
        size_t np = tp__pool_poll_fds(s->pool, pfd + n, MAX_POLL - n, &wake);
        MHD_UNSIGNED_LONG_LONG mto;
        double left = wake - now;
        if (MHD_get_timeout(s->d, &mto) == MHD_YES && (double)mto / 1000.0 < left)
            left = (double)mto / 1000.0;
        int ms = left <= 0 ? 0 : (int)ceil(left * 1000.0);
        if (poll(pfd, n + np, ms) < 0 && errno != EINTR) {
            tp__cli_error("serve: poll: %s", strerror(errno));
            status = 3;
            break;
        }
        if (pfd[0].revents)
            handle_signals(l);
        tp__pool_run(s->pool, pfd + n, np);
        tp__annotate_wake(s);
        MHD_run(s->d);
        /* Documents the requests just read brought go to the workers now,
         * not after the next poll. */
        tp__pool_dispatch(s->pool);
    }
    free(pfd);
    return status;
}

int tp__serve_run(const tp__serve_opts *o)
{
    loop l = {0};
    tp__server *s = &l.s;
    s->o = o;
    struct sockaddr_storage ss;
    socklen_t sslen;
    bool v6 = false;
    if (parse_listen(o->listen, &ss, &sslen, &v6) != 0) {
        tp__cli_error("--listen %s: not ADDR:PORT (for example 127.0.0.1:8080)", o->listen);
        return TP_EXIT_USAGE;
    }
    char err[512];
    s->log = tp__alog_open(o->access_log, err, sizeof err);
    if (!s->log) {
        tp__cli_error("%s", err);
        return TP_EXIT_IO;
    }
    tp__diags d = {0};
    tp__gen *g = tp__gen_load(&o->gen, 1, &d);
    if (!g) {
        tp__diags_print(&d, stderr);
        tp__diags_free(&d);
        tp__alog_close(s->log);
        return TP_EXIT_USAGE;
    }
    tp__diags_free(&d);
    l.next_id = 2;

    if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        tp__cli_error("pipe: %s", strerror(errno));
        tp__gen_free(g);
        tp__alog_close(s->log);
        return TP_EXIT_IO;
    }
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    s->m = tp__metrics_new();
    tp__pool_opts po = {o->workers,
                        o->doc_timeout,
                        o->worker_memory == SIZE_MAX ? SIZE_MAX
                        : o->worker_memory           ? o->worker_memory
                                                     : tp__batch_default_memory(o->workers),
                        o->worker_max_docs,
                        o->queue_limit,
                        on_gen,
                        &l};
    s->pool = tp__pool_new(&po, s->m);
    /* The workers fork before the listening socket exists. */
    tp__pool_add_gen(s->pool, g);

    unsigned flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG | MHD_USE_TURBO;
    if (v6)
        flags |= MHD_USE_IPv6;
    s->d = MHD_start_daemon(flags, 0, NULL, NULL, tp__serve_access, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT,
                            o->max_connections + TP__SERVE_CONN_SPARE, MHD_OPTION_CONNECTION_TIMEOUT,
                            o->client_timeout, MHD_OPTION_NOTIFY_COMPLETED, tp__serve_completed, s,
                            MHD_OPTION_LISTEN_BACKLOG_SIZE, 511u, MHD_OPTION_END);
    int status = 0;
    if (!s->d) {
        tp__cli_error("cannot listen on %s: %s", o->listen, strerror(errno));
        status = TP_EXIT_IO;
    } else {
        const union MHD_DaemonInfo *pi = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
        unsigned port = pi ? pi->port : 0;
        tp__diag_print(stderr, NULL, TP__INFO, "serve: listening on %s (port %u), %d worker%s, %zu pipeline%s",
                       o->listen, port, o->workers, o->workers == 1 ? "" : "s", g->n, g->n == 1 ? "" : "s");
        if (o->port_file) {
            FILE *f = fopen(o->port_file, "w");
            if (f) {
                fprintf(f, "%u\n", port);
                fclose(f);
            }
        }
        status = run(&l);
        if (l.start_status == 2)
            status = TP_EXIT_USAGE;
        /* Connections still open (idle keep-alive ones, or what the drain
         * cut) are closed; none may be suspended when the daemon stops. */
        tp__pool_fail_all(s->pool, "the server is stopping");
        for (int i = 0; i < 100 && s->active; i++) MHD_run(s->d);
        MHD_stop_daemon(s->d);
        if (status == 0)
            tp__diag_print(stderr, NULL, TP__INFO, "serve: stopped");
    }
    tp__pool_free(s->pool);
    tp__metrics_free(s->m);
    tp__alog_close(s->log);
    close(sig_pipe[0]);
    close(sig_pipe[1]);
    sig_pipe[0] = sig_pipe[1] = -1;
    signal(SIGHUP, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    return status;
}
