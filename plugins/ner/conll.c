/* conll.c - CoNLL-2003 files and entity-level scoring.
 *
 * Input columns: token POS chunk NER (only the first and the last are used).
 * Sentences are separated by blank lines, documents start at -DOCSTART-.
 * Tags are IOB1 (as in CoNLL-2003) or IOB2; both are read with conlleval's
 * chunk rules and stored as BILOU labels. Scoring is exact-match per entity,
 * like conlleval. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

/* Type index of an IOB tag ("I-PER" -> 0), -1 for O or unknown types. */
static int tag_type(const char *t)
{
    if (!t[0] || t[0] == 'O' || !t[1] || t[1] != '-')
        return -1;
    return ner_label_parse(t + 2, strlen(t + 2)) >= 0 ? ner_label_parse(t + 2, strlen(t + 2)) : -1;
}

void ner_iob_to_bilou(const char *const *tags, size_t n, uint8_t *out)
{
    size_t i = 0;
    while (i < n) {
        int ty = tag_type(tags[i]);
        size_t j;
        if (ty < 0) {
            out[i++] = 0;
            continue;
        }
        /* a chunk starts here; it continues while I-<same type> follows */
        j = i + 1;
        while (j < n && tags[j][0] == 'I' && tag_type(tags[j]) == ty) j++;
        if (j - i == 1) {
            out[i] = (uint8_t)NER_LABEL(ty, NER_PART_U);
        } else {
            size_t k;
            out[i] = (uint8_t)NER_LABEL(ty, NER_PART_B);
            for (k = i + 1; k + 1 < j; k++) out[k] = (uint8_t)NER_LABEL(ty, NER_PART_I);
            out[j - 1] = (uint8_t)NER_LABEL(ty, NER_PART_L);
        }
        i = j;
    }
}

static void push_tok(ner_corpus *c, const char *s, size_t n)
{
    if (c->ntok == c->tokcap) {
        c->tokcap = c->tokcap ? c->tokcap * 2 : 1 << 16;
        c->tok_off = ner_xrealloc(c->tok_off, c->tokcap * sizeof *c->tok_off);
        c->tok_len = ner_xrealloc(c->tok_len, c->tokcap * sizeof *c->tok_len);
        c->gold = ner_xrealloc(c->gold, c->tokcap);
    }
    while (c->pool_len + n + 1 > c->pool_cap) {
        c->pool_cap = c->pool_cap ? c->pool_cap * 2 : 1 << 20;
        c->pool = ner_xrealloc(c->pool, c->pool_cap);
    }
    memcpy(c->pool + c->pool_len, s, n);
    c->pool[c->pool_len + n] = 0;
    c->tok_off[c->ntok] = (uint32_t)c->pool_len;
    c->tok_len[c->ntok] = (uint32_t)n;
    c->pool_len += n + 1;
    c->ntok++;
}

static void push_u32(uint32_t **a, size_t *n, size_t *cap, uint32_t v)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 1024;
        *a = ner_xrealloc(*a, *cap * sizeof **a);
    }
    (*a)[(*n)++] = v;
}

int ner_corpus_read(ner_corpus *c, const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    char **tags = NULL;
    size_t ntags = 0, tagcap = 0, sent_first = 0;
    int in_sent = 0, doc_open = 0;

    memset(c, 0, sizeof *c);
    if (!fp) {
        ner_errf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    for (;;) {
        char *tok, *last, *p;
        len = getline(&line, &cap, fp);
        if (len > 0)
            lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' '))
            line[--len] = 0;
        if (len <= 0 || strncmp(line, "-DOCSTART-", 10) == 0) {
            if (in_sent) {
                /* close sentence: convert its tags */
                ner_iob_to_bilou((const char *const *)tags, ntags, c->gold + sent_first);
                for (size_t k = 0; k < ntags; k++) free(tags[k]);
                ntags = 0;
                in_sent = 0;
            }
            if (len > 0) { /* -DOCSTART- */
                push_u32(&c->doc_start, &c->ndoc, &c->doccap, (uint32_t)c->nsent);
                doc_open = 1;
                continue;
            }
            if (len < 0)
                break;
            continue;
        }
        if (!in_sent) {
            if (!doc_open) {
                push_u32(&c->doc_start, &c->ndoc, &c->doccap, (uint32_t)c->nsent);
                doc_open = 1;
            }
            push_u32(&c->sent_start, &c->nsent, &c->sentcap, (uint32_t)c->ntok);
            sent_first = c->ntok;
            in_sent = 1;
        }
        tok = line;
        p = strchr(line, ' ');
        if (!p)
            p = strchr(line, '\t');
        if (!p) {
            ner_errf(err, errlen, "%s:%zu: expected at least two columns", path, lineno);
            free(line);
            fclose(fp);
            return -1;
        }
        *p = 0;
        last = strrchr(p + 1, ' ');
        if (!last)
            last = strrchr(p + 1, '\t');
        last = last ? last + 1 : p + 1;
        push_tok(c, tok, strlen(tok));
        if (ntags == tagcap) {
            tagcap = tagcap ? tagcap * 2 : 256;
            tags = ner_xrealloc(tags, tagcap * sizeof *tags);
        }
        tags[ntags++] = ner_xstrdup(last);
    }
    free(line);
    free(tags);
    fclose(fp);
    /* sentinels; an empty document list still gets one document */
    if (c->ndoc == 0)
        push_u32(&c->doc_start, &c->ndoc, &c->doccap, 0);
    push_u32(&c->sent_start, &c->nsent, &c->sentcap, (uint32_t)c->ntok);
    c->nsent--;
    push_u32(&c->doc_start, &c->ndoc, &c->doccap, (uint32_t)c->nsent);
    c->ndoc--;
    /* drop empty documents (-DOCSTART- followed by another) */
    {
        size_t d, o = 0;
        for (d = 0; d < c->ndoc; d++)
            if (c->doc_start[d + 1] > c->doc_start[d])
                c->doc_start[o++] = c->doc_start[d];
        c->doc_start[o] = (uint32_t)c->nsent;
        c->ndoc = o;
    }
    return 0;
}

void ner_corpus_free(ner_corpus *c)
{
    free(c->pool);
    free(c->tok_off);
    free(c->tok_len);
    free(c->gold);
    free(c->sent_start);
    free(c->doc_start);
    memset(c, 0, sizeof *c);
}

/* ---- scoring ------------------------------------------------------------- */

typedef struct {
    size_t s, e;
    int type;
} span;

/* Entities of a valid-or-not BILOU sequence: B/I/L runs and U, leniently
 * (a run is B I* L of one type; stray I/L start a new entity like IOB1). */
static size_t spans_of(const uint8_t *l, size_t n, span *out)
{
    size_t t = 0, k = 0;
    while (t < n) {
        int ty;
        size_t e;
        if (l[t] == 0) {
            t++;
            continue;
        }
        ty = NER_LABEL_TYPE(l[t]);
        if (NER_LABEL_PART(l[t]) == NER_PART_U || NER_LABEL_PART(l[t]) == NER_PART_L) {
            out[k].s = t;
            out[k].e = t + 1;
            out[k++].type = ty;
            t++;
            continue;
        }
        e = t + 1;
        while (e < n && l[e] > 0 && NER_LABEL_TYPE(l[e]) == ty &&
               (NER_LABEL_PART(l[e]) == NER_PART_I || NER_LABEL_PART(l[e]) == NER_PART_L)) {
            e++;
            if (NER_LABEL_PART(l[e - 1]) == NER_PART_L)
                break;
        }
        out[k].s = t;
        out[k].e = e;
        out[k++].type = ty;
        t = e;
    }
    return k;
}

void ner_score_add(ner_score *sc, const uint8_t *gold, const uint8_t *pred, size_t n)
{
    span *g = ner_xmalloc((n + 1) * sizeof *g), *p = ner_xmalloc((n + 1) * sizeof *p);
    size_t ng = spans_of(gold, n, g), np = spans_of(pred, n, p), i = 0, j = 0;
    while (i < ng || j < np) {
        if (i < ng && j < np && g[i].s == p[j].s && g[i].e == p[j].e && g[i].type == p[j].type) {
            sc->tp[g[i].type]++;
            i++;
            j++;
        } else if (j >= np || (i < ng && (g[i].s < p[j].s || (g[i].s == p[j].s && g[i].e <= p[j].e)))) {
            sc->fn[g[i].type]++;
            i++;
        } else {
            sc->fp[p[j].type]++;
            j++;
        }
    }
    free(g);
    free(p);
}

static void prf(long tp, long fp, long fn, double *P, double *R, double *F)
{
    *P = tp + fp ? 100.0 * tp / (tp + fp) : 0;
    *R = tp + fn ? 100.0 * tp / (tp + fn) : 0;
    *F = *P + *R > 0 ? 2 * *P * *R / (*P + *R) : 0;
}

double ner_score_f1(const ner_score *sc)
{
    long tp = 0, fp = 0, fn = 0;
    double P, R, F;
    int k;
    for (k = 0; k < NER_NTYPES; k++) tp += sc->tp[k], fp += sc->fp[k], fn += sc->fn[k];
    prf(tp, fp, fn, &P, &R, &F);
    return F;
}

double ner_score_print(const ner_score *sc, void *fpv, const char *title)
{
    FILE *fp = fpv;
    long tp = 0, fpos = 0, fn = 0;
    double P, R, F;
    int k;
    fprintf(fp, "%s\n%-8s %7s %7s %7s %7s %7s\n", title ? title : "", "label", "P", "R", "F1", "gold", "pred");
    for (k = 0; k < NER_NTYPES; k++) {
        prf(sc->tp[k], sc->fp[k], sc->fn[k], &P, &R, &F);
        fprintf(fp, "%-8s %7.2f %7.2f %7.2f %7ld %7ld\n", ner_label_name(k), P, R, F, sc->tp[k] + sc->fn[k],
                sc->tp[k] + sc->fp[k]);
        tp += sc->tp[k];
        fpos += sc->fp[k];
        fn += sc->fn[k];
    }
    prf(tp, fpos, fn, &P, &R, &F);
    fprintf(fp, "%-8s %7.2f %7.2f %7.2f %7ld %7ld\n", "overall", P, R, F, tp + fn, tp + fpos);
    return F;
}
