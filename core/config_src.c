/*
 * config_src.c - @include expansion for libconfig files (see config_src.h).
 *
 * A small scanner follows libconfig's lexical states - plain text, "strings"
 * (which may span lines), block comments, # and // comments - so that an
 * @include inside a string or a comment is left alone, and integer literals
 * are recognised as tokens (digits inside a name such as stage2 are not).
 */
#include "autoconfig.h"

#include "config_src.h"

#include <errno.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "xalloc.h"

/* Larger configuration files are refused: a mistaken @include of a data
 * file or a device should not be read whole. */
#define MAX_FILE_BYTES ((size_t)16 << 20)

typedef struct expander {
    tp__config_src *s;
    tp__diags *d;
    tp__buf out;
    size_t capfiles;
    size_t caplines;
    char *stack[TP__MAX_INCLUDE_DEPTH + 1]; /* real paths being expanded */
    int depth;
    bool failed;
} expander;

static uint32_t add_file(expander *x, char *display, char *dir)
{
    tp__config_src *s = x->s;
    s->files = tp__xgrow(s->files, &x->capfiles, s->nfiles + 1, sizeof *s->files);
    s->dirs = tp__xrealloc(s->dirs, x->capfiles * sizeof *s->dirs);
    s->files[s->nfiles] = display;
    s->dirs[s->nfiles] = dir;
    return (uint32_t)s->nfiles++;
}

static void end_line(expander *x, uint32_t file, uint32_t line)
{
    tp__config_src *s = x->s;
    tp__buf_putc(&x->out, '\n');
    s->lines = tp__xgrow(s->lines, &x->caplines, s->nlines + 1, sizeof *s->lines);
    s->lines[s->nlines++] = (tp__src_line){file, line};
}

static bool name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '*' ||
           c == '-';
}

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static bool is_hex(unsigned char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/* Copies the number-like token at t[i] and returns its end.  A plain
 * decimal or hexadecimal integer gets the suffix L. */
static size_t copy_number(expander *x, const char *t, size_t n, size_t i)
{
    size_t start = i;
    if (t[i] == '+' || t[i] == '-')
        i++;
    bool hex = i + 1 < n && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X');
    size_t digits = i;
    if (hex) {
        i += 2;
        digits = i;
        while (i < n && is_hex((unsigned char)t[i])) i++;
    } else {
        while (i < n && is_digit((unsigned char)t[i])) i++;
    }
    bool integer = i > digits;
    /* Anything that continues the token (a fraction, an exponent, a suffix,
     * letters) makes it something else: copy it for libconfig to judge. */
    while (i < n && (name_char((unsigned char)t[i]) || t[i] == '.' ||
                     ((t[i] == '+' || t[i] == '-') && (t[i - 1] == 'e' || t[i - 1] == 'E') && !hex))) {
        integer = false;
        i++;
    }
    tp__buf_append(&x->out, t + start, i - start);
    if (integer)
        tp__buf_putc(&x->out, 'L');
    return i;
}

static void expand(expander *x, const char *t, size_t n, uint32_t file);

/* The real path of `path` unless it is on the include stack. */
static bool on_stack(const expander *x, const char *real)
{
    for (int i = 0; i < x->depth; i++)
        if (strcmp(x->stack[i], real) == 0)
            return true;
    return false;
}

static char *dir_of_real(const char *real)
{
    char *copy = tp__xstrdup(real);
    char *d = tp__xstrdup(dirname(copy));
    free(copy);
    return d;
}

static const char *why_unreadable(int e)
{
    switch (e) {
    case EISDIR: return "it is a folder, not a file";
    case EINVAL: return "it is not a regular file";
    case EFBIG: return "it is larger than 16 MiB";
    default: return strerror(e);
    }
}

/* Expands `@include "path"` found on line `line` of file `from`. */
static void include(expander *x, const char *path, uint32_t from, uint32_t line)
{
    const tp__config_src *s = x->s;
    const char *at_file = s->files[from];
    char *looked = path[0] == '/' ? tp__xstrdup(path) : tp__xasprintf("%s/%s", s->dirs[from], path);
    if (x->depth >= TP__MAX_INCLUDE_DEPTH) {
        tp__diags_add(x->d, at_file, (int)line, "@include \"%s\": includes nested more than %d deep", path,
                      TP__MAX_INCLUDE_DEPTH);
        x->failed = true;
        free(looked);
        return;
    }
    if (!*path) {
        tp__diags_add(x->d, at_file, (int)line, "@include \"\": no file named");
        x->failed = true;
        free(looked);
        return;
    }
    char *real = realpath(looked, NULL);
    size_t len = 0;
    char *text = real ? tp__read_file(real, MAX_FILE_BYTES, &len) : NULL;
    if (!text) {
        int e = errno;
        tp__diags_add(x->d, at_file, (int)line, "cannot open include file \"%s\" (looked for %s): %s", path,
                      looked, why_unreadable(e));
        x->failed = true;
        free(real);
        free(looked);
        return;
    }
    free(looked);
    if (on_stack(x, real)) {
        tp__diags_add(x->d, at_file, (int)line, "@include \"%s\": %s includes itself", path, real);
        x->failed = true;
        free(text);
        free(real);
        return;
    }
    uint32_t f = add_file(x, tp__xstrdup(real), dir_of_real(real));
    x->stack[x->depth++] = real;
    expand(x, text, len, f);
    x->depth--;
    free(real);
    free(text);
}

/* Reads the quoted path of an @include at t[i] (just after the word) into
 * *path; returns the index after the closing quote, or 0 when malformed. */
static size_t include_path(const char *t, size_t n, size_t i, char **path)
{
    while (i < n && (t[i] == ' ' || t[i] == '\t')) i++;
    if (i >= n || t[i] != '"')
        return 0;
    tp__buf b = {0};
    for (i++; i < n && t[i] != '"' && t[i] != '\n'; i++) {
        if (t[i] == '\\' && i + 1 < n && (t[i + 1] == '"' || t[i + 1] == '\\'))
            i++;
        tp__buf_putc(&b, t[i]);
    }
    if (i >= n || t[i] != '"') {
        tp__buf_free(&b);
        return 0;
    }
    tp__buf_putc(&b, '\0');
    *path = b.data;
    return i + 1;
}

/* Only blanks and a comment up to the end of the line? */
static bool rest_is_blank(const char *t, size_t n, size_t i)
{
    while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r')) i++;
    if (i >= n || t[i] == '\n' || t[i] == '#' || (t[i] == '/' && i + 1 < n && t[i + 1] == '/'))
        return true;
    return false;
}

enum { PLAIN, STRING, BLOCK };

static void expand(expander *x, const char *t, size_t n, uint32_t file)
{
    uint32_t line = 1;
    int state = PLAIN;
    uint32_t opened = 0;    /* line where the string or comment began */
    bool line_start = true; /* only blanks so far on this line (in PLAIN) */
    size_t i = 0;
    while (i < n) {
        char c = t[i];
        if (c == '\n') {
            end_line(x, file, line++);
            line_start = state == PLAIN;
            i++;
            continue;
        }
        if (state == STRING) {
            if (c == '\\' && i + 1 < n && t[i + 1] != '\n') {
                tp__buf_append(&x->out, t + i, 2);
                i += 2;
                continue;
            }
            if (c == '"')
                state = PLAIN;
            tp__buf_putc(&x->out, c);
            i++;
            continue;
        }
        if (state == BLOCK) {
            if (c == '*' && i + 1 < n && t[i + 1] == '/') {
                tp__buf_append(&x->out, "*/", 2);
                state = PLAIN;
                i += 2;
                continue;
            }
            tp__buf_putc(&x->out, c);
            i++;
            continue;
        }
        /* PLAIN */
        if (c == ' ' || c == '\t' || c == '\r') {
            tp__buf_putc(&x->out, c);
            i++;
            continue;
        }
        if (c == '@' && n - i >= 8 && memcmp(t + i, "@include", 8) == 0) {
            char *path = NULL;
            size_t end = include_path(t, n, i + 8, &path);
            if (!line_start || !end || !rest_is_blank(t, n, end)) {
                tp__diags_add(x->d, x->s->files[file], (int)line,
                              "@include must stand on a line of its own: @include \"FILE\"");
                x->failed = true;
                free(path);
                /* Skip the line; keep counting lines. */
                while (i < n && t[i] != '\n') i++;
                continue;
            }
            include(x, path, file, line);
            free(path);
            /* The included text ended with its own line; this line's rest
             * (blanks or a comment) is dropped and its newline not counted
             * twice. */
            while (i < n && t[i] != '\n') i++;
            if (i < n)
                i++;
            line++;
            line_start = true;
            continue;
        }
        line_start = false;
        if (c == '#' || (c == '/' && i + 1 < n && t[i + 1] == '/')) {
            while (i < n && t[i] != '\n') tp__buf_putc(&x->out, t[i++]);
            continue;
        }
        if (c == '/' && i + 1 < n && t[i + 1] == '*') {
            tp__buf_append(&x->out, "/*", 2);
            state = BLOCK;
            opened = line;
            i += 2;
            continue;
        }
        if (c == '"') {
            tp__buf_putc(&x->out, c);
            state = STRING;
            opened = line;
            i++;
            continue;
        }
        bool token_start = i == 0 || !name_char((unsigned char)t[i - 1]);
        if (token_start && (is_digit((unsigned char)c) ||
                            ((c == '-' || c == '+') && i + 1 < n && is_digit((unsigned char)t[i + 1])))) {
            i = copy_number(x, t, n, i);
            continue;
        }
        if (name_char((unsigned char)c)) {
            /* A whole name, so its digits are not read as a number. */
            while (i < n && name_char((unsigned char)t[i])) tp__buf_putc(&x->out, t[i++]);
            continue;
        }
        tp__buf_putc(&x->out, c);
        i++;
    }
    /* An included file is a unit of its own, as it is for libconfig: a
     * string or comment left open does not run on into the includer. */
    if (state != PLAIN && file != 0) {
        tp__diags_add(x->d, x->s->files[file], (int)opened, "%s not closed by the end of the file",
                      state == STRING ? "string" : "comment");
        x->failed = true;
    }
    end_line(x, file, line);
}

static int run(tp__config_src *s, const char *text, size_t len, char *display, char *dir, const char *real,
               tp__diags *d)
{
    memset(s, 0, sizeof *s);
    expander x = {0};
    x.s = s;
    x.d = d;
    add_file(&x, display, dir);
    if (real)
        x.stack[x.depth++] = (char *)real;
    expand(&x, text, len, 0);
    tp__buf_putc(&x.out, '\0');
    s->text = x.out.data;
    s->len = x.out.len - 1;
    return x.failed ? -1 : 0;
}

int tp__config_src_file(tp__config_src *s, const char *path, tp__diags *d)
{
    memset(s, 0, sizeof *s);
    char *real = realpath(path, NULL);
    size_t len = 0;
    char *text = real ? tp__read_file(real, MAX_FILE_BYTES, &len) : NULL;
    if (!text) {
        tp__diags_add(d, path, 0, "cannot read the configuration: %s", why_unreadable(errno));
        free(real);
        return -1;
    }
    int rc = run(s, text, len, tp__xstrdup(path), dir_of_real(real), real, d);
    free(text);
    free(real);
    return rc;
}

int tp__config_src_string(tp__config_src *s, const char *text, const char *name, const char *dir, tp__diags *d)
{
    return run(s, text, strlen(text), tp__xstrdup(name), tp__xstrdup(dir), NULL, d);
}

void tp__config_src_where(const tp__config_src *s, int line, const char **file, const char **dir, int *file_line)
{
    if (line >= 1 && (size_t)line <= s->nlines) {
        const tp__src_line *l = &s->lines[line - 1];
        *file = s->files[l->file];
        *dir = s->dirs[l->file];
        *file_line = (int)l->line;
        return;
    }
    *file = s->nfiles ? s->files[0] : "";
    *dir = s->nfiles ? s->dirs[0] : ".";
    *file_line = 0;
}

void tp__config_src_free(tp__config_src *s)
{
    free(s->text);
    for (size_t i = 0; i < s->nfiles; i++) {
        free(s->files[i]);
        free(s->dirs[i]);
    }
    free(s->files);
    free(s->dirs);
    free(s->lines);
    memset(s, 0, sizeof *s);
}
