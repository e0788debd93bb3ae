/*
 * abbrev.c - word lists of the sentence splitter: loading and lookup.
 *
 * All lists live in one open-addressing hash table keyed by spelling; an
 * entry carries an abbreviation class (AB_*) and word-list bits (W_*), so one
 * probe answers every question asked about a word.  Lookups happen only at
 * candidate boundaries (a word before a period, the word after a boundary),
 * not per token.
 *
 * File format (see data/abbrev_en.txt):
 *
 *     # comment (at the start of a line or after white space)
 *     [prepositive]        a section header; the sections are listed below
 *     Mr Mrs Dr. Gov       entries separated by white space; a final '.' is dropped
 *     !St                  removes an entry given by an earlier file
 *
 * Case variants are added for abbreviations: the ALL-CAPS form of entries of
 * two or more letters and, for an all-lowercase entry, the Capitalised form
 * ("etc" also matches "Etc." and "ETC.").  A spelling written in a file
 * always beats a derived variant ("St" prepositive, "st" general), and a
 * derived variant only fills a gap: the first entry to derive it keeps it
 * ("FT." stays prepositive from "Ft", not general from "ft").
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbd_internal.h"

static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

sbd_model *sbd_model_new(void)
{
    sbd_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 1024;
    m->tab = calloc(m->cap, sizeof *m->tab);
    if (!m->tab) {
        free(m);
        return NULL;
    }
    return m;
}

void sbd_model_free(sbd_model *m)
{
    if (!m)
        return;
    free(m->tab);
    free(m);
}

size_t sbd_model_size(const sbd_model *m) { return m ? m->used : 0; }

const sbd_entry *sbd_model_find(const sbd_model *m, const char *s, size_t len)
{
    if (len == 0 || len > SBD_KEY_MAX)
        return NULL;
    uint32_t h = hash_bytes(s, len);
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const sbd_entry *e = &m->tab[i];
        if (e->len == 0)
            return NULL;
        if (e->hash == h && e->len == len && memcmp(e->key, s, len) == 0)
            return e;
    }
}

static int grow(sbd_model *m)
{
    size_t ncap = m->cap * 2;
    sbd_entry *nt = calloc(ncap, sizeof *nt);
    if (!nt)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        sbd_entry *e = &m->tab[i];
        if (e->len == 0)
            continue;
        size_t j = e->hash & (ncap - 1);
        while (nt[j].len) j = (j + 1) & (ncap - 1);
        nt[j] = *e;
    }
    free(m->tab);
    m->tab = nt;
    m->cap = ncap;
    return 0;
}

/* The entry for s, created empty when missing; NULL when out of memory. */
static sbd_entry *get_or_add(sbd_model *m, const char *s, size_t len)
{
    if ((m->used + 1) * 2 > m->cap && grow(m) != 0)
        return NULL;
    uint32_t h = hash_bytes(s, len);
    size_t mask = m->cap - 1;
    size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
        sbd_entry *e = &m->tab[i];
        if (e->len == 0)
            break;
        if (e->hash == h && e->len == len && memcmp(e->key, s, len) == 0)
            return e;
    }
    sbd_entry *e = &m->tab[i];
    memset(e, 0, sizeof *e);
    e->hash = h;
    e->len = (uint8_t)len;
    memcpy(e->key, s, len);
    m->used++;
    return e;
}

/* ---- Loading ---------------------------------------------------------------- */

enum { SEC_NONE = 0, SEC_ABBR, SEC_WORDS };

typedef struct section {
    const char *name;
    int kind;  /* SEC_ABBR or SEC_WORDS */
    int value; /* AB_* or W_* */
} section;

static const section sections[] = {
    {"prepositive", SEC_ABBR, AB_PRE}, {"number", SEC_ABBR, AB_NUM},      {"general", SEC_ABBR, AB_GEN},
    {"time", SEC_ABBR, AB_TIME},       {"starter", SEC_WORDS, W_STARTER}, {"time_follow", SEC_WORDS, W_TIMEFOLLOW},
    {"speech", SEC_WORDS, W_SPEECH},   {"fronting", SEC_WORDS, W_FRONT},  {"title", SEC_WORDS, W_TITLE},
    {"lowercase", SEC_WORDS, W_LOWER}, {"country", SEC_WORDS, W_COUNTRY}, {"exclaim", SEC_WORDS, W_EXCLAIM},
    {"street", SEC_WORDS, W_STREET},
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Apply one spelling of an entry. */
static int apply(sbd_model *m, const section *sec, const char *w, size_t len, int own, int remove)
{
    sbd_entry *e = get_or_add(m, w, len);
    if (!e)
        return -1;
    if (sec->kind == SEC_ABBR) {
        if (remove) {
            if (own || !e->abbr_own || e->abbr == sec->value) {
                e->abbr = AB_NONE;
                e->abbr_own = (uint8_t)own;
            }
        } else if (own || (!e->abbr_own && e->abbr == AB_NONE)) {
            /* written spellings always win; derived ones only fill gaps */
            e->abbr = (uint8_t)sec->value;
            e->abbr_own = (uint8_t)own;
        }
    } else {
        if (remove)
            e->words &= (uint16_t)~sec->value;
        else
            e->words |= (uint16_t)sec->value;
    }
    return 0;
}

static int add_entry(sbd_model *m, const section *sec, const char *w, size_t len, int remove)
{
    char v[SBD_KEY_MAX + 1];
    int letters = 0, has_upper = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)
            letters++;
        if ((c >= 'A' && c <= 'Z') || c >= 0x80)
            has_upper = 1; /* non-ASCII: no case folding attempted */
    }
    if (apply(m, sec, w, len, 1, remove))
        return -1;
    if (letters < 2)
        return 0;
    /* ALL-CAPS variant */
    int differs = 0;
    for (size_t i = 0; i < len; i++) {
        char c = w[i];
        if (c >= 'a' && c <= 'z') {
            c = (char)(c - 'a' + 'A');
            differs = 1;
        }
        v[i] = c;
    }
    if (differs && apply(m, sec, v, len, 0, remove))
        return -1;
    /* Capitalised variant of an all-lowercase abbreviation */
    if (sec->kind == SEC_ABBR && !has_upper && w[0] >= 'a' && w[0] <= 'z') {
        memcpy(v, w, len);
        v[0] = (char)(v[0] - 'a' + 'A');
        if (apply(m, sec, v, len, 0, remove))
            return -1;
    }
    return 0;
}

int sbd_model_load_abbrevs_mem(sbd_model *m, const char *name, const char *buf, size_t len, char *err, size_t errlen)
{
    if (!m || (!buf && len)) {
        set_err(err, errlen, "%s: invalid arguments", name ? name : "(null)");
        return -1;
    }
    if (!name)
        name = "(memory)";
    const section *sec = NULL;
    size_t line = 0, p = 0;
    while (p < len) {
        line++;
        size_t eol = p;
        while (eol < len && buf[eol] != '\n') eol++;
        size_t q = p;
        p = eol < len ? eol + 1 : eol;
        /* cut a comment: '#' at the start or after white space */
        size_t end = q;
        while (end < eol) {
            if (buf[end] == '#' && (end == q || buf[end - 1] == ' ' || buf[end - 1] == '\t'))
                break;
            end++;
        }
        while (end > q && (buf[end - 1] == ' ' || buf[end - 1] == '\t' || buf[end - 1] == '\r')) end--;
        while (q < end && (buf[q] == ' ' || buf[q] == '\t')) q++;
        if (q == end)
            continue;
        if (buf[q] == '[') {
            if (buf[end - 1] != ']') {
                set_err(err, errlen, "%s:%zu: section header without ']'", name, line);
                return -1;
            }
            size_t nl = end - q - 2;
            sec = NULL;
            for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
                if (strlen(sections[i].name) == nl && memcmp(sections[i].name, buf + q + 1, nl) == 0)
                    sec = &sections[i];
            }
            if (!sec) {
                set_err(err, errlen,
                        "%s:%zu: unknown section [%.*s] (known: prepositive, number, general, time, "
                        "starter, time_follow, speech, fronting, title, lowercase, country, "
                        "exclaim, street)",
                        name, line, (int)(nl > 40 ? 40 : nl), buf + q + 1);
                return -1;
            }
            continue;
        }
        while (q < end) {
            size_t a = q;
            while (q < end && buf[q] != ' ' && buf[q] != '\t') q++;
            size_t b = q;
            while (q < end && (buf[q] == ' ' || buf[q] == '\t')) q++;
            int remove = 0;
            if (buf[a] == '!') {
                remove = 1;
                a++;
            }
            size_t wl = b - a;
            if (wl > 1 && buf[b - 1] == '.')
                wl--;
            if (!sec) {
                set_err(err, errlen, "%s:%zu: entry '%.*s' before any [section]", name, line,
                        (int)(wl > 40 ? 40 : wl), buf + a);
                return -1;
            }
            if (wl == 0 || wl > SBD_KEY_MAX) {
                set_err(err, errlen, "%s:%zu: entry '%.*s' must have 1 to %d bytes", name, line,
                        (int)(wl > 40 ? 40 : wl), buf + a, SBD_KEY_MAX);
                return -1;
            }
            int letter = 0;
            for (size_t i = a; i < a + wl; i++) {
                unsigned char c = (unsigned char)buf[i];
                if (c < 0x20 || c == 0x7f || c == '[' || c == ']') {
                    set_err(err, errlen, "%s:%zu: entry '%.*s' has a forbidden character", name, line, (int)wl,
                            buf + a);
                    return -1;
                }
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)
                    letter = 1;
            }
            if (!letter) {
                set_err(err, errlen, "%s:%zu: entry '%.*s' has no letter", name, line, (int)wl, buf + a);
                return -1;
            }
            if (add_entry(m, sec, buf + a, wl, remove)) {
                set_err(err, errlen, "%s:%zu: out of memory", name, line);
                return -1;
            }
        }
    }
    return 0;
}

int sbd_model_load_abbrevs(sbd_model *m, const char *path, char *err, size_t errlen)
{
    if (!m || !path) {
        set_err(err, errlen, "invalid arguments");
        return -1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 8192, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        set_err(err, errlen, "%s: out of memory", path);
        return -1;
    }
    for (;;) {
        if (len == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                fclose(f);
                set_err(err, errlen, "%s: out of memory", path);
                return -1;
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + len, 1, cap - len, f);
        len += r;
        if (r == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        set_err(err, errlen, "%s: read error", path);
        return -1;
    }
    int rc = sbd_model_load_abbrevs_mem(m, path, buf, len, err, errlen);
    free(buf);
    return rc;
}
