/*
 * fuzz_money.c -- libFuzzer target for the number parser, the scanner and
 * the rates files' decompressor.
 *
 *   clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
 *       -DMONEY_FUZZ_DATA_DIR='"plugins/currency/data"' dev/fuzz_money.c \
 *       money.c numparse.c currency_table.c scan.c rates.c unpack.c -lcjson -lz -lm -o fuzz_money
 *   ./fuzz_money -max_total_time=60 CORPUS_DIR
 *
 * Checks what a caller relies on: the parser consumes within bounds and gives
 * a value in [0, MONEY_MAX_AMOUNT]; spans are in bounds, ordered, finite; the
 * decompressor, given the bytes behind a gzip or ZIP header, returns a
 * buffer of the length it reports or an error, reading nothing out of bounds.
 */
#include "money.h"
#include "money_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
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
        char err[256], rates[4096];
        const char *d = getenv("MONEY_DATA_DIR");
        money_opts o;
        money_opts_init(&o);
        /* the shipped rates: conversion and the dollar read from its
         * conversion run on every input */
        snprintf(rates, sizeof rates, "%s/eurofxref-hist.csv.gz", d ? d : MONEY_FUZZ_DATA_DIR);
        o.rates_path = rates;
        o.convert_to = "EUR";
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
    if (size > 1) {
        /* the same bytes as a compressed stream behind a gzip or ZIP header */
        static const unsigned char GZ[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
        static const unsigned char ZIP[30] = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        size_t h = (data[0] & 1) ? sizeof GZ : sizeof ZIP;
        unsigned char *buf = malloc(h + size - 1), *out = NULL;
        size_t outlen = 0;
        const char *why = NULL;
        if (!buf)
            return 0;
        memcpy(buf, (data[0] & 1) ? GZ : ZIP, h);
        memcpy(buf + h, data + 1, size - 1);
        if (money__unpack(buf, h + size - 1, &out, &outlen, &why) == 0) {
            if (!out || out[outlen] != 0)
                abort();
        } else if (out || !why) {
            abort();
        }
        free(out);
        free(buf);
    }
    return 0;
}
