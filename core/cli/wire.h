/*
 * wire.h - the frames the batch runner and its workers exchange.
 *
 * Parent and worker talk over one pipe each way.  Every message is a frame:
 * a fixed header with a magic number and lengths, then the payload.
 *
 *   request (parent -> worker):  one document: id, text and meta members
 *   answer  (worker -> parent):  a kind and a payload (the finished JSON
 *                                record, or init's error messages)
 *
 * Both sides build frames with the put functions.  The parent reads answers
 * without blocking, a few bytes at a time if need be, through a
 * tp__wire_reader; the worker reads requests with blocking reads through the
 * same reader.  A frame that is malformed (wrong magic, absurd length) means
 * the other side is broken: the reader reports it and the caller replaces
 * that process.
 */
#ifndef TP_WIRE_H
#define TP_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "jsonl.h"

/* Kinds of answer. */
enum {
    TP__ANSWER_RECORD = 0,      /* a result record */
    TP__ANSWER_ERROR = 1,       /* an error record */
    TP__ANSWER_READY = 2,       /* the worker's stages have started */
    TP__ANSWER_INIT_FAILED = 3, /* payload: the stages' error messages */
    TP__ANSWER_TIMES = 4,       /* before a record or error, when the worker was asked
                                   for them (tp__worker_cfg.stage_times): one double
                                   per stage of the request's pipeline, seconds */
};

/* The largest payload a frame may announce: a document of the largest size
 * accepted (TP_DOC_MAX_BYTES) with its record can be several times the
 * text; anything beyond this is corruption. */
#define TP__WIRE_MAX_PAYLOAD ((uint64_t)1 << 34)

/* Appends a request frame for one document to `out`. */
void tp__wire_put_request(tp__buf *out, const char *id, const char *text, size_t len, const tp__json_member *meta,
                          size_t nmeta);

/* Where a request goes inside a worker that holds several pipelines
 * (textpipe serve): which one, and the offsets unit its record uses.  The
 * batch runner's requests carry the zero route: pipeline 0, the worker's
 * own unit. */
typedef struct tp__wire_route {
    uint32_t pipeline;
    int offsets; /* a tp__offset_unit, or -1: the worker's default */
} tp__wire_route;

/* The same with a route. */
void tp__wire_put_routed_request(tp__buf *out, const tp__wire_route *route, const char *id, const char *text,
                                 size_t len, const tp__json_member *meta, size_t nmeta);

/* Appends an answer frame. */
void tp__wire_put_answer(tp__buf *out, uint32_t kind, const char *data, size_t len);

/* A frame being received.  Zero-initialise; tp__wire_reader_free() at the
 * end.  After a complete frame, `kind` and `payload`/`payload_len` describe
 * it until the next call. */
typedef struct tp__wire_reader {
    tp__buf buf;     /* header and payload of the frame being read */
    size_t want;     /* bytes the current frame needs in all */
    bool is_request; /* which magic to expect */
    uint32_t kind;   /* answers */
    const char *payload;
    size_t payload_len;
} tp__wire_reader;

enum {
    TP__WIRE_FRAME = 1,  /* a complete frame is ready */
    TP__WIRE_AGAIN = 0,  /* no complete frame yet (the descriptor would block) */
    TP__WIRE_EOF = -1,   /* end of file before a frame started */
    TP__WIRE_BROKEN = -2 /* end of file inside a frame, a read error, or a malformed frame */
};

/* Reads from `fd` until one frame is complete or reading would block (on a
 * non-blocking descriptor; a blocking one waits).  Returns TP__WIRE_*.
 * Never reads past the end of the current frame, so the next frame stays
 * in the pipe. */
int tp__wire_read(tp__wire_reader *r, int fd);

/* Feeds bytes that are already in memory (for tests and fuzzing): consumes
 * at most one frame's worth of data[0..len) and returns how many bytes it
 * took in *used, with TP__WIRE_FRAME, TP__WIRE_AGAIN or TP__WIRE_BROKEN. */
int tp__wire_feed(tp__wire_reader *r, const char *data, size_t len, size_t *used);

/* Bytes of the current frame received so far (0 between frames). */
size_t tp__wire_pending(const tp__wire_reader *r);

/* Forgets any partial frame; releases a large buffer. */
void tp__wire_reader_reset(tp__wire_reader *r);
void tp__wire_reader_free(tp__wire_reader *r);

/* A request's parts, pointing into the reader's payload (valid until the
 * next read).  Meta members are (key, raw JSON) pairs in order. */
typedef struct tp__wire_request {
    const char *id;
    size_t id_len;
    const char *text;
    size_t text_len;
    const char *meta; /* encoded members; walk with tp__wire_next_meta */
    size_t meta_len;
    tp__wire_route route;
} tp__wire_request;

/* Splits a complete request frame.  Returns 0, or -1 when its lengths do
 * not add up. */
int tp__wire_parse_request(const tp__wire_reader *r, tp__wire_request *req);

/* Walks the meta members of a request: `*at` starts at 0.  Returns 1 with
 * the member's key and raw value, 0 at the end, -1 when malformed. */
int tp__wire_next_meta(const tp__wire_request *req, size_t *at, const char **key, size_t *key_len,
                       const char **raw, size_t *raw_len);

#endif
