/*
 * cli.h - the textpipe command (DESIGN §5; fixed):
 *
 *   textpipe run    [-c CONFIG] [--set ID.OPT=VAL]... [-j N] [-o OUT] [--errors FILE]
 *                   [--input text|jsonl] [--offsets codepoints|bytes|utf16] [--pretty] [INPUT...]
 *   textpipe check  [-c CONFIG]        validate config and plugins, print the pipeline
 *   textpipe plugins                   list plugins found
 *   textpipe eval --layer L --gold G P  span P/R/F1 of layer L against gold data
 *   textpipe train NAME [ARGS...]      a plugin's training tool
 *   textpipe new-plugin NAME [DIR]     write an out-of-tree plugin project
 *   textpipe view [-o OUT.html] [--sentences] [--page-size N] [INPUT.jsonl...]
 *                                      records as one HTML page (also run --format html)
 *   textpipe --version | --help
 *
 * Exit codes: 0 all documents processed; 1 some failed (each has its error
 * record); 2 usage, config or plugin-load error (nothing processed); 3 fatal
 * I/O error.
 */
#ifndef TP_CLI_H
#define TP_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "html.h"
#include "pipeline.h"

enum { TP_EXIT_OK = 0, TP_EXIT_DOCS_FAILED = 1, TP_EXIT_USAGE = 2, TP_EXIT_IO = 3 };

/* Options shared by the commands that build a pipeline. */
typedef struct tp__cli_pipeline_opts {
    const char *config; /* -c; NULL: the built-in default */
    const char **sets;  /* --set, in order */
    size_t nsets;
    const char **plugin_dirs; /* --plugin-path */
    size_t nplugin_dirs;
    bool allow_insecure; /* --allow-insecure-plugins */
} tp__cli_pipeline_opts;

/* Reads the config, applies --set, loads plugins.  NULL with messages in *d. */
tp__pipeline *tp__cli_load_pipeline(const tp__cli_pipeline_opts *o, tp__diags *d);

/* Handles the shared options; returns 1 when `opt` was one of them. */
int tp__cli_pipeline_opt(tp__cli_pipeline_opts *o, int opt, const char *arg);

int tp__cmd_run(int argc, char **argv);
int tp__cmd_check(int argc, char **argv);
int tp__cmd_plugins(int argc, char **argv);
int tp__cmd_train(int argc, char **argv);
int tp__cmd_eval(int argc, char **argv);
int tp__cmd_new_plugin(int argc, char **argv);
int tp__cmd_view(int argc, char **argv);

/* Renders the JSON Lines files `paths` ("-" or none: stdin) as one HTML
 * page into `out_path` (NULL or "-": stdout; else written as OUT.part and
 * renamed when complete).  Prints any error; returns TP_EXIT_OK or
 * TP_EXIT_IO. */
int tp__cli_write_html(const char *const *paths, size_t npaths, const char *out_path, const tp__html_opts *o);
/* The default page title for these inputs (caller frees). */
char *tp__cli_html_title(const char *const *paths, size_t npaths);
/* codepoints|bytes|utf16; -1 for anything else. */
int tp__cli_parse_offsets(const char *arg, tp__offset_unit *unit);

/* The built-in default configuration (conf/default.cfg, generated). */
extern const char tp__default_cfg[];

#endif
