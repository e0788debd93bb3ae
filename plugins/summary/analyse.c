/*
 * analyse.c - one pass over a document's tokens and sentences that gives
 * every sentence its dense features (summ_internal.h lists them).
 *
 * Words are lower-cased (ASCII) and interned per document in an
 * open-addressing table, so each distinct token is hashed into the model's
 * tables once.  Sentence vectors are TF-IDF over content words, the IDF
 * taken over the document's own sentences (each sentence a "document", as
 * in PACSUM).  Pairwise cosines use a dense scatter of one vector against
 * the sparse others: O(S * content words) per document.
 *
 * Everything lives in memory from the caller's allocator; nothing is freed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <textpipe/utf8.h>

#include "summ_internal.h"

/* ---- Characters ------------------------------------------------------------
 *
 * Classes are <textpipe/utf8.h>'s.  The features below were trained with
 * these definitions (train/): change one and retrain. */

/* The code point at s[0..n) (n >= 1), by the module's rule. */
static uint32_t first_cp(const unsigned char *s, size_t n)
{
    uint32_t cp;
    tp_utf8_decode((const char *)s, n, &cp);
    return cp;
}

/* A token is a word when its first character is a letter or a digit (a
 * combining mark counts with its letter); ½ and ² do not start words. */
static int word_start(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (s[0] < 0x80)
        return (tp_utf8_ascii_class(s[0]) & (TP_UTF8_LETTER | TP_UTF8_DIGIT)) != 0;
    return tp_utf8_is(first_cp(s, n), TP_UTF8_LETTER | TP_UTF8_MARK | TP_UTF8_DIGIT);
}

/* Upper- (or title-) case first letter. */
static int capitalised(const unsigned char *s, size_t n)
{
    return n > 0 && tp_utf8_is(first_cp(s, n), TP_UTF8_UPPER);
}

#define LEFT_SINGLE_QUOTE 0x2018  /* ‘ */
#define RIGHT_SINGLE_QUOTE 0x2019 /* ’ */
#define LEFT_DOUBLE_QUOTE 0x201C  /* “ */
#define RIGHT_DOUBLE_QUOTE 0x201D /* ” */

/* An opening quote at s: " ' ‘ “ (the marks English news opens with). */
static int opening_quote(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    uint32_t c = first_cp(s, n);
    return c == '"' || c == '\'' || c == LEFT_SINGLE_QUOTE || c == LEFT_DOUBLE_QUOTE;
}

/* The sentence holds a double quotation mark: " “ ” */
static int has_double_quote(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += tp_utf8_decode((const char *)s + i, n - i, &c);
        if (c == '"' || c == LEFT_DOUBLE_QUOTE || c == RIGHT_DOUBLE_QUOTE)
            return 1;
    }
    return 0;
}

/* A picture caption run into the text: an optional opening quote, a
 * capital, at most 40 more letters, spaces, apostrophes, periods or hyphens,
 * then a colon and white space ("Family at war: A bitter feud ..."). */
static int caption_start(const unsigned char *s, size_t n)
{
    size_t i = 0;
    uint32_t c;
    if (opening_quote(s, n))
        i += tp_utf8_decode((const char *)s, n, &c);
    if (i >= n || s[i] < 'A' || s[i] > 'Z')
        return 0;
    i++;
    for (int k = 0; k < 40 && i < n; k++) {
        size_t l = tp_utf8_decode((const char *)s + i, n - i, &c);
        if (((c | 32) >= 'a' && (c | 32) <= 'z') || c == '\'' || c == '.' || c == '-' || c == ' ' ||
            c == RIGHT_SINGLE_QUOTE)
            i += l;
        else
            break;
    }
    if (i + 1 >= n || s[i] != ':')
        return 0;
    tp_utf8_decode((const char *)s + i + 1, n - i - 1, &c);
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0;
}

/* ---- Helpers --------------------------------------------------------------- */

static size_t pow2_at_least(size_t n)
{
    size_t c = 16;
    while (c < n) c <<= 1;
    return c;
}

static int term_cmp(const void *a, const void *b)
{
    uint32_t x = ((const doc_term *)a)->type, y = ((const doc_term *)b)->type;
    return x < y ? -1 : x > y;
}

/* Sorts a sentence's terms by type: insertion sort for the usual few dozen,
 * qsort past that. */
static void sort_terms(doc_term *t, size_t n)
{
    if (n > 48) {
        qsort(t, n, sizeof *t, term_cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        doc_term x = t[i];
        size_t j = i;
        while (j > 0 && t[j - 1].type > x.type) {
            t[j] = t[j - 1];
            j--;
        }
        t[j] = x;
    }
}

/* Index of the triangle cell (i, j), i < j < c. */
static size_t tri_index(size_t i, size_t j, size_t c) { return i * (2 * c - i - 1) / 2 + (j - i - 1); }

/* Web boilerplate left in the text: the words "scroll down" or "click
 * here" in a row ("Scroll down for video", "Click here to see more"). */
static int boilerplate(const summ_model *m, const summ_doc *d, const doc_sent *ds)
{
    uint64_t prev = 0;
    for (size_t i = ds->tok0; i < ds->tok0 + ds->ntok; i++) {
        uint64_t k = d->types[d->toks[i].type].key;
        if ((prev == m->junk[0] && k == m->junk[1]) || (prev == m->junk[2] && k == m->junk[3]))
            return 1;
        prev = k;
    }
    return 0;
}

/* ---- Steps ----------------------------------------------------------------- */

/* Collects the tokens of each sentence and interns their lower-cased text. */
static void collect_tokens(const summ_model *m, const summ_input *in, summ_alloc_fn alloc, void *actx, summ_doc *d)
{
    const unsigned char *text = (const unsigned char *)in->text;
    d->toks = alloc(actx, (in->ntokens ? in->ntokens : 1) * sizeof *d->toks);
    size_t t = 0, n = 0;
    for (size_t s = 0; s < d->nsent; s++) {
        summ_span sp = in->sentences[s];
        doc_sent *ds = &d->sents[s];
        memset(ds, 0, sizeof *ds);
        ds->tok0 = (uint32_t)n;
        if (sp.begin > sp.end || sp.end > in->len)
            continue;
        while (t < in->ntokens && in->tokens[t].begin < sp.begin) t++;
        for (; t < in->ntokens && in->tokens[t].begin < sp.end; t++) {
            summ_span tk = in->tokens[t];
            if (tk.end > sp.end || tk.end <= tk.begin)
                continue;
            doc_tok *dt = &d->toks[n++];
            dt->begin = tk.begin;
            dt->end = tk.end;
            dt->word = (uint8_t)word_start(text + tk.begin, tk.end - tk.begin);
            dt->content = dt->name = 0;
        }
        ds->ntok = (uint32_t)(n - ds->tok0);
    }
    d->ntok = n;

    /* Intern. */
    size_t cap = pow2_at_least(2 * n), mask = cap - 1;
    uint64_t *keys = alloc(actx, cap * sizeof *keys);
    uint32_t *slots = alloc(actx, cap * sizeof *slots);
    memset(keys, 0, cap * sizeof *keys);
    d->types = alloc(actx, (n ? n : 1) * sizeof *d->types);
    d->ntype = 0;
    for (size_t i = 0; i < n; i++) {
        doc_tok *dt = &d->toks[i];
        uint64_t key = summ__hash(in->text + dt->begin, dt->end - dt->begin);
        size_t h = summ__slot(key, mask);
        while (keys[h] && keys[h] != key) h = (h + 1) & mask;
        if (!keys[h]) {
            keys[h] = key;
            slots[h] = (uint32_t)d->ntype;
            doc_type *ty = &d->types[d->ntype++];
            memset(ty, 0, sizeof *ty);
            ty->lex = summ__lex_find(m, key);
            ty->stop = ty->lex && (ty->lex->flags & LEX_STOP);
            ty->key = key;
        }
        dt->type = slots[h];
        dt->content = dt->word && !d->types[dt->type].stop;
    }
}

/* Marks names: tokens inside an entity when the document has entities,
 * else capitalised content words that do not start their sentence. */
static void mark_names(const summ_input *in, summ_doc *d)
{
    const unsigned char *text = (const unsigned char *)in->text;
    if (in->nentities) {
        size_t e = 0;
        uint32_t covered = 0;
        for (size_t i = 0; i < d->ntok; i++) {
            doc_tok *t = &d->toks[i];
            while (e < in->nentities && in->entities[e].begin <= t->begin) {
                if (in->entities[e].end > covered && in->entities[e].end <= in->len)
                    covered = in->entities[e].end;
                e++;
            }
            t->name = t->word && t->end <= covered;
        }
    } else {
        for (size_t s = 0; s < d->nsent; s++) {
            const doc_sent *ds = &d->sents[s];
            int first = 1;
            for (size_t i = ds->tok0; i < ds->tok0 + ds->ntok; i++) {
                doc_tok *t = &d->toks[i];
                if (!t->word)
                    continue;
                t->name = !first && t->content && capitalised(text + t->begin, t->end - t->begin);
                first = 0;
            }
        }
    }
    for (size_t i = 0; i < d->ntok; i++)
        if (d->toks[i].name)
            d->types[d->toks[i].type].names++;
}

/* Counts words, document frequencies and IDF; builds each sentence's
 * TF-IDF vector. */
static void build_vectors(summ_alloc_fn alloc, void *actx, summ_doc *d)
{
    size_t S = d->nsent, nterm = 0;
    for (size_t s = 0; s < S; s++) {
        doc_sent *ds = &d->sents[s];
        for (size_t i = ds->tok0; i < ds->tok0 + ds->ntok; i++) {
            const doc_tok *t = &d->toks[i];
            ds->words += t->word;
            if (!t->content)
                continue;
            ds->content++;
            doc_type *ty = &d->types[t->type];
            ty->count++;
            if (ty->stamp != s + 1) {
                ty->stamp = (uint32_t)(s + 1);
                ty->df++;
            }
            if (s < 3)
                ty->lead = 1;
        }
        nterm += ds->content;
    }
    for (size_t k = 0; k < d->ntype; k++) d->types[k].idf = log((double)(S + 1) / (d->types[k].df + 0.5));

    d->terms = alloc(actx, (nterm ? nterm : 1) * sizeof *d->terms);
    size_t at = 0;
    for (size_t s = 0; s < S; s++) {
        doc_sent *ds = &d->sents[s];
        doc_term *v = d->terms + at;
        size_t n = 0;
        for (size_t i = ds->tok0; i < ds->tok0 + ds->ntok; i++)
            if (d->toks[i].content)
                v[n++] = (doc_term){d->toks[i].type, 1.0f};
        sort_terms(v, n);
        size_t u = 0;
        for (size_t i = 0; i < n; i++) {
            if (u && v[u - 1].type == v[i].type)
                v[u - 1].weight += 1.0f;
            else
                v[u++] = v[i];
        }
        double norm = 0;
        for (size_t i = 0; i < u; i++) {
            v[i].weight = (float)(v[i].weight * d->types[v[i].type].idf);
            norm += (double)v[i].weight * v[i].weight;
        }
        ds->term0 = (uint32_t)at;
        ds->nterm = (uint32_t)u;
        ds->norm = sqrt(norm);
        at += u;
    }
}

/* The pairwise features: directed degree (PACSUM: forward and backward,
 * plain and above the document's mean similarity), the largest similarity
 * before and after, similarity to the first sentence; and similarity to the
 * document's centroid. */
static void centrality(summ_alloc_fn alloc, void *actx, summ_doc *d)
{
    size_t S = d->nsent, C = S < SUMM_MAX_CENTRAL ? S : SUMM_MAX_CENTRAL;
    float *dense = alloc(actx, (d->ntype ? d->ntype : 1) * sizeof *dense);
    memset(dense, 0, (d->ntype ? d->ntype : 1) * sizeof *dense);

    /* Centroid: every content occurrence weighted by IDF. */
    double cnorm = 0;
    for (size_t k = 0; k < d->ntype; k++) {
        double w = d->types[k].count * d->types[k].idf;
        dense[k] = (float)w;
        cnorm += w * w;
    }
    cnorm = sqrt(cnorm);
    for (size_t s = 0; s < S; s++) {
        const doc_sent *ds = &d->sents[s];
        double dot = 0;
        for (size_t i = ds->term0; i < ds->term0 + ds->nterm; i++)
            dot += (double)d->terms[i].weight * dense[d->terms[i].type];
        d->feat[s * SUMM_NFEAT + F_CENT] = ds->norm > 0 && cnorm > 0 ? dot / (ds->norm * cnorm) : 0;
    }
    memset(dense, 0, (d->ntype ? d->ntype : 1) * sizeof *dense);
    if (C < 2)
        return;

    float *sim = alloc(actx, C * (C - 1) / 2 * sizeof *sim);
    double total = 0;
    for (size_t i = 0; i < C; i++) {
        const doc_sent *a = &d->sents[i];
        for (size_t k = a->term0; k < a->term0 + a->nterm; k++) dense[d->terms[k].type] = d->terms[k].weight;
        for (size_t j = i + 1; j < C; j++) {
            const doc_sent *b = &d->sents[j];
            double dot = 0;
            if (a->norm > 0 && b->norm > 0) {
                for (size_t k = b->term0; k < b->term0 + b->nterm; k++)
                    dot += (double)d->terms[k].weight * dense[d->terms[k].type];
                dot /= a->norm * b->norm;
            }
            sim[tri_index(i, j, C)] = (float)dot;
            total += dot;
        }
        for (size_t k = a->term0; k < a->term0 + a->nterm; k++) dense[d->terms[k].type] = 0;
    }
    /* Degrees: one pass over the pairs, accumulating into both ends. */
    double thr = total / (double)(C * (C - 1) / 2);
    double *acc = alloc(actx, C * 6 * sizeof *acc); /* fwd bwd fwdt bwdt maxa maxb */
    memset(acc, 0, C * 6 * sizeof *acc);
    const float *x = sim;
    for (size_t i = 0; i < C; i++) {
        double *ai = acc + 6 * i;
        for (size_t j = i + 1; j < C; j++) {
            double v = *x++, over = v > thr ? v - thr : 0;
            double *aj = acc + 6 * j;
            ai[0] += v;
            aj[1] += v;
            ai[2] += over;
            aj[3] += over;
            if (v > ai[4])
                ai[4] = v;
            if (v > aj[5])
                aj[5] = v;
        }
    }
    double scale = 5.0 / (double)(C - 1);
    for (size_t i = 0; i < C; i++) {
        const double *a = acc + 6 * i;
        double *f = d->feat + i * SUMM_NFEAT;
        f[F_FWD] = a[0] * scale;
        f[F_BWD] = a[1] * scale;
        f[F_FWDT] = a[2] * scale;
        f[F_BWDT] = a[3] * scale;
        f[F_MAXSIM_AFTER] = a[4];
        f[F_MAXSIM_BEFORE] = a[5];
        f[F_MAXSIM] = a[4] > a[5] ? a[4] : a[5];
        f[F_SIM0] = i == 0 ? 1.0 : sim[tri_index(0, i, C)];
    }
}

/* Every feature that looks at one sentence alone, and the lexical score. */
static void sentence_features(const summ_model *m, const summ_input *in, summ_doc *d)
{
    const unsigned char *text = (const unsigned char *)in->text;
    size_t S = d->nsent, mi = 0;
    for (size_t s = 0; s < S; s++) {
        const doc_sent *ds = &d->sents[s];
        double *f = d->feat + s * SUMM_NFEAT;
        summ_span sp = in->sentences[s];
        int valid = sp.begin <= sp.end && sp.end <= in->len;
        const unsigned char *st = text + (valid ? sp.begin : 0);
        size_t sl = valid ? sp.end - sp.begin : 0;

        f[F_BIAS] = 1;
        static const int posf[] = {F_POS0, F_POS1, F_POS2, F_POS3, F_POS4, F_POS5};
        f[s < 6 ? posf[s] : s < 10 ? F_POS6_9 : s < 20 ? F_POS10_19 : F_POS20] = 1;
        f[F_LOGPOS] = log1p((double)s);
        f[F_RELPOS] = (double)s / (double)S;
        f[F_LOGN] = log1p((double)S) / 3;
        size_t w = ds->words;
        f[F_NW] = w / 30.0;
        static const int lenf[] = {F_LEN0, F_LEN5, F_LEN10, F_LEN15, F_LEN20, F_LEN25};
        f[w < 30 ? lenf[w / 5] : w < 40 ? F_LEN30 : F_LEN40] = 1;

        f[F_Q_START] = opening_quote(st, sl);
        f[F_Q_ANY] = has_double_quote(st, sl);
        f[F_QUESTION] = sl && st[sl - 1] == '?';
        f[F_EXCL] = sl && st[sl - 1] == '!';
        f[F_CAPTION] = caption_start(st, sl);
        f[F_CAPTION_LEAD] = f[F_CAPTION] && s < 3;
        f[F_JUNK] = boilerplate(m, d, ds);

        /* A sentence cut at a stray period ("... erupted between."). */
        for (size_t i = ds->tok0 + ds->ntok; i-- > ds->tok0;) {
            if (d->toks[i].word) {
                f[F_FRAGEND] = d->types[d->toks[i].type].stop && sl && st[sl - 1] == '.';
                break;
            }
        }

        double idf = 0, lead = 0, names = 0, sal = 0, digits = 0;
        for (size_t i = ds->tok0; i < ds->tok0 + ds->ntok; i++) {
            const doc_tok *t = &d->toks[i];
            const doc_type *ty = &d->types[t->type];
            if (text[t->begin] >= '0' && text[t->begin] <= '9')
                digits++;
            if (t->content) {
                idf += ty->idf;
                lead += ty->lead;
            }
            if (t->name) {
                names++;
                sal += log((double)ty->names);
            }
        }
        double c = ds->content ? (double)ds->content : 1.0, wd = w ? (double)w : 1.0;
        f[F_AVGIDF] = idf / c / 3;
        f[F_LEADOV] = s >= 3 ? lead / c : 0;
        f[F_CWFRAC] = ds->content / wd;
        f[F_NAMES] = names / wd;
        f[F_NAMESAL] = sal / 5;
        f[F_DIGITS] = digits / wd;

        /* Money spans that start in the sentence. */
        size_t money = 0;
        while (mi < in->nmoney && in->money[mi].begin < sp.begin) mi++;
        for (size_t k = mi; k < in->nmoney && in->money[k].begin < sp.end; k++) money++;
        f[F_MONEY] = (double)money;

        /* Lexical: each distinct token, then the first and last ones. */
        size_t distinct = 0;
        double lw = 0;
        for (size_t i = ds->tok0; i < ds->tok0 + ds->ntok; i++) {
            doc_type *ty = &d->types[d->toks[i].type];
            if (ty->seen == s + 1)
                continue;
            ty->seen = (uint32_t)(s + 1);
            distinct++;
            if (ty->lex)
                lw += ty->lex->w[LEX_W];
        }
        d->wvalue[s] = distinct ? 1.0 / sqrt((double)distinct) : 0;
        double lex = lw * d->wvalue[s];
        if (ds->ntok) {
            const doc_tok *t = d->toks + ds->tok0;
            const summ_lex *e;
            if ((e = d->types[t[0].type].lex))
                lex += e->w[LEX_FIRST];
            if ((e = d->types[t[ds->ntok - 1].type].lex))
                lex += e->w[LEX_LAST];
            if (ds->ntok > 1 && (e = d->types[t[ds->ntok - 2].type].lex))
                lex += e->w[LEX_LAST2];
        }
        d->lex[s] = lex;
    }
}

void summ__analyse(const summ_model *m, const summ_input *in, summ_alloc_fn alloc, void *actx, summ_doc *d)
{
    memset(d, 0, sizeof *d);
    d->in = in;
    d->nsent = in->nsentences;
    size_t S = d->nsent ? d->nsent : 1;
    d->sents = alloc(actx, S * sizeof *d->sents);
    d->feat = alloc(actx, S * SUMM_NFEAT * sizeof *d->feat);
    memset(d->feat, 0, S * SUMM_NFEAT * sizeof *d->feat);
    d->wvalue = alloc(actx, S * sizeof *d->wvalue);
    d->lex = alloc(actx, S * sizeof *d->lex);
    if (!d->nsent)
        return;
    collect_tokens(m, in, alloc, actx, d);
    mark_names(in, d);
    build_vectors(alloc, actx, d);
    centrality(alloc, actx, d);
    sentence_features(m, in, d);
}
