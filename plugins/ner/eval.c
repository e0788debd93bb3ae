/* eval.c - evaluation on a CoNLL file with its given tokens.
 *
 * Tags each -DOCSTART- document through the public ner_tag() path (the
 * tokens become byte ranges into a per-document buffer), scores entities by
 * exact match like conlleval, reports confidence calibration, and can write
 * "token gold predicted" lines (IOB2) for shared/tools/nereval.py. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ner_internal.h"

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static const char *iob2(int l, char *buf)
{
    if (l == 0)
        return "O";
    sprintf(buf, "%c-%s", NER_LABEL_PART(l) == NER_PART_B || NER_LABEL_PART(l) == NER_PART_U ? 'B' : 'I',
            ner_label_name(NER_LABEL_TYPE(l)));
    return buf;
}

static void eval_usage(FILE *fp)
{
    fprintf(fp, "usage: ner eval --model MODEL --file FILE.conll [--out PRED.txt] [--gazetteer FILE]\n"
                "                [--no-second-pass] [--tau T]\n"
                "  Prints entity-level P/R/F1 per label and overall (exact match, as conlleval),\n"
                "  confidence calibration, and tagging speed.\n");
}

int ner_eval_main(int argc, char **argv)
{
    const char *model = NULL, *file = NULL, *outp = NULL, *gazp = NULL;
    int second = 1, i;
    float tau = 0;
    char err[512];
    ner_model *m;
    ner_gazetteer *gaz = NULL;
    ner_workspace *ws;
    ner_corpus c;
    ner_score sc;
    FILE *out = NULL;
    size_t d, maxtok = 0, maxsent = 0, nent = 0;
    ner_range *toks, *sents;
    ner_entity *ents;
    uint8_t *pred;
    double t0, ttag = 0, load;
    /* calibration: 10 bins of confidence */
    long bin_n[10] = {0}, bin_ok[10] = {0};
    double brier = 0;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            eval_usage(stdout);
            return 0;
        }
        if (!strcmp(a, "--no-second-pass")) {
            second = 0;
            continue;
        }
        if (!v) {
            eval_usage(stderr);
            return 2;
        }
        if (!strcmp(a, "--model"))
            model = v;
        else if (!strcmp(a, "--file"))
            file = v;
        else if (!strcmp(a, "--out"))
            outp = v;
        else if (!strcmp(a, "--gazetteer"))
            gazp = v;
        else if (!strcmp(a, "--tau"))
            tau = (float)atof(v);
        else {
            eval_usage(stderr);
            return 2;
        }
        i++;
    }
    if (!model || !file) {
        eval_usage(stderr);
        return 2;
    }
    t0 = now_sec();
    m = ner_model_load(model, err, sizeof err);
    if (!m) {
        fprintf(stderr, "ner eval: %s\n", err);
        return 1;
    }
    load = now_sec() - t0;
    if (tau > 0)
        ner_model_set_tau(m, tau);
    if (gazp && !(gaz = ner_gazetteer_load(gazp, err, sizeof err))) {
        fprintf(stderr, "ner eval: %s\n", err);
        ner_model_free(m);
        return 1;
    }
    if (ner_corpus_read(&c, file, err, sizeof err) != 0) {
        fprintf(stderr, "ner eval: %s\n", err);
        ner_model_free(m);
        return 1;
    }
    if (outp && !(out = fopen(outp, "w"))) {
        perror(outp);
        return 1;
    }
    for (d = 0; d < c.ndoc; d++) {
        size_t a = c.sent_start[c.doc_start[d]], b = c.sent_start[c.doc_start[d + 1]];
        size_t ns = c.doc_start[d + 1] - c.doc_start[d];
        if (b - a > maxtok)
            maxtok = b - a;
        if (ns > maxsent)
            maxsent = ns;
    }
    toks = ner_xmalloc((maxtok + 1) * sizeof *toks);
    sents = ner_xmalloc((maxsent + 1) * sizeof *sents);
    ents = ner_xmalloc((maxtok + 1) * sizeof *ents);
    pred = ner_xmalloc(maxtok + 1);
    ws = ner_workspace_new();
    {
        ner_tag_options o = {second, 1};
        ner_workspace_set_options(ws, &o);
    }
    memset(&sc, 0, sizeof sc);
    for (d = 0; d < c.ndoc; d++) {
        size_t s0 = c.doc_start[d], s1 = c.doc_start[d + 1], a = c.sent_start[s0], b = c.sent_start[s1], t, s;
        const char *text = c.pool + (b > a ? c.tok_off[a] : 0);
        long n;
        double t1;
        for (t = a; t < b; t++) {
            toks[t - a].start = c.tok_off[t] - c.tok_off[a];
            toks[t - a].end = toks[t - a].start + c.tok_len[t];
        }
        for (s = s0; s < s1; s++) {
            sents[s - s0].start = c.sent_start[s] - (uint32_t)a;
            sents[s - s0].end = c.sent_start[s + 1] - (uint32_t)a;
        }
        t1 = now_sec();
        n = ner_tag(m, ws, gaz, text, b > a ? toks[b - a - 1].end : 0, toks, b - a, sents, s1 - s0, ents,
                    maxtok + 1, err, sizeof err);
        ttag += now_sec() - t1;
        if (n < 0) {
            fprintf(stderr, "ner eval: %s\n", err);
            return 1;
        }
        /* entities -> BILOU labels for scoring */
        memset(pred, 0, b - a);
        for (i = 0; i < n; i++) {
            size_t k, s_ = ents[i].tok_start, e_ = ents[i].tok_end;
            int ty = ents[i].label;
            if (e_ - s_ == 1)
                pred[s_] = (uint8_t)NER_LABEL(ty, NER_PART_U);
            else {
                pred[s_] = (uint8_t)NER_LABEL(ty, NER_PART_B);
                for (k = s_ + 1; k + 1 < e_; k++) pred[k] = (uint8_t)NER_LABEL(ty, NER_PART_I);
                pred[e_ - 1] = (uint8_t)NER_LABEL(ty, NER_PART_L);
            }
            /* calibration: is this exact entity in gold? */
            {
                int ok = 1;
                const uint8_t *g = c.gold + a;
                for (k = s_; k < e_; k++)
                    if (g[k] != pred[k])
                        ok = 0;
                if (ok && e_ < b - a && g[e_] && NER_LABEL_PART(g[e_]) != NER_PART_B &&
                    NER_LABEL_PART(g[e_]) != NER_PART_U)
                    ok = 0;
                {
                    int bin = (int)(ents[i].confidence * 10);
                    if (bin > 9)
                        bin = 9;
                    if (bin < 0)
                        bin = 0;
                    bin_n[bin]++;
                    bin_ok[bin] += ok;
                    brier += (ents[i].confidence - ok) * (ents[i].confidence - ok);
                }
            }
        }
        nent += (size_t)n;
        for (s = s0; s < s1; s++) {
            size_t sa = c.sent_start[s], sb = c.sent_start[s + 1];
            ner_score_add(&sc, c.gold + sa, pred + (sa - a), sb - sa);
            if (out) {
                char b1[16], b2[16];
                for (t = sa; t < sb; t++)
                    fprintf(out, "%s %s %s\n", c.pool + c.tok_off[t], iob2(c.gold[t], b1), iob2(pred[t - a], b2));
                fputc('\n', out);
            }
        }
    }
    printf("model: %s\n", ner_model_info(m));
    ner_score_print(&sc, stdout, file);
    printf("calibration (confidence bin: entities, precision):");
    for (i = 0; i < 10; i++)
        if (bin_n[i])
            printf(" [%.1f,%.1f): %ld %.2f;", i / 10.0, (i + 1) / 10.0, bin_n[i], (double)bin_ok[i] / bin_n[i]);
    printf("\nBrier score %.4f over %zu entities (tau %.3g)\n", nent ? brier / nent : 0, nent, m->tau);
    printf("model load %.3fs; tagging %zu tokens in %.3fs: %.0f tokens/s\n", load, c.ntok, ttag,
           ttag > 0 ? c.ntok / ttag : 0);
    if (out)
        fclose(out);
    free(toks);
    free(sents);
    free(ents);
    free(pred);
    ner_workspace_free(ws);
    ner_gazetteer_free(gaz);
    ner_model_free(m);
    ner_corpus_free(&c);
    return 0;
}
