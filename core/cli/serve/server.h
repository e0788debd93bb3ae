/*
 * server.h - the state the server's parts share (serve.c owns it; http.c
 * routes requests; annotate.c answers POST /v1/annotate).  Internal.
 */
#ifndef TP_SERVE_SERVER_H
#define TP_SERVE_SERVER_H

#include <microhttpd.h>
#include <stdbool.h>

#include "alog.h"
#include "body.h"
#include "metrics.h"
#include "pool.h"
#include "serve.h"

typedef struct tp__req tp__req;

/* Connections accepted beyond --max-connections, only to be answered 503
 * and closed (a client then learns why, rather than waiting in the listen
 * backlog); past these the kernel's backlog holds the rest. */
#define TP__SERVE_CONN_SPARE 32u

typedef struct tp__server {
    const tp__serve_opts *o;
    struct MHD_Daemon *d;
    tp__pool *pool;
    tp__metrics *m;
    tp__alog *log;
    bool draining;
    size_t active;    /* requests begun and not completed */
    tp__req *waiting; /* suspended batch requests (annotate.c) */
} tp__server;

typedef struct tp__batch tp__batch;

struct tp__req {
    tp__server *s;
    struct MHD_Connection *c;
    double t0;
    char method[12];
    char *path; /* the URL's path, for the log */
    bool annotate;
    tp__body_kind kind;
    tp__buf body;
    size_t body_bytes; /* received, kept or not */
    bool too_large;
    char *newsroom; /* asked for; NULL: the default */
    /* The newsroom for metrics and the log ("-": none): a copy, as the
     * generation that named it may be freed (a reload) before the
     * request completes.  Newsroom names are at most 64 bytes (gen.h). */
    char label[72];
    char *id; /* ?id= */
    tp__offset_unit offsets;
    int status;
    size_t bytes_out, docs;
    const char *error; /* the first error code, for the log */
    char error_buf[48];
    unsigned generation;
    bool suspended;
    bool close;       /* answer with Connection: close */
    tp__job *job;     /* a single document at a worker */
    tp__batch *batch; /* a batch being streamed */
    tp__req *next_waiting;
};

/* Queues a response with a JSON (or other) body on the request's
 * connection; `type` NULL means application/json.  Returns MHD_YES/NO. */
enum MHD_Result tp__serve_respond(tp__req *r, unsigned status, const char *type, const char *body, size_t len);

/* Queues {"error":{"status","code","message"[,"offset"]}}. */
enum MHD_Result tp__serve_error(tp__req *r, unsigned status, const char *code, const char *message,
                                bool has_offset, size_t offset);

/* POST /v1/annotate with its whole body received. */
enum MHD_Result tp__annotate(tp__req *r);

/* Called from the loop after the pool ran: resumes batch requests that can
 * go on. */
void tp__annotate_wake(tp__server *s);

/* The request is over (completed or its client gone): drops its jobs. */
void tp__annotate_end(tp__req *r);

/* The libmicrohttpd callbacks (http.c). */
enum MHD_Result tp__serve_access(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                 const char *version, const char *upload_data, size_t *upload_size, void **con_cls);
void tp__serve_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe);

#endif
