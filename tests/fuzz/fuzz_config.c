/*
 * fuzz_config - libFuzzer target: the configuration reader on arbitrary
 * bytes (syntax, base/overrides merging, diagnostics).  Inputs with
 * @include are skipped: an include of /dev/zero would only test libconfig's
 * patience.
 */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "diag.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = tp__xstrndup((const char *)data, size);
    if (!strstr(text, "@include")) {
        tp__config cfg = {0};
        tp__diags d = {0};
        if (tp__config_load_string(&cfg, text, "fuzz.cfg", "/nonexistent", &d) == 0 && cfg.nstages > 0)
            tp__config_apply_set(&cfg, "x.y=1", &d);
        tp__config_free(&cfg);
        tp__diags_free(&d);
    }
    free(text);
    return 0;
}
