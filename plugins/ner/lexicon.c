/* lexicon.c - the word table: word strings with their cluster paths.
 *
 * Training fills it from the clusters file and the training vocabulary; it
 * is written into the model, and the tagger uses it both to find a word's
 * cluster and to find the word's precomputed feature weights. One string
 * pool plus parallel arrays and an open-addressing table of ids, so a
 * lookup is one hash and (usually) one string compare. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

#define LEX_SEED 0x5bd1e9955bd1e995ULL

void ner_lexicon_init(ner_lexicon *lx) { memset(lx, 0, sizeof *lx); }

void ner_lexicon_free(ner_lexicon *lx)
{
    free(lx->pool);
    free(lx->off);
    free(lx->len);
    free(lx->cl_bits);
    free(lx->cl_len);
    free(lx->count);
    free(lx->autocls);
    free(lx->tab);
    memset(lx, 0, sizeof *lx);
}

uint64_t ner_lexicon_hash(const char *s, size_t n) { return ner_hash_bytes(s, n, LEX_SEED); }

long ner_lexicon_find(const ner_lexicon *lx, const char *s, size_t n)
{
    return ner_lexicon_find_h(lx, s, n, ner_hash_bytes(s, n, LEX_SEED));
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

void ner_lexicon_prefetch_slot(const ner_lexicon *lx, uint64_t h)
{
    if (lx->tabsize)
        PREFETCH(&lx->tab[h & (lx->tabsize - 1)]);
}

void ner_lexicon_prefetch_entry(const ner_lexicon *lx, uint64_t h)
{
    uint32_t id;
    if (!lx->tabsize)
        return;
    id = lx->tab[h & (lx->tabsize - 1)];
    if (!id)
        return;
    PREFETCH(&lx->len[id - 1]);
    PREFETCH(&lx->off[id - 1]);
}

long ner_lexicon_prefetch_word(const ner_lexicon *lx, uint64_t h)
{
    uint32_t id;
    if (!lx->tabsize)
        return -1;
    id = lx->tab[h & (lx->tabsize - 1)];
    if (!id)
        return -1;
    PREFETCH(lx->pool + lx->off[id - 1]);
    return (long)id - 1;
}

long ner_lexicon_find_h(const ner_lexicon *lx, const char *s, size_t n, uint64_t h)
{
    size_t mask, i;
    if (!lx->tabsize)
        return -1;
    mask = lx->tabsize - 1;
    for (i = h & mask;; i = (i + 1) & mask) {
        uint32_t id = lx->tab[i];
        if (!id)
            return -1;
        id--;
        if (lx->len[id] == n && memcmp(lx->pool + lx->off[id], s, n) == 0)
            return (long)id;
    }
}

static void rehash(ner_lexicon *lx, size_t size)
{
    size_t k, mask = size - 1;
    uint32_t *t = ner_xcalloc(size, sizeof *t);
    for (k = 0; k < lx->n; k++) {
        size_t i = ner_hash_bytes(lx->pool + lx->off[k], lx->len[k], LEX_SEED) & mask;
        while (t[i]) i = (i + 1) & mask;
        t[i] = (uint32_t)k + 1;
    }
    free(lx->tab);
    lx->tab = t;
    lx->tabsize = size;
}

void ner_lexicon_reserve(ner_lexicon *lx, size_t n, size_t pool_bytes)
{
    size_t size = 8192;
    if (n > lx->cap) {
        lx->cap = n;
        lx->off = ner_xrealloc(lx->off, lx->cap * sizeof *lx->off);
        lx->len = ner_xrealloc(lx->len, lx->cap * sizeof *lx->len);
        lx->cl_bits = ner_xrealloc(lx->cl_bits, lx->cap * sizeof *lx->cl_bits);
        lx->cl_len = ner_xrealloc(lx->cl_len, lx->cap * sizeof *lx->cl_len);
        lx->count = ner_xrealloc(lx->count, lx->cap * sizeof *lx->count);
        lx->autocls = ner_xrealloc(lx->autocls, lx->cap * sizeof *lx->autocls);
    }
    if (pool_bytes > lx->pool_cap) {
        lx->pool_cap = pool_bytes;
        lx->pool = ner_xrealloc(lx->pool, lx->pool_cap);
    }
    while (size < 2 * n + 2) size *= 2;
    if (size > lx->tabsize)
        rehash(lx, size);
}

long ner_lexicon_add(ner_lexicon *lx, const char *s, size_t n, uint32_t cl_bits, uint32_t cl_len)
{
    long id = ner_lexicon_find(lx, s, n);
    if (id >= 0)
        return id;
    if (lx->n == lx->cap) {
        lx->cap = lx->cap ? lx->cap * 2 : 4096;
        lx->off = ner_xrealloc(lx->off, lx->cap * sizeof *lx->off);
        lx->len = ner_xrealloc(lx->len, lx->cap * sizeof *lx->len);
        lx->cl_bits = ner_xrealloc(lx->cl_bits, lx->cap * sizeof *lx->cl_bits);
        lx->cl_len = ner_xrealloc(lx->cl_len, lx->cap * sizeof *lx->cl_len);
        lx->count = ner_xrealloc(lx->count, lx->cap * sizeof *lx->count);
        lx->autocls = ner_xrealloc(lx->autocls, lx->cap * sizeof *lx->autocls);
    }
    if (lx->pool_len + n + 1 > lx->pool_cap) {
        while (lx->pool_len + n + 1 > lx->pool_cap) lx->pool_cap = lx->pool_cap ? lx->pool_cap * 2 : 65536;
        lx->pool = ner_xrealloc(lx->pool, lx->pool_cap);
    }
    memcpy(lx->pool + lx->pool_len, s, n);
    lx->pool[lx->pool_len + n] = 0;
    lx->off[lx->n] = (uint32_t)lx->pool_len;
    lx->len[lx->n] = (uint32_t)n;
    lx->cl_bits[lx->n] = cl_bits;
    lx->cl_len[lx->n] = cl_len;
    lx->count[lx->n] = 0;
    lx->autocls[lx->n] = 0;
    lx->pool_len += n + 1;
    lx->n++;
    if (lx->n * 2 > lx->tabsize)
        rehash(lx, lx->tabsize ? lx->tabsize * 2 : 8192);
    else {
        size_t mask = lx->tabsize - 1, i = ner_hash_bytes(s, n, LEX_SEED) & mask;
        while (lx->tab[i]) i = (i + 1) & mask;
        lx->tab[i] = (uint32_t)lx->n;
    }
    return (long)lx->n - 1;
}

void ner_lexicon_cluster(const ner_lexicon *lx, const char *s, size_t n, uint32_t *bits, uint32_t *len)
{
    char buf[64];
    long id = ner_lexicon_find(lx, s, n);
    size_t i;
    *bits = *len = 0;
    if (id >= 0 && lx->cl_len[id]) {
        *bits = lx->cl_bits[id];
        *len = lx->cl_len[id];
        return;
    }
    if (n == 0 || n > sizeof buf)
        return;
    for (i = 0; i < n; i++) buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    id = ner_lexicon_find(lx, buf, n);
    if (id >= 0 && lx->cl_len[id]) {
        *bits = lx->cl_bits[id];
        *len = lx->cl_len[id];
        return;
    }
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 32);
    id = ner_lexicon_find(lx, buf, n);
    if (id >= 0 && lx->cl_len[id]) {
        *bits = lx->cl_bits[id];
        *len = lx->cl_len[id];
    }
}

int ner_lexicon_load_clusters(ner_lexicon *lx, const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    if (!fp) {
        ner_errf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    while ((n = getline(&line, &cap, fp)) > 0) {
        char *tab1, *tab2, *p;
        uint32_t bits = 0, len = 0;
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (n == 0)
            continue;
        tab1 = strchr(line, '\t');
        if (!tab1) {
            ner_errf(err, errlen, "%s:%zu: expected bits<TAB>word<TAB>count", path, lineno);
            free(line);
            fclose(fp);
            return -1;
        }
        for (p = line; p < tab1; p++) {
            if (*p != '0' && *p != '1') {
                ner_errf(err, errlen, "%s:%zu: cluster path must be 0s and 1s", path, lineno);
                free(line);
                fclose(fp);
                return -1;
            }
            if (len < 32) {
                if (*p == '1')
                    bits |= 1u << (31 - len);
                len++;
            }
        }
        tab2 = strchr(tab1 + 1, '\t');
        if (!tab2)
            tab2 = line + n;
        {
            long id = ner_lexicon_add(lx, tab1 + 1, (size_t)(tab2 - tab1 - 1), bits, len ? len : 1);
            if (*tab2 == '\t')
                lx->count[id] = (uint32_t)strtoul(tab2 + 1, NULL, 10);
        }
    }
    free(line);
    fclose(fp);
    return 0;
}

static uint32_t count_of(const ner_lexicon *lx, const char *s, size_t n)
{
    long id = ner_lexicon_find(lx, s, n);
    return id >= 0 ? lx->count[id] : 0;
}

uint32_t ner_lexicon_caseclass(const ner_lexicon *lx, const char *s, size_t n)
{
    char buf[64];
    size_t i;
    uint32_t nl, nc;
    double f;
    if (n == 0 || n > sizeof buf)
        return 0;
    for (i = 0; i < n; i++) buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    nl = count_of(lx, buf, n);
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 32);
    else
        return 0; /* no case to speak of */
    nc = count_of(lx, buf, n);
    if (nl + nc < 2)
        return 0;
    f = (double)nc / (double)(nl + nc);
    return f < 0.1 ? 1 : f < 0.5 ? 2 : f < 0.9 ? 3 : 4;
}
