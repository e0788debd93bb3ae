/*
 * pipeline.h - stages built from a config, run over documents.
 *
 * Two steps, so the batch runner can fork between them (DESIGN §7):
 *   tp__pipeline_load()   loads every plugin, validates every option and
 *                         the stage order, reporting all problems at once;
 *   tp__pipeline_start()  calls each stage's init() (once per process).
 * Then tp__pipeline_run() per document, and tp__pipeline_free() calls fini().
 * A pipeline owns its type and feature names; no state is global, so one
 * process may hold several pipelines.
 */
#ifndef TP_PIPELINE_H
#define TP_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "doc_impl.h"
#include "json_out.h"
#include "loader.h"
#include "names.h"

/* The public tp_pipeline (textpipe/embed.h) is this type. */
typedef struct tp_pipeline tp__pipeline;

typedef struct tp__load_opts {
    const char *const *plugin_dirs; /* --plugin-path, first */
    size_t nplugin_dirs;
    bool no_env;                        /* ignore TEXTPIPE_PLUGIN_PATH (tests) */
    bool no_installed;                  /* skip the installed plugin directory (tests) */
    bool allow_insecure;                /* load plugins other users could modify */
    const tp__builtin_plugin *builtins; /* plugins compiled in */
    size_t nbuiltins;
    bool config_failed; /* the config had errors (already in *d): check the rest anyway */
} tp__load_opts;

/* Takes ownership of *cfg (zeroed on return).  Returns NULL with messages in
 * *d on any problem.  Every problem is reported at once: when something is
 * wrong already (lo->config_failed, a plugin missing, a bad option), the
 * stages that did load with good options are started anyway (init(), then
 * fini()), so their init errors come in the same report. */
tp__pipeline *tp__pipeline_load(tp__config *cfg, const tp__load_opts *lo, tp__diags *d);

/* Runs every stage's init().  Returns 0, or -1 with a message per failed
 * stage (the stages that did start are finished by tp__pipeline_free).
 * A failure is reported where the option it names was set (a file's line,
 * or the --set argument): an option the plugin's message names as a word
 * ("option dollar: …"), else one whose value it quotes; otherwise at the
 * stage's own line. */
int tp__pipeline_start(tp__pipeline *p, tp__diags *d);

typedef struct tp__stage_error {
    const char *stage; /* stage id, or "core" */
    char code[48];
    char message[512];
} tp__stage_error;

/* Runs the stages over `doc` (already set and validated).  Returns 0, or -1
 * with *err describing the first failure. */
int tp__pipeline_run(tp__pipeline *p, tp_doc *doc, tp__stage_error *err);

/* Makes tp__pipeline_run() store the index of the stage it is running in
 * *slot (-1 between stages), so a process that watches this one can name
 * the stage when it crashes or hangs.  `slot` may be shared memory. */
void tp__pipeline_set_probe(tp__pipeline *p, volatile int32_t *slot);
/* Makes tp__pipeline_run() store the seconds each stage took in
 * seconds[0..stage_count) (0 for stages it did not reach), for a server's
 * per-stage latency figures.  NULL: no clock is read. */
void tp__pipeline_set_stage_times(tp__pipeline *p, double *seconds);
/* After each stage, checks the process's peak resident memory against
 * `bytes` (0: no check): a stage that took it over fails the document
 * with code "memory", and tp__pipeline_over_memory() turns true - the
 * caller should end the process, since the memory will not come back. */
void tp__pipeline_set_memory_limit(tp__pipeline *p, size_t bytes);
/* Tells the stages (tp_init_type_wanted) that nothing but the output reads
 * the documents after them: `textpipe run`.  Call before starting. */
void tp__pipeline_set_output_only(tp__pipeline *p);
bool tp__pipeline_over_memory(const tp__pipeline *p);

/* A type or feature name's id in this pipeline, or 0 when none uses it. */
uint32_t tp__pipeline_type(const tp__pipeline *p, const char *name);
uint32_t tp__pipeline_feat(const tp__pipeline *p, const char *name);
/* The same, adding the name when it is new. */
uint32_t tp__pipeline_add_type(tp__pipeline *p, const char *name);
uint32_t tp__pipeline_add_feat(tp__pipeline *p, const char *name);
/* The name of an id, or NULL. */
const char *tp__pipeline_type_name(const tp__pipeline *p, uint32_t id);
const char *tp__pipeline_feat_name(const tp__pipeline *p, uint32_t id);

size_t tp__pipeline_stage_count(const tp__pipeline *p);
/* The id of stage i, or "core" when i is out of range. */
const char *tp__pipeline_stage_id(const tp__pipeline *p, size_t i);

/* A fresh document bound to this pipeline's names. */
tp_doc *tp__pipeline_new_doc(tp__pipeline *p);

/* How documents are written: which layers are visible, their names. */
void tp__pipeline_write_opts(tp__pipeline *p, tp__write_opts *o);

void tp__pipeline_free(tp__pipeline *p);

/* For `textpipe check`: describe stages, options and where values came from. */
void tp__pipeline_describe(const tp__pipeline *p, FILE *out);

/* What stage i is, for a run's manifest (all borrowed from the pipeline).
 * Returns 0, or -1 when i is out of range. */
typedef struct tp__stage_info {
    const char *id;
    const char *plugin;
    const char *version;
    const char *path;              /* the module file loaded; NULL when built in */
    const char *log_level;         /* NULL: default */
    const struct tp__optset *opts; /* effective options (options.h) */
} tp__stage_info;
int tp__pipeline_stage_info(const tp__pipeline *p, size_t i, tp__stage_info *out);

/* The config the pipeline was built from. */
const tp__config *tp__pipeline_config(const tp__pipeline *p);

#endif
