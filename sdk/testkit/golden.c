/*
 * golden.c - tpk_assert_json_equals_file(): a document's JSON against a
 * golden file, compared as parsed JSON (cJSON), reporting the first place
 * where they differ.
 */
#include "autoconfig.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <textpipe/testkit.h>

#include "buf.h"
#include "testkit_internal.h"
#include "xalloc.h"

/* A relative golden path is relative to $srcdir when make check set it. */
static char *resolve(const char *path)
{
    const char *src = getenv("srcdir");
    if (path[0] == '/' || !src || !*src)
        return tp__xstrdup(path);
    return tp__xasprintf("%s/%s", src, path);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    tp__buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) tp__buf_append(&b, chunk, n);
    fclose(f);
    tp__buf_putc(&b, '\0');
    *len = b.len - 1;
    return b.data;
}

/* cJSON_Print() indents with tabs and writes "key":<tab>value; golden files
 * read better with two spaces and "key": value.  Raw tabs occur only as
 * layout (a tab inside a string is written \t). */
static char *tidy(const char *s)
{
    tp__buf b = {0};
    for (const char *p = s; *p; p++) {
        if (*p != '\t')
            tp__buf_putc(&b, *p);
        else if (p > s && p[-1] == ':')
            tp__buf_putc(&b, ' ');
        else
            tp__buf_puts(&b, "  ");
    }
    tp__buf_putc(&b, '\0');
    return b.data;
}

static int write_file(const char *path, const char *raw)
{
    char *text = tidy(raw);
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(text);
        return -1;
    }
    int ok = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    free(text);
    return fclose(f) == 0 && ok ? 0 : -1;
}

static const char *kind(const cJSON *v)
{
    if (cJSON_IsObject(v))
        return "an object";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    return "invalid";
}

/* Short JSON text of v for messages. */
static void show(const cJSON *v, char *out, size_t cap)
{
    char *s = cJSON_PrintUnformatted(v);
    if (!s) {
        snprintf(out, cap, "?");
        return;
    }
    if (strlen(s) > 120)
        snprintf(out, cap, "%.117s...", s);
    else
        snprintf(out, cap, "%s", s);
    cJSON_free(s);
}

static int numbers_equal(double a, double b)
{
    if (a == b)
        return 1;
    double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= 1e-12 * scale;
}

/* The path so far as a string ("(top)" when empty).  Valid until the
 * path grows. */
static const char *at(tp__buf *path)
{
    if (!path->len)
        return "(top)";
    tp__buf_putc(path, '\0');
    path->len--;
    return path->data;
}

/* Appends the first difference between want and have under `path` to
 * *why; returns 1 when they are equal. */
static int diff(const cJSON *want, const cJSON *have, tp__buf *path, tp__buf *why)
{
    char a[160], b[160];
    size_t mark = path->len;
    if (strcmp(kind(want), kind(have)) != 0) {
        show(want, a, sizeof a);
        show(have, b, sizeof b);
        tp__buf_printf(why, "at %s: expected %s %s, got %s %s", at(path), kind(want), a, kind(have), b);
        return 0;
    }
    if (cJSON_IsNumber(want)) {
        if (numbers_equal(want->valuedouble, have->valuedouble))
            return 1;
    } else if (cJSON_IsString(want)) {
        if (strcmp(want->valuestring, have->valuestring) == 0)
            return 1;
    } else if (cJSON_IsBool(want)) {
        if (cJSON_IsTrue(want) == cJSON_IsTrue(have))
            return 1;
    } else if (cJSON_IsNull(want)) {
        return 1;
    } else if (cJSON_IsArray(want)) {
        int nw = cJSON_GetArraySize(want), nh = cJSON_GetArraySize(have);
        for (int i = 0; i < nw && i < nh; i++) {
            tp__buf_printf(path, "[%d]", i);
            int eq = diff(cJSON_GetArrayItem(want, i), cJSON_GetArrayItem(have, i), path, why);
            path->len = mark;
            if (!eq)
                return 0;
        }
        if (nw == nh)
            return 1;
        const cJSON *extra = cJSON_GetArrayItem(nw > nh ? want : have, nw < nh ? nw : nh);
        show(extra, a, sizeof a);
        tp__buf_printf(why, "at %s: expected %d item%s, got %d (first %s: %s)", at(path), nw, nw == 1 ? "" : "s",
                       nh, nw > nh ? "missing" : "extra", a);
        return 0;
    } else if (cJSON_IsObject(want)) {
        for (const cJSON *w = want->child; w; w = w->next) {
            const cJSON *h = cJSON_GetObjectItemCaseSensitive(have, w->string);
            if (!h) {
                show(w, a, sizeof a);
                if (path->len)
                    tp__buf_printf(why, "at %s.%s: missing (expected %s)", at(path), w->string, a);
                else
                    tp__buf_printf(why, "at %s: missing (expected %s)", w->string, a);
                return 0;
            }
            tp__buf_printf(path, "%s%s", path->len ? "." : "", w->string);
            int eq = diff(w, h, path, why);
            path->len = mark;
            if (!eq)
                return 0;
        }
        for (const cJSON *h = have->child; h; h = h->next)
            if (!cJSON_GetObjectItemCaseSensitive(want, h->string)) {
                show(h, b, sizeof b);
                if (path->len)
                    tp__buf_printf(why, "at %s.%s: not expected, got %s", at(path), h->string, b);
                else
                    tp__buf_printf(why, "at %s: not expected, got %s", h->string, b);
                return 0;
            }
        return 1;
    }
    show(want, a, sizeof a);
    show(have, b, sizeof b);
    tp__buf_printf(why, "at %s: expected %s, got %s", at(path), a, b);
    return 0;
}

void tpk__assert_json_equals_file(tpk_doc *doc, const char *path, const char *file, int line)
{
    const char *json = tpk_json(doc);
    cJSON *have = cJSON_Parse(json);
    if (!have)
        tpk__fail_at(file, line, "the document's own JSON does not parse (a textpipe bug): %.200s", json);
    char *full = resolve(path);
    const char *update = getenv("TPK_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        char *pretty = cJSON_Print(have);
        cJSON_Delete(have);
        int rc = write_file(full, pretty);
        cJSON_free(pretty);
        if (rc != 0) {
            char m[600];
            snprintf(m, sizeof m, "TPK_UPDATE_GOLDEN: cannot write %s: %s", full, strerror(errno));
            free(full);
            tpk__fail_at(file, line, "%s", m);
        }
        fprintf(stderr, "%s:%d: note: wrote %s (TPK_UPDATE_GOLDEN=1)\n", file, line, full);
        free(full);
        return;
    }
    size_t len;
    char *text = read_file(full, &len);
    if (!text) {
        char m[700];
        snprintf(m, sizeof m, "cannot read golden file %s: %s (TPK_UPDATE_GOLDEN=1 writes it)", full, strerror(errno));
        cJSON_Delete(have);
        free(full);
        tpk__fail_at(file, line, "%s", m);
    }
    cJSON *want = cJSON_ParseWithLength(text, len);
    free(text);
    if (!want) {
        char m[600];
        snprintf(m, sizeof m, "golden file %s is not valid JSON", full);
        cJSON_Delete(have);
        free(full);
        tpk__fail_at(file, line, "%s", m);
    }
    tp__buf p = {0}, why = {0};
    int eq = diff(want, have, &p, &why);
    cJSON_Delete(want);
    if (eq) {
        cJSON_Delete(have);
        tp__buf_free(&p);
        tp__buf_free(&why);
        free(full);
        return;
    }
    /* Leave the actual output beside the build for a diff. */
    const char *base = strrchr(path, '/');
    char *actual = tp__xasprintf("%s.actual", base ? base + 1 : path);
    char *pretty = cJSON_Print(have);
    cJSON_Delete(have);
    int wrote = write_file(actual, pretty) == 0;
    cJSON_free(pretty);
    tp__buf_putc(&why, '\0');
    char m[1500];
    snprintf(m, sizeof m, "output differs from %s %s%s%s", full, why.data, wrote ? "; actual output in " : "",
             wrote ? actual : "");
    tp__buf_free(&p);
    tp__buf_free(&why);
    free(actual);
    free(full);
    tpk__fail_at(file, line, "%s", m);
}
