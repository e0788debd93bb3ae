/* ner_test.c - self-checks of the NER model code (plain C, no framework).
 *
 *   ner_test [MODEL]     (default ../data/ner-conll03-en.model)
 *
 * Prints one line per failed check and a closing "N passed, N failed". */
#define _POSIX_C_SOURCE 200809L
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../ner_internal.h"
#include "simple_tok.h"

static int passed, failed;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond)                                                                    \
            passed++;                                                                \
        else {                                                                       \
            failed++;                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

static void test_bilou(void)
{
    /* IOB1: adjacent same-type entities are split by B- */
    const char *tags[] = {"I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "I-ORG", "I-ORG", "B-MISC"};
    uint8_t out[9];
    ner_iob_to_bilou(tags, 9, out);
    CHECK(out[0] == NER_LABEL(NER_PER, NER_PART_B));
    CHECK(out[1] == NER_LABEL(NER_PER, NER_PART_L));
    CHECK(out[2] == NER_LABEL(NER_PER, NER_PART_U));
    CHECK(out[3] == 0);
    CHECK(out[4] == NER_LABEL(NER_LOC, NER_PART_U));
    CHECK(out[5] == NER_LABEL(NER_ORG, NER_PART_B));
    CHECK(out[6] == NER_LABEL(NER_ORG, NER_PART_I));
    CHECK(out[7] == NER_LABEL(NER_ORG, NER_PART_L));
    CHECK(out[8] == NER_LABEL(NER_MISC, NER_PART_U));
}

/* Textbook Viterbi (argmax kept at every position and label, predecessors
 * in label order, first maximum wins) for comparison with ner_viterbi's
 * structured fast path. */
static float ref_viterbi(const float *em, size_t n, const float *tr, const float *st, const float *en,
                         const uint32_t *mask, uint8_t *out)
{
    static float d[40][NER_NLABELS];
    static uint8_t bk[40][NER_NLABELS];
    const float neg = -FLT_MAX / 4;
    float bestv = neg;
    size_t t;
    int y, a, best = 0;
    for (y = 0; y < NER_NLABELS; y++)
        d[0][y] = ner_start_allowed(y) && (!mask || (mask[0] >> y & 1)) ? st[y] + em[y] : neg;
    for (t = 1; t < n; t++)
        for (y = 0; y < NER_NLABELS; y++) {
            float m = neg;
            int arg = 0;
            if (mask && !(mask[t] >> y & 1)) {
                d[t][y] = neg;
                bk[t][y] = 0;
                continue;
            }
            for (a = 0; a < NER_NLABELS; a++) {
                float v;
                if (!ner_trans_allowed(a, y))
                    continue;
                v = d[t - 1][a] + tr[a * NER_NLABELS + y];
                if (v > m)
                    m = v, arg = a;
            }
            d[t][y] = m + em[t * NER_NLABELS + y];
            bk[t][y] = (uint8_t)arg;
        }
    for (y = 0; y < NER_NLABELS; y++)
        if (ner_end_allowed(y) && d[n - 1][y] + en[y] > bestv)
            bestv = d[n - 1][y] + en[y], best = y;
    out[n - 1] = (uint8_t)best;
    for (t = n - 1; t > 0; t--) out[t - 1] = bk[t][out[t]];
    return bestv;
}

/* The fast path (maxima over the BILOU blocks, predecessors found again on
 * the backtrace) gives exactly the textbook result: random scores and
 * transitions, with and without label masks, and with ties (integer
 * scores). */
static void test_viterbi_reference(void)
{
    float em[40 * NER_NLABELS], tr[NER_NLABELS * NER_NLABELS], st[NER_NLABELS], en[NER_NLABELS],
        delta[40 * NER_NLABELS];
    uint8_t out[40], ref[40];
    uint32_t mask[40];
    uint64_t rng = 7;
    int trial, same = 1;
#define RND() (rng = rng * 6364136223846793005ULL + 1442695040888963407ULL, (rng >> 33))
    for (trial = 0; trial < 600; trial++) {
        size_t i, n = 1 + trial % 40;
        int ties = trial % 3 == 0, masked = trial % 2 == 1;
        for (i = 0; i < n * NER_NLABELS; i++)
            em[i] = ties ? (float)(RND() % 3) : (float)(RND() % 100000) / 1000.0f - 50.0f;
        for (i = 0; i < NER_NLABELS * NER_NLABELS; i++)
            tr[i] = ties ? (float)(RND() % 2) : (float)(RND() % 100000) / 5000.0f - 10.0f;
        for (i = 0; i < NER_NLABELS; i++) {
            st[i] = (float)(RND() % 100) / 20.0f;
            en[i] = (float)(RND() % 100) / 20.0f;
        }
        for (i = 0; i < n; i++) {
            /* a forced span now and then, as a newsroom gazetteer makes */
            mask[i] = (1u << NER_NLABELS) - 1;
            if (masked && RND() % 4 == 0)
                mask[i] = 1u << (RND() % 2 ? 0 : NER_LABEL(NER_ORG, NER_PART_U));
        }
        ner_viterbi(em, n, tr, st, en, masked ? mask : NULL, delta, out);
        ref_viterbi(em, n, tr, st, en, masked ? mask : NULL, ref);
        if (memcmp(out, ref, n) != 0)
            same = 0;
    }
#undef RND
    CHECK(same);
}

static void test_viterbi_valid(void)
{
    float em[40 * NER_NLABELS], tr[NER_NLABELS * NER_NLABELS], st[NER_NLABELS], en[NER_NLABELS],
        delta[40 * NER_NLABELS];
    uint8_t out[40];
    uint64_t rng = 42;
    int trial, ok = 1;
    for (trial = 0; trial < 200; trial++) {
        size_t i, n = 1 + trial % 40;
        for (i = 0; i < n * NER_NLABELS; i++) {
            rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
            em[i] = (float)((rng >> 40) % 1000) / 100.0f;
        }
        for (i = 0; i < NER_NLABELS * NER_NLABELS; i++) tr[i] = 0;
        for (i = 0; i < NER_NLABELS; i++) st[i] = en[i] = 0;
        ner_viterbi(em, n, tr, st, en, NULL, delta, out);
        if (!ner_start_allowed(out[0]) || !ner_end_allowed(out[n - 1]))
            ok = 0;
        for (i = 1; i < n; i++)
            if (!ner_trans_allowed(out[i - 1], out[i]))
                ok = 0;
    }
    CHECK(ok);
}

static void test_load_errors(const char *model)
{
    char err[512];
    ner_model *m = ner_model_load("/nonexistent/x.model", err, sizeof err);
    CHECK(m == NULL && strstr(err, "/nonexistent/x.model") != NULL);
    /* a truncated copy */
    {
        FILE *in = fopen(model, "rb"), *out = fopen("/tmp/ner_test_trunc.model", "wb");
        char buf[4096];
        size_t n, total = 0;
        if (in && out) {
            while ((n = fread(buf, 1, sizeof buf, in)) > 0 && total < 100000) {
                fwrite(buf, 1, n, out);
                total += n;
            }
        }
        if (in)
            fclose(in);
        if (out)
            fclose(out);
        m = ner_model_load("/tmp/ner_test_trunc.model", err, sizeof err);
        CHECK(m == NULL && strstr(err, "truncated") != NULL);
        remove("/tmp/ner_test_trunc.model");
    }
    {
        FILE *out = fopen("/tmp/ner_test_bad.model", "wb");
        if (out) {
            fputs("this is not a model, but it is long enough to have a header of 64 bytes......", out);
            fclose(out);
        }
        m = ner_model_load("/tmp/ner_test_bad.model", err, sizeof err);
        CHECK(m == NULL && strstr(err, "bad magic") != NULL);
        remove("/tmp/ner_test_bad.model");
    }
}

/* Tags text with the simple tokeniser; returns entity count. */
static long tag_text(const ner_model *m, ner_workspace *ws, const ner_gazetteer *gaz, const char *text,
                     ner_range *toks, ner_entity *ents, size_t max_ents)
{
    char err[256];
    ner_range sents[64];
    size_t n = simple_tokenize(text, strlen(text), toks, 256);
    size_t ns = simple_sentences(text, toks, n, sents, 64);
    return ner_tag(m, ws, gaz, text, strlen(text), toks, n, sents, ns, ents, max_ents, err, sizeof err);
}

static int has_entity(const char *text, const ner_range *toks, const ner_entity *ents, long n, const char *str,
                      int label)
{
    long i;
    for (i = 0; i < n; i++) {
        size_t a = toks[ents[i].tok_start].start, b = toks[ents[i].tok_end - 1].end;
        if (b - a == strlen(str) && memcmp(text + a, str, b - a) == 0 && ents[i].label == label)
            return 1;
    }
    return 0;
}

static void test_tagging(const char *model)
{
    char err[512];
    ner_model *m = ner_model_load(model, err, sizeof err);
    ner_workspace *ws = ner_workspace_new();
    ner_range toks[256];
    ner_entity ents[64];
    const char *text = "Peter Blackburn of the European Commission met officials in Brussels on Monday.";
    long n, i;
    if (!m) {
        fprintf(stderr, "cannot load %s: %s\n", model, err);
        failed++;
        ner_workspace_free(ws);
        return;
    }
    n = tag_text(m, ws, NULL, text, toks, ents, 64);
    CHECK(n >= 3);
    CHECK(has_entity(text, toks, ents, n, "Peter Blackburn", NER_PER));
    CHECK(has_entity(text, toks, ents, n, "European Commission", NER_ORG));
    CHECK(has_entity(text, toks, ents, n, "Brussels", NER_LOC));
    for (i = 0; i < n; i++) CHECK(ents[i].confidence >= 0.0f && ents[i].confidence <= 1.0f);
    /* the workspace is reusable and results are repeatable */
    {
        ner_entity e2[64];
        long n2 = tag_text(m, ws, NULL, text, toks, e2, 64);
        CHECK(n2 == n && memcmp(ents, e2, (size_t)n * sizeof *ents) == 0);
    }
    /* a short output array: the count is still returned */
    CHECK(tag_text(m, ws, NULL, text, toks, ents, 1) == n);
    /* empty document */
    CHECK(ner_tag(m, ws, NULL, "", 0, NULL, 0, NULL, 0, ents, 64, err, sizeof err) == 0);
    /* bad token range */
    {
        ner_range bad = {0, 100};
        CHECK(ner_tag(m, ws, NULL, "abc", 3, &bad, 1, NULL, 0, ents, 64, err, sizeof err) == -1);
        CHECK(strstr(err, "token 0") != NULL);
    }
    /* a gazetteer forces labels */
    {
        FILE *fp = fopen("/tmp/ner_test_gaz.txt", "w");
        ner_gazetteer *g;
        if (fp) {
            fputs("# newsroom list\nBrussels\tORG\nPeter Blackburn\tO\nEuropean  Commission\tMISC\n", fp);
            fclose(fp);
        }
        g = ner_gazetteer_load("/tmp/ner_test_gaz.txt", err, sizeof err);
        CHECK(g != NULL && ner_gazetteer_size(g) == 3);
        if (g) {
            n = tag_text(m, ws, g, text, toks, ents, 64);
            CHECK(has_entity(text, toks, ents, n, "Brussels", NER_ORG));
            CHECK(has_entity(text, toks, ents, n, "European Commission", NER_MISC));
            CHECK(!has_entity(text, toks, ents, n, "Peter Blackburn", NER_PER));
            for (i = 0; i < n; i++)
                if (ents[i].label == NER_ORG)
                    CHECK(ents[i].confidence == 1.0f);
            ner_gazetteer_free(g);
        }
        fp = fopen("/tmp/ner_test_gaz.txt", "w");
        if (fp) {
            fputs("Brussels\tCITY\n", fp);
            fclose(fp);
        }
        g = ner_gazetteer_load("/tmp/ner_test_gaz.txt", err, sizeof err);
        CHECK(g == NULL && strstr(err, ":1:") != NULL);
        remove("/tmp/ner_test_gaz.txt");
    }
    ner_workspace_free(ws);
    ner_model_free(m);
}

/* Curly quotes, dashes and the ellipsis read as the ASCII of the training text. */
static void test_norm_punct(void)
{
    char out[64];
    size_t n = ner_norm_punct("\xE2\x80\x9C"
                              "Allies",
                              9, out);
    CHECK(n == 7 && memcmp(out, "\"Allies", 7) == 0);
    n = ner_norm_punct("Russia\xE2\x80\x99"
                       "s",
                       10, out);
    CHECK(n == 8 && memcmp(out, "Russia's", 8) == 0);
    n = ner_norm_punct("\xE2\x80\x94", 3, out);
    CHECK(n == 2 && memcmp(out, "--", 2) == 0);
    n = ner_norm_punct("\xE2\x80\xA6", 3, out);
    CHECK(n == 3 && memcmp(out, "...", 3) == 0);
    CHECK(ner_norm_punct("Zu\xCC\x88rich", 8, out) == 0); /* other UTF-8: unchanged */
    CHECK(ner_norm_punct("plain", 5, out) == 0);
}

/* The first word of a sentence is found after opening quotes and dashes. */
static void test_first_word(void)
{
    ner_tokinfo ti[3];
    const ner_dyninfo *d[3];
    ner_sentctx sc;
    ner_tokinfo_make(&ti[0], "\"", 1, 0, 0);
    ner_tokinfo_make(&ti[1], "Allies", 6, 0, 0);
    ner_tokinfo_make(&ti[2], "are", 3, 0, 0);
    d[0] = &ti[0].d;
    d[1] = &ti[1].d;
    d[2] = &ti[2].d;
    ner_sentctx_init(&sc, d, 3, NULL);
    CHECK(sc.first == 1);
    ner_sentctx_init(&sc, d + 1, 2, NULL);
    CHECK(sc.first == 0);
}

/* Document counts: other lower-case occurrences of a capitalised word. */
static void test_doc_lower(void)
{
    const char *w[5] = {"Allies", "are", "with", "allies", "Allies"};
    ner_tokinfo ti[5];
    const ner_dyninfo *d[5];
    uint8_t lab[5] = {0, 0, 0, 0, 0};
    uint32_t counts[5 * NER_DOC_NC], acc[5 * NER_DOC_ACC], slot[5], tv[16];
    uint64_t tk[16];
    int k;
    for (k = 0; k < 5; k++) {
        ner_tokinfo_make(&ti[k], w[k], strlen(w[k]), 0, 0);
        d[k] = &ti[k].d;
    }
    ner_doc_counts(5, d, lab, counts, tk, tv, 16, acc, slot);
    CHECK(counts[0 * NER_DOC_NC + 6] == 1); /* "Allies": one "allies" elsewhere */
    CHECK(counts[0 * NER_DOC_NC + 0] == 1); /* and one other capitalised one */
    CHECK(counts[3 * NER_DOC_NC + 6] == 0); /* "allies" itself is not counted */
    CHECK(counts[1 * NER_DOC_NC + 6] == 0);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
}

static void set_toks(ner_str *s, const char *const *w, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        s[i].p = w[i];
        s[i].n = (uint32_t)strlen(w[i]);
    }
}

#define PART(code, list) ((int)((code) >> (3 * (list)) & 7))

/* Name lists as features: BILOU positions per list, ASCII case and token
 * splits ignored, leftmost-longest per list, first and last words. */
static void test_gzlists(void)
{
    char err[256];
    ner_gzlists g;
    ner_str s[8];
    uint64_t c[8];
    const char *dir = "/tmp/ner_test_gz";
    mkdir(dir, 0700);
    /* list ids follow file names: a-city 0, b-org 1 */
    write_file("/tmp/ner_test_gz/a-city.txt", "# cities\nSt. Louis\nNew York\nYork\n");
    write_file("/tmp/ner_test_gz/b-org.txt", "New York Times\nKorean Peninsula Energy\n");
    write_file("/tmp/ner_test_gz/notes.md", "not a list\n");
    CHECK(ner_gzlists_build(&g, dir, err, sizeof err) == 0);
    CHECK(g.nlists == 2 && strcmp(g.names[0], "a-city") == 0 && strcmp(g.names[1], "b-org") == 0);
    CHECK(g.nnames == 5);
    {
        const char *w[] = {"in", "St", ".", "Louis", "and", "ST.", "LOUIS"};
        set_toks(s, w, 7);
        ner_gz_codes(&g, s, 7, c);
        CHECK(PART(c[0], 0) == 0);
        CHECK(PART(c[1], 0) == 1 + NER_PART_B && PART(c[2], 0) == 1 + NER_PART_I && PART(c[3], 0) == 1 + NER_PART_L);
        CHECK(PART(c[5], 0) == 1 + NER_PART_B && PART(c[6], 0) == 1 + NER_PART_L);
        CHECK(PART(c[4], 0) == 0);
    }
    {
        /* "New York Times": the org list matches all three, the city list
         * its longest match "New York"; "York" alone is not matched again
         * inside it */
        const char *w[] = {"The", "New", "York", "Times", "said"};
        set_toks(s, w, 5);
        ner_gz_codes(&g, s, 5, c);
        CHECK(PART(c[1], 1) == 1 + NER_PART_B && PART(c[2], 1) == 1 + NER_PART_I && PART(c[3], 1) == 1 + NER_PART_L);
        CHECK(PART(c[1], 0) == 1 + NER_PART_B && PART(c[2], 0) == 1 + NER_PART_L);
        CHECK(PART(c[3], 0) == 0 && PART(c[4], 0) == 0 && PART(c[4], 1) == 0);
    }
    {
        /* only from a capitalised token: "york" in lower case starts nothing */
        const char *w[] = {"york", "Korean", "Peninsula"};
        set_toks(s, w, 3);
        ner_gz_codes(&g, s, 3, c);
        CHECK(c[0] == 0);
        /* first / last words of longer names */
        CHECK((c[1] >> NER_GZ_FW_SHIFT & 3) == 2); /* "Korean" starts a b-org name */
        CHECK((c[2] >> NER_GZ_LW_SHIFT & 3) == 0); /* "Peninsula" does not end one */
        CHECK(PART(c[1], 1) == 0);                 /* no full match */
    }
    {
        const char *w[] = {"Times", "Louis"};
        set_toks(s, w, 2);
        ner_gz_codes(&g, s, 2, c);
        CHECK((c[0] >> NER_GZ_LW_SHIFT & 3) == 2); /* "Times" ends a b-org name */
        CHECK((c[1] >> NER_GZ_LW_SHIFT & 3) == 1); /* "Louis" ends an a-city name */
    }
    ner_gz_codes(NULL, s, 2, c);
    CHECK(c[0] == 0 && c[1] == 0);
    ner_gzlists_free(&g);
    CHECK(ner_gzlists_build(&g, "/nonexistent/gz", err, sizeof err) == -1 && strstr(err, "/nonexistent/gz"));
    remove("/tmp/ner_test_gz/a-city.txt");
    remove("/tmp/ner_test_gz/b-org.txt");
    remove("/tmp/ner_test_gz/notes.md");
    rmdir(dir);
}

/* Twelve lists (v3 layout): the last list's B/I/L/U part, first and last
 * words keep to their own bits; a thirteenth list is refused. */
static void test_gzlists_twelve(void)
{
    char err[256], path[64];
    ner_gzlists g;
    ner_str s[4];
    uint64_t c[4];
    int k;
    const char *dir = "/tmp/ner_test_gz12";
    mkdir(dir, 0700);
    for (k = 0; k < 12; k++) {
        snprintf(path, sizeof path, "%s/l%02d.txt", dir, k);
        /* every list has "Alpha"; only the last one "Crown Prince Omega" */
        write_file(path, k == 11 ? "Alpha\nCrown Prince Omega\n" : "Alpha\n");
    }
    CHECK(ner_gzlists_build(&g, dir, err, sizeof err) == 0);
    CHECK(g.nlists == 12 && strcmp(g.names[11], "l11") == 0);
    {
        const char *w[] = {"Alpha", "Crown", "Prince", "Omega"};
        set_toks(s, w, 4);
        ner_gz_codes(&g, s, 4, c);
        for (k = 0; k < 12; k++) CHECK(PART(c[0], k) == 1 + NER_PART_U);
        CHECK(PART(c[1], 11) == 1 + NER_PART_B && PART(c[2], 11) == 1 + NER_PART_I && PART(c[3], 11) == 1 + NER_PART_L);
        CHECK(PART(c[1], 10) == 0);
        CHECK(c[1] >> NER_GZ_FW_SHIFT == 1u << 11);          /* first word of a name on l11 only */
        CHECK(c[3] >> NER_GZ_FW_SHIFT == 1ull << (12 + 11)); /* last word of a name on l11 only */
        CHECK((c[0] >> NER_GZ_FW_SHIFT) == 0);
    }
    ner_gzlists_free(&g);
    snprintf(path, sizeof path, "%s/l12.txt", dir);
    write_file(path, "Beta\n");
    CHECK(ner_gzlists_build(&g, dir, err, sizeof err) == -1 && strstr(err, "at most 12 lists"));
    for (k = 0; k <= 12; k++) {
        snprintf(path, sizeof path, "%s/l%02d.txt", dir, k);
        remove(path);
    }
    rmdir(dir);
}

/* Joins words with single spaces into text; their byte ranges into r. */
static void join_tokens(const char *const *w, size_t n, char *text, ner_range *r)
{
    size_t i, pos = 0;
    for (i = 0; i < n; i++) {
        size_t l = strlen(w[i]);
        if (i)
            text[pos++] = ' ';
        memcpy(text + pos, w[i], l);
        r[i].start = (uint32_t)pos;
        r[i].end = (uint32_t)(pos + l);
        pos += l;
    }
    text[pos] = 0;
}

/* Curly quotes in news text tag as the ASCII quotes of the training text. */
static void test_curly_quotes(const char *model)
{
    char err[512];
    ner_model *m = ner_model_load(model, err, sizeof err);
    ner_workspace *ws = ner_workspace_new();
    ner_range t1[16], t2[16];
    ner_entity e1[16], e2[16];
    char a[256], b[256];
    /* the tokens of the sentences stage, which splits curly quotes off */
    const char *wa[] = {"\"", "Allies", "are",  "working", "with", "Berlin",
                        ",",  "\"",     "Mark", "Rutte",   "said", "."};
    const char *wb[] = {"\xE2\x80\x9C", "Allies", "are",   "working", "with", "Berlin", ",",
                        "\xE2\x80\x9D", "Mark",   "Rutte", "said",    "."};
    long n1, n2, i;
    if (!m) {
        failed++;
        ner_workspace_free(ws);
        return;
    }
    join_tokens(wa, 12, a, t1);
    join_tokens(wb, 12, b, t2);
    n1 = ner_tag(m, ws, NULL, a, strlen(a), t1, 12, NULL, 0, e1, 16, err, sizeof err);
    n2 = ner_tag(m, ws, NULL, b, strlen(b), t2, 12, NULL, 0, e2, 16, err, sizeof err);
    CHECK(n1 == n2 && n1 >= 2);
    for (i = 0; i < n1 && i < n2; i++) {
        CHECK(e1[i].tok_start == e2[i].tok_start && e1[i].tok_end == e2[i].tok_end);
        CHECK(e1[i].label == e2[i].label);
        CHECK(e1[i].confidence == e2[i].confidence); /* the same scores, not just the same labels */
    }
    CHECK(has_entity(b, t2, e2, n2, "Mark Rutte", NER_PER));
    ner_workspace_free(ws);
    ner_model_free(m);
}

/* Copies src to dst (at most limit bytes), then, when at is not (size_t)-1,
 * xors the byte at that offset with x.  Returns 0. */
static int copy_file(const char *src, const char *dst, size_t limit, size_t at, unsigned char x)
{
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    char buf[65536];
    size_t n, total = 0;
    int rc = in && out ? 0 : -1;
    while (rc == 0 && total < limit && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (n > limit - total)
            n = limit - total;
        if (at != (size_t)-1 && at >= total && at < total + n)
            buf[at - total] ^= (char)x;
        if (fwrite(buf, 1, n, out) != n)
            rc = -1;
        total += n;
    }
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        rc = -1;
    return rc;
}

/* Tags of a few sentences as a string, to compare two models. */
static void tags_of(const ner_model *m, char *out, size_t outsz)
{
    static const char *const texts[] = {
        "Peter Blackburn of the European Commission met officials in Brussels on Monday.",
        "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
        "Kiyomizu Semiconductor Co. raised its forecast; Ms. Ono told Reuters in Tokyo.",
    };
    ner_workspace *ws = ner_workspace_new();
    ner_range toks[256];
    ner_entity ents[64];
    size_t i, o = 0;
    long k, n;
    out[0] = 0;
    for (i = 0; i < sizeof texts / sizeof *texts; i++) {
        n = tag_text(m, ws, NULL, texts[i], toks, ents, 64);
        for (k = 0; k < n && o + 64 < outsz; k++)
            o += (size_t)snprintf(out + o, outsz - o, "%u-%u:%d:%.6f;", ents[k].tok_start, ents[k].tok_end,
                                  ents[k].label, ents[k].confidence);
    }
    ner_workspace_free(ws);
}

/* The memory-mapped image (image.c): the same model, and clear refusals. */
static void test_image(const char *model)
{
    char err[512], a[4096], b[4096];
    const char *img = "/tmp/ner_test_img.img", *bad = "/tmp/ner_test_img_bad.img";
    ner_model *m = ner_model_load(model, err, sizeof err), *im;
    if (!m) {
        CHECK(m != NULL);
        return;
    }
    CHECK(ner_image_write(m, img, err, sizeof err) == 0);
    im = ner_model_load(img, err, sizeof err);
    CHECK(im != NULL && im->map != NULL);
    if (im) {
        CHECK(ner_image_verify(im, err, sizeof err) == 0);
        tags_of(m, a, sizeof a);
        tags_of(im, b, sizeof b);
        CHECK(a[0] != 0 && strcmp(a, b) == 0);
        ner_model_free(im);
    }
    /* truncated */
    copy_file(img, bad, 100000, (size_t)-1, 0);
    im = ner_model_load(bad, err, sizeof err);
    CHECK(im == NULL && strstr(err, "truncated") != NULL && strstr(err, bad) != NULL);
    /* wrong format version */
    copy_file(img, bad, (size_t)-1, 8, 0x7f);
    im = ner_model_load(bad, err, sizeof err);
    CHECK(im == NULL && strstr(err, "format version") != NULL);
    /* a damaged lexicon (checked at load) */
    copy_file(img, bad, (size_t)-1, 2000, 0x55);
    im = ner_model_load(bad, err, sizeof err);
    CHECK(im == NULL && strstr(err, "checksum mismatch") != NULL);
    /* a damaged weight (not read at load: found by the full check) */
    copy_file(img, bad, (size_t)-1, 20000000, 0x55); /* inside the weights of the shipped model */
    im = ner_model_load(bad, err, sizeof err);
    CHECK(im != NULL);
    CHECK(ner_image_verify(im, err, sizeof err) != 0 && strstr(err, "checksum mismatch in section") != NULL);
    ner_model_free(im);
    /* beside its compact file it is used in its place; a stale one is not */
    copy_file(model, "/tmp/ner_test_side.model", (size_t)-1, (size_t)-1, 0);
    copy_file(img, "/tmp/ner_test_side.model.img", (size_t)-1, (size_t)-1, 0);
    im = ner_model_load("/tmp/ner_test_side.model", err, sizeof err);
    CHECK(im != NULL && im->map != NULL);
    ner_model_free(im);
    copy_file(img, "/tmp/ner_test_side.model.img", (size_t)-1, 44, 1); /* another source CRC */
    im = ner_model_load("/tmp/ner_test_side.model", err, sizeof err);
    CHECK(im != NULL && im->map == NULL);
    ner_model_free(im);
    copy_file(img, "/tmp/ner_test_side.model.img", 5000, (size_t)-1, 0); /* truncated: passed over */
    im = ner_model_load("/tmp/ner_test_side.model", err, sizeof err);
    CHECK(im != NULL && im->map == NULL);
    ner_model_free(im);
    remove("/tmp/ner_test_side.model");
    remove("/tmp/ner_test_side.model.img");
    remove(bad);
    remove(img);
    ner_model_free(m);
}

/* The stepwise lookup (hash, prefetches, find given the hash) finds what
 * ner_lexicon_find finds, present or not, colliding slots included. */
static void test_lexicon_steps(void)
{
    ner_lexicon lx;
    char w[16];
    int i, agree = 1, cand = 1;
    ner_lexicon_init(&lx);
    for (i = 0; i < 3000; i++) {
        snprintf(w, sizeof w, "w%d", i * 7);
        ner_lexicon_add(&lx, w, strlen(w), (uint32_t)i, 4);
    }
    for (i = 0; i < 6000; i++) {
        size_t n;
        uint64_t h;
        long id, c;
        snprintf(w, sizeof w, "w%d", i * 7 / 2);
        n = strlen(w);
        h = ner_lexicon_hash(w, n);
        ner_lexicon_prefetch_slot(&lx, h);
        ner_lexicon_prefetch_entry(&lx, h);
        c = ner_lexicon_prefetch_word(&lx, h);
        id = ner_lexicon_find_h(&lx, w, n, h);
        if (id != ner_lexicon_find(&lx, w, n))
            agree = 0;
        /* a word in the table has a candidate in its first slot */
        if (id >= 0 && c < 0)
            cand = 0;
    }
    CHECK(agree);
    CHECK(cand);
    CHECK(ner_lexicon_find_h(&lx, "w7", 2, ner_lexicon_hash("w7", 2)) == 1);
    CHECK(ner_lexicon_find_h(&lx, "w8", 2, ner_lexicon_hash("w8", 2)) == -1);
    ner_lexicon_free(&lx);
}

int main(int argc, char **argv)
{
    const char *model = argc > 1 ? argv[1] : "../data/ner-conll03-en.model";
    test_bilou();
    test_lexicon_steps();
    test_viterbi_valid();
    test_viterbi_reference();
    test_load_errors(model);
    test_tagging(model);
    test_norm_punct();
    test_first_word();
    test_doc_lower();
    test_gzlists();
    test_gzlists_twelve();
    test_curly_quotes(model);
    test_image(model);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
