/*
 * model.c - the summariser's model: dense weights in an array; stop words
 * and lexical weights, loaded from text files, in one open-addressing hash
 * table keyed by a 64-bit hash of the lower-cased token.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summ_internal.h"

static const char *const feature_names[SUMM_NFEAT] = {
#define SUMM_X_NAME(e, name) name,
    SUMM_FEATURES(SUMM_X_NAME)
#undef SUMM_X_NAME
};

size_t summ_feature_count(void) { return SUMM_NFEAT; }

const char *summ_feature_name(size_t i) { return i < SUMM_NFEAT ? feature_names[i] : NULL; }

uint64_t summ__hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h ? h : 1;
}

summ_model *summ_model_new(void)
{
    summ_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    static const char *const junk[4] = {"scroll", "down", "click", "here"};
    for (int i = 0; i < 4; i++) m->junk[i] = summ__hash(junk[i], strlen(junk[i]));
    return m;
}

void summ_model_free(summ_model *m)
{
    if (!m)
        return;
    free(m->lex);
    free(m);
}

size_t summ_model_stopwords(const summ_model *m) { return m->stop_n; }
size_t summ_model_lexicon(const summ_model *m) { return m->lex_n; }

/* ---- The table ------------------------------------------------------------ */

const summ_lex *summ__lex_find(const summ_model *m, uint64_t key)
{
    if (!m->lex_cap)
        return NULL;
    size_t mask = m->lex_cap - 1;
    for (size_t i = summ__slot(key, mask);; i = (i + 1) & mask) {
        if (m->lex[i].key == key)
            return &m->lex[i];
        if (m->lex[i].key == 0)
            return NULL;
    }
}

/* The entry for `key`, created empty when missing; NULL when out of
 * memory.  Keeps the table at most half full. */
static summ_lex *lex_get(summ_model *m, uint64_t key)
{
    if (2 * (m->stop_n + m->lex_n + 1) > m->lex_cap) {
        size_t cap = m->lex_cap ? 2 * m->lex_cap : 1024;
        summ_lex *t = calloc(cap, sizeof *t);
        if (!t)
            return NULL;
        for (size_t i = 0; i < m->lex_cap; i++) {
            if (!m->lex[i].key)
                continue;
            size_t j = summ__slot(m->lex[i].key, cap - 1);
            while (t[j].key) j = (j + 1) & (cap - 1);
            t[j] = m->lex[i];
        }
        free(m->lex);
        m->lex = t;
        m->lex_cap = cap;
    }
    size_t mask = m->lex_cap - 1;
    size_t i = summ__slot(key, mask);
    while (m->lex[i].key && m->lex[i].key != key) i = (i + 1) & mask;
    m->lex[i].key = key;
    return &m->lex[i];
}

/* ---- Files --------------------------------------------------------------- */

static int fail(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Reads a whole file; NULL with the reason in err. */
static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf) {
        fail(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    if (bad) {
        free(buf);
        fail(err, errlen, "%s: read error", path);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Calls fn on each line without its end of line, with leading and trailing
 * white space removed; skips blank lines and '#' comments. */
typedef int (*line_fn)(summ_model *m, const char *name, size_t lineno, const char *s, size_t n, char *err,
                       size_t errlen);

static int each_line(summ_model *m, const char *name, const char *buf, size_t len, line_fn fn, char *err, size_t errlen)
{
    size_t lineno = 0, i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && buf[j] != '\n') j++;
        lineno++;
        size_t a = i, b = j;
        while (a < b && (buf[a] == ' ' || buf[a] == '\t' || buf[a] == '\r')) a++;
        while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t' || buf[b - 1] == '\r')) b--;
        if (b > a && buf[a] != '#') {
            if (memchr(buf + a, '\0', b - a))
                return fail(err, errlen, "%s:%zu: NUL byte", name, lineno);
            if (fn(m, name, lineno, buf + a, b - a, err, errlen) != 0)
                return -1;
        }
        i = j + 1;
    }
    return 0;
}

static int stop_line(summ_model *m, const char *name, size_t lineno, const char *s, size_t n, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == ' ' || s[i] == '\t')
            return fail(err, errlen, "%s:%zu: one word per line", name, lineno);
    summ_lex *e = lex_get(m, summ__hash(s, n));
    if (!e)
        return fail(err, errlen, "%s:%zu: out of memory", name, lineno);
    if (!(e->flags & LEX_STOP)) {
        e->flags |= LEX_STOP;
        m->stop_n++;
    }
    return 0;
}

static int weight_line(summ_model *m, const char *name, size_t lineno, const char *s, size_t n, char *err, size_t errlen)
{
    const char *tab = memchr(s, '\t', n);
    if (!tab || tab == s)
        return fail(err, errlen, "%s:%zu: expected NAME<TAB>WEIGHT", name, lineno);
    char num[64];
    size_t nl = (size_t)(s + n - (tab + 1));
    if (nl == 0 || nl >= sizeof num)
        return fail(err, errlen, "%s:%zu: expected a number after the tab", name, lineno);
    memcpy(num, tab + 1, nl);
    num[nl] = 0;
    char *end;
    errno = 0;
    double w = strtod(num, &end);
    if (end == num || *end || errno == ERANGE || !isfinite(w))
        return fail(err, errlen, "%s:%zu: bad weight \"%s\"", name, lineno, num);
    size_t kl = (size_t)(tab - s);

    static const struct {
        const char *prefix;
        int slot;
    } lexical[] = {{"w:", LEX_W}, {"first:", LEX_FIRST}, {"last:", LEX_LAST}, {"last2:", LEX_LAST2}};
    for (size_t i = 0; i < sizeof lexical / sizeof lexical[0]; i++) {
        size_t pl = strlen(lexical[i].prefix);
        if (kl > pl && memcmp(s, lexical[i].prefix, pl) == 0) {
            summ_lex *e = lex_get(m, summ__hash(s + pl, kl - pl));
            if (!e)
                return fail(err, errlen, "%s:%zu: out of memory", name, lineno);
            e->w[lexical[i].slot] = (float)w;
            if (!(e->flags & LEX_WEIGHTED)) {
                e->flags |= LEX_WEIGHTED;
                m->lex_n++;
            }
            return 0;
        }
    }
    for (size_t f = 0; f < SUMM_NFEAT; f++) {
        if (strlen(feature_names[f]) == kl && memcmp(feature_names[f], s, kl) == 0) {
            m->dense[f] = w;
            return 0;
        }
    }
    return fail(err, errlen, "%s:%zu: unknown feature \"%.*s\" (a model for another version?)", name, lineno,
                (int)(kl > 80 ? 80 : kl), s);
}

int summ_model_load_stopwords_mem(summ_model *m, const char *name, const char *buf, size_t len, char *err, size_t errlen)
{
    return each_line(m, name, buf, len, stop_line, err, errlen);
}

int summ_model_load_weights_mem(summ_model *m, const char *name, const char *buf, size_t len, char *err, size_t errlen)
{
    return each_line(m, name, buf, len, weight_line, err, errlen);
}

int summ_model_load_stopwords(summ_model *m, const char *path, char *err, size_t errlen)
{
    size_t len;
    char *buf = slurp(path, &len, err, errlen);
    if (!buf)
        return -1;
    int rc = summ_model_load_stopwords_mem(m, path, buf, len, err, errlen);
    free(buf);
    return rc;
}

int summ_model_load_weights(summ_model *m, const char *path, char *err, size_t errlen)
{
    size_t len;
    char *buf = slurp(path, &len, err, errlen);
    if (!buf)
        return -1;
    int rc = summ_model_load_weights_mem(m, path, buf, len, err, errlen);
    free(buf);
    return rc;
}
