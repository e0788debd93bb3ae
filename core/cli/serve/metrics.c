/*
 * metrics.c - series in a small open-addressing table; exposition grouped
 * by family (see metrics.h).
 */
#include "autoconfig.h"

#include "metrics.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* From 100 us (one short stage) to 10 s (a document near its deadline). */
static const double bounds[] = {0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025,
                                0.05,   0.1,     0.25,   0.5,   1,     2.5,   5,    10};
#define NB (sizeof bounds / sizeof *bounds)

typedef enum kind { COUNTER, GAUGE, HISTOGRAM } kind;

static const struct family {
    const char *name;
    kind kind;
    const char *help;
} families[TP__M_COUNT] = {
    [TP__M_REQUESTS] = {"textpipe_http_requests_total", COUNTER, "HTTP requests answered, by newsroom and status."},
    [TP__M_DOC_ERRORS] = {"textpipe_document_errors_total", COUNTER,
                          "Documents answered with an error record, by newsroom and error code."},
    [TP__M_DOCS] = {"textpipe_documents_total", COUNTER, "Documents processed, by newsroom."},
    [TP__M_BYTES] = {"textpipe_document_bytes_total", COUNTER, "Bytes of document text processed, by newsroom."},
    [TP__M_REQUEST_SECONDS] = {"textpipe_request_duration_seconds", HISTOGRAM,
                               "Time from a request's first byte to its response, by newsroom."},
    [TP__M_STAGE_SECONDS] = {"textpipe_stage_duration_seconds", HISTOGRAM,
                             "Time one stage took on one document, by newsroom and stage."},
    [TP__M_QUEUE_SECONDS] = {"textpipe_queue_wait_seconds", HISTOGRAM, "Time a document waited for a worker."},
    [TP__M_RESTARTS] = {"textpipe_worker_restarts_total", COUNTER, "Workers replaced, by reason."},
    [TP__M_RELOADS] = {"textpipe_reloads_total", COUNTER, "Reloads of the configs (SIGHUP), by result."},
    [TP__M_WORKERS] = {"textpipe_workers", GAUGE, "Worker processes, by state."},
    [TP__M_QUEUED] = {"textpipe_queue_documents", GAUGE, "Documents waiting for a worker."},
    [TP__M_IN_FLIGHT] = {"textpipe_requests_in_flight", GAUGE, "Requests being received or answered."},
    [TP__M_GENERATION] = {"textpipe_config_generation", GAUGE,
                          "How many times the configs were loaded (1 at start, +1 per successful reload)."},
    [TP__M_CONNECTIONS] = {"textpipe_http_connections", GAUGE, "Open HTTP connections."},
};

typedef struct series {
    int family; /* -1: empty */
    uint64_t hash;
    char *labels; /* name="value",... */
    double value; /* counter, gauge; histogram: the sum */
    uint64_t count;
    uint64_t *buckets;
} series;

struct tp__metrics {
    series *s;
    size_t cap, n;
    tp__buf scratch; /* the labels being looked up */
};

tp__metrics *tp__metrics_new(void)
{
    tp__metrics *m = tp__xcalloc(1, sizeof *m);
    m->cap = 256;
    m->s = tp__xcalloc(m->cap, sizeof *m->s);
    for (size_t i = 0; i < m->cap; i++) m->s[i].family = -1;
    return m;
}

void tp__metrics_free(tp__metrics *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++) {
        free(m->s[i].labels);
        free(m->s[i].buckets);
    }
    free(m->s);
    tp__buf_free(&m->scratch);
    free(m);
}

/* Label values escaped as the exposition format wants. */
static void put_label(tp__buf *b, const char *name, const char *value)
{
    if (b->len)
        tp__buf_putc(b, ',');
    tp__buf_puts(b, name);
    tp__buf_puts(b, "=\"");
    for (const char *p = value; *p; p++) {
        if (*p == '\\' || *p == '"')
            tp__buf_putc(b, '\\'), tp__buf_putc(b, *p);
        else if (*p == '\n')
            tp__buf_puts(b, "\\n");
        else
            tp__buf_putc(b, *p);
    }
    tp__buf_putc(b, '"');
}

static uint64_t fnv(int family, const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)family;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static void grow(tp__metrics *m);

/* The series of family f with these labels, made when new. */
static series *find(tp__metrics *m, int f, const char *l1, const char *v1, const char *l2, const char *v2)
{
    tp__buf *b = &m->scratch;
    b->len = 0;
    if (l1)
        put_label(b, l1, v1 ? v1 : "");
    if (l2)
        put_label(b, l2, v2 ? v2 : "");
    const char *lab = b->len ? b->data : "";
    size_t len = b->len;
    uint64_t h = fnv(f, lab, len);
    size_t i = (size_t)h & (m->cap - 1);
    for (;;) {
        series *s = &m->s[i];
        if (s->family < 0)
            break;
        if (s->family == f && s->hash == h && strlen(s->labels) == len && memcmp(s->labels, lab, len) == 0)
            return s;
        i = (i + 1) & (m->cap - 1);
    }
    if ((m->n + 1) * 2 > m->cap) {
        grow(m);
        return find(m, f, l1, v1, l2, v2);
    }
    series *s = &m->s[i];
    s->family = f;
    s->hash = h;
    s->labels = tp__xstrndup(lab, len);
    if (families[f].kind == HISTOGRAM)
        s->buckets = tp__xcalloc(NB, sizeof *s->buckets);
    m->n++;
    return s;
}

static void grow(tp__metrics *m)
{
    series *old = m->s;
    size_t oldcap = m->cap;
    m->cap *= 2;
    m->s = tp__xcalloc(m->cap, sizeof *m->s);
    for (size_t i = 0; i < m->cap; i++) m->s[i].family = -1;
    for (size_t i = 0; i < oldcap; i++) {
        if (old[i].family < 0)
            continue;
        size_t j = (size_t)old[i].hash & (m->cap - 1);
        while (m->s[j].family >= 0) j = (j + 1) & (m->cap - 1);
        m->s[j] = old[i];
    }
    free(old);
}

void tp__metrics_add(tp__metrics *m, tp__metric f, double v, const char *l1, const char *v1, const char *l2,
                     const char *v2)
{
    find(m, (int)f, l1, v1, l2, v2)->value += v;
}

void tp__metrics_set(tp__metrics *m, tp__metric f, double v, const char *l1, const char *v1)
{
    find(m, (int)f, l1, v1, NULL, NULL)->value = v;
}

void tp__metrics_observe(tp__metrics *m, tp__metric f, double seconds, const char *l1, const char *v1,
                         const char *l2, const char *v2)
{
    series *s = find(m, (int)f, l1, v1, l2, v2);
    if (!s->buckets)
        return;
    s->value += seconds;
    s->count++;
    for (size_t k = 0; k < NB; k++)
        if (seconds <= bounds[k])
            s->buckets[k]++;
}

static int by_labels(const void *a, const void *b)
{
    const series *x = *(const series *const *)a, *y = *(const series *const *)b;
    return strcmp(x->labels, y->labels);
}

static void put_number(tp__buf *b, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        tp__buf_printf(b, "%.0f", v);
    else
        tp__buf_printf(b, "%.9g", v);
}

/* name{labels[,extra]} */
static void put_name(tp__buf *b, const char *name, const char *suffix, const char *labels, const char *extra)
{
    tp__buf_printf(b, "%s%s", name, suffix);
    if (*labels || extra) {
        tp__buf_printf(b, "{%s%s%s}", labels, *labels && extra ? "," : "", extra ? extra : "");
    }
    tp__buf_putc(b, ' ');
}

void tp__metrics_render(const tp__metrics *m, tp__buf *out)
{
    series **list = tp__xcalloc(m->n + 1, sizeof *list);
    for (int f = 0; f < TP__M_COUNT; f++) {
        size_t n = 0;
        for (size_t i = 0; i < m->cap; i++)
            if (m->s[i].family == f)
                list[n++] = &m->s[i];
        const struct family *fam = &families[f];
        tp__buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", fam->name, fam->help, fam->name,
                       fam->kind == COUNTER ? "counter"
                       : fam->kind == GAUGE ? "gauge"
                                            : "histogram");
        qsort(list, n, sizeof *list, by_labels);
        for (size_t i = 0; i < n; i++) {
            const series *s = list[i];
            if (fam->kind != HISTOGRAM) {
                put_name(out, fam->name, "", s->labels, NULL);
                put_number(out, s->value);
                tp__buf_putc(out, '\n');
                continue;
            }
            char le[48];
            for (size_t k = 0; k < NB; k++) {
                snprintf(le, sizeof le, "le=\"%g\"", bounds[k]);
                put_name(out, fam->name, "_bucket", s->labels, le);
                put_number(out, (double)s->buckets[k]);
                tp__buf_putc(out, '\n');
            }
            put_name(out, fam->name, "_bucket", s->labels, "le=\"+Inf\"");
            put_number(out, (double)s->count);
            tp__buf_putc(out, '\n');
            put_name(out, fam->name, "_sum", s->labels, NULL);
            put_number(out, s->value);
            tp__buf_putc(out, '\n');
            put_name(out, fam->name, "_count", s->labels, NULL);
            put_number(out, (double)s->count);
            tp__buf_putc(out, '\n');
        }
    }
    free(list);
}
