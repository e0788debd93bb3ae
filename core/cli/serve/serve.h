/*
 * serve.h - `textpipe serve`: the pipeline as an HTTP service.
 *
 * One process, one thread: libmicrohttpd in its external-polling mode
 * (epoll) shares one poll loop with the worker pool's pipes (pool.h) and
 * the signals.  A request that waits for a worker is suspended, not parked
 * on a thread; the worker's answer resumes it.
 *
 *   POST /v1/annotate     a document (JSON, text) or a batch (NDJSON): the
 *                         records `textpipe run` writes (annotate.c)
 *   GET  /healthz         the process answers
 *   GET  /readyz          the pipelines are loaded and a worker is ready
 *   GET  /metrics         Prometheus text (metrics.h)
 *   GET  /v1/pipelines    configs, plugins and versions, pipeline hashes
 *
 * SIGHUP reloads the configs (gen.h, pool.h) and reopens the access log;
 * SIGTERM or SIGINT drains: no new connection is accepted, the requests in
 * flight finish, then the process exits 0 (after --drain-timeout, what is
 * left gets error records first).  A second signal stops at once.
 */
#ifndef TP_SERVE_H
#define TP_SERVE_H

#include <stddef.h>

#include "gen.h"

typedef struct tp__serve_opts {
    tp__gen_opts gen;
    const char *listen;   /* ADDR:PORT ([ADDR]:PORT for IPv6); port 0: any free one */
    int workers;          /* per generation */
    double doc_timeout;   /* as tp__pool_opts */
    size_t worker_memory; /* 0: the batch default; SIZE_MAX: none */
    size_t worker_max_docs;
    size_t max_body;    /* bytes of a request body */
    size_t queue_limit; /* documents waiting before 503 */
    unsigned max_connections;
    unsigned client_timeout; /* seconds a connection may be idle */
    double request_timeout;  /* seconds to receive a whole request body */
    double drain_timeout;    /* seconds SIGTERM waits for requests in flight */
    const char *access_log;  /* NULL or "-": stderr; "off"; else a file */
    const char *port_file;   /* write the port listened on here, once listening */
} tp__serve_opts;

/* Runs the server until it is stopped.  Returns the exit status: 0 after a
 * drain, 2 when a config, a plugin or a stage cannot start, 3 when the
 * address cannot be listened on. */
int tp__serve_run(const tp__serve_opts *o);

/* `textpipe serve ARGS` (cmd_serve.c). */
int tp__cmd_serve(int argc, char **argv);

#endif
