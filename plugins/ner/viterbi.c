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

int ner_start_allowed(int to) { return to == 0 || !(NER_LABEL_PART(to) == NER_PART_I || NER_LABEL_PART(to) == NER_PART_L); }

int ner_end_allowed(int from) { return !is_open(from); }

/* predecessor lists */
static uint8_t pred_n[NER_NLABELS];
static uint8_t pred_l[NER_NLABELS][NER_NLABELS];
static uint8_t succ_n[NER_NLABELS];
static uint8_t succ_l[NER_NLABELS][NER_NLABELS];
static pthread_once_t preds_once = PTHREAD_ONCE_INIT;

static void init_preds(void)
{
    int a, b;
    for (b = 0; b < NER_NLABELS; b++) {
        pred_n[b] = 0;
        for (a = 0; a < NER_NLABELS; a++)
            if (ner_trans_allowed(a, b)) pred_l[b][pred_n[b]++] = (uint8_t)a;
    }
    for (a = 0; a < NER_NLABELS; a++) {
        succ_n[a] = 0;
        for (b = 0; b < NER_NLABELS; b++)
            if (ner_trans_allowed(a, b)) succ_l[a][succ_n[a]++] = (uint8_t)b;
    }
}

#define NEG (-FLT_MAX / 4)

float ner_viterbi(const float *emit, size_t n, const float *trans, const float *start,
                  const float *end, const uint32_t *mask, uint8_t *back, float *delta,
                  uint8_t *out)
{
    size_t t;
    int y, best = 0;
    float bestv = NEG, *cur = delta, *prev = delta + NER_NLABELS;
    pthread_once(&preds_once, init_preds);
    if (n == 0) return 0;
    for (y = 0; y < NER_NLABELS; y++) {
        int ok = ner_start_allowed(y) && (!mask || (mask[0] >> y & 1));
        cur[y] = ok ? start[y] + emit[y] : NEG;
    }
    for (t = 1; t < n; t++) {
        float *tmp = prev;
        const float *e = emit + t * NER_NLABELS;
        uint8_t *bk = back + t * NER_NLABELS;
        prev = cur;
        cur = tmp;
        for (y = 0; y < NER_NLABELS; y++) {
            int k, arg = 0;
            float m = NEG;
            if (mask && !(mask[t] >> y & 1)) {
                cur[y] = NEG;
                bk[y] = 0;
                continue;
            }
            for (k = 0; k < pred_n[y]; k++) {
                int a = pred_l[y][k];
                float v = prev[a] + trans[a * NER_NLABELS + y];
                if (v > m) m = v, arg = a;
            }
            cur[y] = m + e[y];
            bk[y] = (uint8_t)arg;
        }
    }
    for (y = 0; y < NER_NLABELS; y++) {
        float v;
        if (!ner_end_allowed(y)) continue;
        v = cur[y] + end[y];
        if (v > bestv) bestv = v, best = y;
    }
    out[n - 1] = (uint8_t)best;
    for (t = n - 1; t > 0; t--) out[t - 1] = back[t * NER_NLABELS + out[t]];
    return bestv;
}

/* Scaled forward-backward in the probability domain. expemit[t][y] holds
 * exp((emit - max_t)/tau) (0 where masked), alpha and beta are normalised
 * per position with the scale factors in scale[t]. */
void ner_forward_backward(const float *emit, size_t n, const float *exptrans, const float *expstart,
                          const float *expend, const uint32_t *mask, float tau, float *alpha,
                          float *beta, float *scale, float *expemit)
{
    size_t t;
    int y, k;
    const float itau = 1.0f / tau;
    pthread_once(&preds_once, init_preds);
    if (n == 0) return;
    for (t = 0; t < n; t++) {
        const float *e = emit + t * NER_NLABELS;
        float *x = expemit + t * NER_NLABELS, mx = NEG;
        for (y = 0; y < NER_NLABELS; y++)
            if ((!mask || (mask[t] >> y & 1)) && e[y] > mx) mx = e[y];
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
        if (s <= 0) s = 1e-30f;
        scale[0] = s;
        for (y = 0; y < NER_NLABELS; y++) alpha[y] /= s;
    }
    for (t = 1; t < n; t++) {
        const float *ap = alpha + (t - 1) * NER_NLABELS, *x = expemit + t * NER_NLABELS;
        float *a = alpha + t * NER_NLABELS, s = 0;
        for (y = 0; y < NER_NLABELS; y++) {
            float v = 0;
            if (x[y] != 0)
                for (k = 0; k < pred_n[y]; k++) {
                    int p = pred_l[y][k];
                    v += ap[p] * exptrans[p * NER_NLABELS + y];
                }
            a[y] = v * x[y];
            s += a[y];
        }
        if (s <= 0) s = 1e-30f;
        scale[t] = s;
        for (y = 0; y < NER_NLABELS; y++) a[y] /= s;
    }
    /* backward: beta[n-1] includes the end potentials, normalised by the
     * total so that sum_y alpha*beta = 1 at every position */
    {
        float *b = beta + (n - 1) * NER_NLABELS, z = 0;
        const float *a = alpha + (n - 1) * NER_NLABELS;
        for (y = 0; y < NER_NLABELS; y++) z += a[y] * expend[y];
        if (z <= 0) z = 1e-30f;
        for (y = 0; y < NER_NLABELS; y++) b[y] = expend[y] / z;
        for (t = n - 1; t > 0; t--) {
            const float *bn = beta + t * NER_NLABELS, *x = expemit + t * NER_NLABELS;
            float *bp = beta + (t - 1) * NER_NLABELS;
            float tmp[NER_NLABELS];
            for (y = 0; y < NER_NLABELS; y++) tmp[y] = bn[y] * x[y] / scale[t];
            for (y = 0; y < NER_NLABELS; y++) {
                float v = 0;
                const float *tr = exptrans + y * NER_NLABELS;
                for (k = 0; k < succ_n[y]; k++) v += tr[succ_l[y][k]] * tmp[succ_l[y][k]];
                bp[y] = v;
            }
        }
    }
}

float ner_span_prob(const float *alpha, const float *beta, const float *scale,
                    const float *expemit, const float *exptrans, const uint8_t *labels, size_t s,
                    size_t e)
{
    /* P = alpha_s(y_s) * prod_{k=s+1..e} T(y_{k-1},y_k) x_k(y_k) / c_k * beta_e(y_e) */
    double p = alpha[s * NER_NLABELS + labels[s]];
    size_t k;
    for (k = s + 1; k <= e; k++)
        p *= exptrans[labels[k - 1] * NER_NLABELS + labels[k]] *
             expemit[k * NER_NLABELS + labels[k]] / scale[k];
    p *= beta[e * NER_NLABELS + labels[e]];
    if (!(p >= 0)) p = 0;
    if (p > 1) p = 1;
    return (float)p;
}
