/*
 * testkit.c - libtextpipe-testkit: stages, documents and assertions for
 * plugin unit tests (see textpipe/testkit.h).
 *
 * A tpk_stage is a tp_pipeline built from a one-line config, exactly as
 * `textpipe run -c` would build it: the same loader (ABI check, option
 * table, stage order), so a test sees the messages a user would.  A tpk_doc
 * wraps one tp_doc of that pipeline.  The public header speaks code points;
 * the document model speaks bytes: the conversions are here.
 *
 * The testkit uses only libtextpipe's public API (textpipe/embed.h for
 * pipelines, textpipe/doc.h for documents): it is an embedder like any
 * other.  buf.c and xalloc.c are compiled into it, not borrowed.
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <textpipe/embed.h>
#include <textpipe/testkit.h>

#include "buf.h"
#include "testkit_internal.h"
#include "xalloc.h"

struct tpk_stage {
    tp_pipeline *p;
    tpk_doc *docs; /* every live document of this stage */
};

struct tpk_doc {
    tpk_stage *stage;
    tpk_doc *prev, *next;
    tp_doc *doc;
    int processed;
    char *error_code; /* malloc'd; NULL when the document did not fail */
    char *error_message;
    char *json;
};

/* ---- Failing the running test -------------------------------------------- */

_Noreturn void tpk__fail_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    print_error("%s:%d: %s\n", file, line, msg ? msg : "(out of memory)");
    free(msg);
    _fail(file, line);
    /* cmocka leaves the test (or exits) from _fail(); this is only for the
     * compiler. */
    abort();
}

/* ---- Offsets ------------------------------------------------------------- */

/* The byte offset of code point `cp` in s[0..len), or (size_t)-1 when the
 * text has fewer code points. */
static size_t cp_to_byte(const char *s, size_t len, size_t cp)
{
    size_t b = 0;
    for (size_t n = 0; n < cp; n++) {
        if (b >= len)
            return (size_t)-1;
        b++;
        while (b < len && ((unsigned char)s[b] & 0xC0) == 0x80) b++;
    }
    return b;
}

static size_t byte_to_cp(const char *s, size_t b)
{
    size_t cp = 0;
    for (size_t i = 0; i < b; i++) cp += ((unsigned char)s[i] & 0xC0) != 0x80;
    return cp;
}

/* ---- Stages -------------------------------------------------------------- */

/* Relative paths in options resolve against $srcdir (make check), else the
 * current directory. */
static char *base_dir(void)
{
    const char *src = getenv("srcdir");
    char *abs = realpath(src && *src ? src : ".", NULL);
    return abs ? abs : tp__xstrdup(".");
}

/* Builds and starts a pipeline from config text.  Returns it, or NULL with
 * the messages in *msgs (malloc'd). */
static tp_pipeline *build(const char *config, const char *name, const char *plugin_dir, char **msgs)
{
    char *dir = base_dir();
    const char *dirs[1] = {plugin_dir};
    tp_pipeline_spec spec = {
        .struct_size = sizeof spec,
        .config_text = config,
        .config_name = name,
        .config_dir = dir,
        .plugin_dirs = plugin_dir ? dirs : NULL,
        .nplugin_dirs = plugin_dir ? 1 : 0,
        .flags = plugin_dir ? TP_PIPELINE_NO_ENV | TP_PIPELINE_NO_INSTALLED : 0,
    };
    char *errors = NULL;
    tp_pipeline *p = tp_pipeline_open(&spec, &errors);
    free(dir);
    *msgs = NULL;
    if (!p)
        *msgs = errors && *errors ? errors
                                  : (free(errors), tp__xstrdup("error: the pipeline did not load (no message)\n"));
    else
        free(errors);
    return p;
}

static char *stage_config(const char *plugin, const char *options)
{
    /* One line, so an error in the options reports the line within them. */
    return tp__xasprintf("stages = ( { plugin = \"%s\"; options = { %s }; } );", plugin, options ? options : "");
}

static tpk_stage *wrap(tp_pipeline *p)
{
    tpk_stage *s = tp__xcalloc(1, sizeof *s);
    s->p = p;
    return s;
}

/* build() for a one-stage pipeline of `plugin` with `options`. */
static tp_pipeline *build_stage(const char *plugin, const char *options, const char *plugin_dir, char **msgs)
{
    char *cfg = stage_config(plugin, options);
    char *name = tp__xasprintf("options of %s", plugin);
    tp_pipeline *p = build(cfg, name, plugin_dir, msgs);
    free(cfg);
    free(name);
    return p;
}

tpk_stage *tpk__stage_new(const char *plugin, const char *options, const char *plugin_dir, const char *file, int line)
{
    if (!plugin)
        tpk__fail_at(file, line, "tpk_stage_new: plugin name is NULL");
    char *msgs;
    tp_pipeline *p = build_stage(plugin, options, plugin_dir, &msgs);
    if (!p) {
        /* Copy the message to the stack: the failure never returns. */
        char m[4096];
        snprintf(m, sizeof m, "%s", msgs);
        free(msgs);
        tpk__fail_at(file, line, "cannot load and start plugin \"%s\"%s%s:\n%s", plugin,
                     plugin_dir ? " from " : "", plugin_dir ? plugin_dir : "", m);
    }
    return wrap(p);
}

tpk_stage *tpk__pipeline_new(const char *config, const char *plugin_dir, const char *file, int line)
{
    if (!config)
        tpk__fail_at(file, line, "tpk_pipeline_new: config is NULL");
    char *msgs;
    tp_pipeline *p = build(config, "test pipeline", plugin_dir, &msgs);
    if (!p) {
        char m[4096];
        snprintf(m, sizeof m, "%s", msgs);
        free(msgs);
        tpk__fail_at(file, line, "cannot load and start the pipeline:\n%s", m);
    }
    return wrap(p);
}

char *tpk__stage_error(const char *plugin, const char *options, const char *plugin_dir, const char *file, int line)
{
    if (!plugin)
        tpk__fail_at(file, line, "tpk_stage_error: plugin name is NULL");
    char *msgs;
    tp_pipeline *p = build_stage(plugin, options, plugin_dir, &msgs);
    if (p) {
        tp_pipeline_close(p);
        tpk__fail_at(file, line,
                     "plugin \"%s\" with options { %s } loaded and started, but the test "
                     "expected an error",
                     plugin, options ? options : "");
    }
    return msgs;
}

void tpk_stage_free(tpk_stage *s)
{
    if (!s)
        return;
    while (s->docs) tpk_doc_free(s->docs);
    tp_pipeline_close(s->p);
    free(s);
}

/* ---- Documents ----------------------------------------------------------- */

tpk_doc *tpk__doc_new(tpk_stage *s, const char *id, const char *text, const char *file, int line)
{
    if (!s || !text)
        tpk__fail_at(file, line, "tpk_doc_new: %s is NULL", s ? "text" : "stage");
    if (!id)
        id = "test";
    tpk_doc *d = tp__xcalloc(1, sizeof *d);
    d->stage = s;
    d->doc = tp_pipeline_new_doc(s->p);
    tp_doc_error why;
    if (tp_pipeline_set_doc(s->p, d->doc, id, text, strlen(text), NULL, 0, &why) != 0) {
        char m[200];
        snprintf(m, sizeof m, "%s (%s)", why.message, why.code);
        tp_doc_free(d->doc);
        free(d);
        tpk__fail_at(file, line, "the test document is not a valid textpipe document: %s", m);
    }
    d->next = s->docs;
    if (s->docs)
        s->docs->prev = d;
    s->docs = d;
    return d;
}

void tpk_doc_free(tpk_doc *d)
{
    if (!d)
        return;
    if (d->prev)
        d->prev->next = d->next;
    else
        d->stage->docs = d->next;
    if (d->next)
        d->next->prev = d->prev;
    tp_doc_free(d->doc);
    free(d->error_code);
    free(d->error_message);
    free(d->json);
    free(d);
}

size_t tpk__doc_add_span(tpk_doc *d, const char *type, size_t start, size_t end, const char *file, int line)
{
    if (d->processed)
        tpk__fail_at(file, line, "tpk_doc_add_span: the document was already processed");
    size_t len;
    const char *text = tp_doc_text(d->doc, &len);
    size_t b = cp_to_byte(text, len, start), e = cp_to_byte(text, len, end);
    if (b == (size_t)-1 || e == (size_t)-1 || start > end)
        tpk__fail_at(file, line, "tpk_doc_add_span: [%zu, %zu) is not a span of a text of %zu code points", start,
                     end, byte_to_cp(text, len));
    /* The document's type table is the pipeline's, owned (and writable)
     * there; the document only holds it const. */
    tp_type t = tp_pipeline_add_type(d->stage->p, type);
    size_t i = tp_doc_add_span(d->doc, t, b, e);
    const char *bad = tp_doc_settle(d->doc);
    if (i == TP_NO_SPAN || bad)
        tpk__fail_at(file, line, "tpk_doc_add_span: %s", bad ? bad : "span refused");
    /* The index a later tpk_doc_set_str() names is the one in the sorted
     * layer. */
    return (size_t)tpk_find_span(d, type, start, end);
}

void tpk__doc_set_str(tpk_doc *d, const char *type, size_t index, const char *feat, const char *value,
                      const char *file, int line)
{
    if (d->processed)
        tpk__fail_at(file, line, "tpk_doc_set_str: the document was already processed");
    tp_type t = tp_pipeline_type(d->stage->p, type);
    size_t n = 0;
    if (t)
        tp_doc_spans(d->doc, t, &n);
    if (index >= n)
        tpk__fail_at(file, line, "tpk_doc_set_str: layer \"%s\" has no span %zu (it has %zu)", type, index, n);
    tp_feat f = tp_pipeline_add_feat(d->stage->p, feat);
    tp_span_set_str(d->doc, t, index, f, value, strlen(value));
    const char *bad = tp_doc_settle(d->doc);
    if (bad)
        tpk__fail_at(file, line, "tpk_doc_set_str: %s", bad);
}

int tpk_process(tpk_doc *d)
{
    if (d->processed) {
        free(d->error_code);
        free(d->error_message);
        d->error_code = tp__xstrdup("tpk_misuse");
        d->error_message = tp__xstrdup("tpk_process() called twice on one document");
        return -1;
    }
    d->processed = 1;
    tp_doc_error se;
    if (tp_pipeline_run_doc(d->stage->p, d->doc, &se) != 0) {
        d->error_code = tp__xstrdup(se.code);
        d->error_message = tp__xasprintf("stage \"%s\": %s", se.stage ? se.stage : "?", se.message);
        return -1;
    }
    return 0;
}

tpk_doc *tpk__run(tpk_stage *s, const char *text, const char *file, int line)
{
    tpk_doc *d = tpk__doc_new(s, NULL, text, file, line);
    if (tpk_process(d) != 0)
        tpk__fail_at(file, line, "the document failed: %s (code \"%s\")", d->error_message, d->error_code);
    return d;
}

/* ---- Looking ------------------------------------------------------------- */

const char *tpk_error_code(const tpk_doc *d) { return d->error_code; }

const char *tpk_error_message(const tpk_doc *d) { return d->error_message; }

static const tp_span *layer(const tpk_doc *d, const char *type, size_t *n)
{
    *n = 0;
    tp_type t = tp_pipeline_type(d->stage->p, type);
    return t ? tp_doc_spans(d->doc, t, n) : NULL;
}

size_t tpk_count(const tpk_doc *d, const char *type)
{
    size_t n;
    layer(d, type, &n);
    return n;
}

long tpk_find_span(const tpk_doc *d, const char *type, size_t start, size_t end)
{
    size_t len, n;
    const char *text = tp_doc_text(d->doc, &len);
    size_t b = cp_to_byte(text, len, start), e = cp_to_byte(text, len, end);
    if (b == (size_t)-1 || e == (size_t)-1)
        return -1;
    const tp_span *sp = layer(d, type, &n);
    for (size_t i = 0; i < n; i++)
        if (sp[i].begin == b && sp[i].end == e)
            return (long)i;
    return -1;
}

int tpk_span_at(const tpk_doc *d, const char *type, size_t index, size_t *start, size_t *end, const char **text_out)
{
    size_t n;
    const tp_span *sp = layer(d, type, &n);
    if (index >= n)
        return -1;
    const char *text = tp_doc_text(d->doc, NULL);
    if (start)
        *start = byte_to_cp(text, sp[index].begin);
    if (end)
        *end = byte_to_cp(text, sp[index].end);
    if (text_out) {
        size_t bytes = sp[index].end - sp[index].begin;
        char *copy = tp_doc_alloc(d->doc, bytes + 1); /* lives as long as the document */
        memcpy(copy, text + sp[index].begin, bytes);
        copy[bytes] = '\0';
        *text_out = copy;
    }
    return 0;
}

/* The span over [start, end) and the feature id, or NULL. */
static const tp_span *span_feat(const tpk_doc *d, const char *type, size_t start, size_t end, const char *feat,
                                tp_feat *f)
{
    long i = tpk_find_span(d, type, start, end);
    if (i < 0)
        return NULL;
    size_t n;
    const tp_span *sp = layer(d, type, &n);
    *f = tp_pipeline_feat(d->stage->p, feat);
    return &sp[i];
}

const char *tpk_feature_str(const tpk_doc *d, const char *type, size_t start, size_t end, const char *feat)
{
    tp_feat f = 0;
    const tp_span *s = span_feat(d, type, start, end, feat, &f);
    if (!s || !f)
        return NULL;
    /* NUL-terminated, and valid while the document is (a static string
     * belongs to the plugin's state, which outlives its documents). */
    return tp_span_get_str(s, f, NULL);
}

int tpk_feature_int(const tpk_doc *d, const char *type, size_t start, size_t end, const char *feat, int64_t *out)
{
    tp_feat f = 0;
    const tp_span *s = span_feat(d, type, start, end, feat, &f);
    return s && f && tp_span_get_int(s, f, out);
}

int tpk_feature_double(const tpk_doc *d, const char *type, size_t start, size_t end, const char *feat, double *out)
{
    tp_feat f = 0;
    const tp_span *s = span_feat(d, type, start, end, feat, &f);
    return s && f && tp_span_get_double(s, f, out);
}

int tpk_feature_bool(const tpk_doc *d, const char *type, size_t start, size_t end, const char *feat, int *out)
{
    tp_feat f = 0;
    const tp_span *s = span_feat(d, type, start, end, feat, &f);
    return s && f && tp_span_get_bool(s, f, out);
}

const char *tpk_json(tpk_doc *d)
{
    free(d->json);
    d->json = NULL;
    size_t len = 0;
    if (d->error_code) {
        tp_doc_error e = {"?", d->error_code, d->error_message};
        tp_error_record(tp_doc_id(d->doc), &e, &d->json, &len);
    } else {
        tp_pipeline_record(d->stage->p, d->doc, TP_RECORD_CODE_POINTS, &d->json, &len);
    }
    if (!d->json)
        d->json = tp__xstrdup("");
    while (len && d->json[len - 1] == '\n') d->json[--len] = '\0';
    return d->json;
}

void tpk__locate(const tpk_doc *d, const char *needle, size_t from, size_t *start, size_t *end, const char *file,
                 int line)
{
    size_t len;
    const char *text = tp_doc_text(d->doc, &len);
    size_t b = cp_to_byte(text, len, from);
    const char *hit = b == (size_t)-1 || !*needle ? NULL : strstr(text + b, needle);
    if (!hit)
        tpk__fail_at(file, line, "tpk_locate: the text does not contain \"%s\"%s", needle,
                     from ? " after the given offset" : "");
    *start = byte_to_cp(text, (size_t)(hit - text));
    *end = *start + byte_to_cp(needle, strlen(needle));
}

/* ---- Assertions ---------------------------------------------------------- */

/* What layer `type` holds, for failure messages: "[3, 9) "text", …" */
static char *describe_layer(const tpk_doc *d, const char *type)
{
    size_t n;
    const tp_span *sp = layer(d, type, &n);
    if (n == 0)
        return tp__xasprintf("layer \"%s\" is empty", type);
    const char *text = tp_doc_text(d->doc, NULL);
    tp__buf b = {0};
    tp__buf_printf(&b, "layer \"%s\" holds %zu span%s:", type, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n && i < 20; i++) {
        int blen = (int)(sp[i].end - sp[i].begin);
        tp__buf_printf(&b, "\n    [%zu, %zu) \"%.*s%s\"", byte_to_cp(text, sp[i].begin),
                       byte_to_cp(text, sp[i].end), blen > 60 ? 60 : blen, text + sp[i].begin, blen > 60 ? "…" : "");
    }
    if (n > 20)
        tp__buf_printf(&b, "\n    … and %zu more", n - 20);
    tp__buf_putc(&b, '\0');
    return b.data;
}

/* Fails with `what` and the layer's contents. */
_Noreturn static void fail_layer(const tpk_doc *d, const char *type, const char *file, int line, const char *what)
{
    char *desc = describe_layer(d, type);
    char m[6000];
    snprintf(m, sizeof m, "%s; %s", what, desc);
    free(desc);
    tpk__fail_at(file, line, "%s", m);
}

void tpk__assert_span(const tpk_doc *d, const char *type, size_t start, size_t end, int want, const char *file, int line)
{
    long i = tpk_find_span(d, type, start, end);
    if ((i >= 0) == (want != 0))
        return;
    char what[200];
    snprintf(what, sizeof what, "expected %s \"%s\" span [%zu, %zu)", want ? "a" : "no", type, start, end);
    fail_layer(d, type, file, line, what);
}

void tpk__assert_count(const tpk_doc *d, const char *type, size_t n, const char *file, int line)
{
    size_t have = tpk_count(d, type);
    if (have == n)
        return;
    char what[200];
    snprintf(what, sizeof what, "expected %zu \"%s\" span%s, found %zu", n, type, n == 1 ? "" : "s", have);
    fail_layer(d, type, file, line, what);
}

/* Fails unless the span exists; then describes the feature's actual value
 * for messages. */
static const tp_span *need_span(const tpk_doc *d, const char *type, size_t start, size_t end, const char *file, int line)
{
    long i = tpk_find_span(d, type, start, end);
    if (i < 0) {
        char what[200];
        snprintf(what, sizeof what, "expected a \"%s\" span [%zu, %zu) to check its features", type, start, end);
        fail_layer(d, type, file, line, what);
    }
    size_t n;
    return &layer(d, type, &n)[i];
}

/* The feature's value as JSON-ish text, or "absent". */
static void feature_text(const tpk_doc *d, const tp_span *s, const char *feat, char *out, size_t cap)
{
    tp_feat f = tp_pipeline_feat(d->stage->p, feat);
    int64_t i;
    double x;
    int b;
    size_t len;
    const char *str;
    tp_type rt;
    size_t ri;
    if (!f)
        snprintf(out, cap, "absent");
    else if ((str = tp_span_get_str(s, f, &len)))
        snprintf(out, cap, "\"%.*s\"", (int)(len > 200 ? 200 : len), str);
    else if (tp_span_get_int(s, f, &i))
        snprintf(out, cap, "%lld (an integer)", (long long)i);
    else if (tp_span_get_bool(s, f, &b))
        snprintf(out, cap, "%s (a boolean)", b ? "true" : "false");
    else if (tp_span_get_double(s, f, &x))
        snprintf(out, cap, "%.17g (a number)", x);
    else if (tp_span_get_ref(s, f, &rt, &ri))
        snprintf(out, cap, "a reference to %s[%zu]", tp_pipeline_type_name(d->stage->p, rt), ri);
    else
        snprintf(out, cap, "absent");
}

#define FEATURE_FAIL(expected_fmt, ...)                                                                          \
    do {                                                                                                         \
        char have[300];                                                                                          \
        feature_text(d, s, feat, have, sizeof have);                                                             \
        tpk__fail_at(file, line, "%s [%zu, %zu) feature \"%s\": expected " expected_fmt ", got %s", type, start, \
                     end, feat, __VA_ARGS__, have);                                                              \
    } while (0)

void tpk__assert_feature_str(const tpk_doc *d, const char *type, size_t start, size_t end, const char *feat,
                             const char *value, const char *file, int line)
{
    const tp_span *s = need_span(d, type, start, end, file, line);
    const char *v = tpk_feature_str(d, type, start, end, feat);
    if (!value) {
        char have[300];
        feature_text(d, s, feat, have, sizeof have);
        if (strcmp(have, "absent") != 0)
            tpk__fail_at(file, line, "%s [%zu, %zu) feature \"%s\": expected none, got %s", type, start, end, feat,
                         have);
        return;
    }
    if (!v || strcmp(v, value) != 0)
        FEATURE_FAIL("\"%s\"", value);
}

void tpk__assert_feature_int(const tpk_doc *d, const char *type, size_t start, size_t end, const char *feat,
                             int64_t value, const char *file, int line)
{
    const tp_span *s = need_span(d, type, start, end, file, line);
    int64_t v;
    if (!tpk_feature_int(d, type, start, end, feat, &v) || v != value)
        FEATURE_FAIL("%lld", (long long)value);
}

void tpk__assert_feature_bool(const tpk_doc *d, const char *type, size_t start, size_t end, const char *feat,
                              int value, const char *file, int line)
{
    const tp_span *s = need_span(d, type, start, end, file, line);
    int v;
    if (!tpk_feature_bool(d, type, start, end, feat, &v) || (v != 0) != (value != 0))
        FEATURE_FAIL("%s", value ? "true" : "false");
}

void tpk__assert_feature_double(const tpk_doc *d, const char *type, size_t start, size_t end, const char *feat,
                                double value, double tolerance, const char *file, int line)
{
    const tp_span *s = need_span(d, type, start, end, file, line);
    double v;
    if (!tpk_feature_double(d, type, start, end, feat, &v) || !(v - value <= tolerance && value - v <= tolerance))
        FEATURE_FAIL("%.17g (± %g)", value, tolerance);
}

void tpk__assert_error(const tpk_doc *d, const char *code, const char *file, int line)
{
    if (!d->processed)
        tpk__fail_at(file, line, "tpk_assert_error: the document was not processed (tpk_process())");
    if (!d->error_code)
        tpk__fail_at(file, line, "expected the document to fail with \"%s\", but it was processed", code);
    if (strcmp(d->error_code, code) != 0)
        tpk__fail_at(file, line,
                     "expected the document to fail with \"%s\", but it failed with "
                     "\"%s\": %s",
                     code, d->error_code, d->error_message);
}
