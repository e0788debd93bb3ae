/*
 * cmd_run.c - `textpipe run`: options to a batch (batch.h does the work).
 *
 * --format html runs the batch as usual into JSON Lines - OUT.jsonl.part,
 * renamed OUT.jsonl (so --resume works as for jsonl), or a temporary file
 * for standard output - then renders that as one page (cmd_view.c) and
 * removes it.
 */
#include "autoconfig.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "report.h"
#include "xalloc.h"

#define DEFAULT_MAX_DOC_BYTES ((size_t)64 << 20)

enum {
    OPT_ERRORS = 256,
    OPT_INPUT,
    OPT_OFFSETS,
    OPT_PRETTY,
    OPT_MAX_DOC,
    OPT_RESUME,
    OPT_UNORDERED,
    OPT_DOC_TIMEOUT,
    OPT_PROGRESS,
    OPT_QUIET,
    OPT_FORMAT,
    OPT_RESUME_ANYWAY,
    OPT_WORKER_MEMORY,
    OPT_WORKER_MAX_DOCS,
    OPT_ID_FIELD,
    OPT_TEXT_FIELD,
    OPT_TITLE_FIELD,
    OPT_RECURSIVE,
};

static const struct option run_options[] = {
    TP__CLI_PIPELINE_LONGOPTS,
    {"jobs", required_argument, NULL, 'j'},
    {"output", required_argument, NULL, 'o'},
    {"errors", required_argument, NULL, OPT_ERRORS},
    {"input", required_argument, NULL, OPT_INPUT},
    {"offsets", required_argument, NULL, OPT_OFFSETS},
    {"pretty", no_argument, NULL, OPT_PRETTY},
    {"max-doc-bytes", required_argument, NULL, OPT_MAX_DOC},
    {"resume", no_argument, NULL, OPT_RESUME},
    {"resume-anyway", no_argument, NULL, OPT_RESUME_ANYWAY},
    {"worker-memory", required_argument, NULL, OPT_WORKER_MEMORY},
    {"worker-max-docs", required_argument, NULL, OPT_WORKER_MAX_DOCS},
    {"id-field", required_argument, NULL, OPT_ID_FIELD},
    {"text-field", required_argument, NULL, OPT_TEXT_FIELD},
    {"title-field", required_argument, NULL, OPT_TITLE_FIELD},
    {"recursive", no_argument, NULL, OPT_RECURSIVE},
    {"unordered", no_argument, NULL, OPT_UNORDERED},
    {"doc-timeout", required_argument, NULL, OPT_DOC_TIMEOUT},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return -1;
    switch (*end) {
    case 'k':
    case 'K':
        v <<= 10;
        end++;
        break;
    case 'm':
    case 'M':
        v <<= 20;
        end++;
        break;
    case 'g':
    case 'G':
        v <<= 30;
        end++;
        break;
    default: break;
    }
    if (*end || v == 0)
        return -1;
    *out = (size_t)v;
    return 0;
}

const tp__command tp__command_run = {
    "run",
    tp__cmd_run,
    "[-c CONFIG] [--set ID.OPT=VAL]... [-j N] [-o OUT] [--errors FILE]\n"
    "[--input text|jsonl] [--offsets codepoints|bytes|utf16] [--pretty]\n"
    "[--format jsonl|html] [INPUT...]",
    "process documents; INPUT is files (id = file name without extension),\n"
    "directories (their *.txt), *.jsonl files, or - / nothing for stdin",
};

static int usage_error(tp__cli_pipeline_opts *po, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int usage_error(tp__cli_pipeline_opts *po, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tp__diag_vprint(stderr, NULL, TP__ERROR, fmt, ap);
    va_end(ap);
    tp__cli_pipeline_opts_free(po);
    return TP_EXIT_USAGE;
}

/* Removes PATH and what a run writes beside it. */
static void remove_records(const char *path)
{
    static const char *const beside[] = {"%s.part", "%s.part.journal", "%s.manifest.json"};
    unlink(path);
    for (size_t i = 0; i < sizeof beside / sizeof *beside; i++) {
        char *f = tp__xasprintf(beside[i], path);
        unlink(f);
        free(f);
    }
}

/* --format html: the batch's records (in `records`) as a page in `out`. */
static int run_html(tp__pipeline *p, tp__batch_opts *bo, const char *out)
{
    char *records;
    bool to_stdout = !out || strcmp(out, "-") == 0;
    if (to_stdout) {
        const char *dir = getenv("TMPDIR");
        records = tp__xasprintf("%s/textpipe-run-XXXXXX", dir && *dir ? dir : "/tmp");
        int fd = mkstemp(records);
        if (fd < 0) {
            tp__cli_error("cannot create a temporary file in %s: %s", dir && *dir ? dir : "/tmp", strerror(errno));
            free(records);
            return TP_EXIT_IO;
        }
        close(fd);
    } else
        records = tp__xasprintf("%s.jsonl", out);
    bo->out_path = records;
    bo->out_is_scratch = to_stdout;
    int status = tp__batch_run(p, bo);
    if (status == TP_EXIT_OK || status == TP_EXIT_DOCS_FAILED) {
        tp__html_opts ho = {.offsets = bo->offsets};
        char *title = tp__cli_html_title(bo->paths, bo->npaths);
        ho.title = title;
        const char *in[1] = {records};
        int hs = tp__cli_write_html(in, 1, out, &ho);
        free(title);
        if (hs != TP_EXIT_OK) {
            status = hs;
            if (!to_stdout)
                fprintf(stderr, "textpipe: the records are kept in %s; --resume writes the page from them\n", records);
        }
        if (hs == TP_EXIT_OK || to_stdout)
            remove_records(records);
    } else if (to_stdout) {
        remove_records(records);
    }
    free(records);
    return status;
}

int tp__cmd_run(int argc, char **argv)
{
    bool html = false;
    tp__cli_pipeline_opts po = {0};
    tp__batch_opts bo = {0};
    bo.input.format = TP__FMT_AUTO;
    bo.input.max_doc_bytes = DEFAULT_MAX_DOC_BYTES;
    bo.offsets = TP_OFFSETS_CODEPOINTS;
    bo.progress = -1;
    bo.doc_timeout = -1; /* the default, which grows with the document */
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    bo.jobs = ncpu > 0 ? (int)ncpu : 1;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:j:o:h", run_options, NULL)) != -1) {
        if (tp__cli_pipeline_opt(&po, opt, optarg))
            continue;
        switch (opt) {
        case 'j': {
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end || j < 1 || j > 1024)
                return usage_error(&po, "-j %s: expected a number of workers from 1 to 1024", optarg);
            bo.jobs = (int)j;
            break;
        }
        case 'o': bo.out_path = optarg; break;
        case OPT_ERRORS: bo.err_path = optarg; break;
        case OPT_INPUT:
            if (strcmp(optarg, "text") == 0)
                bo.input.format = TP__FMT_TEXT;
            else if (strcmp(optarg, "jsonl") == 0)
                bo.input.format = TP__FMT_JSONL;
            else
                return usage_error(&po, "--input %s: expected text or jsonl", optarg);
            break;
        case OPT_OFFSETS:
            if (tp__cli_parse_offsets(optarg, &bo.offsets) != 0) {
                tp__cli_pipeline_opts_free(&po);
                return TP_EXIT_USAGE;
            }
            break;
        case OPT_PRETTY: bo.pretty = true; break;
        case OPT_MAX_DOC:
            if (parse_size(optarg, &bo.input.max_doc_bytes) != 0)
                return usage_error(&po, "--max-doc-bytes %s: expected a size such as 1048576 or 16M", optarg);
            break;
        case OPT_RESUME: bo.resume = true; break;
        case OPT_ID_FIELD:
        case OPT_TEXT_FIELD:
        case OPT_TITLE_FIELD:
            if (!*optarg)
                return usage_error(&po, "--id-field, --text-field and --title-field need a member name");
            if (opt == OPT_ID_FIELD)
                bo.input.fields.id = optarg;
            else if (opt == OPT_TEXT_FIELD)
                bo.input.fields.text = optarg;
            else
                bo.input.fields.title = optarg;
            break;
        case OPT_RECURSIVE: bo.input.recursive = true; break;
        case OPT_RESUME_ANYWAY: bo.resume = bo.resume_anyway = true; break;
        case OPT_WORKER_MEMORY:
            if (strcmp(optarg, "0") == 0)
                bo.worker_memory = SIZE_MAX;
            else if (parse_size(optarg, &bo.worker_memory) != 0)
                return usage_error(&po, "--worker-memory %s: expected a size such as 2G or 512M, or 0 for none",
                                   optarg);
            break;
        case OPT_WORKER_MAX_DOCS: {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(optarg, &end, 10);
            if (errno || *end || end == optarg || optarg[0] == '-')
                return usage_error(&po, "--worker-max-docs %s: expected a number of documents (0: never)", optarg);
            bo.worker_max_docs = (size_t)n;
            break;
        }
        case OPT_UNORDERED: bo.unordered = true; break;
        case OPT_DOC_TIMEOUT: {
            char *end;
            double t = strtod(optarg, &end);
            if (*end || end == optarg || !(t >= 0) || !isfinite(t))
                return usage_error(&po, "--doc-timeout %s: expected a number of seconds (0: no deadline)", optarg);
            bo.doc_timeout = t;
            break;
        }
        case OPT_PROGRESS: bo.progress = 1; break;
        case OPT_QUIET: bo.quiet = true; break;
        case OPT_FORMAT:
            if (strcmp(optarg, "jsonl") == 0)
                html = false;
            else if (strcmp(optarg, "html") == 0)
                html = true;
            else
                return usage_error(&po, "--format %s: expected jsonl or html", optarg);
            break;
        case 'h':
            tp__command_usage(stdout, &tp__command_run);
            fputs("(textpipe --help explains each option)\n", stdout);
            tp__cli_pipeline_opts_free(&po);
            return TP_EXIT_OK;
        default: tp__cli_pipeline_opts_free(&po); return TP_EXIT_USAGE;
        }
    }
    if (bo.resume && (!bo.out_path || strcmp(bo.out_path, "-") == 0))
        return usage_error(&po, "--resume needs -o FILE (standard output cannot be resumed)");
    if (html && bo.pretty)
        return usage_error(&po, "--pretty applies to --format jsonl");

    tp__diags d = {0};
    tp__pipeline *p = tp__cli_load_pipeline(&po, &d);
    tp__cli_pipeline_opts_free(&po);
    if (!p) {
        tp__diags_print(&d, stderr);
        tp__diags_free(&d);
        return TP_EXIT_USAGE;
    }
    tp__diags_free(&d);
    bo.paths = (const char *const *)(argv + optind);
    bo.npaths = (size_t)(argc - optind);
    int status = html ? run_html(p, &bo, bo.out_path) : tp__batch_run(p, &bo);
    tp__pipeline_free(p);
    return status;
}
