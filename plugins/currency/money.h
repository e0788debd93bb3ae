/*
 * money.h -- money-expression recogniser and normaliser (textpipe currency plugin).
 *
 * A self-contained C11 library: no textpipe dependency.  It finds money
 * expressions in UTF-8 text ("€40 billion", "c $ 300 million", "between $3 and
 * $5 million", "nine million euros", "50p", "under seven euros") and gives each
 * an amount in major units of an ISO 4217 currency, or an interval.
 *
 * Life cycle
 *   money_ctx_new()   loads the currency tables (ISO 4217 JSON + the plugin's
 *                     data files) and, when asked, an ECB rates file.  Slow
 *                     (milliseconds); call once at plugin init.
 *   money_scan()      scans one document.  Re-entrant: one ctx may be shared
 *                     by any number of threads, it is never written after
 *                     money_ctx_new() returns.  No allocation per match.
 *   money_ctx_free()  releases everything.
 *
 * Ambiguity is configuration, never a guess: a bare "$" or "dollars" means the
 * `dollar` option's currency (USD by default), "£"/"pounds" the `pound` option,
 * "¥"/"yen" the `yen` option, "kr" the `kr` option, and so on for the other
 * ambiguous units listed as `opt` lines in data/currencies.tsv (franc, rupee,
 * peso, grand, penny, ...).  Each span says whether its currency was written
 * explicitly or came from such an option (MONEY_F_CURRENCY_DEFAULT).
 *
 * One exception rests on evidence, not on a guess: an ambiguous dollar given
 * as the conversion of an amount next to it ("€40 billion ($65.4 billion)",
 * "£5m, or about $6.3m") is read from the ratio of the two.  Each candidate
 * of the unit's `infer` line in currencies.tsv (USD CAD AUD NZD SGD HKD MXN
 * for the dollar) is tested against the rates file over the article's dates;
 * when exactly one fits, the span takes it (MONEY_F_CURRENCY_INFERRED),
 * otherwise the option's currency stays.  See money_opts.infer_dollar.
 *
 * Ownership: every pointer passed in is borrowed for the duration of the call
 * only, unless stated otherwise.  Nothing returned needs freeing except the
 * ctx (money_ctx_free) and a money_list's buffer (money_list_free).
 */
#ifndef TEXTPIPE_MONEY_H
#define TEXTPIPE_MONEY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MONEY_ABI_VERSION 2 /* 2: money_opts.infer_dollar, money_number.frac_digits */

/* Largest absolute amount reported.  A number beyond it (after its scale word)
 * is not reported as money at all: "$99999999999999999999999 trillion" yields
 * nothing rather than a meaningless double. */
#define MONEY_MAX_AMOUNT 1e18

/* ------------------------------------------------------------------------ */
/* Options                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct money_opts {
    /* ISO codes for the ambiguous markers; NULL keeps the data file default
     * (dollar USD, pound GBP, yen JPY, kr SEK). */
    const char *dollar;
    const char *pound;
    const char *yen;
    const char *kr;
    /* Any other ambiguous unit, as "name=CODE" pairs separated by commas or
     * semicolons, e.g. "franc=XOF, rupee=PKR, grand=GBP, penny=USD".  The
     * names are the `opt` lines of data/currencies.tsv.  NULL = none. */
    const char *units;
    /* Decimal mark where a number alone cannot tell: '.', ',' or 0 (auto:
     * English convention, so "1,234" = 1234 and "1.234" = 1.234, while
     * "1.234,56" and "1,5" are read unambiguously whatever this says). */
    char decimal_mark;
    /* Treat '#' before a number as the pound sign (CNN/Daily Mail corpora
     * replaced '£' with '#').  Off by default. */
    int hash_is_pound;
    /* Path of Debian iso-codes' iso_4217.json; NULL = MONEY_ISO4217_DEFAULT. */
    const char *iso4217_path;
    /* Conversion (optional): an ECB reference-rates CSV (eurofxref.csv or
     * eurofxref-hist.csv) and the target ISO code.  Both NULL = no conversion. */
    const char *rates_path;
    const char *convert_to;
    /* Default article date "YYYY-MM-DD" for conversion when the document
     * gives none; NULL = the latest date in the rates file. */
    const char *date;
    /* Read an ambiguous dollar from the conversion it is given as (see the
     * top of this file).  Needs rates_path (convert_to is not needed).
     * money_opts_init sets 1; 0 keeps the option's currency always.
     * The fit: the ratio of the two amounts lies within the range of the
     * cross rate over the article's dates, widened by 2% (a rate quoted a
     * day or two apart, or by another source) plus half a unit in the last
     * digit of the converted figure (65.4 -> 0.08%).  The dates: the
     * document's date (the week up to it), else the `date` option, else
     * the latest year written in the text that the rates cover (the whole
     * year), else the last week of the rates file. */
    int infer_dollar;
} money_opts;

#define MONEY_ISO4217_DEFAULT "/usr/share/iso-codes/json/iso_4217.json"

/* Fills *o with the defaults (all NULL / 0; infer_dollar 1). */
void money_opts_init(money_opts *o);

/* ------------------------------------------------------------------------ */
/* Context                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct money_ctx money_ctx;

/* Loads tables and options.  data_dir is the folder holding currencies.tsv and
 * locales.tsv (the plugin's data/ folder).  Returns NULL on error and writes a
 * one-line message ("iso_4217.json: cannot open /usr/...: No such file...",
 * "currencies.tsv:12: unknown currency code XYZ", "option dollar: unknown
 * currency code ABC") into err (always NUL-terminated when errlen > 0). */
money_ctx *money_ctx_new(const money_opts *o, const char *data_dir, char *err, size_t errlen);
void money_ctx_free(money_ctx *ctx);

/* Number of currencies known (ISO + historic + non-ISO from the data file). */
size_t money_ctx_currency_count(const money_ctx *ctx);

/* ------------------------------------------------------------------------ */
/* Scanning                                                                 */
/* ------------------------------------------------------------------------ */

enum {
    MONEY_F_CURRENCY_DEFAULT = 1u << 0,  /* currency came from an option ($, £, "dollars") */
    MONEY_F_APPROXIMATE = 1u << 1,       /* hedged: about, around, some, more than, ... */
    MONEY_F_RANGE = 1u << 2,             /* closed interval: min and max set, amount NAN */
    MONEY_F_OPEN = 1u << 3,              /* open interval: min or max set (amount = the figure stated) */
    MONEY_F_CONVERTED = 1u << 4,         /* conv_* fields are valid */
    MONEY_F_MINOR_UNIT = 1u << 5,        /* written in a minor unit (cents, pence, 50p) */
    MONEY_F_RANGE_PART = 1u << 6,        /* one end of the range reported just before it,
                                         * when both ends name their currency ("between
                                         * $1.5bn and $2bn"): overlaps that range; skip
                                         * it when totalling */
    MONEY_F_CURRENCY_INFERRED = 1u << 7, /* the currency was read from the conversion
                                          * next to it, not from the option (then
                                          * MONEY_F_CURRENCY_DEFAULT is clear) */
};

typedef struct money_span {
    size_t begin, end; /* byte offsets into the scanned text, end exclusive */
    double amount;     /* in major units; NAN for a closed range. For an open
                          * interval ("at least $1.42") the figure stated (1.42) */
    double min, max;   /* interval bounds, NAN when absent */
    char currency[4];  /* ISO 4217 alphabetic code (or XBT for bitcoin, and
                          * historic codes such as ESP, NLG) */
    unsigned flags;    /* MONEY_F_* */
    /* conversion (MONEY_F_CONVERTED): amount/min/max times conv_rate */
    double conv_amount, conv_min, conv_max, conv_rate;
    char conv_currency[4];
    char rate_date[11]; /* "YYYY-MM-DD" of the (older) rate row used */
} money_span;

/* Per-document settings; pass NULL for none. */
typedef struct money_doc {
    const char *date;   /* "YYYY-MM-DD": rates on or before this date */
    const char *locale; /* e.g. "en_AU": applies the option overrides listed
                          * for it in data/locales.tsv (dollar=AUD, ...) */
} money_doc;

/* Callback: return 0 to continue, non-zero to stop the scan. */
typedef int (*money_cb)(const money_span *span, void *user);

/* Scans text[0..len) (UTF-8; invalid bytes are skipped, never read past len)
 * and calls cb for each money expression in text order.  Returns the number of
 * spans reported.  Runs in time linear in len. */
size_t money_scan(const money_ctx *ctx, const char *text, size_t len, const money_doc *doc, money_cb cb, void *user);

/* A growable array the caller owns and reuses across documents, so the hot
 * path allocates only while the array grows beyond its largest size so far. */
typedef struct money_list {
    money_span *v;
    size_t n, cap;
} money_list;

/* Clears list->n, then appends every span of text.  Returns list->n, or
 * (size_t)-1 when memory ran out (the spans found so far are kept). */
size_t money_scan_list(const money_ctx *ctx, const char *text, size_t len, const money_doc *doc, money_list *list);
void money_list_free(money_list *list);

/* ------------------------------------------------------------------------ */
/* The shared number parser (usable and fuzzable on its own)                */
/* ------------------------------------------------------------------------ */

enum {
    /* flags in money_number.flags */
    MONEY_NUM_DIGITS = 1u << 0,    /* started with digits */
    MONEY_NUM_WORDS = 1u << 1,     /* number words used ("nine", "a", "half") */
    MONEY_NUM_DECIMAL = 1u << 2,   /* has a fractional part */
    MONEY_NUM_GROUPED = 1u << 3,   /* digit groups ("1,234,567") */
    MONEY_NUM_SUFFIX = 1u << 4,    /* glued scale suffix ("10k", "5bn", "40billion") */
    MONEY_NUM_SCALEWORD = 1u << 5, /* spaced scale word ("5 million", "3 lakh") */
    MONEY_NUM_ARTICLE = 1u << 6,   /* just "a"/"an" standing for one */
    MONEY_NUM_OVERFLOW = 1u << 7,  /* value beyond MONEY_MAX_AMOUNT: capped */
    MONEY_NUM_AMBIGUOUS = 1u << 8, /* "1,234"/"1.234": decided by decimal_mark */
    MONEY_NUM_FRACTION = 1u << 9,  /* half/quarter/"and a half" */
    MONEY_NUM_COMPOUND = 1u << 10, /* a compound scale: "lakh crore", "thousand million" */
};

enum {
    /* options for money_parse_number */
    MONEY_NP_WORDS = 1u << 0,        /* accept number words ("forty-two", "a million") */
    MONEY_NP_ARTICLE = 1u << 1,      /* accept a lone "a"/"an" as one (flagged ARTICLE) */
    MONEY_NP_SPACED_UNITS = 1u << 2, /* accept spaced one-letter scales ("£8.86 m") */
    MONEY_NP_NO_SCALE = 1u << 3,     /* stop before any scale word or suffix */
};

typedef struct money_number {
    double value;         /* the number, scale applied (capped at MONEY_MAX_AMOUNT) */
    double base;          /* before the scale word/suffix */
    int scale_exp;        /* power of ten of the scale (0 = none; million = 6) */
    unsigned flags;       /* MONEY_NUM_* */
    unsigned int_digits;  /* digits before the decimal mark (digit numbers) */
    size_t consumed;      /* bytes of s used */
    size_t scale_begin;   /* offset of the scale word/suffix in s (== consumed if none) */
    unsigned frac_digits; /* digits written after the decimal mark (65.4 -> 1) */
} money_number;

/* Parses the number at the start of s[0..len): digits with groupings and a
 * decimal mark ('.', ',' or 0 = auto), optionally number words, "point",
 * scale words (thousand, million, bn, lakh, crore, ...) and glued suffixes
 * (k, m, bn, tn).  Returns 1 and fills *out when a number starts at s[0],
 * else 0.  Never reads past len; linear in the bytes consumed. */
int money_parse_number(const char *s, size_t len, char decimal_mark, unsigned opts, money_number *out);

/* ------------------------------------------------------------------------ */
/* Utilities                                                                */
/* ------------------------------------------------------------------------ */

/* Writes a JSON number for v into buf ("65400000000", "20.43"); returns buf. */
char *money_format_amount(double v, char *buf, size_t buflen);

#ifdef __cplusplus
}
#endif
#endif /* TEXTPIPE_MONEY_H */
