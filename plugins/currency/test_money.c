/*
 * test_money.c -- cmocka tests for the currency library (hand-written cases).
 *
 * The data folder comes from MONEY_DATA_DIR (environment) or the compile-time
 * MONEY_TEST_DATA_DIR, defaulting to "data" (run from plugins/currency/).
 * iso_4217.json is read from the default Debian location.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "money.h"
#include "money_internal.h" /* money__unpack, checked against zlib below */

#ifndef MONEY_TEST_DATA_DIR
#define MONEY_TEST_DATA_DIR "data"
#endif

static const char *data_dir(void)
{
    const char *d = getenv("MONEY_DATA_DIR");
    return d && *d ? d : MONEY_TEST_DATA_DIR;
}

static money_ctx *new_ctx(const money_opts *o)
{
    char err[512];
    money_ctx *c = money_ctx_new(o, data_dir(), err, sizeof err);
    if (!c)
        fail_msg("money_ctx_new: %s", err);
    return c;
}

static int setup_default(void **state)
{
    money_opts o;
    money_opts_init(&o);
    *state = new_ctx(&o);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    money_ctx_free(*state);
    return 0;
}

/* Scans text into a list; the caller frees it. */
static money_list scan(const money_ctx *c, const char *text, const money_doc *doc)
{
    money_list l = {0};
    size_t n = money_scan_list(c, text, strlen(text), doc, &l);
    assert_true(n != (size_t)-1);
    return l;
}

static void assert_span(const char *text, const money_span *sp, const char *want_text, double amount, const char *cur)
{
    size_t wl = strlen(want_text);
    assert_int_equal(sp->end - sp->begin, wl);
    assert_memory_equal(text + sp->begin, want_text, wl);
    if (isnan(amount))
        assert_true(isnan(sp->amount));
    else
        assert_true(fabs(sp->amount - amount) <= 1e-9 * fabs(amount));
    assert_string_equal(sp->currency, cur);
}

/* One expectation for the first span of a text: its text, amount (NAN for a
 * closed range), bounds (NAN when absent) and currency. */
typedef struct want {
    const char *text, *span;
    double amount, min, max;
    const char *cur;
} want;

static int same_number(double got, double expected)
{
    if (isnan(expected))
        return isnan(got);
    return fabs(got - expected) <= 1e-9 * fabs(expected);
}

/* Checks the first span of every case; reports all the failures at once. */
static void check_wants(const money_ctx *c, const want *w, size_t n)
{
    size_t i, bad = 0;
    for (i = 0; i < n; i++) {
        money_list l = scan(c, w[i].text, NULL);
        const money_span *sp = l.n ? &l.v[0] : NULL;
        size_t wl = strlen(w[i].span);
        if (!sp || sp->end - sp->begin != wl || memcmp(w[i].text + sp->begin, w[i].span, wl) != 0 ||
            !same_number(sp->amount, w[i].amount) || !same_number(sp->min, w[i].min) ||
            !same_number(sp->max, w[i].max) || strcmp(sp->currency, w[i].cur) != 0) {
            if (sp)
                print_error("\"%s\": got \"%.*s\" amount %.17g [%.17g, %.17g] %s\n", w[i].text,
                            (int)(sp->end - sp->begin), w[i].text + sp->begin, sp->amount, sp->min, sp->max,
                            sp->currency);
            else
                print_error("\"%s\": no span\n", w[i].text);
            bad++;
        }
        money_list_free(&l);
    }
    if (bad)
        fail_msg("%zu of %zu cases failed", bad, n);
}

static void test_seed_article_default(void **state)
{
    const char *t = "the financial pledge of \xE2\x82\xAC"
                    "40 billion ($65.4 billion) in security";
    money_list l = scan(*state, t, NULL);
    assert_int_equal(l.n, 2);
    assert_span(t, &l.v[0],
                "\xE2\x82\xAC"
                "40 billion",
                40e9, "EUR");
    assert_false(l.v[0].flags & MONEY_F_CURRENCY_DEFAULT);
    assert_span(t, &l.v[1], "$65.4 billion", 65.4e9, "USD");
    assert_true(l.v[1].flags & MONEY_F_CURRENCY_DEFAULT);
    money_list_free(&l);
}

static void test_seed_article_aud(void **state)
{
    money_opts o;
    money_ctx *c;
    const char *t = "\xE2\x82\xAC"
                    "40 billion ($65.4 billion)";
    money_list l;
    (void)state;
    money_opts_init(&o);
    o.dollar = "AUD";
    c = new_ctx(&o);
    l = scan(c, t, NULL);
    assert_int_equal(l.n, 2);
    assert_span(t, &l.v[1], "$65.4 billion", 65.4e9, "AUD");
    money_list_free(&l);
    money_ctx_free(c);
}

static void test_prefixed_dollars(void **state)
{
    const char *t = "a c $ 12 million fee, NZ$7 and US$ 3.5bn";
    money_list l = scan(*state, t, NULL);
    assert_int_equal(l.n, 3);
    assert_span(t, &l.v[0], "c $ 12 million", 12e6, "CAD");
    assert_span(t, &l.v[1], "NZ$7", 7, "NZD");
    assert_span(t, &l.v[2], "US$ 3.5bn", 3.5e9, "USD");
    assert_false(l.v[2].flags & MONEY_F_CURRENCY_DEFAULT);
    money_list_free(&l);
}

static void test_codes_and_names(void **state)
{
    const char *t = "CHF 90, 45 usd, 12 Swiss francs, 3 rupees and 700 yen";
    money_list l = scan(*state, t, NULL);
    assert_int_equal(l.n, 5);
    assert_span(t, &l.v[0], "CHF 90", 90, "CHF");
    assert_span(t, &l.v[1], "45 usd", 45, "USD");
    assert_span(t, &l.v[2], "12 Swiss francs", 12, "CHF");
    assert_span(t, &l.v[3], "3 rupees", 3, "INR");
    assert_span(t, &l.v[4], "700 yen", 700, "JPY");
    money_list_free(&l);
}

static void test_number_words_and_minor_units(void **state)
{
    const char *t = "seven million euros, a dollar, 20p and 85 cents";
    money_list l = scan(*state, t, NULL);
    assert_int_equal(l.n, 4);
    assert_span(t, &l.v[0], "seven million euros", 7e6, "EUR");
    assert_span(t, &l.v[1], "a dollar", 1, "USD");
    assert_span(t, &l.v[2], "20p", 0.2, "GBP");
    assert_true(l.v[2].flags & MONEY_F_MINOR_UNIT);
    assert_span(t, &l.v[3], "85 cents", 0.85, "USD");
    money_list_free(&l);
}

/* Cents qualified by their country are that country's minor unit, whatever
 * the dollar option says; a dollar prefix before the figure does the same. */
static void test_minor_units_with_country(void **state)
{
    static const want W[] = {
        {"The Australian dollar bought 66 US cents on Friday.", "66 US cents", 0.66, NAN, NAN, "USD"},
        {"the loonie slipped to 71.3 U.S. cents", "71.3 U.S. cents", 0.713, NAN, NAN, "USD"},
        {"a dividend of 20 Australian cents a share", "20 Australian cents", 0.2, NAN, NAN, "AUD"},
        {"shares closed at 35 Canadian cents", "35 Canadian cents", 0.35, NAN, NAN, "CAD"},
        {"a fare of 80 Hong Kong cents", "80 Hong Kong cents", 0.8, NAN, NAN, "HKD"},
        {"milk rose 12 NZ cents a litre", "12 NZ cents", 0.12, NAN, NAN, "NZD"},
        {"a stamp costs 50 euro cents", "50 euro cents", 0.5, NAN, NAN, "EUR"},
        {"the Aussie fell to US66.5c overnight", "US66.5c", 0.665, NAN, NAN, "USD"},
        {"it was worth US73 cents in May", "US73 cents", 0.73, NAN, NAN, "USD"},
        {"the kiwi hit NZ 80 cents", "NZ 80 cents", 0.8, NAN, NAN, "NZD"},
        /* a part of one cent is not a cent */
        {"gold worth a tenth of a US cent, or $3", "$3", 3, NAN, NAN, "USD"},
    };
    money_opts o;
    money_ctx *c;
    check_wants(*state, W, sizeof W / sizeof W[0]);
    /* the country wins over a newsroom whose dollar is another one */
    money_opts_init(&o);
    o.dollar = "AUD";
    c = new_ctx(&o);
    check_wants(c, W, 2);
    money_ctx_free(c);
}

/* Letter symbols of a country's own press: money once the figure can only
 * be an amount. */
static void test_letter_symbols(void **state)
{
    static const want W[] = {
        {"Eskom needs R12.4 billion this year.", "R12.4 billion", 12.4e9, NAN, NAN, "ZAR"},
        {"a grant of R1,500 a month", "R1,500", 1500, NAN, NAN, "ZAR"},
        {"petrol rose to R2.50 a litre", "R2.50", 2.5, NAN, NAN, "ZAR"},
        {"the R3.5-4 billion upgrade", "R3.5-4 billion", NAN, 3.5e9, 4e9, "ZAR"},
        {"Brazil's R$5.2bn plan", "R$5.2bn", 5.2e9, NAN, NAN, "BRL"},
        {"a loan of R$ 300 million", "R$ 300 million", 300e6, NAN, NAN, "BRL"},
        {"N2.5 trillion budget for Lagos", "N2.5 trillion", 2.5e12, NAN, NAN, "NGN"},
        {"Safaricom paid Sh5 billion", "Sh5 billion", 5e9, NAN, NAN, "KES"},
        {"a Tk 500 crore bridge", "Tk 500 crore", 5e9, NAN, NAN, "BDT"},
        {"Aramco's SR5 billion bond", "SR5 billion", 5e9, NAN, NAN, "SAR"},
        {"a QR 2.1bn stadium", "QR 2.1bn", 2.1e9, NAN, NAN, "QAR"},
        {"fined Dh1 million", "Dh1 million", 1e6, NAN, NAN, "AED"},
        {"Nestle's SFr 2.3bn charge", "SFr 2.3bn", 2.3e9, NAN, NAN, "CHF"},
        {"a DKr500m order", "DKr500m", 500e6, NAN, NAN, "DKK"},
    };
    static const char *const NO[] = {
        "R2-D2 and C-3PO", "take the R12 north",  "a Type R 2 door", "N95 masks",
        "the SR-71",       "R 12 billion people", "Tk500 words",     "fined Dh250 ,000 in all",
    };
    size_t i;
    check_wants(*state, W, sizeof W / sizeof W[0]);
    for (i = 0; i < sizeof NO / sizeof NO[0]; i++) {
        money_list l = scan(*state, NO[i], NULL);
        if (l.n)
            fail_msg("\"%s\" gave %zu spans", NO[i], l.n);
        money_list_free(&l);
    }
}

/* "of a" inside a number, and a part of one unit that is not that unit. */
static void test_parts_of_a_unit(void **state)
{
    static const want W[] = {
        {"The charity raised a quarter of a million pounds.", "a quarter of a million pounds", 250e3, NAN, NAN, "GBP"},
        {"three quarters of a billion dollars in aid", "three quarters of a billion dollars", 750e6, NAN, NAN, "USD"},
        {"Thai Airways lost Bt 500 million", "Bt 500 million", 500e6, NAN, NAN, "THB"},
        {"a Sfr5m fine", "Sfr5m", 5e6, NAN, NAN, "CHF"},
    };
    static const char *const NO[] = {"a quarter of a dollar", "a fraction of a cent", "half of a pound of butter"};
    size_t i;
    check_wants(*state, W, sizeof W / sizeof W[0]);
    for (i = 0; i < sizeof NO / sizeof NO[0]; i++) {
        money_list l = scan(*state, NO[i], NULL);
        if (l.n)
            fail_msg("\"%s\" gave %zu spans", NO[i], l.n);
        money_list_free(&l);
    }
}

static void test_ranges(void **state)
{
    const char *t = "$4.5-6 billion, between \xC2\xA3"
                    "2 and \xC2\xA3"
                    "3 million";
    money_list l = scan(*state, t, NULL);
    /* the second range names its currency twice: its ends follow it */
    assert_int_equal(l.n, 4);
    assert_true(l.v[0].flags & MONEY_F_RANGE);
    assert_true(isnan(l.v[0].amount));
    assert_true(l.v[0].min == 4.5e9 && l.v[0].max == 6e9);
    assert_true(l.v[1].min == 2e6 && l.v[1].max == 3e6);
    assert_string_equal(l.v[1].currency, "GBP");
    assert_true(l.v[2].flags & MONEY_F_RANGE_PART);
    assert_span(t, &l.v[2],
                "\xC2\xA3"
                "2",
                2e6, "GBP");
    assert_span(t, &l.v[3],
                "\xC2\xA3"
                "3 million",
                3e6, "GBP");
    money_list_free(&l);
}

/* A range whose second end has no unit of its own, used before a noun or an
 * adverb: the shared symbol and scale reach the first end. */
static void test_ranges_before_a_noun(void **state)
{
    static const want W[] = {
        {"The board approved a $1.5-2 billion buyback on Tuesday.", "$1.5-2 billion", NAN, 1.5e9, 2e9, "USD"},
        {"Repairs will cost between \xE2\x82\xAC"
         "3 and 4 million, the council said.",
         "between \xE2\x82\xAC"
         "3 and 4 million",
         NAN, 3e6, 4e6, "EUR"},
        {"It spent between \xE2\x82\xAC"
         "3 and 4 million renovating the pier.",
         "between \xE2\x82\xAC"
         "3 and 4 million",
         NAN, 3e6, 4e6, "EUR"},
        {"a \xC2\xA3"
         "20\xE2\x80\x93"
         "25m refit of the stadium",
         "\xC2\xA3"
         "20\xE2\x80\x93"
         "25m",
         NAN, 20e6, 25e6, "GBP"},
        {"the $1.5 to 2 billion plan", "$1.5 to 2 billion", NAN, 1.5e9, 2e9, "USD"},
        {"a US$300-400 million loan", "US$300-400 million", NAN, 300e6, 400e6, "USD"},
        {"$1.5-2 billion worth of bonds", "$1.5-2 billion", NAN, 1.5e9, 2e9, "USD"},
        {"the \xE2\x82\xAC"
         "3-to-4-million fee",
         "\xE2\x82\xAC"
         "3-to-4-million",
         NAN, 3e6, 4e6, "EUR"},
        {"a $1.5-billion-to-$2-billion plan", "$1.5-billion-to-$2-billion", NAN, 1.5e9, 2e9, "USD"},
        {"a $100-200 ticket", "$100-200", NAN, 100, 200, "USD"},
        /* no dash and no shared scale: two readings, the plain one wins */
        {"She gave $5 to 10 charities.", "$5", 5, NAN, NAN, "USD"},
    };
    check_wants(*state, W, sizeof W / sizeof W[0]);
}

static void test_hedges(void **state)
{
    const char *t = "about $3bn, more than \xE2\x82\xAC"
                    "2bn and under seven euros";
    money_list l = scan(*state, t, NULL);
    assert_int_equal(l.n, 3);
    assert_true(l.v[0].flags & MONEY_F_APPROXIMATE);
    assert_true(l.v[0].amount == 3e9 && isnan(l.v[0].min) && isnan(l.v[0].max));
    assert_true(l.v[1].flags & MONEY_F_OPEN);
    assert_true(l.v[1].min == 2e9 && isnan(l.v[1].max));
    assert_true(l.v[2].max == 7 && isnan(l.v[2].min));
    money_list_free(&l);
}

static void test_separators(void **state)
{
    money_opts o;
    money_ctx *c;
    const char *t = "1.234,56 \xE2\x82\xAC and \xE2\x82\xAC"
                    "2.500";
    money_list l = scan(*state, t, NULL);
    assert_int_equal(l.n, 2);
    assert_true(l.v[0].amount == 1234.56);
    assert_true(l.v[1].amount == 2.5); /* ambiguous: English by default */
    money_list_free(&l);
    (void)state;
    money_opts_init(&o);
    o.decimal_mark = ',';
    c = new_ctx(&o);
    l = scan(c, t, NULL);
    assert_int_equal(l.n, 2);
    assert_true(l.v[0].amount == 1234.56);
    assert_true(l.v[1].amount == 2500);
    money_list_free(&l);
    money_ctx_free(c);
}

static void test_not_money(void **state)
{
    static const char *const NO[] = {
        "In 2023, 40 billion people",
        "up 12%",
        "$HOME and $AAPL",
        "call 555-0100",
        "5G towers on Route 66",
        "it was 31C",
        "ALL 5 tests",
        "TRY 2 times",
        "World CUP 2026",
        "a grand jury",
        "the third quarter",
        "he won 3 races",
        "weighs 200 pounds",
    };
    size_t i;
    for (i = 0; i < sizeof NO / sizeof NO[0]; i++) {
        money_list l = scan(*state, NO[i], NULL);
        if (l.n)
            fail_msg("\"%s\" gave %zu spans", NO[i], l.n);
        money_list_free(&l);
    }
}

static void test_overflow_and_long_input(void **state)
{
    size_t n = 1000000, i;
    char *big = malloc(n + 2);
    money_list l;
    assert_non_null(big);
    l = scan(*state, "$99999999999999999999999 trillion", NULL);
    assert_int_equal(l.n, 0);
    money_list_free(&l);
    big[0] = '$';
    for (i = 1; i <= n; i++) big[i] = (char)('0' + i % 10);
    big[n + 1] = 0;
    l = scan(*state, big, NULL);
    assert_int_equal(l.n, 0);
    money_list_free(&l);
    for (i = 0; i <= n; i++) big[i] = '.';
    l = scan(*state, big, NULL);
    assert_int_equal(l.n, 0);
    money_list_free(&l);
    free(big);
}

static void test_number_parser(void **state)
{
    money_number m;
    (void)state;
    assert_true(money_parse_number("1,234,567.89", 12, 0, 0, &m));
    assert_true(m.value == 1234567.89 && m.consumed == 12);
    assert_true(money_parse_number("twenty-five thousand", 20, 0, MONEY_NP_WORDS, &m));
    assert_true(m.value == 25000 && m.scale_exp == 3 && m.base == 25);
    assert_true(money_parse_number("3.5bn", 5, 0, 0, &m));
    assert_true(m.value == 3.5e9 && (m.flags & MONEY_NUM_SUFFIX));
    assert_false(money_parse_number("hello", 5, 0, MONEY_NP_WORDS, &m));
    /* Indian groups; a lone ",dd" stays a decimal comma */
    assert_true(money_parse_number("12,34,56,789", 12, 0, 0, &m));
    assert_true(m.value == 123456789 && m.consumed == 12 && (m.flags & MONEY_NUM_GROUPED));
    assert_true(money_parse_number("1,50", 4, 0, 0, &m));
    assert_true(m.value == 1.5 && (m.flags & MONEY_NUM_DECIMAL));
    assert_true(money_parse_number("1,50,00", 7, 0, 0, &m)); /* no final group of three */
    assert_true(m.consumed == 4);
    /* compound scales: base and exponent of the whole */
    assert_true(money_parse_number("1.5 lakh crore", 14, 0, 0, &m));
    assert_true(m.value == 1.5e12 && m.base == 1.5 && m.scale_exp == 12 && m.consumed == 14);
    /* only a thousand or a lakh compounds: "million billion" stops after million */
    assert_true(money_parse_number("5 million billion", 17, 0, 0, &m));
    assert_true(m.value == 5e6 && m.consumed == 9);
}

/* Indian numbering: digit groups in pairs after the thousands, and a scale
 * word before a larger one multiplies ("lakh crore" = 10^12). */
static void test_indian_numbers(void **state)
{
    static const want W[] = {
        {"The Centre set aside \xE2\x82\xB9"
         "1.5 lakh crore for roads.",
         "\xE2\x82\xB9"
         "1.5 lakh crore",
         1.5e12, NAN, NAN, "INR"},
        {"a Rs 2.5 lakh crore deficit", "Rs 2.5 lakh crore", 2.5e12, NAN, NAN, "INR"},
        {"a \xE2\x82\xB9"
         "1.5-lakh-crore package",
         "\xE2\x82\xB9"
         "1.5-lakh-crore",
         1.5e12, NAN, NAN, "INR"},
        {"debts of Rs 3 lakh-crore", "Rs 3 lakh-crore", 3e12, NAN, NAN, "INR"},
        {"one lakh crore rupees was spent", "one lakh crore rupees", 1e12, NAN, NAN, "INR"},
        {"Rs 5 thousand crore in dues", "Rs 5 thousand crore", 5e10, NAN, NAN, "INR"},
        {"a Rs 400 cr order", "Rs 400 cr", 4e9, NAN, NAN, "INR"},
        {"estimates of \xE2\x82\xB9"
         "7-9 lakh crore",
         "\xE2\x82\xB9"
         "7-9 lakh crore",
         NAN, 7e12, 9e12, "INR"},
        {"a salary of Rs 1,50,000 a month", "Rs 1,50,000", 150000, NAN, NAN, "INR"},
        {"fined \xE2\x82\xB9"
         "12,34,567.50 in all",
         "\xE2\x82\xB9"
         "12,34,567.50",
         1234567.5, NAN, NAN, "INR"},
        {"Rs 1,00,000 crore of bonds", "Rs 1,00,000 crore", 1e12, NAN, NAN, "INR"},
        {"a \xC2\xA3"
         "3 thousand million budget",
         "\xC2\xA3"
         "3 thousand million",
         3e9, NAN, NAN, "GBP"},
        {"losses of between Rs 2 lakh and 3 lakh crore", "between Rs 2 lakh and 3 lakh crore", NAN, 2e12, 3e12, "INR"},
        {"between $2 thousand and $3 million", "between $2 thousand and $3 million", NAN, 2e3, 3e6, "USD"},
    };
    check_wants(*state, W, sizeof W / sizeof W[0]);
}

static void test_locale(void **state)
{
    money_doc doc = {0};
    money_list l;
    doc.locale = "en_NZ";
    l = scan(*state, "$20 and 4 grand", &doc);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.v[0].currency, "NZD");
    assert_string_equal(l.v[1].currency, "NZD");
    money_list_free(&l);
}

static void test_conversion(void **state)
{
    money_opts o;
    money_ctx *c;
    char path[4096];
    money_doc doc = {0};
    money_list l;
    (void)state;
    snprintf(path, sizeof path, "%s/SAMPLE-eurofxref-hist.csv", data_dir());
    money_opts_init(&o);
    o.rates_path = path;
    o.convert_to = "EUR";
    c = new_ctx(&o);
    doc.date = "2024-12-04";
    l = scan(c, "$105 and between $1 and $2", &doc);
    assert_int_equal(l.n, 4); /* the amount, the range, the range's two ends */
    assert_true(l.v[0].flags & MONEY_F_CONVERTED);
    assert_true(fabs(l.v[0].conv_amount - 100) < 1e-9);
    assert_string_equal(l.v[0].conv_currency, "EUR");
    assert_string_equal(l.v[0].rate_date, "2024-12-04");
    assert_true(isnan(l.v[1].conv_amount));
    assert_true(fabs(l.v[1].conv_max - 2 / 1.05) < 1e-9);
    money_list_free(&l);
    money_ctx_free(c);
}

/* A context converting to `to` with the rates file at path. */
static money_ctx *conv_ctx(const char *path, const char *to)
{
    money_opts o;
    money_opts_init(&o);
    o.rates_path = path;
    o.convert_to = to;
    return new_ctx(&o);
}

/* The first span of text converted on date: rate and rate date. */
static void expect_rate(const money_ctx *c, const char *text, const char *date, double rate, const char *rate_date)
{
    money_doc doc = {0};
    money_list l;
    doc.date = date;
    l = scan(c, text, &doc);
    assert_true(l.n >= 1);
    assert_true(l.v[0].flags & MONEY_F_CONVERTED);
    if (fabs(l.v[0].conv_rate - rate) > 1e-12 * rate)
        fail_msg("%s on %s: rate %.17g, want %.17g", text, date, l.v[0].conv_rate, rate);
    assert_string_equal(l.v[0].rate_date, rate_date);
    money_list_free(&l);
}

/* The shipped ECB history (gzipped): published reference rates, checked
 * against the ECB's figures for those days. */
static void test_shipped_rates(void **state)
{
    char path[4096];
    money_ctx *c;
    (void)state;
    snprintf(path, sizeof path, "%s/eurofxref-hist.csv.gz", data_dir());
    c = conv_ctx(path, "USD");
    expect_rate(c,
                "\xE2\x82\xAC"
                "100",
                "1999-01-04", 1.1789, "1999-01-04"); /* the first day */
    expect_rate(c,
                "\xE2\x82\xAC"
                "100",
                "2024-12-04", 1.0492, "2024-12-04");
    expect_rate(c,
                "\xE2\x82\xAC"
                "100",
                "2024-12-25", 1.0395, "2024-12-24"); /* no fixing */
    /* a cross rate through the euro: AUD 1.6384 and USD 1.0492 per euro */
    expect_rate(c, "A$100", "2024-12-04", 1.0492 / 1.6384, "2024-12-04");
    money_ctx_free(c);
}

/* A context with the shipped rates and conversion inference (the plugin's
 * defaults), and the options given. */
static money_ctx *infer_ctx(const char *dollar, int infer)
{
    static char path[4096];
    money_opts o;
    snprintf(path, sizeof path, "%s/eurofxref-hist.csv.gz", data_dir());
    money_opts_init(&o);
    o.rates_path = path;
    o.dollar = dollar;
    o.infer_dollar = infer;
    return new_ctx(&o);
}

/* The span whose text is `span` in text (on date, NULL for none): checks
 * its currency and whether it was inferred. */
static void expect_currency(const money_ctx *c, const char *text, const char *date, const char *span,
                            const char *cur, int inferred)
{
    money_doc doc = {0};
    money_list l;
    size_t k, wl = strlen(span);
    doc.date = date;
    l = scan(c, text, &doc);
    for (k = 0; k < l.n; k++)
        if (l.v[k].end - l.v[k].begin == wl && memcmp(text + l.v[k].begin, span, wl) == 0)
            break;
    if (k == l.n)
        fail_msg("\"%s\": no span \"%s\"", text, span);
    if (strcmp(l.v[k].currency, cur) != 0 || !(l.v[k].flags & MONEY_F_CURRENCY_INFERRED) != !inferred ||
        (inferred && (l.v[k].flags & MONEY_F_CURRENCY_DEFAULT)))
        fail_msg("\"%s\" (%s): %s is %s%s, want %s%s", text, date ? date : "no date", span, l.v[k].currency,
                 (l.v[k].flags & MONEY_F_CURRENCY_INFERRED) ? " inferred" : "", cur, inferred ? " inferred" : "");
    money_list_free(&l);
}

/* A dollar given as the conversion of an amount beside it is read from the
 * ratio, against the ECB's rates of the article's dates. */
static void test_dollar_from_its_conversion(void **state)
{
    money_ctx *c = infer_ctx(NULL, 1), *aud = infer_ctx("AUD", 1), *off = infer_ctx(NULL, 0);
    const char *pledge = "The pledge of \xE2\x82\xAC"
                         "40 billion ($65.4 billion) covers 2024.";
    (void)state;
    /* 1.635 is EUR->AUD in 2024 (1.60-1.70); USD 1.04-1.12, CAD 1.45-1.52, NZD 1.74-1.85 */
    expect_currency(c, pledge, NULL, "$65.4 billion", "AUD", 1);
    expect_currency(off, pledge, NULL, "$65.4 billion", "USD", 0);
    expect_currency(c,
                    "\xE2\x82\xAC"
                    "40 billion ($65.4 billion)",
                    "2024-12-04", "$65.4 billion", "AUD", 1);
    /* the other way round, and with a hedge inside the parenthesis */
    expect_currency(c,
                    "$65.4 billion (\xE2\x82\xAC"
                    "40 billion)",
                    "2024-12-04", "$65.4 billion", "AUD", 1);
    expect_currency(c,
                    "\xE2\x82\xAC"
                    "40 billion (about $65 billion)",
                    "2024-12-04", "about $65 billion", "AUD", 1);
    /* "or about", and a newsroom whose dollar the ratio refutes */
    expect_currency(aud,
                    "a fund of \xE2\x82\xAC"
                    "40 billion, or about $42 billion,",
                    "2024-12-04", "about $42 billion", "USD", 1);
    expect_currency(c,
                    "\xC2\xA3"
                    "5m, equivalent to $6.3m, in 2024",
                    NULL, "$6.3m", "USD", 1);
    /* ranges: both ends must fit */
    expect_currency(c,
                    "\xE2\x82\xAC"
                    "3-4 million ($3.2-4.3 million)",
                    "2024-12-04", "$3.2-4.3 million", "USD", 1);
    /* in 2010 the same ratio fits no dollar; 1.33 fits USD and CAD over
     * 2010: the option's dollar stays */
    expect_currency(c,
                    "\xE2\x82\xAC"
                    "40 billion ($65.4 billion)",
                    "2010-06-01", "$65.4 billion", "USD", 0);
    expect_currency(aud,
                    "In 2010, \xE2\x82\xAC"
                    "10 billion, or $13.3 billion",
                    NULL, "$13.3 billion", "AUD", 0);
    /* no date and no year written: no evidence of the rates to use */
    expect_currency(c,
                    "\xE2\x82\xAC"
                    "40 billion ($65.4 billion)",
                    NULL, "$65.4 billion", "USD", 0);
    /* not a conversion: two amounts side by side */
    expect_currency(c,
                    "\xE2\x82\xAC"
                    "40 billion and $65.4 billion in 2024",
                    NULL, "$65.4 billion", "USD", 0);
    expect_currency(c,
                    "\xE2\x82\xAC"
                    "40 billion. $65.4 billion in 2024",
                    NULL, "$65.4 billion", "USD", 0);
    /* both neighbours must agree: the yen alone says CAD in 2006, the pound
     * says USD, so nothing is inferred; in 2005 both say USD */
    expect_currency(c,
                    "In 2006 it lost 7.5bn yen ($71.5m; \xC2\xA3"
                    "38.4m).",
                    NULL, "$71.5m", "USD", 0);
    expect_currency(c,
                    "In 2005 it lost 7.5bn yen ($71.5m; \xC2\xA3"
                    "38.4m).",
                    NULL, "$71.5m", "USD", 1);
    /* the table of yearly ranges agrees with a scan of the year's fixings */
    {
        static const char *const PAIRS[][2] = {
            {"EUR", "AUD"}, {"GBP", "USD"}, {"JPY", "CAD"}, {"USD", "HKD"}, {"CHF", "MXN"}};
        static const int YEARS[] = {1999, 2008, 2015, 2024, 2026};
        size_t p, y;
        for (p = 0; p < sizeof PAIRS / sizeof PAIRS[0]; p++)
            for (y = 0; y < sizeof YEARS / sizeof YEARS[0]; y++) {
                double lo1, hi1, lo2, hi2;
                int32_t d0 = money__days_from_civil(YEARS[y], 1, 1);
                int32_t d1 = money__days_from_civil(YEARS[y], 12, 31);
                int ok1 = money__rates_year_range(c->rates, PAIRS[p][0], PAIRS[p][1], YEARS[y], &lo1, &hi1);
                int ok2 = money__rates_range(c->rates, PAIRS[p][0], PAIRS[p][1], d0, d1, &lo2, &hi2);
                assert_int_equal(ok1, ok2);
                if (ok1 && (lo1 != lo2 || hi1 != hi2))
                    fail_msg("%s->%s %d: %g-%g vs %g-%g", PAIRS[p][0], PAIRS[p][1], YEARS[y], lo1, hi1, lo2, hi2);
            }
    }
    /* the year nearest the amounts, not the latest one in the text */
    expect_currency(c,
                    "Costs: \xE2\x82\xAC"
                    "40 billion ($65.4 billion) in 2024. A plan for 2010 and 2011.",
                    NULL, "$65.4 billion", "AUD", 1);
    money_ctx_free(c);
    money_ctx_free(aud);
    money_ctx_free(off);
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned long v)
{
    put16(p, (unsigned)(v & 0xFFFF));
    put16(p + 2, (unsigned)(v >> 16));
}

/* A one-member ZIP archive as the ECB serves it: the local header, then the
 * member stored (method 0) or deflated (method 8). */
static size_t make_zip(unsigned char *out, size_t cap, const char *csv, int method)
{
    size_t n = strlen(csv), body;
    static const char name[] = "eurofxref-hist.csv";
    unsigned char *p = out;
    memset(p, 0, 30);
    put32(p, 0x04034b50UL);
    put16(p + 4, 20);
    put16(p + 8, (unsigned)method);
    put32(p + 14, crc32(0L, (const Bytef *)csv, (uInt)n));
    put32(p + 22, (unsigned long)n);
    put16(p + 26, (unsigned)(sizeof name - 1));
    memcpy(p + 30, name, sizeof name - 1);
    p += 30 + sizeof name - 1;
    if (method == 0) {
        memcpy(p, csv, n);
        body = n;
    } else {
        z_stream z;
        memset(&z, 0, sizeof z);
        assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
        z.next_in = (Bytef *)csv;
        z.avail_in = (uInt)n;
        z.next_out = p;
        z.avail_out = (uInt)(cap - (size_t)(p - out));
        assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
        body = z.total_out;
        deflateEnd(&z);
    }
    put32(out + 18, (unsigned long)body);
    return (size_t)(p - out) + body;
}

/* The same rates read from plain CSV, gzip and both kinds of ZIP member. */
static void test_rates_file_formats(void **state)
{
    static const char csv[] = "Date,USD,JPY,\n2024-12-04,1.0492,158.08,\n2024-12-03,1.0512,157.1,\n";
    unsigned char zip[4096];
    char dir[] = "/tmp/money-rates-XXXXXX", path[4200];
    money_ctx *c;
    gzFile gz;
    int method;
    char err[512];
    money_opts o;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/r.csv", dir);
    write_file(path, csv, strlen(csv));
    c = conv_ctx(path, "USD");
    expect_rate(c,
                "\xE2\x82\xAC"
                "1",
                "2024-12-03", 1.0512, "2024-12-03");
    money_ctx_free(c);
    snprintf(path, sizeof path, "%s/r.csv.gz", dir);
    gz = gzopen(path, "wb9");
    assert_non_null(gz);
    assert_int_equal(gzwrite(gz, csv, (unsigned)strlen(csv)), (int)strlen(csv));
    assert_int_equal(gzclose(gz), Z_OK);
    c = conv_ctx(path, "JPY");
    expect_rate(c,
                "\xE2\x82\xAC"
                "1",
                "2024-12-04", 158.08, "2024-12-04");
    money_ctx_free(c);
    for (method = 0; method <= 8; method += 8) {
        snprintf(path, sizeof path, "%s/r%d.zip", dir, method);
        write_file(path, zip, make_zip(zip, sizeof zip, csv, method));
        c = conv_ctx(path, "USD");
        expect_rate(c,
                    "\xC2\xA5"
                    "1000",
                    "2024-12-04", 1.0492 / 158.08, "2024-12-04");
        money_ctx_free(c);
    }
    /* a damaged gzip stream is an error that names the file */
    zip[0] = 0x1f;
    zip[1] = 0x8b;
    memset(zip + 2, 0xEE, 64);
    snprintf(path, sizeof path, "%s/bad.gz", dir);
    write_file(path, zip, 66);
    money_opts_init(&o);
    o.rates_path = path;
    o.convert_to = "USD";
    assert_null(money_ctx_new(&o, data_dir(), err, sizeof err));
    assert_non_null(strstr(err, "bad.gz"));
    for (method = 0; method <= 8; method += 8) {
        snprintf(path, sizeof path, "%s/r%d.zip", dir, method);
        remove(path);
    }
    snprintf(path, sizeof path, "%s/r.csv", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/r.csv.gz", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/bad.gz", dir);
    remove(path);
    rmdir(dir);
}

/* unpack.c: gzip made by zlib in every mode (stored, fixed and dynamic
 * blocks, long matches, random bytes) gives back the original; truncated
 * and corrupted input is refused. */
static void test_inflate_against_zlib(void **state)
{
    static const int LEVEL[] = {0, 1, 6, 9, 9, 9};
    static const int STRATEGY[] = {
        Z_DEFAULT_STRATEGY, Z_DEFAULT_STRATEGY, Z_DEFAULT_STRATEGY, Z_FIXED, Z_HUFFMAN_ONLY, Z_RLE};
    size_t n = 300000, i, kind, v;
    unsigned char *src = malloc(n), *gz = malloc(n + n / 2 + 1024);
    uint32_t x = 12345;
    (void)state;
    assert_non_null(src);
    assert_non_null(gz);
    for (kind = 0; kind < 3; kind++) {
        for (i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            if (kind == 0) /* text-like: a few words, long repeats */
                src[i] = (unsigned char)("2024-12-04,1.0492,N/A,\n"[(x >> 16) % 8 + i % 16]);
            else if (kind == 1) /* random bytes: stored or literal-heavy blocks */
                src[i] = (unsigned char)(x >> 24);
            else /* long runs: distance-one matches of the longest length */
                src[i] = (unsigned char)('a' + (i / 5000) % 3);
        }
        for (v = 0; v < sizeof LEVEL / sizeof LEVEL[0]; v++) {
            z_stream z;
            unsigned char *out = NULL;
            size_t outlen = 0, glen, cut;
            const char *why = NULL;
            memset(&z, 0, sizeof z);
            assert_int_equal(deflateInit2(&z, LEVEL[v], Z_DEFLATED, 15 + 16, 8, STRATEGY[v]), Z_OK);
            z.next_in = src;
            z.avail_in = (uInt)n;
            z.next_out = gz;
            z.avail_out = (uInt)(n + n / 2 + 1024);
            assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
            glen = z.total_out;
            deflateEnd(&z);
            if (money__unpack(gz, glen, &out, &outlen, &why) != 0)
                fail_msg("kind %zu, variant %zu: %s", kind, v, why);
            assert_int_equal(outlen, n);
            assert_memory_equal(out, src, n);
            free(out);
            for (cut = 1; cut < glen; cut += glen / 7 + 1) {
                assert_int_equal(money__unpack(gz, cut, &out, &outlen, &why), -1);
                assert_null(out);
            }
            gz[glen / 2] ^= 0x55;
            assert_int_equal(money__unpack(gz, glen, &out, &outlen, &why), -1);
            assert_null(out);
        }
    }
    free(src);
    free(gz);
}

static void test_errors(void **state)
{
    money_opts o;
    char err[512];
    (void)state;
    money_opts_init(&o);
    o.pound = "QQQ";
    assert_null(money_ctx_new(&o, data_dir(), err, sizeof err));
    assert_non_null(strstr(err, "QQQ"));
    money_opts_init(&o);
    o.iso4217_path = "/no/such/iso_4217.json";
    assert_null(money_ctx_new(&o, data_dir(), err, sizeof err));
    assert_non_null(strstr(err, "iso_4217.json"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seed_article_default, setup_default, teardown),
        cmocka_unit_test(test_seed_article_aud),
        cmocka_unit_test_setup_teardown(test_prefixed_dollars, setup_default, teardown),
        cmocka_unit_test_setup_teardown(test_codes_and_names, setup_default, teardown),
        cmocka_unit_test_setup_teardown(test_number_words_and_minor_units, setup_default, teardown),
        cmocka_unit_test_setup_teardown(test_minor_units_with_country, setup_default, teardown),
        cmocka_unit_test_setup_teardown(test_letter_symbols, setup_default, teardown),
        cmocka_unit_test_setup_teardown(test_parts_of_a_unit, setup_default, teardown),
        cmocka_unit_test_setup_teardown(test_ranges, setup_default, teardown),
        cmocka_unit_test_setup_teardown(test_ranges_before_a_noun, setup_default, teardown),
        cmocka_unit_test_setup_teardown(test_hedges, setup_default, teardown),
        cmocka_unit_test_setup_teardown(test_separators, setup_default, teardown),
        cmocka_unit_test_setup_teardown(test_not_money, setup_default, teardown),
        cmocka_unit_test_setup_teardown(test_overflow_and_long_input, setup_default, teardown),
        cmocka_unit_test(test_number_parser),
        cmocka_unit_test_setup_teardown(test_indian_numbers, setup_default, teardown),
        cmocka_unit_test_setup_teardown(test_locale, setup_default, teardown),
        cmocka_unit_test(test_conversion),
        cmocka_unit_test(test_shipped_rates),
        cmocka_unit_test(test_dollar_from_its_conversion),
        cmocka_unit_test(test_rates_file_formats),
        cmocka_unit_test(test_inflate_against_zlib),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests_name("currency", tests, NULL, NULL);
}
