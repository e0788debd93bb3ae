/*
 * gen.c - loading every newsroom's config into one generation (see gen.h).
 */
#include "autoconfig.h"

#include "gen.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "digest.h"
#include "report.h"
#include "xalloc.h"

/* The default `textpipe run` input options: the hash covers only what
 * shapes records (offsets, pretty), but is computed from the same struct. */
#define RUN_DEFAULT_MAX_DOC ((size_t)64 << 20)

bool tp__gen_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 64 || name[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.'))
            return false;
    }
    return true;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The NAME.cfg files of dir, sorted, as NAME (in *names) and paths. */
static int list_configs(const char *dir, char ***names, size_t *n, tp__diags *d)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        tp__diags_add(d, dir, 0, "cannot read the config folder: %s", strerror(errno));
        return -1;
    }
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || strcmp(e->d_name + len - 4, ".cfg") != 0 || e->d_name[0] == '.')
            continue;
        char *name = tp__xstrndup(e->d_name, len - 4);
        if (!tp__gen_name_ok(name)) {
            tp__cli_warning("serve: %s/%s: skipped: a newsroom name has letters, digits, '-', '_' and '.' only",
                            dir, e->d_name);
            free(name);
            continue;
        }
        *names = tp__xgrow(*names, &cap, *n + 1, sizeof **names);
        (*names)[(*n)++] = name;
    }
    closedir(dh);
    if (*n)
        qsort(*names, *n, sizeof **names, cmp_str);
    else
        tp__diags_add(d, dir, 0, "no NAME.cfg file in the config folder");
    return *n ? 0 : -1;
}

/* One pipeline's entry in GET /v1/pipelines. */
static cJSON *describe(const tp__gen *g, size_t k)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "newsroom", g->names[k]);
    if (g->configs[k])
        cJSON_AddStringToObject(e, "config", g->configs[k]);
    else
        cJSON_AddStringToObject(e, "config", "default.cfg (built in)");
    cJSON_AddBoolToObject(e, "default", (int)k == g->default_index);
    cJSON_AddStringToObject(e, "pipeline", g->hash[k][TP_OFFSETS_CODEPOINTS]);
    cJSON *h = cJSON_AddObjectToObject(e, "pipeline_by_offsets");
    cJSON_AddStringToObject(h, "codepoints", g->hash[k][TP_OFFSETS_CODEPOINTS]);
    cJSON_AddStringToObject(h, "bytes", g->hash[k][TP_OFFSETS_BYTES]);
    cJSON_AddStringToObject(h, "utf16", g->hash[k][TP_OFFSETS_UTF16]);
    cJSON *st = cJSON_AddArrayToObject(e, "stages");
    tp__stage_info si;
    for (size_t i = 0; tp__pipeline_stage_info(g->p[k], i, &si) == 0; i++) {
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "id", si.id);
        cJSON_AddStringToObject(s, "plugin", si.plugin);
        cJSON_AddStringToObject(s, "version", si.version);
        cJSON_AddStringToObject(s, "path", si.path ? si.path : "");
        cJSON_AddItemToArray(st, s);
    }
    return e;
}

static void add(tp__gen *g, const char *name, const char *config)
{
    g->names = tp__xrealloc(g->names, (g->n + 1) * sizeof *g->names);
    g->configs = tp__xrealloc(g->configs, (g->n + 1) * sizeof *g->configs);
    g->p = tp__xrealloc(g->p, (g->n + 1) * sizeof *g->p);
    g->names[g->n] = tp__xstrdup(name);
    g->configs[g->n] = config ? tp__xstrdup(config) : NULL;
    g->p[g->n] = NULL;
    g->n++;
}

tp__gen *tp__gen_load(const tp__gen_opts *o, unsigned id, tp__diags *d)
{
    tp__gen *g = tp__xcalloc(1, sizeof *g);
    g->id = id;
    g->default_index = -1;
    char **dir_names = NULL;
    size_t ndir = 0;
    int rc = 0;
    if (o->config_dir && list_configs(o->config_dir, &dir_names, &ndir, d) != 0)
        rc = -1;
    if (o->po.config || !o->config_dir)
        add(g, "default", o->po.config);
    for (size_t i = 0; i < ndir; i++) {
        if (strcmp(dir_names[i], "default") == 0 && g->n && strcmp(g->names[0], "default") == 0) {
            tp__diags_add(d, o->config_dir, 0, "default.cfg here and -c both name the newsroom \"default\"");
            rc = -1;
        } else {
            char *path = tp__xasprintf("%s/%s.cfg", o->config_dir, dir_names[i]);
            add(g, dir_names[i], path);
            free(path);
        }
        free(dir_names[i]);
    }
    free(dir_names);
    /* Every config is loaded even after a failure: one report names every
     * problem. */
    for (size_t k = 0; k < g->n; k++) {
        tp__cli_pipeline_opts po = o->po;
        po.config = g->configs[k];
        g->p[k] = tp__cli_load_pipeline(&po, d);
        if (!g->p[k])
            rc = -1;
    }
    if (rc != 0) {
        tp__gen_free(g);
        return NULL;
    }
    g->hash = tp__xcalloc(g->n, sizeof *g->hash);
    g->hashes = tp__xcalloc(g->n * 3, sizeof *g->hashes);
    for (size_t k = 0; k < g->n; k++)
        for (int u = 0; u < 3; u++) {
            tp__manifest_opts mo = {
                (tp__offset_unit)u, false, RUN_DEFAULT_MAX_DOC, "auto", NULL, NULL, NULL, NULL, false};
            tp__manifest_pipeline_hash(g->p[k], &mo, g->hash[k][u]);
            g->hashes[k * 3 + (size_t)u] = g->hash[k][u];
        }
    g->default_index = tp__gen_find(g, "default");
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(g->loaded_at, sizeof g->loaded_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    g->info = cJSON_CreateObject();
    cJSON_AddNumberToObject(g->info, "generation", g->id);
    cJSON_AddStringToObject(g->info, "loaded", g->loaded_at);
    cJSON_AddStringToObject(g->info, "textpipe", PACKAGE_VERSION);
    cJSON *arr = cJSON_AddArrayToObject(g->info, "pipelines");
    for (size_t k = 0; k < g->n; k++) cJSON_AddItemToArray(arr, describe(g, k));
    return g;
}

int tp__gen_find(const tp__gen *g, const char *name)
{
    if (!name || !*name)
        return g->default_index;
    for (size_t k = 0; k < g->n; k++)
        if (strcmp(g->names[k], name) == 0)
            return (int)k;
    return -1;
}

void tp__gen_free(tp__gen *g)
{
    if (!g)
        return;
    for (size_t k = 0; k < g->n; k++) {
        free(g->names[k]);
        free(g->configs[k]);
        if (g->p[k])
            tp__pipeline_free(g->p[k]);
    }
    free(g->names);
    free(g->configs);
    free(g->p);
    free(g->hash);
    free(g->hashes);
    cJSON_Delete(g->info);
    free(g);
}
