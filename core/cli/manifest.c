/*
 * manifest.c - describing a batch run and comparing two descriptions (see
 * manifest.h).  Not on any hot path: cJSON builds and reads it.
 */
#include "autoconfig.h"

#include "manifest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "digest.h"
#include "fileio.h"
#include "options.h"
#include "outfile.h"
#include "xalloc.h"

#define MANIFEST_FORMAT "textpipe-manifest/1"
/* Manifests are a few kilobytes; a larger file is not one textpipe wrote. */
#define MANIFEST_MAX_BYTES ((size_t)64 << 20)

static cJSON *value_json(const tp__value *v)
{
    switch (v->kind) {
    case TP__V_STRING: return cJSON_CreateString(v->s);
    case TP__V_INT: return cJSON_CreateNumber((double)v->i);
    case TP__V_FLOAT: return cJSON_CreateNumber(v->d);
    case TP__V_BOOL: return cJSON_CreateBool(v->i != 0);
    case TP__V_LIST: {
        cJSON *a = cJSON_CreateArray();
        for (size_t i = 0; i < v->nitems; i++) cJSON_AddItemToArray(a, cJSON_CreateString(v->items[i]));
        return a;
    }
    default: return cJSON_CreateNull();
    }
}

static const char *offsets_name(tp__offset_unit u)
{
    return u == TP_OFFSETS_BYTES ? "bytes" : u == TP_OFFSETS_UTF16 ? "utf16" : "codepoints";
}

/* "plugins", "config" and "options": everything the pipeline hash covers. */
static cJSON *pipeline_part(const tp__pipeline *p, const tp__manifest_opts *o)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "textpipe", PACKAGE_VERSION);
    cJSON *plugins = cJSON_AddArrayToObject(m, "plugins");
    cJSON *cfg = cJSON_AddObjectToObject(m, "config");
    cJSON *stages = cJSON_AddArrayToObject(cfg, "stages");
    tp__stage_info si;
    for (size_t i = 0; tp__pipeline_stage_info(p, i, &si) == 0; i++) {
        cJSON *pl = cJSON_CreateObject();
        cJSON_AddStringToObject(pl, "stage", si.id);
        cJSON_AddStringToObject(pl, "plugin", si.plugin);
        cJSON_AddStringToObject(pl, "version", si.version);
        char hex[TP__SHA256_HEX_LEN + 1];
        if (si.path && si.path[0] == '/' && tp__sha256_file(si.path, hex) == 0) {
            cJSON_AddStringToObject(pl, "path", si.path);
            cJSON_AddStringToObject(pl, "sha256", hex);
        } else {
            cJSON_AddStringToObject(pl, "path", si.path ? si.path : "");
            cJSON_AddNullToObject(pl, "sha256");
        }
        cJSON_AddItemToArray(plugins, pl);

        cJSON *st = cJSON_CreateObject();
        cJSON_AddStringToObject(st, "id", si.id);
        cJSON_AddStringToObject(st, "plugin", si.plugin);
        if (si.log_level)
            cJSON_AddStringToObject(st, "log_level", si.log_level);
        cJSON *opts = cJSON_AddObjectToObject(st, "options");
        for (size_t k = 0; k < si.opts->n; k++)
            cJSON_AddItemToObject(opts, si.opts->spec[k].name, value_json(&si.opts->vals[k].value));
        cJSON_AddItemToArray(stages, st);
    }
    const tp__config *c = tp__pipeline_config(p);
    cJSON *out = cJSON_AddObjectToObject(cfg, "output");
    cJSON_AddBoolToObject(out, "text", c->text);
    if (c->hide_set) {
        cJSON *hide = cJSON_AddArrayToObject(out, "hide");
        for (size_t k = 0; k < c->nhide; k++) cJSON_AddItemToArray(hide, cJSON_CreateString(c->hide[k]));
    }
    /* What shapes each record: in the pipeline hash. */
    cJSON *opt = cJSON_AddObjectToObject(m, "options");
    cJSON_AddStringToObject(opt, "offsets", offsets_name(o->offsets));
    cJSON_AddBoolToObject(opt, "pretty", o->pretty);
    /* How inputs are read: compared on resume, not hashed. */
    cJSON *in = cJSON_AddObjectToObject(m, "input_options");
    cJSON_AddNumberToObject(in, "max_doc_bytes", (double)o->max_doc_bytes);
    cJSON_AddStringToObject(in, "input", o->input_format ? o->input_format : "auto");
    cJSON_AddStringToObject(in, "id_field", o->id_field ? o->id_field : "id");
    cJSON_AddStringToObject(in, "text_field", o->text_field ? o->text_field : "text");
    if (o->title_field)
        cJSON_AddStringToObject(in, "title_field", o->title_field);
    cJSON_AddBoolToObject(in, "recursive", o->recursive);
    return m;
}

static void hash_of(const cJSON *part, char hash[TP__PIPELINE_HASH_LEN + 1], char *config_hex)
{
    /* The plugins' names, versions and file hashes, the config, the options;
     * not the plugins' paths, so an installed copy of the same file hashes
     * the same. */
    cJSON *h = cJSON_CreateObject();
    cJSON_AddItemToObject(h, "textpipe", cJSON_Duplicate(cJSON_GetObjectItem(part, "textpipe"), 1));
    cJSON *pl = cJSON_AddArrayToObject(h, "plugins");
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(part, "plugins"))
    {
        cJSON *x = cJSON_Duplicate(e, 1);
        cJSON_DeleteItemFromObject(x, "path");
        cJSON_AddItemToArray(pl, x);
    }
    cJSON_AddItemToObject(h, "config", cJSON_Duplicate(cJSON_GetObjectItem(part, "config"), 1));
    cJSON_AddItemToObject(h, "options", cJSON_Duplicate(cJSON_GetObjectItem(part, "options"), 1));
    char *text = cJSON_PrintUnformatted(h);
    char hex[TP__SHA256_HEX_LEN + 1];
    tp__sha256_hex(text, strlen(text), hex);
    memcpy(hash, hex, TP__PIPELINE_HASH_LEN);
    hash[TP__PIPELINE_HASH_LEN] = '\0';
    free(text);
    if (config_hex) {
        text = cJSON_PrintUnformatted(cJSON_GetObjectItem(part, "config"));
        tp__sha256_hex(text, strlen(text), config_hex);
        free(text);
    }
    cJSON_Delete(h);
}

void tp__manifest_pipeline_hash(const tp__pipeline *p, const tp__manifest_opts *o,
                                char hash[TP__PIPELINE_HASH_LEN + 1])
{
    cJSON *part = pipeline_part(p, o);
    hash_of(part, hash, NULL);
    cJSON_Delete(part);
}

static void iso_time(char *buf, size_t n, const struct timespec *ts)
{
    struct tm tm;
    gmtime_r(&ts->tv_sec, &tm);
    size_t k = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + k, n - k, ".%09ldZ", ts->tv_nsec);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The *.txt names under dir/rel (relative to dir), into *names. */
static void list_txt(const char *dir, const char *rel, bool recursive, char ***names, size_t *n, size_t *cap)
{
    char *here = *rel ? tp__xasprintf("%s/%s", dir, rel) : tp__xstrdup(dir);
    DIR *dh = opendir(here);
    struct dirent *e;
    while (dh && (e = readdir(dh))) {
        if (e->d_name[0] == '.')
            continue;
        char *name = *rel ? tp__xasprintf("%s/%s", rel, e->d_name) : tp__xstrdup(e->d_name);
        char *full = tp__xasprintf("%s/%s", dir, name);
        struct stat st;
        size_t len = strlen(e->d_name);
        if (recursive && lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
            list_txt(dir, name, true, names, n, cap);
            free(name);
        } else if (len >= 4 && strcmp(e->d_name + len - 4, ".txt") == 0) {
            *names = tp__xgrow(*names, cap, *n + 1, sizeof **names);
            (*names)[(*n)++] = name;
        } else {
            free(name);
        }
        free(full);
    }
    if (dh)
        closedir(dh);
    free(here);
}

static cJSON *input_json(const char *path, bool recursive)
{
    cJSON *in = cJSON_CreateObject();
    cJSON_AddStringToObject(in, "path", path);
    struct stat st;
    if (strcmp(path, "-") == 0) {
        cJSON_AddStringToObject(in, "type", "stdin");
        return in;
    }
    if (stat(path, &st) != 0) {
        cJSON_AddStringToObject(in, "type", "missing");
        return in;
    }
    char when[64];
    if (S_ISREG(st.st_mode)) {
        cJSON_AddStringToObject(in, "type", "file");
        cJSON_AddNumberToObject(in, "size", (double)st.st_size);
        iso_time(when, sizeof when, &st.st_mtim);
        cJSON_AddStringToObject(in, "mtime", when);
    } else if (S_ISDIR(st.st_mode)) {
        /* The folder's *.txt files by name, size and time, as one hash. */
        cJSON_AddStringToObject(in, "type", "directory");
        char **names = NULL;
        size_t n = 0, cap = 0;
        list_txt(path, "", recursive, &names, &n, &cap);
        qsort(names, n, sizeof *names, cmp_str);
        tp__buf listing = {0};
        for (size_t i = 0; i < n; i++) {
            char *f = tp__xasprintf("%s/%s", path, names[i]);
            struct stat fs;
            if (stat(f, &fs) == 0) {
                iso_time(when, sizeof when, &fs.st_mtim);
                tp__buf_printf(&listing, "%s\t%lld\t%s\n", names[i], (long long)fs.st_size, when);
            }
            free(f);
            free(names[i]);
        }
        free(names);
        char hex[TP__SHA256_HEX_LEN + 1];
        tp__sha256_hex(listing.data ? listing.data : "", listing.len, hex);
        tp__buf_free(&listing);
        cJSON_AddNumberToObject(in, "files", (double)n);
        cJSON_AddStringToObject(in, "listing_sha256", hex);
    } else {
        cJSON_AddStringToObject(in, "type", "stream");
    }
    return in;
}

cJSON *tp__manifest_build(const tp__pipeline *p, const tp__manifest_opts *o, const char *const *paths,
                          size_t npaths, char hash[TP__PIPELINE_HASH_LEN + 1])
{
    cJSON *part = pipeline_part(p, o);
    char config_hex[TP__SHA256_HEX_LEN + 1];
    hash_of(part, hash, config_hex);
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "format", MANIFEST_FORMAT);
    cJSON_AddStringToObject(m, "textpipe", PACKAGE_VERSION);
    cJSON_AddStringToObject(m, "pipeline", hash);
    cJSON_AddItemToObject(m, "plugins", cJSON_DetachItemFromObject(part, "plugins"));
    cJSON_AddItemToObject(m, "config", cJSON_DetachItemFromObject(part, "config"));
    cJSON_AddStringToObject(m, "config_sha256", config_hex);
    cJSON *opt = cJSON_DetachItemFromObject(part, "options");
    if (o->errors)
        cJSON_AddStringToObject(opt, "errors", o->errors);
    else
        cJSON_AddNullToObject(opt, "errors");
    cJSON_AddItemToObject(m, "options", opt);
    cJSON_AddItemToObject(m, "input_options", cJSON_DetachItemFromObject(part, "input_options"));
    cJSON *ins = cJSON_AddArrayToObject(m, "inputs");
    if (npaths == 0)
        cJSON_AddItemToArray(ins, input_json("-", false));
    for (size_t i = 0; i < npaths; i++) cJSON_AddItemToArray(ins, input_json(paths[i], o->recursive));
    cJSON_AddBoolToObject(m, "complete", false);
    cJSON_Delete(part);
    return m;
}

void tp__manifest_stamp(cJSON *m, const char *key)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char when[64];
    iso_time(when, sizeof when, &ts);
    cJSON_DeleteItemFromObject(m, key);
    cJSON_AddStringToObject(m, key, when);
}

cJSON *tp__manifest_read(const char *path, char *err, size_t errlen)
{
    size_t len;
    char *text = tp__read_file(path, MANIFEST_MAX_BYTES, &len);
    /* A folder, a FIFO or a huge file is not a manifest textpipe wrote. */
    if (!text && errno != EISDIR && errno != EINVAL && errno != EFBIG) {
        int e = errno;
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(e));
        errno = e;
        return NULL;
    }
    cJSON *m = text ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    const cJSON *fmt = cJSON_GetObjectItem(m, "format");
    if (!m || !cJSON_IsString(fmt) || strcmp(fmt->valuestring, MANIFEST_FORMAT) != 0) {
        snprintf(err, errlen, "%s is not a textpipe manifest", path);
        cJSON_Delete(m);
        errno = EINVAL;
        return NULL;
    }
    return m;
}

int tp__manifest_write(const char *path, const cJSON *m)
{
    char *text = cJSON_Print(m);
    size_t len = strlen(text);
    text[len] = '\0';
    tp__buf b = {0};
    tp__buf_append(&b, text, len);
    tp__buf_putc(&b, '\n');
    free(text);
    int rc = tp__outfile_replace(path, b.data, b.len);
    tp__buf_free(&b);
    return rc;
}

/* Compact JSON of an item, for messages (caller frees). */
static char *show(const cJSON *v)
{
    if (!v)
        return tp__xstrdup("(none)");
    char *s = cJSON_PrintUnformatted(v);
    char *r = tp__xstrdup(s ? s : "?");
    free(s);
    return r;
}

static void differ(tp__buf *why, size_t *n, const char *what, const cJSON *then, const cJSON *now)
{
    if ((!then && !now) || cJSON_Compare(then, now, 1))
        return;
    char *a = show(then), *b = show(now);
    tp__buf_printf(why, "  %s: %.200s then, %.200s now\n", what, a, b);
    free(a);
    free(b);
    (*n)++;
}

static const cJSON *find_by(const cJSON *array, const char *key, const char *value)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, array)
    {
        const cJSON *k = cJSON_GetObjectItem(e, key);
        if (cJSON_IsString(k) && strcmp(k->valuestring, value) == 0)
            return e;
    }
    return NULL;
}

/* The stage ids of a config, in order. */
static cJSON *stage_ids(const cJSON *config)
{
    cJSON *ids = cJSON_CreateArray();
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(config, "stages"))
    {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(e, "id"));
        cJSON_AddItemToArray(ids, cJSON_CreateString(id ? id : "?"));
    }
    return ids;
}

static size_t compare_pipeline(const cJSON *then, const cJSON *now, tp__buf *why)
{
    size_t n = 0;
    differ(why, &n, "textpipe version", cJSON_GetObjectItem(then, "textpipe"), cJSON_GetObjectItem(now, "textpipe"));
    const cJSON *pt = cJSON_GetObjectItem(then, "plugins"), *pn = cJSON_GetObjectItem(now, "plugins");
    const cJSON *e;
    char what[256];
    cJSON_ArrayForEach(e, pn)
    {
        const char *stage = cJSON_GetStringValue(cJSON_GetObjectItem(e, "stage"));
        const cJSON *old = stage ? find_by(pt, "stage", stage) : NULL;
        if (!old) {
            tp__buf_printf(why, "  stage %s: not in the earlier run\n", stage ? stage : "?");
            n++;
            continue;
        }
        static const char *const keys[] = {"plugin", "version", "sha256"};
        for (size_t k = 0; k < 3; k++) {
            snprintf(what, sizeof what, "stage %s, plugin %s", stage, keys[k]);
            differ(why, &n, what, cJSON_GetObjectItem(old, keys[k]), cJSON_GetObjectItem(e, keys[k]));
        }
    }
    cJSON_ArrayForEach(e, pt)
    {
        const char *stage = cJSON_GetStringValue(cJSON_GetObjectItem(e, "stage"));
        if (stage && !find_by(pn, "stage", stage)) {
            tp__buf_printf(why, "  stage %s: in the earlier run, not now\n", stage);
            n++;
        }
    }
    const cJSON *ct = cJSON_GetObjectItem(then, "config"), *cn = cJSON_GetObjectItem(now, "config");
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(cn, "stages"))
    {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(e, "id"));
        const cJSON *old = id ? find_by(cJSON_GetObjectItem(ct, "stages"), "id", id) : NULL;
        if (!old)
            continue; /* reported with the plugins */
        const cJSON *o;
        const cJSON *oldopts = cJSON_GetObjectItem(old, "options");
        cJSON_ArrayForEach(o, cJSON_GetObjectItem(e, "options"))
        {
            snprintf(what, sizeof what, "config: stage %s, option %s", id, o->string);
            differ(why, &n, what, cJSON_GetObjectItem(oldopts, o->string), o);
        }
        snprintf(what, sizeof what, "config: stage %s, log_level", id);
        differ(why, &n, what, cJSON_GetObjectItem(old, "log_level"), cJSON_GetObjectItem(e, "log_level"));
    }
    cJSON *order_then = stage_ids(ct), *order_now = stage_ids(cn);
    differ(why, &n, "config: stages", order_then, order_now);
    cJSON_Delete(order_then);
    cJSON_Delete(order_now);
    differ(why, &n, "config: output", cJSON_GetObjectItem(ct, "output"), cJSON_GetObjectItem(cn, "output"));
    static const char *const groups[] = {"options", "input_options"};
    for (size_t g = 0; g < 2; g++) {
        const cJSON *ot = cJSON_GetObjectItem(then, groups[g]), *on = cJSON_GetObjectItem(now, groups[g]);
        cJSON_ArrayForEach(e, on)
        {
            snprintf(what, sizeof what, "option %s", e->string);
            differ(why, &n, what, cJSON_GetObjectItem(ot, e->string), e);
        }
    }
    return n;
}

static size_t compare_inputs(const cJSON *then, const cJSON *now, tp__buf *why)
{
    size_t n = 0;
    const cJSON *it = cJSON_GetObjectItem(then, "inputs"), *in = cJSON_GetObjectItem(now, "inputs");
    if (cJSON_GetArraySize(it) != cJSON_GetArraySize(in)) {
        tp__buf_printf(why, "  inputs: %d then, %d now\n", cJSON_GetArraySize(it), cJSON_GetArraySize(in));
        return 1;
    }
    for (int i = 0; i < cJSON_GetArraySize(in); i++) {
        const cJSON *a = cJSON_GetArrayItem(it, i), *b = cJSON_GetArrayItem(in, i);
        if (cJSON_Compare(a, b, 1))
            continue;
        char *sa = show(a), *sb = show(b);
        tp__buf_printf(why, "  input %d: %.300s then, %.300s now\n", i + 1, sa, sb);
        free(sa);
        free(sb);
        n++;
    }
    return n;
}

size_t tp__manifest_compare(const cJSON *then, const cJSON *now, tp__buf *why)
{
    return compare_pipeline(then, now, why) + compare_inputs(then, now, why);
}

bool tp__manifest_only_inputs_differ(const cJSON *then, const cJSON *now)
{
    tp__buf scratch = {0};
    size_t n = compare_pipeline(then, now, &scratch);
    tp__buf_free(&scratch);
    return n == 0;
}

bool tp__manifest_inputs_differ(const cJSON *then, const cJSON *now)
{
    tp__buf scratch = {0};
    size_t n = compare_inputs(then, now, &scratch);
    tp__buf_free(&scratch);
    return n != 0;
}
