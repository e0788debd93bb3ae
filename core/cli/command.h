/*
 * command.h - what every textpipe command shares: its entry in the command
 * table (name, synopsis, summary), the options of the commands that build a
 * pipeline, parsed in one place, and --offsets.
 *
 * main.c dispatches through the table and prints `textpipe --help` from
 * it; a command prints its own `--help` from the same entry, so each
 * synopsis is written once.  The commands do not include main.c's header,
 * nor main.c theirs beyond this one: the dependency runs main.c ->
 * cmd_*.c -> command.c.
 */
#ifndef TP_CLI_COMMAND_H
#define TP_CLI_COMMAND_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "pipeline.h"
#include "utf8.h"

enum { TP_EXIT_OK = 0, TP_EXIT_DOCS_FAILED = 1, TP_EXIT_USAGE = 2, TP_EXIT_IO = 3 };

typedef struct tp__command {
    const char *name; /* "run" */
    /* argv[0] is the command's name; returns the exit status. */
    int (*main)(int argc, char **argv);
    /* What follows "textpipe NAME ": the lines of the synopsis, separated by
     * '\n' (no indent: the printer aligns them). */
    const char *synopsis;
    /* One or two lines for `textpipe --help`, separated by '\n'. */
    const char *summary;
} tp__command;

/* One entry per command, each defined beside its command. */
extern const tp__command tp__command_run, tp__command_check, tp__command_plugins, tp__command_eval,
    tp__command_train, tp__command_new_plugin, tp__command_serve, tp__command_view;

/* Writes PREFIX "textpipe NAME " and the synopsis, its later lines indented
 * by `indent` spaces, each line ending in '\n'. */
void tp__command_synopsis(FILE *out, const tp__command *c, const char *prefix, int indent);
/* "usage: textpipe NAME SYNOPSIS", later lines aligned under the first. */
void tp__command_usage(FILE *out, const tp__command *c);

/* ---- The commands that build a pipeline (run, check, plugins) -------------- */

/* getopt_long entries for -c/--config, --set, --plugin-path and
 * --allow-insecure-plugins, which tp__cli_pipeline_opt() handles. */
#define TP__CLI_PIPELINE_LONGOPTS                                                    \
    {"config", required_argument, NULL, 'c'}, {"set", required_argument, NULL, 's'}, \
        {"plugin-path", required_argument, NULL, 'P'},                               \
    {                                                                                \
        "allow-insecure-plugins", no_argument, NULL, 'I'                             \
    }

typedef struct tp__cli_pipeline_opts {
    const char *config; /* -c; NULL: the built-in default */
    const char **sets;  /* --set, in order */
    size_t nsets;
    const char **plugin_dirs; /* --plugin-path */
    size_t nplugin_dirs;
    bool allow_insecure; /* --allow-insecure-plugins */
} tp__cli_pipeline_opts;

/* Takes getopt's `opt` when it is one of TP__CLI_PIPELINE_LONGOPTS:
 * returns true after recording it. */
bool tp__cli_pipeline_opt(tp__cli_pipeline_opts *o, int opt, const char *arg);
/* Frees what tp__cli_pipeline_opt() allocated. */
void tp__cli_pipeline_opts_free(tp__cli_pipeline_opts *o);

/* Reads the config, applies --set, loads plugins.  NULL with messages in *d. */
tp__pipeline *tp__cli_load_pipeline(const tp__cli_pipeline_opts *o, tp__diags *d);

/* --offsets codepoints|bytes|utf16: 0, or -1 after printing the error. */
int tp__cli_parse_offsets(const char *arg, tp__offset_unit *unit);

/* The built-in default configuration (conf/default.cfg, generated). */
extern const char tp__default_cfg[];

#endif
