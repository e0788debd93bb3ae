/*
 * test_summary - unit tests for the summariser: the library (summ.h) on
 * short texts written for these tests, tokenised here by a toy tokeniser,
 * with small hand-made weights; then the plugin behind the sentences stage
 * through the testkit, with the shipped model.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <textpipe/testkit.h>

#include "summ.h"

/* ---- Helpers --------------------------------------------------------------- */

/* A malloc arena that remembers its blocks, freed by the test. */
typedef struct blocks {
    void *p[4096];
    size_t n;
} blocks;

static void *test_alloc(void *actx, size_t size)
{
    blocks *b = actx;
    assert_true(b->n < sizeof b->p / sizeof b->p[0]);
    void *p = malloc(size ? size : 1);
    assert_non_null(p);
    b->p[b->n++] = p;
    return p;
}

static void blocks_free(blocks *b)
{
    for (size_t i = 0; i < b->n; i++) free(b->p[i]);
    b->n = 0;
}

/* A document made from text: tokens are runs of letters, digits and inner
 * apostrophes or hyphens, or single other characters; a sentence ends after
 * '.', '?' or '!' (and a closing quote right after it), or at a line break. */
typedef struct tdoc {
    const char *text;
    summ_span tok[512], sent[64], ent[64], money[16];
    summ_input in;
} tdoc;

static int alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

static void tdoc_init(tdoc *d, const char *text)
{
    memset(d, 0, sizeof *d);
    d->text = text;
    size_t n = strlen(text), nt = 0, ns = 0, i = 0;
    size_t sent_start = (size_t)-1;
    while (i < n) {
        if (text[i] == ' ' || text[i] == '\n') {
            if (text[i] == '\n' && sent_start != (size_t)-1) {
                d->sent[ns++] = (summ_span){(uint32_t)sent_start, d->tok[nt - 1].end};
                sent_start = (size_t)-1;
            }
            i++;
            continue;
        }
        size_t b = i;
        if (alnum(text[i])) {
            while (i < n &&
                   (alnum(text[i]) || ((text[i] == '\'' || text[i] == '-') && i + 1 < n && alnum(text[i + 1]))))
                i++;
        } else {
            i++;
            while (i < n && ((unsigned char)text[i] & 0xC0) == 0x80) i++;
        }
        assert_true(nt < 512);
        d->tok[nt++] = (summ_span){(uint32_t)b, (uint32_t)i};
        if (sent_start == (size_t)-1)
            sent_start = b;
        char c = text[b];
        if ((c == '.' || c == '?' || c == '!') && i - b == 1) {
            if (i < n && (text[i] == '"' || text[i] == '\'')) {
                d->tok[nt++] = (summ_span){(uint32_t)i, (uint32_t)i + 1};
                i++;
            }
            assert_true(ns < 64);
            d->sent[ns++] = (summ_span){(uint32_t)sent_start, (uint32_t)i};
            sent_start = (size_t)-1;
        }
    }
    if (sent_start != (size_t)-1)
        d->sent[ns++] = (summ_span){(uint32_t)sent_start, d->tok[nt - 1].end};
    d->in = (summ_input){text, n, d->tok, nt, d->sent, ns, NULL, 0, NULL, 0};
}

/* Marks every occurrence of `what` as an entity (or money). */
static void tdoc_mark(tdoc *d, const char *what, int money)
{
    size_t wl = strlen(what);
    for (const char *p = strstr(d->text, what); p; p = strstr(p + 1, what)) {
        summ_span s = {(uint32_t)(p - d->text), (uint32_t)(p - d->text + wl)};
        if (money)
            d->money[d->in.nmoney++] = s;
        else
            d->ent[d->in.nentities++] = s;
    }
    /* the toy marks one string at a time: keep each layer sorted */
    summ_span *v = money ? d->money : d->ent;
    size_t n = money ? d->in.nmoney : d->in.nentities;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && v[j - 1].begin > v[j].begin; j--) {
            summ_span t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    d->in.entities = d->ent;
    d->in.money = d->money;
}

static summ_model *model_with(const char *weights)
{
    summ_model *m = summ_model_new();
    assert_non_null(m);
    char err[256];
    static const char stop[] = "the\na\nof\nand\nin\nto\nis\nwas\nsaid\n";
    assert_int_equal(summ_model_load_stopwords_mem(m, "stop", stop, strlen(stop), err, sizeof err), 0);
    if (weights && summ_model_load_weights_mem(m, "w", weights, strlen(weights), err, sizeof err) != 0)
        fail_msg("%s", err);
    return m;
}

static size_t pick(const summ_model *m, const summ_opts *o, tdoc *d, summ_pick *out)
{
    blocks b = {.n = 0};
    size_t k = summ_select(m, o, &d->in, test_alloc, &b, out);
    blocks_free(&b);
    return k;
}

/* The dense features of every sentence, collected by summ_features(). */
typedef struct featcoll {
    double f[64][64];
    size_t words[64];
    size_t n;
    char first[64][32];
    double wvalue[64];
} featcoll;

static int collect(void *ctx, size_t sentence, const double *dense, size_t words, const char *const *tokens,
                   size_t ntok, double wvalue)
{
    featcoll *c = ctx;
    assert_true(sentence < 64 && summ_feature_count() <= 64);
    memcpy(c->f[sentence], dense, summ_feature_count() * sizeof *dense);
    c->words[sentence] = words;
    snprintf(c->first[sentence], sizeof c->first[sentence], "%s", ntok ? tokens[0] : "");
    c->wvalue[sentence] = wvalue;
    c->n = sentence + 1;
    return 0;
}

static size_t feat(const char *name)
{
    for (size_t i = 0; i < summ_feature_count(); i++)
        if (strcmp(summ_feature_name(i), name) == 0)
            return i;
    fail_msg("no feature %s", name);
    return 0;
}

static void features_of(const summ_model *m, tdoc *d, featcoll *c)
{
    blocks b = {.n = 0};
    memset(c, 0, sizeof *c);
    assert_int_equal(summ_features(m, &d->in, test_alloc, &b, collect, c), 0);
    blocks_free(&b);
}

/* ---- The model files ------------------------------------------------------ */

static void weights_file_errors(void **state)
{
    (void)state;
    summ_model *m = summ_model_new();
    char err[256];
    const char *bad1 = "bias\t0.5\nnot_a_feature\t1\n";
    assert_int_equal(summ_model_load_weights_mem(m, "x.tsv", bad1, strlen(bad1), err, sizeof err), -1);
    assert_non_null(strstr(err, "x.tsv:2: unknown feature \"not_a_feature\""));
    const char *bad2 = "# comment\n\nbias 0.5\n";
    assert_int_equal(summ_model_load_weights_mem(m, "x.tsv", bad2, strlen(bad2), err, sizeof err), -1);
    assert_non_null(strstr(err, "x.tsv:3: expected NAME<TAB>WEIGHT"));
    const char *bad3 = "w:said\tlots\n";
    assert_int_equal(summ_model_load_weights_mem(m, "x.tsv", bad3, strlen(bad3), err, sizeof err), -1);
    assert_non_null(strstr(err, "x.tsv:1: bad weight \"lots\""));
    const char *bad4 = "w:said\tnan\n";
    assert_int_equal(summ_model_load_weights_mem(m, "x.tsv", bad4, strlen(bad4), err, sizeof err), -1);
    const char *stop = "the\ntwo words\n";
    assert_int_equal(summ_model_load_stopwords_mem(m, "s.txt", stop, strlen(stop), err, sizeof err), -1);
    assert_non_null(strstr(err, "s.txt:2: one word per line"));
    assert_int_equal(summ_model_load_weights(m, "/nonexistent/summary_model.tsv", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/summary_model.tsv: "));
    summ_model_free(m);
}

static void weights_file_counts(void **state)
{
    (void)state;
    summ_model *m = model_with("bias\t1\r\nw:storm\t0.5\nfirst:storm\t0.25\nlast:.\t-1\n  # indented comment\n");
    assert_int_equal(summ_model_stopwords(m), 9);
    assert_int_equal(summ_model_lexicon(m), 2); /* "storm" and "." */
    summ_model_free(m);

    m = summ_model_new();
    char err[256];
    assert_int_equal(summ_model_load_stopwords(m, SUMM_TEST_DATA "/stopwords_en.txt", err, sizeof err), 0);
    assert_int_equal(summ_model_load_weights(m, SUMM_TEST_DATA "/summary_model.tsv", err, sizeof err), 0);
    assert_true(summ_model_stopwords(m) > 100);
    assert_true(summ_model_lexicon(m) > 1000);
    summ_model_free(m);
}

static void feature_names_are_unique(void **state)
{
    (void)state;
    size_t n = summ_feature_count();
    assert_true(n > 20);
    assert_null(summ_feature_name(n));
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) assert_string_not_equal(summ_feature_name(i), summ_feature_name(j));
}

/* ---- Features ------------------------------------------------------------- */

static const char article[] = "Storm Elin closed the harbour at Port Avon on Monday.\n"
                              "Storm Elin also cut power to 4,000 homes in Port Avon.\n"
                              "\"We have never seen waves like this,\" one fisherman said.\n"
                              "Harbour View: Waves break over the wall at Port Avon.\n"
                              "Scroll down for video.\n"
                              "Will the council pay for the repairs?\n"
                              "The storm is expected to move north by Wednesday.\n"
                              "Repairs could cost $2 million, officials said.\n"
                              "It cut the road between.\n";

static void shape_features(void **state)
{
    (void)state;
    summ_model *m = model_with(NULL);
    tdoc d;
    tdoc_init(&d, article);
    assert_int_equal(d.in.nsentences, 9);
    tdoc_mark(&d, "$2 million", 1);
    featcoll c;
    features_of(m, &d, &c);
    assert_int_equal(c.n, 9);
    for (size_t s = 0; s < 9; s++) assert_true(c.f[s][feat("bias")] == 1.0);
    assert_true(c.f[0][feat("pos0")] == 1.0 && c.f[0][feat("pos1")] == 0.0);
    assert_true(c.f[6][feat("pos6-9")] == 1.0);
    assert_int_equal(c.words[0], 10);
    assert_true(c.f[0][feat("len10")] == 1.0);
    assert_true(c.f[4][feat("len0")] == 1.0);
    assert_true(c.f[2][feat("q_start")] == 1.0 && c.f[2][feat("q_any")] == 1.0);
    assert_true(c.f[0][feat("q_start")] == 0.0);
    assert_true(c.f[3][feat("caption")] == 1.0 && c.f[0][feat("caption")] == 0.0);
    assert_true(c.f[3][feat("caption_lead")] == 0.0);
    assert_true(c.f[4][feat("junk")] == 1.0 && c.f[3][feat("junk")] == 0.0);
    assert_true(c.f[5][feat("question")] == 1.0 && c.f[6][feat("question")] == 0.0);
    assert_true(c.f[7][feat("money")] == 1.0 && c.f[1][feat("money")] == 0.0);
    assert_true(c.f[1][feat("digits")] > 0.0);
    /* A stop word before the final period: "said." (common, and weighted
     * accordingly), not "between." (no stop word in this toy list). */
    assert_true(c.f[2][feat("fragend")] == 1.0);
    assert_true(c.f[8][feat("fragend")] == 0.0);
    assert_string_equal(c.first[2], "\"");
    assert_string_equal(c.first[0], "storm");
    assert_true(c.wvalue[4] > 0.447 && c.wvalue[4] < 0.448); /* 1/sqrt(5): Scroll down for video . */
    summ_model_free(m);
}

static void fragment_feature(void **state)
{
    (void)state;
    summ_model *m = model_with(NULL);
    tdoc d;
    tdoc_init(&d, "The council met in.\nThe council met on Friday.\n");
    featcoll c;
    features_of(m, &d, &c);
    assert_true(c.f[0][feat("fragend")] == 1.0);
    assert_true(c.f[1][feat("fragend")] == 0.0);
    summ_model_free(m);
}

static void centrality_features(void **state)
{
    (void)state;
    summ_model *m = model_with(NULL);
    tdoc d;
    tdoc_init(&d, "Storm Elin hit Port Avon.\nBakers sold bread.\nStorm Elin hit Port Avon.\n");
    featcoll c;
    features_of(m, &d, &c);
    /* Sentences 0 and 2 are the same: similarity 1 to each other, 0 to the
     * second.  Forward degree counts later sentences, backward earlier. */
    assert_true(c.f[0][feat("maxsim")] > 0.999 && c.f[2][feat("maxsim")] > 0.999);
    assert_true(c.f[1][feat("maxsim")] == 0.0);
    assert_true(c.f[0][feat("fwd")] > 0 && c.f[0][feat("bwd")] == 0);
    assert_true(c.f[2][feat("bwd")] > 0 && c.f[2][feat("fwd")] == 0);
    assert_true(c.f[2][feat("sim0")] > 0.999 && c.f[1][feat("sim0")] == 0.0);
    assert_true(c.f[0][feat("sim0")] == 1.0);
    assert_true(c.f[0][feat("cent")] > c.f[1][feat("cent")]);
    summ_model_free(m);
}

static void names_from_entities_or_capitals(void **state)
{
    (void)state;
    summ_model *m = model_with(NULL);
    tdoc d;
    tdoc_init(&d, "Yesterday Elin Avon met the mayor in Brackton.\nElin Avon left.\n");
    featcoll c;
    features_of(m, &d, &c);
    /* Without entities: capitalised words after the first (Elin, Avon,
     * Brackton) of eight words. */
    assert_true(c.f[0][feat("names")] > 0.374 && c.f[0][feat("names")] < 0.376);
    assert_true(c.f[0][feat("namesal")] > 0);
    /* With an entity layer only its tokens are names. */
    tdoc_mark(&d, "Brackton", 0);
    features_of(m, &d, &c);
    assert_true(c.f[0][feat("names")] > 0.124 && c.f[0][feat("names")] < 0.126);
    assert_true(c.f[1][feat("names")] == 0.0);
    summ_model_free(m);
}

/* ---- Selection ------------------------------------------------------------ */

static void picks_in_document_order_with_ranks(void **state)
{
    (void)state;
    /* The later a sentence, the better: the last three, ranked backwards. */
    summ_model *m = model_with("logpos\t1\n");
    tdoc d;
    tdoc_init(&d, "One two three four five six.\nSeven eight nine ten eleven twelve.\n"
                  "Alpha beta gamma delta epsilon zeta.\nRed green blue cyan magenta yellow.\n");
    summ_opts o = SUMM_OPTS_DEFAULT;
    summ_pick p[4];
    assert_int_equal(pick(m, &o, &d, p), 3);
    assert_int_equal(p[0].sentence, 1);
    assert_int_equal(p[1].sentence, 2);
    assert_int_equal(p[2].sentence, 3);
    assert_int_equal(p[0].rank, 3);
    assert_int_equal(p[1].rank, 2);
    assert_int_equal(p[2].rank, 1);
    assert_true(p[2].score > p[1].score && p[1].score > p[0].score);
    o.sentences = 1;
    assert_int_equal(pick(m, &o, &d, p), 1);
    assert_int_equal(p[0].sentence, 3);
    assert_int_equal(p[0].rank, 1);
    summ_model_free(m);
}

static void lexical_weights_count(void **state)
{
    (void)state;
    /* "harbour" anywhere, or a sentence starting with "Officials". */
    summ_model *m = model_with("pos0\t0.1\nw:harbour\t10\nfirst:officials\t20\n");
    tdoc d;
    tdoc_init(&d, "Rain fell on the town all day.\nThe harbour flooded after the storm.\n"
                  "Officials closed every school on Monday.\nPeople stayed at home for a while.\n");
    summ_opts o = SUMM_OPTS_DEFAULT;
    o.sentences = 2;
    summ_pick p[4];
    assert_int_equal(pick(m, &o, &d, p), 2);
    assert_int_equal(p[0].sentence, 1);
    assert_int_equal(p[0].rank, 2);
    assert_int_equal(p[1].sentence, 2);
    assert_int_equal(p[1].rank, 1);
    summ_model_free(m);
}

static void trigram_blocking(void **state)
{
    (void)state;
    summ_model *m = model_with("pos0\t3\npos1\t2\npos2\t1\n");
    tdoc d;
    tdoc_init(&d, "The storm closed the harbour at Port Avon today.\n"
                  "Officials said the storm closed the harbour again.\n"
                  "Bakers in the town sold out of bread by noon.\n");
    summ_opts o = SUMM_OPTS_DEFAULT;
    o.sentences = 2;
    summ_pick p[3];
    assert_int_equal(pick(m, &o, &d, p), 2);
    assert_int_equal(p[0].sentence, 0);
    assert_int_equal(p[1].sentence, 2); /* 1 repeats "storm closed the" */
    o.redundancy = SUMM_REDUNDANCY_NONE;
    assert_int_equal(pick(m, &o, &d, p), 2);
    assert_int_equal(p[1].sentence, 1);
    summ_model_free(m);
}

static void length_limits(void **state)
{
    (void)state;
    summ_model *m = model_with("pos0\t3\npos1\t2\npos2\t1\n");
    tdoc d;
    tdoc_init(&d, "Short one.\nThis sentence has exactly six words.\n"
                  "And this sentence is the longest of the three by far.\n");
    summ_opts o = SUMM_OPTS_DEFAULT; /* min 5 words: "Short one." never */
    summ_pick p[3];
    assert_int_equal(pick(m, &o, &d, p), 2);
    assert_int_equal(p[0].sentence, 1);
    o.max_words = 8;
    assert_int_equal(pick(m, &o, &d, p), 1);
    assert_int_equal(p[0].sentence, 1);
    /* Nobody qualifies: the limits are dropped. */
    o.min_words = 20;
    o.max_words = 30;
    assert_int_equal(pick(m, &o, &d, p), 3);
    summ_model_free(m);
}

static void word_budget(void **state)
{
    (void)state;
    summ_model *m = model_with("pos0\t3\npos1\t2\npos2\t1\n");
    tdoc d;
    tdoc_init(&d, "The first sentence here has seven words.\n"
                  "The second sentence is a good deal longer than the first one was.\n"
                  "A third sentence has six words.\n");
    summ_opts o = SUMM_OPTS_DEFAULT;
    o.sentences = 0;
    o.words = 15;
    summ_pick p[3];
    /* 7 words, then 13 would overrun 15: skipped; 6 more fit. */
    assert_int_equal(pick(m, &o, &d, p), 2);
    assert_int_equal(p[0].sentence, 0);
    assert_int_equal(p[1].sentence, 2);
    assert_int_equal(p[1].rank, 2);
    /* The best sentence is kept even when it alone overruns the budget. */
    o.words = 3;
    assert_int_equal(pick(m, &o, &d, p), 1);
    assert_int_equal(p[0].sentence, 0);
    /* Both limits. */
    o.words = 100;
    o.sentences = 1;
    assert_int_equal(pick(m, &o, &d, p), 1);
    summ_model_free(m);
}

static void nothing_to_summarise(void **state)
{
    (void)state;
    summ_model *m = model_with("pos0\t1\n");
    summ_pick p[4];
    tdoc d;
    tdoc_init(&d, "");
    assert_int_equal(pick(m, NULL, &d, p), 0);
    tdoc_init(&d, "... !!! ???\n");
    assert_true(d.in.nsentences > 0);
    assert_int_equal(pick(m, NULL, &d, p), 0); /* sentences without words */
    /* Sentences without tokens. */
    tdoc_init(&d, "Five words in this sentence.\n");
    d.in.ntokens = 0;
    assert_int_equal(pick(m, NULL, &d, p), 0);
    summ_model_free(m);
}

static void hostile_spans(void **state)
{
    (void)state;
    summ_model *m = model_with("pos0\t1\ncent\t1\n");
    static const char text[] = "Alpha beta gamma delta epsilon. Zeta eta theta iota kappa.";
    summ_span toks[] = {{0, 5},   {3, 9},   {6, 100}, {11, 16}, {17, 22}, {23, 30}, {30, 31},
                        {40, 35}, {32, 36}, {37, 40}, {41, 46}, {47, 51}, {52, 57}, {57, 58}};
    summ_span sents[] = {{0, 31}, {20, 58}, {50, 200}, {58, 58}, {32, 58}};
    summ_span ents[] = {{0, 500}, {6, 10}};
    summ_span money[] = {{900, 901}};
    summ_input in = {text, strlen(text), toks, 14, sents, 5, ents, 2, money, 1};
    summ_opts o = {0, 0, 0, 0, SUMM_REDUNDANCY_TRIGRAM};
    summ_pick p[5];
    blocks b = {.n = 0};
    size_t k = summ_select(m, &o, &in, test_alloc, &b, p);
    blocks_free(&b);
    assert_true(k <= 3);
    for (size_t i = 0; i < k; i++) {
        assert_true(p[i].sentence < 5);
        assert_true(p[i].rank >= 1 && p[i].rank <= k);
        if (i)
            assert_true(p[i - 1].sentence < p[i].sentence);
    }
    summ_model_free(m);
}

/* A long article: the centrality pass stops at SUMM_MAX_CENTRAL sentences
 * and the result is still a ranked summary. */
static void many_sentences(void **state)
{
    (void)state;
    summ_model *m = model_with("pos0\t1\nfwd\t1\nbwd\t1\n");
    size_t n = SUMM_MAX_CENTRAL + 50;
    char *text = malloc(n * 40);
    summ_span *toks = malloc(n * 8 * sizeof *toks), *sents = malloc(n * sizeof *sents);
    assert_true(text && toks && sents);
    size_t len = 0, nt = 0;
    for (size_t i = 0; i < n; i++) {
        size_t b = len;
        len += (size_t)sprintf(text + len, "Word%zu and word%zu go here . ", i % 7, i % 11);
        /* tokens: the runs between spaces */
        for (size_t p = b; p < len;) {
            size_t q = p;
            while (q < len && text[q] != ' ') q++;
            if (q > p)
                toks[nt++] = (summ_span){(uint32_t)p, (uint32_t)q};
            p = q + 1;
        }
        sents[i] = (summ_span){(uint32_t)b, toks[nt - 1].end};
    }
    summ_input in = {text, len, toks, nt, sents, n, NULL, 0, NULL, 0};
    summ_pick p[3];
    blocks b = {.n = 0};
    summ_opts o = {3, 0, 1, 0, SUMM_REDUNDANCY_NONE};
    assert_int_equal(summ_select(m, &o, &in, test_alloc, &b, p), 3);
    assert_int_equal(p[0].sentence, 0);
    blocks_free(&b);
    free(text);
    free(toks);
    free(sents);
    summ_model_free(m);
}

/* ---- The plugin ------------------------------------------------------------- */

#define PIPELINE(opts) /* opts: a string literal */ \
    "stages = ( { plugin = \"sentences\"; }, { plugin = \"summary\"; options = { " opts " }; } );"

static const char news[] =
    "The city council of Brackton voted on Tuesday to close the old Avon Street bridge for a year "
    "of repairs.\n"
    "Engineers found cracks in two of the bridge's five steel supports during an inspection in "
    "March.\n"
    "The repairs will cost $12 million, to be shared by the city and the regional government.\n"
    "Drivers will be sent along Mill Road, which the council says will add ten minutes to most "
    "trips.\n"
    "\"Nobody wants this, but the bridge is not safe,\" said councillor Maria Okafor.\n"
    "Shop owners on Avon Street said they feared losing customers during the closure.\n"
    "Scroll down for video.\n"
    "The bridge was opened in 1931 and last repaired in 1988.\n";

static void plugin_default_summary(void **state)
{
    (void)state;
    tpk_stage *s = tpk_pipeline_new(PIPELINE("sentences = 3;"), PLUGIN_BUILD_DIR);
    tpk_doc *d = tpk_run(s, news);
    assert_int_equal(tpk_count(d, "sentence"), 8);
    tpk_assert_count(d, "summary", 3);
    int seen[4] = {0, 0, 0, 0};
    size_t prev_end = 0;
    for (size_t i = 0; i < 3; i++) {
        size_t b, e;
        const char *t;
        assert_int_equal(tpk_span_at(d, "summary", i, &b, &e, &t), 0);
        assert_true(b >= prev_end);
        prev_end = e;
        /* every summary span is one of the sentences */
        assert_true(tpk_find_span(d, "sentence", b, e) >= 0);
        assert_null(strstr(t, "Scroll down"));
        int64_t r = 0;
        assert_true(tpk_feature_int(d, "summary", b, e, "rank", &r));
        assert_true(r >= 1 && r <= 3);
        seen[r]++;
    }
    assert_int_equal(seen[1] + seen[2] + seen[3], 3);
    assert_true(seen[1] == 1 && seen[2] == 1 && seen[3] == 1);
    /* The lead is the best summary of this article. */
    size_t b, e;
    tpk_locate(d,
               "The city council of Brackton voted on Tuesday to close the old Avon Street bridge "
               "for a year of repairs.",
               0, &b, &e);
    tpk_assert_span(d, "summary", b, e);
    tpk_stage_free(s);
}

static void plugin_options(void **state)
{
    (void)state;
    tpk_stage *s = tpk_pipeline_new(PIPELINE("sentences = 1;"), PLUGIN_BUILD_DIR);
    tpk_doc *d = tpk_run(s, news);
    tpk_assert_count(d, "summary", 1);
    size_t b, e;
    assert_int_equal(tpk_span_at(d, "summary", 0, &b, &e, NULL), 0);
    tpk_assert_feature_int(d, "summary", b, e, "rank", 1);
    tpk_stage_free(s);

    /* A word budget alone lifts the three-sentence limit. */
    s = tpk_pipeline_new(PIPELINE("words = 60;"), PLUGIN_BUILD_DIR);
    d = tpk_run(s, news);
    size_t n = tpk_count(d, "summary");
    assert_true(n >= 2 && n <= 4);
    tpk_stage_free(s);

    s = tpk_pipeline_new(PIPELINE("sentences = 8; redundancy = \"none\"; min_words = 0; max_words = 0;"),
                         PLUGIN_BUILD_DIR);
    d = tpk_run(s, news);
    tpk_assert_count(d, "summary", 8);
    tpk_stage_free(s);
}

/* Options the option table checks (range, choices). */
static void plugin_option_table(void **state)
{
    (void)state;
    char *msg = tpk_stage_error("summary", "redundancy = \"mmr\"; sentences = -1;", PLUGIN_BUILD_DIR);
    assert_non_null(strstr(msg, "redundancy"));
    assert_non_null(strstr(msg, "sentences"));
    free(msg);
}

/* Options init() checks: a stage after sentences, through `textpipe check`
 * ($TEXTPIPE, which make check sets; skipped without it). */
static char *check_config(const char *options)
{
    const char *tp = getenv("TEXTPIPE");
    if (!tp || !*tp)
        return NULL;
    char cfg[] = "/tmp/test_summary_XXXXXX";
    int fd = mkstemp(cfg);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fprintf(f, PIPELINE("%s") "\n", options);
    fclose(f);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' check -c '%s' 2>&1", tp, cfg);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    static char out[8192];
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = 0;
    pclose(p);
    remove(cfg);
    return out;
}

static void plugin_option_errors(void **state)
{
    (void)state;
    const char *out = check_config("sentences = 0;");
    if (!out)
        skip();
    assert_non_null(strstr(out, "sentences = 0 needs a word budget"));
    out = check_config("min_words = 10; max_words = 5;");
    assert_non_null(strstr(out, "max_words (5) is below min_words (10)"));
    out = check_config("model = \"/nonexistent/weights.tsv\";");
    assert_non_null(strstr(out, "/nonexistent/weights.tsv"));
    out = check_config("sentences = 0; words = 40;");
    assert_null(strstr(out, "error"));
}

static void plugin_uses_entities_when_given(void **state)
{
    (void)state;
    tpk_stage *s = tpk_pipeline_new(PIPELINE(""), PLUGIN_BUILD_DIR);
    tpk_doc *d = tpk_doc_new(s, "ents", news);
    size_t b, e;
    tpk_locate(d, "Maria Okafor", 0, &b, &e);
    size_t i = tpk_doc_add_span(d, "entity", b, e);
    tpk_doc_set_str(d, "entity", i, "label", "PER");
    tpk_locate(d, "Brackton", 0, &b, &e);
    tpk_doc_add_span(d, "entity", b, e);
    assert_int_equal(tpk_process(d), 0);
    tpk_assert_count(d, "summary", 3);
    tpk_stage_free(s);
}

static void plugin_empty_and_odd_documents(void **state)
{
    (void)state;
    tpk_stage *s = tpk_pipeline_new(PIPELINE(""), PLUGIN_BUILD_DIR);
    tpk_doc *d = tpk_run(s, "");
    tpk_assert_count(d, "summary", 0);
    d = tpk_run(s, "!!!\n???\n");
    tpk_assert_count(d, "summary", 0);
    d = tpk_run(s, "Ünïcödé wörds ärë fïnë hërë tôô.\n“Quoted text — with dashes” works too, she said.\n");
    tpk_assert_count(d, "summary", 2);
    tpk_stage_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weights_file_errors),
        cmocka_unit_test(weights_file_counts),
        cmocka_unit_test(feature_names_are_unique),
        cmocka_unit_test(shape_features),
        cmocka_unit_test(fragment_feature),
        cmocka_unit_test(centrality_features),
        cmocka_unit_test(names_from_entities_or_capitals),
        cmocka_unit_test(picks_in_document_order_with_ranks),
        cmocka_unit_test(lexical_weights_count),
        cmocka_unit_test(trigram_blocking),
        cmocka_unit_test(length_limits),
        cmocka_unit_test(word_budget),
        cmocka_unit_test(nothing_to_summarise),
        cmocka_unit_test(hostile_spans),
        cmocka_unit_test(many_sentences),
        cmocka_unit_test(plugin_default_summary),
        cmocka_unit_test(plugin_options),
        cmocka_unit_test(plugin_option_table),
        cmocka_unit_test(plugin_option_errors),
        cmocka_unit_test(plugin_uses_entities_when_given),
        cmocka_unit_test(plugin_empty_and_odd_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
