/*
 * money.c -- the context: options, table loading, rates, life cycle.
 */
#define _POSIX_C_SOURCE 200809L
#include "money_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void money_opts_init(money_opts *o)
{
    memset(o, 0, sizeof *o);
    o->infer_dollar = 1;
}

money_ctx *money_ctx_new(const money_opts *o, const char *data_dir, char *err, size_t errlen)
{
    money_ctx *c;
    if (err && errlen)
        err[0] = 0;
    c = calloc(1, sizeof *c);
    if (!c) {
        if (err && errlen)
            snprintf(err, errlen, "currency: out of memory");
        return NULL;
    }
    c->convert_to = -1;
    c->default_date = INT32_MIN;
    if (o) {
        if (o->decimal_mark && o->decimal_mark != '.' && o->decimal_mark != ',') {
            snprintf(err, errlen, "option decimal_mark: expected '.' or ',' (or unset for auto)");
            free(c);
            return NULL;
        }
        c->decimal_mark = o->decimal_mark;
        c->hash_is_pound = o->hash_is_pound != 0;
    }
    if (money__tables_load(c, o, data_dir, err, errlen) < 0) {
        money_ctx_free(c);
        return NULL;
    }
    c->slot_dollar = money__slot_find(c, "dollar", 6);
    c->slot_pound = money__slot_find(c, "pound", 5);
    c->slot_cent = money__slot_find(c, "cent", 4);
    if (o && o->convert_to) {
        if (!o->rates_path) {
            snprintf(err, errlen, "option convert_to needs a rates file (option rates)");
            money_ctx_free(c);
            return NULL;
        }
        c->convert_to = (int16_t)money__code_find(c, o->convert_to, strlen(o->convert_to));
        if (c->convert_to < 0 || strlen(o->convert_to) != 3) {
            snprintf(err, errlen, "option convert_to: unknown currency code '%s'", o->convert_to);
            money_ctx_free(c);
            return NULL;
        }
    }
    if (o && o->rates_path) {
        c->rates = money__rates_load(o->rates_path, err, errlen);
        if (!c->rates) {
            money_ctx_free(c);
            return NULL;
        }
        c->infer_on = o->infer_dollar != 0;
    }
    if (o && o->date && o->date[0]) {
        c->default_date = money__parse_iso_date(o->date);
        if (c->default_date == INT32_MIN) {
            snprintf(err, errlen, "option date: expected YYYY-MM-DD, got '%s'", o->date);
            money_ctx_free(c);
            return NULL;
        }
    }
    if (c->infer_on) {
        /* every year's range for the inference candidates, once */
        char to[MONEY_MAX_INFER * MONEY_MAX_SLOTS][4];
        int n = 0, sl, k, q;
        for (sl = 0; sl < c->nslots; sl++)
            for (k = 0; k < c->ninfer[sl]; k++) {
                const char *code = c->cur[c->infer_cand[sl][k]].code;
                for (q = 0; q < n && memcmp(to[q], code, 4) != 0; q++)
                    ;
                if (q == n)
                    memcpy(to[n++], code, 4);
            }
        if (n > 64)
            n = 64;
        if (money__rates_years(c->rates, (const char(*)[4])to, n) < 0) {
            snprintf(err, errlen, "currency: out of memory");
            money_ctx_free(c);
            return NULL;
        }
    }
    money__scan_init(c);
    return c;
}

void money_ctx_free(money_ctx *c)
{
    if (!c)
        return;
    money__tables_free(c);
    money__rates_free(c->rates);
    free(c);
}

size_t money_ctx_currency_count(const money_ctx *c) { return c ? (size_t)c->ncur : 0; }

char *money_format_amount(double v, char *buf, size_t buflen)
{
    if (!buf || buflen == 0)
        return buf;
    if (!isfinite(v)) {
        snprintf(buf, buflen, "null");
        return buf;
    }
    if (v == floor(v) && fabs(v) < 1e17) {
        snprintf(buf, buflen, "%.0f", v);
        return buf;
    }
    /* the shortest of 15..17 significant digits that reads back exactly */
    {
        int prec;
        for (prec = 15; prec <= 17; prec++) {
            snprintf(buf, buflen, "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
    }
    return buf;
}
