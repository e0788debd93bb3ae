/* command.c - the command table's printers and the options shared by the
 * commands that build a pipeline (see command.h). */
#include "autoconfig.h"

#include "command.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "xalloc.h"

#ifndef TP_CONFDIR
#define TP_CONFDIR "/usr/local/share/textpipe/conf"
#endif

void tp__command_synopsis(FILE *out, const tp__command *c, const char *prefix, int indent)
{
    assert(c && c->name && c->synopsis && indent >= 0);
    fprintf(out, "%stextpipe %s ", prefix, c->name);
    for (const char *line = c->synopsis;;) {
        const char *nl = strchr(line, '\n');
        fprintf(out, "%.*s\n", (int)(nl ? nl - line : (ptrdiff_t)strlen(line)), line);
        if (!nl)
            break;
        line = nl + 1;
        fprintf(out, "%*s", indent, "");
    }
}

void tp__command_usage(FILE *out, const tp__command *c)
{
    tp__command_synopsis(out, c, "usage: ", (int)(strlen("usage: textpipe  ") + strlen(c->name)));
}

bool tp__cli_pipeline_opt(tp__cli_pipeline_opts *o, int opt, const char *arg)
{
    switch (opt) {
    case 'c': o->config = arg; return true;
    case 's':
        o->sets = tp__xrealloc(o->sets, (o->nsets + 1) * sizeof *o->sets);
        o->sets[o->nsets++] = arg;
        return true;
    case 'I': o->allow_insecure = true; return true;
    case 'P':
        o->plugin_dirs = tp__xrealloc(o->plugin_dirs, (o->nplugin_dirs + 1) * sizeof *o->plugin_dirs);
        o->plugin_dirs[o->nplugin_dirs++] = arg;
        return true;
    default: return false;
    }
}

void tp__cli_pipeline_opts_free(tp__cli_pipeline_opts *o)
{
    free(o->sets);
    free(o->plugin_dirs);
    o->sets = NULL;
    o->plugin_dirs = NULL;
    o->nsets = o->nplugin_dirs = 0;
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

int tp__cli_parse_offsets(const char *arg, tp__offset_unit *unit)
{
    if (strcmp(arg, "codepoints") == 0)
        *unit = TP_OFFSETS_CODEPOINTS;
    else if (strcmp(arg, "bytes") == 0)
        *unit = TP_OFFSETS_BYTES;
    else if (strcmp(arg, "utf16") == 0)
        *unit = TP_OFFSETS_UTF16;
    else {
        tp__cli_error("--offsets %s: expected codepoints, bytes or utf16", arg);
        return -1;
    }
    return 0;
}
