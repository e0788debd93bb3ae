/*
 * cli_main.c - the textpipe command: dispatch, help, version, and building
 * a pipeline from -c/--set/--plugin-path (see cli.h).
 */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <textpipe/version.h>

#include "cli.h"
#include "serve/serve.h"
#include "xalloc.h"

#ifndef TP_PLUGINDIR
#define TP_PLUGINDIR "/usr/local/lib/textpipe/plugins"
#endif
#ifndef TP_CONFDIR
#define TP_CONFDIR "/usr/local/share/textpipe/conf"
#endif

static const char usage_text[] =
    "Usage: textpipe COMMAND [OPTIONS] [INPUT...]\n"
    "\n"
    "Runs a pipeline of plugins over news articles and writes JSON Lines.\n"
    "\n"
    "Commands:\n"
    "  textpipe run [-c CONFIG] [--set ID.OPT=VAL]... [-j N] [-o OUT] [--errors FILE]\n"
    "           [--input text|jsonl] [--offsets codepoints|bytes|utf16] [--pretty]\n"
    "           [--format jsonl|html] [INPUT...]\n"
    "           process documents; INPUT is files (id = file name without extension),\n"
    "           directories (their *.txt), *.jsonl files, or - / nothing for stdin\n"
    "  textpipe check [-c CONFIG] [--set ID.OPT=VAL]...\n"
    "           validate the config and plugins, print the pipeline and where each value came from\n"
    "  textpipe plugins [-c CONFIG]\n           list the plugins found: name, version, path, consumes/produces, options\n"
    "  textpipe eval --layer LAYER --gold GOLD.jsonl [--types A,B] [--json] PRED.jsonl\n"
    "           span precision, recall and F1 per label and overall (entity, sentence, money, ...)\n"
    "  textpipe train NAME [ARGS...]\n"
    "           run plugin NAME's training tool (textpipe train NAME --help)\n"
    "  textpipe new-plugin NAME [DIR]\n           write an out-of-tree plugin project (autotools, test, example config) into DIR\n"
    "  textpipe serve [-c CONFIG | --config-dir DIR] [--listen ADDR:PORT] [-j N] [OPTIONS]\n"
    "           the pipeline as an HTTP service: POST /v1/annotate (textpipe serve --help)\n"
    "  textpipe view [-o OUT.html] [--sentences] [--page-size N] [--offsets UNIT] [--title TEXT]\n"
    "           [INPUT.jsonl...]\n"
    "           show records (run's output) as one self-contained HTML page: entities, money,\n"
    "           summary and any other layer marked, an index with counts, errors\n"
    "\n"
    "Options for run, check and plugins:\n"
    "  -c, --config FILE      pipeline configuration (default: the built-in conf/default.cfg)\n"
    "      --set ID.OPT=VAL   set option OPT of stage ID, after the config (repeatable)\n"
    "      --plugin-path DIR  search DIR for plugins first (repeatable)\n"
    "      --allow-insecure-plugins\n"
    "                         load plugin files or folders that other users may write\n"
    "\n"
    "Options for run:\n"
    "  -o, --output FILE      write records to FILE: written as FILE.part with FILE.part.journal,\n"
    "                         renamed when complete, FILE.manifest.json beside it; a device, FIFO\n"
    "                         or /dev/stdout is written directly\n"
    "      --errors FILE      write error records to FILE instead of in place\n"
    "      --input FORMAT     text (default for stdin and plain files) or jsonl (default for *.jsonl,\n"
    "                         *.jsonl.gz, *.jsonl.zst); gzip and zstd streams are read decompressed\n"
    "      --id-field NAME    the JSON member that holds the id (default: id)\n"
    "      --text-field NAME  the JSON member that holds the text (default: text)\n"
    "      --title-field NAME a JSON member whose value is put before the text, with a blank line\n"
    "      --recursive        folders: read the *.txt files of their subfolders too\n"
    "      --offsets UNIT     codepoints (default), bytes or utf16\n"
    "      --max-doc-bytes N  documents larger than N bytes become error records (default 64 MiB)\n"
    "      --pretty           indent the JSON (one record spans several lines)\n"
    "      --format FORMAT    jsonl (default) or html: one page, as textpipe view makes it\n"
    "  -j, --jobs N           worker processes (default: the number of CPUs); output order is the\n"
    "                         input order whatever N is\n"
    "      --unordered        write records as they finish rather than in input order\n"
    "      --doc-timeout SEC  a document whose stage runs longer fails with code \"timeout\"\n"
    "                         (default: 60 s plus 10 s per MB of its text; 0: no deadline)\n"
    "      --worker-memory SIZE\n"
    "                         a worker over SIZE resident fails its document with code \"memory\"\n"
    "                         and is replaced (default: memory / (N + 1), 512M to 4G; 0: none)\n"
    "      --worker-max-docs N\n"
    "                         replace each worker after N documents (default: never)\n"
    "      --resume           with -o FILE: continue the run that wrote FILE exactly, after checking\n"
    "                         FILE.manifest.json says the same pipeline and inputs\n"
    "      --resume-anyway    resume although the pipeline or inputs differ (other inputs: records\n"
    "                         are matched to inputs by id)\n"
    "      --progress         show progress on stderr (default: when stderr is a terminal)\n"
    "      --quiet            no progress and no summary line\n"
    "\n"
    "Options for view (and -o, --offsets as for run):\n"
    "      --sentences        show sentence boundaries when the page opens (a switch on the page)\n"
    "      --page-size N      documents per page (default 100)\n"
    "      --title TEXT       the page title (default: the first input's name)\n"
    "\n"
    "Plugins are searched in --plugin-path, the config's plugin_path, $TEXTPIPE_PLUGIN_PATH,\n"
    "then " TP_PLUGINDIR ".\n"
    "\n"
    "Exit status: 0 all documents processed; 1 some documents failed (each has an error record),\n"
    "or the run could not finish (it says why and how to resume); 2 usage, config or plugin error,\n"
    "or --resume refused (nothing processed); 3 fatal I/O error; 130 or 143 when stopped by\n"
    "SIGINT or SIGTERM (what was written is kept in FILE.part for --resume); 141 when the reader\n"
    "of standard output went away.\n";

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

int tp__cli_pipeline_opt(tp__cli_pipeline_opts *o, int opt, const char *arg)
{
    switch (opt) {
    case 'c':
        o->config = arg;
        return 1;
    case 's':
        o->sets = tp__xrealloc(o->sets, (o->nsets + 1) * sizeof *o->sets);
        o->sets[o->nsets++] = arg;
        return 1;
    case 'I':
        o->allow_insecure = true;
        return 1;
    case 'P':
        o->plugin_dirs = tp__xrealloc(o->plugin_dirs, (o->nplugin_dirs + 1) * sizeof *o->plugin_dirs);
        o->plugin_dirs[o->nplugin_dirs++] = arg;
        return 1;
    default:
        return 0;
    }
}

tp__pipeline *tp__cli_load_pipeline(const tp__cli_pipeline_opts *o, tp__diags *d)
{
    tp__config cfg = {0};
    int rc;
    if (o->config)
        rc = tp__config_load_file(&cfg, o->config, d);
    else
        rc = tp__config_load_string(&cfg, tp__default_cfg, "default.cfg (built in)", TP_CONFDIR, d);
    /* Go on after errors: the stages that were read are still loaded and
     * checked, so one run reports every problem. */
    for (size_t i = 0; i < o->nsets; i++)
        if (tp__config_apply_set(&cfg, o->sets[i], d) != 0)
            rc = -1;
    tp__load_opts lo = {o->plugin_dirs, o->nplugin_dirs, false, false, o->allow_insecure, NULL, 0, rc != 0};
    return tp__pipeline_load(&cfg, &lo, d);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return TP_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return TP_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("textpipe %s (plugin ABI %d.%d)\n", PACKAGE_VERSION, TP_ABI_MAJOR, TP_ABI_MINOR);
        return TP_EXIT_OK;
    }
    if (strcmp(cmd, "run") == 0)
        return tp__cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return tp__cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "plugins") == 0)
        return tp__cmd_plugins(argc - 1, argv + 1);
    if (strcmp(cmd, "train") == 0)
        return tp__cmd_train(argc - 1, argv + 1);
    if (strcmp(cmd, "eval") == 0)
        return tp__cmd_eval(argc - 1, argv + 1);
    if (strcmp(cmd, "new-plugin") == 0)
        return tp__cmd_new_plugin(argc - 1, argv + 1);
    if (strcmp(cmd, "view") == 0)
        return tp__cmd_view(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0)
        return tp__cmd_serve(argc - 1, argv + 1);
    static const char *const commands[] = {"run", "check", "plugins", "train", "new-plugin", "eval", "view"};
    const char *near = tp__suggest(cmd, commands, 7);
    if (near)
        fprintf(stderr, "textpipe: error: unknown command \"%s\" (did you mean \"%s\"?); see textpipe --help\n", cmd, near);
    else
        fprintf(stderr, "textpipe: error: unknown command \"%s\"; see textpipe --help\n", cmd);
    return TP_EXIT_USAGE;
}
