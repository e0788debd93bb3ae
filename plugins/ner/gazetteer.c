/* gazetteer.c - newsroom gazetteers: names whose label is forced.
 *
 * An entry's key is its name with all white space removed, so it matches a
 * run of tokens whose texts, concatenated, spell the same bytes, however the
 * tokeniser split the name ("U.S. Steel" = "U.S." + "Steel"). Matching walks
 * each sentence start position and extends token by token, keeping a running
 * hash of the concatenation; a hash hit is confirmed by comparing bytes. The
 * longest match wins; matches never overlap (leftmost first). Entries are
 * kept in one open-addressing table keyed by that hash; a second set holds
 * the hash of every byte prefix of every key, so the walk stops as soon as
 * no entry can start with the bytes seen so far. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

#define GZ_MAX_TOKENS 12

typedef struct {
    uint32_t off, len; /* key bytes in pool */
    int label;         /* 0..3, or -1 for O */
} gz_entry;

struct ner_gazetteer {
    char *pool;
    size_t pool_len;
    gz_entry *e;
    size_t n;
    uint64_t *keyhash; /* table of entry key hashes (0 = empty) */
    uint32_t *keyidx;
    uint64_t *prefhash; /* set of all key prefix hashes */
    size_t tabsize, preftabsize;
    size_t maxlen;
};

/* Rolling hash over concatenated bytes: h' = (h ^ byte) * P, 64-bit. The
 * same function over a key and over a token concatenation gives the same
 * value, whatever the split. */
static uint64_t roll(uint64_t h, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return h;
}
#define ROLL_INIT 0xcbf29ce484222325ULL

static uint64_t nz(uint64_t h) { return h ? h : 1; }

static void set_insert(uint64_t *tab, size_t size, uint64_t h)
{
    size_t i = (size_t)(ner_fmix64(h)) & (size - 1);
    h = nz(h);
    while (tab[i] && tab[i] != h) i = (i + 1) & (size - 1);
    tab[i] = h;
}

static int set_has(const uint64_t *tab, size_t size, uint64_t h)
{
    size_t i = (size_t)(ner_fmix64(h)) & (size - 1);
    h = nz(h);
    while (tab[i]) {
        if (tab[i] == h)
            return 1;
        i = (i + 1) & (size - 1);
    }
    return 0;
}

void ner_gazetteer_free(ner_gazetteer *g)
{
    if (!g)
        return;
    free(g->pool);
    free(g->e);
    free(g->keyhash);
    free(g->keyidx);
    free(g->prefhash);
    free(g);
}

size_t ner_gazetteer_size(const ner_gazetteer *g) { return g ? g->n : 0; }

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

ner_gazetteer *ner_gazetteer_load(const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "r");
    ner_gazetteer *g;
    char *line = NULL;
    size_t cap = 0, lineno = 0, ecap = 0, pcap = 0, k;
    ssize_t len;
    if (!fp) {
        ner_errf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    g = calloc(1, sizeof *g);
    if (!g)
        goto oom;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        char *tab, *lab;
        size_t i, kl = 0, llen;
        int label;
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
        if (len == 0 || line[0] == '#')
            continue;
        for (i = 0; i < (size_t)len && is_ws((unsigned char)line[i]); i++) {}
        if (i == (size_t)len)
            continue;
        tab = strrchr(line, '\t');
        if (!tab) {
            ner_errf(err, errlen, "%s:%zu: expected name<TAB>LABEL", path, lineno);
            goto fail;
        }
        lab = tab + 1;
        llen = strlen(lab);
        while (llen && is_ws((unsigned char)lab[llen - 1])) llen--;
        label = ner_label_parse(lab, llen);
        if (label == -2) {
            ner_errf(err, errlen, "%s:%zu: unknown label \"%.*s\" (PER, ORG, LOC, MISC or O)", path, lineno,
                     (int)llen, lab);
            goto fail;
        }
        if (g->n == ecap) {
            gz_entry *ne;
            ecap = ecap ? ecap * 2 : 256;
            ne = realloc(g->e, ecap * sizeof *ne);
            if (!ne)
                goto oom;
            g->e = ne;
        }
        if (g->pool_len + (size_t)(tab - line) + 1 > pcap) {
            char *np;
            while (g->pool_len + (size_t)(tab - line) + 1 > pcap) pcap = pcap ? pcap * 2 : 4096;
            np = realloc(g->pool, pcap);
            if (!np)
                goto oom;
            g->pool = np;
        }
        for (i = 0; line + i < tab; i++)
            if (!is_ws((unsigned char)line[i]))
                g->pool[g->pool_len + kl++] = line[i];
        if (kl == 0) {
            ner_errf(err, errlen, "%s:%zu: empty name", path, lineno);
            goto fail;
        }
        g->e[g->n].off = (uint32_t)g->pool_len;
        g->e[g->n].len = (uint32_t)kl;
        g->e[g->n].label = label;
        g->pool_len += kl;
        if (kl > g->maxlen)
            g->maxlen = kl;
        g->n++;
    }
    free(line);
    line = NULL;
    fclose(fp);
    fp = NULL;
    /* tables */
    g->tabsize = 16;
    while (g->tabsize < 2 * g->n + 2) g->tabsize *= 2;
    g->keyhash = calloc(g->tabsize, sizeof *g->keyhash);
    g->keyidx = calloc(g->tabsize, sizeof *g->keyidx);
    g->preftabsize = 16;
    while (g->preftabsize < 2 * g->pool_len + 2) g->preftabsize *= 2;
    g->prefhash = calloc(g->preftabsize, sizeof *g->prefhash);
    if (!g->keyhash || !g->keyidx || !g->prefhash)
        goto oom;
    for (k = 0; k < g->n; k++) {
        const char *s = g->pool + g->e[k].off;
        uint64_t h = ROLL_INIT;
        size_t i, slot;
        for (i = 0; i < g->e[k].len; i++) {
            h = roll(h, s + i, 1);
            set_insert(g->prefhash, g->preftabsize, h);
        }
        /* later lines override earlier ones for the same key */
        slot = (size_t)ner_fmix64(h) & (g->tabsize - 1);
        while (g->keyhash[slot]) {
            const gz_entry *o = &g->e[g->keyidx[slot]];
            if (g->keyhash[slot] == nz(h) && o->len == g->e[k].len && memcmp(g->pool + o->off, s, o->len) == 0)
                break;
            slot = (slot + 1) & (g->tabsize - 1);
        }
        g->keyhash[slot] = nz(h);
        g->keyidx[slot] = (uint32_t)k;
    }
    return g;
oom:
    ner_errf(err, errlen, "%s: out of memory", path);
fail:
    free(line);
    if (fp)
        fclose(fp);
    ner_gazetteer_free(g);
    return NULL;
}

/* Entry whose key is the concatenation of tokens [i, j), or NULL. */
static const gz_entry *lookup(const ner_gazetteer *g, uint64_t h, const char *text, const ner_range *tokens,
                              size_t i, size_t j, size_t total)
{
    size_t slot = (size_t)ner_fmix64(h) & (g->tabsize - 1);
    while (g->keyhash[slot]) {
        if (g->keyhash[slot] == nz(h)) {
            const gz_entry *e = &g->e[g->keyidx[slot]];
            if (e->len == total) {
                const char *k = g->pool + e->off;
                size_t t, pos = 0;
                for (t = i; t < j; t++) {
                    size_t l = tokens[t].end - tokens[t].start;
                    if (memcmp(k + pos, text + tokens[t].start, l) != 0)
                        break;
                    pos += l;
                }
                if (t == j)
                    return e;
            }
        }
        slot = (slot + 1) & (g->tabsize - 1);
    }
    return NULL;
}

size_t ner_gazetteer_apply(const ner_gazetteer *g, const char *text, const ner_range *tokens,
                           const ner_range *sents, size_t nsent, uint32_t *mask, uint8_t *forced)
{
    size_t s, matches = 0;
    if (!g || g->n == 0)
        return 0;
    for (s = 0; s < nsent; s++) {
        size_t i = sents[s].start, end = sents[s].end;
        while (i < end) {
            uint64_t h = ROLL_INIT;
            size_t j, total = 0, best_j = 0;
            const gz_entry *best = NULL;
            for (j = i; j < end && j - i < GZ_MAX_TOKENS; j++) {
                size_t l = tokens[j].end - tokens[j].start;
                const gz_entry *e;
                total += l;
                if (total > g->maxlen)
                    break;
                h = roll(h, text + tokens[j].start, l);
                if (!set_has(g->prefhash, g->preftabsize, h))
                    break;
                e = lookup(g, h, text, tokens, i, j + 1, total);
                if (e) {
                    best = e;
                    best_j = j + 1;
                }
            }
            if (!best) {
                i++;
                continue;
            }
            for (j = i; j < best_j; j++) {
                if (best->label < 0) {
                    mask[j] = 1u; /* O only */
                } else {
                    int part = best_j - i == 1   ? NER_PART_U
                               : j == i          ? NER_PART_B
                               : j + 1 == best_j ? NER_PART_L
                                                 : NER_PART_I;
                    mask[j] = 1u << NER_LABEL(best->label, part);
                    forced[j] = 1;
                }
            }
            matches++;
            i = best_j;
        }
    }
    return matches;
}
