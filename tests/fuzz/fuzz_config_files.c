/*
 * fuzz_config_files - libFuzzer target: configurations read from files, as
 * textpipe reads them: @include between files in two folders, base and
 * overrides, then --set arguments, then every option checked against the
 * real option tables of plugins compiled in (FUZZ_BUILTINS, as fuzz_stage)
 * and the diagnostics printed.  The input is split at lines "----":
 *   desk/news.cfg, base.cfg, desk/extra.cfg, then one --set per line.
 */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "diag.h"
#include "fuzz_file.h"
#include "pipeline.h"
#include "xalloc.h"

#define X(name) const tp_plugin *tp_plugin_entry_##name(void);
FUZZ_BUILTINS
#undef X

#define X(name) {#name, tp_plugin_entry_##name},
static const tp__builtin_plugin builtins[] = {FUZZ_BUILTINS};
#undef X

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    static char desk[600];
    if (!devnull) {
        devnull = fopen("/dev/null", "w");
        snprintf(desk, sizeof desk, "%s/desk", fuzz_dir());
        mkdir(desk, 0700);
    }
    const uint8_t *part[4];
    size_t len[4];
    size_t n = fuzz_split(data, size, part, len, 4);
    static const char *const names[3] = {"desk/news.cfg", "base.cfg", "desk/extra.cfg"};
    for (size_t i = 0; i < 3; i++) fuzz_write(names[i], i < n ? part[i] : (const uint8_t *)"", i < n ? len[i] : 0);
    char top[700];
    snprintf(top, sizeof top, "%s/desk/news.cfg", fuzz_dir());

    tp__config cfg = {0};
    tp__diags d = {0};
    int rc = tp__config_load_file(&cfg, top, &d);
    if (n > 3) {
        char *sets = tp__xstrndup((const char *)part[3], len[3]);
        char *save = NULL;
        for (char *s = strtok_r(sets, "\n", &save); s; s = strtok_r(NULL, "\n", &save))
            if (tp__config_apply_set(&cfg, s, &d) != 0)
                rc = -1;
        free(sets);
    }
    tp__load_opts lo = {0};
    lo.no_env = lo.no_installed = true;
    lo.builtins = builtins;
    lo.nbuiltins = sizeof builtins / sizeof builtins[0];
    lo.config_failed = rc != 0;
    tp__pipeline *p = tp__pipeline_load(&cfg, &lo, &d);
    if (p) {
        tp__pipeline_describe(p, devnull);
        tp__pipeline_free(p);
    }
    tp__diags_print(&d, devnull);
    tp__diags_free(&d);
    return 0;
}
