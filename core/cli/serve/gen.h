/*
 * gen.h - a generation: every newsroom's pipeline, loaded once.
 *
 * `textpipe serve` loads its configs into a generation at start and again
 * on each SIGHUP.  A generation is one pipeline per config: -c CONFIG (or
 * the built-in default) is the newsroom "default"; --config-dir DIR adds
 * one per DIR/NAME.cfg, named NAME.  Plugins are loaded (in this process)
 * and options checked; the stages start in the workers (pool.h), which
 * fork from this process and so inherit the loaded pipelines.
 *
 * Each pipeline's hash is the one `textpipe run -c CONFIG --offsets UNIT`
 * writes into its records (manifest.h), for each unit, so a record from
 * the server and one from a batch run of the same config are the same
 * bytes.
 */
#ifndef TP_SERVE_GEN_H
#define TP_SERVE_GEN_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "cli.h"
#include "manifest.h"
#include "pipeline.h"

typedef struct tp__gen {
    unsigned id;    /* 1 for the first load, then one more per reload */
    size_t n;       /* pipelines */
    char **names;   /* newsroom names, sorted */
    char **configs; /* their config files; NULL: the built-in default */
    tp__pipeline **p;
    char (*hash)[3][TP__PIPELINE_HASH_LEN + 1]; /* by pipeline and offsets unit */
    const char **hashes;                        /* the same as pointers, [k * 3 + unit] (tp__worker_cfg) */
    int default_index;                          /* the pipeline for requests that name none; -1: none */
    char loaded_at[40];                         /* ISO 8601, UTC */
    cJSON *info;                                /* what GET /v1/pipelines shows of it */
    size_t refs;                                /* requests and jobs that use it (pool.h frees it at 0) */
} tp__gen;

typedef struct tp__gen_opts {
    tp__cli_pipeline_opts po; /* -c, --set, --plugin-path, --allow-insecure-plugins */
    const char *config_dir;   /* NULL: none */
} tp__gen_opts;

/* Loads every config.  NULL with the messages in *d (every problem of
 * every config, each line naming its file). */
tp__gen *tp__gen_load(const tp__gen_opts *o, unsigned id, tp__diags *d);

/* The pipeline of newsroom `name` (NULL or "": the default), or -1. */
int tp__gen_find(const tp__gen *g, const char *name);

/* Whether `name` is acceptable as a newsroom name: letters, digits, '-',
 * '_' and '.', not starting with '.', 1 to 64 bytes. */
bool tp__gen_name_ok(const char *name);

void tp__gen_free(tp__gen *g);

#endif
