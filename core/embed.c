/*
 * embed.c - the embedding API (textpipe/embed.h): thin, documented doors
 * onto the config reader, the pipeline, the document model and the JSON
 * writer, so a program other than textpipe can run pipelines without the
 * core's internals.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <textpipe/embed.h>

#include "buf.h"
#include "config.h"
#include "json_out.h"
#include "jsonl.h"
#include "pipeline.h"
#include "xalloc.h"

#ifndef TP_CONFDIR
#define TP_CONFDIR "/usr/local/share/textpipe/conf"
#endif

extern const char tp__default_cfg[];

/* The fields of a caller's spec that its struct_size covers. */
static tp_pipeline_spec spec_of(const tp_pipeline_spec *in)
{
    tp_pipeline_spec s;
    memset(&s, 0, sizeof s);
    if (in) {
        size_t n = in->struct_size < sizeof s ? in->struct_size : sizeof s;
        memcpy(&s, in, n);
    }
    return s;
}

tp_pipeline *tp_pipeline_open(const tp_pipeline_spec *spec_in, char **errors)
{
    tp_pipeline_spec spec = spec_of(spec_in);
    tp__diags d = {0};
    tp__config cfg = {0};
    int rc;
    if (spec.config_file)
        rc = tp__config_load_file(&cfg, spec.config_file, &d);
    else if (spec.config_text)
        rc = tp__config_load_string(&cfg, spec.config_text, spec.config_name ? spec.config_name : "<memory>",
                                    spec.config_dir ? spec.config_dir : ".", &d);
    else
        rc = tp__config_load_string(&cfg, tp__default_cfg, "default.cfg (built in)", TP_CONFDIR, &d);
    for (size_t i = 0; i < spec.nsets; i++)
        if (tp__config_apply_set(&cfg, spec.sets[i], &d) != 0)
            rc = -1;
    tp__load_opts lo = {
        .plugin_dirs = spec.plugin_dirs,
        .nplugin_dirs = spec.nplugin_dirs,
        .no_env = (spec.flags & TP_PIPELINE_NO_ENV) != 0,
        .no_installed = (spec.flags & TP_PIPELINE_NO_INSTALLED) != 0,
        .allow_insecure = (spec.flags & TP_PIPELINE_ALLOW_INSECURE) != 0,
        .config_failed = rc != 0,
    };
    tp__pipeline *p = tp__pipeline_load(&cfg, &lo, &d);
    if (p && tp__pipeline_start(p, &d) != 0) {
        tp__pipeline_free(p);
        p = NULL;
    }
    if (!p && errors)
        *errors = tp__diags_text(&d);
    else if (errors)
        *errors = NULL;
    tp__diags_free(&d);
    return p;
}

void tp_pipeline_close(tp_pipeline *p) { tp__pipeline_free(p); }

tp_doc *tp_pipeline_new_doc(tp_pipeline *p) { return tp__pipeline_new_doc(p); }

void tp_doc_free(tp_doc *doc) { tp__doc_free(doc); }

/* Error texts live in the document's arena: valid until the next call. */
static int fail(tp_doc *doc, tp_doc_error *err, const char *stage, const char *code, const char *message)
{
    tp__arena *a = tp__doc_arena(doc);
    err->stage = tp__arena_strndup(a, stage, strlen(stage));
    err->code = tp__arena_strndup(a, code, strlen(code));
    err->message = tp__arena_strndup(a, message, strlen(message));
    return -1;
}

int tp_pipeline_set_doc(tp_pipeline *p, tp_doc *doc, const char *id, const char *text, size_t len,
                        const char *meta_json, size_t meta_len, tp_doc_error *err)
{
    (void)p;
    tp__doc_begin(doc);
    tp__arena *a = tp__doc_arena(doc);
    char *id_copy = tp__arena_strndup(a, id ? id : "", id ? strlen(id) : 0);
    char *text_copy = tp__arena_strndup(a, text ? text : "", text ? len : 0);
    tp__doc_problem why;
    if (tp__doc_set(doc, id_copy, text_copy, text ? len : 0, &why) != 0)
        return fail(doc, err, "input", why.code, why.message);
    if (meta_json) {
        tp__json_member *m;
        size_t n;
        tp__json_error jerr = {0};
        if (tp__jsonl_parse_object(meta_json, meta_len, a, &m, &n, &jerr) != 0) {
            char msg[256];
            snprintf(msg, sizeof msg, "meta, byte %zu: %s", jerr.offset, jerr.message);
            return fail(doc, err, "input", jerr.code, msg);
        }
        for (size_t i = 0; i < n; i++) tp__doc_add_meta(doc, m[i].key, m[i].raw, m[i].raw_len);
    }
    return 0;
}

int tp_pipeline_run_doc(tp_pipeline *p, tp_doc *doc, tp_doc_error *err)
{
    tp__stage_error se;
    memset(&se, 0, sizeof se);
    if (tp__pipeline_run(p, doc, &se) != 0)
        return fail(doc, err, se.stage ? se.stage : "core", se.code, se.message);
    return 0;
}

int tp_pipeline_process(tp_pipeline *p, tp_doc *doc, const char *id, const char *text, size_t len,
                        const char *meta_json, size_t meta_len, tp_doc_error *err)
{
    if (tp_pipeline_set_doc(p, doc, id, text, len, meta_json, meta_len, err) != 0)
        return -1;
    return tp_pipeline_run_doc(p, doc, err);
}

const char *tp_doc_settle(tp_doc *doc) { return tp__doc_end_stage(doc); }

static int give(tp__buf *b, char **json, size_t *len)
{
    tp__buf_putc(b, '\0');
    *json = b->data;
    if (len)
        *len = b->len - 1;
    return 0;
}

int tp_pipeline_record(tp_pipeline *p, tp_doc *doc, int offsets, char **json, size_t *len)
{
    if (offsets < 0 || offsets > TP_RECORD_UTF16)
        return -1;
    tp__write_opts wo = {0};
    tp__pipeline_write_opts(p, &wo);
    wo.offsets = (tp__offset_unit)offsets;
    tp__buf b = {0};
    tp__json_write_doc(&b, doc, &wo);
    free((void *)wo.visible);
    return give(&b, json, len);
}

int tp_error_record(const char *id, const tp_doc_error *err, char **json, size_t *len)
{
    tp__buf b = {0};
    tp__json_write_error(&b, id ? id : "", NULL, err->stage ? err->stage : "", err->code ? err->code : "",
                         err->message ? err->message : "");
    return give(&b, json, len);
}

tp_type tp_pipeline_type(const tp_pipeline *p, const char *name) { return tp__pipeline_type(p, name); }

tp_feat tp_pipeline_feat(const tp_pipeline *p, const char *name) { return tp__pipeline_feat(p, name); }

tp_type tp_pipeline_add_type(tp_pipeline *p, const char *name) { return tp__pipeline_add_type(p, name); }

tp_feat tp_pipeline_add_feat(tp_pipeline *p, const char *name) { return tp__pipeline_add_feat(p, name); }

const char *tp_pipeline_type_name(const tp_pipeline *p, tp_type type) { return tp__pipeline_type_name(p, type); }

const char *tp_pipeline_feat_name(const tp_pipeline *p, tp_feat feat) { return tp__pipeline_feat_name(p, feat); }

size_t tp_pipeline_stage_count(const tp_pipeline *p) { return tp__pipeline_stage_count(p); }

const char *tp_pipeline_stage_id(const tp_pipeline *p, size_t i)
{
    return i < tp__pipeline_stage_count(p) ? tp__pipeline_stage_id(p, i) : NULL;
}

const char *tp_pipeline_stage_plugin(const tp_pipeline *p, size_t i, const char **version)
{
    tp__stage_info si;
    if (tp__pipeline_stage_info(p, i, &si) != 0)
        return NULL;
    if (version)
        *version = si.version;
    return si.plugin;
}
