/* diag.c - the diagnostic line, error collection and did-you-mean suggestions (see diag.h). */
#include "autoconfig.h"

#include "diag.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const char *const severity_names[] = {"error", "warning", "info", "debug"};

void tp__diag_vformat(tp__buf *b, const tp__where *w, tp__severity sev, const char *fmt, va_list ap)
{
    assert((unsigned)sev < sizeof severity_names / sizeof *severity_names);
    static const tp__where nowhere = {0};
    if (!w)
        w = &nowhere;
    if (w->file && w->line > 0)
        tp__buf_printf(b, "%s:%d: ", w->file, w->line);
    else
        tp__buf_printf(b, "%s: ", w->file ? w->file : "textpipe");
    if (w->stage)
        tp__buf_printf(b, "%s: ", w->stage);
    if (w->doc)
        tp__buf_printf(b, "document %s: ", w->doc);
    tp__buf_printf(b, "%s: ", severity_names[sev]);
    tp__buf_vprintf(b, fmt, ap);
    tp__buf_putc(b, '\n');
}

void tp__diag_format(tp__buf *b, const tp__where *w, tp__severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tp__diag_vformat(b, w, sev, fmt, ap);
    va_end(ap);
}

void tp__diag_vprint(FILE *out, const tp__where *w, tp__severity sev, const char *fmt, va_list ap)
{
    assert(out);
    tp__buf b = {0};
    tp__diag_vformat(&b, w, sev, fmt, ap);
    fwrite(b.data, 1, b.len, out);
    fflush(out);
    tp__buf_free(&b);
}

void tp__diag_print(FILE *out, const tp__where *w, tp__severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tp__diag_vprint(out, w, sev, fmt, ap);
    va_end(ap);
}

void tp__diags_vadd(tp__diags *d, const char *file, int line, const char *fmt, va_list ap)
{
    assert(d && fmt);
    d->items = tp__xgrow(d->items, &d->cap, d->count + 1, sizeof *d->items);
    tp__buf msg = {0};
    tp__buf_vprintf(&msg, fmt, ap);
    tp__buf_putc(&msg, '\0');
    d->items[d->count++] = (tp__diag){file ? tp__xstrdup(file) : NULL, line, msg.data};
}

void tp__diags_add(tp__diags *d, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tp__diags_vadd(d, file, line, fmt, ap);
    va_end(ap);
}

typedef struct diag_key {
    size_t rank; /* order in which its file first appears */
    int line;
    size_t index;
} diag_key;

static int cmp_key(const void *a, const void *b)
{
    const diag_key *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static bool same_file(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* Appends every error to *b, in reading order: by file (first seen first),
 * then by line; the checks that found them ran in their own order. */
static void diags_format(const tp__diags *d, tp__buf *b)
{
    diag_key *keys = tp__xcalloc(d->count ? d->count : 1, sizeof *keys);
    const char **files = tp__xcalloc(d->count ? d->count : 1, sizeof *files); /* distinct, by rank */
    size_t nfiles = 0;
    for (size_t i = 0; i < d->count; i++) {
        size_t rank = 0;
        while (rank < nfiles && !same_file(files[rank], d->items[i].file)) rank++;
        if (rank == nfiles)
            files[nfiles++] = d->items[i].file;
        keys[i] = (diag_key){rank, d->items[i].line, i};
    }
    free(files);
    qsort(keys, d->count, sizeof *keys, cmp_key);
    for (size_t k = 0; k < d->count; k++) {
        const tp__diag *g = &d->items[keys[k].index];
        tp__diag_format(b, &(tp__where){.file = g->file, .line = g->line}, TP__ERROR, "%s", g->msg);
    }
    free(keys);
}

void tp__diags_print(const tp__diags *d, FILE *out)
{
    tp__buf b = {0};
    diags_format(d, &b);
    if (b.len)
        fwrite(b.data, 1, b.len, out);
    fflush(out);
    tp__buf_free(&b);
}

char *tp__diags_text(const tp__diags *d)
{
    tp__buf b = {0};
    diags_format(d, &b);
    tp__buf_putc(&b, '\0');
    return b.data;
}

void tp__diags_free(tp__diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].msg);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}

/* Optimal string alignment distance (Levenshtein with transpositions). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t d[65][65];
    for (size_t i = 0; i <= la; i++) d[i][0] = i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

const char *tp__suggest(const char *word, const char *const *candidates, size_t n)
{
    /* Close enough: two edits, or a third of the word's length. */
    const char *best = NULL;
    size_t wl = strlen(word);
    size_t limit = wl / 3 > 2 ? wl / 3 : 2;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(word, candidates[i]);
        if (dist < best_d && dist * 2 < (wl > 1 ? wl : 2)) {
            best_d = dist;
            best = candidates[i];
        }
    }
    return best;
}

const char *tp__did_you_mean(char *buf, size_t size, const char *word, const char *const *candidates, size_t n)
{
    assert(buf && size > 0);
    const char *near = tp__suggest(word, candidates, n);
    if (near)
        snprintf(buf, size, " (did you mean \"%s\"?)", near);
    else
        buf[0] = '\0';
    return buf;
}
