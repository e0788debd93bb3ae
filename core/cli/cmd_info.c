/*
 * cmd_info.c - `textpipe check`, `textpipe plugins` and `textpipe train`:
 * the commands that inspect plugins rather than process documents.
 */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "loader.h"
#include "options.h"
#include "report.h"
#include "xalloc.h"

const tp__command tp__command_check = {
    "check",
    tp__cmd_check,
    "[-c CONFIG] [--set ID.OPT=VAL]... [--plugin-path DIR]",
    "validate the config and plugins, print the pipeline and where each value came from",
};

const tp__command tp__command_plugins = {
    "plugins",
    tp__cmd_plugins,
    "[-c CONFIG] [--plugin-path DIR]",
    "list the plugins found: name, version, path, consumes/produces, options",
};

const tp__command tp__command_train = {
    "train",
    tp__cmd_train,
    "NAME [ARGS...]",
    "run plugin NAME's training tool (textpipe train NAME --help)",
};

static const struct option info_options[] = {
    TP__CLI_PIPELINE_LONGOPTS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* The options of check and plugins into *po.  Returns -1 to go on, or the
 * exit status (after --help or a usage error). */
static int parse_info_args(int argc, char **argv, tp__cli_pipeline_opts *po, const tp__command *cmd)
{
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:h", info_options, NULL)) != -1) {
        if (tp__cli_pipeline_opt(po, opt, optarg))
            continue;
        if (opt == 'h') {
            tp__command_usage(stdout, cmd);
            return TP_EXIT_OK;
        }
        tp__command_usage(stderr, cmd);
        return TP_EXIT_USAGE;
    }
    if (optind < argc) {
        tp__cli_error("unexpected argument \"%s\"", argv[optind]);
        tp__command_usage(stderr, cmd);
        return TP_EXIT_USAGE;
    }
    return -1;
}

int tp__cmd_check(int argc, char **argv)
{
    tp__cli_pipeline_opts po = {0};
    int rc = parse_info_args(argc, argv, &po, &tp__command_check);
    if (rc >= 0) {
        tp__cli_pipeline_opts_free(&po);
        return rc;
    }
    tp__diags d = {0};
    tp__pipeline *p = tp__cli_load_pipeline(&po, &d);
    tp__cli_pipeline_opts_free(&po);
    if (p && tp__pipeline_start(p, &d) == 0) {
        tp__pipeline_describe(p, stdout);
        printf("ok\n");
        rc = TP_EXIT_OK;
    } else {
        tp__diags_print(&d, stderr);
        rc = TP_EXIT_USAGE;
    }
    tp__diags_free(&d);
    tp__pipeline_free(p);
    return rc;
}

static void print_list(const char *label, const char *const *l)
{
    printf("  %s:", label);
    if (!l || !*l)
        printf(" -");
    for (; l && *l; l++) printf(" %s", *l);
    printf("\n");
}

typedef struct visit_state {
    int count;
    int broken;
} visit_state;

static void show_plugin(void *arg, const char *name, const char *path, const tp__module *m, const char *err)
{
    visit_state *vs = arg;
    vs->count++;
    if (!m) {
        vs->broken++;
        printf("%s  (cannot be used)\n  error: %s\n\n", name, err);
        return;
    }
    const tp_plugin *d = m->desc;
    printf("%s %s  (plugin ABI %u.%u)\n", d->name, d->version ? d->version : "?", d->abi_major, d->abi_minor);
    printf("  path: %s\n", path);
    if (d->summary)
        printf("  %s\n", d->summary);
    print_list("consumes", d->consumes);
    if (d->consumes_optional && *d->consumes_optional)
        print_list("uses if present", d->consumes_optional);
    print_list("produces", d->produces);
    if (d->train)
        printf("  train: textpipe train %s --help\n", d->name);
    for (const tp_option_spec *o = d->options; o && o->name; o++) {
        printf("  option %s (%s", o->name, tp__option_type_name(o->type));
        if (o->required)
            printf(", required");
        else if (o->default_value)
            printf(", default %s", o->default_value);
        if (o->choices)
            printf(", one of %s", o->choices);
        if (!(o->min == 0 && o->max == 0))
            printf(", %g to %g", o->min, o->max);
        printf(")%s%s\n", o->help ? ": " : "", o->help ? o->help : "");
    }
    printf("\n");
}

/* The loader that the pipeline would use, without loading the pipeline:
 * plugins must be listable even when the config has an error. */
static void loader_for(tp__loader *l, const tp__cli_pipeline_opts *po, tp__diags *d)
{
    tp__loader_init(l);
    l->allow_insecure = po->allow_insecure;
    for (size_t i = 0; i < po->nplugin_dirs; i++) tp__loader_add_dir(l, po->plugin_dirs[i], "--plugin-path");
    if (po->config) {
        tp__config cfg = {0};
        tp__config_load_file(&cfg, po->config, d);
        for (size_t i = 0; i < cfg.npath; i++) tp__loader_add_dir(l, cfg.plugin_path[i], "plugin_path");
        tp__config_free(&cfg);
    }
    tp__loader_add_path_list(l, getenv("TEXTPIPE_PLUGIN_PATH"), "TEXTPIPE_PLUGIN_PATH", d);
    tp__loader_add_dir(l, TP_PLUGINDIR, "installed");
}

int tp__cmd_plugins(int argc, char **argv)
{
    tp__cli_pipeline_opts po = {0};
    int rc = parse_info_args(argc, argv, &po, &tp__command_plugins);
    if (rc >= 0) {
        tp__cli_pipeline_opts_free(&po);
        return rc;
    }
    tp__diags d = {0};
    tp__loader l;
    loader_for(&l, &po, &d);
    tp__cli_pipeline_opts_free(&po);
    tp__diags_print(&d, stderr);
    tp__diags_free(&d);
    printf("plugin directories:\n");
    for (size_t i = 0; i < l.ndirs; i++) printf("  %s (%s)\n", l.dirs[i], l.dir_sources[i]);
    printf("\n");
    visit_state vs = {0, 0};
    tp__loader_each(&l, show_plugin, &vs);
    if (!vs.count)
        printf("no plugins found\n");
    tp__loader_free(&l);
    return TP_EXIT_OK;
}

int tp__cmd_train(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: textpipe train %s   (NAME: a plugin with a training tool)\n",
                tp__command_train.synopsis);
        return TP_EXIT_USAGE;
    }
    tp__cli_pipeline_opts po = {0};
    tp__diags d = {0};
    tp__loader l;
    loader_for(&l, &po, &d);
    tp__diags_print(&d, stderr);
    char *err = NULL;
    const tp__module *m = tp__loader_load(&l, argv[1], &err);
    int rc;
    if (!m) {
        tp__cli_error("%s", err);
        rc = TP_EXIT_USAGE;
    } else if (!m->desc->train) {
        tp__cli_error("plugin \"%s\" has nothing to train", argv[1]);
        rc = TP_EXIT_USAGE;
    } else {
        rc = m->desc->train(argc - 1, argv + 1);
    }
    free(err);
    tp__diags_free(&d);
    tp__loader_free(&l);
    return rc;
}
