/* tag.c - tagging a document: the hot path.
 *
 * Per token: one lexicon lookup gives the word's precomputed static weight
 * sums (both passes, all window offsets) and its dynamic info; words not in
 * the lexicon get the same computed into workspace memory. Per position, the
 * emission scores are the five offset vectors summed plus a handful of
 * dynamic-feature rows, then Viterbi per sentence. Pass 2 adds document
 * features (what pass 1 said about the same word elsewhere) and computes
 * confidences by forward-backward. All scratch memory lives in the
 * workspace, grown per document when needed, never per token. */
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

#define ALL_LABELS ((1u << NER_NLABELS) - 1)

/* Sentences longer than this are tagged in pieces of this many tokens: the
 * per-sentence scratch (emissions, lattices, feature rows: ~700 bytes a
 * token) then stays bounded whatever the text (a megabyte of "Ab1$.,"
 * is one sentence).  News sentences are far shorter; an entity cut at a
 * piece's edge is the price in text that has no sentences. */
#define NER_MAX_PIECE 512

struct ner_workspace {
    size_t tokcap, sentcap, tabcap, normcap;
    size_t piececap;   /* sentence scratch, in tokens (<= NER_MAX_PIECE) */
    ner_range *pieces; /* the sentences cut to NER_MAX_PIECE */
    size_t npieces, piecescap;
    /* unknown words of this document, each summed once and shared */
    struct uniq_word *uniq;
    size_t nuniq, uniqcap;
    uint32_t *umap; /* open addressing: index + 1 into uniq, 0 empty */
    size_t umapcap;
    uint32_t *uidx;          /* per token: its uniq index, or UINT32_MAX */
    uint64_t *lexh;          /* per token: its lexicon hash */
    size_t ndoc;             /* tokens of the document being tagged */
    struct rare_entry *rare; /* cache of summed rare words (see rare_word) */
    const ner_model *rare_model;
    uint32_t rare_crc;
    char *norm;              /* tokens with curly quotes etc., in ASCII */
    const ner_dyninfo **dyn; /* per token */
    const int16_t **vec;     /* per token: lexvec row */
    uint8_t *lab1, *lab2, *forced;
    uint32_t *mask;
    uint32_t *acc, *slot, *tvals;
    uint64_t *tkeys;
    float *emit, *delta, *alpha, *beta, *scale, *expemit;
    uint64_t *gzc;  /* per token: name-list codes */
    ner_str *strs;  /* per token: its bytes (for name-list matching) */
    uint32_t *rows; /* per token: dynamic feature rows (ROWS_PER_TOKEN) */
    uint8_t *nrows;
    ner_tag_options opt;
};

ner_workspace *ner_workspace_new(void)
{
    ner_workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    ws->opt.second_pass = 1;
    ws->opt.confidence = 1;
    return ws;
}

void ner_workspace_set_options(ner_workspace *ws, const ner_tag_options *opt)
{
    if (ws && opt)
        ws->opt = *opt;
}

void ner_workspace_free(ner_workspace *ws)
{
    if (!ws)
        return;
    free(ws->dyn);
    free(ws->vec);
    free(ws->uniq);
    free(ws->umap);
    free(ws->uidx);
    free(ws->lexh);
    free(ws->pieces);
    free(ws->lab1);
    free(ws->lab2);
    free(ws->forced);
    free(ws->mask);
    free(ws->acc);
    free(ws->slot);
    free(ws->tvals);
    free(ws->tkeys);
    free(ws->emit);
    free(ws->delta);
    free(ws->alpha);
    free(ws->beta);
    free(ws->scale);
    free(ws->expemit);
    free(ws->rows);
    free(ws->nrows);
    free(ws->gzc);
    free(ws->strs);
    free(ws->norm);
    free(ws->rare);
    free(ws);
}

#define GROW(field, count)                                                           \
    do {                                                                             \
        void *np_ = ner_try_realloc((void *)ws->field, (count) * sizeof *ws->field); \
        if (!np_)                                                                    \
            return -1;                                                               \
        ws->field = np_;                                                             \
    } while (0)

/* Per-token arrays for a document of ntok tokens. */
static int ws_reserve(ner_workspace *ws, size_t ntok)
{
    size_t cap = ws->tokcap;
    if (ntok + 1 <= cap)
        return 0;
    if (cap < 256)
        cap = 256;
    while (cap < ntok + 1) cap *= 2;
    GROW(dyn, cap);
    GROW(vec, cap);
    GROW(uidx, cap);
    GROW(lexh, cap);
    GROW(lab1, cap);
    GROW(lab2, cap);
    GROW(forced, cap);
    GROW(mask, cap);
    GROW(acc, cap * NER_DOC_ACC);
    GROW(slot, cap);
    GROW(gzc, cap);
    GROW(strs, cap);
    {
        size_t t = 16;
        while (t < 2 * cap) t *= 2;
        GROW(tvals, t);
        GROW(tkeys, t);
        ws->tabcap = t;
    }
    ws->tokcap = cap;
    return 0;
}

/* Scratch for one piece of at most n tokens. */
static int ws_reserve_piece(ner_workspace *ws, size_t n)
{
    size_t cap = ws->piececap;
    if (n + 1 <= cap)
        return 0;
    if (cap < 64)
        cap = 64;
    while (cap < n + 1) cap *= 2;
    GROW(emit, cap * NER_NLABELS);
    GROW(alpha, cap * NER_NLABELS);
    GROW(beta, cap * NER_NLABELS);
    GROW(expemit, cap * NER_NLABELS);
    GROW(scale, cap);
    GROW(delta, cap * NER_NLABELS);
    GROW(rows, cap * (NER_MAX_DYN + NER_MAX_DOC));
    GROW(nrows, cap);
    ws->piececap = cap;
    return 0;
}

/* The sentences, each cut into pieces of at most NER_MAX_PIECE tokens, in
 * ws->pieces.  Returns the longest piece, or (size_t)-1 out of memory. */
static size_t cut_pieces(ner_workspace *ws, const ner_range *sents, size_t nsent)
{
    size_t need = 0, longest = 0, s, k = 0;
    for (s = 0; s < nsent; s++) {
        size_t n = sents[s].end - sents[s].start;
        need += n ? (n + NER_MAX_PIECE - 1) / NER_MAX_PIECE : 1;
    }
    if (need > ws->piecescap) {
        ner_range *np = ner_try_realloc(ws->pieces, need * sizeof *np);
        if (!np)
            return (size_t)-1;
        ws->pieces = np;
        ws->piecescap = need;
    }
    for (s = 0; s < nsent; s++) {
        uint32_t a = sents[s].start, b = sents[s].end;
        do {
            uint32_t e = b - a > NER_MAX_PIECE ? a + NER_MAX_PIECE : b;
            ws->pieces[k].start = a;
            ws->pieces[k].end = e;
            if (e - a > longest)
                longest = e - a;
            k++;
            a = e;
        } while (a < b);
    }
    ws->npieces = k;
    return longest;
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

#define ROWS_PER_TOKEN (NER_MAX_DYN + NER_MAX_DOC)

/* Emission scores for sentence tokens [a, b) in pass p (0 or 1). Two
 * phases: first every position's dynamic feature rows are found and
 * prefetched, then summed, so the (random) row loads overlap instead of
 * being waited for one by one. */
NER_HOT static void emissions(const ner_model *m, ner_workspace *ws, int p, size_t a, size_t b)
{
    size_t t, n = b - a;
    ner_sentctx sc;
    uint64_t f[ROWS_PER_TOKEN];
    const float ls = m->lexscale[p], wsc = m->wscale[p];
    const int16_t *w = m->w[p];
    const uint32_t bits = m->hash_bits;
    uint32_t *rows = ws->rows;
    ner_sentctx_init(&sc, ws->dyn + a, n, m->gz.nlists ? ws->gzc + a : NULL);
    for (t = 0; t < n; t++) {
        /* this pass's part of the token's precomputed sums: 170 bytes that
         * the window loop below would otherwise wait for, one line at a time */
        const char *sv = (const char *)(ws->vec[a + t] + p * NER_NOFFS * NER_NLABELS);
        PREFETCH(sv);
        PREFETCH(sv + 64);
        PREFETCH(sv + 128);
        PREFETCH(sv + NER_NOFFS * NER_NLABELS * 2 - 1);
    }
    for (t = 0; t < n; t++) {
        int k, nf = ner_dyn_feats(&sc, t, f);
        if (p == 1) {
            size_t g = a + t;
            int prev = t > 0 ? ws->lab1[g - 1] : -1, next = t + 1 < n ? ws->lab1[g + 1] : -1;
            uint32_t counts[NER_DOC_NC];
            ner_doc_counts_at(g, ws->dyn, ws->lab1, ws->acc, ws->slot, counts);
            nf += ner_doc_feats(counts, ws->dyn, ws->ndoc, ws->dyn[g]->flags, t == sc.first, ws->lab1[g], prev,
                                next, f + nf);
        }
        ws->nrows[t] = (uint8_t)nf;
        for (k = 0; k < nf; k++) {
            uint32_t r = ner_row(f[k], bits);
            const char *q = (const char *)(w + (size_t)r * NER_NLABELS);
            rows[t * ROWS_PER_TOKEN + (size_t)k] = r;
            PREFETCH(q);
            PREFETCH(q + 2 * NER_NLABELS - 1);
        }
    }
    for (t = 0; t < n; t++) {
        int32_t acc[NER_NLABELS], acc2[NER_NLABELS];
        int o, y, k, nf = ws->nrows[t];
        float *e = ws->emit + t * NER_NLABELS;
        for (y = 0; y < NER_NLABELS; y++) acc[y] = acc2[y] = 0;
        for (o = -NER_WINDOW; o <= NER_WINDOW; o++) {
            long u = (long)t + o;
            const int16_t *v;
            if (u < 0)
                v = &m->padvec[0][p][o + NER_WINDOW][0];
            else if (u >= (long)n)
                v = &m->padvec[1][p][o + NER_WINDOW][0];
            else
                v = ws->vec[a + (size_t)u] + (p * NER_NOFFS + o + NER_WINDOW) * NER_NLABELS;
            /* 16 + 1: a fixed trip count of 16 vectorises at -O2 */
            for (y = 0; y < 16; y++) acc[y] += v[y];
            acc[16] += v[16];
        }
        for (k = 0; k < nf; k++) {
            const int16_t *r = w + (size_t)rows[t * ROWS_PER_TOKEN + (size_t)k] * NER_NLABELS;
            for (y = 0; y < 16; y++) acc2[y] += r[y];
            acc2[16] += r[16];
        }
        /* 16 + 1 again: the 16 lanes vectorise, a loop to 17 does not */
        for (y = 0; y < 16; y++) e[y] = ls * (float)acc[y] + wsc * (float)acc2[y];
        e[16] = ls * (float)acc[16] + wsc * (float)acc2[16];
    }
}

static int check_args(const char *text, size_t text_len, const ner_range *tokens, size_t ntok,
                      const ner_range *sents, size_t nsent, char *err, size_t errlen)
{
    size_t i;
    if (ntok && (!tokens || !text)) {
        ner_errf(err, errlen, "ner_tag: NULL tokens or text");
        return -1;
    }
    if (ntok >= 0x7fffffff) {
        ner_errf(err, errlen, "ner_tag: too many tokens (%zu)", ntok);
        return -1;
    }
    for (i = 0; i < ntok; i++) {
        if (tokens[i].start > tokens[i].end || tokens[i].end > text_len || (i && tokens[i].start < tokens[i - 1].end)) {
            ner_errf(err, errlen, "ner_tag: token %zu has a bad byte range [%u, %u)", i, tokens[i].start,
                     tokens[i].end);
            return -1;
        }
    }
    for (i = 0; sents && i < nsent; i++) {
        if (sents[i].start > sents[i].end || sents[i].end > ntok || (i && sents[i].start < sents[i - 1].end)) {
            ner_errf(err, errlen, "ner_tag: sentence %zu has a bad token range [%u, %u)", i, sents[i].start,
                     sents[i].end);
            return -1;
        }
    }
    return 0;
}

/* Words without precomputed sums (rare or unknown) are summed when met;
 * a direct-mapped cache in the workspace keeps the last RARE_CACHE of them,
 * since rare words come back (a name repeated through an article, across
 * a feed). Entries are copied out, so eviction never touches a token. */
#define RARE_CACHE 4096
#define RARE_MAXLEN 24

typedef struct rare_entry {
    uint64_t key; /* word hash | 1; 0 = empty */
    uint32_t len;
    char word[RARE_MAXLEN];
    ner_dyninfo d;
    int16_t vec[NER_LEXVEC_STRIDE];
} rare_entry;

/* An unknown word of the document being tagged, summed once: every token
 * of it points here, so a document costs its distinct unknown words, not
 * NER_LEXVEC_STRIDE values a token. */
typedef struct uniq_word {
    const char *w; /* into the text (or ws->norm) */
    uint32_t n;
    ner_dyninfo d;
    int16_t vec[NER_LEXVEC_STRIDE];
} uniq_word;

static void rare_word(const ner_model *m, ner_workspace *ws, const char *w, size_t n, int16_t *v, ner_dyninfo *d);

/* The index in ws->uniq of unknown word w[0..n), added (and summed) when
 * new.  Returns UINT32_MAX out of memory. */
static uint32_t uniq_index(const ner_model *m, ner_workspace *ws, const char *w, size_t n)
{
    uint64_t h = ner_hash_bytes(w, n, 0x756e697175ULL);
    if ((ws->nuniq + 1) * 2 > ws->umapcap) {
        size_t ncap = ws->umapcap ? ws->umapcap * 2 : 1024, i;
        uint32_t *nm = calloc(ncap, sizeof *nm);
        if (!nm)
            return UINT32_MAX;
        for (i = 0; i < ws->nuniq; i++) {
            size_t j = (size_t)ner_hash_bytes(ws->uniq[i].w, ws->uniq[i].n, 0x756e697175ULL) & (ncap - 1);
            while (nm[j]) j = (j + 1) & (ncap - 1);
            nm[j] = (uint32_t)i + 1;
        }
        free(ws->umap);
        ws->umap = nm;
        ws->umapcap = ncap;
    }
    size_t j = (size_t)h & (ws->umapcap - 1);
    while (ws->umap[j]) {
        const uniq_word *u = &ws->uniq[ws->umap[j] - 1];
        if (u->n == n && memcmp(u->w, w, n) == 0)
            return ws->umap[j] - 1;
        j = (j + 1) & (ws->umapcap - 1);
    }
    if (ws->nuniq == ws->uniqcap) {
        size_t ncap = ws->uniqcap ? ws->uniqcap * 2 : 64;
        uniq_word *nu = ner_try_realloc(ws->uniq, ncap * sizeof *nu);
        if (!nu)
            return UINT32_MAX;
        ws->uniq = nu;
        ws->uniqcap = ncap;
    }
    uniq_word *u = &ws->uniq[ws->nuniq];
    u->w = w;
    u->n = (uint32_t)n;
    rare_word(m, ws, w, n, u->vec, &u->d);
    ws->umap[j] = (uint32_t)ws->nuniq + 1;
    return (uint32_t)ws->nuniq++;
}

static void rare_word(const ner_model *m, ner_workspace *ws, const char *w, size_t n, int16_t *v, ner_dyninfo *d)
{
    rare_entry *e = NULL;
    ner_tokinfo ti;
    int32_t acc[NER_LEXVEC_STRIDE];
    if (n <= RARE_MAXLEN) {
        uint64_t key = ner_hash_bytes(w, n, 0x7261726577ULL) | 1;
        if (ws->rare_model != m || ws->rare_crc != m->crc) {
            if (!ws->rare)
                ws->rare = calloc(RARE_CACHE, sizeof *ws->rare);
            else
                memset(ws->rare, 0, RARE_CACHE * sizeof *ws->rare);
            ws->rare_model = ws->rare ? m : NULL;
            ws->rare_crc = m->crc;
        }
        if (ws->rare) {
            e = &ws->rare[key & (RARE_CACHE - 1)];
            if (e->key == key && e->len == n && memcmp(e->word, w, n) == 0) {
                memcpy(v, e->vec, sizeof e->vec);
                *d = e->d;
                return;
            }
            e->key = key;
            e->len = (uint32_t)n;
            memcpy(e->word, w, n);
        }
    }
    ner_model_tokinfo(m, w, n, &ti);
    ner_model_static_sums(m, &ti, acc);
    ner_model_quantise_sums(m, acc, v);
    *d = ti.d;
    if (e) {
        memcpy(e->vec, v, sizeof e->vec);
        e->d = ti.d;
    }
}

/* Runs both passes; leaves final labels in ws->lab2 (and confidences in
 * ws->alpha/beta/scale/expemit per sentence when requested). */
static int run(const ner_model *m, ner_workspace *ws, const ner_gazetteer *gaz, const char *text, size_t text_len,
               const ner_range *tokens, size_t ntok, const ner_range *sents, size_t nsent)
{
    size_t t, s, normlen = 0, longest;
    if (ws_reserve(ws, ntok) != 0)
        return -1;
    longest = cut_pieces(ws, sents, nsent);
    if (longest == (size_t)-1 || ws_reserve_piece(ws, longest) != 0)
        return -1;
    ws->nuniq = 0;
    if (ws->umap)
        memset(ws->umap, 0, ws->umapcap * sizeof *ws->umap);
    if (text_len > ws->normcap) {
        char *p = ner_try_realloc(ws->norm, text_len);
        if (!p)
            return -1;
        ws->norm = p;
        ws->normcap = text_len;
    }
    /* token lookups: the words and their hashes first, then the lookups,
     * each warming the cache for the words a few tokens on (their table
     * slot, entry, string, info), so that the lexicon's cache misses
     * overlap instead of being waited for one by one */
    for (t = 0; t < ntok; t++) {
        const char *w = text + tokens[t].start;
        size_t n = tokens[t].end - tokens[t].start;
        if (n >= 3 && memchr(w, 0xE2, n)) {
            /* news text has curly quotes and dashes, the training text
             * ASCII: the model sees them as the ASCII it learnt */
            size_t k = ner_norm_punct(w, n, ws->norm + normlen);
            if (k) {
                w = ws->norm + normlen;
                n = k;
                normlen += k;
            }
        }
        ws->strs[t].p = w;
        ws->strs[t].n = (uint32_t)n;
        ws->lexh[t] = ner_lexicon_hash(w, n);
        ws->mask[t] = ALL_LABELS;
        ws->forced[t] = 0;
        ws->lab1[t] = ws->lab2[t] = 0;
    }
    for (t = 0; t < ntok; t++) {
        const char *w = ws->strs[t].p;
        size_t n = ws->strs[t].n;
        long id;
        if (t + 12 < ntok)
            ner_lexicon_prefetch_slot(&m->lex, ws->lexh[t + 12]);
        if (t + 8 < ntok)
            ner_lexicon_prefetch_entry(&m->lex, ws->lexh[t + 8]);
        if (t + 4 < ntok) {
            long c = ner_lexicon_prefetch_word(&m->lex, ws->lexh[t + 4]);
            if (c >= 0) {
                PREFETCH(&m->lexrow[c]);
                PREFETCH(&m->lexdyn[c]);
            }
        }
        id = ner_lexicon_find_h(&m->lex, w, n, ws->lexh[t]);
        if (id >= 0 && m->lexrow[id] != NER_NOROW) {
            ws->dyn[t] = &m->lexdyn[id];
            ws->vec[t] = m->lexvec + (size_t)m->lexrow[id] * NER_LEXVEC_STRIDE;
        } else {
            /* pointed at below: ws->uniq may still move */
            ws->uidx[t] = uniq_index(m, ws, w, n);
            if (ws->uidx[t] == UINT32_MAX)
                return -1;
            ws->dyn[t] = NULL;
        }
    }
    for (t = 0; t < ntok; t++)
        if (!ws->dyn[t]) {
            ws->dyn[t] = &ws->uniq[ws->uidx[t]].d;
            ws->vec[t] = ws->uniq[ws->uidx[t]].vec;
        }
    if (m->gz.nlists)
        for (s = 0; s < ws->npieces; s++)
            ner_gz_codes(&m->gz, ws->strs + ws->pieces[s].start, ws->pieces[s].end - ws->pieces[s].start,
                         ws->gzc + ws->pieces[s].start);
    if (gaz)
        ner_gazetteer_apply(gaz, text, tokens, sents, nsent, ws->mask, ws->forced);
    /* pass 1 */
    for (s = 0; s < ws->npieces; s++) {
        size_t a = ws->pieces[s].start, b = ws->pieces[s].end;
        const float *tr = m->trans[0];
        if (b == a)
            continue;
        emissions(m, ws, 0, a, b);
        ner_viterbi(ws->emit, b - a, tr, m->start[0], m->end[0], gaz ? ws->mask + a : NULL, ws->delta, ws->lab1 + a);
    }
    if (!ws->opt.second_pass) {
        memcpy(ws->lab2, ws->lab1, ntok);
        return 0;
    }
    ws->ndoc = ntok;
    ner_doc_counts(ntok, ws->dyn, ws->lab1, NULL, ws->tkeys, ws->tvals, ws->tabcap, ws->acc, ws->slot);
    return 0;
}

static void pass2_sentence(const ner_model *m, ner_workspace *ws, const ner_gazetteer *gaz, size_t a, size_t b)
{
    emissions(m, ws, 1, a, b);
    ner_viterbi(ws->emit, b - a, m->trans[1], m->start[1], m->end[1], gaz ? ws->mask + a : NULL, ws->delta,
                ws->lab2 + a);
}

long ner_tag(const ner_model *m, ner_workspace *ws, const ner_gazetteer *gaz, const char *text, size_t text_len,
             const ner_range *tokens, size_t ntok, const ner_range *sents, size_t nsent, ner_entity *out,
             size_t max_out, char *err, size_t errlen)
{
    size_t s, found = 0;
    ner_range one;
    if (!m || !ws) {
        ner_errf(err, errlen, "ner_tag: NULL model or workspace");
        return -1;
    }
    if (max_out && !out) {
        ner_errf(err, errlen, "ner_tag: NULL output array");
        return -1;
    }
    if (check_args(text, text_len, tokens, ntok, sents, nsent, err, errlen) != 0)
        return -1;
    if (!sents) {
        one.start = 0;
        one.end = (uint32_t)ntok;
        sents = &one;
        nsent = 1;
    }
    if (run(m, ws, gaz, text, text_len, tokens, ntok, sents, nsent) != 0) {
        ner_errf(err, errlen, "ner_tag: out of memory");
        return -1;
    }
    for (s = 0; s < ws->npieces; s++) {
        size_t a = ws->pieces[s].start, b = ws->pieces[s].end, t;
        const uint8_t *lab;
        int conf = ws->opt.confidence;
        if (b == a)
            continue;
        if (ws->opt.second_pass) {
            pass2_sentence(m, ws, gaz, a, b);
            lab = ws->lab2;
        } else {
            lab = ws->lab1;
            conf = 0; /* emissions of pass 1 are gone; keep it cheap */
        }
        if (conf) {
            int any = 0;
            for (t = a; t < b; t++) any |= lab[t] != 0;
            if (!any)
                continue;
            ner_forward_backward(ws->emit, b - a, m->exptrans, m->expstart, m->expend, gaz ? ws->mask + a : NULL,
                                 m->tau, ws->alpha, ws->beta, ws->scale, ws->expemit);
        }
        for (t = a; t < b;) {
            size_t e;
            int l = lab[t];
            if (l == 0) {
                t++;
                continue;
            }
            /* valid BILOU from Viterbi: U, or B I* L */
            e = t;
            if (NER_LABEL_PART(l) == NER_PART_B)
                while (e + 1 < b && NER_LABEL_PART(lab[e + 1]) != NER_PART_L && NER_LABEL_PART(lab[e + 1]) == NER_PART_I)
                    e++;
            if (NER_LABEL_PART(l) == NER_PART_B && e + 1 < b)
                e++;
            if (found < max_out) {
                ner_entity *en = &out[found];
                en->tok_start = (uint32_t)t;
                en->tok_end = (uint32_t)(e + 1);
                en->label = NER_LABEL_TYPE(l);
                if (ws->forced[t])
                    en->confidence = 1.0f;
                else if (conf)
                    en->confidence = ner_span_prob(ws->alpha, ws->beta, ws->scale, ws->expemit, m->exptrans,
                                                   lab + a, t - a, e - a);
                else
                    en->confidence = 0.5f;
            }
            found++;
            t = e + 1;
        }
    }
    return (long)found;
}
