/*
 * currency - the textpipe plugin around the money library (money.h).
 *
 * Produces "money" spans: amount (a number, absent for a closed range),
 * currency (ISO 4217), min/max for ranges and open intervals, and flags
 * currency_default (the currency came from an option such as `dollar`,
 * not from the text), approximate, open, minor_unit, range_part, and
 * currency_inferred = "conversion" when an ambiguous dollar was read from
 * the amount it converts ("€40 billion ($65.4 billion)": AUD in late 2024;
 * option infer_dollar, on by default).  With `convert_to`, each span also
 * gets converted.amount (or .min/.max), converted.currency, converted.rate
 * and converted.rate_date, using the last rate on or before the article's
 * date: the input record's "date" field, else the `date` option, else the
 * newest rate.  The rates are the ECB history shipped in data/ unless
 * `rates` names another file (a fresher eurofxref-hist.zip as downloaded).
 *
 * A document's "locale" field (en_AU, en_IN, …) applies the overrides
 * listed for it in data/locales.tsv.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <textpipe/plugin.h>

#include "money.h"

typedef struct currency_state {
    money_ctx *ctx;
    tp_type money;
    tp_feat amount, currency, min, max, currency_default, approximate, open, minor_unit, range_part;
    tp_feat currency_inferred;
    tp_feat conv_amount, conv_min, conv_max, conv_currency, conv_rate, conv_date;
} currency_state;

/* What the options fill (tp_init_bind): most go straight into the money
 * library's options; the decimal mark comes as the index of its choice. */
typedef struct currency_conf {
    money_opts money;
    int decimal_mark; /* index in "auto|.|," */
} currency_conf;

#define MONEY_FIELD(member) TP_OPT_FIELD(currency_conf, money.member)

static const tp_option_spec options[] = {
    {.name = "dollar",
     .type = TP_OPT_STRING,
     .default_value = "USD",
     .help = "ISO code for a bare $ or \"dollars\" (AUD for a Sydney desk)",
     .field = MONEY_FIELD(dollar)},
    {.name = "pound",
     .type = TP_OPT_STRING,
     .default_value = "GBP",
     .help = "ISO code for £ or \"pounds\"",
     .field = MONEY_FIELD(pound)},
    {.name = "yen",
     .type = TP_OPT_STRING,
     .default_value = "JPY",
     .help = "ISO code for ¥ or \"yen\" (JPY or CNY)",
     .field = MONEY_FIELD(yen)},
    {.name = "kr",
     .type = TP_OPT_STRING,
     .default_value = "SEK",
     .help = "ISO code for kr (SEK, NOK, DKK, ISK)",
     .field = MONEY_FIELD(kr)},
    {.name = "units",
     .type = TP_OPT_STRING,
     .help = "other ambiguous units as name=CODE pairs: \"franc=XOF, rupee=PKR, penny=@cent\"",
     .field = MONEY_FIELD(units)},
    {.name = "decimal_mark",
     .type = TP_OPT_STRING,
     .default_value = "auto",
     .choices = "auto|.|,",
     .help = "decimal mark where a number cannot tell (1.234 or 1,234)",
     .field = TP_OPT_FIELD(currency_conf, decimal_mark)},
    {.name = "hash_is_pound",
     .type = TP_OPT_BOOL,
     .default_value = "false",
     .help = "read # before a number as £ (some corpora replaced £ with #)",
     .field = MONEY_FIELD(hash_is_pound)},
    {.name = "iso4217",
     .type = TP_OPT_STRING,
     .default_value = MONEY_ISO4217_DEFAULT,
     .help = "ISO 4217 table (Debian package iso-codes)",
     .field = MONEY_FIELD(iso4217_path)},
    {.name = "rates",
     .type = TP_OPT_STRING,
     .default_value = "@data/eurofxref-hist.csv.gz",
     .help = "ECB euro reference rates: eurofxref-hist.csv, .csv.gz or the ECB's .zip (\"\" for none)",
     .field = MONEY_FIELD(rates_path)},
    {.name = "convert_to",
     .type = TP_OPT_STRING,
     .help = "convert every amount to this ISO code",
     .field = MONEY_FIELD(convert_to)},
    {.name = "infer_dollar",
     .type = TP_OPT_BOOL,
     .default_value = "true",
     .help = "read a $ given as the conversion of an amount beside it from the rates (AUD, CAD, ...)",
     .field = MONEY_FIELD(infer_dollar)},
    {.name = "date",
     .type = TP_OPT_STRING,
     .help = "YYYY-MM-DD used for conversion when a document has no \"date\" field",
     .field = MONEY_FIELD(date)},
    {NULL},
};

static int currency_init(tp_init *ini, void **state)
{
    currency_conf conf;
    money_opts_init(&conf.money);
    tp_init_bind(ini, &conf);
    money_opts *o = &conf.money;
    o->decimal_mark = "\0.,"[conf.decimal_mark];
    o->iso4217_path = tp_init_path(ini, o->iso4217_path);
    /* the rates are read only when something uses them */
    const char *rates = o->rates_path;
    o->rates_path = rates && rates[0] && (o->convert_to || o->infer_dollar) ? tp_init_path(ini, rates) : NULL;
    if (o->convert_to && !o->rates_path)
        return tp_init_fail(ini, "option convert_to needs rates (rates = \"\" turns them off)");

    char err[512];
    money_ctx *ctx = money_ctx_new(o, tp_init_data_dir(ini), err, sizeof err);
    if (!ctx)
        return tp_init_fail(ini, "%s", err);
    currency_state *s = calloc(1, sizeof *s);
    if (!s) {
        money_ctx_free(ctx);
        return tp_init_fail(ini, "out of memory");
    }
    s->ctx = ctx;
    s->money = tp_init_type(ini, "money");
    s->amount = tp_init_feat(ini, "amount");
    s->currency = tp_init_feat(ini, "currency");
    s->min = tp_init_feat(ini, "min");
    s->max = tp_init_feat(ini, "max");
    s->currency_default = tp_init_feat(ini, "currency_default");
    s->approximate = tp_init_feat(ini, "approximate");
    s->open = tp_init_feat(ini, "open");
    s->minor_unit = tp_init_feat(ini, "minor_unit");
    s->range_part = tp_init_feat(ini, "range_part");
    s->currency_inferred = tp_init_feat(ini, "currency_inferred");
    s->conv_amount = tp_init_feat(ini, "converted.amount");
    s->conv_min = tp_init_feat(ini, "converted.min");
    s->conv_max = tp_init_feat(ini, "converted.max");
    s->conv_currency = tp_init_feat(ini, "converted.currency");
    s->conv_rate = tp_init_feat(ini, "converted.rate");
    s->conv_date = tp_init_feat(ini, "converted.rate_date");
    *state = s;
    return TP_OK;
}

typedef struct scan_target {
    const currency_state *s;
    tp_doc *doc;
} scan_target;

static void set_number(tp_doc *doc, tp_type t, size_t i, tp_feat f, double v)
{
    if (!isnan(v))
        tp_span_set_double(doc, t, i, f, v);
}

static int on_money(const money_span *m, void *user)
{
    scan_target *st = user;
    const currency_state *s = st->s;
    tp_doc *doc = st->doc;
    size_t i = tp_doc_add_span(doc, s->money, m->begin, m->end);
    if (i == TP_NO_SPAN)
        return 1;
    set_number(doc, s->money, i, s->amount, m->amount);
    tp_span_set_str(doc, s->money, i, s->currency, m->currency, strlen(m->currency));
    set_number(doc, s->money, i, s->min, m->min);
    set_number(doc, s->money, i, s->max, m->max);
    tp_span_set_bool(doc, s->money, i, s->currency_default, (m->flags & MONEY_F_CURRENCY_DEFAULT) != 0);
    if (m->flags & MONEY_F_APPROXIMATE)
        tp_span_set_bool(doc, s->money, i, s->approximate, 1);
    if (m->flags & MONEY_F_OPEN)
        tp_span_set_bool(doc, s->money, i, s->open, 1);
    if (m->flags & MONEY_F_MINOR_UNIT)
        tp_span_set_bool(doc, s->money, i, s->minor_unit, 1);
    if (m->flags & MONEY_F_RANGE_PART)
        tp_span_set_bool(doc, s->money, i, s->range_part, 1);
    if (m->flags & MONEY_F_CURRENCY_INFERRED)
        tp_span_set_str(doc, s->money, i, s->currency_inferred, "conversion", 10);
    if (m->flags & MONEY_F_CONVERTED) {
        set_number(doc, s->money, i, s->conv_amount, m->conv_amount);
        set_number(doc, s->money, i, s->conv_min, m->conv_min);
        set_number(doc, s->money, i, s->conv_max, m->conv_max);
        tp_span_set_str(doc, s->money, i, s->conv_currency, m->conv_currency, strlen(m->conv_currency));
        tp_span_set_double(doc, s->money, i, s->conv_rate, m->conv_rate);
        tp_span_set_str(doc, s->money, i, s->conv_date, m->rate_date, strlen(m->rate_date));
    }
    return 0;
}

static int currency_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx;
    const currency_state *s = state;
    size_t len;
    const char *text = tp_doc_text(doc, &len);
    money_doc md = {tp_doc_meta_str(doc, "date", NULL), tp_doc_meta_str(doc, "locale", NULL)};
    scan_target st = {s, doc};
    money_scan(s->ctx, text, len, &md, on_money, &st);
    return TP_OK;
}

static void currency_fini(void *state)
{
    currency_state *s = state;
    money_ctx_free(s->ctx);
    free(s);
}

static const char *const produces[] = {"money", NULL};

static const tp_plugin currency = {
    TP_PLUGIN_DESCRIPTOR_HEAD,
    .name = "currency",
    .version = "1.0",
    .summary = "money expressions: amount, ISO 4217 currency, ranges, optional conversion",
    .options = options,
    .produces = produces,
    .init = currency_init,
    .process = currency_process,
    .fini = currency_fini,
};

TP_PLUGIN_DEFINE(currency)
