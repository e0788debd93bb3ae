/*
 * select.c - scores the analysed sentences with the model and picks the
 * summary: best first, under the sentence and word budgets, skipping a
 * sentence that shares a word trigram with one already chosen (trigram
 * blocking, as in BertSumExt: in news the same fact often comes twice, in
 * the lead and again in a picture caption).
 */
#include <stdlib.h>
#include <string.h>

#include "summ_internal.h"

typedef struct ranked {
    double score;
    size_t sentence;
} ranked;

/* Best score first; ties go to the earlier sentence. */
static int ranked_cmp(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->sentence < y->sentence ? -1 : x->sentence > y->sentence;
}

static int pick_cmp(const void *a, const void *b)
{
    size_t x = ((const summ_pick *)a)->sentence, y = ((const summ_pick *)b)->sentence;
    return x < y ? -1 : x > y;
}

/* Trigrams of word types: an open-addressing set, 0 = empty. */
typedef struct triset {
    uint64_t *keys;
    size_t mask;
} triset;

static uint64_t trigram_key(uint32_t a, uint32_t b, uint32_t c)
{
    uint64_t k = ((uint64_t)a * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)b * 0xC2B2AE3D27D4EB4FULL) ^
                 ((uint64_t)c * 0x165667B19E3779F9ULL + 0x27D4EB2F165667C5ULL);
    return k ? k : 1;
}

static int has_trigram(const triset *set, uint64_t key)
{
    for (size_t i = summ__slot(key, set->mask);; i = (i + 1) & set->mask) {
        if (set->keys[i] == key)
            return 1;
        if (set->keys[i] == 0)
            return 0;
    }
}

static void add_trigram(triset *set, uint64_t key)
{
    size_t i = summ__slot(key, set->mask);
    while (set->keys[i] && set->keys[i] != key) i = (i + 1) & set->mask;
    set->keys[i] = key;
}

/* Walks the word trigrams of sentence s: with add == 0 returns 1 at the
 * first one already in the set; with add != 0 adds them all. */
static int trigrams(const summ_doc *d, size_t s, triset *set, int add)
{
    const doc_sent *ds = &d->sents[s];
    uint32_t w[3] = {0, 0, 0};
    size_t n = 0;
    for (size_t i = ds->tok0; i < ds->tok0 + ds->ntok; i++) {
        if (!d->toks[i].word)
            continue;
        w[0] = w[1];
        w[1] = w[2];
        w[2] = d->toks[i].type;
        if (++n < 3)
            continue;
        uint64_t key = trigram_key(w[0], w[1], w[2]);
        if (add)
            add_trigram(set, key);
        else if (has_trigram(set, key))
            return 1;
    }
    return 0;
}

static double sentence_score(const summ_model *m, const summ_doc *d, size_t s)
{
    const double *f = d->feat + s * SUMM_NFEAT;
    double z = d->lex[s];
    for (size_t k = 0; k < SUMM_NFEAT; k++) z += m->dense[k] * f[k];
    return z;
}

size_t summ_select(const summ_model *m, const summ_opts *o, const summ_input *in, summ_alloc_fn alloc, void *actx,
                   summ_pick *out)
{
    summ_opts dflt = SUMM_OPTS_DEFAULT;
    if (!o)
        o = &dflt;
    size_t max_sent = o->sentences, budget = o->words;
    if (!max_sent && !budget)
        max_sent = dflt.sentences;
    if (!in->nsentences)
        return 0;

    summ_doc d;
    summ__analyse(m, in, alloc, actx, &d);
    size_t S = d.nsent;

    /* Who may be chosen: the length limits, dropped when nobody meets them. */
    size_t lo = o->min_words, hi = o->max_words ? o->max_words : (size_t)-1;
    size_t eligible = 0, any = 0;
    for (size_t s = 0; s < S; s++) {
        eligible += d.sents[s].words >= lo && d.sents[s].words <= hi;
        any += d.sents[s].words > 0;
    }
    if (!any)
        return 0;
    if (!eligible) {
        lo = 1;
        hi = (size_t)-1;
    }

    ranked *r = alloc(actx, S * sizeof *r);
    size_t nr = 0;
    for (size_t s = 0; s < S; s++)
        if (d.sents[s].words >= lo && d.sents[s].words <= hi)
            r[nr++] = (ranked){sentence_score(m, &d, s), s};
    qsort(r, nr, sizeof *r, ranked_cmp);

    triset set = {NULL, 0};
    if (o->redundancy == SUMM_REDUNDANCY_TRIGRAM) {
        size_t cap = 16;
        while (cap < 2 * d.ntok + 2) cap <<= 1;
        set.keys = alloc(actx, cap * sizeof *set.keys);
        memset(set.keys, 0, cap * sizeof *set.keys);
        set.mask = cap - 1;
    }

    size_t k = 0, used = 0;
    for (size_t i = 0; i < nr; i++) {
        if (max_sent && k == max_sent)
            break;
        size_t s = r[i].sentence, w = d.sents[s].words;
        if (budget && k > 0 && used + w > budget)
            continue;
        if (set.keys && trigrams(&d, s, &set, 0))
            continue;
        if (set.keys)
            trigrams(&d, s, &set, 1);
        out[k] = (summ_pick){s, (unsigned)(k + 1), r[i].score};
        k++;
        used += w;
        if (budget && used >= budget)
            break;
    }
    qsort(out, k, sizeof *out, pick_cmp);
    return k;
}

int summ_features(const summ_model *m, const summ_input *in, summ_alloc_fn alloc, void *actx, summ_feature_fn fn,
                  void *ctx)
{
    summ_doc d;
    summ__analyse(m, in, alloc, actx, &d);
    size_t maxtok = 0;
    for (size_t s = 0; s < d.nsent; s++)
        if (d.sents[s].ntok > maxtok)
            maxtok = d.sents[s].ntok;
    const char **toks = alloc(actx, (maxtok ? maxtok : 1) * sizeof *toks);
    for (size_t s = 0; s < d.nsent; s++) {
        const doc_sent *ds = &d.sents[s];
        for (size_t i = 0; i < ds->ntok; i++) {
            const doc_tok *t = &d.toks[ds->tok0 + i];
            size_t n = t->end - t->begin;
            char *c = alloc(actx, n + 1);
            for (size_t j = 0; j < n; j++) {
                char x = in->text[t->begin + j];
                c[j] = x >= 'A' && x <= 'Z' ? (char)(x + 32) : x;
            }
            c[n] = 0;
            toks[i] = c;
        }
        int rc = fn(ctx, s, d.feat + s * SUMM_NFEAT, ds->words, toks, ds->ntok, d.wvalue[s]);
        if (rc)
            return rc;
    }
    return 0;
}
