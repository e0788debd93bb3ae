/*
 * money_internal.h -- structures shared by the currency plugin's files.
 * Not installed; nothing here is API.
 */
#ifndef TEXTPIPE_MONEY_INTERNAL_H
#define TEXTPIPE_MONEY_INTERNAL_H

#include "money.h"

#include <stddef.h>
#include <stdint.h>

#include <textpipe/utf8.h>

#define MONEY_MAX_SLOTS 32
#define MONEY_MAX_CURRENCIES 512
#define MONEY_MAX_LOCALES 64
#define MONEY_MAX_LOCALE_OVR 8
#define MONEY_MAX_INFER 16

/* ---- currencies --------------------------------------------------------- */

enum {
    CUR_ISO = 1u << 0,      /* listed in iso_4217.json */
    CUR_HISTORIC = 1u << 1, /* withdrawn ISO code from the data file (ESP, NLG) */
    CUR_NONISO = 1u << 2,   /* not ISO (XBT for bitcoin) */
    CUR_WORDLIKE = 1u << 3, /* the code is an English word (ALL, TRY, CUP): upper case
                             * only, and only where clearly monetary */
    CUR_NOLOWER = 1u << 4,  /* the lower-case form is a word (cad): never a code */
    CUR_NOCODE = 1u << 5,   /* never match the code in text (fund codes, metals) */
};

typedef struct cur_info {
    char code[4];
    uint8_t minor; /* minor-unit digits: 2 unless the data file says otherwise */
    uint8_t flags; /* CUR_* */
} cur_info;

/* A currency reference in the lexicon: >= 0 a currency index, < 0 an option
 * slot, -(slot + 1). */
#define CREF_SLOT(s) ((int16_t)(-(s)-1))
#define CREF_IS_SLOT(r) ((r) < 0)
#define CREF_SLOT_OF(r) (-(r)-1)

/* ---- lexicon: symbols, names, minor units, coins ------------------------ */

enum {
    LK_PARTIAL = 0, /* only the first words of a longer entry ("swiss") */
    LK_SYMBOL,      /* €, £, ¥, zł, Rs: before or after the number */
    LK_NAME,        /* euros, swiss francs, rupees: after the number */
    LK_MINOR,       /* cents, pence, 50p, ¢: hundredths of the reference currency */
    LK_COIN,        /* dime, nickel, quarter: value in the reference currency */
    LK_UNIT,        /* grand: a count times value */
};

enum {
    LF_PRE = 1u << 0,     /* may stand before the number */
    LF_POST = 1u << 1,    /* may stand after the number */
    LF_GLUED = 1u << 2,   /* only glued to the number ("50p", "43c") */
    LF_EXACT = 1u << 3,   /* case-sensitive: must be written as in the data file */
    LF_LONGER = 1u << 4,  /* a longer entry starts with this key */
    LF_WEIGHT = 1u << 5,  /* also a weight ("pounds"): guard against weight contexts */
    LF_NOART = 1u << 6,   /* "a yen for": no article-as-one reading */
    LF_PLURAL = 1u << 7,  /* coin plural form: needs a count above one */
    LF_NOTITLE = 1u << 8, /* not when written in title case ("Le Monde") */
    LF_LOWER = 1u << 9,   /* only when written in lower case */
    LF_SCALED = 1u << 10, /* only with a scale word or an amount >= 1000 ("7 billion marks") */
    LF_STRICT = 1u << 11, /* a letter symbol: only before a figure shaped like an amount
                            * ("R12.4 billion", "R1,500", "R2.50"; not "the R12") */
};

typedef struct lex_entry {
    uint32_t hash;
    uint32_t key_off;  /* lower-case key in the string pool */
    uint32_t surf_off; /* surface as written in the data file */
    uint16_t keylen;
    uint16_t flags; /* LF_* */
    uint8_t kind;   /* LK_* */
    uint8_t nwords;
    int16_t cur; /* CREF */
    double mult; /* value factor: coin value, 1e-8 for satoshi; 1 otherwise */
} lex_entry;

/* Dollar prefixes before '$': "US$", "A$", "hk $", "Mex$". */
enum {
    DP_SPACED = 1u << 0, /* the tokenised "c $ 300" form (space before '$') */
    DP_UPPER = 1u << 1,  /* only in upper case (A$, R$, J$) */
    DP_DET = 1u << 2,    /* spaced lower-case form only after a determiner ("a us $ 150") */
    DP_NOAPOS = 1u << 3, /* spaced form not after an apostrophe ("' s $ 5") */
};

typedef struct dprefix {
    char key[8];
    uint8_t keylen;
    uint8_t flags;
    int16_t cur;
} dprefix;

typedef struct locale_ovr {
    char name[16];
    int n;
    int8_t slot[MONEY_MAX_LOCALE_OVR];
    int16_t cur[MONEY_MAX_LOCALE_OVR]; /* CREF */
} locale_ovr;

typedef struct money_rates money_rates;

struct money_ctx {
    /* currencies */
    cur_info cur[MONEY_MAX_CURRENCIES];
    int ncur;
    int16_t code_idx[26 * 26 * 26]; /* "USD" -> currency index, -1 none */

    /* option slots */
    int nslots;
    char slot_name[MONEY_MAX_SLOTS][16];
    int16_t slot_spec[MONEY_MAX_SLOTS]; /* CREF after defaults and user options */
    int16_t slot_cur[MONEY_MAX_SLOTS];  /* resolved currency index */

    /* lexicon */
    lex_entry *lex;
    int nlex, caplex;
    uint32_t *ht; /* open addressing: entry index + 1, 0 empty */
    uint32_t htmask;
    uint64_t bloom[1024];                        /* 65536-bit filter on money__fhash of the keys */
    uint64_t codebits[(26 * 26 * 26 + 63) / 64]; /* codes that may match in text */
    int max_key_words;
    char *pool;
    size_t pool_len, pool_cap;
    uint64_t symstart[1024]; /* code points < 65536 that begin a symbol key */
    int sym_high;            /* some symbol starts at or above U+10000 */

    dprefix dp[64];
    int ndp;

    locale_ovr loc[MONEY_MAX_LOCALES];
    int nloc;

    int slot_dollar, slot_pound, slot_cent; /* slots the scanner needs by name */

    /* options */
    char decimal_mark;
    int hash_is_pound;
    unsigned char cls[256]; /* byte classes for the scan loop */

    /* reading an option's unit from its conversion: per slot, the candidate
     * currencies of its `infer` line (none: the slot is never inferred) */
    int16_t infer_cand[MONEY_MAX_SLOTS][MONEY_MAX_INFER];
    uint8_t ninfer[MONEY_MAX_SLOTS];
    int infer_on; /* option infer_dollar, and rates are loaded */

    /* conversion */
    money_rates *rates;
    int16_t convert_to;   /* currency index, -1 none */
    int32_t default_date; /* days since 1970-01-01, INT32_MIN = none */
};

/* ---- currency_table.c -------------------------------------------------- */
int money__tables_load(money_ctx *c, const money_opts *o, const char *data_dir, char *err, size_t errlen);
void money__tables_free(money_ctx *c);
uint32_t money__hash(const char *s, size_t n); /* FNV-1a over lower-cased ASCII */
const lex_entry *money__lex_find(const money_ctx *c, const char *key, size_t n, uint32_t h);
int money__code_find(const money_ctx *c, const char *s, size_t n); /* any case; -1 none */
int money__slot_find(const money_ctx *c, const char *name, size_t n);
/* Resolves slot specs (CREFs, possibly naming other slots) into currency indices. */
int money__resolve_slots(const money_ctx *c, const int16_t *spec, int16_t *out);
const char *money__pool(const money_ctx *c, uint32_t off);

/* The byte loop's word hash: one rotate and xor per letter (short latency),
 * mixed once per word by money__fhash_final.  Only for the filter. */
static inline uint32_t money__fhash_step(uint32_t h, unsigned char ch)
{
    return ((h << 5) | (h >> 27)) ^ (uint32_t)(ch | 0x20);
}
static inline uint32_t money__fhash_final(uint32_t h) { return (h * 0x9E3779B1u) >> 16; }

static inline int money__bloom_has(const money_ctx *c, uint32_t f)
{
    return (int)((c->bloom[f >> 6] >> (f & 63)) & 1u);
}

/* Whether the three letters at s (any case) are a code that may match. */
static inline int money__codebit(const money_ctx *c, const unsigned char *s)
{
    unsigned a = (unsigned)((s[0] | 0x20) - 'a'), b = (unsigned)((s[1] | 0x20) - 'a'),
             d = (unsigned)((s[2] | 0x20) - 'a');
    unsigned k;
    if (a >= 26 || b >= 26 || d >= 26)
        return 0;
    k = (a * 26 + b) * 26 + d;
    return (int)((c->codebits[k >> 6] >> (k & 63)) & 1u);
}

static inline int money__symstart(const money_ctx *c, uint32_t cp)
{
    if (cp < 65536)
        return (int)((c->symstart[cp >> 6] >> (cp & 63)) & 1u);
    return c->sym_high;
}

/* ---- scan.c ------------------------------------------------------------- */
void money__scan_init(money_ctx *c);

/* ---- rates.c ------------------------------------------------------------ */
money_rates *money__rates_load(const char *path, char *err, size_t errlen);
void money__rates_free(money_rates *r);
/* Rate to multiply an amount in `from` by to get `to`, from the last rows on or
 * before `date` (days since epoch; INT32_MIN = latest).  Returns 1 and fills
 * *rate and *rate_date (days) when both currencies have a rate, else 0. */
int money__rates_cross(const money_rates *r, const char *from, const char *to, int32_t date, double *rate,
                       int32_t *rate_date);
/* Lowest and highest cross rate from -> to over the fixings dated d0..d1
 * (days since epoch), and at least the last fixing on or before d1 (a
 * weekend or holiday window).  Returns 1 when some row has both rates. */
int money__rates_range(const money_rates *r, const char *from, const char *to, int32_t d0, int32_t d1, double *lo,
                       double *hi);
/* Prepares each calendar year's lowest and highest cross rate from
 * every quoted currency (and EUR) to each of the nto currencies given (the
 * inference candidates), each year worked out once, when first asked for,
 * so that a year's range is then one load.  0, or -1 when
 * memory ran out (then money__rates_year_range finds nothing). */
int money__rates_years(money_rates *r, const char (*to)[4], int nto);
/* A year's range as money__rates_range would give for Jan 1..Dec 31 of it,
 * for a `to` given to money__rates_years; 0 when unknown. */
int money__rates_year_range(const money_rates *r, const char *from, const char *to, int year, double *lo, double *hi);
/* The dates of the first and last rows (INT32_MIN when empty). */
void money__rates_span(const money_rates *r, int32_t *first, int32_t *last);
int32_t money__days_from_civil(int y, int m, int d);
void money__civil_from_days(int32_t z, int *y, int *m, int *d);
/* Parses "YYYY-MM-DD"; returns INT32_MIN when malformed. */
int32_t money__parse_iso_date(const char *s);

/* ---- inflate.c ---------------------------------------------------------- */
/* Largest file inflate.c will produce (the ECB history is about 2 MB). */
#define MONEY_INFLATE_MAX ((size_t)256 << 20)
/* Unpacks a gzip file or a ZIP archive's first member (stored or deflated)
 * into a new NUL-terminated buffer the caller frees; verifies the stored
 * CRC-32 and length.  Returns 0, or -1 with a reason in *why. */
int money__unpack(const unsigned char *in, size_t n, unsigned char **out, size_t *outlen, const char **why);

/* ---- numparse.c --------------------------------------------------------- */
double money__pow10(int e);
/* A word that can be part of a number before a currency word ("ten",
 * "million", "bn", "a", "half"). */
int money__is_number_word(const char *s, size_t n);

#endif
