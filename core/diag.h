/*
 * diag.h - collected error messages.
 *
 * Loading a config and its plugins reports every problem at once, compiler
 * style: "FILE:LINE: error: MESSAGE".  Library code adds to a tp__diags and
 * returns a status; the CLI decides how to print.
 */
#ifndef TP_DIAG_H
#define TP_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef struct tp__diag {
    char *file; /* NULL: not tied to a file */
    int line;   /* 0: no line */
    char *msg;
} tp__diag;

typedef struct tp__diags {
    tp__diag *items;
    size_t count;
    size_t cap;
} tp__diags;

void tp__diags_add(tp__diags *d, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* One line per message to `out`, in reading order: grouped by file (in the
 * order files first appear), each file's by line. */
void tp__diags_print(const tp__diags *d, FILE *out);
void tp__diags_free(tp__diags *d);

/* The closest of `candidates[0..n)` to `word` when close enough to be a
 * likely typo, else NULL.  For "did you mean …?".  Close enough: an edit
 * distance (insertions, deletions, substitutions, transpositions) of at
 * most 2, or of a third of the word's length for longer words, and always
 * less than half the word's length. */
const char *tp__suggest(const char *word, const char *const *candidates, size_t n);

#endif
