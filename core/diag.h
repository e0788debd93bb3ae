/*
 * diag.h - diagnostics: the one place a message for a person is given its
 * shape, and the collection that loading a pipeline reports into.
 *
 * Every error, warning and log line textpipe writes about a configuration,
 * a plugin, an option, an input or a document reads, compiler style:
 *
 *     WHERE: [STAGE: ][document ID: ]SEVERITY: MESSAGE
 *
 * WHERE is FILE:LINE (a line of a file), FILE (a file as a whole, or the
 * command-line argument a value came from, such as "--set money.dollar=AUS")
 * or "textpipe" (the program itself).  tp__diag_format() is the only code
 * that builds that shape; everything else calls it.
 *
 * Who reports how:
 *   - loading a config and its plugins (config, includes, options, loader,
 *     stage start-up) adds every problem to a tp__diags with the file and
 *     line of the setting it is about, returns a status, and goes on, so
 *     one run reports all problems; the caller prints them
 *     (tp__diags_print) or hands them on as text (tp__diags_text);
 *   - a helper that cannot know where its input came from (a .la file's
 *     text, a path's permissions) returns -1 or NULL with a malloc'd
 *     reason in `char **why`, which its caller places;
 *   - a document that fails is data, not a diagnostic: a code and a message
 *     that become its error record (pipeline.h's tp__stage_error);
 *   - library code prints nothing except what plugins log (tp_log and
 *     tp_init_log), which goes through tp__diag_print() too.
 */
#ifndef TP_DIAG_H
#define TP_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

/* The same numbers as plugin.h's tp_log_level. */
typedef enum tp__severity { TP__ERROR = 0, TP__WARNING = 1, TP__INFO = 2, TP__DEBUG = 3 } tp__severity;

/* What a diagnostic is about.  Every field may be NULL (or 0). */
typedef struct tp__where {
    const char *file;  /* a file, or a command-line argument; NULL: the program */
    int line;          /* 1-based line of `file`; 0: the file as a whole */
    const char *stage; /* a stage id */
    const char *doc;   /* a document id */
} tp__where;

/* Appends one diagnostic line, newline included, to *b.  `w` may be NULL
 * (the program); `sev` must be a tp__severity. */
void tp__diag_vformat(tp__buf *b, const tp__where *w, tp__severity sev, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
void tp__diag_format(tp__buf *b, const tp__where *w, tp__severity sev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Writes one diagnostic line to `out` with a single write, so that lines of
 * processes sharing stderr (batch workers) do not interleave. */
void tp__diag_print(FILE *out, const tp__where *w, tp__severity sev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void tp__diag_vprint(FILE *out, const tp__where *w, tp__severity sev, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* ---- A collection of errors ------------------------------------------------- */

typedef struct tp__diag {
    char *file; /* NULL: not tied to a file */
    int line;   /* 0: no line */
    char *msg;
} tp__diag;

/* Zero-initialise; free with tp__diags_free(). */
typedef struct tp__diags {
    tp__diag *items;
    size_t count;
    size_t cap;
} tp__diags;

/* Adds an error about `file` (NULL: the program) at `line` (0: none);
 * file is copied. */
void tp__diags_add(tp__diags *d, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void tp__diags_vadd(tp__diags *d, const char *file, int line, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* One line per error to `out`, in reading order: grouped by file (in the
 * order files first appear), each file's by line; equal places keep the
 * order they were added in. */
void tp__diags_print(const tp__diags *d, FILE *out);
/* The same lines as one malloc'd string (caller frees; "" when empty). */
char *tp__diags_text(const tp__diags *d);
void tp__diags_free(tp__diags *d);

/* ---- Did you mean ------------------------------------------------------------ */

/* The closest of `candidates[0..n)` to `word` when close enough to be a
 * likely typo, else NULL.  For "did you mean …?".  Close enough: an edit
 * distance (insertions, deletions, substitutions, transpositions) of at
 * most 2, or of a third of the word's length for longer words, and always
 * less than half the word's length. */
const char *tp__suggest(const char *word, const char *const *candidates, size_t n);

/* " (did you mean \"NEAR\"?)" when tp__suggest() finds a NEAR, else "":
 * written into buf[0..size), which is returned, for a "%s" in a message.
 * TP__DID_YOU_MEAN_SIZE holds any suggestion (candidates over 64 bytes are
 * never suggested). */
#define TP__DID_YOU_MEAN_SIZE 96
const char *tp__did_you_mean(char *buf, size_t size, const char *word, const char *const *candidates, size_t n);

#endif
