/*
 * wire.c - frames between the batch runner and its workers (see wire.h).
 *
 * Headers are fixed-size structs in host byte order: both ends are the same
 * binary on the same machine, forked from one process.
 */
#include "autoconfig.h"

#include "wire.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAGIC_REQUEST 0x54505251u /* "TPRQ" */
#define MAGIC_ANSWER 0x54505253u  /* "TPRS" */

typedef struct request_header {
    uint32_t magic;
    uint32_t id_len;
    uint64_t text_len;
    uint64_t meta_len;
    uint32_t pipeline; /* tp__wire_route */
    uint32_t offsets;  /* the unit + 1; 0: the worker's default */
} request_header;

typedef struct answer_header {
    uint32_t magic;
    uint32_t kind;
    uint64_t len;
} answer_header;

/* Buffers above this size are released between frames, so one huge
 * document does not pin its memory for the rest of the run. */
#define KEEP_BYTES ((size_t)1 << 20)
#define READ_STEP ((size_t)4 << 20)

static void put_u32(tp__buf *b, uint32_t v) { tp__buf_append(b, &v, sizeof v); }

void tp__wire_put_request(tp__buf *out, const char *id, const char *text, size_t len, const tp__json_member *meta,
                          size_t nmeta)
{
    static const tp__wire_route none = {0, -1};
    tp__wire_put_routed_request(out, &none, id, text, len, meta, nmeta);
}

void tp__wire_put_routed_request(tp__buf *out, const tp__wire_route *route, const char *id, const char *text,
                                 size_t len, const tp__json_member *meta, size_t nmeta)
{
    size_t meta_len = 0;
    for (size_t m = 0; m < nmeta; m++) {
        /* Lengths travel as 32 bits: the reader's limits keep members far below. */
        assert(strlen(meta[m].key) <= UINT32_MAX && meta[m].raw_len <= UINT32_MAX);
        meta_len += 8 + strlen(meta[m].key) + meta[m].raw_len;
    }
    assert(strlen(id) <= UINT32_MAX);
    request_header h = {
        MAGIC_REQUEST, (uint32_t)strlen(id), len,
        meta_len,      route->pipeline,      route->offsets < 0 ? 0u : (uint32_t)route->offsets + 1};
    tp__buf_reserve(out, sizeof h + h.id_len + len + meta_len);
    tp__buf_append(out, &h, sizeof h);
    tp__buf_append(out, id, h.id_len);
    tp__buf_append(out, text, len);
    for (size_t m = 0; m < nmeta; m++) {
        uint32_t kl = (uint32_t)strlen(meta[m].key);
        put_u32(out, kl);
        tp__buf_append(out, meta[m].key, kl);
        put_u32(out, (uint32_t)meta[m].raw_len);
        tp__buf_append(out, meta[m].raw, meta[m].raw_len);
    }
}

void tp__wire_put_answer(tp__buf *out, uint32_t kind, const char *data, size_t len)
{
    answer_header h = {MAGIC_ANSWER, kind, len};
    tp__buf_reserve(out, sizeof h + len);
    tp__buf_append(out, &h, sizeof h);
    tp__buf_append(out, data, len);
}

static size_t header_size(const tp__wire_reader *r)
{
    return r->is_request ? sizeof(request_header) : sizeof(answer_header);
}

/* Once the header is in: checks it and sets the frame's full size.
 * Returns 0, or -1 when it is malformed. */
static int take_header(tp__wire_reader *r)
{
    uint64_t payload;
    if (r->is_request) {
        request_header h;
        memcpy(&h, r->buf.data, sizeof h);
        if (h.magic != MAGIC_REQUEST || h.text_len > TP__WIRE_MAX_PAYLOAD || h.meta_len > TP__WIRE_MAX_PAYLOAD)
            return -1;
        payload = (uint64_t)h.id_len + h.text_len + h.meta_len;
    } else {
        answer_header h;
        memcpy(&h, r->buf.data, sizeof h);
        if (h.magic != MAGIC_ANSWER || h.len > TP__WIRE_MAX_PAYLOAD)
            return -1;
        r->kind = h.kind;
        payload = h.len;
    }
    if (payload > TP__WIRE_MAX_PAYLOAD)
        return -1;
    r->want = header_size(r) + (size_t)payload;
    return 0;
}

/* After `got` more bytes arrived: moves the frame forward.  Returns
 * TP__WIRE_FRAME when it is complete, TP__WIRE_AGAIN or TP__WIRE_BROKEN. */
static int advance(tp__wire_reader *r)
{
    size_t hs = header_size(r);
    if (r->want == hs && r->buf.len == hs) {
        if (take_header(r) != 0)
            return TP__WIRE_BROKEN;
    }
    if (r->buf.len < r->want)
        return TP__WIRE_AGAIN;
    r->payload = r->buf.data + hs;
    r->payload_len = r->want - hs;
    return TP__WIRE_FRAME;
}

/* Starts a new frame if the previous one was delivered. */
static void begin(tp__wire_reader *r)
{
    if (r->want == 0 || (r->buf.len == r->want && r->payload)) {
        if (r->buf.cap > KEEP_BYTES) {
            tp__buf_free(&r->buf);
        }
        r->buf.len = 0;
        r->want = header_size(r);
        r->payload = NULL;
        r->payload_len = 0;
    }
}

int tp__wire_read(tp__wire_reader *r, int fd)
{
    begin(r);
    for (;;) {
        /* Grow as bytes arrive, not by what the header claims. */
        size_t room = r->want - r->buf.len;
        if (room > READ_STEP)
            room = READ_STEP;
        tp__buf_reserve(&r->buf, room);
        ssize_t n = read(fd, r->buf.data + r->buf.len, room);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK ? TP__WIRE_AGAIN : TP__WIRE_BROKEN;
        if (n == 0)
            return r->buf.len == 0 ? TP__WIRE_EOF : TP__WIRE_BROKEN;
        r->buf.len += (size_t)n;
        int rc = advance(r);
        if (rc != TP__WIRE_AGAIN)
            return rc;
    }
}

int tp__wire_feed(tp__wire_reader *r, const char *data, size_t len, size_t *used)
{
    begin(r);
    *used = 0;
    while (*used < len) {
        size_t take = r->want - r->buf.len;
        if (take > len - *used)
            take = len - *used;
        tp__buf_append(&r->buf, data + *used, take);
        *used += take;
        int rc = advance(r);
        if (rc != TP__WIRE_AGAIN)
            return rc;
    }
    return TP__WIRE_AGAIN;
}

size_t tp__wire_pending(const tp__wire_reader *r) { return r->payload ? 0 : r->buf.len; }

void tp__wire_reader_reset(tp__wire_reader *r)
{
    bool is_request = r->is_request;
    tp__buf_free(&r->buf);
    memset(r, 0, sizeof *r);
    r->is_request = is_request;
}

void tp__wire_reader_free(tp__wire_reader *r) { tp__wire_reader_reset(r); }

int tp__wire_parse_request(const tp__wire_reader *r, tp__wire_request *req)
{
    if (!r->is_request || !r->payload)
        return -1;
    request_header h;
    memcpy(&h, r->buf.data, sizeof h);
    const char *p = r->payload;
    req->id = p;
    req->id_len = h.id_len;
    req->text = p + h.id_len;
    req->text_len = (size_t)h.text_len;
    req->meta = req->text + req->text_len;
    req->meta_len = (size_t)h.meta_len;
    req->route.pipeline = h.pipeline;
    req->route.offsets = h.offsets == 0 || h.offsets > 3 ? -1 : (int)h.offsets - 1;
    return (uint64_t)h.id_len + h.text_len + h.meta_len == r->payload_len ? 0 : -1;
}

int tp__wire_next_meta(const tp__wire_request *req, size_t *at, const char **key, size_t *key_len,
                       const char **raw, size_t *raw_len)
{
    if (*at == req->meta_len)
        return 0;
    uint32_t kl, rl;
    if (req->meta_len - *at < 4)
        return -1;
    memcpy(&kl, req->meta + *at, 4);
    if (req->meta_len - *at - 4 < (size_t)kl + 4)
        return -1;
    memcpy(&rl, req->meta + *at + 4 + kl, 4);
    if (req->meta_len - *at - 8 - kl < rl)
        return -1;
    *key = req->meta + *at + 4;
    *key_len = kl;
    *raw = *key + kl + 4;
    *raw_len = rl;
    *at += 8 + (size_t)kl + rl;
    return 1;
}
