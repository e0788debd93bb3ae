/*
 * cli.h - the commands' entry points and what `run --format html` borrows
 * from `view`.  The command line itself (DESIGN §5; fixed) is written once,
 * in each command's tp__command entry (command.h), from which both
 * `textpipe --help` and `textpipe COMMAND --help` print it.
 *
 * Exit codes: 0 all documents processed; 1 some failed (each has its error
 * record); 2 usage, config or plugin-load error (nothing processed); 3 fatal
 * I/O error.
 */
#ifndef TP_CLI_H
#define TP_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "command.h"
#include "html.h"

/* The entries' `main`s (argv[0] is the command's name). */
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

#endif
