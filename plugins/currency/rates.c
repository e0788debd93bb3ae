/*
 * rates.c -- ECB euro reference rates and conversion.
 *
 * Reads the European Central Bank's CSV files as published:
 *   eurofxref.csv       one day:   "Date, USD, JPY, ..." / "29 November 2024, 1.0575, ..."
 *   eurofxref-hist.csv  all days:  "Date,USD,JPY,...," / "2024-11-29,1.0575,158.25,...,"
 * Each value is units of the currency per 1 EUR; "N/A" or an empty field means
 * no rate that day.  Lines starting with '#' are skipped (an extension, used
 * to label the plugin's SAMPLE file).  The file may be the CSV itself, the
 * CSV gzipped (data/eurofxref-hist.csv.gz, what the plugin ships), or the
 * ECB's own download, a ZIP archive holding the CSV (eurofxref-hist.zip):
 * a newsroom drops the fresh download in place as it is.
 *
 * Rows are kept sorted by date; for each currency a second table gives the
 * last row on or before each row that has a rate, so "the last rate on or
 * before the article's date" is one binary search plus one load, even across
 * holidays and for currencies the ECB stopped quoting.  Cross rates go
 * through EUR: amount_to = amount_from * rate_to / rate_from.
 */
#define _POSIX_C_SOURCE 200809L
#include "money_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 128

struct money_rates {
    int ncols;
    char code[MAX_COLS][4];
    int nrows, caprows;
    int32_t *date; /* ascending */
    double *rate;  /* nrows * ncols, NAN when missing */
    int32_t *last; /* nrows * ncols: last row <= r with a rate, -1 none */
    /* each calendar year's lowest and highest cross rate from every column
     * (and EUR, index ncols) to each of nto currencies (money__rates_years) */
    int y0, nyears, nto;
    char (*to)[4];
    int tcol[64];         /* column of each `to`, -1 for EUR, -2 not quoted */
    double *ylo, *yhi;    /* [(year - y0) * (ncols + 1) + from] * nto + to */
    unsigned char *ydone; /* per year: its block of ylo/yhi is filled */
};

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
int32_t money__days_from_civil(int y, int m, int d)
{
    int era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void money__civil_from_days(int32_t z, int *y, int *m, int *d)
{
    int era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (int)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    *y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y += *m <= 2;
}

static int valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1];
}

int32_t money__parse_iso_date(const char *s)
{
    int y, m, d, k;
    if (!s)
        return INT32_MIN;
    for (k = 0; k < 10; k++) {
        if (k == 4 || k == 7) {
            if (s[k] != '-')
                return INT32_MIN;
        } else if (!isdigit((unsigned char)s[k])) {
            return INT32_MIN;
        }
    }
    if (s[10] && !isspace((unsigned char)s[10]) && s[10] != 'T')
        return INT32_MIN;
    y = atoi(s);
    m = atoi(s + 5);
    d = atoi(s + 8);
    if (!valid_ymd(y, m, d))
        return INT32_MIN;
    return money__days_from_civil(y, m, d);
}

/* "29 November 2024" (the daily file) */
static int32_t parse_long_date(const char *s)
{
    static const char *const MON[] = {"january", "february", "march",     "april",   "may",      "june",
                                      "july",    "august",   "september", "october", "november", "december"};
    int d, y, m;
    char mon[16];
    if (sscanf(s, "%d %15s %d", &d, mon, &y) != 3)
        return INT32_MIN;
    for (m = 0; mon[m]; m++) mon[m] = (char)tolower((unsigned char)mon[m]);
    for (m = 0; m < 12; m++)
        if (strcmp(mon, MON[m]) == 0 || (strlen(mon) == 3 && strncmp(mon, MON[m], 3) == 0))
            break;
    if (m == 12 || !valid_ymd(y, m + 1, d))
        return INT32_MIN;
    return money__days_from_civil(y, m + 1, d);
}

/* A rate as the ECB writes it ("1.0492", "158.08", "20082.05"): digits and
 * at most one '.'.  Mantissa and power of ten are both exact doubles, so one
 * division gives the correctly rounded value, the same as strtod's; anything
 * else goes to strtod.  (strtod was a third of the start-up time.) */
static double parse_rate(const char *s, char **end)
{
    uint64_t m = 0;
    int digits = 0, frac = -1;
    const char *p = s;
    static const double P10[] = {1,   1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            if (++digits > 15)
                return strtod(s, end);
            m = m * 10 + (uint64_t)(*p - '0');
            if (frac >= 0)
                frac++;
        } else if (*p == '.' && frac < 0) {
            frac = 0;
        } else {
            break;
        }
    }
    if (digits == 0 || (*p && *p != ' ' && *p != '\t'))
        return strtod(s, end);
    *end = (char *)p;
    return frac > 0 ? (double)m / P10[frac] : (double)m;
}

/* strip() of the field [s, e) whose end e is known (a comma or the line's
 * end, already NUL): no strlen per field. */
static char *strip_to(char *s, char *e)
{
    while (s < e && (*s == ' ' || *s == '\t' || *s == '"')) s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n' || e[-1] == '"')) *--e = 0;
    return s;
}

static char *strip(char *s)
{
    char *e;
    while (*s == ' ' || *s == '\t' || *s == '"') s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n' || e[-1] == '"')) *--e = 0;
    return s;
}

void money__rates_free(money_rates *r)
{
    if (!r)
        return;
    free(r->to);
    free(r->ylo);
    free(r->yhi);
    free(r->ydone);
    free(r->date);
    free(r->rate);
    free(r->last);
    free(r);
}

typedef struct rowsort {
    int32_t date;
    int idx;
} rowsort;

static int cmp_row(const void *a, const void *b)
{
    const rowsort *x = a, *y = b;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return x->idx - y->idx;
}

/* The text of a rates file: plain, gzip, or the first member of a ZIP archive
 * (unpack.c), as a new NUL-terminated buffer. */
static char *rates_text(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    unsigned char *raw = NULL, *text;
    size_t n = 0, cap = 0, got;
    const char *why = NULL;
    if (!f) {
        snprintf(err, errlen,
                 "rates: cannot open %s: %s (download eurofxref-hist.zip from the "
                 "ECB website's euro foreign exchange reference rates page)",
                 path, strerror(errno));
        return NULL;
    }
    do {
        if (cap - n < 65536) {
            unsigned char *r2 = realloc(raw, cap ? cap * 2 : 1 << 20);
            if (!r2) {
                free(raw);
                fclose(f);
                snprintf(err, errlen, "rates: out of memory");
                return NULL;
            }
            raw = r2;
            cap = cap ? cap * 2 : 1 << 20;
        }
        got = fread(raw + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    fclose(f);
    if (!((n >= 2 && raw[0] == 0x1f && raw[1] == 0x8b) || (n >= 4 && !memcmp(raw, "PK\3\4", 4)))) {
        raw[n] = 0;
        *len = n;
        return (char *)raw;
    }
    if (money__unpack(raw, n, &text, len, &why) < 0) {
        free(raw);
        snprintf(err, errlen, "rates: %s: %s", path, why);
        return NULL;
    }
    free(raw);
    return (char *)text;
}

money_rates *money__rates_load(const char *path, char *err, size_t errlen)
{
    money_rates *r;
    char *text, *next, *tend;
    size_t tlen = 0;
    int lno = 0, header = 0;
    text = rates_text(path, &tlen, err, errlen);
    if (!text)
        return NULL;
    if (!tlen) {
        free(text);
        snprintf(err, errlen, "rates: %s has no rates", path);
        return NULL;
    }
    r = calloc(1, sizeof *r);
    if (!r) {
        free(text);
        snprintf(err, errlen, "rates: out of memory");
        return NULL;
    }
    /* lines cut in place (the text is ours and NUL-terminated) */
    next = text;
    tend = text + tlen;
    while (next < tend) {
        char *p = next, *fld, *nl = memchr(next, '\n', (size_t)(tend - next));
        int col = 0;
        if (nl) {
            *nl = 0;
            next = nl + 1;
        } else {
            next = tend;
        }
        lno++;
        p = strip(p);
        if (!*p || *p == '#')
            continue;
        if (!header) {
            /* Date, USD, JPY, ... */
            fld = strtok(p, ",");
            if (!fld || strcmp(strip(fld), "Date") != 0) {
                snprintf(err, errlen, "rates: %s:%d: expected a header starting with Date", path, lno);
                goto fail;
            }
            while ((fld = strtok(NULL, ",")) != NULL) {
                char *c = strip(fld);
                if (!*c)
                    continue;
                if (strlen(c) != 3 || r->ncols >= MAX_COLS) {
                    snprintf(err, errlen, "rates: %s:%d: bad currency column '%s'", path, lno, c);
                    goto fail;
                }
                memcpy(r->code[r->ncols++], c, 4);
            }
            header = 1;
            continue;
        }
        if (r->nrows == r->caprows) {
            int nc = r->caprows ? r->caprows * 2 : 1024;
            int32_t *d = realloc(r->date, (size_t)nc * sizeof *d);
            double *v = d ? realloc(r->rate, (size_t)nc * (size_t)r->ncols * sizeof *v) : NULL;
            if (d)
                r->date = d;
            if (!v) {
                snprintf(err, errlen, "rates: out of memory");
                goto fail;
            }
            r->rate = v;
            r->caprows = nc;
        }
        {
            /* split by hand: strtok would merge the empty fields of N/A runs */
            char *q = p, *comma;
            int32_t dt;
            double *row = r->rate + (size_t)r->nrows * (size_t)r->ncols;
            comma = strchr(q, ',');
            if (comma)
                *comma = 0;
            fld = strip(q);
            dt = money__parse_iso_date(fld);
            if (dt == INT32_MIN)
                dt = parse_long_date(fld);
            if (dt == INT32_MIN) {
                snprintf(err, errlen, "rates: %s:%d: bad date '%s'", path, lno, fld);
                goto fail;
            }
            for (col = 0; col < r->ncols; col++) {
                char *end;
                double v = NAN;
                if (comma) {
                    char *fe;
                    q = comma + 1;
                    for (fe = q; *fe && *fe != ','; fe++)
                        ;
                    comma = *fe ? fe : NULL;
                    *fe = 0;
                    fld = strip_to(q, fe);
                    /* "N/A" spelt out: a strcmp call per field was a tenth of the start-up */
                    if (*fld && !(fld[0] == 'N' && fld[1] == '/' && fld[2] == 'A' && !fld[3])) {
                        v = parse_rate(fld, &end);
                        if (end == fld || !(v > 0))
                            v = NAN;
                    }
                }
                row[col] = v;
            }
            r->date[r->nrows++] = dt;
        }
    }
    free(text);
    text = NULL;
    if (!header || r->nrows == 0) {
        snprintf(err, errlen, "rates: %s has no rates", path);
        goto fail;
    }
    /* sort ascending (the historical file is newest first) */
    {
        rowsort *o = malloc((size_t)r->nrows * sizeof *o);
        int32_t *d2 = malloc((size_t)r->nrows * sizeof *d2);
        double *v2 = malloc((size_t)r->nrows * (size_t)r->ncols * sizeof *v2);
        int k;
        if (!o || !d2 || !v2) {
            free(o);
            free(d2);
            free(v2);
            snprintf(err, errlen, "rates: out of memory");
            goto fail;
        }
        for (k = 0; k < r->nrows; k++) {
            o[k].date = r->date[k];
            o[k].idx = k;
        }
        qsort(o, (size_t)r->nrows, sizeof *o, cmp_row);
        for (k = 0; k < r->nrows; k++) {
            d2[k] = o[k].date;
            memcpy(v2 + (size_t)k * (size_t)r->ncols, r->rate + (size_t)o[k].idx * (size_t)r->ncols,
                   (size_t)r->ncols * sizeof *v2);
        }
        free(o);
        free(r->date);
        free(r->rate);
        r->date = d2;
        r->rate = v2;
    }
    r->last = malloc((size_t)r->nrows * (size_t)r->ncols * sizeof *r->last);
    if (!r->last) {
        snprintf(err, errlen, "rates: out of memory");
        goto fail;
    }
    {
        int row, col;
        for (col = 0; col < r->ncols; col++) {
            int32_t last = -1;
            for (row = 0; row < r->nrows; row++) {
                if (!isnan(r->rate[(size_t)row * (size_t)r->ncols + (size_t)col]))
                    last = row;
                r->last[(size_t)row * (size_t)r->ncols + (size_t)col] = last;
            }
        }
    }
    return r;
fail:
    free(text);
    money__rates_free(r);
    return NULL;
}

static int col_of(const money_rates *r, const char *code)
{
    int k;
    for (k = 0; k < r->ncols; k++)
        if (memcmp(r->code[k], code, 3) == 0)
            return k;
    return -1;
}

/* Rate (units per EUR) for code on or before row; EUR is 1 on that row. */
static int rate_at(const money_rates *r, const char *code, int row, double *v, int32_t *d)
{
    int col, lr;
    if (memcmp(code, "EUR", 3) == 0) {
        *v = 1.0;
        *d = r->date[row];
        return 1;
    }
    col = col_of(r, code);
    if (col < 0)
        return 0;
    lr = r->last[(size_t)row * (size_t)r->ncols + (size_t)col];
    if (lr < 0)
        return 0;
    *v = r->rate[(size_t)lr * (size_t)r->ncols + (size_t)col];
    *d = r->date[lr];
    return 1;
}

int money__rates_cross(const money_rates *r, const char *from, const char *to, int32_t date, double *rate,
                       int32_t *rate_date)
{
    int lo, hi, row;
    double vf, vt;
    int32_t df, dt;
    if (!r || r->nrows == 0)
        return 0;
    if (date == INT32_MIN) {
        row = r->nrows - 1;
    } else {
        if (date < r->date[0])
            return 0;
        lo = 0;
        hi = r->nrows - 1;
        while (lo < hi) { /* last row with date <= date */
            int mid = lo + (hi - lo + 1) / 2;
            if (r->date[mid] <= date)
                lo = mid;
            else
                hi = mid - 1;
        }
        row = lo;
    }
    if (!rate_at(r, from, row, &vf, &df) || !rate_at(r, to, row, &vt, &dt))
        return 0;
    if (memcmp(from, "EUR", 3) == 0)
        df = dt;
    if (memcmp(to, "EUR", 3) == 0)
        dt = df;
    *rate = vt / vf;
    *rate_date = df < dt ? df : dt;
    return 1;
}

/* The row of the last fixing on or before date; -1 when none. */
static int row_on_or_before(const money_rates *r, int32_t date)
{
    int lo = 0, hi = r->nrows - 1;
    if (r->nrows == 0 || date < r->date[0])
        return -1;
    while (lo < hi) {
        int mid = lo + (hi - lo + 1) / 2;
        if (r->date[mid] <= date)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* The rate of column col (-1: EUR, always 1) on or before row; 0 when none. */
static double col_rate(const money_rates *r, int col, int row)
{
    int lr;
    if (col < 0)
        return 1.0;
    lr = r->last[(size_t)row * (size_t)r->ncols + (size_t)col];
    return lr < 0 ? 0 : r->rate[(size_t)lr * (size_t)r->ncols + (size_t)col];
}

int money__rates_range(const money_rates *r, const char *from, const char *to, int32_t d0, int32_t d1, double *lo,
                       double *hi)
{
    int row = r ? row_on_or_before(r, d1) : -1, n = 0, cf, ct;
    if (row < 0)
        return 0;
    cf = memcmp(from, "EUR", 3) == 0 ? -1 : col_of(r, from);
    ct = memcmp(to, "EUR", 3) == 0 ? -1 : col_of(r, to);
    if ((cf < 0 && memcmp(from, "EUR", 3) != 0) || (ct < 0 && memcmp(to, "EUR", 3) != 0))
        return 0;
    *lo = INFINITY;
    *hi = -INFINITY;
    /* every fixing dated d0..d1, and at least the last one on or before d1 */
    for (; row >= 0 && (n == 0 || r->date[row] >= d0); row--, n++) {
        double vf = col_rate(r, cf, row), vt = col_rate(r, ct, row);
        if (vf > 0 && vt > 0) {
            double x = vt / vf;
            if (x < *lo)
                *lo = x;
            if (x > *hi)
                *hi = x;
        }
    }
    return *lo <= *hi;
}

void money__rates_span(const money_rates *r, int32_t *first, int32_t *last)
{
    *first = r && r->nrows ? r->date[0] : INT32_MIN;
    *last = r && r->nrows ? r->date[r->nrows - 1] : INT32_MIN;
}

/* Each year's block is worked out the first time a range of that year is
 * asked for: 27 years of 42 currencies to ~10 candidates is 3 million
 * divisions, a third of the plugin's start-up, and an article asks about
 * one or two years. */
int money__rates_years(money_rates *r, const char (*to)[4], int nto)
{
    int y1, m, d, t;
    size_t cells;
    if (!r || r->nrows == 0 || nto <= 0)
        return 0;
    if (nto > 64)
        nto = 64;
    money__civil_from_days(r->date[0], &r->y0, &m, &d);
    money__civil_from_days(r->date[r->nrows - 1], &y1, &m, &d);
    r->nyears = y1 - r->y0 + 1;
    cells = (size_t)r->nyears * (size_t)(r->ncols + 1) * (size_t)nto;
    r->to = malloc((size_t)nto * sizeof *r->to);
    r->ylo = malloc(cells * sizeof *r->ylo);
    r->yhi = malloc(cells * sizeof *r->yhi);
    r->ydone = calloc((size_t)r->nyears, 1);
    if (!r->to || !r->ylo || !r->yhi || !r->ydone) {
        free(r->to);
        free(r->ylo);
        free(r->yhi);
        free(r->ydone);
        r->to = NULL;
        r->ylo = r->yhi = NULL;
        r->ydone = NULL;
        r->nto = 0;
        return -1;
    }
    memcpy(r->to, to, (size_t)nto * sizeof *r->to);
    r->nto = nto;
    for (t = 0; t < nto; t++) {
        int col = col_of(r, to[t]);
        r->tcol[t] = memcmp(to[t], "EUR", 3) == 0 ? -1 : col < 0 ? -2 : col;
    }
    return 0;
}

/* Fills year y's block: one pass over that year's fixings (a currency's
 * missing days fall back to its last quote, as for conversion). */
static void fill_year(money_rates *r, int y)
{
    size_t yk = (size_t)(y - r->y0), cells = (size_t)(r->ncols + 1) * (size_t)r->nto, k;
    double *lo = r->ylo + yk * cells, *hi = r->yhi + yk * cells;
    int row = row_on_or_before(r, money__days_from_civil(y, 1, 1) - 1) + 1, f, t;
    const int32_t next = money__days_from_civil(y + 1, 1, 1);
    double vt[64];
    for (k = 0; k < cells; k++) {
        lo[k] = INFINITY;
        hi[k] = -INFINITY;
    }
    for (; row < r->nrows && r->date[row] < next; row++) {
        for (t = 0; t < r->nto; t++) vt[t] = r->tcol[t] == -2 ? 0 : col_rate(r, r->tcol[t], row);
        for (f = 0; f <= r->ncols; f++) {
            double vf = col_rate(r, f == r->ncols ? -1 : f, row);
            size_t base;
            if (!(vf > 0))
                continue;
            base = (size_t)f * (size_t)r->nto;
            for (t = 0; t < r->nto; t++) {
                double x;
                if (!(vt[t] > 0))
                    continue;
                x = vt[t] / vf;
                if (x < lo[base + (size_t)t])
                    lo[base + (size_t)t] = x;
                if (x > hi[base + (size_t)t])
                    hi[base + (size_t)t] = x;
            }
        }
    }
    r->ydone[yk] = 1;
}

int money__rates_year_range(const money_rates *r, const char *from, const char *to, int year, double *lo, double *hi)
{
    int f, t;
    size_t k;
    if (!r || !r->ylo || year < r->y0 || year >= r->y0 + r->nyears)
        return 0;
    f = memcmp(from, "EUR", 3) == 0 ? r->ncols : col_of(r, from);
    if (f < 0)
        return 0;
    for (t = 0; t < r->nto; t++)
        if (memcmp(r->to[t], to, 3) == 0)
            break;
    if (t == r->nto)
        return 0;
    /* the block is a cache of what r holds, filled on first use: r stays
     * logically const (a context is used by one thread at a time) */
    if (!r->ydone[year - r->y0])
        fill_year((money_rates *)r, year);
    k = ((size_t)(year - r->y0) * (size_t)(r->ncols + 1) + (size_t)f) * (size_t)r->nto + (size_t)t;
    *lo = r->ylo[k];
    *hi = r->yhi[k];
    return *lo <= *hi;
}
