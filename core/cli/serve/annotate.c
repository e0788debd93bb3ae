/*
 * annotate.c - POST /v1/annotate (see server.h, body.h).
 *
 * One document: read, checked, sent to the pool; the request is suspended
 * until the job ends, then answered with its record:
 *
 *   200  the record
 *   400  a problem with the body (bad JSON, bad UTF-8: the byte offset)
 *   422  a stage failed on this document (its error record)
 *   500  the worker crashed, overran the deadline or its memory cap (the
 *        error record; the worker was replaced)
 *   503  the queue is full, or no worker can run (Retry-After)
 *
 * A batch (NDJSON) is read as `textpipe run` reads a .jsonl file and
 * answered 200 with one record per line in input order, streamed: a window
 * of documents is in the pool at a time, and the response waits
 * (suspended) for the next record in order.
 */
#include "autoconfig.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "input.h"
#include "json_out.h"
#include "progress.h"
#include "server.h"
#include "wire.h"
#include "xalloc.h"

typedef struct bslot {
    tp__job *job;
    bool submitted, ready;
} bslot;

struct tp__batch {
    tp__input *in;
    tp__arena arena;
    tp__gen *gen; /* referenced for the whole batch: its records all come from one pipeline */
    uint32_t pipeline;
    bslot *ring;
    size_t window, first, count;
    bool input_done;
    tp__idset *ids;
    uint64_t ordinal;
    tp__buf out;
    size_t out_off;
};

/* ---- What every document adds to the metrics ----------------------------- */

/* The code of an error record, into buf. */
static void record_code(const tp__job *j, char *buf, size_t n, bool *input)
{
    *input = false;
    snprintf(buf, n, "error");
    cJSON *root = cJSON_ParseWithLength(j->rec.data, j->rec.len);
    const cJSON *e = cJSON_GetObjectItem(root, "error");
    const cJSON *code = cJSON_GetObjectItem(e, "code"), *stage = cJSON_GetObjectItem(e, "stage");
    if (cJSON_IsString(code))
        snprintf(buf, n, "%s", code->valuestring);
    *input = cJSON_IsString(stage) && strcmp(stage->valuestring, "input") == 0;
    cJSON_Delete(root);
}

static void account(tp__req *r, const tp__job *j)
{
    tp__metrics *m = r->s->m;
    const char *nr = j->gen->names[j->pipeline];
    tp__metrics_add(m, TP__M_DOCS, 1, "newsroom", nr, NULL, NULL);
    tp__metrics_add(m, TP__M_BYTES, (double)j->text_len, "newsroom", nr, NULL, NULL);
    if (j->times) {
        const tp__pipeline *p = j->gen->p[j->pipeline];
        for (size_t i = 0; i < tp__pipeline_stage_count(p); i++)
            tp__metrics_observe(m, TP__M_STAGE_SECONDS, j->times[i], "newsroom", nr, "stage",
                                tp__pipeline_stage_id(p, i));
    }
}

/* ---- One document ------------------------------------------------------------ */

static void single_done(tp__job *j)
{
    tp__req *r = j->owner;
    account(r, j);
    unsigned status = 200;
    if (j->failure) {
        status = strcmp(j->failure, "no_worker") == 0 || strcmp(j->failure, "shutdown") == 0 ? 503 : 500;
        r->error = j->failure;
    } else if (j->is_error) {
        bool input;
        record_code(j, r->error_buf, sizeof r->error_buf, &input);
        tp__metrics_add(r->s->m, TP__M_DOC_ERRORS, 1, "newsroom", j->gen->names[j->pipeline], "code", r->error_buf);
        r->error = r->error_buf;
        /* A worker over its memory cap fails the document itself (between
         * stages) and retires: a server-side failure like a crash. */
        status = input ? 400 : strcmp(r->error_buf, "memory") == 0 ? 500 : 422;
    }
    /* A suspended connection may have its response queued at any time;
     * it goes out once resumed. */
    tp__serve_respond(r, status, NULL, j->rec.data, j->rec.len);
    r->job = NULL;
    tp__job_free(j);
    r->suspended = false;
    MHD_resume_connection(r->c);
}

static tp__job *new_job(tp__req *r, tp__gen *g, uint32_t k, const char *id, size_t id_len, const char *text,
                        size_t len, const tp__json_member *meta, size_t nmeta)
{
    tp__job *j = tp__xcalloc(1, sizeof *j);
    j->gen = g;
    j->pipeline = k;
    j->offsets = r->offsets;
    j->id = tp__xstrndup(id, id_len);
    j->text_len = len;
    j->owner = r;
    tp__wire_route route = {k, (int)r->offsets};
    tp__wire_put_routed_request(&j->req, &route, j->id, text, len, meta, nmeta);
    return j;
}

static enum MHD_Result overloaded(tp__req *r)
{
    char msg[160];
    snprintf(msg, sizeof msg, "%zu documents are waiting for a worker (--queue); try again shortly",
             tp__pool_queued(r->s->pool));
    return tp__serve_error(r, 503, "overloaded", msg, false, 0);
}

static enum MHD_Result one(tp__req *r, tp__gen *g, int k)
{
    tp__arena a;
    tp__arena_init(&a, 4096);
    tp__body_doc doc;
    tp__body_error err;
    const char *data = r->body.data ? r->body.data : "";
    if (tp__body_parse_one(data, r->body.len, r->kind, r->id, &a, &doc, &err) != 0) {
        tp__arena_free(&a);
        return tp__serve_error(r, (unsigned)err.status, err.code, err.message, err.has_offset, err.offset);
    }
    tp__job *j = new_job(r, g, (uint32_t)k, doc.id, doc.id_len, doc.text, doc.text_len, doc.meta, doc.nmeta);
    tp__arena_free(&a);
    j->done = single_done;
    if (tp__pool_submit(r->s->pool, j) != 0) {
        tp__job_free(j);
        return overloaded(r);
    }
    r->job = j;
    r->docs = 1;
    r->suspended = true;
    MHD_suspend_connection(r->c);
    return MHD_YES;
}

/* ---- A batch ------------------------------------------------------------------- */

static void batch_job_done(tp__job *j)
{
    tp__req *r = j->owner;
    tp__batch *b = r->batch;
    account(r, j);
    if (j->is_error && !j->failure) {
        char code[48];
        bool input;
        record_code(j, code, sizeof code, &input);
        tp__metrics_add(r->s->m, TP__M_DOC_ERRORS, 1, "newsroom", j->gen->names[j->pipeline], "code", code);
    }
    if (j->is_error && !r->error)
        r->error = j->failure ? j->failure : "document_error";
    for (size_t k = 0; k < b->count; k++) {
        bslot *sl = &b->ring[(b->first + k) % b->window];
        if (sl->job == j)
            sl->ready = true;
    }
}

/* Reads items into free slots and hands their documents to the pool. */
static void batch_fill(tp__req *r)
{
    tp__batch *b = r->batch;
    /* Documents the full queue refused earlier go first, in order. */
    for (size_t k = 0; k < b->count; k++) {
        bslot *sl = &b->ring[(b->first + k) % b->window];
        if (sl->submitted)
            continue;
        if (tp__pool_submit(r->s->pool, sl->job) != 0)
            return;
        sl->submitted = true;
    }
    while (!b->input_done && b->count < b->window) {
        tp__arena_reset(&b->arena);
        tp__item it;
        int rc = tp__input_next(b->in, &b->arena, &it);
        if (rc != TP__INPUT_ITEM) {
            b->input_done = true;
            break;
        }
        uint64_t ordinal = ++b->ordinal;
        bslot *sl = &b->ring[(b->first + b->count++) % b->window];
        memset(sl, 0, sizeof *sl);
        uint64_t first = it.is_error ? 0 : tp__idset_add(b->ids, it.id, it.id_len, ordinal);
        if (it.is_error || first) {
            /* Made here, as the batch runner makes it. */
            tp__job *j = tp__xcalloc(1, sizeof *j);
            j->gen = b->gen;
            j->pipeline = b->pipeline;
            j->id = tp__xstrndup(it.id, it.id_len);
            char msg[400];
            if (first)
                snprintf(msg, sizeof msg, "%s: duplicate id \"%.100s\": input record %llu has the same id",
                         it.where ? it.where : "input", j->id, (unsigned long long)first);
            tp__json_write_error(&j->rec, j->id, b->gen->hash[b->pipeline][r->offsets], "input",
                                 first ? "duplicate_id" : it.code, first ? msg : it.message);
            j->is_error = true;
            if (!r->error)
                r->error = "document_error";
            tp__metrics_add(r->s->m, TP__M_DOC_ERRORS, 1, "newsroom", b->gen->names[b->pipeline], "code",
                            first ? "duplicate_id" : it.code);
            sl->job = j;
            sl->submitted = sl->ready = true;
            r->docs++;
            continue;
        }
        tp__job *j = new_job(r, b->gen, b->pipeline, it.id, it.id_len, it.text, it.len, it.meta, it.nmeta);
        j->done = batch_job_done;
        sl->job = j;
        r->docs++;
        if (tp__pool_submit(r->s->pool, j) != 0)
            return;
        sl->submitted = true;
    }
}

/* Moves the finished records at the head of the ring to the output. */
static void batch_collect(tp__batch *b)
{
    if (b->out_off == b->out.len)
        b->out.len = b->out_off = 0;
    while (b->count && b->ring[b->first].ready) {
        tp__job *j = b->ring[b->first].job;
        tp__buf_append(&b->out, j->rec.data, j->rec.len);
        tp__job_free(j);
        b->ring[b->first].job = NULL;
        b->first = (b->first + 1) % b->window;
        b->count--;
    }
}

static ssize_t batch_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    tp__req *r = cls;
    tp__batch *b = r->batch;
    if (!b)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    batch_fill(r);
    batch_collect(b);
    if (b->out_off < b->out.len) {
        size_t n = b->out.len - b->out_off;
        if (n > max)
            n = max;
        memcpy(buf, b->out.data + b->out_off, n);
        b->out_off += n;
        r->bytes_out += n;
        return (ssize_t)n;
    }
    if (b->input_done && b->count == 0)
        return MHD_CONTENT_READER_END_OF_STREAM;
    /* Nothing to send until a worker answers: wait without spinning. */
    r->suspended = true;
    r->next_waiting = r->s->waiting;
    r->s->waiting = r;
    MHD_suspend_connection(r->c);
    return 0;
}

static enum MHD_Result batch_start(tp__req *r, tp__gen *g, int k)
{
    if (tp__pool_queued(r->s->pool) >= r->s->o->queue_limit)
        return overloaded(r);
    tp__batch *b = tp__xcalloc(1, sizeof *b);
    r->batch = b;
    b->gen = g;
    tp__pool_ref(g);
    b->pipeline = (uint32_t)k;
    b->window = (size_t)r->s->o->workers * 4;
    if (b->window < 8)
        b->window = 8;
    b->ring = tp__xcalloc(b->window, sizeof *b->ring);
    b->ids = tp__idset_new();
    tp__arena_init(&b->arena, 64 * 1024);
    tp__input_opts io = {0};
    io.format = TP__FMT_JSONL;
    io.max_doc_bytes = r->s->o->max_body;
    b->in = tp__input_open_mem(r->body.data ? r->body.data : "", r->body.len, "request", &io);
    struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, batch_read, r, NULL);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/x-ndjson");
    if (r->s->draining)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result rc = MHD_queue_response(r->c, 200, resp);
    MHD_destroy_response(resp);
    r->status = 200;
    return rc;
}

/* ---- Entry points ------------------------------------------------------------ */

enum MHD_Result tp__annotate(tp__req *r)
{
    tp__gen *g = tp__pool_active(r->s->pool);
    int k = g ? tp__gen_find(g, r->newsroom) : -1;
    if (!g)
        return tp__serve_error(r, 503, "starting", "the pipelines' workers are starting", false, 0);
    if (k < 0) /* it went away in a reload while the body came in */
        return tp__serve_error(r, 404, "unknown_newsroom", "no config for this newsroom any more", false, 0);
    snprintf(r->label, sizeof r->label, "%s", g->names[k]);
    r->generation = g->id;
    if (r->kind == TP__BODY_NDJSON)
        return batch_start(r, g, k);
    return one(r, g, k);
}

void tp__annotate_wake(tp__server *s)
{
    tp__req **at = &s->waiting;
    while (*at) {
        tp__req *r = *at;
        tp__batch *b = r->batch;
        batch_fill(r);
        if ((b->count && b->ring[b->first].ready) || (b->input_done && b->count == 0)) {
            *at = r->next_waiting;
            r->next_waiting = NULL;
            r->suspended = false;
            MHD_resume_connection(r->c);
        } else {
            at = &r->next_waiting;
        }
    }
}

void tp__annotate_end(tp__req *r)
{
    tp__server *s = r->s;
    if (r->job) {
        tp__pool_cancel(s->pool, r->job);
        r->job = NULL;
    }
    tp__batch *b = r->batch;
    if (!b)
        return;
    for (tp__req **at = &s->waiting; *at; at = &(*at)->next_waiting)
        if (*at == r) {
            *at = r->next_waiting;
            break;
        }
    for (size_t k = 0; k < b->count; k++) {
        bslot *sl = &b->ring[(b->first + k) % b->window];
        if (sl->submitted && !sl->ready)
            tp__pool_cancel(s->pool, sl->job);
        else
            tp__job_free(sl->job);
    }
    tp__input_close(b->in);
    tp__idset_free(b->ids);
    tp__arena_free(&b->arena);
    tp__buf_free(&b->out);
    free(b->ring);
    tp__pool_unref(s->pool, b->gen);
    free(b);
    r->batch = NULL;
}
