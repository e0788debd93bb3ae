/* features.c - what the model sees of a token and its context.
 *
 * Three kinds of features, all hashed to 64 bits (template code + value):
 *  - static: a function of one token and its window offset (-2..2) from the
 *    position being labelled: word, lower-cased word, shapes, affixes,
 *    cluster path prefixes. Because they depend on one token only, the
 *    tagger can precompute, per known word and offset, the sum of their
 *    weights: tagging a known word then costs one lookup, not ~40.
 *  - dynamic: depend on several tokens or on the sentence (word bigrams,
 *    shape trigram, sentence-initial, all-caps sentence); a handful per
 *    position, looked up at tagging time.
 *  - document (pass 2 only): what pass 1 said about the same word elsewhere
 *    in the document, and its own and its neighbours' pass-1 labels.
 * Changing any template changes the model: bump NER_MODEL_VERSION. */
#include "ner_internal.h"

/* Template codes. Static ones are combined with the offset. */
enum {
    T_WORD = 1,
    T_LOWER,
    T_SHAPE,
    T_SSHAPE,
    T_PRE1,
    T_PRE2,
    T_PRE3,
    T_PRE4,
    T_SUF1,
    T_SUF2,
    T_SUF3,
    T_SUF4,
    T_CL4,
    T_CL6,
    T_CL10,
    T_CL20,
    T_NOCL,
    T_FLAGS,
    T_CASECLS,
    T_AUTO,
    /* dynamic */
    T_BIAS = 64,
    T_BI_PREV,
    T_BI_NEXT,
    T_SHAPE3,
    T_FIRST_SHAPE,
    T_CAPSENT_SHAPE,
    T_FIRST_LOWER,
    T_SHAPE_PREVLOWER,
    T_SHAPE_NEXTLOWER,
    T_GAZ,
    T_GAZ_PREV,
    T_GAZ_NEXT,
    T_GAZ_LISTS,
    T_GAZ_FW,
    T_GAZ_LW,
    /* document */
    T_DOC_MAJ = 96,
    T_DOC_HAS,
    T_DOC_MAJ_CAP,
    T_DOC_ONLY,
    T_SELF,
    T_SELF_PREV_NEXT,
    T_DOC_NONE,
    T_DOC_FIRST,
    T_DOC_LOWER,
    T_AGG_PREV,
    T_AGG_NEXT
};

#define SOFF(tmpl, off) ((uint32_t)(tmpl)*8u + (uint32_t)((off) + 4))

static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static char shape_char(unsigned char c)
{
    if (is_upper(c))
        return 'X';
    if (is_lower(c))
        return 'x';
    if (is_digit(c))
        return 'd';
    if (c >= 0x80)
        return 'u';
    return (char)c;
}

size_t ner_shape(const char *s, size_t n, char *out, size_t outsz, int collapse)
{
    size_t i, o = 0;
    char prev = 0;
    int run = 0;
    if (!outsz)
        return 0;
    for (i = 0; i < n && o + 1 < outsz; i++) {
        unsigned char c = (unsigned char)s[i];
        char sc;
        if (c >= 0x80 && (c & 0xC0) == 0x80)
            continue; /* UTF-8 continuation */
        sc = shape_char(c);
        if (sc == prev) {
            run++;
            if (collapse || run >= 4)
                continue;
        } else {
            run = 1;
        }
        out[o++] = sc;
        prev = sc;
    }
    out[o] = 0;
    return o;
}

size_t ner_norm_punct(const char *s, size_t n, char *out)
{
    size_t i = 0, o = 0;
    int changed = 0;
    while (i < n) {
        const unsigned char *u = (const unsigned char *)s + i;
        const char *rep = NULL;
        if (i + 2 < n && u[0] == 0xE2 && u[1] == 0x80) {
            switch (u[2]) {
            case 0x98:
            case 0x99:
            case 0x9B: rep = "'"; break; /* single quotes */
            case 0x9C:
            case 0x9D:
            case 0x9E: rep = "\""; break; /* double quotes */
            case 0x93:
            case 0x92: rep = "-"; break; /* en dash, figure dash */
            case 0x94:
            case 0x95: rep = "--"; break;  /* em dash, bar */
            case 0xA6: rep = "..."; break; /* ellipsis */
            default: break;
            }
        }
        if (rep) {
            size_t k = strlen(rep);
            memcpy(out + o, rep, k);
            o += k;
            i += 3;
            changed = 1;
        } else {
            out[o++] = s[i++];
        }
    }
    return changed ? o : 0;
}

void ner_tokinfo_make(ner_tokinfo *ti, const char *s, size_t n, uint32_t cl_bits, uint32_t cl_len)
{
    char low[64], shp[24];
    size_t i, ln = n < sizeof low ? n : sizeof low;
    int has_upper = 0, has_lower = 0, has_digit = 0, has_alpha = 0;
    uint32_t flags = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_upper(c))
            has_upper = 1, has_alpha = 1;
        else if (is_lower(c))
            has_lower = 1, has_alpha = 1;
        else if (is_digit(c))
            has_digit = 1;
        else if (c >= 0x80)
            has_alpha = 1;
    }
    for (i = 0; i < ln; i++) {
        unsigned char c = (unsigned char)s[i];
        low[i] = is_upper(c) ? (char)(c + 32) : (char)c;
    }
    if (n && is_upper((unsigned char)s[0]))
        flags |= NER_TF_INITCAP;
    if (n && is_lower((unsigned char)s[0]))
        flags |= NER_TF_LOWERINIT;
    if (has_upper && !has_lower)
        flags |= NER_TF_ALLCAPS;
    if (has_digit)
        flags |= NER_TF_HASDIGIT;
    if (has_alpha)
        flags |= NER_TF_ALPHA;
    if (!has_alpha && !has_digit)
        flags |= NER_TF_PUNCT;

    ti->word = ner_hash_bytes(s, n, 1);
    /* words longer than the buffer: the lower-case hash covers the exact
     * bytes of the tail (rare, and consistent between training and tagging) */
    ti->d.lower = n <= sizeof low ? ner_hash_bytes(low, n, 2) : ner_hash_bytes(s, n, 3);
    ti->d.flags = flags;
    ti->d.pad = 0;
    ti->shape = ner_hash_bytes(shp, ner_shape(s, n, shp, sizeof shp, 0), 4);
    ti->d.sshape = ner_hash_bytes(shp, ner_shape(s, n, shp, sizeof shp, 1), 5);
    for (i = 0; i < 4; i++) {
        if (i < ln && i + 1 < n) {
            ti->pre[i] = ner_hash_bytes(low, i + 1, 6);
            ti->suf[i] = n <= sizeof low ? ner_hash_bytes(low + n - (i + 1), i + 1, 7) : 0;
        } else {
            ti->pre[i] = ti->suf[i] = 0;
        }
    }
    ti->cl_bits = cl_bits;
    ti->cl_len = cl_len;
    ti->casecls = 0;
    ti->autocls = 0;
}

void ner_tokinfo_pad(ner_tokinfo *ti, int which)
{
    static const char *const PAD[2] = {"<S>", "</S>"};
    const char *p = PAD[which > 0];
    memset(ti, 0, sizeof *ti);
    ti->word = ner_hash_bytes(p, strlen(p), 11);
    ti->d.lower = ti->word;
    ti->shape = ti->word;
    ti->d.sshape = ti->word;
    ti->d.flags = NER_TF_PUNCT;
}

static uint64_t cl_prefix(const ner_tokinfo *ti, uint32_t k)
{
    uint32_t len = ti->cl_len < k ? ti->cl_len : k;
    uint32_t bits = len >= 32 ? ti->cl_bits : ti->cl_bits & ~(0xffffffffu >> len);
    return ((uint64_t)len << 32) | bits;
}

int ner_static_feats(const ner_tokinfo *ti, int off, uint64_t *out)
{
    int n = 0, i, a = off < 0 ? -off : off;
    if (ti->word == 0 && ti->d.lower == 0)
        return 0;
    if (a <= 1)
        out[n++] = ner_feat(SOFF(T_WORD, off), ti->word);
    out[n++] = ner_feat(SOFF(T_LOWER, off), ti->d.lower);
    out[n++] = ner_feat(SOFF(T_SSHAPE, off), ti->d.sshape);
    if (a == 0) {
        out[n++] = ner_feat(SOFF(T_SHAPE, off), ti->shape);
        out[n++] = ner_feat(SOFF(T_FLAGS, off), ti->d.flags);
        for (i = 0; i < 4; i++) {
            if (ti->pre[i])
                out[n++] = ner_feat(SOFF(T_PRE1 + i, off), ti->pre[i]);
            if (ti->suf[i])
                out[n++] = ner_feat(SOFF(T_SUF1 + i, off), ti->suf[i]);
        }
    } else if (a == 1) {
        if (ti->suf[2])
            out[n++] = ner_feat(SOFF(T_SUF3, off), ti->suf[2]);
    }
    if (ti->autocls)
        out[n++] = ner_feat(SOFF(T_AUTO, off), ti->autocls);
    if (a <= 1 && ti->casecls)
        out[n++] = ner_feat(SOFF(T_CASECLS, off), ti->casecls * 8 + (ti->d.flags & (NER_TF_INITCAP | NER_TF_ALLCAPS)));
    if (ti->cl_len) {
        out[n++] = ner_feat(SOFF(T_CL4, off), cl_prefix(ti, 4));
        out[n++] = ner_feat(SOFF(T_CL6, off), cl_prefix(ti, 6));
        out[n++] = ner_feat(SOFF(T_CL10, off), cl_prefix(ti, 10));
        if (a <= 1)
            out[n++] = ner_feat(SOFF(T_CL20, off), cl_prefix(ti, 20));
    } else if (a <= 1 && !(ti->d.flags & NER_TF_PUNCT)) {
        out[n++] = ner_feat(SOFF(T_NOCL, off), ti->d.flags & (NER_TF_INITCAP | NER_TF_ALLCAPS));
    }
    return n;
}

static const ner_dyninfo PAD_DYN = {0x1111111111111111ULL, 0x2222222222222222ULL, NER_TF_PUNCT, 0};

void ner_sentctx_init(ner_sentctx *sc, const ner_dyninfo *const *tok, size_t n, const uint64_t *gz)
{
    size_t i;
    sc->tok = tok;
    sc->n = n;
    sc->allcaps = ner_sentence_allcaps(tok, n);
    sc->gz = gz;
    for (i = 0; i < n && (tok[i]->flags & NER_TF_PUNCT); i++) {}
    sc->first = i < n ? i : 0;
}

/* Name-list features of position t: per list, the token's place in a match
 * (B/I/L/U), the set of lists it is on, and the lists its neighbours are
 * on (a surname after a given name, a city after "in"). */
static int gaz_feats(const ner_sentctx *sc, size_t t, uint64_t *out)
{
    int n = 0;
    uint32_t k, lists = 0;
    uint64_t c = sc->gz[t], cp = t > 0 ? sc->gz[t - 1] : 0, cn = t + 1 < sc->n ? sc->gz[t + 1] : 0;
    if (!(c | cp | cn))
        return 0;
    for (k = 0; k < NER_GZ_MAXLISTS; k++) {
        uint32_t part = c >> (3 * k) & 7;
        if (part) {
            out[n++] = ner_feat(T_GAZ, k * 8 + part);
            lists |= 1u << k;
        }
        if (c >> (NER_GZ_FW_SHIFT + k) & 1)
            out[n++] = ner_feat(T_GAZ_FW, k);
        if (c >> (NER_GZ_LW_SHIFT + k) & 1)
            out[n++] = ner_feat(T_GAZ_LW, k);
        if (cp >> (3 * k) & 7)
            out[n++] = ner_feat(T_GAZ_PREV, k);
        if (cn >> (3 * k) & 7)
            out[n++] = ner_feat(T_GAZ_NEXT, k);
    }
    if (lists & (lists - 1))
        out[n++] = ner_feat(T_GAZ_LISTS, lists);
    return n;
}

int ner_dyn_feats(const ner_sentctx *sc, size_t t, uint64_t *out)
{
    int n = 0;
    const ner_dyninfo *cur = sc->tok[t];
    const ner_dyninfo *prev = t > 0 ? sc->tok[t - 1] : &PAD_DYN;
    const ner_dyninfo *next = t + 1 < sc->n ? sc->tok[t + 1] : &PAD_DYN;
    out[n++] = ner_feat(T_BIAS, 0);
    out[n++] = ner_feat(T_BI_PREV, prev->lower * 31 + cur->lower);
    out[n++] = ner_feat(T_BI_NEXT, cur->lower * 31 + next->lower);
    out[n++] = ner_feat(T_SHAPE3, (prev->sshape * 31 + cur->sshape) * 31 + next->sshape);
    out[n++] = ner_feat(T_SHAPE_PREVLOWER, prev->lower * 37 + cur->sshape);
    out[n++] = ner_feat(T_SHAPE_NEXTLOWER, next->lower * 37 + cur->sshape);
    if (t == sc->first) {
        out[n++] = ner_feat(T_FIRST_SHAPE, cur->sshape);
        out[n++] = ner_feat(T_FIRST_LOWER, cur->lower);
    }
    if (sc->allcaps)
        out[n++] = ner_feat(T_CAPSENT_SHAPE, cur->sshape);
    if (sc->gz)
        n += gaz_feats(sc, t, out + n);

    return n;
}

int ner_doc_feats(const uint32_t *counts, const ner_dyninfo *const *doc, size_t ndoc, uint32_t flags, int first,
                  int self, int prev, int next, uint64_t *out)
{
    int n = 0, k, best = -1, ntypes = 0;
    uint32_t total = 0, bestc = 0;
    uint64_t cap = flags & (NER_TF_INITCAP | NER_TF_ALLCAPS);
    for (k = 0; k < 5; k++) {
        total += counts[k];
        if (counts[k] > bestc)
            bestc = counts[k], best = k;
        if (k > 0 && counts[k])
            ntypes++;
    }
    if (total == 0) {
        out[n++] = ner_feat(T_DOC_NONE, cap);
    } else {
        out[n++] = ner_feat(T_DOC_MAJ, (uint64_t)best);
        out[n++] = ner_feat(T_DOC_MAJ_CAP, (uint64_t)best * 8 + cap);
        for (k = 1; k < 5; k++)
            if (counts[k])
                out[n++] = ner_feat(T_DOC_HAS, (uint64_t)k);
        if (ntypes == 1 && counts[0] == 0)
            out[n++] = ner_feat(T_DOC_ONLY, (uint64_t)best);
    }
    if (counts[5])
        out[n++] = ner_feat(T_DOC_FIRST, (uint64_t)counts[5] * 8 + cap);
    /* a capitalised word that the document also writes in lower case is
     * probably a common word capitalised by its position ("Allies are") */
    if (cap && counts[6])
        out[n++] = ner_feat(T_DOC_LOWER, (uint64_t)(counts[6] > 1) * 16 + (uint64_t)first * 8 + cap);
    /* context aggregation: the words around the word's other capitalised
     * occurrences ("Mr. Rutte" there says PER here) */
    if (cap)
        for (k = 7; k < 10; k++) {
            uint32_t u = counts[k];
            if (u >= ndoc)
                continue;
            if (u > 0)
                out[n++] = ner_feat(T_AGG_PREV, doc[u - 1]->lower);
            if (u + 1 < ndoc)
                out[n++] = ner_feat(T_AGG_NEXT, doc[u + 1]->lower);
        }
    out[n++] = ner_feat(T_SELF, (uint64_t)self);
    out[n++] =
        ner_feat(T_SELF_PREV_NEXT, ((uint64_t)(self + 1) * 32 + (uint64_t)(prev + 1)) * 32 + (uint64_t)(next + 1));
    return n;
}

int ner_sentence_allcaps(const ner_dyninfo *const *tok, size_t n)
{
    size_t i, alpha = 0;
    for (i = 0; i < n; i++) {
        if (!(tok[i]->flags & NER_TF_ALPHA))
            continue;
        if (!(tok[i]->flags & NER_TF_ALLCAPS))
            return 0;
        alpha++;
    }
    return alpha >= 2;
}

/* Per-document label counts by lower-cased word, over capitalised tokens.
 * table must hold tsize (a power of two >= 2n) slots; acc n*NER_DOC_ACC
 * counters; slot_of n entries. See NER_DOC_NC for what counts gets. */
void ner_doc_counts(size_t n, const ner_dyninfo *const *tok, const uint8_t *labels, uint32_t *counts,
                    uint64_t *tkeys, uint32_t *tvals, size_t tsize, uint32_t *acc, uint32_t *slot_of)
{
    size_t t, mask = tsize - 1, nslots = 0;
    const uint32_t capmask = NER_TF_INITCAP | NER_TF_ALLCAPS;
    for (t = 0; t < tsize; t++) tvals[t] = 0;
    for (t = 0; t < n; t++) {
        uint64_t key = tok[t]->lower | 1; /* never 0 */
        size_t i = (size_t)(key >> 17) & mask;
        uint32_t *a;
        while (tvals[i] && tkeys[i] != key) i = (i + 1) & mask;
        if (!tvals[i]) {
            tkeys[i] = key;
            tvals[i] = (uint32_t)++nslots;
            memset(acc + (nslots - 1) * NER_DOC_ACC, 0, 8 * sizeof *acc);
            memset(acc + (nslots - 1) * NER_DOC_ACC + 8, 0xff, NER_DOC_OCC * sizeof *acc);
        }
        slot_of[t] = tvals[i] - 1;
        a = acc + (size_t)slot_of[t] * NER_DOC_ACC;
        if (tok[t]->flags & capmask) {
            int k = labels[t] ? 1 + NER_LABEL_TYPE(labels[t]) : 0;
            a[k]++;
            if (!a[5]) {
                a[5] = (uint32_t)k + 1; /* first capitalised occurrence */
                a[6] = (uint32_t)t;
            }
            for (k = 8; k < 8 + NER_DOC_OCC; k++)
                if (a[k] == NER_NOROW) {
                    a[k] = (uint32_t)t;
                    break;
                }
        } else if (tok[t]->flags & NER_TF_LOWERINIT) {
            a[7]++;
        }
    }
    if (counts)
        for (t = 0; t < n; t++) ner_doc_counts_at(t, tok, labels, acc, slot_of, counts + t * NER_DOC_NC);
}

void ner_doc_counts_at(size_t t, const ner_dyninfo *const *tok, const uint8_t *labels, const uint32_t *acc,
                       const uint32_t *slot_of, uint32_t *c)
{
    const uint32_t capmask = NER_TF_INITCAP | NER_TF_ALLCAPS;
    const uint32_t *a = acc + (size_t)slot_of[t] * NER_DOC_ACC;
    int k, j;
    for (k = 0; k < 5; k++) c[k] = a[k];
    if (tok[t]->flags & capmask)
        c[labels[t] ? 1 + NER_LABEL_TYPE(labels[t]) : 0]--;
    c[5] = a[5] && a[6] != t ? a[5] : 0;
    c[6] = a[7] - ((tok[t]->flags & NER_TF_LOWERINIT) && !(tok[t]->flags & capmask) ? 1 : 0);
    c[7] = c[8] = c[9] = NER_NOROW;
    for (k = 8, j = 7; k < 8 + NER_DOC_OCC && j < 10; k++)
        if (a[k] != NER_NOROW && a[k] != t)
            c[j++] = a[k];
}
