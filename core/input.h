/*
 * input.h - documents from files, directories, JSON Lines and stdin (DESIGN §5).
 *
 *   FILE.txt (or any file)  one document, id = file name without extension
 *   FILE.jsonl              one {"id","text",…} record per line
 *   DIR                     its *.txt files, sorted by name, one document each
 *   - (or nothing)          stdin: one text document with id "stdin", or
 *                           JSON Lines with --input jsonl
 *
 * Every input yields items in order; an item is either a document or an
 * error that will become an error record (an unreadable file, a malformed
 * line, a document over the size limit).  Nothing is skipped silently.
 */
#ifndef TP_INPUT_H
#define TP_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "doc_impl.h"
#include "jsonl.h"

typedef enum tp__input_format { TP__FMT_AUTO = 0, TP__FMT_TEXT, TP__FMT_JSONL } tp__input_format;

typedef struct tp__input_opts {
    tp__input_format format;
    size_t max_doc_bytes; /* larger documents become "too_large" errors */
} tp__input_opts;

typedef struct tp__item {
    bool is_error;
    const char *id; /* doc: its id; error: the id if known, else "SOURCE:LINE" */
    const char *text;
    size_t len;
    const tp__json_member *meta;
    size_t nmeta;
    const char *code; /* error code */
    char message[320];
    const char *where; /* "FILE:LINE", "FILE" or "stdin", for messages */
} tp__item;

typedef struct tp__input tp__input;

/* `paths` may be empty (stdin).  Never fails: problems with a path surface
 * as error items when its turn comes. */
tp__input *tp__input_open(const char *const *paths, size_t n, const tp__input_opts *o);

/* Fills *it with the next item, decoding into `arena` (the document's, reset
 * by the caller).  Returns 1 for an item, 0 at the end, -1 on a read error
 * of a stream already being read (message in it->message). */
int tp__input_next(tp__input *in, tp__arena *arena, tp__item *it);

/* The descriptor to wait on before the next tp__input_next() when that call
 * would block (a pipe or terminal with no complete line buffered), else -1.
 * Lets a caller stream: keep answering while waiting for input. */
int tp__input_wait_fd(const tp__input *in);

/* Bytes consumed so far. */
size_t tp__input_bytes_read(const tp__input *in);

/* How many items and bytes the inputs hold, counted ahead (JSON Lines by
 * their lines) for progress; 0 items when unknown (stdin). */
void tp__input_measure(const char *const *paths, size_t n, const tp__input_opts *o, size_t *items,
                       size_t *bytes);

void tp__input_close(tp__input *in);

#endif
