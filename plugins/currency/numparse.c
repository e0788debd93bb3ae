/*
 * numparse.c -- the shared number parser.
 *
 * Reads one number at the start of a byte string: digits with groupings and a
 * decimal mark ("1,234.56", "1.234,56", "1 234", "1'000"), number words
 * ("forty-two", "a million", "one and a half", "three quarters billion",
 * "one point three"), scale words ("thousand" ... "trillion", "lakh",
 * "crore", spaced "bn"/"mn"/"tn") and glued suffixes ("10k", "$5bn",
 * "40billion").  It knows nothing about currencies: the scanner decides whether
 * a scale is bound to a currency.
 *
 * Digit numbers are kept as an exact decimal (64-bit mantissa, power of ten)
 * until the end, so "65.4 billion" is exactly 65400000000 and "1.34" is the
 * double nearest to 1.34.  Digits past the 19th significant one only move the
 * exponent, and every byte is looked at a bounded number of times, so a run of
 * a million digits or dots costs linear time and cannot overflow anything.
 *
 * The grouping rules: a separator followed by exactly three digits may group;
 * two different separators ("1.234,56") make the last one the decimal mark;
 * a repeated separator ("1,234,567") groups; a separator followed by other
 * than three digits ("1,5", "2.75") is the decimal mark.  Only the one left
 * over -- a single '.' or ',' followed by exactly three digits -- is decided by
 * the caller's decimal_mark ('.', ',' or 0 = English: "1,234" = 1234 and
 * "1.234" = 1.234), and flagged MONEY_NUM_AMBIGUOUS.
 */
#include "money.h"
#include "money_internal.h"

#include <math.h>
#include <string.h>

/* ---- number words ------------------------------------------------------- */

enum {
    NW_NONE = 0,
    NW_UNIT,
    NW_TEEN,
    NW_TENS,
    NW_HUNDRED,
    NW_SCALE,
    NW_ARTICLE,
    NW_HALF,
    NW_QUARTER,
    NW_QUARTERS,
    NW_DOZEN,
    NW_POINT,
    NW_AND,
    NW_SUFFIXWORD, /* spaced "bn", "mn": a scale only after a number */
    NW_LETTER      /* spaced one-letter scale "m", "k", "b": only with MONEY_NP_SPACED_UNITS */
};

typedef struct nword {
    const char *w;
    unsigned char kind;
    int val; /* units/tens value; power of ten for scales */
} nword;

/* Grammar words of English numbers, not currency data. */
static const nword NWORDS[] = {
    {"zero", NW_UNIT, 0},       {"one", NW_UNIT, 1},          {"two", NW_UNIT, 2},       {"three", NW_UNIT, 3},
    {"four", NW_UNIT, 4},       {"five", NW_UNIT, 5},         {"six", NW_UNIT, 6},       {"seven", NW_UNIT, 7},
    {"eight", NW_UNIT, 8},      {"nine", NW_UNIT, 9},         {"ten", NW_TEEN, 10},      {"eleven", NW_TEEN, 11},
    {"twelve", NW_TEEN, 12},    {"thirteen", NW_TEEN, 13},    {"fourteen", NW_TEEN, 14}, {"fifteen", NW_TEEN, 15},
    {"sixteen", NW_TEEN, 16},   {"seventeen", NW_TEEN, 17},   {"eighteen", NW_TEEN, 18}, {"nineteen", NW_TEEN, 19},
    {"twenty", NW_TENS, 20},    {"thirty", NW_TENS, 30},      {"forty", NW_TENS, 40},    {"fourty", NW_TENS, 40},
    {"fifty", NW_TENS, 50},     {"sixty", NW_TENS, 60},       {"seventy", NW_TENS, 70},  {"eighty", NW_TENS, 80},
    {"ninety", NW_TENS, 90},    {"hundred", NW_HUNDRED, 2},   {"thousand", NW_SCALE, 3}, {"million", NW_SCALE, 6},
    {"billion", NW_SCALE, 9},   {"trillion", NW_SCALE, 12},   {"lakh", NW_SCALE, 5},     {"lakhs", NW_SCALE, 5},
    {"lac", NW_SCALE, 5},       {"lacs", NW_SCALE, 5},        {"crore", NW_SCALE, 7},    {"crores", NW_SCALE, 7},
    {"bn", NW_SUFFIXWORD, 9},   {"bln", NW_SUFFIXWORD, 9},    {"mn", NW_SUFFIXWORD, 6},  {"mln", NW_SUFFIXWORD, 6},
    {"tn", NW_SUFFIXWORD, 12},  {"trn", NW_SUFFIXWORD, 12},   {"mio", NW_SUFFIXWORD, 6}, {"mrd", NW_SUFFIXWORD, 9},
    {"cr", NW_SUFFIXWORD, 7},   {"mil", NW_LETTER, 6},        {"m", NW_LETTER, 6},       {"b", NW_LETTER, 9},
    {"k", NW_LETTER, 3},        {"a", NW_ARTICLE, 1},         {"an", NW_ARTICLE, 1},     {"half", NW_HALF, 0},
    {"quarter", NW_QUARTER, 0}, {"quarters", NW_QUARTERS, 0}, {"dozen", NW_DOZEN, 12},   {"point", NW_POINT, 0},
    {"and", NW_AND, 0},
};

/* Glued scale suffixes after digits; case-sensitive where case matters
 * ("5M" and "5m" are both million, but "5T" is not "5t" tonnes). */
typedef struct nsuffix {
    const char *s;
    int exp;
} nsuffix;

static const nsuffix SUFFIXES[] = {
    {"k", 3},  {"K", 3},   {"m", 6},   {"M", 6},   {"mn", 6},   {"Mn", 6}, {"MN", 6}, {"mln", 6},
    {"MM", 6}, {"mm", 6},  {"b", 9},   {"B", 9},   {"bn", 9},   {"Bn", 9}, {"BN", 9}, {"bln", 9},
    {"T", 12}, {"tn", 12}, {"Tn", 12}, {"TN", 12}, {"trn", 12}, {"cr", 7}, {"Cr", 7},
};

static int lower_eq(const char *s, size_t n, const char *w)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (w[i] == 0 || (char)(c | 0x20) != w[i])
            return 0;
    }
    return w[n] == 0;
}

static const nword *nword_lookup(const char *s, size_t n)
{
    size_t i;
    char f;
    if (n == 0 || n > 9)
        return NULL;
    f = (char)(s[0] | 0x20);
    for (i = 0; i < sizeof NWORDS / sizeof NWORDS[0]; i++)
        if (NWORDS[i].w[0] == f && lower_eq(s, n, NWORDS[i].w))
            return &NWORDS[i];
    return NULL;
}

int money__is_number_word(const char *s, size_t n)
{
    const nword *w = nword_lookup(s, n);
    return w && w->kind != NW_AND && w->kind != NW_POINT;
}

/* Scale words glued to digits: the suffix table, or a full scale word
 * ("40billion", "3lakh"). */
static int suffix_exp(const char *s, size_t n)
{
    size_t i;
    const nword *w;
    for (i = 0; i < sizeof SUFFIXES / sizeof SUFFIXES[0]; i++)
        if (strlen(SUFFIXES[i].s) == n && memcmp(SUFFIXES[i].s, s, n) == 0)
            return SUFFIXES[i].exp;
    w = nword_lookup(s, n);
    if (w && w->kind == NW_SCALE)
        return w->val;
    return -1;
}

/* ---- small lexical helpers --------------------------------------------- */

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alpha(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }

/* Horizontal white space (and one line break) between the words of a number.
 * Returns the index after it; i itself when there is none. */
static size_t skip_ws(const char *s, size_t len, size_t i)
{
    int nl = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            i++;
        } else if (c == '\n' && !nl) {
            nl = 1;
            i++;
        } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            i += 2; /* NBSP */
        } else if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0xAF || (unsigned char)s[i + 2] == 0x89)) {
            i += 3; /* narrow NBSP, thin space */
        } else {
            break;
        }
    }
    return i;
}

/* The ASCII word at i: [i, *we).  Returns 0 when s[i] is not a letter or the
 * word runs into a digit ("5G"). */
static int word_at(const char *s, size_t len, size_t i, size_t *we)
{
    size_t j = i;
    while (j < len && is_alpha((unsigned char)s[j])) j++;
    if (j == i)
        return 0;
    if (j < len && is_digit((unsigned char)s[j]))
        return 0;
    *we = j;
    return 1;
}

/* ---- digits ------------------------------------------------------------- */

typedef struct dnum {
    uint64_t mant;
    int exp;       /* value = mant * 10^exp */
    unsigned nsig; /* significant digits held in mant */
    unsigned idig; /* integer digits, leading zeros excluded */
    unsigned fdig; /* digits after the decimal mark */
    unsigned flags;
} dnum;

static void push_digit(dnum *d, int dig, int frac)
{
    if (d->nsig < 19) {
        if (d->mant || dig) {
            d->mant = d->mant * 10 + (uint64_t)dig;
            d->nsig++;
        }
        if (frac)
            d->exp--;
    } else if (!frac) {
        d->exp++;
    }
    if (!frac && (d->idig || dig))
        d->idig++;
    if (frac)
        d->fdig++;
}

enum { SEP_NONE = 0, SEP_DOT, SEP_COMMA, SEP_APOS, SEP_SPACE };

/* A digit separator at i: '.', ',', apostrophes, NBSP/narrow NBSP/thin space. */
static int sep_at(const char *s, size_t len, size_t i, size_t *seplen)
{
    unsigned char c;
    if (i >= len)
        return SEP_NONE;
    c = (unsigned char)s[i];
    *seplen = 1;
    if (c == '.')
        return SEP_DOT;
    if (c == ',')
        return SEP_COMMA;
    if (c == '\'')
        return SEP_APOS;
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
        *seplen = 2;
        return SEP_SPACE;
    }
    if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
        unsigned char d = (unsigned char)s[i + 2];
        *seplen = 3;
        if (d == 0xAF || d == 0x89)
            return SEP_SPACE;
        if (d == 0x99)
            return SEP_APOS; /* right single quotation mark */
    }
    return SEP_NONE;
}

static size_t count_digits(const char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len && is_digit((unsigned char)s[j])) j++;
    return j - i;
}

static size_t read_run(const char *s, size_t len, size_t i, dnum *d, int frac)
{
    while (i < len && is_digit((unsigned char)s[i])) {
        push_digit(d, s[i] - '0', frac);
        i++;
    }
    return i;
}

/* Digits with groupings and decimal part, from i (at a digit, or at a decimal
 * '.' followed by a digit).  Returns the end. */
static size_t parse_digits(const char *s, size_t len, size_t i, char dm, dnum *d)
{
    size_t seg0, start = i;
    int group = SEP_NONE;
    int lead_zero;

    if (s[i] == '.') { /* ".50" */
        d->flags |= MONEY_NUM_DECIMAL;
        return read_run(s, len, i + 1, d, 1);
    }
    i = read_run(s, len, i, d, 0);
    seg0 = i - start;
    lead_zero = (seg0 == 1 && s[start] == '0');

    for (;;) {
        size_t sl, j, L;
        int sep = sep_at(s, len, i, &sl);
        if (sep == SEP_NONE)
            break;
        j = i + sl;
        if (j >= len || !is_digit((unsigned char)s[j]))
            break;
        L = count_digits(s, len, j);
        if (group == SEP_NONE && sep == SEP_COMMA && L == 2 && seg0 <= 2 && !lead_zero) {
            /* Indian grouping: lakhs and crores in pairs, "1,50,000",
             * "12,34,56,789": one or more ",dd" then a final ",ddd" */
            size_t k = i, sl2;
            int pairs = 0;
            while (sep_at(s, len, k, &sl2) == SEP_COMMA && count_digits(s, len, k + 1) == 2 &&
                   sep_at(s, len, k + 3, &sl2) == SEP_COMMA) {
                pairs++;
                k += 3;
            }
            if (pairs > 0 && sep_at(s, len, k, &sl2) == SEP_COMMA && count_digits(s, len, k + 1) == 3 &&
                !(sep_at(s, len, k + 4, &sl2) == SEP_COMMA && k + 5 < len && is_digit((unsigned char)s[k + 5]))) {
                while (i < k + 4) {
                    if (is_digit((unsigned char)s[i]))
                        push_digit(d, s[i] - '0', 0);
                    i++;
                }
                d->flags |= MONEY_NUM_GROUPED;
                group = SEP_COMMA;
                continue; /* a decimal part may follow: "1,50,000.50" */
            }
        }
        if (group == SEP_NONE) {
            int can_group = (L == 3 && seg0 <= 3 && !lead_zero);
            if (sep == SEP_APOS || sep == SEP_SPACE) {
                if (!can_group)
                    break;
                group = sep;
            } else if (!can_group) {
                /* "1,5", "2.75", "0.125": a decimal mark */
                d->flags |= MONEY_NUM_DECIMAL;
                i = read_run(s, len, j, d, 1);
                break;
            } else {
                size_t k = j + 3, sl2;
                int sep2 = sep_at(s, len, k, &sl2);
                int next_digit = sep2 != SEP_NONE && k + sl2 < len && is_digit((unsigned char)s[k + sl2]);
                if (next_digit && (sep2 == sep || (sep2 == SEP_DOT && sep == SEP_COMMA) ||
                                   (sep2 == SEP_COMMA && sep == SEP_DOT))) {
                    group = sep; /* "1,234,567" or "1.234,56" */
                } else {
                    char c = sep == SEP_DOT ? '.' : ',';
                    int as_decimal = dm ? (dm == c) : (c == '.');
                    d->flags |= MONEY_NUM_AMBIGUOUS;
                    if (as_decimal) {
                        d->flags |= MONEY_NUM_DECIMAL;
                        i = read_run(s, len, j, d, 1);
                        break;
                    }
                    group = sep;
                }
            }
            d->flags |= MONEY_NUM_GROUPED;
            i = read_run(s, len, j, d, 0);
        } else if (sep == group) {
            if (L != 3)
                break; /* "1,234,56": the number is "1,234" */
            i = read_run(s, len, j, d, 0);
        } else if ((sep == SEP_DOT || sep == SEP_COMMA) && sep != group) {
            d->flags |= MONEY_NUM_DECIMAL;
            i = read_run(s, len, j, d, 1);
            break;
        } else {
            break;
        }
    }
    return i;
}

static const double P10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* mant * 10^exp, correctly rounded while both fit the exact table. */
static double dec_value(uint64_t mant, int exp)
{
    double m = (double)mant;
    if (mant == 0)
        return 0.0;
    if (exp >= 0) {
        if (exp <= 22)
            return m * P10[exp];
        return m * pow(10.0, exp);
    }
    if (-exp <= 22)
        return m / P10[-exp];
    return m * pow(10.0, exp);
}

double money__pow10(int e)
{
    if (e >= 0 && e <= 22)
        return P10[e];
    return pow(10.0, e);
}

/* The one overflow rule: a value past MONEY_MAX_AMOUNT, or with more than 18
 * integer digits once its scale is applied (int_digits; 0 when the number was
 * written in words), is capped and flagged, so that the scanner reports no
 * money for it. */
static void clamp_overflow(money_number *out, unsigned int_digits)
{
    if (int_digits > 18 || !(out->value <= MONEY_MAX_AMOUNT)) {
        out->value = MONEY_MAX_AMOUNT;
        out->flags |= MONEY_NUM_OVERFLOW;
    }
}

/* ---- words -------------------------------------------------------------- */

typedef struct wtok {
    size_t b, e;
    const nword *w;
} wtok;

/* Next number word after position i (skipping white space, and a hyphen when
 * allow_hyphen).  Fills *t; returns 0 when the next thing is not a number
 * word.  *hyph tells whether a hyphen was crossed. */
static int next_nword(const char *s, size_t len, size_t i, int allow_hyphen, wtok *t, int *hyph)
{
    size_t j = skip_ws(s, len, i), we;
    *hyph = 0;
    if (allow_hyphen && j < len && s[j] == '-') {
        *hyph = 1;
        j = skip_ws(s, len, j + 1);
    }
    if (j == i && i > 0 && !*hyph)
        return 0; /* words must be separated */
    if (!word_at(s, len, j, &we))
        return 0;
    t->w = nword_lookup(s + j, we - j);
    if (!t->w)
        return 0;
    t->b = j;
    t->e = we;
    return 1;
}

/* "of a" / "of an" after position i ("a quarter of a million"): the end of
 * it in *out, else 0. */
static int skip_of_a(const char *s, size_t len, size_t i, size_t *out)
{
    size_t j = skip_ws(s, len, i), we, k, we2;
    if (j == i || !word_at(s, len, j, &we) || !lower_eq(s + j, we - j, "of"))
        return 0;
    k = skip_ws(s, len, we);
    if (k == we || !word_at(s, len, k, &we2) || !(lower_eq(s + k, we2 - k, "a") || lower_eq(s + k, we2 - k, "an")))
        return 0;
    *out = we2;
    return 1;
}

/* Decimal words after "point": single digits ("point two five"). */
static size_t point_digits(const char *s, size_t len, size_t i, uint64_t *frac, int *nfrac)
{
    wtok t;
    int h, n = 0;
    uint64_t f = 0;
    size_t end = i;
    /* digits written as digits: "1 point 5" */
    size_t j = skip_ws(s, len, i);
    if (j > i && j < len && is_digit((unsigned char)s[j])) {
        while (j < len && is_digit((unsigned char)s[j]) && n < 18) {
            f = f * 10 + (uint64_t)(s[j] - '0');
            n++;
            j++;
        }
        if (j < len && (is_digit((unsigned char)s[j]) || is_alpha((unsigned char)s[j])))
            return i;
        *frac = f;
        *nfrac = n;
        return j;
    }
    while (n < 18 && next_nword(s, len, end, 0, &t, &h) && t.w->kind == NW_UNIT) {
        f = f * 10 + (uint64_t)t.w->val;
        n++;
        end = t.e;
    }
    if (n == 0)
        return i;
    *frac = f;
    *nfrac = n;
    return end;
}

/* Scale words after a number at i: "hundred", a scale word, "and a half", a
 * spaced suffix.  Applies them to *v (starting value) and returns the new end;
 * *exp gets the power of ten applied when it was a single plain scale. */
static size_t trailing_scale(const char *s, size_t len, size_t i, unsigned opts, double *v, int *exp_out,
                             size_t *scale_b, unsigned *flags)
{
    wtok t, t2, t3;
    int h;
    size_t end = i;
    int exp = 0, last_scale = 99;
    int hundred_done = 0, compound = 0;

    *scale_b = i;
    if (opts & MONEY_NP_NO_SCALE)
        return i;
    for (;;) {
        /* a hyphen only inside a compound scale: "1.5 lakh-crore" */
        int may_compound = last_scale <= 5 && !compound;
        if (!next_nword(s, len, end, may_compound, &t, &h))
            break;
        if (h && !(may_compound && (t.w->kind == NW_SCALE || t.w->kind == NW_SUFFIXWORD) && t.w->val > last_scale))
            break;
        if (t.w->kind == NW_HUNDRED && !hundred_done && last_scale == 99) {
            *v *= 100.0;
            hundred_done = 1;
            if (*scale_b == i)
                *scale_b = t.b;
            exp += 2;
            end = t.e;
            continue;
        }
        if (t.w->kind == NW_AND && !(*flags & MONEY_NUM_FRACTION) && last_scale == 99 && !hundred_done) {
            /* "2 and a half million" */
            if (next_nword(s, len, t.e, 0, &t2, &h) && t2.w->kind == NW_ARTICLE &&
                next_nword(s, len, t2.e, 0, &t3, &h) && t3.w->kind == NW_HALF) {
                *v += 0.5;
                *flags |= MONEY_NUM_FRACTION;
                end = t3.e;
                continue;
            }
            break;
        }
        if (t.w->kind == NW_SCALE || t.w->kind == NW_SUFFIXWORD ||
            (t.w->kind == NW_LETTER && (opts & MONEY_NP_SPACED_UNITS))) {
            if (may_compound && t.w->kind != NW_LETTER && t.w->val > last_scale) {
                /* a compound scale multiplies: "1.5 lakh crore" (10^12),
                 * "5 thousand crore", "£3 thousand million" (a thousand or
                 * a lakh before a larger scale; not "million billion") */
                *v *= money__pow10(t.w->val);
                exp += t.w->val;
                last_scale = exp;
                compound = 1;
                *flags |= MONEY_NUM_COMPOUND;
                end = t.e;
                continue;
            }
            if (t.w->val >= last_scale)
                break;
            if (last_scale != 99)
                break; /* one scale word is enough: "5 million" */
            if (*scale_b == i)
                *scale_b = t.b;
            *v *= money__pow10(t.w->val);
            exp += t.w->val;
            last_scale = t.w->val;
            end = t.e;
            *flags |= MONEY_NUM_SCALEWORD;
            continue;
        }
        break;
    }
    *exp_out = exp;
    return end;
}

static int parse_words(const char *s, size_t len, unsigned opts, money_number *out)
{
    wtok t, t2, t3;
    int h;
    size_t pos = 0, end = 0; /* end: just after the last accepted word */
    double total = 0, cur = 0;
    int last = NW_NONE, last_scale = 99, any = 0, lead_article = 0, compound = 0;
    unsigned flags = MONEY_NUM_WORDS;
    size_t scale_b = 0;
    int scale_exp = 0;
    double base = 0;
    size_t we;

    if (!word_at(s, len, 0, &we))
        return 0;
    t.w = nword_lookup(s, we);
    if (!t.w)
        return 0;
    t.b = 0;
    t.e = we;
    h = 0;

    for (;;) {
        int k = t.w->kind;
        if (h && !(last == NW_TENS && k == NW_UNIT) &&
            !(any && (k == NW_HUNDRED || k == NW_SCALE || k == NW_AND || k == NW_ARTICLE || k == NW_HALF)))
            break; /* hyphen joins only "forty-two", "one-hundred", "three-and-a-half" */
        if (k == NW_UNIT || k == NW_TEEN) {
            if (last == NW_UNIT || last == NW_TEEN || (last == NW_TENS && k == NW_TEEN) || last == NW_ARTICLE ||
                last == NW_POINT)
                break;
            cur += t.w->val;
        } else if (k == NW_TENS) {
            if (last == NW_UNIT || last == NW_TEEN || last == NW_TENS || last == NW_ARTICLE)
                break;
            cur += t.w->val;
        } else if (k == NW_HUNDRED) {
            if (last == NW_HUNDRED || cur >= 100)
                break;
            if (cur == 0 && last != NW_ARTICLE && last != NW_NONE)
                break;
            cur = (cur == 0 ? 1 : cur) * 100;
        } else if (k == NW_SCALE || ((k == NW_SUFFIXWORD || k == NW_LETTER) && any && cur > 0)) {
            if (k == NW_LETTER && !(opts & MONEY_NP_SPACED_UNITS))
                break;
            if (opts & MONEY_NP_NO_SCALE)
                break;
            if (cur == 0 && last == NW_SCALE && !compound && total > 0 && last_scale <= 5 && t.w->val > last_scale) {
                /* a compound scale multiplies all before it: "one lakh crore" */
                total *= money__pow10(t.w->val);
                if (scale_exp)
                    scale_exp += t.w->val;
                last_scale = 0; /* nothing larger may follow */
                compound = 1;
                flags |= MONEY_NUM_COMPOUND;
                last = NW_SCALE;
                any = 1;
                end = t.e;
                pos = t.e;
                if (!next_nword(s, len, pos, 1, &t, &h))
                    break;
                continue;
            }
            if (cur == 0 && last != NW_ARTICLE)
                break; /* "million" alone is not a number */
            if (t.w->val >= last_scale)
                break;
            if (cur == 0)
                cur = 1;
            if (total == 0) {
                base = cur;
                scale_b = t.b;
                scale_exp = t.w->val;
            } else {
                scale_exp = 0;
            }
            total += cur * money__pow10(t.w->val);
            cur = 0;
            last_scale = t.w->val;
            flags |= MONEY_NUM_SCALEWORD;
        } else if (k == NW_ARTICLE) {
            if (any)
                break;
            /* "a million", "a hundred", "a dozen", "a quarter million" */
            if (!next_nword(s, len, t.e, 0, &t2, &h))
                goto lone_article;
            if (t2.w->kind == NW_HUNDRED || t2.w->kind == NW_SCALE || t2.w->kind == NW_DOZEN) {
                cur = 0;
                last = NW_ARTICLE;
                lead_article = 1;
                pos = t.e;
                t = t2;
                h = 0;
                any = 1;
                continue;
            }
            size_t q = t2.e;
            if (t2.w->kind == NW_QUARTER) /* "a quarter of a million" */
                skip_of_a(s, len, t2.e, &q);
            if (t2.w->kind == NW_QUARTER && next_nword(s, len, q, 0, &t3, &h) && t3.w->kind == NW_SCALE) {
                cur = 0.25;
                flags |= MONEY_NUM_FRACTION;
                last = NW_QUARTER;
                end = q;
                any = 1;
                pos = q;
                t = t3;
                h = 0;
                continue;
            }
        lone_article:
            if (!(opts & MONEY_NP_ARTICLE))
                return 0;
            out->value = out->base = 1;
            out->flags = MONEY_NUM_WORDS | MONEY_NUM_ARTICLE;
            out->consumed = t.e;
            out->scale_begin = t.e;
            return 1;
        } else if (k == NW_HALF) {
            /* "half a million", "half million"; "and a half" is handled at AND */
            if (any)
                break;
            if (!next_nword(s, len, t.e, 0, &t2, &h))
                return 0;
            if (t2.w->kind == NW_ARTICLE && !next_nword(s, len, t2.e, 0, &t2, &h))
                return 0;
            if (t2.w->kind != NW_SCALE)
                return 0;
            cur = 0.5;
            flags |= MONEY_NUM_FRACTION;
            last = NW_HALF;
            any = 1;
            end = t.e;
            t = t2;
            h = 0;
            continue;
        } else if (k == NW_QUARTER || k == NW_QUARTERS) {
            /* "quarter million", "three quarters (of a) billion" */
            size_t q = t.e;
            skip_of_a(s, len, t.e, &q);
            if (!next_nword(s, len, q, 0, &t2, &h) || t2.w->kind != NW_SCALE)
                break;
            if (k == NW_QUARTER && any)
                break;
            if (k == NW_QUARTERS && !(last == NW_UNIT && cur > 1 && cur < 4))
                break;
            cur = (cur == 0 ? 1 : cur) * 0.25;
            flags |= MONEY_NUM_FRACTION;
            last = k;
            any = 1;
            end = q;
            t = t2;
            h = 0;
            continue;
        } else if (k == NW_DOZEN) {
            if (last == NW_DOZEN || (cur == 0 && last != NW_ARTICLE))
                break;
            cur = (cur == 0 ? 1 : cur) * 12;
        } else if (k == NW_AND) {
            /* "hundred and five", "thousand and one", "one and a half" */
            if (!any || !next_nword(s, len, t.e, 0, &t2, &h))
                break;
            if ((last == NW_HUNDRED || last == NW_SCALE) &&
                (t2.w->kind == NW_UNIT || t2.w->kind == NW_TEEN || t2.w->kind == NW_TENS)) {
                last = NW_AND;
                pos = t.e;
                t = t2;
                h = 0;
                continue;
            }
            if (t2.w->kind == NW_ARTICLE && !(flags & MONEY_NUM_FRACTION) &&
                (last == NW_UNIT || last == NW_TEEN || last == NW_TENS || last == NW_HUNDRED) &&
                next_nword(s, len, t2.e, 0, &t3, &h) && t3.w->kind == NW_HALF) {
                cur += 0.5;
                flags |= MONEY_NUM_FRACTION;
                last = NW_HALF;
                end = t3.e;
                pos = t3.e;
                if (!next_nword(s, len, t3.e, 1, &t, &h))
                    break;
                if (t.w->kind != NW_SCALE && t.w->kind != NW_SUFFIXWORD)
                    break;
                continue;
            }
            break;
        } else if (k == NW_POINT) {
            uint64_t f = 0;
            int nf = 0;
            size_t pe;
            if (!any || cur == 0 || (flags & MONEY_NUM_FRACTION) || last == NW_SCALE)
                break;
            pe = point_digits(s, len, t.e, &f, &nf);
            if (nf == 0)
                break;
            cur += dec_value(f, -nf);
            flags |= MONEY_NUM_DECIMAL;
            last = NW_POINT;
            end = pe;
            pos = pe;
            if (!next_nword(s, len, pe, 0, &t, &h))
                break;
            if (t.w->kind != NW_SCALE && t.w->kind != NW_SUFFIXWORD)
                break;
            continue;
        } else {
            break;
        }
        last = k;
        any = 1;
        end = t.e;
        pos = t.e;
        if (!next_nword(s, len, pos, 1, &t, &h))
            break;
    }
    (void)lead_article;
    if (!any || end == 0)
        return 0;
    if (last == NW_ARTICLE)
        return 0;
    out->value = total + cur;
    out->flags = flags;
    out->consumed = end;
    if (scale_exp && cur == 0 && last == NW_SCALE) {
        out->base = base;
        out->scale_exp = scale_exp;
        out->scale_begin = scale_b;
    } else {
        out->base = out->value;
        out->scale_exp = 0;
        out->scale_begin = end;
    }
    clamp_overflow(out, 0);
    return 1;
}

/* ---- entry point -------------------------------------------------------- */

int money_parse_number(const char *s, size_t len, char decimal_mark, unsigned opts, money_number *out)
{
    dnum d;
    size_t i, we;
    double v;
    int exp;

    memset(out, 0, sizeof *out);
    if (!s || len == 0)
        return 0;
    if (decimal_mark != '.' && decimal_mark != ',')
        decimal_mark = 0;
    if (!is_digit((unsigned char)s[0])) {
        if (s[0] == '.' && decimal_mark != ',' && len > 1 && is_digit((unsigned char)s[1])) {
            /* ".50" */
        } else if (opts & MONEY_NP_WORDS) {
            return parse_words(s, len, opts, out);
        } else {
            return 0;
        }
    }

    memset(&d, 0, sizeof d);
    i = parse_digits(s, len, 0, decimal_mark, &d);
    /* Penn-Treebank tokenised decimals: "1 . 6 billion" */
    if (!(d.flags & MONEY_NUM_DECIMAL) && i + 3 < len && s[i] == ' ' && s[i + 1] == '.' && s[i + 2] == ' ' &&
        is_digit((unsigned char)s[i + 3])) {
        size_t j = i + 3;
        while (j < len && is_digit((unsigned char)s[j])) j++;
        if (!(j < len && (is_alpha((unsigned char)s[j]) || s[j] == '.' || s[j] == ','))) {
            d.flags |= MONEY_NUM_DECIMAL;
            i = read_run(s, len, i + 3, &d, 1);
        }
    }
    out->flags = MONEY_NUM_DIGITS | d.flags;
    out->int_digits = d.idig;
    out->frac_digits = d.fdig;
    v = dec_value(d.mant, d.exp);
    out->base = v;
    out->scale_begin = i;

    /* glued suffix: "10k", "5bn", "40billion"; must end the word */
    if (i < len && is_alpha((unsigned char)s[i]) && !(opts & MONEY_NP_NO_SCALE)) {
        size_t j = i;
        int e;
        while (j < len && is_alpha((unsigned char)s[j]) && j - i < 12) j++;
        if (!(j < len && (is_alpha((unsigned char)s[j]) || is_digit((unsigned char)s[j]))) &&
            (e = suffix_exp(s + i, j - i)) >= 0) {
            out->scale_exp = e;
            out->flags |= MONEY_NUM_SUFFIX;
            out->value = dec_value(d.mant, d.exp + e);
            out->consumed = j;
            clamp_overflow(out, d.idig + (unsigned)e);
            return 1;
        }
        out->value = v;
        out->consumed = i;
        clamp_overflow(out, d.idig);
        return 1;
    }

    /* a fraction after the integer: "$ 49 7/8", "16 1/4" (stock prices) */
    if (!(d.flags & (MONEY_NUM_DECIMAL | MONEY_NUM_GROUPED)) && d.exp == 0 && i + 1 < len && s[i] == ' ' &&
        is_digit((unsigned char)s[i + 1])) {
        size_t j = i + 1;
        unsigned num = 0, den = 0;
        while (j < len && is_digit((unsigned char)s[j]) && num < 1000) num = num * 10 + (unsigned)(s[j++] - '0');
        if (j + 1 < len && s[j] == '/' && is_digit((unsigned char)s[j + 1])) {
            j++;
            while (j < len && is_digit((unsigned char)s[j]) && den < 1000)
                den = den * 10 + (unsigned)(s[j++] - '0');
            if (!(j < len && (is_digit((unsigned char)s[j]) || is_alpha((unsigned char)s[j]))) && num > 0 &&
                num < den && (den == 2 || den == 4 || den == 8 || den == 16 || den == 32 || den == 64 || den == 3)) {
                v = dec_value(d.mant, 0) + (double)num / den;
                out->flags |= MONEY_NUM_FRACTION;
                out->value = out->base = v;
                out->consumed = out->scale_begin = j;
                clamp_overflow(out, d.idig);
                return 1;
            }
        }
    }

    /* "$100-million" */
    if (i + 1 < len && s[i] == '-' && is_alpha((unsigned char)s[i + 1]) && !(opts & MONEY_NP_NO_SCALE)) {
        size_t we2;
        const nword *w;
        if (word_at(s, len, i + 1, &we2) && (w = nword_lookup(s + i + 1, we2 - i - 1)) && w->kind == NW_SCALE) {
            int e = w->val;
            size_t q = we2 < len && s[we2] == '-' ? we2 + 1 : skip_ws(s, len, we2), we3;
            const nword *w2;
            if (e <= 5 && q > we2 && word_at(s, len, q, &we3) && (w2 = nword_lookup(s + q, we3 - q)) &&
                (w2->kind == NW_SCALE || w2->kind == NW_SUFFIXWORD) && w2->val > e) {
                e += w2->val; /* "₹1.5-lakh-crore", "Rs 2-lakh crore" */
                we2 = we3;
                out->flags |= MONEY_NUM_COMPOUND;
            }
            out->scale_exp = e;
            out->flags |= MONEY_NUM_SCALEWORD;
            out->value = dec_value(d.mant, d.exp + e);
            out->consumed = we2;
            out->scale_begin = i + 1;
            clamp_overflow(out, d.idig + (unsigned)e);
            return 1;
        }
    }

    /* "1 point 5" */
    if (!(d.flags & (MONEY_NUM_DECIMAL | MONEY_NUM_GROUPED)) && (opts & MONEY_NP_WORDS)) {
        size_t j = skip_ws(s, len, i);
        if (j > i && word_at(s, len, j, &we) && lower_eq(s + j, we - j, "point")) {
            uint64_t f = 0;
            int nf = 0;
            size_t pe = point_digits(s, len, we, &f, &nf);
            if (nf > 0 && d.exp == 0) {
                uint64_t m = d.mant;
                int k, ok = 1;
                for (k = 0; k < nf; k++) {
                    if (m > UINT64_MAX / 10) {
                        ok = 0;
                        break;
                    }
                    m *= 10;
                }
                if (ok && m <= UINT64_MAX - f) {
                    d.mant = m + f;
                    d.exp = -nf;
                    out->frac_digits = (unsigned)nf;
                    out->flags |= MONEY_NUM_DECIMAL | MONEY_NUM_WORDS;
                    i = pe;
                    v = dec_value(d.mant, d.exp);
                    out->base = v;
                    out->scale_begin = i;
                }
            }
        }
    }

    /* spaced scale words: "5 million", "1.5 bn", "3 hundred thousand" */
    {
        double sv = v;
        size_t scale_b;
        unsigned fl = out->flags;
        size_t e2 = trailing_scale(s, len, i, opts, &sv, &exp, &scale_b, &fl);
        out->flags = fl;
        if (e2 > i) {
            out->consumed = e2;
            out->scale_begin = scale_b;
            if (!(fl & MONEY_NUM_FRACTION)) {
                out->value = dec_value(d.mant, d.exp + exp);
                out->scale_exp = exp;
            } else {
                out->value = sv;
                out->scale_exp = 0;
                out->base = sv;
            }
            clamp_overflow(out, d.idig + (unsigned)exp);
            return 1;
        }
    }
    out->value = v;
    out->consumed = i;
    clamp_overflow(out, d.idig);
    return 1;
}
