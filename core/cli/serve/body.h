/*
 * body.h - what a POST /v1/annotate body holds.
 *
 *   application/json       one document: the members of a JSON Lines input
 *                          line ({"id","text",...}; others kept as meta);
 *                          spaces and newlines between tokens are fine
 *   text/plain             the text itself (charset UTF-8); the id from
 *                          ?id=, else "doc"
 *   application/x-ndjson   a batch: one JSON document per line, read as
 *   (or application/jsonl) `textpipe run` reads a .jsonl file (input.h)
 *
 * A body without a Content-Type, or with curl's default form type, is
 * JSON when its first non-space byte is '{', else text.  A problem with a
 * single document is an HTTP error with a byte offset where there is one;
 * a batch's bad lines become error records in place, as in a batch run.
 */
#ifndef TP_SERVE_BODY_H
#define TP_SERVE_BODY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "jsonl.h"

typedef enum tp__body_kind {
    TP__BODY_JSON,
    TP__BODY_TEXT,
    TP__BODY_NDJSON,
    TP__BODY_SNIFF,      /* no type, or a form type: look at the first byte */
    TP__BODY_UNSUPPORTED /* 415 */
} tp__body_kind;

/* The kind a Content-Type header value (NULL: none) names. */
tp__body_kind tp__body_kind_of(const char *content_type);

/* An HTTP error for a body: status, code, message and where. */
typedef struct tp__body_error {
    int status;       /* 400, 413, 415 */
    const char *code; /* "bad_json", "bad_utf8", "nul_byte", "no_id", ... */
    bool has_offset;
    size_t offset; /* byte offset in the body (in the decoded text for nul_byte) */
    char message[320];
} tp__body_error;

typedef struct tp__body_doc {
    const char *id;
    size_t id_len;
    const char *text;
    size_t text_len;
    const tp__json_member *meta;
    size_t nmeta;
} tp__body_doc;

/* Reads one document from body[0..len) of kind JSON, TEXT or SNIFF
 * (decoded strings go into `arena`).  `id` is the ?id= value or NULL.
 * Returns 0, or -1 with *err. */
int tp__body_parse_one(const char *body, size_t len, tp__body_kind kind, const char *id, tp__arena *arena,
                       tp__body_doc *doc, tp__body_error *err);

#endif
