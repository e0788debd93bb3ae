/*
 * unit_checks.c -- plain checks for the currency library (no framework).
 *
 *   unit_checks DATA_DIR [--quick]
 *
 * Each scan case is written as the spans the scanner should report, formatted
 * "TEXT=VALUE CUR FLAGS" and joined by " ; ", where VALUE is the amount, or
 * "[min,max]" for a closed range, or "amount[min,]" / "amount[,max]" for an
 * open interval; FLAGS has '*' when the currency came from an option and '~'
 * when approximate.  The cases are hand-written for this plugin.
 *
 * Also: the number parser alone, options and locales, the ECB rate reader,
 * pathological input (linear time, no overflow), and a randomized invariant
 * check (spans in bounds, ordered, disjoint, finite, three-letter codes).
 * Build with -fsanitize=address,undefined to make the last two meaningful.
 */
#define _POSIX_C_SOURCE 200809L
#include "../money.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failures, checks;

#define CHECK(cond, ...)                                         \
    do {                                                         \
        checks++;                                                \
        if (!(cond)) {                                           \
            failures++;                                          \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                        \
            fputc('\n', stderr);                                 \
        }                                                        \
    } while (0)

/* ---- formatting spans ---------------------------------------------------- */

typedef struct fmt {
    char buf[4096];
    size_t n;
    const char *text;
} fmt;

static void app(fmt *f, const char *s)
{
    size_t l = strlen(s);
    if (f->n + l < sizeof f->buf) {
        memcpy(f->buf + f->n, s, l + 1);
        f->n += l;
    }
}

static int fmt_cb(const money_span *sp, void *user)
{
    fmt *f = user;
    char num[64], tmp[4200];
    if (f->n)
        app(f, (sp->flags & MONEY_F_RANGE_PART) ? " + " : " ; ");
    snprintf(tmp, sizeof tmp, "%.*s=", (int)(sp->end - sp->begin), f->text + sp->begin);
    app(f, tmp);
    if (sp->flags & MONEY_F_RANGE) {
        app(f, "[");
        app(f, money_format_amount(sp->min, num, sizeof num));
        app(f, ",");
        app(f, money_format_amount(sp->max, num, sizeof num));
        app(f, "]");
    } else {
        app(f, money_format_amount(sp->amount, num, sizeof num));
        if (sp->flags & MONEY_F_OPEN) {
            app(f, "[");
            if (!isnan(sp->min))
                app(f, money_format_amount(sp->min, num, sizeof num));
            app(f, ",");
            if (!isnan(sp->max))
                app(f, money_format_amount(sp->max, num, sizeof num));
            app(f, "]");
        }
    }
    app(f, " ");
    app(f, sp->currency);
    if (sp->flags & (MONEY_F_CURRENCY_DEFAULT | MONEY_F_APPROXIMATE))
        app(f, " ");
    if (sp->flags & MONEY_F_CURRENCY_DEFAULT)
        app(f, "*");
    if (sp->flags & MONEY_F_APPROXIMATE)
        app(f, "~");
    return 0;
}

static const char *scan_fmt(const money_ctx *ctx, const char *text, const money_doc *doc, fmt *f)
{
    f->n = 0;
    f->buf[0] = 0;
    f->text = text;
    money_scan(ctx, text, strlen(text), doc, fmt_cb, f);
    return f->buf;
}

typedef struct scase {
    const char *text;
    const char *want;
} scase;

static void run_cases(const money_ctx *ctx, const scase *cs, size_t n, const money_doc *doc)
{
    size_t i;
    fmt f;
    for (i = 0; i < n; i++) {
        const char *got = scan_fmt(ctx, cs[i].text, doc, &f);
        CHECK(strcmp(got, cs[i].want) == 0, "scan \"%s\"\n   want: %s\n    got: %s", cs[i].text, cs[i].want, got);
    }
}

/* ---- cases ---------------------------------------------------------------- */

static const scase DEFAULT_CASES[] = {
    /* symbols before and after, scale words and suffixes */
    {"The fund holds €12 billion.", "€12 billion=12000000000 EUR"},
    {"a fine of 7,500 yen", "7,500 yen=7500 JPY *"},
    {"priced at ¥980", "¥980=980 JPY *"},
    {"£2.5m deal", "£2.5m=2500000 GBP *"},
    {"a $7bn loss", "$7bn=7000000000 USD *"},
    {"€1.2tn stimulus", "€1.2tn=1200000000000 EUR"},
    {"raised $250k", "$250k=250000 USD *"},
    {"a ₹3 crore grant and 5 lakh rupees", "₹3 crore=30000000 INR ; 5 lakh rupees=500000 INR *"},
    /* dollar prefixes, glued and tokenised */
    {"A$780 million", "A$780 million=780000000 AUD"},
    {"about NZ$12 a kilo", "about NZ$12=12 NZD ~"},
    {"the hk $ 4.2 billion bid", "hk $ 4.2 billion=4200000000 HKD"},
    {"a c $ 45 charge", "c $ 45=45 CAD"},
    {"S$3.5 million", "S$3.5 million=3500000 SGD"},
    {"told us $5 would do", "$5=5 USD *"},
    /* codes */
    {"CHF 640 per month", "CHF 640=640 CHF"},
    {"costs 35 usd", "35 usd=35 USD"},
    {"SEK1.9bn", "SEK1.9bn=1900000000 SEK"},
    {"a 12 MEUR contract", "12 MEUR=12000000 EUR"},
    /* names and plurals */
    {"sold for 300 Swiss francs", "300 Swiss francs=300 CHF"},
    {"8 million pounds sterling", "8 million pounds sterling=8000000 GBP"},
    {"forty rupees", "forty rupees=40 INR *"},
    {"2,000 Norwegian kroner", "2,000 Norwegian kroner=2000 NOK"},
    {"nine million euros", "nine million euros=9000000 EUR"},
    {"a billion dollars", "a billion dollars=1000000000 USD *"},
    {"half a million dollars", "half a million dollars=500000 USD *"},
    {"one and a half million euros", "one and a half million euros=1500000 EUR"},
    {"two hundred and fifty thousand yen", "two hundred and fifty thousand yen=250000 JPY *"},
    /* minor units and coins */
    {"a 35p rise", "35p=0.35 GBP *"},
    {"up 7 cents", "7 cents=0.07 USD *"},
    {"12 euro cents", "12 euro cents=0.12 EUR"},
    {"he owes me a grand", "a grand=1000 USD *"},
    {"three dimes", "three dimes=0.3 USD *"},
    {"$4 and 15 cents", "$4 and 15 cents=4.15 USD *"},
    /* ranges and shared scales */
    {"$2.5-3 billion", "$2.5-3 billion=[2500000000,3000000000] USD *"},
    {"between €4 and €6 million",
     "between €4 and €6 million=[4000000,6000000] EUR + €4=4000000 EUR + €6 million=6000000 EUR"},
    {"from 20 to 30 pounds", "from 20 to 30 pounds=[20,30] GBP *"},
    {"£5m-£8m", "£5m-£8m=[5000000,8000000] GBP * + £5m=5000000 GBP * + £8m=8000000 GBP *"},
    {"prices rose from $3 to $4", "$3=3 USD * ; $4=4 USD *"},
    /* hedges and comparators */
    {"roughly $40m", "roughly $40m=40000000 USD *~"},
    {"more than €8bn", "more than €8bn=8000000000[8000000000,] EUR ~"},
    {"under nine euros", "under nine euros=9[,9] EUR ~"},
    {"at least 12 dollars", "at least 12 dollars=12[12,] USD *~"},
    {"up to £300", "up to £300=300[,300] GBP *~"},
    {"$10m or more", "$10m or more=10000000[10000000,] USD *~"},
    {"exactly 3 euros", "exactly 3 euros=3 EUR"},
    /* signs, European separators, conversions in brackets */
    {"a -$3.5m swing", "-$3.5m=-3500000 USD *"},
    {"total 2.345,67 €", "2.345,67 €=2345.67 EUR"},
    {"total €1.234.567", "€1.234.567=1234567 EUR"},
    {"€40 billion ($65.4 billion)", "€40 billion=40000000000 EUR ; $65.4 billion=65400000000 USD *"},
    {"£1.3bn ($2.5bn; €1.9bn)", "£1.3bn=1300000000 GBP * ; $2.5bn=2500000000 USD * ; €1.9bn=1900000000 EUR"},
    /* fractions, hyphenated scale */
    {"closed at $ 31 3/8", "$ 31 3/8=31.375 USD *"},
    {"a $40-million stadium", "$40-million=40000000 USD *"},
    /* historic and non-ISO */
    {"3 billion pesetas", "3 billion pesetas=3000000000 ESP"},
    {"0.5 BTC", "0.5 BTC=0.5 XBT"},
};

static const char *const NEGATIVES[] = {
    "In 2024 the team scored 3 goals.",
    "Inflation hit 4.5% in May, up 0.3 percentage points.",
    "Turnout was 62 per cent.",
    "40 billion people",
    "Set $HOME and export $PATH before running.",
    "$AAPL and $TSLA rallied.",
    "Call 555-0134 or +44 20 7946 0958.",
    "the 5G rollout",
    "Get your kicks on Route 66.",
    "It was 30C in Madrid and 86F in Dallas.",
    "ALL 5 tests passed.",
    "TRY 3 times.",
    "World CUP 2026 tickets",
    "TOP 10 films of the year",
    "PHP 8 was released.",
    "He won 3 titles.",
    "the first quarter of 2024",
    "a quarter of voters",
    "the third quarter.",
    "grand jury",
    "a grand jury indicted him",
    "five grand slam titles",
    "the dollar fell against the euro",
    "he weighs 180 pounds",
    "lost 30 pounds in a year",
    "two pounds of flour",
    "the 100 million mark",
    "Rapper 50 Cent said",
    "in 2010 dollars",
    "1080p video",
    "version 2.3.1",
    "the 1990s",
    "3/4 of the vote",
    "Mr Pence said",
    "Le Monde reported 3 Le",
    "",
};

static const scase AUD_CASES[] = {
    {"$65.4 billion", "$65.4 billion=65400000000 AUD *"},
    {"US$65.4 billion", "US$65.4 billion=65400000000 USD"},
    {"40 cents", "40 cents=0.4 AUD *"},
    {"a grand", "a grand=1000 AUD *"},
};

/* ---- number parser -------------------------------------------------------- */

typedef struct ncase {
    const char *s;
    char dm;
    unsigned opts;
    int ok;
    double value;
    size_t consumed;
} ncase;

static void check_numbers(void)
{
    static const ncase N[] = {
        {"1,234,567", 0, 0, 1, 1234567, 9},
        {"1.234,56", 0, 0, 1, 1234.56, 8},
        {"1,234.56", 0, 0, 1, 1234.56, 8},
        {"1,234", 0, 0, 1, 1234, 5},
        {"1,234", ',', 0, 1, 1.234, 5},
        {"1.234", 0, 0, 1, 1.234, 5},
        {"1.234", ',', 0, 1, 1234, 5},
        {"1,5", 0, 0, 1, 1.5, 3},
        {"1,5", '.', 0, 1, 1.5, 3},
        {"0,125", 0, 0, 1, 0.125, 5},
        {"1\xC2\xA0"
         "234\xC2\xA0"
         "567",
         0, 0, 1, 1234567, 11},
        {"1'000'000", 0, 0, 1, 1000000, 9},
        {"1,234,56", 0, 0, 1, 1234, 5},
        {".50", 0, 0, 1, 0.5, 3},
        {"65.4 billion", 0, 0, 1, 65400000000, 12},
        {"5bn", 0, 0, 1, 5000000000, 3},
        {"10K", 0, 0, 1, 10000, 3},
        {"40billion", 0, 0, 1, 40000000000, 9},
        {"3 lakh", 0, 0, 1, 300000, 6},
        {"2 crore", 0, 0, 1, 20000000, 7},
        {"5 m", 0, 0, 1, 5, 1},
        {"5 m", 0, MONEY_NP_SPACED_UNITS, 1, 5000000, 3},
        {"5G", 0, 0, 1, 5, 1},
        {"forty-two", 0, MONEY_NP_WORDS, 1, 42, 9},
        {"forty - two", 0, MONEY_NP_WORDS, 1, 42, 11},
        {"nine hundred and ninety-nine", 0, MONEY_NP_WORDS, 1, 999, 28},
        {"a million", 0, MONEY_NP_WORDS, 1, 1000000, 9},
        {"a", 0, MONEY_NP_WORDS, 0, 0, 0},
        {"a dollar", 0, MONEY_NP_WORDS | MONEY_NP_ARTICLE, 1, 1, 1},
        {"three quarters billion", 0, MONEY_NP_WORDS, 1, 750000000, 22},
        {"quarter million", 0, MONEY_NP_WORDS, 1, 250000, 15},
        {"one point two five", 0, MONEY_NP_WORDS, 1, 1.25, 18},
        {"2 point 5", 0, MONEY_NP_WORDS, 1, 2.5, 9},
        {"one and a half million", 0, MONEY_NP_WORDS, 1, 1500000, 22},
        {"twelve dozen", 0, MONEY_NP_WORDS, 1, 144, 12},
        {"million", 0, MONEY_NP_WORDS, 0, 0, 0},
        {"one two", 0, MONEY_NP_WORDS, 1, 1, 3},
        {"16 1/4", 0, 0, 1, 16.25, 6},
        {"100-million", 0, 0, 1, 100000000, 11},
        {"abc", 0, MONEY_NP_WORDS, 0, 0, 0},
    };
    size_t i;
    for (i = 0; i < sizeof N / sizeof N[0]; i++) {
        money_number m;
        int ok = money_parse_number(N[i].s, strlen(N[i].s), N[i].dm, N[i].opts, &m);
        CHECK(ok == N[i].ok, "parse \"%s\": ok %d, want %d", N[i].s, ok, N[i].ok);
        if (ok && N[i].ok) {
            CHECK(m.value == N[i].value && m.consumed == N[i].consumed,
                  "parse \"%s\": %.17g (%zu bytes), want %.17g (%zu)", N[i].s, m.value, m.consumed, N[i].value,
                  N[i].consumed);
        }
    }
    {
        money_number m;
        const char *big = "99999999999999999999999 trillion";
        CHECK(money_parse_number(big, strlen(big), 0, 0, &m) && (m.flags & MONEY_NUM_OVERFLOW) &&
                  m.value == MONEY_MAX_AMOUNT,
              "overflow flagged and capped");
        CHECK(!money_parse_number(NULL, 0, 0, 0, &m), "NULL input");
        CHECK(!money_parse_number("", 0, 0, 0, &m), "empty input");
        CHECK(money_parse_number("12345", 3, 0, 0, &m) && m.value == 123 && m.consumed == 3, "respects len");
    }
}

/* ---- time and invariants ---------------------------------------------------- */

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct inv {
    size_t len, last_end, n;
    int bad;
    char why[128];
} inv;

static int inv_cb(const money_span *sp, void *user)
{
    inv *v = user;
    v->n++;
    if (sp->begin >= sp->end || sp->end > v->len)
        snprintf(v->why, sizeof v->why, "span out of bounds"), v->bad = 1;
    if (sp->begin < v->last_end && !(sp->flags & MONEY_F_RANGE_PART))
        snprintf(v->why, sizeof v->why, "spans overlap or out of order"), v->bad = 1;
    if (strlen(sp->currency) != 3)
        snprintf(v->why, sizeof v->why, "bad currency"), v->bad = 1;
    if (sp->flags & MONEY_F_RANGE) {
        if (!(sp->min < sp->max) || !isnan(sp->amount))
            snprintf(v->why, sizeof v->why, "bad range"), v->bad = 1;
    } else if (!isfinite(sp->amount) || fabs(sp->amount) > MONEY_MAX_AMOUNT) {
        snprintf(v->why, sizeof v->why, "bad amount"), v->bad = 1;
    }
    if (!(sp->flags & MONEY_F_RANGE_PART))
        v->last_end = sp->end;
    return 0;
}

static size_t scan_inv(const money_ctx *ctx, const char *s, size_t len, inv *v)
{
    memset(v, 0, sizeof *v);
    v->len = len;
    money_scan(ctx, s, len, NULL, inv_cb, v);
    return v->n;
}

/* Seconds to scan the pattern repeated to n bytes. */
static double time_pattern(const money_ctx *ctx, const char *pat, size_t n, inv *v)
{
    char *buf = malloc(n + 1);
    size_t pl = strlen(pat), i;
    double t;
    for (i = 0; i < n; i++) buf[i] = pat[i % pl];
    buf[n] = 0;
    t = cpu_now();
    scan_inv(ctx, buf, n, v);
    t = cpu_now() - t;
    free(buf);
    return t;
}

static void check_pathological(const money_ctx *ctx, int quick)
{
    static const char *const PATS[] = {
        "9",   ".",    "$",        "$9",        "9$",       "1,",       "1.",     "$1,2", "€",
        "a ",  "ten ", "million ", "between $", "- ",       "$-",       "£5m-",   "and ", "USD",
        "US$", "u.s.", "1 1/",     "\xE2\x82",  "dollars ", "a grand ", "forty-", "9 ",   "$1 and 2 ",
    };
    size_t small = quick ? 100000 : 200000, big = small * 10, k;
    for (k = 0; k < sizeof PATS / sizeof PATS[0]; k++) {
        inv v1, v2;
        double t1 = time_pattern(ctx, PATS[k], small, &v1);
        double t2 = time_pattern(ctx, PATS[k], big, &v2);
        CHECK(!v1.bad && !v2.bad, "pattern \"%s\": %s%s", PATS[k], v1.why, v2.why);
        /* linear: 10x the bytes must not cost much more than 10x the time */
        CHECK(t2 < 25 * t1 + 0.05, "pattern \"%s\": %.3fs for %zu bytes, %.3fs for %zu", PATS[k], t1, small, t2, big);
    }
    {
        inv v;
        const char *s = "$99999999999999999999999 trillion and €1e400";
        scan_inv(ctx, s, strlen(s), &v);
        CHECK(!v.bad && v.n == 0, "overflowing amounts are not money (%zu spans)", v.n);
    }
}

static void check_random(const money_ctx *ctx, int quick)
{
    static const char *const TOK[] = {
        "$",
        "€",
        "£",
        "¥",
        "US$",
        "c $",
        "5",
        "12",
        "1,000",
        "3.5",
        "0",
        "million",
        "bn",
        "m",
        "k",
        "and",
        "to",
        "-",
        "–",
        " ",
        " ",
        " ",
        "between",
        "from",
        "about",
        "more",
        "than",
        "dollars",
        "euros",
        "cents",
        "p",
        "a",
        "grand",
        "dime",
        "quarter",
        "USD",
        "usd",
        "ALL",
        "pounds",
        "of",
        ".",
        ",",
        "(",
        ")",
        "%",
        "forty",
        "two",
        "hundred",
        "\n\n",
        "\xC2\xA0",
        "\xE2\x88\x92",
        "rupees",
        "Rs",
        "lakh",
        "1/2",
        "or",
        "less",
        "\xFF",
        "é",
        "u.s.",
        "MUSD",
        "99999999999999999999",
        "point",
        "half",
    };
    size_t ntok = sizeof TOK / sizeof TOK[0];
    unsigned seed = 12345;
    int it, iters = quick ? 2000 : 20000;
    char buf[512];
    for (it = 0; it < iters; it++) {
        size_t n = 0;
        int k, m;
        inv v;
        seed = seed * 1103515245u + 12345u;
        m = 1 + (int)((seed >> 16) % 40);
        for (k = 0; k < m; k++) {
            const char *t;
            size_t tl;
            seed = seed * 1103515245u + 12345u;
            t = TOK[(seed >> 16) % ntok];
            tl = strlen(t);
            if (n + tl >= sizeof buf)
                break;
            memcpy(buf + n, t, tl);
            n += tl;
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 3 == 0 && n + 1 < sizeof buf)
                buf[n++] = ' ';
        }
        buf[n] = 0;
        scan_inv(ctx, buf, n, &v);
        if (v.bad) {
            CHECK(0, "random input \"%s\": %s", buf, v.why);
            break;
        }
        /* the number parser on every suffix */
        for (k = 0; k < (int)n; k++) {
            money_number num;
            if (money_parse_number(buf + k, n - (size_t)k, 0, MONEY_NP_WORDS | MONEY_NP_ARTICLE, &num)) {
                if (num.consumed == 0 || num.consumed > n - (size_t)k || !(num.value >= 0) ||
                    num.value > MONEY_MAX_AMOUNT) {
                    CHECK(0, "parse \"%s\": consumed %zu value %g", buf + k, num.consumed, num.value);
                    break;
                }
            }
        }
    }
    checks++;
}

/* ---- options, locales, rates ------------------------------------------------ */

static void check_options(const char *data)
{
    money_opts o;
    money_ctx *c;
    char err[512];
    fmt f;
    money_doc doc = {0};

    money_opts_init(&o);
    o.dollar = "AUD";
    c = money_ctx_new(&o, data, err, sizeof err);
    CHECK(c != NULL, "ctx with dollar=AUD: %s", err);
    if (c) {
        run_cases(c, AUD_CASES, sizeof AUD_CASES / sizeof AUD_CASES[0], NULL);
        money_ctx_free(c);
    }

    money_opts_init(&o);
    o.yen = "CNY";
    o.units = "franc=XOF, grand=GBP";
    o.decimal_mark = ',';
    c = money_ctx_new(&o, data, err, sizeof err);
    CHECK(c != NULL, "ctx with yen=CNY: %s", err);
    if (c) {
        CHECK(!strcmp(scan_fmt(c, "¥5,000", NULL, &f), "¥5,000=5 CNY *"), "yen=CNY, dm=',': %s", f.buf);
        CHECK(!strcmp(scan_fmt(c, "10 francs and 2 grand", NULL, &f), "10 francs=10 XOF * ; 2 grand=2000 GBP *"),
              "units option: %s", f.buf);
        money_ctx_free(c);
    }

    /* locale per document */
    money_opts_init(&o);
    c = money_ctx_new(&o, data, err, sizeof err);
    CHECK(c != NULL, "default ctx: %s", err);
    if (c) {
        doc.locale = "en_CA";
        CHECK(!strcmp(scan_fmt(c, "$5 and 10 grand", &doc, &f), "$5=5 CAD * ; 10 grand=10000 CAD *"),
              "locale en_CA: %s", f.buf);
        doc.locale = "en_GB";
        CHECK(!strcmp(scan_fmt(c, "a grand.", &doc, &f), "a grand=1000 GBP *"), "locale en_GB: %s", f.buf);
        doc.locale = "xx_XX";
        CHECK(!strcmp(scan_fmt(c, "$5", &doc, &f), "$5=5 USD *"), "unknown locale: %s", f.buf);
        money_ctx_free(c);
    }

    /* errors are reported, not fatal */
    money_opts_init(&o);
    o.dollar = "XYZ";
    c = money_ctx_new(&o, data, err, sizeof err);
    CHECK(c == NULL && strstr(err, "XYZ"), "bad dollar option: %s", err);
    money_ctx_free(c);
    money_opts_init(&o);
    o.iso4217_path = "/nonexistent/iso_4217.json";
    c = money_ctx_new(&o, data, err, sizeof err);
    CHECK(c == NULL && strstr(err, "iso_4217.json") && strstr(err, "iso-codes"), "missing iso json: %s", err);
    money_ctx_free(c);
    money_opts_init(&o);
    c = money_ctx_new(&o, "/nonexistent", err, sizeof err);
    CHECK(c == NULL && strstr(err, "currencies.tsv"), "missing data dir: %s", err);
    money_ctx_free(c);
    money_opts_init(&o);
    o.units = "nosuch=EUR";
    c = money_ctx_new(&o, data, err, sizeof err);
    CHECK(c == NULL && strstr(err, "nosuch"), "unknown unit option: %s", err);
    money_ctx_free(c);
}

static void check_rates(const char *data)
{
    money_opts o;
    money_ctx *c;
    char err[512], path[4096];
    money_list l = {0};
    money_doc doc = {0};
    const char *tmp = "/tmp/currency-unit-eurofxref.csv";
    FILE *f;

    /* the daily file's layout */
    f = fopen(tmp, "w");
    if (!f) {
        CHECK(0, "cannot write %s", tmp);
        return;
    }
    fputs("Date, USD, JPY, GBP, \n06 December 2024, 1.0600, 158.50, N/A, \n", f);
    fclose(f);
    money_opts_init(&o);
    o.rates_path = tmp;
    o.convert_to = "JPY";
    c = money_ctx_new(&o, data, err, sizeof err);
    CHECK(c != NULL, "daily rates file: %s", err);
    if (c) {
        const char *t = "$10 and €2 and £3";
        money_scan_list(c, t, strlen(t), NULL, &l);
        CHECK(l.n == 3, "three spans, got %zu", l.n);
        if (l.n == 3) {
            CHECK((l.v[0].flags & MONEY_F_CONVERTED) && fabs(l.v[0].conv_amount - 1495.283) < 0.01 &&
                      !strcmp(l.v[0].rate_date, "2024-12-06") && !strcmp(l.v[0].conv_currency, "JPY"),
                  "USD->JPY cross rate: %g %s", l.v[0].conv_amount, l.v[0].rate_date);
            CHECK((l.v[1].flags & MONEY_F_CONVERTED) && l.v[1].conv_amount == 317, "EUR->JPY: %g", l.v[1].conv_amount);
            CHECK(!(l.v[2].flags & MONEY_F_CONVERTED), "GBP has no rate (N/A)");
        }
        money_ctx_free(c);
    }
    remove(tmp);

    /* the shipped sample: N/A falls back to the previous day, weekends too */
    snprintf(path, sizeof path, "%s/SAMPLE-eurofxref-hist.csv", data);
    money_opts_init(&o);
    o.rates_path = path;
    o.convert_to = "EUR";
    c = money_ctx_new(&o, data, err, sizeof err);
    CHECK(c != NULL, "sample rates: %s", err);
    if (c) {
        const char *t = "NOK 1,160 and $1,048";
        doc.date = "2024-12-03";
        money_scan_list(c, t, strlen(t), &doc, &l);
        CHECK(l.n == 2 && !strcmp(l.v[0].rate_date, "2024-12-02") && fabs(l.v[0].conv_amount - 100) < 1e-9,
              "N/A falls back a day: %s %g", l.n ? l.v[0].rate_date : "", l.n ? l.v[0].conv_amount : 0);
        CHECK(l.n == 2 && !strcmp(l.v[1].rate_date, "2024-12-03") && fabs(l.v[1].conv_amount - 1000) < 1e-9,
              "USD->EUR: %g", l.n > 1 ? l.v[1].conv_amount : 0);
        doc.date = "2024-12-01"; /* a Sunday */
        money_scan_list(c, t, strlen(t), &doc, &l);
        CHECK(l.n == 2 && !strcmp(l.v[1].rate_date, "2024-11-29"), "weekend: %s", l.n > 1 ? l.v[1].rate_date : "");
        doc.date = "1999-01-01";
        money_scan_list(c, t, strlen(t), &doc, &l);
        CHECK(l.n == 2 && !(l.v[1].flags & MONEY_F_CONVERTED), "before the first rate");
        money_ctx_free(c);
    }
    money_list_free(&l);

    money_opts_init(&o);
    o.rates_path = "/nonexistent.csv";
    o.convert_to = "EUR";
    c = money_ctx_new(&o, data, err, sizeof err);
    CHECK(c == NULL && strstr(err, "ECB"), "missing rates file: %s", err);
    money_ctx_free(c);
}

int main(int argc, char **argv)
{
    money_opts o;
    money_ctx *ctx;
    char err[512];
    const char *data = argc > 1 ? argv[1] : "../data";
    int quick = argc > 2 && !strcmp(argv[2], "--quick");
    size_t i;
    fmt f;

    check_numbers();
    money_opts_init(&o);
    ctx = money_ctx_new(&o, data, err, sizeof err);
    if (!ctx) {
        fprintf(stderr, "cannot load tables: %s\n", err);
        return 1;
    }
    run_cases(ctx, DEFAULT_CASES, sizeof DEFAULT_CASES / sizeof DEFAULT_CASES[0], NULL);
    for (i = 0; i < sizeof NEGATIVES / sizeof NEGATIVES[0]; i++) {
        const char *got = scan_fmt(ctx, NEGATIVES[i], NULL, &f);
        CHECK(got[0] == 0, "negative \"%s\" gave: %s", NEGATIVES[i], got);
    }
    check_pathological(ctx, quick);
    check_random(ctx, quick);
    money_ctx_free(ctx);
    check_options(data);
    check_rates(data);
    printf("unit_checks: %d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
