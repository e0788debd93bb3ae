/* autolex.c - what a first model says about words in unlabelled news text.
 *
 * A pass-1 model tags a large unlabelled corpus (tokenised text, one
 * sentence per line); for every word type seen at least AUTO_MIN times we
 * keep the label class it got most often (O, PER, ORG, LOC, MISC) and how
 * consistently. That becomes a static feature ("self-labelled gazetteer"),
 * which carries knowledge from millions of words of news to words that are
 * rare or absent in the labelled data.
 *
 * A model cannot be allowed to judge words it has memorised: for training
 * sentences of jackknife fold k, the classes come from the model trained
 * without fold k (see train.c); the shipped lexicon gets the classes of the
 * model trained on everything.
 *
 * Speed: per word type and window offset the summed static-feature weights
 * are computed once per model, so tagging costs five vector adds plus the
 * dynamic features per token. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_autolex.h"

#define NL NER_NLABELS
#define AUTO_MIN 3
#define BREAK 0xffffffffu

struct ner_ucorpus {
    ner_lexicon vocab; /* word types of the text (cluster fields unused) */
    ner_tokinfo *ti;   /* per type */
    uint32_t *seq;     /* type ids; BREAK between sentences */
    size_t nseq, ntok, maxlen;
    uint32_t *roff, *rows; /* static rows of (type, offset): rows[roff[i] .. roff[i+1]) */
    uint32_t bits;
    uint64_t *gzc; /* per seq position: name-list codes, or NULL */
};

ner_ucorpus *ner_ucorpus_read(const char *path, const ner_lexicon *lx, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "r");
    ner_ucorpus *u;
    char *line = NULL;
    size_t cap = 0, seqcap = 1 << 20, len_cur = 0;
    ssize_t len;
    size_t k;
    if (!fp) {
        ner_errf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    u = ner_xcalloc(1, sizeof *u);
    ner_lexicon_init(&u->vocab);
    u->seq = ner_xmalloc(seqcap * sizeof *u->seq);
    while ((len = getline(&line, &cap, fp)) > 0) {
        char *p = line, *e = line + len;
        len_cur = 0;
        while (p < e) {
            char *q;
            while (p < e && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
            if (p >= e)
                break;
            q = p;
            while (q < e && *q != ' ' && *q != '\n' && *q != '\r' && *q != '\t') q++;
            if (u->nseq + 2 > seqcap) {
                seqcap *= 2;
                u->seq = ner_xrealloc(u->seq, seqcap * sizeof *u->seq);
            }
            u->seq[u->nseq++] = (uint32_t)ner_lexicon_add(&u->vocab, p, (size_t)(q - p), 0, 0);
            u->ntok++;
            len_cur++;
            p = q;
        }
        if (len_cur > u->maxlen)
            u->maxlen = len_cur;
        if (len_cur)
            u->seq[u->nseq++] = BREAK;
    }
    free(line);
    fclose(fp);
    u->ti = ner_xmalloc((u->vocab.n + 1) * sizeof *u->ti);
    for (k = 0; k < u->vocab.n; k++) {
        const char *s = u->vocab.pool + u->vocab.off[k];
        size_t n = u->vocab.len[k];
        uint32_t b, l;
        ner_lexicon_cluster(lx, s, n, &b, &l);
        ner_tokinfo_make(&u->ti[k], s, n, b, l);
        u->ti[k].casecls = ner_lexicon_caseclass(lx, s, n);
    }
    return u;
}

void ner_ucorpus_free(ner_ucorpus *u)
{
    if (!u)
        return;
    ner_lexicon_free(&u->vocab);
    free(u->ti);
    free(u->seq);
    free(u->roff);
    free(u->rows);
    free(u->gzc);
    free(u);
}

size_t ner_ucorpus_ntypes(const ner_ucorpus *u) { return u->vocab.n; }
size_t ner_ucorpus_ntokens(const ner_ucorpus *u) { return u->ntok; }

long ner_ucorpus_find(const ner_ucorpus *u, const char *s, size_t n) { return ner_lexicon_find(&u->vocab, s, n); }

/* Static feature rows per (type, offset), for `bits`. The autocls feature
 * is left out: the models that label the text never have it. */
void ner_ucorpus_prepare(ner_ucorpus *u, uint32_t bits, const ner_gzlists *gz)
{
    size_t k, n = 0, cap = u->vocab.n * 40 + 64;
    uint64_t f[NER_MAX_STATIC];
    u->bits = bits;
    free(u->roff);
    free(u->rows);
    u->roff = ner_xmalloc((u->vocab.n * NER_NOFFS + 1) * sizeof *u->roff);
    u->rows = ner_xmalloc(cap * sizeof *u->rows);
    for (k = 0; k < u->vocab.n; k++) {
        ner_tokinfo ti = u->ti[k];
        int o, m, j;
        ti.autocls = 0;
        for (o = -NER_WINDOW; o <= NER_WINDOW; o++) {
            u->roff[k * NER_NOFFS + (size_t)(o + NER_WINDOW)] = (uint32_t)n;
            m = ner_static_feats(&ti, o, f);
            if (n + (size_t)m > cap) {
                cap *= 2;
                u->rows = ner_xrealloc(u->rows, cap * sizeof *u->rows);
            }
            for (j = 0; j < m; j++) u->rows[n++] = ner_row(f[j], bits);
        }
    }
    u->roff[u->vocab.n * NER_NOFFS] = (uint32_t)n;
    free(u->gzc);
    u->gzc = NULL;
    if (gz && gz->nlists) {
        size_t i, start = 0;
        ner_str *str = ner_xmalloc((u->maxlen + 1) * sizeof *str);
        u->gzc = ner_xcalloc(u->nseq + 1, sizeof *u->gzc);
        for (i = 0; i < u->nseq; i++) {
            size_t t;
            if (u->seq[i] != BREAK)
                continue;
            for (t = start; t < i; t++) {
                str[t - start].p = u->vocab.pool + u->vocab.off[u->seq[t]];
                str[t - start].n = u->vocab.len[u->seq[t]];
            }
            ner_gz_codes(gz, str, i - start, u->gzc + start);
            start = i + 1;
        }
        free(str);
    }
}

void ner_ucorpus_classes(const ner_ucorpus *u, const float *w, const float *tr, uint8_t *cls)
{
    size_t V = u->vocab.n, k, i, start;
    float *sums = ner_xmalloc((V * NER_NOFFS + 1) * NL * sizeof *sums);
    float pad[2][NER_NOFFS][NL];
    uint32_t *counts = ner_xcalloc(V * 5 + 5, sizeof *counts);
    float *em = ner_xmalloc((u->maxlen + 1) * NL * sizeof *em);
    float *delta = ner_xmalloc((u->maxlen + 1) * NL * sizeof *delta);
    uint8_t *pred = ner_xmalloc(u->maxlen + 1);
    const ner_dyninfo **dyn = ner_xmalloc((u->maxlen + 1) * sizeof *dyn);
    uint64_t f[NER_MAX_STATIC];
    ner_tokinfo pti;
    int o, y, p, j, m;

    /* summed static weights per (type, offset) and for the padding tokens */
    for (k = 0; k < V * NER_NOFFS; k++) {
        float *s = sums + k * NL;
        uint32_t r;
        for (y = 0; y < NL; y++) s[y] = 0;
        for (r = u->roff[k]; r < u->roff[k + 1]; r++) {
            const float *row = w + (size_t)u->rows[r] * NL;
            for (y = 0; y < NL; y++) s[y] += row[y];
        }
    }
    for (p = 0; p < 2; p++) {
        ner_tokinfo_pad(&pti, p ? 1 : -1);
        for (o = -NER_WINDOW; o <= NER_WINDOW; o++) {
            float *s = pad[p][o + NER_WINDOW];
            for (y = 0; y < NL; y++) s[y] = 0;
            m = ner_static_feats(&pti, o, f);
            for (j = 0; j < m; j++) {
                const float *row = w + (size_t)ner_row(f[j], u->bits) * NL;
                for (y = 0; y < NL; y++) s[y] += row[y];
            }
        }
    }
    /* tag every sentence */
    for (start = 0, i = 0; i < u->nseq; i++) {
        size_t n, t;
        ner_sentctx sc;
        if (u->seq[i] != BREAK)
            continue;
        n = i - start;
        for (t = 0; t < n; t++) dyn[t] = &u->ti[u->seq[start + t]].d;
        ner_sentctx_init(&sc, dyn, n, u->gzc ? u->gzc + start : NULL);
        for (t = 0; t < n; t++) {
            float *e = em + t * NL;
            for (y = 0; y < NL; y++) e[y] = 0;
            for (o = -NER_WINDOW; o <= NER_WINDOW; o++) {
                long q = (long)t + o;
                const float *s =
                    q < 0 ? pad[0][o + NER_WINDOW]
                    : q >= (long)n
                        ? pad[1][o + NER_WINDOW]
                        : sums + ((size_t)u->seq[start + (size_t)q] * NER_NOFFS + (size_t)(o + NER_WINDOW)) * NL;
                for (y = 0; y < NL; y++) e[y] += s[y];
            }
            m = ner_dyn_feats(&sc, t, f);
            for (j = 0; j < m; j++) {
                const float *row = w + (size_t)ner_row(f[j], u->bits) * NL;
                for (y = 0; y < NL; y++) e[y] += row[y];
            }
        }
        ner_viterbi(em, n, tr, tr + NL * NL, tr + NL * NL + NL, NULL, delta, pred);
        for (t = 0; t < n; t++) {
            int c = pred[t] ? 1 + NER_LABEL_TYPE(pred[t]) : 0;
            counts[(size_t)u->seq[start + t] * 5 + (size_t)c]++;
        }
        start = i + 1;
    }
    for (k = 0; k < V; k++) {
        const uint32_t *c = counts + k * 5;
        uint32_t tot = 0, best = 0;
        int bc = 0;
        for (j = 0; j < 5; j++) {
            tot += c[j];
            if (c[j] > best)
                best = c[j], bc = j;
        }
        if (tot < AUTO_MIN) {
            cls[k] = 0;
        } else {
            double frac = (double)best / tot;
            int bucket = frac >= 0.9 ? 2 : frac >= 0.6 ? 1 : 0;
            cls[k] = (uint8_t)(1 + bc * 3 + bucket);
        }
    }
    free(sums);
    free(counts);
    free(em);
    free(delta);
    free(pred);
    free(dyn);
}
