/*
 * config.c - libconfig files to a flat list of stages with their options
 * (see config.h).  Levels nest through `base`; each level may replace or
 * extend what its base defined.  libconfig parses the text config_src.c
 * made (includes expanded, integers suffixed), so every line number it
 * gives is mapped back to the file and line it came from.
 */
#include "autoconfig.h"

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_src.h"
#include "xalloc.h"

/* How deep `base` groups may nest (a base including a file with a base…). */
#define MAX_BASE_DEPTH 16

static const char *const top_keys[] = {"stages", "base", "overrides", "extra_stages", "plugin_path", "output"};
static const char *const stage_keys[] = {"plugin", "id", "options", "log_level"};
static const char *const output_keys[] = {"hide", "text"};
static const char *const log_levels[] = {"error", "warn", "info", "debug"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct reader {
    tp__config *c;
    tp__diags *d;
    const tp__config_src *src;
} reader;

/* ---- Small helpers -------------------------------------------------------- */

static char *cwd_dup(void)
{
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        return tp__xstrdup(".");
    return cwd;
}

static void origin_free(tp__origin *o)
{
    free(o->file);
    free(o->dir);
    memset(o, 0, sizeof *o);
}

static tp__origin origin_of(const reader *r, const config_setting_t *s)
{
    const char *file, *dir;
    int line;
    tp__config_src_where(r->src, (int)config_setting_source_line(s), &file, &dir, &line);
    return (tp__origin){tp__xstrdup(file), line, tp__xstrdup(dir)};
}

static void value_free(tp__value *v)
{
    free(v->s);
    for (size_t i = 0; i < v->nitems; i++) free(v->items[i]);
    free(v->items);
    memset(v, 0, sizeof *v);
}

static tp__value value_copy(const tp__value *v)
{
    tp__value c = *v;
    c.s = v->s ? tp__xstrdup(v->s) : NULL;
    /* An empty list still has its own (empty) array: never share it. */
    c.items = NULL;
    if (v->nitems) {
        c.items = tp__xcalloc(v->nitems, sizeof *c.items);
        for (size_t i = 0; i < v->nitems; i++) c.items[i] = tp__xstrdup(v->items[i]);
    }
    return c;
}

const char *tp__value_describe(const tp__value *v)
{
    switch (v->kind) {
    case TP__V_STRING: return "a string";
    case TP__V_INT: return "an integer";
    case TP__V_FLOAT: return "a number";
    case TP__V_BOOL: return "a boolean";
    case TP__V_LIST: return "a list of strings";
    case TP__V_OTHER: return v->what ? v->what : "not a simple value";
    }
    return "?";
}

static tp__value read_value(const reader *r, const config_setting_t *s)
{
    tp__value v = {0};
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
        v.kind = TP__V_INT;
        /* Only from tp__value_parse(): files are read with every integer
         * made 64-bit (config_src.h). */
        v.i = config_setting_get_int(s);
        break;
    case CONFIG_TYPE_INT64:
        v.kind = TP__V_INT;
        v.i = config_setting_get_int64(s);
        break;
    case CONFIG_TYPE_FLOAT:
        v.kind = TP__V_FLOAT;
        v.d = config_setting_get_float(s);
        break;
    case CONFIG_TYPE_BOOL:
        v.kind = TP__V_BOOL;
        v.i = config_setting_get_bool(s);
        break;
    case CONFIG_TYPE_STRING:
        v.kind = TP__V_STRING;
        v.s = tp__xstrdup(config_setting_get_string(s));
        break;
    case CONFIG_TYPE_ARRAY:
    case CONFIG_TYPE_LIST: {
        int n = config_setting_length(s);
        v.kind = TP__V_LIST;
        v.items = tp__xcalloc((size_t)(n > 0 ? n : 1), sizeof *v.items);
        for (int i = 0; i < n; i++) {
            const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
            if (config_setting_type(e) != CONFIG_TYPE_STRING) {
                value_free(&v);
                v.kind = TP__V_OTHER;
                v.what = "a list with non-string items";
                return v;
            }
            v.items[v.nitems++] = tp__xstrdup(config_setting_get_string(e));
        }
        break;
    }
    default: v.kind = TP__V_OTHER; v.what = "a group";
    }
    return v;
}

/* An error at setting `s`, at the file and line it came from. */
static void report(reader *r, const config_setting_t *s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void report(reader *r, const config_setting_t *s, const char *fmt, ...)
{
    const char *file, *dir;
    int line;
    tp__config_src_where(r->src, (int)config_setting_source_line(s), &file, &dir, &line);
    va_list ap;
    va_start(ap, fmt);
    tp__diags_vadd(r->d, file, line, fmt, ap);
    va_end(ap);
}

static void unknown_key(reader *r, const config_setting_t *s, const char *where, const char *const *known, size_t n)
{
    const char *name = config_setting_name(s);
    char near[TP__DID_YOU_MEAN_SIZE];
    report(r, s, "unknown setting \"%s\" in %s%s", name, where, tp__did_you_mean(near, sizeof near, name, known, n));
}

static bool is_known(const char *name, const char *const *known, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, known[i]) == 0)
            return true;
    return false;
}

/* ---- Stages and options --------------------------------------------------- */

static void stage_set(tp__stage_cfg *st, const char *name, tp__value v, tp__origin o)
{
    for (size_t i = 0; i < st->nopts; i++)
        if (strcmp(st->opts[i].name, name) == 0) {
            value_free(&st->opts[i].value);
            origin_free(&st->opts[i].origin);
            st->opts[i].value = v;
            st->opts[i].origin = o;
            return;
        }
    st->opts = tp__xgrow(st->opts, &st->capopts, st->nopts + 1, sizeof *st->opts);
    st->opts[st->nopts++] = (tp__setting){tp__xstrdup(name), v, o};
}

static void stage_free(tp__stage_cfg *st)
{
    free(st->id);
    free(st->plugin);
    free(st->log_level);
    origin_free(&st->origin);
    for (size_t i = 0; i < st->nopts; i++) {
        free(st->opts[i].name);
        value_free(&st->opts[i].value);
        origin_free(&st->opts[i].origin);
    }
    free(st->opts);
}

static void read_stage(reader *r, const config_setting_t *s)
{
    if (!config_setting_is_group(s)) {
        report(r, s, "a stage must be a group like { plugin = \"NAME\"; }");
        return;
    }
    tp__stage_cfg st = {0};
    st.origin = origin_of(r, s);
    bool ok = true;
    for (int i = 0; i < config_setting_length(s); i++) {
        const config_setting_t *m = config_setting_get_elem(s, (unsigned)i);
        const char *key = config_setting_name(m);
        if (!is_known(key, stage_keys, COUNT(stage_keys))) {
            unknown_key(r, m, "a stage", stage_keys, COUNT(stage_keys));
            ok = false;
        } else if (strcmp(key, "options") == 0) {
            if (!config_setting_is_group(m)) {
                report(r, m, "\"options\" must be a group like { name = value; }");
                ok = false;
                continue;
            }
            for (int k = 0; k < config_setting_length(m); k++) {
                const config_setting_t *opt = config_setting_get_elem(m, (unsigned)k);
                stage_set(&st, config_setting_name(opt), read_value(r, opt), origin_of(r, opt));
            }
        } else if (config_setting_type(m) != CONFIG_TYPE_STRING) {
            report(r, m, "\"%s\" must be a string", key);
            ok = false;
        } else {
            const char *v = config_setting_get_string(m);
            if (strcmp(key, "plugin") == 0) {
                st.plugin = tp__xstrdup(v);
            } else if (strcmp(key, "id") == 0) {
                st.id = tp__xstrdup(v);
            } else {
                if (!is_known(v, log_levels, COUNT(log_levels))) {
                    report(r, m, "log_level \"%s\" is not one of error, warn, info, debug", v);
                    ok = false;
                }
                st.log_level = tp__xstrdup(v);
            }
        }
    }
    if (!st.plugin && ok) {
        tp__diags_add(r->d, st.origin.file, st.origin.line, "stage has no \"plugin\"");
        ok = false;
    }
    if (!ok) {
        stage_free(&st);
        return;
    }
    if (!st.id)
        st.id = tp__xstrdup(st.plugin);
    tp__config *c = r->c;
    c->stages = tp__xgrow(c->stages, &c->capstages, c->nstages + 1, sizeof *c->stages);
    c->stages[c->nstages++] = st;
}

static void read_stage_list(reader *r, const config_setting_t *s)
{
    if (!config_setting_is_list(s) && !config_setting_is_array(s)) {
        report(r, s, "\"%s\" must be a list of stages: ( { plugin = \"NAME\"; }, … )", config_setting_name(s));
        return;
    }
    for (int i = 0; i < config_setting_length(s); i++) read_stage(r, config_setting_get_elem(s, (unsigned)i));
}

/* " (did you mean \"ID\"?)" for the stage id closest to `id`, or "". */
static const char *near_stage(const tp__config *c, const char *id, char *buf, size_t size)
{
    const char **ids = tp__xcalloc(c->nstages + 1, sizeof *ids);
    for (size_t i = 0; i < c->nstages; i++) ids[i] = c->stages[i].id;
    tp__did_you_mean(buf, size, id, ids, c->nstages);
    free(ids);
    return buf;
}

static void read_overrides(reader *r, const config_setting_t *s)
{
    if (!config_setting_is_group(s)) {
        report(r, s, "\"overrides\" must be a group: { STAGE_ID = { option = value; }; }");
        return;
    }
    for (int i = 0; i < config_setting_length(s); i++) {
        const config_setting_t *g = config_setting_get_elem(s, (unsigned)i);
        const char *id = config_setting_name(g);
        tp__stage_cfg *st = tp__config_stage(r->c, id);
        if (!st) {
            char near[TP__DID_YOU_MEAN_SIZE];
            report(r, g, "override for stage \"%s\", which the pipeline does not have%s", id,
                   near_stage(r->c, id, near, sizeof near));
            continue;
        }
        if (!config_setting_is_group(g)) {
            report(r, g, "override \"%s\" must be a group of options", id);
            continue;
        }
        for (int k = 0; k < config_setting_length(g); k++) {
            const config_setting_t *opt = config_setting_get_elem(g, (unsigned)k);
            stage_set(st, config_setting_name(opt), read_value(r, opt), origin_of(r, opt));
        }
    }
}

/* ---- Top-level settings ----------------------------------------------------- */

static char *resolve_dir(const char *base_dir, const char *p)
{
    if (p[0] == '/')
        return tp__xstrdup(p);
    return tp__xasprintf("%s/%s", base_dir, p);
}

static void read_plugin_path(reader *r, const config_setting_t *s)
{
    tp__value v = read_value(r, s);
    if (v.kind == TP__V_STRING) {
        v.items = tp__xcalloc(1, sizeof *v.items);
        v.items[0] = v.s;
        v.s = NULL;
        v.nitems = 1;
        v.kind = TP__V_LIST;
    }
    if (v.kind != TP__V_LIST) {
        report(r, s, "\"plugin_path\" must be a string or a list of strings, not %s", tp__value_describe(&v));
        value_free(&v);
        return;
    }
    tp__origin o = origin_of(r, s);
    /* An outer level's directories come first: a newsroom's plugins win. */
    tp__config *c = r->c;
    char **paths = tp__xcalloc(c->npath + v.nitems + 1, sizeof *paths);
    for (size_t i = 0; i < v.nitems; i++) paths[i] = resolve_dir(o.dir, v.items[i]);
    for (size_t i = 0; i < c->npath; i++) paths[v.nitems + i] = c->plugin_path[i];
    free(c->plugin_path);
    c->plugin_path = paths;
    c->npath += v.nitems;
    origin_free(&o);
    value_free(&v);
}

static void read_output(reader *r, const config_setting_t *s)
{
    if (!config_setting_is_group(s)) {
        report(r, s, "\"output\" must be a group: { hide = [\"token\"]; text = true; }");
        return;
    }
    tp__config *c = r->c;
    for (int i = 0; i < config_setting_length(s); i++) {
        const config_setting_t *m = config_setting_get_elem(s, (unsigned)i);
        const char *key = config_setting_name(m);
        if (!is_known(key, output_keys, COUNT(output_keys))) {
            unknown_key(r, m, "output", output_keys, COUNT(output_keys));
            continue;
        }
        tp__value v = read_value(r, m);
        if (strcmp(key, "text") == 0) {
            if (v.kind != TP__V_BOOL)
                report(r, m, "output.text must be true or false, not %s", tp__value_describe(&v));
            else
                c->text = v.i != 0;
        } else {
            if (v.kind == TP__V_STRING) { /* hide = "token" */
                v.items = tp__xcalloc(1, sizeof *v.items);
                v.items[0] = v.s;
                v.s = NULL;
                v.nitems = 1;
                v.kind = TP__V_LIST;
            }
            if (v.kind != TP__V_LIST) {
                report(r, m, "output.hide must be a list of layer names, not %s", tp__value_describe(&v));
            } else {
                for (size_t k = 0; k < c->nhide; k++) free(c->hide[k]);
                free(c->hide);
                c->hide = v.items;
                c->nhide = v.nitems;
                c->hide_set = true;
                v.items = NULL;
                v.nitems = 0;
            }
        }
        value_free(&v);
    }
}

static void read_level(reader *r, const config_setting_t *g, int depth)
{
    const config_setting_t *base = config_setting_get_member(g, "base");
    const config_setting_t *stages = config_setting_get_member(g, "stages");
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        if (!is_known(config_setting_name(m), top_keys, COUNT(top_keys)))
            unknown_key(r, m, "the configuration", top_keys, COUNT(top_keys));
    }
    if (base) {
        if (!config_setting_is_group(base))
            report(r, base, "\"base\" must be a group holding an @include line (on a line of its own)");
        else if (depth >= MAX_BASE_DEPTH)
            report(r, base, "\"base\" nested more than %d levels deep", MAX_BASE_DEPTH);
        else
            read_level(r, base, depth + 1);
    }
    if (stages) {
        if (base)
            report(r, stages,
                   "both \"base\" and \"stages\": a file that has a base changes it with \"overrides\" and "
                   "\"extra_stages\"");
        else
            read_stage_list(r, stages);
    }
    const config_setting_t *extra = config_setting_get_member(g, "extra_stages");
    if (extra)
        read_stage_list(r, extra);
    const config_setting_t *ov = config_setting_get_member(g, "overrides");
    if (ov)
        read_overrides(r, ov);
    const config_setting_t *pp = config_setting_get_member(g, "plugin_path");
    if (pp)
        read_plugin_path(r, pp);
    const config_setting_t *out = config_setting_get_member(g, "output");
    if (out)
        read_output(r, out);
    if (depth == 0 && !base && !stages)
        tp__diags_add(r->d, r->src->files[0], 0, "no \"stages\" (or \"base\") in the configuration");
}

static void check_ids(reader *r)
{
    tp__config *c = r->c;
    for (size_t i = 0; i < c->nstages; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->stages[i].id, c->stages[j].id) == 0) {
                tp__diags_add(r->d, c->stages[i].origin.file, c->stages[i].origin.line,
                              "duplicate stage id \"%s\" (first at %s:%d): give one an \"id\"", c->stages[i].id,
                              c->stages[j].origin.file, c->stages[j].origin.line);
                break;
            }
}

/* Parses the expanded text and reads its settings into c. */
static int load(tp__config *c, const tp__config_src *src, tp__diags *d)
{
    size_t before = d->count;
    config_t cf;
    config_init(&cf);
    /* Every @include was expanded already; one that slipped through must
     * not open anything. */
    config_set_include_dir(&cf, "/nonexistent/textpipe-includes-are-expanded");
    if (config_read_string(&cf, src->text) != CONFIG_TRUE) {
        const char *msg = config_error_text(&cf);
        const char *file, *dir;
        int line;
        tp__config_src_where(src, config_error_line(&cf), &file, &dir, &line);
        tp__diags_add(d, file, line, "%s", msg ? msg : "syntax error");
    } else {
        reader r = {c, d, src};
        read_level(&r, config_root_setting(&cf), 0);
        check_ids(&r);
    }
    config_destroy(&cf);
    return d->count == before ? 0 : -1;
}

static void name_config(tp__config *c, const char *name)
{
    if (!c->file) {
        c->file = tp__xstrdup(name);
        c->text = true;
    }
}

int tp__config_load_file(tp__config *c, const char *path, tp__diags *d)
{
    name_config(c, path);
    tp__config_src src;
    int rc = tp__config_src_file(&src, path, d);
    if (rc == 0)
        rc = load(c, &src, d);
    tp__config_src_free(&src);
    return rc;
}

int tp__config_load_string(tp__config *c, const char *text, const char *name, const char *dir, tp__diags *d)
{
    name_config(c, name);
    tp__config_src src;
    int rc = tp__config_src_string(&src, text, name, dir, d);
    if (rc == 0)
        rc = load(c, &src, d);
    tp__config_src_free(&src);
    return rc;
}

tp__value tp__value_parse(const char *text)
{
    /* Integers directly: libconfig would truncate one beyond 32 bits. */
    char *end;
    errno = 0;
    long long iv = strtoll(text, &end, 10);
    if (end != text && *end == '\0' && (isdigit((unsigned char)text[0]) || text[0] == '-')) {
        if (errno == ERANGE)
            iv = iv < 0 ? INT64_MIN : INT64_MAX;
        return (tp__value){.kind = TP__V_INT, .i = iv};
    }
    config_t cf;
    config_init(&cf);
    char *src = tp__xasprintf("v = %s;", text);
    tp__value v;
    if (config_read_string(&cf, src) == CONFIG_TRUE && config_lookup(&cf, "v") &&
        config_setting_length(config_root_setting(&cf)) == 1)
        v = read_value(NULL, config_lookup(&cf, "v"));
    else
        v = (tp__value){.kind = TP__V_STRING, .s = tp__xstrdup(text)};
    free(src);
    config_destroy(&cf);
    return v;
}

int tp__config_apply_set(tp__config *c, const char *assignment, tp__diags *d)
{
    /* The argument is where the value came from, as a file is for a
     * setting: "--set ID.OPT=VAL: error: …". */
    char *where = tp__xasprintf("--set %s", assignment);
    const char *eq = strchr(assignment, '=');
    const char *dot = strchr(assignment, '.');
    if (!eq || !dot || dot > eq || dot == assignment || eq == dot + 1) {
        tp__diags_add(d, where, 0, "expected STAGE_ID.OPTION=VALUE");
        free(where);
        return -1;
    }
    char *id = tp__xstrndup(assignment, (size_t)(dot - assignment));
    char *opt = tp__xstrndup(dot + 1, (size_t)(eq - dot - 1));
    int rc = 0;
    tp__stage_cfg *st = tp__config_stage(c, id);
    if (!st) {
        char near[TP__DID_YOU_MEAN_SIZE];
        tp__diags_add(d, where, 0, "the pipeline has no stage \"%s\"%s", id, near_stage(c, id, near, sizeof near));
        free(where);
        rc = -1;
    } else {
        tp__origin o = {where, 0, cwd_dup()};
        stage_set(st, opt, tp__value_parse(eq + 1), o);
    }
    free(id);
    free(opt);
    return rc;
}

tp__stage_cfg *tp__config_stage(tp__config *c, const char *id)
{
    for (size_t i = 0; i < c->nstages; i++)
        if (strcmp(c->stages[i].id, id) == 0)
            return &c->stages[i];
    return NULL;
}

const tp__setting *tp__stage_option(const tp__stage_cfg *s, const char *name)
{
    for (size_t i = 0; i < s->nopts; i++)
        if (strcmp(s->opts[i].name, name) == 0)
            return &s->opts[i];
    return NULL;
}

void tp__config_free(tp__config *c)
{
    for (size_t i = 0; i < c->nstages; i++) stage_free(&c->stages[i]);
    free(c->stages);
    for (size_t i = 0; i < c->npath; i++) free(c->plugin_path[i]);
    free(c->plugin_path);
    for (size_t i = 0; i < c->nhide; i++) free(c->hide[i]);
    free(c->hide);
    free(c->file);
    memset(c, 0, sizeof *c);
}

tp__value tp__value_copy(const tp__value *v) { return value_copy(v); }
void tp__value_free(tp__value *v) { value_free(v); }
