/*
 * view/record.h - the records the page is made of, read from JSON Lines.
 *
 * A record is one line holding a JSON object (DESIGN §6): "id", "text",
 * "annotations" (layer name -> array of spans), "meta", or "error" for a
 * document that failed.  The viewer reads whatever it is given - its input
 * may be hand-edited, truncated or hostile - so nothing here fails on a
 * record's content: a line that is not a JSON object becomes an unreadable
 * record, a member of the wrong type reads as absent.
 */
#ifndef TP_VIEW_RECORD_H
#define TP_VIEW_RECORD_H

#include <cjson/cJSON.h>
#include <stdio.h>

/* Reads the lines of one stream. */
typedef struct tp__view_reader {
    FILE *f;          /* borrowed */
    const char *name; /* borrowed; names the stream in messages */
    char *line;       /* the current line (owned; tp__view_reader_free()) */
    size_t cap;
    size_t lineno; /* of the current line, from 1; blank lines count */
} tp__view_reader;

/* Starts reading f (from its current position) as `name`, line 1. */
void tp__view_reader_start(tp__view_reader *rd, FILE *f, const char *name);

/* Moves to the next line that is not blank (blank: nothing but spaces and
 * tabs before the line ending, the run of LF and CR bytes at its end):
 * returns 1 with the line in rd->line[0..*len), line ending left out (the
 * buffer is not NUL-terminated there); 0 at the end of the stream; -1 when
 * the stream cannot be read (errno may say why). */
int tp__view_reader_next(tp__view_reader *rd, size_t *len);

/* Frees the line buffer; the stream is the caller's. */
void tp__view_reader_free(tp__view_reader *rd);

typedef struct tp__view_rec {
    cJSON *j;           /* the object (owned); NULL: an unreadable line */
    const char *id;     /* "id" when a string, else NULL */
    const cJSON *error; /* "error" of any type: an error record; else NULL */
    const cJSON *text;  /* "text" when a string, else NULL */
    const cJSON *ann;   /* "annotations" when an object, else NULL */
    const cJSON *meta;  /* "meta" when an object, else NULL */
    char why[200];      /* an unreadable line: "line N of NAME is not a JSON object" */
} tp__view_rec;

/* Parses line[0..len), the line rd has just read (for the message of an
 * unreadable line).  The pointers borrow from r->j. */
void tp__view_rec_parse(tp__view_rec *r, const tp__view_reader *rd, const char *line, size_t len);

/* Frees r->j (the other members point into it). */
void tp__view_rec_free(tp__view_rec *r);

#endif
