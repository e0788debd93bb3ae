/*
 * jsonl.h - reading one JSON Lines input record.
 *
 * A record is a JSON object with "id" (a string, or a number taken as its
 * text) and "text" (a string); any other members are kept verbatim as raw
 * JSON and written back under "meta", so their names and strings must be
 * valid UTF-8 (code "bad_utf8" with the byte offset otherwise; the id and
 * text are checked by the document model, tp__doc_set()).  A UTF-8 byte
 * order mark before the record is skipped: offsets still count it.  The parser is strict RFC 8259, keeps
 * exact string lengths (so a \u0000 in the text is seen, not silently
 * truncated as with a C-string JSON library) and reports errors with a byte
 * offset.  Decoded strings go into the caller's arena: no malloc per record.
 */
#ifndef TP_JSONL_H
#define TP_JSONL_H

#include <stddef.h>

#include "arena.h"

/* Deepest nesting accepted in a meta value. */
#define TP_JSON_MAX_DEPTH 200

typedef struct tp__json_member {
    const char *key; /* decoded */
    const char *raw; /* the value's JSON text inside the line */
    size_t raw_len;
} tp__json_member;

typedef struct tp__jsonl_record {
    const char *id; /* decoded, NUL-terminated; NULL when absent */
    size_t id_len;
    const char *text; /* decoded, NUL-terminated; NULL when absent */
    size_t text_len;
    tp__json_member *meta; /* arena array */
    size_t nmeta;
    const char *title; /* the title field's value (decoded); NULL when absent or not asked for */
    size_t title_len;
} tp__jsonl_record;

/* Which members hold the id, the text and (optionally) a title; NULL
 * means "id", "text" and no title.  Feeds often say guid, body, headline. */
typedef struct tp__jsonl_fields {
    const char *id;
    const char *text;
    const char *title;
} tp__jsonl_fields;

typedef struct tp__json_error {
    size_t offset;    /* byte offset in the line */
    const char *code; /* "bad_json", "bad_utf8", "bad_id", "no_id", "no_text", "bad_text" */
    char message[160];
} tp__json_error;

/* Parses line[0..len).  Returns 0, or -1 with *err filled in.  When the
 * object parsed but id or text is missing or of the wrong kind, returns -1
 * with rec->id still set if it was readable (so the error record can name
 * the document). */
int tp__jsonl_parse(const char *line, size_t len, tp__arena *arena, tp__jsonl_record *rec, tp__json_error *err);

/* The same with other member names for the id and text, and a title
 * (kept in rec->title; it stays among the meta members too). */
int tp__jsonl_parse_fields(const char *line, size_t len, tp__arena *arena, const tp__jsonl_fields *fields,
                           tp__jsonl_record *rec, tp__json_error *err);

/* Parses a JSON object (the meta fields an embedder passes) into its
 * members, as a record's meta.  Returns 0, or -1 with *err. */
int tp__jsonl_parse_object(const char *json, size_t len, tp__arena *arena, tp__json_member **members, size_t *n,
                           tp__json_error *err);

/* Decodes one JSON string literal raw[0..len) (quotes included) into the
 * arena.  Returns NULL when it is not a valid string. */
char *tp__json_decode_string(tp__arena *arena, const char *raw, size_t len, size_t *out_len);

#endif
