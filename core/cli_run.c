/*
 * cli_run.c - `textpipe run`: inputs through the pipeline to JSON Lines.
 *
 * One record per input item, in input order: the annotated document, or an
 * error record in its place (or in --errors FILE).  Output to a file goes
 * to a temporary name in the same directory and is renamed only when the
 * run completes, so a partial file is never presented as complete.
 */
#include "autoconfig.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "input.h"
#include "json_out.h"
#include "xalloc.h"

#define DEFAULT_MAX_DOC_BYTES ((size_t)64 << 20)
#define FLUSH_AT (256 * 1024)

/* An output stream: a file descriptor, a pending buffer, the final and
 * temporary names when writing to a file. */
typedef struct sink {
    int fd;
    const char *name; /* for messages */
    char *final_path;
    char *tmp_path;
    tp__buf buf;
    bool failed;
    int err;
} sink;

static int sink_open(sink *s, const char *path, const char *stdout_name)
{
    memset(s, 0, sizeof *s);
    if (!path || strcmp(path, "-") == 0) {
        s->fd = 1;
        s->name = stdout_name;
        return 0;
    }
    s->final_path = tp__xstrdup(path);
    s->tmp_path = tp__xasprintf("%s.tmp.%ld", path, (long)getpid());
    s->name = s->final_path;
    s->fd = open(s->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (s->fd < 0) {
        fprintf(stderr, "textpipe: error: cannot create %s: %s\n", s->tmp_path, strerror(errno));
        free(s->final_path);
        free(s->tmp_path);
        return -1;
    }
    return 0;
}

static void sink_flush(sink *s)
{
    size_t off = 0;
    while (!s->failed && off < s->buf.len) {
        ssize_t w = write(s->fd, s->buf.data + off, s->buf.len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            s->failed = true;
            s->err = errno;
            break;
        }
        off += (size_t)w;
    }
    s->buf.len = 0;
}

/* Finishes the sink: flush, sync and rename a file into place, or remove
 * the temporary file when anything failed.  Returns 0 on success. */
static int sink_close(sink *s, bool keep)
{
    sink_flush(s);
    int rc = s->failed ? -1 : 0;
    if (s->final_path) {
        if (!s->failed && fsync(s->fd) != 0 && errno != EINVAL) {
            s->failed = true;
            s->err = errno;
            rc = -1;
        }
        if (close(s->fd) != 0 && !s->failed) {
            s->failed = true;
            s->err = errno;
            rc = -1;
        }
        if (rc == 0 && keep) {
            if (rename(s->tmp_path, s->final_path) != 0) {
                s->err = errno;
                s->failed = true;
                rc = -1;
            }
        } else {
            unlink(s->tmp_path);
        }
        free(s->final_path);
        free(s->tmp_path);
    }
    if (s->failed)
        fprintf(stderr, "textpipe: error: writing %s: %s\n", s->name, strerror(s->err));
    tp__buf_free(&s->buf);
    return rc;
}

/* Re-indents one record for --pretty. */
static void prettify(tp__buf *b, size_t from)
{
    cJSON *j = cJSON_ParseWithLength(b->data + from, b->len - from);
    if (!j)
        return;
    char *p = cJSON_Print(j);
    cJSON_Delete(j);
    if (!p)
        return;
    b->len = from;
    tp__buf_puts(b, p);
    tp__buf_putc(b, '\n');
    free(p);
}

enum {
    OPT_SET = 's',
    OPT_PLUGIN_PATH = 'P',
    OPT_ERRORS = 256,
    OPT_INPUT,
    OPT_OFFSETS,
    OPT_PRETTY,
    OPT_MAX_DOC,
};

static const struct option run_options[] = {
    {"config", required_argument, NULL, 'c'},
    {"set", required_argument, NULL, OPT_SET},
    {"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
    {"jobs", required_argument, NULL, 'j'},
    {"output", required_argument, NULL, 'o'},
    {"errors", required_argument, NULL, OPT_ERRORS},
    {"input", required_argument, NULL, OPT_INPUT},
    {"offsets", required_argument, NULL, OPT_OFFSETS},
    {"pretty", no_argument, NULL, OPT_PRETTY},
    {"max-doc-bytes", required_argument, NULL, OPT_MAX_DOC},
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
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end || v == 0)
        return -1;
    *out = (size_t)v;
    return 0;
}

int tp__cmd_run(int argc, char **argv)
{
    tp__cli_pipeline_opts po = {0};
    const char *out_path = NULL, *err_path = NULL;
    tp__input_opts io = {TP__FMT_AUTO, DEFAULT_MAX_DOC_BYTES};
    tp__offset_unit offsets = TP_OFFSETS_CODEPOINTS;
    bool pretty = false;
    long jobs = 1;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:j:o:h", run_options, NULL)) != -1) {
        if (tp__cli_pipeline_opt(&po, opt, optarg))
            continue;
        switch (opt) {
        case 'j': {
            char *end;
            jobs = strtol(optarg, &end, 10);
            if (*end || jobs < 1 || jobs > 1024) {
                fprintf(stderr, "textpipe: error: -j %s: expected a number of workers from 1 to 1024\n", optarg);
                free(po.sets);
                free(po.plugin_dirs);
                return TP_EXIT_USAGE;
            }
            break;
        }
        case 'o': out_path = optarg; break;
        case OPT_ERRORS: err_path = optarg; break;
        case OPT_INPUT:
            if (strcmp(optarg, "text") == 0)
                io.format = TP__FMT_TEXT;
            else if (strcmp(optarg, "jsonl") == 0)
                io.format = TP__FMT_JSONL;
            else {
                fprintf(stderr, "textpipe: error: --input %s: expected text or jsonl\n", optarg);
                goto usage_error;
            }
            break;
        case OPT_OFFSETS:
            if (strcmp(optarg, "codepoints") == 0)
                offsets = TP_OFFSETS_CODEPOINTS;
            else if (strcmp(optarg, "bytes") == 0)
                offsets = TP_OFFSETS_BYTES;
            else if (strcmp(optarg, "utf16") == 0)
                offsets = TP_OFFSETS_UTF16;
            else {
                fprintf(stderr, "textpipe: error: --offsets %s: expected codepoints, bytes or utf16\n", optarg);
                goto usage_error;
            }
            break;
        case OPT_PRETTY: pretty = true; break;
        case OPT_MAX_DOC:
            if (parse_size(optarg, &io.max_doc_bytes) != 0) {
                fprintf(stderr, "textpipe: error: --max-doc-bytes %s: expected a size such as 1048576 or 16M\n", optarg);
                goto usage_error;
            }
            break;
        case 'h':
            fputs("usage: textpipe run [-c CONFIG] [--set ID.OPT=VAL]... [-j N] [-o OUT] [--errors FILE]\n"
                  "                    [--input text|jsonl] [--offsets codepoints|bytes|utf16] [--pretty] [INPUT...]\n"
                  "(textpipe --help explains each option)\n", stdout);
            free(po.sets);
            free(po.plugin_dirs);
            return TP_EXIT_OK;
        default:
            goto usage_error;
        }
    }
    if (jobs > 1)
        fprintf(stderr, "textpipe: warning: -j %ld: parallel workers are not implemented yet; running in one process\n", jobs);

    tp__diags d = {0};
    tp__pipeline *p = tp__cli_load_pipeline(&po, &d);
    free(po.sets);
    free(po.plugin_dirs);
    if (!p || tp__pipeline_start(p, &d) != 0) {
        tp__diags_print(&d, stderr);
        tp__diags_free(&d);
        tp__pipeline_free(p);
        return TP_EXIT_USAGE;
    }
    tp__diags_free(&d);

    /* A closed output pipe must end the run with a message, not a signal. */
    signal(SIGPIPE, SIG_IGN);
    sink out, errs;
    if (sink_open(&out, out_path, "standard output") != 0) {
        tp__pipeline_free(p);
        return TP_EXIT_IO;
    }
    if (err_path && sink_open(&errs, err_path, "the errors file") != 0) {
        sink_close(&out, false);
        tp__pipeline_free(p);
        return TP_EXIT_IO;
    }
    sink *err_sink = err_path ? &errs : &out;

    tp__write_opts wo = {0};
    tp__pipeline_write_opts(p, &wo);
    wo.offsets = offsets;
    const char *const *paths = (const char *const *)(argv + optind);
    size_t npaths = (size_t)(argc - optind);
    /* Streaming from stdin (a mapper under GNU parallel, Hadoop, Spark):
     * each record is flushed as soon as it is written. */
    bool streaming = npaths == 0 || (npaths == 1 && strcmp(paths[0], "-") == 0);
    tp__input *in = tp__input_open(paths, npaths, &io);
    tp_doc *doc = tp__pipeline_new_doc(p);
    size_t failed = 0;
    int status = TP_EXIT_OK;
    for (;;) {
        tp__doc_begin(doc);
        tp__item it;
        int rc = tp__input_next(in, tp__doc_arena(doc), &it);
        if (rc == 0)
            break;
        if (rc < 0) {
            fprintf(stderr, "textpipe: error: %s\n", it.message);
            status = TP_EXIT_IO;
            break;
        }
        sink *to = &out;
        size_t mark;
        tp__doc_problem why;
        tp__stage_error se;
        if (it.is_error) {
            to = err_sink;
            mark = to->buf.len;
            tp__json_write_error(&to->buf, it.id, "input", it.code, it.message);
            failed++;
        } else if (tp__doc_set(doc, it.id, it.text, it.len, &why) != 0) {
            to = err_sink;
            mark = to->buf.len;
            tp__json_write_error(&to->buf, it.id, "input", why.code, why.message);
            failed++;
        } else {
            for (size_t m = 0; m < it.nmeta; m++)
                tp__doc_add_meta(doc, it.meta[m].key, it.meta[m].raw, it.meta[m].raw_len);
            if (tp__pipeline_run(p, doc, &se) != 0) {
                to = err_sink;
                mark = to->buf.len;
                tp__json_write_error(&to->buf, it.id, se.stage, se.code, se.message);
                failed++;
            } else {
                mark = to->buf.len;
                tp__json_write_doc(&to->buf, doc, &wo);
            }
        }
        if (pretty)
            prettify(&to->buf, mark);
        if (streaming || to->buf.len >= FLUSH_AT)
            sink_flush(to);
        if (out.failed || (err_path && errs.failed)) {
            status = TP_EXIT_IO;
            break;
        }
    }
    tp__doc_free(doc);
    tp__input_close(in);
    free((void *)wo.visible);
    bool complete = status == TP_EXIT_OK;
    if (err_path && sink_close(&errs, complete) != 0)
        status = TP_EXIT_IO;
    if (sink_close(&out, complete && status == TP_EXIT_OK) != 0)
        status = TP_EXIT_IO;
    tp__pipeline_free(p);
    if (status != TP_EXIT_OK)
        return status;
    return failed ? TP_EXIT_DOCS_FAILED : TP_EXIT_OK;

usage_error:
    free(po.sets);
    free(po.plugin_dirs);
    return TP_EXIT_USAGE;
}
