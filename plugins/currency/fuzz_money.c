/*
 * fuzz_money.c -- libFuzzer target for the number parser and the scanner.
 *
 *   clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
 *       -DMONEY_FUZZ_DATA_DIR='"plugins/currency/data"' dev/fuzz_money.c \
 *       money.c numparse.c currency_table.c scan.c rates.c -lcjson -lm -o fuzz_money
 *   ./fuzz_money -max_total_time=60 CORPUS_DIR
 *
 * Checks what a caller relies on: the parser consumes within bounds and gives
 * a value in [0, MONEY_MAX_AMOUNT]; spans are in bounds, ordered, finite.
 */
#include "money.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef MONEY_FUZZ_DATA_DIR
#define MONEY_FUZZ_DATA_DIR "data"
#endif

static money_ctx *ctx;

static int span_cb(const money_span *sp, void *user)
{
    size_t *st = user; /* st[0] = len, st[1] = last end */
    if (sp->begin >= sp->end || sp->end > st[0])
        abort();
    if (!(sp->flags & MONEY_F_RANGE_PART)) {
        if (sp->begin < st[1])
            abort();
        st[1] = sp->end;
    }
    if ((sp->flags & MONEY_F_RANGE) ? !(sp->min < sp->max) : !isfinite(sp->amount))
        abort();
    if (strlen(sp->currency) != 3)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    money_number n;
    size_t st[2];
    char *copy;
    if (!ctx) {
        char err[256];
        const char *d = getenv("MONEY_DATA_DIR");
        money_opts o;
        money_opts_init(&o);
        ctx = money_ctx_new(&o, d ? d : MONEY_FUZZ_DATA_DIR, err, sizeof err);
        if (!ctx)
            abort();
    }
    /* an exact-size heap copy so ASan sees any read past the end */
    copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (money_parse_number(copy, size, size && (data[0] & 1) ? ',' : 0,
                           MONEY_NP_WORDS | MONEY_NP_ARTICLE | MONEY_NP_SPACED_UNITS, &n)) {
        if (n.consumed == 0 || n.consumed > size || !(n.value >= 0) || n.value > MONEY_MAX_AMOUNT)
            abort();
    }
    st[0] = size;
    st[1] = 0;
    money_scan(ctx, copy, size, NULL, span_cb, st);
    free(copy);
    return 0;
}
