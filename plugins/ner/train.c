/* train.c - training: averaged structured perceptron, two passes.
 *
 *   pass 1: local features (static window features + dynamic features);
 *   pass 2: the same plus document features computed from pass-1 labels.
 * Pass 2 must learn from pass-1 labels as good (and as bad) as they will be
 * on new text, so the training set's pass-1 labels come from K-fold
 * jackknifing: for each fold, a pass-1 model trained on the other folds
 * labels it. The shipped pass-1 model is then trained on everything.
 *
 * Learning is Collins' perceptron with weight averaging (the "lazy" form:
 * w_avg = w - u/c, where u accumulates c * update), sentence order shuffled
 * each epoch by a seeded generator, so a run is deterministic for a seed.
 * Features are hashed to 2^bits rows of NER_NLABELS floats. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ner_autolex.h"

/* ---- features of a corpus ------------------------------------------------- */

typedef struct {
    ner_corpus c;
    ner_tokinfo *ti;
    const ner_dyninfo **dyn; /* per token, pointers into ti */
    uint32_t *foff, *frows;  /* pass-1 rows of token t: frows[foff[t] .. foff[t+1]) */
    uint32_t *doff, *drows;  /* pass-2 extra rows */
    size_t dcap;
    uint8_t *p1;   /* pass-1 labels used for document features */
    uint64_t *gzc; /* per token: name-list codes, or NULL */
} fcorpus;

/* Name-list codes of every sentence. */
static void fc_gazetteer(fcorpus *fc, const ner_gzlists *gz)
{
    size_t s, t;
    ner_str *str = ner_xmalloc((fc->c.ntok + 1) * sizeof *str);
    fc->gzc = ner_xcalloc(fc->c.ntok + 1, sizeof *fc->gzc);
    for (t = 0; t < fc->c.ntok; t++) {
        str[t].p = fc->c.pool + fc->c.tok_off[t];
        str[t].n = fc->c.tok_len[t];
    }
    for (s = 0; s < fc->c.nsent; s++) {
        size_t a = fc->c.sent_start[s], b = fc->c.sent_start[s + 1];
        ner_gz_codes(gz, str + a, b - a, fc->gzc + a);
    }
    free(str);
}

static void fc_tokinfo(fcorpus *fc, const ner_lexicon *lx)
{
    size_t t;
    fc->ti = ner_xmalloc((fc->c.ntok + 1) * sizeof *fc->ti);
    fc->dyn = ner_xmalloc((fc->c.ntok + 1) * sizeof *fc->dyn);
    for (t = 0; t < fc->c.ntok; t++) {
        uint32_t bits, len;
        const char *s = fc->c.pool + fc->c.tok_off[t];
        ner_lexicon_cluster(lx, s, fc->c.tok_len[t], &bits, &len);
        ner_tokinfo_make(&fc->ti[t], s, fc->c.tok_len[t], bits, len);
        fc->ti[t].casecls = ner_lexicon_caseclass(lx, s, fc->c.tok_len[t]);
        fc->dyn[t] = &fc->ti[t].d;
    }
}

static void fc_features(fcorpus *fc, uint32_t bits)
{
    size_t s, cap = fc->c.ntok * 48 + 1024, n = 0;
    ner_tokinfo pad[2];
    uint64_t buf[NER_MAX_STATIC > NER_MAX_DYN ? NER_MAX_STATIC : NER_MAX_DYN];
    ner_tokinfo_pad(&pad[0], -1);
    ner_tokinfo_pad(&pad[1], 1);
    fc->foff = ner_xmalloc((fc->c.ntok + 1) * sizeof *fc->foff);
    fc->frows = ner_xmalloc(cap * sizeof *fc->frows);
    for (s = 0; s < fc->c.nsent; s++) {
        size_t a = fc->c.sent_start[s], b = fc->c.sent_start[s + 1], t;
        ner_sentctx sc;
        ner_sentctx_init(&sc, fc->dyn + a, b - a, fc->gzc ? fc->gzc + a : NULL);
        for (t = a; t < b; t++) {
            int o, k, m;
            fc->foff[t] = (uint32_t)n;
            if (n + NER_NOFFS * NER_MAX_STATIC + NER_MAX_DYN > cap) {
                cap *= 2;
                fc->frows = ner_xrealloc(fc->frows, cap * sizeof *fc->frows);
            }
            for (o = -NER_WINDOW; o <= NER_WINDOW; o++) {
                long u = (long)t + o;
                const ner_tokinfo *ti = u < (long)a ? &pad[0] : u >= (long)b ? &pad[1] : &fc->ti[u];
                m = ner_static_feats(ti, o, buf);
                for (k = 0; k < m; k++) fc->frows[n++] = ner_row(buf[k], bits);
            }
            m = ner_dyn_feats(&sc, t - a, buf);
            for (k = 0; k < m; k++) fc->frows[n++] = ner_row(buf[k], bits);
        }
    }
    fc->foff[fc->c.ntok] = (uint32_t)n;
}

/* Document features from fc->p1. */
static void fc_docfeatures(fcorpus *fc, uint32_t bits)
{
    size_t d, n = 0, maxdoc = 0;
    uint32_t *counts, *tvals, *acc, *slot;
    uint64_t *tkeys, buf[NER_MAX_DOC];
    size_t tsize = 16;
    for (d = 0; d < fc->c.ndoc; d++) {
        size_t nt = fc->c.sent_start[fc->c.doc_start[d + 1]] - fc->c.sent_start[fc->c.doc_start[d]];
        if (nt > maxdoc)
            maxdoc = nt;
    }
    while (tsize < 2 * maxdoc) tsize *= 2;
    counts = ner_xmalloc((maxdoc + 1) * NER_DOC_NC * sizeof *counts);
    acc = ner_xmalloc((maxdoc + 1) * NER_DOC_ACC * sizeof *acc);
    slot = ner_xmalloc((maxdoc + 1) * sizeof *slot);
    tkeys = ner_xmalloc(tsize * sizeof *tkeys);
    tvals = ner_xmalloc(tsize * sizeof *tvals);
    if (!fc->doff) {
        fc->doff = ner_xmalloc((fc->c.ntok + 1) * sizeof *fc->doff);
        fc->dcap = fc->c.ntok * 8 + 64;
        fc->drows = ner_xmalloc(fc->dcap * sizeof *fc->drows);
    }
    for (d = 0; d < fc->c.ndoc; d++) {
        size_t s0 = fc->c.doc_start[d], s1 = fc->c.doc_start[d + 1], s;
        size_t a = fc->c.sent_start[s0], b = fc->c.sent_start[s1];
        ner_doc_counts(b - a, fc->dyn + a, fc->p1 + a, counts, tkeys, tvals, tsize, acc, slot);
        for (s = s0; s < s1; s++) {
            size_t sa = fc->c.sent_start[s], sb = fc->c.sent_start[s + 1], t;
            ner_sentctx sc;
            ner_sentctx_init(&sc, fc->dyn + sa, sb - sa, NULL);
            for (t = sa; t < sb; t++) {
                int k, m;
                int prev = t > sa ? fc->p1[t - 1] : -1, next = t + 1 < sb ? fc->p1[t + 1] : -1;
                fc->doff[t] = (uint32_t)n;
                if (n + NER_MAX_DOC > fc->dcap) {
                    fc->dcap *= 2;
                    fc->drows = ner_xrealloc(fc->drows, fc->dcap * sizeof *fc->drows);
                }
                m = ner_doc_feats(counts + (t - a) * NER_DOC_NC, fc->dyn + a, b - a, fc->ti[t].d.flags,
                                  t - sa == sc.first, fc->p1[t], prev, next, buf);
                for (k = 0; k < m; k++) fc->drows[n++] = ner_row(buf[k], bits);
            }
        }
    }
    fc->doff[fc->c.ntok] = (uint32_t)n;
    free(counts);
    free(acc);
    free(slot);
    free(tkeys);
    free(tvals);
}

static void fc_free(fcorpus *fc)
{
    ner_corpus_free(&fc->c);
    free(fc->ti);
    free(fc->dyn);
    free(fc->foff);
    free(fc->frows);
    free(fc->doff);
    free(fc->drows);
    free(fc->p1);
    free(fc->gzc);
    memset(fc, 0, sizeof *fc);
}

/* ---- perceptron ------------------------------------------------------------ */

#define NL NER_NLABELS
#define NT (NL * NL + 2 * NL) /* transitions, then start, then end */

typedef struct {
    uint32_t bits;
    size_t rows;
    float *w, *u;
    float t[NT], tu[NT];
    double c;
} percep;

static void pc_init(percep *p, uint32_t bits)
{
    memset(p, 0, sizeof *p);
    p->bits = bits;
    p->rows = (size_t)1 << bits;
    p->w = ner_xcalloc(p->rows * NL, sizeof(float));
    p->u = ner_xcalloc(p->rows * NL, sizeof(float));
    p->c = 1;
}

static void pc_free(percep *p)
{
    free(p->w);
    free(p->u);
    p->w = p->u = NULL;
}

/* Replaces w by the averaged weights (end of training). */
static void pc_average(percep *p)
{
    size_t i;
    float ic = (float)(1.0 / p->c);
    for (i = 0; i < p->rows * NL; i++) p->w[i] -= p->u[i] * ic;
    for (i = 0; i < NT; i++) p->t[i] -= p->tu[i] * ic;
    free(p->u);
    p->u = NULL;
}

static void emissions(const float *w, const fcorpus *fc, int pass2, size_t a, size_t b, float *em)
{
    size_t t;
    for (t = a; t < b; t++) {
        float *e = em + (t - a) * NL;
        uint32_t k;
        int y;
        for (y = 0; y < NL; y++) e[y] = 0;
        for (k = fc->foff[t]; k < fc->foff[t + 1]; k++) {
            const float *r = w + (size_t)fc->frows[k] * NL;
            for (y = 0; y < NL; y++) e[y] += r[y];
        }
        if (pass2)
            for (k = fc->doff[t]; k < fc->doff[t + 1]; k++) {
                const float *r = w + (size_t)fc->drows[k] * NL;
                for (y = 0; y < NL; y++) e[y] += r[y];
            }
    }
}

typedef struct {
    float *em, *delta;
    uint8_t *pred;
} scratch;

static void scratch_init(scratch *s, size_t maxlen)
{
    s->em = ner_xmalloc((maxlen + 1) * NL * sizeof(float));
    s->delta = ner_xmalloc((maxlen + 1) * NL * sizeof(float));
    s->pred = ner_xmalloc(maxlen + 1);
}

static void scratch_free(scratch *s)
{
    free(s->em);
    free(s->delta);
    free(s->pred);
}

static void decode(const float *w, const float *tr, const fcorpus *fc, int pass2, size_t a, size_t b, scratch *sc)
{
    emissions(w, fc, pass2, a, b, sc->em);
    ner_viterbi(sc->em, b - a, tr, tr + NL * NL, tr + NL * NL + NL, NULL, sc->delta, sc->pred);
}

static void upd_rows(percep *p, const uint32_t *rows, size_t n, int good, int bad)
{
    size_t k;
    float cu = (float)p->c;
    for (k = 0; k < n; k++) {
        size_t r = (size_t)rows[k] * NL;
        p->w[r + good] += 1;
        p->u[r + good] += cu;
        p->w[r + bad] -= 1;
        p->u[r + bad] -= cu;
    }
}

static void upd_t(percep *p, size_t i, float v)
{
    p->t[i] += v;
    p->tu[i] += v * (float)p->c;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* One training run. Sentences whose document index satisfies
 * doc % folds != skip_fold take part (skip_fold < 0: all). */
typedef struct {
    const fcorpus *fc;
    int pass2, epochs, folds, skip_fold;
    uint64_t seed;
    uint32_t bits;
    size_t maxlen;
    percep p;
    /* optional per-epoch report on a dev corpus */
    const fcorpus *dev;
    int verbose;
} train_job;

static size_t max_sent_len(const fcorpus *fc)
{
    size_t s, m = 1;
    for (s = 0; s < fc->c.nsent; s++)
        if (fc->c.sent_start[s + 1] - fc->c.sent_start[s] > m)
            m = fc->c.sent_start[s + 1] - fc->c.sent_start[s];
    return m;
}

static double eval_float(const percep *p, const fcorpus *fc, int pass2, int averaged)
{
    ner_score sc;
    scratch scr;
    size_t s;
    float *wavg = NULL, tavg[NT];
    const float *w = p->w, *tr = p->t;
    memset(&sc, 0, sizeof sc);
    if (!averaged) {
        /* average on the fly into a copy */
        size_t i;
        float ic = (float)(1.0 / p->c);
        wavg = ner_xmalloc(p->rows * NL * sizeof(float));
        for (i = 0; i < p->rows * NL; i++) wavg[i] = p->w[i] - p->u[i] * ic;
        for (i = 0; i < NT; i++) tavg[i] = p->t[i] - p->tu[i] * ic;
        w = wavg;
        tr = tavg;
    }
    scratch_init(&scr, max_sent_len(fc));
    for (s = 0; s < fc->c.nsent; s++) {
        size_t a = fc->c.sent_start[s], b = fc->c.sent_start[s + 1];
        if (b == a)
            continue;
        decode(w, tr, fc, pass2, a, b, &scr);
        ner_score_add(&sc, fc->c.gold + a, scr.pred, b - a);
    }
    scratch_free(&scr);
    free(wavg);
    return ner_score_f1(&sc);
}

static void *train_run(void *arg)
{
    train_job *j = arg;
    const fcorpus *fc = j->fc;
    size_t nsent = fc->c.nsent, s, ns = 0, *order = ner_xmalloc(nsent * sizeof *order);
    uint32_t *sdoc = ner_xmalloc(nsent * sizeof *sdoc);
    scratch sc;
    uint64_t rng = j->seed;
    int ep;
    {
        size_t d;
        for (d = 0; d < fc->c.ndoc; d++)
            for (s = fc->c.doc_start[d]; s < fc->c.doc_start[d + 1]; s++) sdoc[s] = (uint32_t)d;
    }
    for (s = 0; s < nsent; s++)
        if (j->skip_fold < 0 || (int)(sdoc[s] % (uint32_t)j->folds) != j->skip_fold)
            order[ns++] = s;
    pc_init(&j->p, j->bits);
    scratch_init(&sc, j->maxlen);
    for (ep = 0; ep < j->epochs; ep++) {
        size_t i, errs = 0;
        for (i = ns; i > 1; i--) { /* Fisher-Yates */
            size_t k = (size_t)(splitmix(&rng) % i), tmp = order[i - 1];
            order[i - 1] = order[k];
            order[k] = tmp;
        }
        for (i = 0; i < ns; i++) {
            size_t a = fc->c.sent_start[order[i]], b = fc->c.sent_start[order[i] + 1], t;
            const uint8_t *g = fc->c.gold + a;
            if (b > a) {
                decode(j->p.w, j->p.t, fc, j->pass2, a, b, &sc);
                if (memcmp(sc.pred, g, b - a) != 0) {
                    errs++;
                    for (t = 0; t < b - a; t++) {
                        if (sc.pred[t] == g[t])
                            continue;
                        upd_rows(&j->p, fc->frows + fc->foff[a + t], fc->foff[a + t + 1] - fc->foff[a + t], g[t],
                                 sc.pred[t]);
                        if (j->pass2)
                            upd_rows(&j->p, fc->drows + fc->doff[a + t], fc->doff[a + t + 1] - fc->doff[a + t],
                                     g[t], sc.pred[t]);
                    }
                    for (t = 0; t < b - a; t++) {
                        int gp = t ? g[t - 1] : -1, pp = t ? sc.pred[t - 1] : -1;
                        if (gp == pp && g[t] == sc.pred[t])
                            continue;
                        if (t == 0) {
                            upd_t(&j->p, NL * NL + g[0], 1);
                            upd_t(&j->p, NL * NL + sc.pred[0], -1);
                        } else {
                            upd_t(&j->p, (size_t)gp * NL + g[t], 1);
                            upd_t(&j->p, (size_t)pp * NL + sc.pred[t], -1);
                        }
                    }
                    if (g[b - a - 1] != sc.pred[b - a - 1]) {
                        upd_t(&j->p, NL * NL + NL + g[b - a - 1], 1);
                        upd_t(&j->p, NL * NL + NL + sc.pred[b - a - 1], -1);
                    }
                }
            }
            j->p.c += 1;
        }
        if (j->verbose) {
            if (j->dev)
                fprintf(stderr, "  pass %d epoch %d: %zu/%zu sentences wrong; dev F1 %.2f\n", j->pass2 + 1, ep + 1,
                        errs, ns, eval_float(&j->p, j->dev, j->pass2, 0));
            else
                fprintf(stderr, "  pass %d epoch %d: %zu/%zu sentences wrong\n", j->pass2 + 1, ep + 1, errs, ns);
        }
    }
    pc_average(&j->p);
    scratch_free(&sc);
    free(order);
    free(sdoc);
    return NULL;
}

/* Confidence calibration: Brier score of predicted entities' span
 * probabilities at each temperature of TAU_GRID. */
static const float TAU_GRID[] = {2, 3, 4, 6, 8, 11, 15, 20, 27, 36, 48};
#define NTAU (sizeof TAU_GRID / sizeof TAU_GRID[0])

typedef struct {
    double brier[NTAU];
    long n;
} calib;

static void calib_add(calib *cb, const float *tr, const float *em, size_t n, const uint8_t *pred, const uint8_t *gold)
{
    size_t g, t;
    float *alpha = ner_xmalloc(n * NL * sizeof(float)), *beta = ner_xmalloc(n * NL * sizeof(float));
    float *x = ner_xmalloc(n * NL * sizeof(float)), *scale = ner_xmalloc(n * sizeof(float));
    int any = 0;
    for (t = 0; t < n; t++) any |= pred[t] != 0;
    if (any) {
        for (g = 0; g < NTAU; g++) {
            float et[NL * NL], es[NL], ee[NL], mt = -1e30f, ms = -1e30f, me = -1e30f;
            int a, b;
            for (a = 0; a < NL; a++) {
                for (b = 0; b < NL; b++)
                    if (ner_trans_allowed(a, b) && tr[a * NL + b] > mt)
                        mt = tr[a * NL + b];
                if (ner_start_allowed(a) && tr[NL * NL + a] > ms)
                    ms = tr[NL * NL + a];
                if (ner_end_allowed(a) && tr[NL * NL + NL + a] > me)
                    me = tr[NL * NL + NL + a];
            }
            for (a = 0; a < NL; a++) {
                for (b = 0; b < NL; b++)
                    et[a * NL + b] = ner_trans_allowed(a, b) ? expf(fmaxf((tr[a * NL + b] - mt) / TAU_GRID[g], -80))
                                                             : 0;
                es[a] = ner_start_allowed(a) ? expf(fmaxf((tr[NL * NL + a] - ms) / TAU_GRID[g], -80)) : 0;
                ee[a] = ner_end_allowed(a) ? expf(fmaxf((tr[NL * NL + NL + a] - me) / TAU_GRID[g], -80)) : 0;
            }
            ner_forward_backward(em, n, et, es, ee, NULL, TAU_GRID[g], alpha, beta, scale, x);
            for (t = 0; t < n;) {
                size_t e = t, k;
                int ok = 1;
                float pr;
                if (!pred[t]) {
                    t++;
                    continue;
                }
                if (NER_LABEL_PART(pred[t]) == NER_PART_B)
                    while (e + 1 < n && NER_LABEL_PART(pred[e]) != NER_PART_L) e++;
                for (k = t; k <= e; k++) ok &= pred[k] == gold[k];
                pr = ner_span_prob(alpha, beta, scale, x, et, pred, t, e);
                cb->brier[g] += (pr - ok) * (pr - ok);
                if (g == 0)
                    cb->n++;
                t = e + 1;
            }
        }
    }
    free(alpha);
    free(beta);
    free(x);
    free(scale);
}

/* Pass-1 labels of the sentences of fold k (or all when k < 0). */
static void predict_into(const percep *p, const fcorpus *fc, int pass2, int folds, int k, uint8_t *out, calib *cb)
{
    size_t d, s;
    scratch sc;
    scratch_init(&sc, max_sent_len(fc));
    for (d = 0; d < fc->c.ndoc; d++) {
        if (k >= 0 && (int)(d % (size_t)folds) != k)
            continue;
        for (s = fc->c.doc_start[d]; s < fc->c.doc_start[d + 1]; s++) {
            size_t a = fc->c.sent_start[s], b = fc->c.sent_start[s + 1];
            if (b == a)
                continue;
            decode(p->w, p->t, fc, pass2, a, b, &sc);
            memcpy(out + a, sc.pred, b - a);
            if (cb)
                calib_add(cb, p->t, sc.em, b - a, sc.pred, fc->c.gold + a);
        }
    }
    scratch_free(&sc);
}

/* Runs jobs in batches of `threads` threads. */
static void run_jobs(train_job *jobs, int njobs, int threads, double t0, const char *what);

/* Averages the weights of n trained jobs into the first; returns it. The
 * others are freed. Perceptrons trained on different orders of the same
 * data make different mistakes; their mean has lower variance. */
static percep *average_models(train_job *jobs, int n)
{
    percep *d = &jobs[0].p;
    int k;
    size_t i;
    for (k = 1; k < n; k++) {
        for (i = 0; i < d->rows * NL; i++) d->w[i] += jobs[k].p.w[i];
        for (i = 0; i < NT; i++) d->t[i] += jobs[k].p.t[i];
        pc_free(&jobs[k].p);
    }
    if (n > 1) {
        for (i = 0; i < d->rows * NL; i++) d->w[i] /= (float)n;
        for (i = 0; i < NT; i++) d->t[i] /= (float)n;
    }
    return d;
}

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void run_jobs(train_job *jobs, int njobs, int threads, double t0, const char *what)
{
    int done = 0;
    while (done < njobs) {
        int batch = njobs - done < threads ? njobs - done : threads, b;
        pthread_t th[64];
        int started[64];
        if (batch > 64)
            batch = 64;
        for (b = 1; b < batch; b++) started[b] = pthread_create(&th[b], NULL, train_run, &jobs[done + b]) == 0;
        train_run(&jobs[done]);
        for (b = 1; b < batch; b++) {
            if (started[b])
                pthread_join(th[b], NULL);
            else
                train_run(&jobs[done + b]);
        }
        done += batch;
        fprintf(stderr, "ner train: %s models %d/%d; %.1fs\n", what, done, njobs, now_sec() - t0);
    }
}

typedef struct {
    const ner_ucorpus *u;
    const percep *p;
    uint8_t *cls;
} class_job;

static void *class_run(void *arg)
{
    class_job *j = arg;
    ner_ucorpus_classes(j->u, j->p->w, j->p->t, j->cls);
    return NULL;
}

/* Self-labelled text: fold models and a full pass-1 model tag the
 * unlabelled text; training tokens of fold k get the classes of the model
 * that did not see fold k, dev tokens and the lexicon those of the full
 * model. Then the pass-1 features are recomputed with them. */
static int apply_autolex(const char *path, ner_lexicon *lx, const ner_gzlists *gz, fcorpus *tr, fcorpus *dv,
                         int have_dev, int folds, int epochs, uint64_t seed, uint32_t bits, int threads, double t0)
{
    char err[512];
    ner_ucorpus *u = ner_ucorpus_read(path, lx, err, sizeof err);
    train_job *ja;
    class_job *cj;
    uint8_t *cls;
    size_t V, t, d, k, nset = 0;
    int i;
    if (!u) {
        fprintf(stderr, "ner train: %s\n", err);
        return -1;
    }
    V = ner_ucorpus_ntypes(u);
    fprintf(stderr, "ner train: unlabelled text: %zu tokens, %zu types; %.1fs\n", ner_ucorpus_ntokens(u), V,
            now_sec() - t0);
    ner_ucorpus_prepare(u, bits, gz);
    ja = ner_xcalloc((size_t)folds + 1, sizeof *ja);
    for (i = 0; i <= folds; i++) {
        ja[i].fc = tr;
        ja[i].epochs = epochs;
        ja[i].folds = folds;
        ja[i].skip_fold = i < folds ? i : -1;
        ja[i].seed = seed * 7919u + (uint64_t)i;
        ja[i].bits = bits;
        ja[i].maxlen = max_sent_len(tr);
    }
    run_jobs(ja, folds + 1, threads, t0, "self-labelling");
    cls = ner_xcalloc(((size_t)folds + 1) * V + 1, 1);
    cj = ner_xcalloc((size_t)folds + 1, sizeof *cj);
    for (i = 0; i <= folds; i++) {
        cj[i].u = u;
        cj[i].p = &ja[i].p;
        cj[i].cls = cls + (size_t)i * V;
    }
    for (i = 0; i <= folds; i += threads) {
        pthread_t th[64];
        int started[64], b, batch = folds + 1 - i < threads ? folds + 1 - i : threads;
        if (batch > 64)
            batch = 64;
        for (b = 1; b < batch; b++) started[b] = pthread_create(&th[b], NULL, class_run, &cj[i + b]) == 0;
        class_run(&cj[i]);
        for (b = 1; b < batch; b++) {
            if (started[b])
                pthread_join(th[b], NULL);
            else
                class_run(&cj[i + b]);
        }
    }
    fprintf(stderr, "ner train: unlabelled text tagged %d times; %.1fs\n", folds + 1, now_sec() - t0);
    for (i = 0; i <= folds; i++) pc_free(&ja[i].p);
    free(ja);
    free(cj);
    for (k = 0; k < lx->n; k++) {
        long id = ner_ucorpus_find(u, lx->pool + lx->off[k], lx->len[k]);
        lx->autocls[k] = id >= 0 ? cls[(size_t)folds * V + (size_t)id] : 0;
        nset += lx->autocls[k] != 0;
    }
    for (d = 0; d < tr->c.ndoc; d++) {
        size_t fold = d % (size_t)folds;
        for (t = tr->c.sent_start[tr->c.doc_start[d]]; t < tr->c.sent_start[tr->c.doc_start[d + 1]]; t++) {
            long id = ner_ucorpus_find(u, tr->c.pool + tr->c.tok_off[t], tr->c.tok_len[t]);
            tr->ti[t].autocls = id >= 0 ? cls[fold * V + (size_t)id] : 0;
        }
    }
    if (have_dev)
        for (t = 0; t < dv->c.ntok; t++) {
            long id = ner_ucorpus_find(u, dv->c.pool + dv->c.tok_off[t], dv->c.tok_len[t]);
            dv->ti[t].autocls = id >= 0 ? cls[(size_t)folds * V + (size_t)id] : 0;
        }
    fprintf(stderr, "ner train: %zu lexicon words have a self-labelled class\n", nset);
    free(cls);
    ner_ucorpus_free(u);
    free(tr->foff);
    free(tr->frows);
    fc_features(tr, bits);
    if (have_dev) {
        free(dv->foff);
        free(dv->frows);
        fc_features(dv, bits);
    }
    return 0;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void usage(FILE *fp)
{
    fprintf(fp, "usage: ner train --train FILE --out MODEL [options]\n"
                "  --train FILE      CoNLL-2003 training file (token ... NER columns, IOB1/IOB2)\n"
                "  --out MODEL       model file to write\n"
                "  --dev FILE        development file: F1 reported (never used for learning)\n"
                "  --clusters FILE   word clusters, \"bits<TAB>word<TAB>count\" lines (Brown output)\n"
                "  --unlabelled FILE tokenised news text (one sentence per line) to self-label\n"
                "  --gazetteers DIR  name lists (the .txt files of DIR, one name per line) used as\n"
                "                    features; \"none\": no lists\n"
                "  --seed N          shuffling seed (default 1)\n"
                "  --epochs N        pass-1 epochs (default 12)\n"
                "  --epochs2 N       pass-2 epochs (default 12)\n"
                "  --folds K         jackknife folds for pass-2 training labels (default 5)\n"
                "  --models N        average N models trained with different seeds (default 3)\n"
                "  --bits B          2^B hashed feature rows (default 18)\n"
                "  --threads N       parallel jackknife folds (default 2)\n"
                "  --tau T           confidence temperature (default 0: fitted on the training set)\n"
                "  --verbose         per-epoch progress (with --dev: per-epoch dev F1)\n");
}

/* Confidence temperature: the jackknifed pass-1 models' held-out
 * predictions give span probabilities at a grid of temperatures; the one
 * with the lowest Brier score (probability vs. exact-match correctness) is
 * stored. Pass 2 shares the weight scale closely enough. */

int ner_train_main(int argc, char **argv)
{
    const char *train = NULL, *dev = NULL, *clusters = NULL, *out = NULL, *unlabelled = NULL;
    const char *gazdir = NULL;
    ner_gzlists gz;
    uint64_t seed = 1;
    int epochs = 12, epochs2 = 12, folds = 5, threads = 2, verbose = 0, models = 3, i;
    uint32_t bits = 18;
    float tau = 0;
    char err[512];
    ner_lexicon lx;
    fcorpus tr, dv;
    double t0 = now_sec();
    int have_dev;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--verbose")) {
            verbose = 1;
            continue;
        }
        if (!v) {
            usage(stderr);
            return 2;
        }
        if (!strcmp(a, "--train"))
            train = v;
        else if (!strcmp(a, "--dev"))
            dev = v;
        else if (!strcmp(a, "--clusters"))
            clusters = v;
        else if (!strcmp(a, "--unlabelled"))
            unlabelled = v;
        else if (!strcmp(a, "--gazetteers"))
            gazdir = v;
        else if (!strcmp(a, "--out"))
            out = v;
        else if (!strcmp(a, "--seed"))
            seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--epochs"))
            epochs = atoi(v);
        else if (!strcmp(a, "--epochs2"))
            epochs2 = atoi(v);
        else if (!strcmp(a, "--folds"))
            folds = atoi(v);
        else if (!strcmp(a, "--models"))
            models = atoi(v);
        else if (!strcmp(a, "--bits"))
            bits = (uint32_t)atoi(v);
        else if (!strcmp(a, "--threads"))
            threads = atoi(v);
        else if (!strcmp(a, "--tau"))
            tau = (float)atof(v);
        else {
            fprintf(stderr, "ner train: unknown option %s\n", a);
            usage(stderr);
            return 2;
        }
        i++;
    }
    if (!train || !out || epochs < 1 || epochs2 < 1 || folds < 2 || bits < 12 || bits > 26 || models < 1 ||
        models > 16 || threads < 1) {
        usage(stderr);
        return 2;
    }

    ner_lexicon_init(&lx);
    if (clusters && ner_lexicon_load_clusters(&lx, clusters, err, sizeof err) != 0) {
        fprintf(stderr, "ner train: %s\n", err);
        return 1;
    }
    memset(&tr, 0, sizeof tr);
    memset(&dv, 0, sizeof dv);
    if (ner_corpus_read(&tr.c, train, err, sizeof err) != 0) {
        fprintf(stderr, "ner train: %s\n", err);
        return 1;
    }
    have_dev = dev != NULL;
    if (have_dev && ner_corpus_read(&dv.c, dev, err, sizeof err) != 0) {
        fprintf(stderr, "ner train: %s\n", err);
        return 1;
    }
    fprintf(stderr, "ner train: %zu documents, %zu sentences, %zu tokens; %zu cluster words\n", tr.c.ndoc,
            tr.c.nsent, tr.c.ntok, lx.n);
    /* training words join the lexicon (so the tagger finds them fast); dev
     * words never do */
    {
        size_t t;
        for (t = 0; t < tr.c.ntok; t++) {
            uint32_t b, l;
            const char *s = tr.c.pool + tr.c.tok_off[t];
            ner_lexicon_cluster(&lx, s, tr.c.tok_len[t], &b, &l);
            ner_lexicon_add(&lx, s, tr.c.tok_len[t], b, l);
        }
    }
    memset(&gz, 0, sizeof gz);
    if (gazdir && strcmp(gazdir, "none") == 0)
        gazdir = NULL;
    if (gazdir) {
        if (ner_gzlists_build(&gz, gazdir, err, sizeof err) != 0) {
            fprintf(stderr, "ner train: %s\n", err);
            return 1;
        }
        fc_gazetteer(&tr, &gz);
        if (have_dev)
            fc_gazetteer(&dv, &gz);
    }
    {
        uint32_t k;
        fprintf(stderr, "ner train: %u names in %u lists:", gz.nnames, gz.nlists);
        for (k = 0; k < gz.nlists; k++) fprintf(stderr, " %s", gz.names[k]);
        fprintf(stderr, "\n");
    }
    fc_tokinfo(&tr, &lx);
    fc_features(&tr, bits);
    if (have_dev) {
        fc_tokinfo(&dv, &lx);
        fc_features(&dv, bits);
    }
    if (unlabelled && apply_autolex(unlabelled, &lx, gazdir ? &gz : NULL, &tr, &dv, have_dev, folds, epochs, seed,
                                    bits, threads, t0) != 0)
        return 1;
    fprintf(stderr, "ner train: %.1f pass-1 features per token; %.1fs\n",
            (double)tr.foff[tr.c.ntok] / (double)tr.c.ntok, now_sec() - t0);

    /* jackknife pass-1 labels and the full pass-1 models (all in parallel
     * batches of `threads` jobs), then the pass-2 models */
    tr.p1 = ner_xcalloc(tr.c.ntok + 1, 1);
    {
        int njobs = folds + models, k;
        calib cal;
        train_job *jobs = ner_xcalloc((size_t)njobs, sizeof *jobs);
        train_job *jobs2 = ner_xcalloc((size_t)models, sizeof *jobs2);
        percep *p1, *p2;
        memset(&cal, 0, sizeof cal);
        for (k = 0; k < njobs; k++) {
            jobs[k].fc = &tr;
            jobs[k].pass2 = 0;
            jobs[k].epochs = epochs;
            jobs[k].folds = folds;
            jobs[k].skip_fold = k < folds ? k : -1;
            jobs[k].seed = seed * 1000003u + (uint64_t)k;
            jobs[k].bits = bits;
            jobs[k].maxlen = max_sent_len(&tr);
            jobs[k].verbose = verbose && k == folds;
            jobs[k].dev = have_dev ? &dv : NULL;
        }
        run_jobs(jobs, njobs, threads, t0, "pass-1");
        for (k = 0; k < folds; k++) {
            predict_into(&jobs[k].p, &tr, 0, folds, k, tr.p1, tau > 0 ? NULL : &cal);
            pc_free(&jobs[k].p);
        }
        {
            ner_score sc;
            memset(&sc, 0, sizeof sc);
            ner_score_add(&sc, tr.c.gold, tr.p1, tr.c.ntok);
            fprintf(stderr, "ner train: jackknifed pass-1 F1 on training data %.2f\n", ner_score_f1(&sc));
        }
        if (tau <= 0 && cal.n > 0) {
            size_t g, best = 0;
            for (g = 1; g < NTAU; g++)
                if (cal.brier[g] < cal.brier[best])
                    best = g;
            tau = TAU_GRID[best];
            fprintf(stderr, "ner train: confidence temperature %.0f (jackknife Brier %.4f over %ld entities)\n",
                    tau, cal.brier[best] / cal.n, cal.n);
        }
        p1 = average_models(jobs + folds, models);
        fc_docfeatures(&tr, bits);
        if (have_dev) {
            dv.p1 = ner_xcalloc(dv.c.ntok + 1, 1);
            predict_into(p1, &dv, 0, folds, -1, dv.p1, NULL);
            fc_docfeatures(&dv, bits);
            fprintf(stderr, "ner train: dev pass-1 F1 (float weights) %.2f\n", eval_float(p1, &dv, 0, 1));
        }
        /* pass 2 */
        for (k = 0; k < models; k++) {
            train_job *j2 = &jobs2[k];
            memset(j2, 0, sizeof *j2);
            j2->fc = &tr;
            j2->pass2 = 1;
            j2->epochs = epochs2;
            j2->folds = folds;
            j2->skip_fold = -1;
            j2->seed = seed * 1000003u + 999 + (uint64_t)k;
            j2->bits = bits;
            j2->maxlen = max_sent_len(&tr);
            j2->verbose = verbose && k == 0;
            j2->dev = have_dev ? &dv : NULL;
        }
        run_jobs(jobs2, models, threads, t0, "pass-2");
        p2 = average_models(jobs2, models);
        if (have_dev)
            fprintf(stderr, "ner train: dev pass-2 F1 (float weights) %.2f\n", eval_float(p2, &dv, 1, 1));
        fprintf(stderr, "ner train: trained in %.1fs\n", now_sec() - t0);
        {
            ner_model_out mo;
            char info[512];
            int rc;
            snprintf(info, sizeof info,
                     "textpipe NER model v%u: trained on %s (%zu tokens), clusters %s, "
                     "unlabelled %s, %u names in %u lists, seed %llu, epochs %d/%d, folds %d, "
                     "models %d, 2^%u rows",
                     NER_MODEL_VERSION, base_name(train), tr.c.ntok, clusters ? base_name(clusters) : "(none)",
                     unlabelled ? base_name(unlabelled) : "(none)", gz.nnames, gz.nlists, (unsigned long long)seed,
                     epochs, epochs2, folds, models, bits);
            memset(&mo, 0, sizeof mo);
            mo.hash_bits = bits;
            mo.w[0] = p1->w;
            mo.w[1] = p2->w;
            mo.trans[0] = p1->t;
            mo.start[0] = p1->t + NL * NL;
            mo.end[0] = p1->t + NL * NL + NL;
            mo.trans[1] = p2->t;
            mo.start[1] = p2->t + NL * NL;
            mo.end[1] = p2->t + NL * NL + NL;
            mo.tau = tau > 0 ? tau : 0;
            {
                /* words of the labelled data: the tagger precomputes them */
                size_t t;
                for (t = 0; t < tr.c.ntok; t++) {
                    long id = ner_lexicon_find(&lx, tr.c.pool + tr.c.tok_off[t], tr.c.tok_len[t]);
                    if (id >= 0)
                        lx.autocls[id] |= NER_LEX_LABELLED;
                }
            }
            mo.lex = &lx;
            mo.gz = gazdir ? &gz : NULL;
            mo.info = info;
            rc = ner_model_write(&mo, out, err, sizeof err);
            if (rc != 0) {
                fprintf(stderr, "ner train: %s\n", err);
                return 1;
            }
            fprintf(stderr, "ner train: wrote %s; %.1fs\n", out, now_sec() - t0);
            {
                /* and the memory-mapped image beside it (image.c), which
                 * the tagger maps in place of OUT: start-up in milliseconds */
                char *img = ner_xmalloc(strlen(out) + 5);
                ner_model *m;
                sprintf(img, "%s.img", out);
                remove(img); /* never mapped in place of the new model */
                m = ner_model_load(out, err, sizeof err);
                if (!m || ner_image_write(m, img, err, sizeof err) != 0) {
                    fprintf(stderr, "ner train: %s\n", err);
                    ner_model_free(m);
                    free(img);
                    return 1;
                }
                fprintf(stderr, "ner train: wrote %s (the same model, memory-mapped)\n", img);
                ner_model_free(m);
                free(img);
            }
        }
        pc_free(p1);
        pc_free(p2);
        free(jobs);
        free(jobs2);
    }
    fc_free(&tr);
    fc_free(&dv);
    ner_lexicon_free(&lx);
    ner_gzlists_free(&gz);
    return 0;
}
