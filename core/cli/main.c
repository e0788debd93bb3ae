/*
 * main.c - the textpipe command: dispatch through the command table,
 * --help and --version (see command.h).
 */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include <textpipe/version.h>

#include "command.h"
#include "report.h"

#ifndef TP_PLUGINDIR
#define TP_PLUGINDIR "/usr/local/lib/textpipe/plugins"
#endif

/* In the order `textpipe --help` lists them. */
static const tp__command *const commands[] = {
    &tp__command_run,   &tp__command_check,      &tp__command_plugins, &tp__command_eval,
    &tp__command_train, &tp__command_new_plugin, &tp__command_serve,   &tp__command_view,
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static const char usage_head[] = "Usage: textpipe COMMAND [OPTIONS] [INPUT...]\n"
                                 "\n"
                                 "Runs a pipeline of plugins over news articles and writes JSON Lines.\n"
                                 "\n"
                                 "Commands:\n";

/* The column of the commands' continuation and summary lines. */
#define SUMMARY_INDENT 11

static const char usage_options[] =
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
    fputs(usage_head, out);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        tp__command_synopsis(out, commands[i], "  ", SUMMARY_INDENT);
        for (const char *line = commands[i]->summary; line;) {
            const char *nl = strchr(line, '\n');
            fprintf(out, "%*s%.*s\n", SUMMARY_INDENT, "", (int)(nl ? (size_t)(nl - line) : strlen(line)), line);
            line = nl ? nl + 1 : NULL;
        }
    }
    fputs(usage_options, out);
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
    const char *names[NCOMMANDS];
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(cmd, commands[i]->name) == 0)
            return commands[i]->main(argc - 1, argv + 1);
        names[i] = commands[i]->name;
    }
    char near[TP__DID_YOU_MEAN_SIZE];
    tp__cli_error("unknown command \"%s\"%s; see textpipe --help", cmd,
                  tp__did_you_mean(near, sizeof near, cmd, names, NCOMMANDS));
    return TP_EXIT_USAGE;
}
