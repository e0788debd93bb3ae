/*
 * fuzz_eval - libFuzzer target: `textpipe eval` (core/cli_eval.c) reading
 * gold and predicted records in every format it accepts (JSON Lines, one
 * pretty-printed object, spans with labels or types) from arbitrary bytes.
 * The input is split at a line "----": gold, then predictions (the gold
 * again when absent); the first byte picks the layer.
 */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        /* eval prints its scores; the fuzzer's own output is on stderr. */
        if (!freopen("/dev/null", "w", stdout))
            abort();
        quiet = 1;
    }
    if (size < 1)
        return 0;
    static const char *const layers[] = {"entity", "money", "sentence", "summary"};
    const char *layer = layers[data[0] % 4];
    const uint8_t *part[2];
    size_t len[2];
    size_t n = fuzz_split(data + 1, size - 1, part, len, 2);
    char gold[700], pred[700];
    snprintf(gold, sizeof gold, "%s", fuzz_write("gold.jsonl", part[0], len[0]));
    snprintf(pred, sizeof pred, "%s", fuzz_write("pred.jsonl", n > 1 ? part[1] : part[0], n > 1 ? len[1] : len[0]));
    char *argv[] = {
        "eval", "--layer", (char *)layer, "--gold", gold, data[0] & 4 ? "--json" : pred, data[0] & 4 ? pred : NULL,
        NULL};
    int argc = data[0] & 4 ? 7 : 6;
    tp__cmd_eval(argc, argv);
    return 0;
}
