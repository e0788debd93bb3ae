/*
 * pipeline.c - stages, their plugin-facing handles, and the per-document
 * loop (see pipeline.h).  Also implements the init and process functions
 * of the plugin API (plugin.h), which are thin views onto a stage.
 */
#include "autoconfig.h"

#include "pipeline.h"

#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include <textpipe/plugin.h>

#include "options.h"
#include "xalloc.h"

#ifndef TP_PLUGINDIR
#define TP_PLUGINDIR "/usr/local/lib/textpipe/plugins"
#endif
#ifndef TP_PKGDATADIR
#define TP_PKGDATADIR "/usr/local/share/textpipe"
#endif

typedef struct tp__stage {
    const tp__stage_cfg *cfg;
    const tp__module *mod;
    tp__optset opts;
    int log_level;
    void *state;
    bool started;
    bool opts_ok; /* every option resolved: init() may run */
} tp__stage;

struct tp_pipeline {
    tp__config cfg;
    tp__loader loader;
    tp__names types;
    tp__names feats;
    tp__stage *stages;
    size_t nstages;
    volatile int32_t *probe; /* index of the stage running, -1 between stages */
    size_t memory_limit;     /* peak resident bytes a stage may reach; 0: none */
    bool over_memory;        /* a stage went past it: the process must end */
    bool output_only;        /* documents are only written out after the stages */
    double *stage_times;     /* seconds each stage took on the last document, or NULL */
};

struct tp_init {
    tp__pipeline *p;
    tp__stage *st;
    char *failure;
    char *bad_name; /* a type or feature name the output could not hold */
    char **owned;   /* strings handed out during init, freed after it */
    size_t nowned;
    size_t capowned;
};

struct tp_ctx {
    tp__pipeline *p;
    tp__stage *st;
    tp_doc *doc;
    char code[48];
    char message[512];
    bool failed;
};

static int parse_level(const char *s)
{
    if (!s || strcmp(s, "warn") == 0)
        return TP_LOG_WARN;
    if (strcmp(s, "error") == 0)
        return TP_LOG_ERROR;
    if (strcmp(s, "info") == 0)
        return TP_LOG_INFO;
    return TP_LOG_DEBUG;
}

static bool in_list(const char *const *list, const char *name)
{
    for (; list && *list; list++)
        if (strcmp(*list, name) == 0)
            return true;
    return false;
}

/* Checks that each consumed type comes from an earlier stage. */
static void check_order(tp__pipeline *p, tp__diags *d)
{
    for (size_t i = 0; i < p->nstages; i++) {
        const tp_plugin *desc = p->stages[i].mod->desc;
        for (const char *const *c = desc->consumes; c && *c; c++) {
            bool earlier = false;
            for (size_t j = 0; j < i && !earlier; j++) earlier = in_list(p->stages[j].mod->desc->produces, *c);
            if (earlier)
                continue;
            const char *later = NULL;
            for (size_t j = i + 1; j < p->nstages && !later; j++)
                if (in_list(p->stages[j].mod->desc->produces, *c))
                    later = p->stages[j].cfg->id;
            const tp__origin *o = &p->stages[i].cfg->origin;
            if (later)
                tp__diags_add(d, o->file, o->line,
                              "stage \"%s\" consumes \"%s\", which no earlier stage produces "
                              "(stage \"%s\" produces it but comes later)",
                              p->stages[i].cfg->id, *c, later);
            else
                tp__diags_add(d, o->file, o->line, "stage \"%s\" consumes \"%s\", which no earlier stage produces",
                              p->stages[i].cfg->id, *c);
        }
    }
}

static void start_stage(tp__pipeline *p, tp__stage *st, tp__diags *d);

tp__pipeline *tp__pipeline_load(tp__config *cfg, const tp__load_opts *lo, tp__diags *d)
{
    tp__pipeline *p = tp__xcalloc(1, sizeof *p);
    p->cfg = *cfg;
    memset(cfg, 0, sizeof *cfg);
    tp__loader_init(&p->loader);
    p->loader.allow_insecure = lo && lo->allow_insecure;
    if (lo) {
        p->loader.builtins = lo->builtins;
        p->loader.nbuiltins = lo->nbuiltins;
    }
    tp__names_init(&p->types);
    tp__names_init(&p->feats);

    for (size_t i = 0; lo && i < lo->nplugin_dirs; i++)
        tp__loader_add_dir(&p->loader, lo->plugin_dirs[i], "--plugin-path");
    for (size_t i = 0; i < p->cfg.npath; i++) tp__loader_add_dir(&p->loader, p->cfg.plugin_path[i], "plugin_path");
    size_t before = d->count;
    if (!(lo && lo->no_env))
        tp__loader_add_path_list(&p->loader, getenv("TEXTPIPE_PLUGIN_PATH"), "TEXTPIPE_PLUGIN_PATH", d);
    if (!(lo && lo->no_installed))
        tp__loader_add_dir(&p->loader, TP_PLUGINDIR, "installed");

    p->stages = tp__xcalloc(p->cfg.nstages ? p->cfg.nstages : 1, sizeof *p->stages);
    bool all_loaded = true;
    for (size_t i = 0; i < p->cfg.nstages; i++) {
        const tp__stage_cfg *sc = &p->cfg.stages[i];
        char *err = NULL;
        const tp__module *m = tp__loader_load(&p->loader, sc->plugin, &err);
        if (!m) {
            tp__diags_add(d, sc->origin.file, sc->origin.line, "stage \"%s\": %s", sc->id, err);
            free(err);
            all_loaded = false;
            continue;
        }
        tp__stage *st = &p->stages[p->nstages++];
        st->cfg = sc;
        st->mod = m;
        st->log_level = parse_level(sc->log_level);
        st->opts_ok = tp__options_resolve(&st->opts, m->desc->options, sc, d) == 0;
    }
    if (all_loaded)
        check_order(p, d);
    if (d->count != before || (lo && lo->config_failed)) {
        /* Start what can start, so that its init errors are reported now
         * with the others rather than after they are fixed. */
        for (size_t i = 0; i < p->nstages; i++)
            if (p->stages[i].opts_ok)
                start_stage(p, &p->stages[i], d);
        tp__pipeline_free(p);
        return NULL;
    }
    /* Intern every declared type now so layers are written in pipeline
     * order: first producer first. */
    for (size_t i = 0; i < p->nstages; i++)
        for (const char *const *t = p->stages[i].mod->desc->produces; t && *t; t++)
            tp__names_intern(&p->types, *t);
    return p;
}

static void init_release(tp_init *ini)
{
    for (size_t i = 0; i < ini->nowned; i++) free(ini->owned[i]);
    free(ini->owned);
    free(ini->failure);
    free(ini->bad_name);
}

static const char *init_keep(tp_init *ini, char *s)
{
    ini->owned = tp__xgrow(ini->owned, &ini->capowned, ini->nowned + 1, sizeof *ini->owned);
    ini->owned[ini->nowned++] = s;
    return s;
}

/* Where `s` occurs in `msg` as a word of its own (not inside a longer
 * name), or NULL. */
static const char *find_word(const char *msg, const char *s)
{
    size_t n = strlen(s);
    if (!n)
        return NULL;
    for (const char *p = strstr(msg, s); p; p = strstr(p + 1, s)) {
        bool before = p == msg || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
        bool after = !(isalnum((unsigned char)p[n]) || p[n] == '_');
        if (before && after)
            return p;
    }
    return NULL;
}

/* The origin of the set option that an init failure message is about: the
 * first one it names, else the first whose value it quotes, else NULL. */
static const tp__origin *failure_origin(const tp__stage *st, const char *msg)
{
    const tp__origin *best = NULL;
    const char *best_at = NULL;
    for (int by_value = 0; by_value < 2 && !best; by_value++)
        for (size_t k = 0; k < st->opts.n; k++) {
            const tp__optval *v = &st->opts.vals[k];
            if (!v->set)
                continue;
            const char *at = NULL;
            if (!by_value)
                at = find_word(msg, st->opts.spec[k].name);
            else if (v->value.kind == TP__V_STRING && strlen(v->value.s) >= 2)
                at = strstr(msg, v->value.s);
            for (size_t i = 0; by_value && !at && v->value.kind == TP__V_LIST && i < v->value.nitems; i++)
                if (strlen(v->value.items[i]) >= 2)
                    at = strstr(msg, v->value.items[i]);
            if (at && (!best_at || at < best_at)) {
                best_at = at;
                best = &v->origin;
            }
        }
    return best;
}

static void start_stage(tp__pipeline *p, tp__stage *st, tp__diags *d)
{
    tp_init ini = {p, st, NULL, NULL, NULL, 0, 0};
    void *state = NULL;
    int rc = st->mod->desc->init(&ini, &state);
    if (rc == TP_OK && ini.bad_name) {
        /* A plugin bug the output cannot carry: refuse the stage. */
        if (st->mod->desc->fini)
            st->mod->desc->fini(state);
        rc = TP_ERR;
        free(ini.failure);
        ini.failure = ini.bad_name;
        ini.bad_name = NULL;
    }
    if (rc != TP_OK) {
        const char *why = ini.failure ? ini.failure : "init() returned an error";
        const tp__origin *o = failure_origin(st, why);
        if (!o)
            o = &st->cfg->origin;
        tp__diags_add(d, o->file, o->line, "stage \"%s\" (plugin \"%s\") failed to start: %s", st->cfg->id,
                      st->mod->name, why);
    } else {
        st->state = state;
        st->started = true;
    }
    init_release(&ini);
}

int tp__pipeline_start(tp__pipeline *p, tp__diags *d)
{
    size_t before = d->count;
    for (size_t i = 0; i < p->nstages; i++) start_stage(p, &p->stages[i], d);
    return d->count == before ? 0 : -1;
}

/* The process's peak resident memory in bytes (one cheap system call). */
static size_t peak_rss(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? (size_t)ru.ru_maxrss * 1024 : 0;
}

void tp__pipeline_set_memory_limit(tp__pipeline *p, size_t bytes) { p->memory_limit = bytes; }

bool tp__pipeline_over_memory(const tp__pipeline *p) { return p->over_memory; }

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int tp__pipeline_run(tp__pipeline *p, tp_doc *doc, tp__stage_error *err)
{
    assert(p && doc && err);
    if (p->stage_times)
        for (size_t i = 0; i < p->nstages; i++) p->stage_times[i] = 0;
    for (size_t i = 0; i < p->nstages; i++) {
        tp__stage *st = &p->stages[i];
        /* The batch runs a pipeline only after tp__pipeline_start() succeeded. */
        assert(st->started);
        tp_ctx ctx = {p, st, doc, "", "", false};
        if (p->probe)
            *p->probe = (int32_t)i;
        double t0 = p->stage_times ? seconds_now() : 0;
        int rc = st->mod->desc->process(st->state, doc, &ctx);
        if (p->stage_times)
            p->stage_times[i] = seconds_now() - t0;
        if (p->probe)
            *p->probe = -1;
        if (p->memory_limit && rc == TP_OK && !ctx.failed && peak_rss() > p->memory_limit) {
            /* Memory does not come back to the system: this process is done
             * after this document, and the stage that went over is named. */
            p->over_memory = true;
            tp__doc_end_stage(doc);
            err->stage = st->cfg->id;
            snprintf(err->code, sizeof err->code, "memory");
            snprintf(err->message, sizeof err->message,
                     "stage \"%s\" took the worker over its memory limit (%zu MiB resident at its peak, limit %zu "
                     "MiB, --worker-memory); the worker is replaced",
                     st->cfg->id, peak_rss() >> 20, p->memory_limit >> 20);
            return -1;
        }
        const char *bad = tp__doc_end_stage(doc);
        if (rc != TP_OK || ctx.failed || bad) {
            err->stage = st->cfg->id;
            if (bad) {
                snprintf(err->code, sizeof err->code, "bad_span");
                snprintf(err->message, sizeof err->message, "%s", bad);
            } else if (ctx.failed) {
                snprintf(err->code, sizeof err->code, "%s", ctx.code);
                snprintf(err->message, sizeof err->message, "%s", ctx.message);
            } else {
                snprintf(err->code, sizeof err->code, "stage_failed");
                snprintf(err->message, sizeof err->message, "process() returned %d without calling tp_fail()", rc);
            }
            return -1;
        }
    }
    return 0;
}

void tp__pipeline_set_stage_times(tp__pipeline *p, double *seconds) { p->stage_times = seconds; }

void tp__pipeline_set_probe(tp__pipeline *p, volatile int32_t *slot)
{
    p->probe = slot;
    if (slot)
        *slot = -1;
}

uint32_t tp__pipeline_type(const tp__pipeline *p, const char *name) { return tp__names_find(&p->types, name); }

uint32_t tp__pipeline_feat(const tp__pipeline *p, const char *name) { return tp__names_find(&p->feats, name); }

uint32_t tp__pipeline_add_type(tp__pipeline *p, const char *name) { return tp__names_intern(&p->types, name); }

uint32_t tp__pipeline_add_feat(tp__pipeline *p, const char *name) { return tp__names_intern(&p->feats, name); }

const char *tp__pipeline_type_name(const tp__pipeline *p, uint32_t id) { return tp__names_get(&p->types, id); }

const char *tp__pipeline_feat_name(const tp__pipeline *p, uint32_t id) { return tp__names_get(&p->feats, id); }

size_t tp__pipeline_stage_count(const tp__pipeline *p) { return p->nstages; }

const char *tp__pipeline_stage_id(const tp__pipeline *p, size_t i)
{
    return i < p->nstages ? p->stages[i].cfg->id : "core";
}

tp_doc *tp__pipeline_new_doc(tp__pipeline *p) { return tp__doc_new(&p->types); }

/* The output leaves out layers named with a leading '_', and those of
 * output.hide (by default: token). */
static bool layer_hidden(const tp__pipeline *p, const char *name)
{
    static const char *const default_hidden[] = {"token"};
    bool hidden = name[0] == '_';
    if (p->cfg.hide_set) {
        for (size_t k = 0; k < p->cfg.nhide && !hidden; k++) hidden = strcmp(p->cfg.hide[k], name) == 0;
    } else {
        hidden = hidden || strcmp(name, default_hidden[0]) == 0;
    }
    return hidden;
}

void tp__pipeline_set_output_only(tp__pipeline *p) { p->output_only = true; }

int tp_init_type_wanted(tp_init *ini, const char *name)
{
    if (!ini || !name || !ini->p->output_only || !layer_hidden(ini->p, name))
        return 1;
    const tp__pipeline *p = ini->p;
    for (size_t j = (size_t)(ini->st - p->stages) + 1; j < p->nstages; j++) {
        const tp_plugin *desc = p->stages[j].mod->desc;
        if (in_list(desc->consumes, name) || in_list(desc->consumes_optional, name))
            return 1;
    }
    return 0;
}

void tp__pipeline_write_opts(tp__pipeline *p, tp__write_opts *o)
{
    size_t n = tp__names_max(&p->types) + 1;
    bool *vis = tp__xcalloc(n, sizeof *vis);
    for (uint32_t t = 1; t < n; t++) vis[t] = !layer_hidden(p, tp__names_get(&p->types, t));
    free((void *)o->visible);
    o->visible = vis;
    o->nvisible = n;
    o->text = p->cfg.text;
    o->types = &p->types;
    o->feats = &p->feats;
}

void tp__pipeline_free(tp__pipeline *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nstages; i++) {
        tp__stage *st = &p->stages[i];
        if (st->started && st->mod->desc->fini)
            st->mod->desc->fini(st->state);
        tp__options_free(&st->opts);
    }
    free(p->stages);
    tp__loader_free(&p->loader);
    tp__names_free(&p->types);
    tp__names_free(&p->feats);
    tp__config_free(&p->cfg);
    free(p);
}

int tp__pipeline_stage_info(const tp__pipeline *p, size_t i, tp__stage_info *out)
{
    if (i >= p->nstages)
        return -1;
    const tp__stage *st = &p->stages[i];
    out->id = st->cfg->id;
    out->plugin = st->mod->desc->name;
    out->version = st->mod->desc->version ? st->mod->desc->version : "";
    out->path = st->mod->path;
    out->log_level = st->cfg->log_level;
    out->opts = &st->opts;
    return 0;
}

const tp__config *tp__pipeline_config(const tp__pipeline *p) { return &p->cfg; }

static void describe_value(FILE *out, const tp__value *v)
{
    switch (v->kind) {
    case TP__V_STRING: fprintf(out, "\"%s\"", v->s); break;
    case TP__V_INT: fprintf(out, "%lld", (long long)v->i); break;
    case TP__V_FLOAT: fprintf(out, "%g", v->d); break;
    case TP__V_BOOL: fputs(v->i ? "true" : "false", out); break;
    case TP__V_LIST:
        fputc('[', out);
        for (size_t i = 0; i < v->nitems; i++) fprintf(out, "%s\"%s\"", i ? ", " : "", v->items[i]);
        fputc(']', out);
        break;
    default: fputs("(not set)", out);
    }
}

void tp__pipeline_describe(const tp__pipeline *p, FILE *out)
{
    fprintf(out, "pipeline from %s: %zu stage%s\n", p->cfg.file, p->nstages, p->nstages == 1 ? "" : "s");
    for (size_t i = 0; i < p->nstages; i++) {
        const tp__stage *st = &p->stages[i];
        const tp_plugin *d = st->mod->desc;
        fprintf(out, "%zu. %s: plugin %s %s (%s)\n", i + 1, st->cfg->id, d->name, d->version ? d->version : "",
                st->mod->path);
        fprintf(out, "   defined at %s:%d\n", st->cfg->origin.file, st->cfg->origin.line);
        for (size_t k = 0; k < st->opts.n; k++) {
            const tp__optval *v = &st->opts.vals[k];
            fprintf(out, "   %s = ", st->opts.spec[k].name);
            describe_value(out, &v->value);
            if (!v->value.kind)
                fputs("\n", out);
            else if (v->set && v->origin.line)
                fprintf(out, "    (%s:%d)\n", v->origin.file, v->origin.line);
            else if (v->set)
                fprintf(out, "    (%s)\n", v->origin.file);
            else
                fputs("    (default)\n", out);
        }
    }
}

/* ---- The plugin API: init ------------------------------------------------- */

const char *tp_init_stage_id(const tp_init *ini) { return ini->st->cfg->id; }

static const tp__optval *opt(const tp_init *ini, const char *name, tp_option_type want)
{
    tp_option_type type;
    const tp__optval *v = tp__options_get(&ini->st->opts, name, &type);
    if (!v || type != want) {
        tp__diag_print(stderr, &(tp__where){.stage = ini->st->cfg->id}, TP__ERROR,
                       "plugin bug: asked for %s option \"%s\", which its option table %s",
                       tp__option_type_name(want), name, v ? "declares with another type" : "does not declare");
        return NULL;
    }
    return v;
}

const char *tp_opt_str(const tp_init *ini, const char *name)
{
    const tp__optval *v = opt(ini, name, TP_OPT_STRING);
    return v && v->value.kind == TP__V_STRING ? v->value.s : NULL;
}

int64_t tp_opt_int(const tp_init *ini, const char *name)
{
    const tp__optval *v = opt(ini, name, TP_OPT_INT);
    return v && v->value.kind == TP__V_INT ? v->value.i : 0;
}

double tp_opt_double(const tp_init *ini, const char *name)
{
    const tp__optval *v = opt(ini, name, TP_OPT_DOUBLE);
    return v && v->value.kind == TP__V_FLOAT ? v->value.d : 0.0;
}

int tp_opt_bool(const tp_init *ini, const char *name)
{
    const tp__optval *v = opt(ini, name, TP_OPT_BOOL);
    return v && v->value.kind == TP__V_BOOL ? (int)v->value.i : 0;
}

size_t tp_opt_list_len(const tp_init *ini, const char *name)
{
    const tp__optval *v = opt(ini, name, TP_OPT_LIST);
    return v && v->value.kind == TP__V_LIST ? v->value.nitems : 0;
}

const char *tp_opt_list_item(const tp_init *ini, const char *name, size_t i)
{
    const tp__optval *v = opt(ini, name, TP_OPT_LIST);
    return v && v->value.kind == TP__V_LIST && i < v->value.nitems ? v->value.items[i] : NULL;
}

int tp_opt_is_set(const tp_init *ini, const char *name)
{
    const tp__optval *v = tp__options_get(&ini->st->opts, name, NULL);
    return v && v->set;
}

/* Remembers the first name problem of an init() call. */
static void bad_name(tp_init *ini, char *why)
{
    if (ini->bad_name)
        free(why);
    else
        ini->bad_name = why;
}

void tp_init_bind(tp_init *ini, void *state)
{
    /* Like a bad name, a bug that init()'s return value may not show. */
    if (!state) {
        bad_name(ini, tp__xstrdup("plugin bug: tp_init_bind() was given no state"));
        return;
    }
    /* A plugin that says it is 1.0 has no bound fields, whatever the bytes. */
    if (ini->st->mod->desc->abi_minor >= 1)
        tp__options_bind(&ini->st->opts, state);
}

tp_type tp_init_type(tp_init *ini, const char *name)
{
    char *why = tp__type_name_problem(name);
    if (why)
        bad_name(ini, why);
    return tp__names_intern(&ini->p->types, name);
}

tp_feat tp_init_feat(tp_init *ini, const char *name)
{
    char *why = tp__feat_name_problem(&ini->p->feats, name);
    if (why)
        bad_name(ini, why);
    return tp__names_intern(&ini->p->feats, name);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *tp_init_data_dir(const tp_init *ini)
{
    tp_init *mut = (tp_init *)ini;
    const char *name = ini->st->mod->name;
    const char *env = getenv("TEXTPIPE_DATA_DIR");
    if (env && *env) {
        char *d = tp__xasprintf("%s/%s/data", env, name);
        if (is_dir(d))
            return init_keep(mut, d);
        free(d);
        return init_keep(mut, tp__xasprintf("%s/%s", env, name));
    }
    return init_keep(mut, tp__xasprintf("%s/%s", TP_PKGDATADIR, name));
}

const char *tp_init_path(tp_init *ini, const char *path)
{
    if (!path)
        return NULL;
    if (strncmp(path, "@data/", 6) == 0)
        return init_keep(ini, tp__xasprintf("%s/%s", tp_init_data_dir(ini), path + 6));
    if (path[0] == '/')
        return path;
    /* Relative to the file that set the option that holds this path. */
    const char *dir = NULL;
    for (size_t i = 0; i < ini->st->opts.n && !dir; i++) {
        const tp__optval *v = &ini->st->opts.vals[i];
        if (!v->set)
            continue;
        if (v->value.kind == TP__V_STRING && v->value.s == path)
            dir = v->origin.dir;
        for (size_t k = 0; v->value.kind == TP__V_LIST && k < v->value.nitems; k++)
            if (v->value.items[k] == path)
                dir = v->origin.dir;
    }
    if (!dir)
        return path;
    return init_keep(ini, tp__xasprintf("%s/%s", dir, path));
}

int tp_init_fail(tp_init *ini, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (!ini->failure)
        ini->failure = tp__xstrdup(buf);
    return TP_ERR;
}

_Static_assert((int)TP__ERROR == TP_LOG_ERROR && (int)TP__WARNING == TP_LOG_WARN && (int)TP__INFO == TP_LOG_INFO &&
                   (int)TP__DEBUG == TP_LOG_DEBUG,
               "a plugin's log level is a diagnostic's severity");

/* A level past TP_LOG_DEBUG (a plugin bug) is logged as debug. */
static tp__severity severity_of(tp_log_level level)
{
    return (unsigned)level <= TP_LOG_DEBUG ? (tp__severity)level : TP__DEBUG;
}

void tp_init_log(tp_init *ini, tp_log_level level, const char *fmt, ...)
{
    if ((int)level > ini->st->log_level)
        return;
    va_list ap;
    va_start(ap, fmt);
    tp__diag_vprint(stderr, &(tp__where){.stage = ini->st->cfg->id}, severity_of(level), fmt, ap);
    va_end(ap);
}

/* ---- The plugin API: process ---------------------------------------------- */

int tp_fail(tp_ctx *ctx, const char *code, const char *fmt, ...)
{
    if (ctx->failed)
        return TP_ERR;
    ctx->failed = true;
    snprintf(ctx->code, sizeof ctx->code, "%s", code && *code ? code : "failed");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->message, sizeof ctx->message, fmt, ap);
    va_end(ap);
    return TP_ERR;
}

void tp_log(tp_ctx *ctx, tp_log_level level, const char *fmt, ...)
{
    if ((int)level > ctx->st->log_level)
        return;
    va_list ap;
    va_start(ap, fmt);
    tp__diag_vprint(stderr, &(tp__where){.stage = ctx->st->cfg->id, .doc = tp_doc_id(ctx->doc)},
                    severity_of(level), fmt, ap);
    va_end(ap);
}
