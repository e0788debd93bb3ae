/*
 * cmd_serve.c - `textpipe serve`: options to a server (serve.h does the
 * work).
 */
#include "autoconfig.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "report.h"
#include "serve.h"

const tp__command tp__command_serve = {
    "serve",
    tp__cmd_serve,
    "[-c CONFIG | --config-dir DIR] [--listen ADDR:PORT] [-j N] [OPTIONS]",
    "the pipeline as an HTTP service: POST /v1/annotate (textpipe serve --help)",
};

/* What follows the synopsis in `textpipe serve --help`. */
static const char usage_text[] =
    "\n"
    "Serves the pipeline over HTTP/1.1: POST /v1/annotate answers the record `textpipe run`\n"
    "writes; GET /healthz, /readyz, /metrics (Prometheus), /v1/pipelines.  SIGHUP reloads the\n"
    "configs; SIGTERM stops after the requests in flight.  See textpipe-serve(1).\n"
    "\n"
    "Pipelines:\n"
    "  -c, --config FILE      the config of the newsroom \"default\" (default: the built-in one)\n"
    "      --config-dir DIR   one newsroom per DIR/NAME.cfg, chosen with ?newsroom=NAME or the\n"
    "                         X-Textpipe-Newsroom header\n"
    "      --set ID.OPT=VAL   set option OPT of stage ID in every config (repeatable)\n"
    "      --plugin-path DIR  search DIR for plugins first (repeatable)\n"
    "      --allow-insecure-plugins\n"
    "                         load plugin files or folders that other users may write\n"
    "\n"
    "Server:\n"
    "      --listen ADDR:PORT address and port (default 127.0.0.1:8080; [::1]:PORT for IPv6;\n"
    "                         port 0: any free port, printed on stderr and in --port-file)\n"
    "      --port-file FILE   write the port listened on to FILE once listening\n"
    "  -j, --jobs N           worker processes (default: the number of CPUs)\n"
    "      --queue N          documents that may wait for a worker before 503 (default 256)\n"
    "      --max-body SIZE    largest request body; larger gets 413 (default 16M)\n"
    "      --max-connections N  connections at once; more are answered 503 and closed (default 256)\n"
    "      --client-timeout SEC  close a connection idle this long (default 30)\n"
    "      --request-timeout SEC close a connection whose body takes longer (default 60)\n"
    "      --drain-timeout SEC   after SIGTERM, wait this long for requests in flight (default 30)\n"
    "      --access-log FILE  JSON lines, one per request: - for stderr (default), off for none\n"
    "\n"
    "Workers (as for run):\n"
    "      --doc-timeout SEC  a document whose stage runs longer fails with code \"timeout\", HTTP\n"
    "                         500 (default: 60 s plus 10 s per MB of its text; 0: no deadline)\n"
    "      --worker-memory SIZE  a worker over SIZE resident fails its document with code\n"
    "                         \"memory\" and is replaced (default: memory / (N + 1), 512M to 4G)\n"
    "      --worker-max-docs N  replace each worker after N documents (default: never)\n";

enum {
    OPT_CONFIG_DIR = 256,
    OPT_LISTEN,
    OPT_PORT_FILE,
    OPT_QUEUE,
    OPT_MAX_BODY,
    OPT_MAX_CONN,
    OPT_CLIENT_TIMEOUT,
    OPT_REQUEST_TIMEOUT,
    OPT_DRAIN_TIMEOUT,
    OPT_ACCESS_LOG,
    OPT_DOC_TIMEOUT,
    OPT_WORKER_MEMORY,
    OPT_WORKER_MAX_DOCS,
};

static const struct option serve_options[] = {
    TP__CLI_PIPELINE_LONGOPTS,
    {"config-dir", required_argument, NULL, OPT_CONFIG_DIR},
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"port-file", required_argument, NULL, OPT_PORT_FILE},
    {"jobs", required_argument, NULL, 'j'},
    {"queue", required_argument, NULL, OPT_QUEUE},
    {"max-body", required_argument, NULL, OPT_MAX_BODY},
    {"max-connections", required_argument, NULL, OPT_MAX_CONN},
    {"client-timeout", required_argument, NULL, OPT_CLIENT_TIMEOUT},
    {"request-timeout", required_argument, NULL, OPT_REQUEST_TIMEOUT},
    {"drain-timeout", required_argument, NULL, OPT_DRAIN_TIMEOUT},
    {"access-log", required_argument, NULL, OPT_ACCESS_LOG},
    {"doc-timeout", required_argument, NULL, OPT_DOC_TIMEOUT},
    {"worker-memory", required_argument, NULL, OPT_WORKER_MEMORY},
    {"worker-max-docs", required_argument, NULL, OPT_WORKER_MAX_DOCS},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* N, NK, NM or NG (powers of 1024); 0 only when allow_zero. */
static int size_arg(const char *s, bool allow_zero, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return -1;
    int shift = 0;
    if (*end == 'k' || *end == 'K')
        shift = 10, end++;
    else if (*end == 'm' || *end == 'M')
        shift = 20, end++;
    else if (*end == 'g' || *end == 'G')
        shift = 30, end++;
    if (*end || (v == 0 && !allow_zero) || v > (SIZE_MAX >> shift))
        return -1;
    *out = (size_t)(v << shift);
    return 0;
}

static int seconds_arg(const char *s, bool allow_zero, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < 0 || (v == 0 && !allow_zero) || v > 1e6)
        return -1;
    *out = v;
    return 0;
}

static int bad(const char *opt, const char *arg, const char *want)
{
    tp__cli_error("%s %s: %s", opt, arg, want);
    return TP_EXIT_USAGE;
}

int tp__cmd_serve(int argc, char **argv)
{
    tp__serve_opts o = {0};
    o.listen = "127.0.0.1:8080";
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o.workers = cpus > 0 ? (int)cpus : 1;
    o.doc_timeout = -1;
    o.max_body = (size_t)16 << 20;
    o.queue_limit = 256;
    o.max_connections = 256;
    o.client_timeout = 30;
    o.request_timeout = 60;
    o.drain_timeout = 30;
    tp__cli_pipeline_opts *po = &o.gen.po;
    int status = -1;
    int c;
    size_t z;
    double d;
    optind = 1;
    while (status < 0 && (c = getopt_long(argc, argv, "c:j:h", serve_options, NULL)) != -1) {
        if (tp__cli_pipeline_opt(po, c, optarg))
            continue;
        switch (c) {
        case OPT_CONFIG_DIR: o.gen.config_dir = optarg; break;
        case OPT_LISTEN: o.listen = optarg; break;
        case OPT_PORT_FILE: o.port_file = optarg; break;
        case OPT_ACCESS_LOG: o.access_log = optarg; break;
        case 'j':
            if (size_arg(optarg, false, &z) != 0 || z > 256)
                status = bad("-j", optarg, "a number of workers from 1 to 256");
            else
                o.workers = (int)z;
            break;
        case OPT_QUEUE:
            if (size_arg(optarg, false, &o.queue_limit) != 0)
                status = bad("--queue", optarg, "a number of documents, at least 1");
            break;
        case OPT_MAX_BODY:
            if (size_arg(optarg, false, &o.max_body) != 0)
                status = bad("--max-body", optarg, "a size such as 16M");
            break;
        case OPT_MAX_CONN:
            if (size_arg(optarg, false, &z) != 0 || z > 65536)
                status = bad("--max-connections", optarg, "a number from 1 to 65536");
            else
                o.max_connections = (unsigned)z;
            break;
        case OPT_CLIENT_TIMEOUT:
            if (size_arg(optarg, false, &z) != 0 || z > 86400)
                status = bad("--client-timeout", optarg, "whole seconds, at least 1");
            else
                o.client_timeout = (unsigned)z;
            break;
        case OPT_REQUEST_TIMEOUT:
            if (seconds_arg(optarg, false, &o.request_timeout) != 0)
                status = bad("--request-timeout", optarg, "seconds, more than 0");
            break;
        case OPT_DRAIN_TIMEOUT:
            if (seconds_arg(optarg, true, &o.drain_timeout) != 0)
                status = bad("--drain-timeout", optarg, "seconds");
            break;
        case OPT_DOC_TIMEOUT:
            if (seconds_arg(optarg, true, &d) != 0)
                status = bad("--doc-timeout", optarg, "seconds (0: no deadline)");
            else
                o.doc_timeout = d;
            break;
        case OPT_WORKER_MEMORY:
            if (size_arg(optarg, true, &z) != 0)
                status = bad("--worker-memory", optarg, "a size such as 2G (0: no limit)");
            else
                o.worker_memory = z ? z : SIZE_MAX;
            break;
        case OPT_WORKER_MAX_DOCS:
            if (size_arg(optarg, false, &o.worker_max_docs) != 0)
                status = bad("--worker-max-docs", optarg, "a number of documents, at least 1");
            break;
        case 'h':
            tp__command_synopsis(stdout, &tp__command_serve, "Usage: ", 0);
            fputs(usage_text, stdout);
            status = TP_EXIT_OK;
            break;
        default:
            tp__cli_error("see textpipe serve --help");
            status = TP_EXIT_USAGE;
            break;
        }
    }
    if (status < 0 && optind < argc) {
        tp__cli_error("serve takes no INPUT (%s); POST documents to /v1/annotate", argv[optind]);
        status = TP_EXIT_USAGE;
    }
    if (status < 0)
        status = tp__serve_run(&o);
    tp__cli_pipeline_opts_free(po);
    return status;
}
