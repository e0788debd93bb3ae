/* gazfeat.c - name lists as model features (not rules).
 *
 * Training reads up to NER_GZ_MAXLISTS lists of names (cities, countries,
 * given names, companies, ...: the .txt files of data/gazetteers) and
 * compiles them into
 * two hash tables that are stored in the model file:
 *  - keys: one slot per distinct name, holding the name's hash and a bit
 *    set of the lists it is on;
 *  - prefixes: the hash of every prefix of a name that ends where a
 *    tokeniser may cut it (before white space, around punctuation), so a
 *    walk over tokens stops as soon as no name can continue.
 * A name's hash covers its bytes without white space, ASCII letters in
 * lower case, so "St. Louis" matches the tokens "St." "Louis" or "St" "."
 * "Louis", and "PARIS" in a headline matches "Paris". Names are not stored:
 * a 54-bit hash collision is not worth the memory.
 *
 *  - words: the first and the last word of every name of two or more
 *    words, with the lists they start or end a name on ("Magna" starts a
 *    company name, "Peninsula" ends a place name).
 *
 * Tagging: in each sentence, a walk starts at every token that begins with
 * an upper-case (or non-ASCII) letter; for each list, matches are taken
 * leftmost-longest without overlap, and each token gets, per list, its
 * position in the match (B, I, L or U) - 3 bits per list in the low 36
 * bits of a uint64 code - and the first-word / last-word list sets above
 * it (bits 36-47 and 48-59).
 * features.c turns these codes into features; what they are worth, and
 * how they combine with the context, is learnt. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

#define GZ_FNV_INIT 0xcbf29ce484222325ULL
#define GZ_FNV_PRIME 0x100000001b3ULL
#define GZ_MASK_BITS NER_GZ_MAXLISTS /* low bits of a key slot: the list bit set */
#define GZ_MASK ((1ULL << GZ_MASK_BITS) - 1)

static uint64_t gz_roll(uint64_t h, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h = (h ^ c) * GZ_FNV_PRIME;
    }
    return h;
}

static uint32_t pref_val(uint64_t f)
{
    uint32_t v = (uint32_t)(f >> 32);
    return v ? v : 1;
}

static int pref_has(const ner_gzlists *g, uint64_t f)
{
    size_t m = g->prefsize - 1, i = (size_t)f & m, k;
    uint32_t v = pref_val(f);
    /* probes bounded by the table size: a mapped model image's tables are
     * not read at load (image.c), so a damaged one may have no empty slot */
    for (k = 0; k <= m; k++, i = (i + 1) & m) {
        if (g->pref[i] == v)
            return 1;
        if (!g->pref[i])
            return 0;
    }
    return 0;
}

static uint32_t key_mask(const ner_gzlists *g, uint64_t f)
{
    size_t m = g->keysize - 1, i = (size_t)(f >> GZ_MASK_BITS) & m, k;
    uint64_t want = f & ~GZ_MASK;
    for (k = 0; k <= m; k++, i = (i + 1) & m) { /* bounded: see pref_has */
        uint64_t v = g->keys[i];
        if (!v)
            return 0;
        if ((v & ~GZ_MASK) == want)
            return (uint32_t)(v & GZ_MASK);
    }
    return 0;
}

static uint32_t word_mask(const ner_gzlists *g, uint64_t f)
{
    size_t m = g->wordsize - 1, i = (size_t)(f >> NER_GZ_WORD_BITS) & m, k;
    uint64_t want = f & ~((1ULL << NER_GZ_WORD_BITS) - 1);
    if (!g->wordsize)
        return 0;
    for (k = 0; k <= m; k++, i = (i + 1) & m) { /* bounded: see pref_has */
        uint64_t v = g->words[i];
        if (!v)
            return 0;
        if ((v & ~((1ULL << NER_GZ_WORD_BITS) - 1)) == want)
            return (uint32_t)(v & ((1ULL << NER_GZ_WORD_BITS) - 1));
    }
    return 0;
}

void ner_gzlists_free(ner_gzlists *g)
{
    if (!g)
        return;
    free(g->keys);
    free(g->pref);
    free(g->words);
    memset(g, 0, sizeof *g);
}

/* ---- building (training) -------------------------------------------------- */

typedef struct {
    uint64_t *h; /* fmix64 of full names */
    uint32_t *mask;
    size_t n, cap;
    uint64_t *p; /* fmix64 of cut prefixes */
    size_t np, pcap;
    uint64_t *w; /* fmix64 of first / last words */
    uint32_t *wmask;
    size_t nw, wcap;
    uint32_t maxbytes;
} gz_build;

static void add_word(gz_build *b, const char *s, size_t n, uint32_t mask)
{
    if (b->nw == b->wcap) {
        b->wcap = b->wcap ? b->wcap * 2 : 65536;
        b->w = ner_xrealloc(b->w, b->wcap * sizeof *b->w);
        b->wmask = ner_xrealloc(b->wmask, b->wcap * sizeof *b->wmask);
    }
    b->w[b->nw] = ner_fmix64(gz_roll(GZ_FNV_INIT, s, n));
    b->wmask[b->nw] = mask;
    b->nw++;
}

static void add_pref(gz_build *b, uint64_t f)
{
    if (b->np == b->pcap) {
        b->pcap = b->pcap ? b->pcap * 2 : 65536;
        b->p = ner_xrealloc(b->p, b->pcap * sizeof *b->p);
    }
    b->p[b->np++] = f;
}

static int is_cut(unsigned char c)
{
    return c < 0x80 && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9');
}

/* One name of list k. */
static void add_name(gz_build *b, const char *s, size_t n, int k)
{
    uint64_t h = GZ_FNV_INIT;
    size_t i, bytes = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t')
            continue;
        h = gz_roll(h, s + i, 1);
        bytes++;
        /* a tokeniser may cut after this byte: before white space, and
         * before or after punctuation */
        if (i + 1 < n && (s[i + 1] == ' ' || is_cut(c) || is_cut((unsigned char)s[i + 1])))
            add_pref(b, ner_fmix64(h));
    }
    if (!bytes)
        return;
    add_pref(b, ner_fmix64(h));
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 65536;
        b->h = ner_xrealloc(b->h, b->cap * sizeof *b->h);
        b->mask = ner_xrealloc(b->mask, b->cap * sizeof *b->mask);
    }
    b->h[b->n] = ner_fmix64(h);
    b->mask[b->n] = 1u << k;
    b->n++;
    if (bytes > b->maxbytes)
        b->maxbytes = (uint32_t)bytes;
    {
        /* first and last word of a name of several words */
        size_t a = 0, e = n, f, l;
        while (a < n && s[a] == ' ') a++;
        while (e > a && s[e - 1] == ' ') e--;
        for (f = a; f < e && s[f] != ' '; f++) {}
        for (l = e; l > a && s[l - 1] != ' '; l--) {}
        if (f < e) {
            add_word(b, s + a, f - a, 1u << k);
            add_word(b, s + l, e - l, 1u << (k + NER_GZ_MAXLISTS));
        }
    }
}

static int read_list(gz_build *b, const char *path, int k, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    if (!fp) {
        ner_errf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    while ((len = getline(&line, &cap, fp)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
        if (len == 0 || line[0] == '#')
            continue;
        add_name(b, line, (size_t)len, k);
    }
    free(line);
    fclose(fp);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int ner_gzlists_build(ner_gzlists *g, const char *dir, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char *names[64];
    size_t nn = 0, i;
    gz_build b;
    memset(g, 0, sizeof *g);
    memset(&b, 0, sizeof b);
    if (!d) {
        ner_errf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0 && e->d_name[0] != '.') {
            if (nn == NER_GZ_MAXLISTS || l - 4 >= sizeof g->names[0]) {
                closedir(d);
                for (i = 0; i < nn; i++) free(names[i]);
                ner_errf(err, errlen, "%s: at most %d lists of names up to %zu bytes", dir, NER_GZ_MAXLISTS,
                         sizeof g->names[0] - 1);
                return -1;
            }
            names[nn++] = ner_xstrdup(e->d_name);
        }
    }
    closedir(d);
    qsort(names, nn, sizeof *names, cmp_str); /* list ids follow file names */
    for (i = 0; i < nn; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(g->names[i], sizeof g->names[i], "%.*s", (int)(strlen(names[i]) - 4), names[i]);
        if (read_list(&b, path, (int)i, err, errlen) != 0) {
            size_t k;
            for (k = 0; k < nn; k++) free(names[k]);
            free(b.h);
            free(b.mask);
            free(b.p);
            free(b.w);
            free(b.wmask);
            return -1;
        }
    }
    for (i = 0; i < nn; i++) free(names[i]);
    g->nlists = (uint32_t)nn;
    g->maxbytes = b.maxbytes;
    /* open addressing, at most two thirds full (the loader accepts 3/4) */
    g->keysize = 16;
    while (g->keysize < b.n + b.n / 2 + 2) g->keysize *= 2;
    g->prefsize = 16;
    while (g->prefsize < b.np + b.np / 2 + 2) g->prefsize *= 2;
    g->keys = ner_xcalloc(g->keysize, sizeof *g->keys);
    g->pref = ner_xcalloc(g->prefsize, sizeof *g->pref);
    for (i = 0; i < b.n; i++) {
        size_t m = g->keysize - 1, s = (size_t)(b.h[i] >> GZ_MASK_BITS) & m;
        uint64_t want = b.h[i] & ~GZ_MASK;
        while (g->keys[s] && (g->keys[s] & ~GZ_MASK) != want) s = (s + 1) & m;
        if (!g->keys[s])
            g->nnames++;
        g->keys[s] = want | (g->keys[s] & GZ_MASK) | b.mask[i];
    }
    for (i = 0; i < b.np; i++) {
        size_t m = g->prefsize - 1, s = (size_t)b.p[i] & m;
        uint32_t v = pref_val(b.p[i]);
        while (g->pref[s] && g->pref[s] != v) s = (s + 1) & m;
        g->pref[s] = v;
    }
    g->wordsize = 16;
    while (g->wordsize < b.nw + b.nw / 2 + 2) g->wordsize *= 2;
    g->words = ner_xcalloc(g->wordsize, sizeof *g->words);
    for (i = 0; i < b.nw; i++) {
        const uint64_t low = (1ULL << NER_GZ_WORD_BITS) - 1;
        size_t m = g->wordsize - 1, s = (size_t)(b.w[i] >> NER_GZ_WORD_BITS) & m;
        uint64_t want = b.w[i] & ~low;
        while (g->words[s] && (g->words[s] & ~low) != want) s = (s + 1) & m;
        g->words[s] = want | (g->words[s] & low) | b.wmask[i];
    }
    free(b.h);
    free(b.mask);
    free(b.p);
    free(b.w);
    free(b.wmask);
    return 0;
}

/* ---- matching ------------------------------------------------------------- */

#define GZ_MAX_TOKENS 8

void ner_gz_codes(const ner_gzlists *g, const ner_str *tok, size_t n, uint64_t *codes)
{
    size_t i, covered[NER_GZ_MAXLISTS];
    uint32_t k;
    for (i = 0; i < n; i++) codes[i] = 0;
    if (!g || !g->nlists)
        return;
    for (k = 0; k < g->nlists; k++) covered[k] = 0;
    for (i = 0; i < n; i++) {
        unsigned char c0 = tok[i].n ? (unsigned char)tok[i].p[0] : 0;
        size_t j, best[NER_GZ_MAXLISTS] = {0}, bytes = 0;
        uint64_t h = GZ_FNV_INIT;
        uint32_t any = 0;
        if (!((c0 >= 'A' && c0 <= 'Z') || c0 >= 0x80))
            continue;
        for (j = i; j < n && j - i < GZ_MAX_TOKENS; j++) {
            uint64_t f;
            uint32_t mask;
            bytes += tok[j].n;
            if (bytes > g->maxbytes)
                break;
            h = gz_roll(h, tok[j].p, tok[j].n);
            f = ner_fmix64(h);
            if (j == i)
                codes[i] |= (uint64_t)word_mask(g, f) << NER_GZ_FW_SHIFT;
            if (!pref_has(g, f))
                break;
            mask = key_mask(g, f);
            for (k = 0; mask >> k; k++)
                if (mask >> k & 1)
                    best[k] = j + 1;
            any |= mask;
        }
        for (k = 0; any >> k; k++) {
            size_t e, t;
            if (!(any >> k & 1) || i < covered[k])
                continue;
            e = best[k];
            for (t = i; t < e; t++) {
                uint32_t part = e - i == 1   ? NER_PART_U
                                : t == i     ? NER_PART_B
                                : t + 1 == e ? NER_PART_L
                                             : NER_PART_I;
                codes[t] |= (uint64_t)(part + 1) << (3 * k);
            }
            covered[k] = e;
        }
    }
}
