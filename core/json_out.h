/*
 * json_out.h - writing output records (DESIGN §6, fixed).
 *
 *   {"id":…,"pipeline":…,"text":…,"meta":{…},"annotations":{"TYPE":[{"start","end","text",features…}]}}
 *   {"id":…,"pipeline":…,"error":{"stage":…,"code":…,"message":…}}
 *
 * "pipeline" is the short hash of the pipeline that made the record
 * (manifest.h); it is left out when the caller has none.
 *
 * A streaming writer straight into a byte buffer: no JSON tree per record.
 * Offsets are converted from bytes to the requested unit.
 */
#ifndef TP_JSON_OUT_H
#define TP_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "doc_impl.h"
#include "names.h"
#include "utf8.h"

typedef struct tp__write_opts {
    tp__offset_unit offsets;
    bool text;           /* write the document text */
    const bool *visible; /* by type id: write this layer */
    size_t nvisible;
    const tp__names *types;
    const tp__names *feats;
    const char *pipeline; /* the pipeline hash, or NULL */
} tp__write_opts;

/* Appends one record and a newline. */
void tp__json_write_doc(tp__buf *out, tp_doc *doc, const tp__write_opts *o);
void tp__json_write_error(tp__buf *out, const char *id, const char *pipeline, const char *stage, const char *code,
                          const char *message);

/* A JSON string literal for s[0..len) (valid UTF-8). */
void tp__json_put_string(tp__buf *b, const char *s, size_t len);
/* The same for text that may not be valid UTF-8 (ids from file names,
 * messages quoting input): bad bytes become U+FFFD, NUL a space. */
void tp__json_put_lossy(tp__buf *b, const char *s, size_t len);
/* A JSON number; NaN and infinities become null. */
void tp__json_put_double(tp__buf *b, double v);

#endif
