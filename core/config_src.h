/*
 * config_src.h - a configuration's text with its @include lines expanded,
 * and where each line came from.
 *
 * libconfig 1.5 (Debian's) resolves every @include against one folder, put
 * in front of absolute paths too, and has no hook to change that.  So the
 * core expands includes itself, as gcc and nginx do:
 *
 *   - `@include "PATH"` stands on a line of its own (blanks and a comment
 *     may follow), outside strings and comments;
 *   - a relative PATH resolves against the folder of the file that holds
 *     the @include line, an absolute one is taken as it is;
 *   - includes nest (at most TP__MAX_INCLUDE_DEPTH deep) but never loop.
 *
 * A file that cannot be included is reported at the including file:line
 * with the path as written and where it was looked for.
 *
 * While copying, every integer literal without a suffix gets libconfig's
 * 64-bit suffix L: libconfig 1.5 silently truncates 5000000000 to 32 bits,
 * while 5000000000L reads exactly.  Line numbers do not change.
 */
#ifndef TP_CONFIG_SRC_H
#define TP_CONFIG_SRC_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define TP__MAX_INCLUDE_DEPTH 16

typedef struct tp__src_line {
    uint32_t file; /* index into files */
    uint32_t line; /* 1-based, in that file */
} tp__src_line;

typedef struct tp__config_src {
    char *text; /* expanded, NUL-terminated */
    size_t len;
    char **files; /* display names; files[0] is the top file */
    char **dirs;  /* absolute folder of each file, for relative paths */
    size_t nfiles;
    tp__src_line *lines; /* lines[k]: where line k + 1 of text came from */
    size_t nlines;
} tp__config_src;

/* Reads `path` (named `path` in messages) and what it includes.  Returns
 * 0, or -1 with the problems in *d (the text is then unusable). */
int tp__config_src_file(tp__config_src *s, const char *path, tp__diags *d);

/* The same for text in memory, named `name`, whose relative includes
 * resolve against `dir`. */
int tp__config_src_string(tp__config_src *s, const char *text, const char *name, const char *dir, tp__diags *d);

/* Where line `line` (1-based) of the expanded text came from: its file's
 * display name, folder and line.  Out of range: the top file, line 0. */
void tp__config_src_where(const tp__config_src *s, int line, const char **file, const char **dir, int *file_line);

void tp__config_src_free(tp__config_src *s);

#endif
