/*
 * input.h - documents from files, directories, JSON Lines and stdin (DESIGN §5).
 *
 *   FILE.txt (or any file)  one document, id = file name without extension
 *   FILE.jsonl              one {"id","text",…} record per line
 *   DIR                     its *.txt regular files, sorted by name, one
 *                           document each; other entries (FIFOs, devices,
 *                           links to them) are skipped with a warning
 *   - (or nothing)          stdin: one text document with id "stdin", or
 *                           JSON Lines with --input jsonl
 *   a FIFO or pipe          a stream, like stdin (for example <(zcat f.gz))
 *   a device                refused (an error item): /dev/zero never ends
 *
 * Every input yields items in order; an item is either a document or an
 * error that will become an error record (an unreadable file, a malformed
 * line, a document over the size limit).  Nothing is skipped silently.
 *
 * Nothing here blocks on a stream: a pipe, FIFO, socket or terminal is
 * read only after the caller has seen it readable (poll), and one read at a
 * time, so a runner can keep answering its workers while a feed is slow.
 */
#ifndef TP_INPUT_H
#define TP_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "doc_impl.h"
#include "jsonl.h"

typedef enum tp__input_format { TP__FMT_AUTO = 0, TP__FMT_TEXT, TP__FMT_JSONL } tp__input_format;

typedef struct tp__input_opts {
    tp__input_format format;
    size_t max_doc_bytes;    /* larger documents become "too_large" errors */
    FILE *warn;              /* warnings (skipped folder entries); NULL: none */
    tp__jsonl_fields fields; /* JSON members for id, text, title (--id-field ...) */
    bool recursive;          /* folders: their subfolders too */
} tp__input_opts;

typedef struct tp__item {
    bool is_error;
    const char *id; /* doc: its id; error: the id if known, else "SOURCE:LINE" */
    size_t id_len;
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

enum {
    TP__INPUT_ITEM = 1,   /* *it holds the next item */
    TP__INPUT_END = 0,    /* no more items */
    TP__INPUT_ERROR = -1, /* a read error on a stream being read (message in it->message) */
    TP__INPUT_AGAIN = 2   /* wait until tp__input_wait_fd() is readable, then call again */
};

/* Fills *it with the next item, decoding into `arena` (the document's, reset
 * by the caller).  Returns TP__INPUT_*. */
int tp__input_next(tp__input *in, tp__arena *arena, tp__item *it);

/* The descriptor to poll for reading when tp__input_next() said AGAIN. */
int tp__input_wait_fd(const tp__input *in);

/* Tells the reader that poll found tp__input_wait_fd() readable (or hung
 * up): the next call may read it once. */
void tp__input_ready(tp__input *in);

/* Bytes consumed so far. */
size_t tp__input_bytes_read(const tp__input *in);

/* An upper bound on the items the inputs hold, known without reading
 * them: each is a plain-text regular file (one document) or a path that
 * cannot be read (one error item); else SIZE_MAX. */
size_t tp__input_max_items(const char *const *paths, size_t n, const tp__input_opts *o);

/* How many items and bytes the inputs hold, for progress: counted ahead
 * only when every input is a regular file or a folder (JSON Lines by their
 * lines); otherwise 0 and 0 (unknown).  Never opens anything else. */
void tp__input_measure(const char *const *paths, size_t n, const tp__input_opts *o, size_t *items, size_t *bytes);

void tp__input_close(tp__input *in);

/* The same reader over bytes in memory, as one stream named `name` (for
 * tests and fuzzing; `data` must outlive the reader). */
tp__input *tp__input_open_mem(const char *data, size_t len, const char *name, const tp__input_opts *o);

#endif
