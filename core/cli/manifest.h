/*
 * manifest.h - OUT.manifest.json: what made an output file.
 *
 * Written beside a batch's output when it starts and again when it ends:
 * the textpipe version; each stage's plugin with its version, file and
 * SHA-256; the effective configuration (every option's value, defaults
 * included) and its hash; the output options; each input with its size and
 * modification time (a folder: its *.txt files); start and end times and
 * the counts.  Every record carries the first 12 hex digits of the pipeline
 * hash, which covers the version, the plugins, the configuration and the
 * options that shape records, so a record found later names the pipeline
 * that made it.
 *
 * --resume compares the manifest left by the interrupted run with the one
 * this run would write and refuses to mix outputs of different pipelines or
 * inputs.
 */
#ifndef TP_MANIFEST_H
#define TP_MANIFEST_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "pipeline.h"
#include "utf8.h"

#define TP__PIPELINE_HASH_LEN 12

/* The options that shape records, for the manifest. */
typedef struct tp__manifest_opts {
    tp__offset_unit offsets;
    bool pretty;
    size_t max_doc_bytes;
    const char *input_format;                        /* "auto", "text" or "jsonl" */
    const char *errors;                              /* the errors file's real path, or NULL */
    const char *id_field, *text_field, *title_field; /* NULL: the defaults */
    bool recursive;
} tp__manifest_opts;

/* Describes this run (no times, no counts yet); hash gets the pipeline
 * hash.  The caller owns the result (cJSON_Delete). */
cJSON *tp__manifest_build(const tp__pipeline *p, const tp__manifest_opts *o, const char *const *paths,
                          size_t npaths, char hash[TP__PIPELINE_HASH_LEN + 1]);

/* The pipeline hash alone (no inputs looked at). */
void tp__manifest_pipeline_hash(const tp__pipeline *p, const tp__manifest_opts *o,
                                char hash[TP__PIPELINE_HASH_LEN + 1]);

/* Reads a manifest.  NULL with a message in err when it is missing
 * (errno ENOENT) or unreadable. */
cJSON *tp__manifest_read(const char *path, char *err, size_t errlen);

/* Writes it atomically.  Returns 0 or -1 with errno. */
int tp__manifest_write(const char *path, const cJSON *m);

/* Appends one line per difference that matters for resuming ("config:
 * stage currency, option dollar: \"USD\" then, \"AUD\" now") to why.
 * Returns how many there were. */
size_t tp__manifest_compare(const cJSON *then, const cJSON *now, tp__buf *why);

/* Whether only the inputs differ (the pipeline is the same). */
bool tp__manifest_only_inputs_differ(const cJSON *then, const cJSON *now);

/* Whether the inputs differ. */
bool tp__manifest_inputs_differ(const cJSON *then, const cJSON *now);

/* Sets "started"/"ended" to now (ISO 8601, UTC). */
void tp__manifest_stamp(cJSON *m, const char *key);

#endif
