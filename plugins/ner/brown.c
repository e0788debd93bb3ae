/* brown.c - hierarchical word clustering (Brown et al. 1992, "class-based
 * n-gram models of natural language") with the windowed approximation of
 * Liang (2005): only the C most frequent words start as clusters; every other
 * word, in order of frequency, enters as a new cluster and the pair of active
 * clusters whose merge loses the least average mutual information (AMI) of
 * the cluster bigram distribution is merged. Once every word is in, the C
 * clusters are merged down to one; that last part of the merge tree gives each
 * cluster a bit string (0 = left child, 1 = right child), and a word's path is
 * its cluster's.
 *
 * Notation (all over "active slots", at most C+1 of them):
 *   p1(c)    unigram probability of cluster c (from word counts)
 *   p2(c,d)  probability of bigram "word of c, then word of d"
 *   q(c,d)   p2 log(p2 / (p1(c) p1(d)))     AMI = sum of q over all pairs
 *   s(c)     sum_d q(c,d) + sum_d q(d,c) - q(c,c)
 *   L(i,j)   change of AMI if i and j merged (<= 0; we pick the largest)
 * L(i,j) is computed from scratch (O(C)) only for pairs with a new or merged
 * cluster; for every other pair it is corrected in O(1) from the terms that
 * involve the changed clusters, which is zero unless the pair has bigrams
 * with them. So each step costs O(C^2) cheap operations, split over threads.
 *
 * Input: tokenised text, one sentence per line, tokens separated by spaces.
 * Output: lines "bits<TAB>word<TAB>count", most frequent words first. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ner_internal.h"

/* ---- vocabulary ---------------------------------------------------------- */

typedef struct {
    char *str;
    uint32_t len;
    uint64_t count;
} bword;

typedef struct {
    bword *w;
    size_t n, cap;
    int32_t *tab; /* open addressing: index into w, -1 empty */
    size_t tabsize;
} bvocab;

static int32_t vocab_find_add(bvocab *v, const char *s, size_t len)
{
    uint64_t h = ner_hash_bytes(s, len, 0x9e3779b97f4a7c15ULL);
    size_t mask, i;
    if (v->n * 2 >= v->tabsize) {
        size_t ns = v->tabsize ? v->tabsize * 2 : 1 << 16, k;
        int32_t *nt = ner_xmalloc(ns * sizeof *nt);
        for (k = 0; k < ns; k++) nt[k] = -1;
        for (k = 0; k < v->n; k++) {
            size_t j = ner_hash_bytes(v->w[k].str, v->w[k].len, 0x9e3779b97f4a7c15ULL) & (ns - 1);
            while (nt[j] >= 0) j = (j + 1) & (ns - 1);
            nt[j] = (int32_t)k;
        }
        free(v->tab);
        v->tab = nt;
        v->tabsize = ns;
    }
    mask = v->tabsize - 1;
    for (i = h & mask;; i = (i + 1) & mask) {
        int32_t k = v->tab[i];
        if (k < 0)
            break;
        if (v->w[k].len == len && memcmp(v->w[k].str, s, len) == 0)
            return k;
    }
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 1 << 15;
        v->w = ner_xrealloc(v->w, v->cap * sizeof *v->w);
    }
    v->w[v->n].str = ner_xmalloc(len + 1);
    memcpy(v->w[v->n].str, s, len);
    v->w[v->n].str[len] = 0;
    v->w[v->n].len = (uint32_t)len;
    v->w[v->n].count = 0;
    v->tab[i] = (int32_t)v->n;
    return (int32_t)v->n++;
}

/* ---- bigram adjacency ------------------------------------------------------ */

typedef struct {
    uint32_t other;
    uint32_t count;
} bedge;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- clustering state ------------------------------------------------------ */

typedef struct {
    int C;       /* number of clusters wanted */
    int S;       /* slots = C + 1 */
    double *p2;  /* S x S */
    double *q;   /* S x S */
    double *L;   /* S x S, used for i < j */
    double *p1;  /* S */
    double *s;   /* S */
    int *active; /* S: 1 if slot holds a cluster */
    int *node;   /* S: tree node id of the slot's cluster */
    /* for the parallel loops */
    int a, b, f; /* slots of the current step */
    char *inz;   /* S: slot linked to the changed clusters */
} bstate;

#define P2(st, i, j) ((st)->p2[(size_t)(i) * (st)->S + (j)])
#define Q(st, i, j) ((st)->q[(size_t)(i) * (st)->S + (j)])
#define LL(st, i, j) ((st)->L[(size_t)(i) * (st)->S + (j)])

static double qterm(double p, double pa, double pb) { return p > 0 ? p * log(p / (pa * pb)) : 0.0; }

static void compute_q_slot(bstate *st, int c)
{
    int d;
    for (d = 0; d < st->S; d++) {
        if (!st->active[d]) {
            Q(st, c, d) = Q(st, d, c) = 0;
            continue;
        }
        Q(st, c, d) = qterm(P2(st, c, d), st->p1[c], st->p1[d]);
        Q(st, d, c) = qterm(P2(st, d, c), st->p1[d], st->p1[c]);
    }
}

static void compute_s_all(bstate *st)
{
    int c, d;
    for (c = 0; c < st->S; c++) {
        double sum = 0;
        if (!st->active[c])
            continue;
        for (d = 0; d < st->S; d++)
            if (st->active[d])
                sum += Q(st, c, d) + Q(st, d, c);
        st->s[c] = sum - Q(st, c, c);
    }
}

/* L(i,j) from scratch */
static double merge_delta(const bstate *st, int i, int j)
{
    double pij = st->p1[i] + st->p1[j], sum = 0;
    int d;
    const double *ri = st->p2 + (size_t)i * st->S, *rj = st->p2 + (size_t)j * st->S;
    for (d = 0; d < st->S; d++) {
        double x, y;
        if (d == i || d == j || !st->active[d])
            continue;
        x = ri[d] + rj[d];
        y = P2(st, d, i) + P2(st, d, j);
        if (x > 0)
            sum += x * log(x / (pij * st->p1[d]));
        if (y > 0)
            sum += y * log(y / (pij * st->p1[d]));
    }
    sum += qterm(P2(st, i, i) + P2(st, i, j) + P2(st, j, i) + P2(st, j, j), pij, pij);
    return sum - (st->s[i] + st->s[j] - Q(st, i, j) - Q(st, j, i));
}

/* ---- a minimal parallel for ----------------------------------------------- */

typedef void (*range_fn)(bstate *st, int lo, int hi);
typedef struct {
    range_fn fn;
    bstate *st;
    int lo, hi;
} par_job;

static void *par_run(void *arg)
{
    par_job *j = arg;
    j->fn(j->st, j->lo, j->hi);
    return NULL;
}

static int g_threads = 1;

/* Runs fn over rows [0, n) split in g_threads parts. Rows of a triangular
 * loop get cheaper as i grows, so the split point leans right. */
static void par_for(range_fn fn, bstate *st, int n, int triangular)
{
    par_job jobs[8];
    pthread_t th[8];
    int started[8];
    int t, T = g_threads > 8 ? 8 : g_threads, prev = 0;
    if (T <= 1) {
        fn(st, 0, n);
        return;
    }
    for (t = 0; t < T; t++) {
        int hi;
        if (t == T - 1) {
            hi = n;
        } else if (triangular) {
            /* equal areas of the triangle: 1 - (1 - x)^2 = (t+1)/T */
            double x = 1.0 - sqrt(1.0 - (double)(t + 1) / T);
            hi = (int)(x * n);
        } else {
            hi = (int)((long)n * (t + 1) / T);
        }
        jobs[t].fn = fn;
        jobs[t].st = st;
        jobs[t].lo = prev;
        jobs[t].hi = hi;
        prev = hi;
    }
    for (t = 1; t < T; t++) {
        started[t] = pthread_create(&th[t], NULL, par_run, &jobs[t]) == 0;
        if (!started[t])
            par_run(&jobs[t]);
    }
    par_run(&jobs[0]);
    for (t = 1; t < T; t++)
        if (started[t])
            pthread_join(th[t], NULL);
}

/* Phase: a new cluster in slot f has arrived; correct L(i,j) of old pairs. */
static void rows_add_update(bstate *st, int lo, int hi)
{
    int i, j, f = st->f, S = st->S;
    double pf = st->p1[f];
    for (i = lo; i < hi; i++) {
        if (!st->active[i] || i == f)
            continue;
        for (j = i + 1; j < S; j++) {
            double x, y, pij, d;
            if (!st->active[j] || j == f || !(st->inz[i] | st->inz[j]))
                continue;
            pij = st->p1[i] + st->p1[j];
            x = P2(st, i, f) + P2(st, j, f);
            y = P2(st, f, i) + P2(st, f, j);
            d = -(Q(st, i, f) + Q(st, f, i) + Q(st, j, f) + Q(st, f, j));
            if (x > 0)
                d += x * log(x / (pij * pf));
            if (y > 0)
                d += y * log(y / (pij * pf));
            LL(st, i, j) += d;
        }
    }
}

/* Phase: clusters a and b are about to merge (p2/q still hold the old
 * values, m's counts given by a+b); correct L(i,j) of the other pairs. */
static void rows_merge_update(bstate *st, int lo, int hi)
{
    int i, j, a = st->a, b = st->b, S = st->S;
    double pa = st->p1[a], pb = st->p1[b], pm = pa + pb;
    for (i = lo; i < hi; i++) {
        if (!st->active[i] || i == a || i == b)
            continue;
        for (j = i + 1; j < S; j++) {
            double pij, d, xa, ya, xb, yb, xm, ym, xim, yim, xjm, yjm;
            if (!st->active[j] || j == a || j == b || !(st->inz[i] | st->inz[j]))
                continue;
            pij = st->p1[i] + st->p1[j];
            d = Q(st, i, a) + Q(st, a, i) + Q(st, i, b) + Q(st, b, i) + Q(st, j, a) + Q(st, a, j) + Q(st, j, b) +
                Q(st, b, j);
            xa = P2(st, i, a) + P2(st, j, a);
            ya = P2(st, a, i) + P2(st, a, j);
            xb = P2(st, i, b) + P2(st, j, b);
            yb = P2(st, b, i) + P2(st, b, j);
            d -= qterm(xa, pij, pa) + qterm(ya, pa, pij) + qterm(xb, pij, pb) + qterm(yb, pb, pij);
            xim = P2(st, i, a) + P2(st, i, b);
            yim = P2(st, a, i) + P2(st, b, i);
            xjm = P2(st, j, a) + P2(st, j, b);
            yjm = P2(st, a, j) + P2(st, b, j);
            d -= qterm(xim, st->p1[i], pm) + qterm(yim, pm, st->p1[i]) + qterm(xjm, st->p1[j], pm) +
                 qterm(yjm, pm, st->p1[j]);
            xm = xim + xjm;
            ym = yim + yjm;
            d += qterm(xm, pij, pm) + qterm(ym, pm, pij);
            LL(st, i, j) += d;
        }
    }
}

/* Phase: L(c, d) from scratch for the changed slot c = st->f, all d. */
static void rows_fresh(bstate *st, int lo, int hi)
{
    int d, c = st->f;
    for (d = lo; d < hi; d++) {
        if (!st->active[d] || d == c)
            continue;
        if (d < c)
            LL(st, d, c) = merge_delta(st, d, c);
        else
            LL(st, c, d) = merge_delta(st, c, d);
    }
}

static void mark_links(bstate *st, int c1, int c2)
{
    int d;
    for (d = 0; d < st->S; d++) {
        st->inz[d] = 0;
        if (!st->active[d])
            continue;
        if (P2(st, d, c1) > 0 || P2(st, c1, d) > 0)
            st->inz[d] = 1;
        if (c2 >= 0 && (P2(st, d, c2) > 0 || P2(st, c2, d) > 0))
            st->inz[d] = 1;
    }
}

static void best_pair(const bstate *st, int *ba, int *bb)
{
    int i, j;
    double best = -HUGE_VAL;
#ifdef BROWN_CHECK
    {
        double md = 0;
        for (i = 0; i < st->S; i++)
            for (j = i + 1; j < st->S; j++)
                if (st->active[i] && st->active[j]) {
                    double x = fabs(LL(st, i, j) - merge_delta(st, i, j));
                    if (x > md)
                        md = x;
                }
        fprintf(stderr, "check: max |L - fresh| = %g\n", md);
    }
#endif
    *ba = *bb = -1;
    for (i = 0; i < st->S; i++) {
        if (!st->active[i])
            continue;
        for (j = i + 1; j < st->S; j++) {
            if (!st->active[j])
                continue;
            if (LL(st, i, j) > best) {
                best = LL(st, i, j);
                *ba = i;
                *bb = j;
            }
        }
    }
}

/* Merges slot b into slot a; returns nothing, fixes all bookkeeping. */
static void do_merge(bstate *st, int a, int b)
{
    int d, S = st->S;
    st->a = a;
    st->b = b;
    mark_links(st, a, b);
    par_for(rows_merge_update, st, S, 1);
    for (d = 0; d < S; d++) {
        P2(st, a, d) += P2(st, b, d);
        P2(st, b, d) = 0;
    }
    for (d = 0; d < S; d++) {
        P2(st, d, a) += P2(st, d, b);
        P2(st, d, b) = 0;
    }
    st->p1[a] += st->p1[b];
    st->p1[b] = 0;
    st->active[b] = 0;
    compute_q_slot(st, a);
    for (d = 0; d < S; d++) Q(st, b, d) = Q(st, d, b) = 0;
    compute_s_all(st);
    st->f = a;
    par_for(rows_fresh, st, S, 0);
}

/* ---- union-find over tree nodes (word -> current cluster) ------------------ */

static int uf_find(int *parent, int x)
{
    int r = x;
    while (parent[r] != r) r = parent[r];
    while (parent[x] != r) {
        int n = parent[x];
        parent[x] = r;
        x = n;
    }
    return r;
}

static void brown_usage(void)
{
    fprintf(stderr, "usage: brown --in TOKENS.txt --out CLUSTERS.txt [--clusters 1000] [--min-count 3]\n"
                    "             [--threads 2] [--max-words N]\n"
                    "  TOKENS.txt: one sentence per line, tokens separated by single spaces.\n"
                    "  Writes \"bits<TAB>word<TAB>count\" lines.\n");
}

int ner_brown_main(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    int C = 1000, min_count = 3, i;
    long max_words = 0;
    bvocab v;
    FILE *fp;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    uint64_t *pairs = NULL;
    size_t npairs = 0, paircap = 0;
    uint64_t ntokens = 0;
    time_t t0 = time(NULL);

    memset(&v, 0, sizeof v);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--in") && i + 1 < argc)
            in = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc)
            out = argv[++i];
        else if (!strcmp(argv[i], "--clusters") && i + 1 < argc)
            C = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--min-count") && i + 1 < argc)
            min_count = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            g_threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--max-words") && i + 1 < argc)
            max_words = atol(argv[++i]);
        else {
            brown_usage();
            return 2;
        }
    }
    if (!in || !out || C < 2 || C > 4096 || g_threads < 1) {
        brown_usage();
        return 2;
    }
    fp = fopen(in, "r");
    if (!fp) {
        perror(in);
        return 1;
    }
    /* pass 1: vocabulary counts; the token id sequence is kept as pairs */
    {
        int32_t *ids = NULL;
        size_t nids = 0, idcap = 0;
        while ((len = getline(&line, &cap, fp)) > 0) {
            char *p = line, *e = line + len;
            while (p < e) {
                char *q;
                while (p < e && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
                if (p >= e)
                    break;
                q = p;
                while (q < e && *q != ' ' && *q != '\n' && *q != '\r' && *q != '\t') q++;
                if (nids == idcap) {
                    idcap = idcap ? idcap * 2 : 1 << 20;
                    ids = ner_xrealloc(ids, idcap * sizeof *ids);
                }
                ids[nids] = vocab_find_add(&v, p, (size_t)(q - p));
                v.w[ids[nids]].count++;
                nids++;
                ntokens++;
                p = q;
            }
            if (nids == idcap) {
                idcap = idcap ? idcap * 2 : 1 << 20;
                ids = ner_xrealloc(ids, idcap * sizeof *ids);
            }
            ids[nids++] = -1; /* sentence break */
        }
        fclose(fp);
        free(line);
        fprintf(stderr, "brown: %llu tokens, %zu types\n", (unsigned long long)ntokens, v.n);

        /* rank words: count desc, then bytes */
        {
            size_t k, nkeep = 0;
            uint32_t *order = ner_xmalloc(v.n * sizeof *order);
            int32_t *rank = ner_xmalloc(v.n * sizeof *rank);
            bword *sorted;
            for (k = 0; k < v.n; k++) order[k] = (uint32_t)k;
            {
                /* simple merge sort by (count desc, string asc) */
                uint32_t *tmp = ner_xmalloc(v.n * sizeof *tmp);
                size_t width;
                for (width = 1; width < v.n; width *= 2) {
                    size_t lo;
                    for (lo = 0; lo < v.n; lo += 2 * width) {
                        size_t mid = lo + width < v.n ? lo + width : v.n;
                        size_t hi = lo + 2 * width < v.n ? lo + 2 * width : v.n;
                        size_t x = lo, y = mid, o = lo;
                        while (x < mid || y < hi) {
                            int takex;
                            if (x >= mid)
                                takex = 0;
                            else if (y >= hi)
                                takex = 1;
                            else {
                                bword *wa = &v.w[order[x]], *wb = &v.w[order[y]];
                                if (wa->count != wb->count)
                                    takex = wa->count > wb->count;
                                else
                                    takex = strcmp(wa->str, wb->str) <= 0;
                            }
                            tmp[o++] = takex ? order[x++] : order[y++];
                        }
                    }
                    memcpy(order, tmp, v.n * sizeof *order);
                }
                free(tmp);
            }
            for (k = 0; k < v.n; k++) rank[k] = -1;
            for (k = 0; k < v.n; k++) {
                if (v.w[order[k]].count < (uint64_t)min_count)
                    break;
                if (max_words > 0 && (long)k >= max_words)
                    break;
                rank[order[k]] = (int32_t)k;
                nkeep++;
            }
            sorted = ner_xmalloc((nkeep ? nkeep : 1) * sizeof *sorted);
            for (k = 0; k < nkeep; k++) sorted[k] = v.w[order[k]];
            for (k = nkeep; k < v.n; k++) free(v.w[order[k]].str);
            /* pairs of ranks, as 64-bit keys */
            for (k = 0; k + 1 < nids; k++) {
                int32_t x = ids[k], y = ids[k + 1];
                if (x < 0 || y < 0 || rank[x] < 0 || rank[y] < 0)
                    continue;
                if (npairs == paircap) {
                    paircap = paircap ? paircap * 2 : 1 << 20;
                    pairs = ner_xrealloc(pairs, paircap * sizeof *pairs);
                }
                pairs[npairs++] = ((uint64_t)(uint32_t)rank[x] << 32) | (uint32_t)rank[y];
            }
            free(ids);
            free(order);
            free(rank);
            free(v.w);
            free(v.tab);
            v.w = sorted;
            v.n = nkeep;
        }
    }
    if (v.n < (size_t)C) {
        fprintf(stderr, "brown: only %zu words with count >= %d; need at least --clusters %d\n", v.n, min_count, C);
        return 1;
    }
    qsort(pairs, npairs, sizeof *pairs, cmp_u64);
    fprintf(stderr, "brown: %zu words kept, %zu bigrams\n", v.n, npairs);

    {
        size_t V = v.n, k, ne = 0;
        /* CSR adjacency, both directions */
        uint32_t *rstart = ner_xcalloc(V + 1, sizeof *rstart), *lstart = ner_xcalloc(V + 1, sizeof *lstart);
        bedge *right, *left;
        uint32_t *fillr, *filll;
        double T1 = 0, T2 = (double)npairs;
        bstate st;
        int S = C + 1, nextnode, *parent, *left_child, *right_child;
        int nnodes = (int)V + C + 1;
        char **paths;

        for (k = 0; k < npairs;) {
            size_t e = k;
            while (e < npairs && pairs[e] == pairs[k]) e++;
            rstart[(pairs[k] >> 32) + 1]++;
            lstart[(pairs[k] & 0xffffffffu) + 1]++;
            ne++;
            k = e;
        }
        for (k = 0; k < V; k++) {
            rstart[k + 1] += rstart[k];
            lstart[k + 1] += lstart[k];
        }
        right = ner_xmalloc((ne ? ne : 1) * sizeof *right);
        left = ner_xmalloc((ne ? ne : 1) * sizeof *left);
        fillr = ner_xmalloc(V * sizeof *fillr);
        filll = ner_xmalloc(V * sizeof *filll);
        memcpy(fillr, rstart, V * sizeof *fillr);
        memcpy(filll, lstart, V * sizeof *filll);
        for (k = 0; k < npairs;) {
            size_t e = k;
            uint32_t x = (uint32_t)(pairs[k] >> 32), y = (uint32_t)(pairs[k] & 0xffffffffu);
            while (e < npairs && pairs[e] == pairs[k]) e++;
            right[fillr[x]].other = y;
            right[fillr[x]++].count = (uint32_t)(e - k);
            left[filll[y]].other = x;
            left[filll[y]++].count = (uint32_t)(e - k);
            k = e;
        }
        free(pairs);
        free(fillr);
        free(filll);
        for (k = 0; k < V; k++) T1 += (double)v.w[k].count;

        memset(&st, 0, sizeof st);
        st.C = C;
        st.S = S;
        st.p2 = ner_xcalloc((size_t)S * S, sizeof(double));
        st.q = ner_xcalloc((size_t)S * S, sizeof(double));
        st.L = ner_xcalloc((size_t)S * S, sizeof(double));
        st.p1 = ner_xcalloc(S, sizeof(double));
        st.s = ner_xcalloc(S, sizeof(double));
        st.active = ner_xcalloc(S, sizeof(int));
        st.node = ner_xcalloc(S, sizeof(int));
        st.inz = ner_xcalloc(S, 1);
        /* tree nodes: 0..V-1 are words; internal nodes follow */
        parent = ner_xmalloc((size_t)(V + V + C) * sizeof *parent);
        left_child = ner_xmalloc((size_t)(V + V + C) * sizeof *left_child);
        right_child = ner_xmalloc((size_t)(V + V + C) * sizeof *right_child);
        nnodes = (int)(V + V + C);
        for (i = 0; i < nnodes; i++) parent[i] = i, left_child[i] = right_child[i] = -1;
        nextnode = (int)V;
        {
            /* slot of each tree root (only roots that are active clusters) */
            int *root_slot = ner_xmalloc((size_t)nnodes * sizeof *root_slot);
            size_t w;
            int step = 0;
            for (i = 0; i < nnodes; i++) root_slot[i] = -1;

            for (w = 0; w < V; w++) {
                int f = -1, d;
                uint32_t e;
                /* a free slot for word w */
                for (d = 0; d < S; d++)
                    if (!st.active[d]) {
                        f = d;
                        break;
                    }
                st.active[f] = 1;
                st.node[f] = (int)w;
                root_slot[w] = f;
                st.p1[f] = (double)v.w[w].count / T1;
                for (d = 0; d < S; d++) P2(&st, f, d) = P2(&st, d, f) = 0;
                for (e = rstart[w]; e < rstart[w + 1]; e++) {
                    uint32_t u = right[e].other;
                    if (u > w)
                        continue;
                    P2(&st, f, root_slot[uf_find(parent, (int)u)]) += right[e].count / T2;
                }
                for (e = lstart[w]; e < lstart[w + 1]; e++) {
                    uint32_t u = left[e].other;
                    if (u >= w)
                        continue; /* self bigram counted once, above */
                    P2(&st, root_slot[uf_find(parent, (int)u)], f) += left[e].count / T2;
                }
                compute_q_slot(&st, f);
                compute_s_all(&st);
                if (w > 0) {
                    st.f = f;
                    mark_links(&st, f, -1);
                    par_for(rows_add_update, &st, S, 1);
                    par_for(rows_fresh, &st, S, 0);
                }
                if (w + 1 > (size_t)C) {
                    /* C+1 active: merge the best pair */
                    int a, b, na, nb;
                    best_pair(&st, &a, &b);
                    na = st.node[a];
                    nb = st.node[b];
                    do_merge(&st, a, b);
                    parent[uf_find(parent, na)] = nextnode;
                    parent[uf_find(parent, nb)] = nextnode;
                    left_child[nextnode] = na;
                    right_child[nextnode] = nb;
                    root_slot[nextnode] = a;
                    root_slot[na] = root_slot[nb] = -1;
                    st.node[a] = nextnode++;
                }
                if (++step % 1000 == 0)
                    fprintf(stderr, "brown: %d/%zu words, %lds\n", step, V, (long)(time(NULL) - t0));
            }
            /* The union-find roots are now the C final clusters. Build the
             * top of the tree by merging them down to one, then give each
             * top node its bit string, root first (children always have
             * smaller node ids than their parent). */
            {
                int remaining = 0, x, first_top = nextnode;
                char **npath = ner_xcalloc((size_t)nnodes, sizeof *npath);
                for (i = 0; i < S; i++)
                    if (st.active[i])
                        remaining++;
                while (remaining > 1) {
                    int a, b;
                    best_pair(&st, &a, &b);
                    left_child[nextnode] = st.node[a];
                    right_child[nextnode] = st.node[b];
                    do_merge(&st, a, b);
                    st.node[a] = nextnode++;
                    remaining--;
                }
                npath[nextnode - 1] = ner_xstrdup("");
                /* only top nodes are expanded: merges inside a final
                 * cluster are not part of the path */
                for (x = nextnode - 1; x >= first_top; x--) {
                    size_t pl;
                    if (!npath[x])
                        continue;
                    pl = strlen(npath[x]);
                    npath[left_child[x]] = ner_xmalloc(pl + 2);
                    memcpy(npath[left_child[x]], npath[x], pl);
                    memcpy(npath[left_child[x]] + pl, "0", 2);
                    npath[right_child[x]] = ner_xmalloc(pl + 2);
                    memcpy(npath[right_child[x]], npath[x], pl);
                    memcpy(npath[right_child[x]] + pl, "1", 2);
                }
                paths = ner_xcalloc(V, sizeof *paths);
                for (w = 0; w < V; w++) paths[w] = npath[uf_find(parent, (int)w)];
                fp = fopen(out, "w");
                if (!fp) {
                    perror(out);
                    return 1;
                }
                for (w = 0; w < V; w++)
                    fprintf(fp, "%s\t%s\t%llu\n", paths[w] && paths[w][0] ? paths[w] : "0", v.w[w].str,
                            (unsigned long long)v.w[w].count);
                if (fclose(fp) != 0) {
                    perror(out);
                    return 1;
                }
                for (x = 0; x < nnodes; x++) free(npath[x]);
                free(npath);
                free(paths);
            }
            free(root_slot);
        }
        free(st.p2);
        free(st.q);
        free(st.L);
        free(st.p1);
        free(st.s);
        free(st.active);
        free(st.node);
        free(st.inz);
        free(parent);
        free(left_child);
        free(right_child);
        for (k = 0; k < V; k++) free(v.w[k].str);
        free(v.w);
        fprintf(stderr, "brown: done in %lds\n", (long)(time(NULL) - t0));
        free(rstart);
        free(lstart);
        free(right);
        free(left);
    }
    return 0;
}
