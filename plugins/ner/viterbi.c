/* viterbi.c - decoding over BILOU label sequences.
 *
 * Labels: 0 = O; 1 + 4*type + part with part B, I, L, U. Valid sequences:
 * after O, L-x or U-x (and at the start) comes O, B-y or U-y; after B-x or
 * I-x comes I-x or L-x; a sentence ends after O, L-x or U-x. Decoding only
 * considers allowed transitions (a precomputed predecessor list per label),
 * so every output is a well-formed set of entities. */
#include <float.h>
#include <math.h>
#include <pthread.h>
#if defined(__SSE__) && !defined(NER_NO_SIMD)
#include <xmmintrin.h>
#endif

#include "ner_internal.h"

static int is_open(int l) /* B or I: an entity continues */
{
    return l > 0 && (NER_LABEL_PART(l) == NER_PART_B || NER_LABEL_PART(l) == NER_PART_I);
}

int ner_trans_allowed(int from, int to)
{
    if (is_open(from))
        return to > 0 && NER_LABEL_TYPE(to) == NER_LABEL_TYPE(from) &&
               (NER_LABEL_PART(to) == NER_PART_I || NER_LABEL_PART(to) == NER_PART_L);
    return to == 0 || NER_LABEL_PART(to) == NER_PART_B || NER_LABEL_PART(to) == NER_PART_U;
}

int ner_start_allowed(int to)
{
    return to == 0 || !(NER_LABEL_PART(to) == NER_PART_I || NER_LABEL_PART(to) == NER_PART_L);
}

int ner_end_allowed(int from) { return !is_open(from); }

/* predecessor lists */
static uint8_t pred_n[NER_NLABELS];
static uint8_t pred_l[NER_NLABELS][NER_NLABELS];
static uint8_t succ_n[NER_NLABELS];
static uint8_t succ_l[NER_NLABELS][NER_NLABELS];
static pthread_once_t preds_once = PTHREAD_ONCE_INIT;

/* The BILOU structure, used by the fast paths below: the NCL "closed"
 * labels (O, L-x, U-x: an entity may start after them) are exactly the
 * predecessors of each of the NCL "opening" labels (O, B-x, U-x); I-x and
 * L-x have two predecessors (B-x, I-x), and B-x and I-x two successors.
 * Both lists are ascending, the order of pred_l and succ_l, so sums and
 * ties come out as with the generic lists. */
#define NCL (1 + 2 * NER_NTYPES)
#define NCLP 12           /* NCL padded to a multiple of 4 floats (three SSE registers) */
static uint8_t cl_l[NCL]; /* closed labels */
static uint8_t op_l[NCL]; /* opening labels */
static uint8_t is_opening[NER_NLABELS], is_closed[NER_NLABELS];
static uint8_t op_j[NER_NLABELS], cl_k[NER_NLABELS]; /* a label's place in op_l / cl_l */
static uint8_t start_ok[NER_NLABELS], end_ok[NER_NLABELS];

static void init_preds(void)
{
    int a, b;
    for (b = 0; b < NER_NLABELS; b++) {
        pred_n[b] = 0;
        for (a = 0; a < NER_NLABELS; a++)
            if (ner_trans_allowed(a, b))
                pred_l[b][pred_n[b]++] = (uint8_t)a;
    }
    for (a = 0; a < NER_NLABELS; a++) {
        succ_n[a] = 0;
        for (b = 0; b < NER_NLABELS; b++)
            if (ner_trans_allowed(a, b))
                succ_l[a][succ_n[a]++] = (uint8_t)b;
    }
    for (a = 0; a < NER_NLABELS; a++) {
        start_ok[a] = (uint8_t)ner_start_allowed(a);
        end_ok[a] = (uint8_t)ner_end_allowed(a);
    }
    /* preds of O are the closed labels, succs of O the opening ones */
    for (a = 0; a < NCL; a++) {
        cl_l[a] = pred_l[0][a];
        op_l[a] = succ_l[0][a];
        is_closed[cl_l[a]] = 1;
        is_opening[op_l[a]] = 1;
        cl_k[cl_l[a]] = (uint8_t)a;
        op_j[op_l[a]] = (uint8_t)a;
    }
}

#define NEG (-FLT_MAX / 4)

/* The best predecessor of label y given the scores prev of the previous
 * position: the first maximal one in pred_l order, 0 if none beats NEG. */
static int best_pred(const float *prev, const float *trans, int y)
{
    int k, arg = 0;
    float m = NEG;
    for (k = 0; k < pred_n[y]; k++) {
        int a = pred_l[y][k];
        float v = prev[a] + trans[a * NER_NLABELS + y];
        if (v > m)
            m = v, arg = a;
    }
    return arg;
}

/* The forward pass keeps every position's scores in delta and only takes
 * maxima (no argmax: the maxima of all opening labels at once are one
 * vectorisable loop); the backtrace then finds each predecessor on the
 * best path again with the same arithmetic, so the result is that of
 * argmax bookkeeping at every position and label. */
NER_HOT float ner_viterbi(const float *emit, size_t n, const float *trans, const float *start, const float *end,
                          const uint32_t *mask, float *delta, uint8_t *out)
{
    size_t t;
    int y, j, k, best = 0;
    float bestv = NEG, tco[NCL][NCLP];
    pthread_once(&preds_once, init_preds);
    if (n == 0)
        return 0;
    for (y = 0; y < NER_NLABELS; y++) {
        int ok = start_ok[y] && (!mask || (mask[0] >> y & 1));
        delta[y] = ok ? start[y] + emit[y] : NEG;
    }
    /* transitions from closed label k to opening label j; padding lanes are
     * never read back.  Kept per thread for the last transition table: a
     * document's sentences all use the same one (per pass) */
    {
        static _Thread_local float last_trans[NER_NLABELS * NER_NLABELS], last_tco[NCL][NCLP];
        static _Thread_local int have;
        if (!have || memcmp(last_trans, trans, sizeof last_trans) != 0) {
            for (k = 0; k < NCL; k++)
                for (j = 0; j < NCLP; j++) last_tco[k][j] = j < NCL ? trans[cl_l[k] * NER_NLABELS + op_l[j]] : 0;
            memcpy(last_trans, trans, sizeof last_trans);
            have = 1;
        }
        memcpy(tco, last_tco, sizeof tco);
    }
    for (t = 1; t < n; t++) {
        const float *prev = delta + (t - 1) * NER_NLABELS, *e = emit + t * NER_NLABELS;
        float *cur = delta + t * NER_NLABELS, m[NCLP];
#if defined(__SSE__) && !defined(NER_NO_SIMD)
        {
            /* the same in three registers; _mm_max_ps(v, m) is v > m ? v : m */
            __m128 m0 = _mm_set1_ps(NEG), m1 = m0, m2 = m0;
            for (k = 0; k < NCL; k++) {
                const __m128 pk = _mm_set1_ps(prev[cl_l[k]]);
                m0 = _mm_max_ps(_mm_add_ps(pk, _mm_loadu_ps(tco[k])), m0);
                m1 = _mm_max_ps(_mm_add_ps(pk, _mm_loadu_ps(tco[k] + 4)), m1);
                m2 = _mm_max_ps(_mm_add_ps(pk, _mm_loadu_ps(tco[k] + 8)), m2);
            }
            _mm_storeu_ps(m, m0);
            _mm_storeu_ps(m + 4, m1);
            _mm_storeu_ps(m + 8, m2);
        }
#else
        for (j = 0; j < NCLP; j++) m[j] = NEG;
        for (k = 0; k < NCL; k++) {
            const float pk = prev[cl_l[k]];
            for (j = 0; j < NCLP; j++) {
                float v = pk + tco[k][j];
                m[j] = v > m[j] ? v : m[j];
            }
        }
#endif
        for (j = 0; j < NCL; j++) cur[op_l[j]] = m[j] + e[op_l[j]];
        for (k = 0; k < NER_NTYPES; k++) {
            /* I-x and L-x: from B-x or I-x (their predecessors, in that
             * order), the first maximum above NEG */
            const int b = NER_LABEL(k, NER_PART_B), i = NER_LABEL(k, NER_PART_I), l = NER_LABEL(k, NER_PART_L);
            const float pb = prev[b], pi = prev[i];
            float v0 = pb + trans[b * NER_NLABELS + i], v1 = pi + trans[i * NER_NLABELS + i];
            float mm = v0 > NEG ? v0 : NEG;
            mm = v1 > mm ? v1 : mm;
            cur[i] = mm + e[i];
            v0 = pb + trans[b * NER_NLABELS + l];
            v1 = pi + trans[i * NER_NLABELS + l];
            mm = v0 > NEG ? v0 : NEG;
            mm = v1 > mm ? v1 : mm;
            cur[l] = mm + e[l];
        }
        if (mask && mask[t] != (1u << NER_NLABELS) - 1)
            for (y = 0; y < NER_NLABELS; y++)
                if (!(mask[t] >> y & 1))
                    cur[y] = NEG;
    }
    {
        const float *cur = delta + (n - 1) * NER_NLABELS;
        for (y = 0; y < NER_NLABELS; y++) {
            float v;
            if (!end_ok[y])
                continue;
            v = cur[y] + end[y];
            if (v > bestv)
                bestv = v, best = y;
        }
    }
    out[n - 1] = (uint8_t)best;
    for (t = n - 1; t > 0; t--) {
        y = out[t];
        out[t - 1] = mask && !(mask[t] >> y & 1) ? 0 : (uint8_t)best_pred(delta + (t - 1) * NER_NLABELS, trans, y);
    }
    return bestv;
}

/* Scaled forward-backward in the probability domain. expemit[t][y] holds
 * exp((emit - max_t)/tau) (0 where masked), alpha and beta are normalised
 * per position with the scale factors in scale[t]. */
NER_HOT void ner_forward_backward(const float *emit, size_t n, const float *exptrans, const float *expstart,
                                  const float *expend, const uint32_t *mask, float tau, float *alpha, float *beta,
                                  float *scale, float *expemit)
{
    size_t t;
    int y, j, k;
    const float itau = 1.0f / tau;
    float eco[NCLP][NCLP], eoc[NCLP][NCLP]; /* exp transitions closed -> opening, both ways round */
    pthread_once(&preds_once, init_preds);
    if (n == 0)
        return;
    for (t = 0; t < n; t++) {
        const float *e = emit + t * NER_NLABELS;
        float *x = expemit + t * NER_NLABELS, mx = NEG;
        for (y = 0; y < NER_NLABELS; y++)
            if ((!mask || (mask[t] >> y & 1)) && e[y] > mx)
                mx = e[y];
        for (y = 0; y < NER_NLABELS; y++) {
            /* below e^-30 a label is as good as impossible: skip the exp */
            float z = (e[y] - mx) * itau;
            x[y] = (!mask || (mask[t] >> y & 1)) && z > -30.0f ? expf(z) : 0.0f;
        }
    }
    /* forward */
    {
        float s = 0;
        for (y = 0; y < NER_NLABELS; y++) {
            alpha[y] = expstart[y] * expemit[y];
            s += alpha[y];
        }
        if (s <= 0)
            s = 1e-30f;
        scale[0] = s;
        for (y = 0; y < NER_NLABELS; y++) alpha[y] /= s;
    }
    /* exp transitions closed label k -> opening label j, and the other way
     * round for the backward sums; padding lanes 0 */
    for (k = 0; k < NCLP; k++)
        for (j = 0; j < NCLP; j++) {
            float v = k < NCL && j < NCL ? exptrans[cl_l[k] * NER_NLABELS + op_l[j]] : 0;
            eco[k][j] = v;
            eoc[j][k] = v;
        }
    for (t = 1; t < n; t++) {
        const float *ap = alpha + (t - 1) * NER_NLABELS, *x = expemit + t * NER_NLABELS;
        float *a = alpha + t * NER_NLABELS, s = 0, vo[NCLP];
        /* into the opening labels: sums over the closed ones, in the same
         * (ascending) order for every lane */
        for (j = 0; j < NCLP; j++) vo[j] = 0;
        for (k = 0; k < NCL; k++) {
            const float pk = ap[cl_l[k]];
            for (j = 0; j < NCLP; j++) vo[j] += pk * eco[k][j];
        }
        /* into I-x and L-x: from B-x then I-x, summed in that order */
        for (k = 0; k < NER_NTYPES; k++) {
            const int lb = NER_LABEL(k, NER_PART_B), li = NER_LABEL(k, NER_PART_I), ll = NER_LABEL(k, NER_PART_L);
            float v = 0;
            if (x[li] != 0) {
                v += ap[lb] * exptrans[lb * NER_NLABELS + li];
                v += ap[li] * exptrans[li * NER_NLABELS + li];
            }
            a[li] = v * x[li];
            v = 0;
            if (x[ll] != 0) {
                v += ap[lb] * exptrans[lb * NER_NLABELS + ll];
                v += ap[li] * exptrans[li * NER_NLABELS + ll];
            }
            a[ll] = v * x[ll];
        }
        for (j = 0; j < NCL; j++) {
            const int y2 = op_l[j];
            a[y2] = (x[y2] != 0 ? vo[j] : 0) * x[y2];
        }
        for (y = 0; y < NER_NLABELS; y++) s += a[y];
        if (s <= 0)
            s = 1e-30f;
        scale[t] = s;
        s = 1.0f / s;
        for (y = 0; y < NER_NLABELS; y++) a[y] *= s;
    }
    /* backward: beta[n-1] includes the end potentials, normalised by the
     * total so that sum_y alpha*beta = 1 at every position */
    {
        float *b = beta + (n - 1) * NER_NLABELS, z = 0;
        const float *a = alpha + (n - 1) * NER_NLABELS;
        for (y = 0; y < NER_NLABELS; y++) z += a[y] * expend[y];
        if (z <= 0)
            z = 1e-30f;
        for (y = 0; y < NER_NLABELS; y++) b[y] = expend[y] / z;
        for (t = n - 1; t > 0; t--) {
            const float *bn = beta + t * NER_NLABELS, *x = expemit + t * NER_NLABELS;
            float *bp = beta + (t - 1) * NER_NLABELS;
            float tmp[NER_NLABELS], vc[NCLP];
            const float is = 1.0f / scale[t];
            for (y = 0; y < NER_NLABELS; y++) tmp[y] = bn[y] * x[y] * is;
            /* from the closed labels: sums over the opening ones */
            for (k = 0; k < NCLP; k++) vc[k] = 0;
            for (j = 0; j < NCL; j++) {
                const float tj = tmp[op_l[j]];
                for (k = 0; k < NCLP; k++) vc[k] += eoc[j][k] * tj;
            }
            for (k = 0; k < NCL; k++) bp[cl_l[k]] = vc[k];
            /* from B-x and I-x: to I-x then L-x, summed in that order */
            for (k = 0; k < NER_NTYPES; k++) {
                const int lb = NER_LABEL(k, NER_PART_B), li = NER_LABEL(k, NER_PART_I), ll = NER_LABEL(k, NER_PART_L);
                float v = 0;
                v += exptrans[lb * NER_NLABELS + li] * tmp[li];
                v += exptrans[lb * NER_NLABELS + ll] * tmp[ll];
                bp[lb] = v;
                v = 0;
                v += exptrans[li * NER_NLABELS + li] * tmp[li];
                v += exptrans[li * NER_NLABELS + ll] * tmp[ll];
                bp[li] = v;
            }
        }
    }
}

float ner_span_prob(const float *alpha, const float *beta, const float *scale, const float *expemit,
                    const float *exptrans, const uint8_t *labels, size_t s, size_t e)
{
    /* P = alpha_s(y_s) * prod_{k=s+1..e} T(y_{k-1},y_k) x_k(y_k) / c_k * beta_e(y_e) */
    double p = alpha[s * NER_NLABELS + labels[s]];
    size_t k;
    for (k = s + 1; k <= e; k++)
        p *= exptrans[labels[k - 1] * NER_NLABELS + labels[k]] * expemit[k * NER_NLABELS + labels[k]] / scale[k];
    p *= beta[e * NER_NLABELS + labels[e]];
    if (!(p >= 0))
        p = 0;
    if (p > 1)
        p = 1;
    return (float)p;
}
