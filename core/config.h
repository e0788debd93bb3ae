/*
 * config.h - reading pipeline configurations (DESIGN §4; syntax fixed).
 *
 *   stages = ( { plugin = "sentences"; }, { plugin = "currency"; id = "money";
 *                options = { dollar = "AUD"; }; log_level = "info"; } );
 *   plugin_path = "plugins";                 # or a list; relative to this file
 *   output = { hide = ["token"]; text = true; };
 *
 * A newsroom file inherits a base and changes single options of single
 * stages, keyed by stage id (libconfig cannot override a setting that came
 * from @include, so the base sits inside a group and the core merges):
 *
 *   base = {
 *     @include "../default.cfg"
 *   };
 *   overrides = { currency = { dollar = "AUD"; }; };
 *   extra_stages = ( { plugin = "quotes"; } );   # appended after the base's
 *
 * @include is expanded by config_src.h: relative to the including file's
 * folder, absolute paths as written.  `--set ID.OPTION=VALUE` applies last.  Every value keeps the file and line
 * it came from, so later checks (against a plugin's option table) can report
 * "file:line: error: …".  This module knows nothing of plugins.
 */
#ifndef TP_CONFIG_H
#define TP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

typedef enum tp__value_kind {
    TP__V_STRING = 1,
    TP__V_INT,
    TP__V_FLOAT,
    TP__V_BOOL,
    TP__V_LIST, /* of strings */
    TP__V_OTHER /* a group, or a list holding non-strings: never a valid option */
} tp__value_kind;

typedef struct tp__value {
    tp__value_kind kind;
    char *s;      /* STRING */
    int64_t i;    /* INT, BOOL */
    double d;     /* FLOAT */
    char **items; /* LIST */
    size_t nitems;
    const char *what; /* OTHER: "a group", "a list of numbers" */
} tp__value;

/* Where a value came from. */
typedef struct tp__origin {
    char *file; /* display name; "--set" for the command line */
    int line;   /* 0 when unknown */
    char *dir;  /* folder against which relative paths resolve */
} tp__origin;

typedef struct tp__setting {
    char *name;
    tp__value value;
    tp__origin origin;
} tp__setting;

typedef struct tp__stage_cfg {
    char *id;
    char *plugin;
    char *log_level;   /* NULL: default */
    tp__origin origin; /* the stage's entry */
    tp__setting *opts;
    size_t nopts;
    size_t capopts;
} tp__stage_cfg;

typedef struct tp__config {
    tp__stage_cfg *stages;
    size_t nstages;
    size_t capstages;
    char **plugin_path; /* absolute */
    size_t npath;
    char **hide; /* output.hide: layer names not written */
    size_t nhide;
    bool hide_set;
    bool text;  /* output.text */
    char *file; /* the top file's display name */
} tp__config;

/* Reads a config file.  Returns 0, or -1 with every problem in *d.  The
 * config is left usable for listing even on error. */
int tp__config_load_file(tp__config *c, const char *path, tp__diags *d);

/* Reads a config from memory (the built-in default).  `name` is how
 * messages call it; relative includes and paths resolve against `dir`. */
int tp__config_load_string(tp__config *c, const char *text, const char *name, const char *dir, tp__diags *d);

/* Applies "ID.OPTION=VALUE".  VALUE is read as a libconfig value when it is
 * one (42, 0.5, true, "x", ["a", "b"]) and as a bare string otherwise. */
int tp__config_apply_set(tp__config *c, const char *assignment, tp__diags *d);

/* The stage with this id, or NULL. */
tp__stage_cfg *tp__config_stage(tp__config *c, const char *id);

/* A setting of a stage, or NULL. */
const tp__setting *tp__stage_option(const tp__stage_cfg *s, const char *name);

void tp__config_free(tp__config *c);

/* Reads `text` as a libconfig value (42, 0.5, true, "x", ["a", "b"]), or
 * as a bare string when it is not one. */
tp__value tp__value_parse(const char *text);
tp__value tp__value_copy(const tp__value *v);
void tp__value_free(tp__value *v);

/* Short description of a value's kind for messages: "a string", "an integer". */
const char *tp__value_describe(const tp__value *v);

#endif
