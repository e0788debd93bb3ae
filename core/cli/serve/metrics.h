/*
 * metrics.h - the server's counters, gauges and histograms, and their
 * Prometheus text exposition (GET /metrics, format 0.0.4).
 *
 * Families are fixed (enum below); a series is a family with its label
 * values.  Label values come from a bounded set (newsroom names of the
 * configs, HTTP statuses, stage ids, error codes), never from a request
 * verbatim, so the number of series stays bounded.
 */
#ifndef TP_SERVE_METRICS_H
#define TP_SERVE_METRICS_H

#include <stddef.h>

#include "buf.h"

typedef enum tp__metric {
    TP__M_REQUESTS,        /* counter {newsroom, status} */
    TP__M_DOC_ERRORS,      /* counter {newsroom, code}: error records */
    TP__M_DOCS,            /* counter {newsroom} */
    TP__M_BYTES,           /* counter {newsroom}: text bytes processed */
    TP__M_REQUEST_SECONDS, /* histogram {newsroom}: request to response */
    TP__M_STAGE_SECONDS,   /* histogram {newsroom, stage} */
    TP__M_QUEUE_SECONDS,   /* histogram {}: waiting for a worker */
    TP__M_RESTARTS,        /* counter {reason} */
    TP__M_RELOADS,         /* counter {result} */
    TP__M_WORKERS,         /* gauge {state} */
    TP__M_QUEUED,          /* gauge {} */
    TP__M_IN_FLIGHT,       /* gauge {}: requests being served */
    TP__M_GENERATION,      /* gauge {} */
    TP__M_CONNECTIONS,     /* gauge {} */
    TP__M_COUNT
} tp__metric;

typedef struct tp__metrics tp__metrics;

tp__metrics *tp__metrics_new(void);
void tp__metrics_free(tp__metrics *m);

/* Adds `v` to a counter, or sets a gauge to it.  Labels: up to two
 * name/value pairs (NULL names end the list). */
void tp__metrics_add(tp__metrics *m, tp__metric f, double v, const char *l1, const char *v1, const char *l2,
                     const char *v2);
void tp__metrics_set(tp__metrics *m, tp__metric f, double v, const char *l1, const char *v1);
/* Records one observation in a histogram. */
void tp__metrics_observe(tp__metrics *m, tp__metric f, double seconds, const char *l1, const char *v1,
                         const char *l2, const char *v2);

/* Appends the exposition text. */
void tp__metrics_render(const tp__metrics *m, tp__buf *out);

#endif
