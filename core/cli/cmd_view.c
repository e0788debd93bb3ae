/*
 * cmd_view.c - `textpipe view`: records (JSON Lines) to one HTML page
 * (html.h does the work); also the page of `textpipe run --format html`.
 *
 * The page is written like run's output: to standard output, or to
 * OUT.part renamed to OUT once complete.  Inputs are read twice, so a pipe
 * (standard input) is first copied to a temporary file.
 */
#include "autoconfig.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "html.h"
#include "report.h"
#include "sink.h"
#include "xalloc.h"

#define FLUSH_AT (256 * 1024)

enum { OPT_SENTENCES = 256, OPT_PAGE_SIZE, OPT_OFFSETS, OPT_TITLE };

static const struct option view_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"sentences", no_argument, NULL, OPT_SENTENCES},
    {"page-size", required_argument, NULL, OPT_PAGE_SIZE},
    {"offsets", required_argument, NULL, OPT_OFFSETS},
    {"title", required_argument, NULL, OPT_TITLE},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

const tp__command tp__command_view = {
    "view",
    tp__cmd_view,
    "[-o OUT.html] [--sentences] [--page-size N]\n"
    "[--offsets codepoints|bytes|utf16] [--title TEXT] [INPUT.jsonl...]",
    "show records (run's output) as one self-contained HTML page: entities, money,\n"
    "summary and any other layer marked, an index with counts, errors",
};

static int sink_write(void *arg, const char *data, size_t len)
{
    tp__sink *s = arg;
    tp__buf_append(&s->buf, data, len);
    if (s->buf.len >= FLUSH_AT)
        tp__sink_flush(s);
    return s->failed ? -1 : 0;
}

/* Copies a stream that cannot be read twice into a temporary file. */
static FILE *spool(FILE *in, const char *name)
{
    FILE *t = tmpfile();
    if (!t) {
        tp__cli_error("cannot create a temporary file for %s: %s", name, strerror(errno));
        return NULL;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, t) != n) {
            tp__cli_error("cannot copy %s to a temporary file: %s", name, strerror(errno));
            fclose(t);
            return NULL;
        }
    if (ferror(in)) {
        tp__cli_error("cannot read %s: %s", name, strerror(errno));
        fclose(t);
        return NULL;
    }
    rewind(t);
    return t;
}

static bool seekable(FILE *f)
{
    struct stat st;
    return fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && ftello(f) >= 0;
}

int tp__cli_write_html(const char *const *paths, size_t npaths, const char *out_path, const tp__html_opts *o)
{
    size_t n = npaths ? npaths : 1;
    FILE **in = tp__xcalloc(n, sizeof *in);
    const char **names = tp__xcalloc(n, sizeof *names);
    int status = TP_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        const char *p = npaths ? paths[i] : "-";
        bool is_stdin = strcmp(p, "-") == 0;
        names[i] = is_stdin ? "standard input" : p;
        FILE *f = is_stdin ? stdin : fopen(p, "rb");
        if (!f) {
            tp__cli_error("cannot open %s: %s", p, strerror(errno));
            status = TP_EXIT_IO;
            break;
        }
        struct stat st;
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
            tp__cli_error("%s is a directory; view reads JSON Lines files", p);
            if (!is_stdin)
                fclose(f);
            status = TP_EXIT_IO;
            break;
        }
        if (!seekable(f)) {
            FILE *t = spool(f, names[i]);
            if (!is_stdin)
                fclose(f);
            if (!t) {
                status = TP_EXIT_IO;
                break;
            }
            f = t;
        }
        in[i] = f;
    }
    if (status == TP_EXIT_OK) {
        tp__sink out;
        char err[512];
        tp__outfile_status os =
            tp__sink_open(&out, out_path, "standard output", TP__OUT_FRESH, false, NULL, false, err, sizeof err);
        if (os != TP__OUT_OK) {
            tp__cli_error("%s", err);
            status = os == TP__OUT_REFUSED ? TP_EXIT_USAGE : TP_EXIT_IO;
        } else {
            /* The page must not replace one of the records it shows. */
            for (size_t i = 0; i < n && status == TP_EXIT_OK; i++) {
                struct stat st;
                if (in[i] && fstat(fileno(in[i]), &st) == 0 && S_ISREG(st.st_mode) && tp__outfile_is(&out.out, &st)) {
                    tp__cli_error("the output %s is also an input", out.out.shown);
                    status = TP_EXIT_USAGE;
                }
            }
            int rc = status == TP_EXIT_OK ? tp__html_render(in, names, n, o, sink_write, &out, err, sizeof err) : -1;
            if (rc != 0 && status == TP_EXIT_OK && !out.failed)
                tp__cli_error("%s", err);
            if (rc == 0 && (tp__sink_sync(&out) != 0 || tp__sink_commit(&out) != 0))
                rc = -1;
            if (out.failed)
                tp__cli_error("writing %s: %s", tp__sink_name(&out), strerror(out.err));
            if (rc != 0 && status == TP_EXIT_OK)
                status = TP_EXIT_IO;
            tp__sink_close(&out, rc != 0);
        }
    }
    for (size_t i = 0; i < n; i++)
        if (in[i] && in[i] != stdin)
            fclose(in[i]);
    free(in);
    free(names);
    return status;
}

/* "feed.jsonl", "feed.jsonl and 3 more", "standard input". */
char *tp__cli_html_title(const char *const *paths, size_t npaths)
{
    const char *first = npaths && strcmp(paths[0], "-") != 0 ? paths[0] : "standard input";
    const char *slash = strrchr(first, '/');
    if (slash && slash[1])
        first = slash + 1;
    if (npaths > 1)
        return tp__xasprintf("textpipe: %s and %zu more", first, npaths - 1);
    return tp__xasprintf("textpipe: %s", first);
}

int tp__cmd_view(int argc, char **argv)
{
    tp__html_opts ho = {0};
    const char *out_path = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:h", view_options, NULL)) != -1) {
        switch (opt) {
        case 'o': out_path = optarg; break;
        case OPT_SENTENCES: ho.sentences = true; break;
        case OPT_PAGE_SIZE: {
            char *end;
            errno = 0;
            long v = strtol(optarg, &end, 10);
            if (errno || *end || end == optarg || v < 1 || v > 1000000) {
                tp__cli_error("--page-size %s: expected a number of documents from 1 to 1000000", optarg);
                return TP_EXIT_USAGE;
            }
            ho.page_size = (size_t)v;
            break;
        }
        case OPT_OFFSETS:
            if (tp__cli_parse_offsets(optarg, &ho.offsets) != 0)
                return TP_EXIT_USAGE;
            break;
        case OPT_TITLE: ho.title = optarg; break;
        case 'h':
            tp__command_usage(stdout, &tp__command_view);
            fputs("(textpipe --help explains each option)\n", stdout);
            return TP_EXIT_OK;
        default: return TP_EXIT_USAGE;
        }
    }
    const char *const *paths = (const char *const *)(argv + optind);
    size_t npaths = (size_t)(argc - optind);
    char *title = NULL;
    if (!ho.title)
        ho.title = title = tp__cli_html_title(paths, npaths);
    int status = tp__cli_write_html(paths, npaths, out_path, &ho);
    free(title);
    return status;
}
