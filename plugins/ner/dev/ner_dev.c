/* ner_dev.c - development driver for the NER model code.
 *
 *   ner_dev train ...        ner_train_main (see --help)
 *   ner_dev eval ...         ner_eval_main  (see --help)
 *   ner_dev brown ...        Brown clustering of tokenised text
 *   ner_dev tokdump IN.jsonl[.gz] OUT.txt
 *                            tokenise the "text" field of JSON lines into one
 *                            sentence per line (input for brown)
 *   ner_dev rawtext MODEL DOCS.jsonl OUT.jsonl [--gazetteer FILE]
 *                            tag raw-text documents with the simple tokeniser,
 *                            write score_output.py-compatible entity records
 *   ner_dev bench MODEL FILE.conll [--repeat N] [--no-second-pass] [--no-confidence]
 *                            tagging speed on given tokens (one core)
 *   ner_dev silver MODEL IN.jsonl[.gz] OUT.conll [--min-conf P] [--max-tokens N]
 *                            self-training data: tag unlabelled articles and
 *                            write their confident, document-consistent
 *                            sentences as CoNLL (IOB2), one document per article
 *
 * Not part of the plugin: the plugin gets tokens from the sentences stage. */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "../ner_internal.h"
#include "simple_tok.h"

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Reads one line of any length from a gz (or plain) file; returns length or
 * -1 at end. */
static long gz_getline(gzFile gz, char **buf, size_t *cap)
{
    size_t len = 0;
    if (!*buf) {
        *cap = 1 << 16;
        *buf = ner_xmalloc(*cap);
    }
    for (;;) {
        if (!gzgets(gz, *buf + len, (int)(*cap - len)))
            return len ? (long)len : -1;
        len += strlen(*buf + len);
        if (len > 0 && (*buf)[len - 1] == '\n')
            return (long)len;
        if (len + 1 >= *cap) {
            *cap *= 2;
            *buf = ner_xrealloc(*buf, *cap);
        }
    }
}

static int cmd_tokdump(int argc, char **argv)
{
    gzFile gz;
    FILE *out;
    char *line = NULL;
    size_t cap = 0, tcap = 1 << 16, scap = 1 << 14;
    long len;
    ner_range *toks = ner_xmalloc(tcap * sizeof *toks), *sents = ner_xmalloc(scap * sizeof *sents);
    unsigned long ndocs = 0, ntoks = 0;
    if (argc != 3) {
        fprintf(stderr, "usage: ner_dev tokdump IN.jsonl[.gz] OUT.txt\n");
        return 2;
    }
    gz = gzopen(argv[1], "rb");
    if (!gz) {
        perror(argv[1]);
        return 1;
    }
    out = fopen(argv[2], "w");
    if (!out) {
        perror(argv[2]);
        return 1;
    }
    while ((len = gz_getline(gz, &line, &cap)) >= 0) {
        cJSON *j = cJSON_ParseWithLength(line, (size_t)len), *t;
        const char *text;
        size_t n, ns, tl, s, k;
        if (!j)
            continue;
        t = cJSON_GetObjectItemCaseSensitive(j, "text");
        if (!cJSON_IsString(t)) {
            cJSON_Delete(j);
            continue;
        }
        text = t->valuestring;
        tl = strlen(text);
        while ((n = simple_tokenize(text, tl, toks, tcap)) > tcap) {
            tcap = n;
            toks = ner_xrealloc(toks, tcap * sizeof *toks);
        }
        while ((ns = simple_sentences(text, toks, n, sents, scap)) > scap) {
            scap = ns;
            sents = ner_xrealloc(sents, scap * sizeof *sents);
        }
        for (s = 0; s < ns; s++) {
            for (k = sents[s].start; k < sents[s].end; k++) {
                fwrite(text + toks[k].start, 1, toks[k].end - toks[k].start, out);
                fputc(k + 1 < sents[s].end ? ' ' : '\n', out);
            }
        }
        ntoks += n;
        ndocs++;
        cJSON_Delete(j);
    }
    gzclose(gz);
    fclose(out);
    free(line);
    free(toks);
    free(sents);
    fprintf(stderr, "tokdump: %lu documents, %lu tokens\n", ndocs, ntoks);
    return 0;
}

static int cmd_rawtext(int argc, char **argv);
static int cmd_bench(int argc, char **argv);
static int cmd_silver(int argc, char **argv);

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: ner_dev train|eval|brown|tokdump|rawtext|bench|silver ...\n");
        return 2;
    }
    if (!strcmp(argv[1], "brown"))
        return ner_brown_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "tokdump"))
        return cmd_tokdump(argc - 1, argv + 1);
    if (!strcmp(argv[1], "train"))
        return ner_train_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "eval"))
        return ner_eval_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "rawtext"))
        return cmd_rawtext(argc - 1, argv + 1);
    if (!strcmp(argv[1], "bench"))
        return cmd_bench(argc - 1, argv + 1);
    if (!strcmp(argv[1], "silver"))
        return cmd_silver(argc - 1, argv + 1);
    fprintf(stderr, "ner_dev: unknown command %s\n", argv[1]);
    return 2;
}

/* JSON string output (ASCII-safe escaping of the few characters needed). */
static void json_str(FILE *out, const char *s, size_t n)
{
    size_t i;
    fputc('"', out);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

/* Code point offset of byte offset b (UTF-8). */
static size_t cp_offset(const char *text, size_t b)
{
    size_t i, n = 0;
    for (i = 0; i < b; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static int cmd_rawtext(int argc, char **argv)
{
    const char *gazp = NULL;
    char err[512];
    ner_model *m;
    ner_gazetteer *gaz = NULL;
    ner_workspace *ws;
    FILE *in, *out;
    char *line = NULL;
    size_t cap = 0, tcap = 1 << 16, scap = 1 << 14, ecap = 1 << 14;
    ssize_t len;
    ner_range *toks, *sents;
    ner_entity *ents;
    double ttag = 0;
    unsigned long ntok_all = 0;
    if (argc != 4 && !(argc == 6 && !strcmp(argv[4], "--gazetteer"))) {
        fprintf(stderr, "usage: ner_dev rawtext MODEL DOCS.jsonl OUT.jsonl [--gazetteer FILE]\n");
        return 2;
    }
    if (argc == 6)
        gazp = argv[5];
    m = ner_model_load(argv[1], err, sizeof err);
    if (!m) {
        fprintf(stderr, "ner_dev: %s\n", err);
        return 1;
    }
    if (gazp && !(gaz = ner_gazetteer_load(gazp, err, sizeof err))) {
        fprintf(stderr, "ner_dev: %s\n", err);
        return 1;
    }
    in = fopen(argv[2], "r");
    out = fopen(argv[3], "w");
    if (!in || !out) {
        perror(!in ? argv[2] : argv[3]);
        return 1;
    }
    toks = ner_xmalloc(tcap * sizeof *toks);
    sents = ner_xmalloc(scap * sizeof *sents);
    ents = ner_xmalloc(ecap * sizeof *ents);
    ws = ner_workspace_new();
    while ((len = getline(&line, &cap, in)) > 0) {
        cJSON *j = cJSON_ParseWithLength(line, (size_t)len), *t, *id;
        const char *text;
        size_t n, ns, tl;
        long ne, k;
        double t0;
        if (!j)
            continue;
        t = cJSON_GetObjectItemCaseSensitive(j, "text");
        id = cJSON_GetObjectItemCaseSensitive(j, "id");
        if (!cJSON_IsString(t) || !cJSON_IsString(id)) {
            cJSON_Delete(j);
            continue;
        }
        text = t->valuestring;
        tl = strlen(text);
        t0 = now_sec();
        while ((n = simple_tokenize(text, tl, toks, tcap)) > tcap) {
            tcap = n;
            toks = ner_xrealloc(toks, tcap * sizeof *toks);
        }
        while ((ns = simple_sentences(text, toks, n, sents, scap)) > scap) {
            scap = ns;
            sents = ner_xrealloc(sents, scap * sizeof *sents);
        }
        while ((ne = ner_tag(m, ws, gaz, text, tl, toks, n, sents, ns, ents, ecap, err, sizeof err)) > (long)ecap) {
            ecap = (size_t)ne;
            ents = ner_xrealloc(ents, ecap * sizeof *ents);
        }
        ttag += now_sec() - t0;
        ntok_all += n;
        if (ne < 0) {
            fprintf(stderr, "ner_dev: %s: %s\n", id->valuestring, err);
            return 1;
        }
        fprintf(out, "{\"id\":");
        json_str(out, id->valuestring, strlen(id->valuestring));
        fprintf(out, ",\"annotations\":{\"entity\":[");
        for (k = 0; k < ne; k++) {
            size_t bs = toks[ents[k].tok_start].start, be = toks[ents[k].tok_end - 1].end;
            fprintf(out, "%s{\"start\":%zu,\"end\":%zu,\"text\":", k ? "," : "", cp_offset(text, bs),
                    cp_offset(text, be));
            json_str(out, text + bs, be - bs);
            fprintf(out, ",\"label\":\"%s\",\"confidence\":%.3f}", ner_label_name(ents[k].label), ents[k].confidence);
        }
        fprintf(out, "]}}\n");
        cJSON_Delete(j);
    }
    fprintf(stderr, "rawtext: %lu tokens, tokenise+tag %.3fs (%.0f tokens/s)\n", ntok_all, ttag,
            ttag > 0 ? ntok_all / ttag : 0);
    fclose(in);
    fclose(out);
    free(line);
    free(toks);
    free(sents);
    free(ents);
    ner_workspace_free(ws);
    ner_gazetteer_free(gaz);
    ner_model_free(m);
    return 0;
}

static long rss_kb(const char *key)
{
    FILE *fp = fopen("/proc/self/status", "r");
    char buf[256];
    long v = -1;
    if (!fp)
        return -1;
    while (fgets(buf, sizeof buf, fp))
        if (!strncmp(buf, key, strlen(key)))
            v = atol(buf + strlen(key));
    fclose(fp);
    return v;
}

static int cmd_bench(int argc, char **argv)
{
    int repeat = 5, i;
    ner_tag_options o = {1, 1};
    char err[512];
    ner_model *m;
    ner_workspace *ws;
    ner_corpus c;
    ner_range *toks, *sents;
    ner_entity *ents;
    uint32_t *tbase;
    double t0, load, best = 1e30;
    size_t d;
    long rss0 = rss_kb("VmRSS:");
    if (argc < 3) {
        fprintf(stderr, "usage: ner_dev bench MODEL FILE.conll [--repeat N] [--no-second-pass] [--no-confidence]\n");
        return 2;
    }
    for (i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--no-second-pass"))
            o.second_pass = 0;
        else if (!strcmp(argv[i], "--no-confidence"))
            o.confidence = 0;
        else {
            fprintf(stderr, "ner_dev bench: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    t0 = now_sec();
    m = ner_model_load(argv[1], err, sizeof err);
    load = now_sec() - t0;
    if (!m) {
        fprintf(stderr, "ner_dev: %s\n", err);
        return 1;
    }
    if (ner_corpus_read(&c, argv[2], err, sizeof err) != 0) {
        fprintf(stderr, "ner_dev: %s\n", err);
        return 1;
    }
    /* all token and sentence ranges prepared up front: only tagging is timed */
    toks = ner_xmalloc((c.ntok + 1) * sizeof *toks);
    sents = ner_xmalloc((c.nsent + 1) * sizeof *sents);
    ents = ner_xmalloc((c.ntok + 1) * sizeof *ents);
    tbase = ner_xmalloc((c.ndoc + 1) * sizeof *tbase);
    for (d = 0; d < c.ndoc; d++) {
        size_t s0 = c.doc_start[d], s1 = c.doc_start[d + 1], a = c.sent_start[s0], t, s;
        tbase[d] = (uint32_t)a;
        for (t = a; t < c.sent_start[s1]; t++) {
            toks[t].start = c.tok_off[t] - c.tok_off[a];
            toks[t].end = toks[t].start + c.tok_len[t];
        }
        for (s = s0; s < s1; s++) {
            sents[s].start = c.sent_start[s] - (uint32_t)a;
            sents[s].end = c.sent_start[s + 1] - (uint32_t)a;
        }
    }
    ws = ner_workspace_new();
    ner_workspace_set_options(ws, &o);
    for (i = 0; i < repeat; i++) {
        double t1 = now_sec(), dt;
        long nent = 0;
        for (d = 0; d < c.ndoc; d++) {
            size_t s0 = c.doc_start[d], s1 = c.doc_start[d + 1], a = c.sent_start[s0], b = c.sent_start[s1];
            long n = ner_tag(m, ws, NULL, c.pool + c.tok_off[a], b > a ? toks[b - 1].end : 0, toks + a, b - a,
                             sents + s0, s1 - s0, ents, c.ntok + 1, err, sizeof err);
            if (n < 0) {
                fprintf(stderr, "ner_dev: %s\n", err);
                return 1;
            }
            nent += n;
        }
        dt = now_sec() - t1;
        if (dt < best)
            best = dt;
        fprintf(stderr, "run %d: %zu tokens, %ld entities, %.3fs, %.0f tokens/s\n", i + 1, c.ntok, nent, dt,
                c.ntok / dt);
    }
    printf("model load %.3fs; best %.0f tokens/s (second pass %s, confidence %s); RSS %ld kB (model %ld kB), peak %ld kB\n",
           load, c.ntok / best, o.second_pass ? "on" : "off", o.confidence ? "on" : "off", rss_kb("VmRSS:"),
           rss_kb("VmRSS:") - rss0, rss_kb("VmHWM:"));
    free(toks);
    free(sents);
    free(ents);
    free(tbase);
    ner_workspace_free(ws);
    ner_model_free(m);
    ner_corpus_free(&c);
    return 0;
}

/* ---- silver: self-training data ------------------------------------------- */

/* Same token text (bytes)? */
static int tok_eq(const char *text, const ner_range *a, const char *text2, const ner_range *b)
{
    size_t n = a->end - a->start;
    return n == b->end - b->start && memcmp(text + a->start, text2 + b->start, n) == 0;
}

/* Same surface (token texts) for entities x and y? */
static int ent_same_surface(const char *text, const ner_range *toks, const ner_entity *x, const ner_entity *y)
{
    uint32_t k, n = x->tok_end - x->tok_start;
    if (n != y->tok_end - y->tok_start)
        return 0;
    for (k = 0; k < n; k++)
        if (!tok_eq(text, &toks[x->tok_start + k], text, &toks[y->tok_start + k]))
            return 0;
    return 1;
}

/* A sentence is kept when it has at least one entity, every entity in it
 * has confidence >= min_conf, and no entity's surface gets another label
 * elsewhere in the article (document consistency). Sentences of fewer than
 * 5 or more than 80 tokens, or with a token of white space or over 60 bytes
 * (tables, URLs), are dropped. */
static int cmd_silver(int argc, char **argv)
{
    char err[512];
    double min_conf = 0.95;
    unsigned long max_tokens = 0, ntok_out = 0, nsent_out = 0, ndocs = 0, ndocs_out = 0;
    ner_model *m;
    ner_workspace *ws;
    gzFile in;
    FILE *out;
    char *line = NULL;
    size_t cap = 0, tcap = 1 << 16, scap = 1 << 14, ecap = 1 << 14;
    long len;
    ner_range *toks, *sents;
    ner_entity *ents;
    unsigned char *bad;
    int i;
    if (argc < 4) {
        fprintf(stderr, "usage: ner_dev silver MODEL IN.jsonl[.gz] OUT.conll [--min-conf P] [--max-tokens N]\n");
        return 2;
    }
    for (i = 4; i < argc; i++) {
        if (!strcmp(argv[i], "--min-conf") && i + 1 < argc)
            min_conf = atof(argv[++i]);
        else if (!strcmp(argv[i], "--max-tokens") && i + 1 < argc)
            max_tokens = strtoul(argv[++i], NULL, 10);
        else {
            fprintf(stderr, "ner_dev silver: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    m = ner_model_load(argv[1], err, sizeof err);
    if (!m) {
        fprintf(stderr, "ner_dev: %s\n", err);
        return 1;
    }
    in = gzopen(argv[2], "rb");
    out = fopen(argv[3], "w");
    if (!in || !out) {
        perror(!in ? argv[2] : argv[3]);
        return 1;
    }
    toks = ner_xmalloc(tcap * sizeof *toks);
    sents = ner_xmalloc(scap * sizeof *sents);
    ents = ner_xmalloc(ecap * sizeof *ents);
    bad = ner_xmalloc(ecap);
    ws = ner_workspace_new();
    while ((len = gz_getline(in, &line, &cap)) >= 0 && (!max_tokens || ntok_out < max_tokens)) {
        cJSON *j = cJSON_ParseWithLength(line, (size_t)len), *t;
        const char *text;
        size_t n, ns, tl, s;
        long ne, a, b;
        int doc_started = 0;
        if (!j)
            continue;
        t = cJSON_GetObjectItemCaseSensitive(j, "text");
        if (!cJSON_IsString(t)) {
            cJSON_Delete(j);
            continue;
        }
        text = t->valuestring;
        tl = strlen(text);
        while ((n = simple_tokenize(text, tl, toks, tcap)) > tcap) {
            tcap = n;
            toks = ner_xrealloc(toks, tcap * sizeof *toks);
        }
        while ((ns = simple_sentences(text, toks, n, sents, scap)) > scap) {
            scap = ns;
            sents = ner_xrealloc(sents, scap * sizeof *sents);
        }
        while ((ne = ner_tag(m, ws, NULL, text, tl, toks, n, sents, ns, ents, ecap, err, sizeof err)) > (long)ecap) {
            ecap = (size_t)ne;
            ents = ner_xrealloc(ents, ecap * sizeof *ents);
            bad = ner_xrealloc(bad, ecap);
        }
        if (ne < 0) {
            fprintf(stderr, "ner_dev silver: %s\n", err);
            return 1;
        }
        ndocs++;
        for (a = 0; a < ne; a++) bad[a] = ents[a].confidence < min_conf;
        for (a = 0; a < ne; a++)
            for (b = a + 1; b < ne; b++)
                if (ents[a].label != ents[b].label && ent_same_surface(text, toks, &ents[a], &ents[b]))
                    bad[a] = bad[b] = 1;
        for (s = 0, a = 0; s < ns; s++) {
            size_t k, st = sents[s].start, en = sents[s].end;
            long first = a, e;
            int keep = en - st >= 5 && en - st <= 80, has = 0;
            while (a < ne && ents[a].tok_start < en) a++;
            for (e = first; e < a; e++) {
                has = 1;
                if (bad[e])
                    keep = 0;
            }
            for (k = st; k < en && keep; k++) {
                size_t w = toks[k].end - toks[k].start, c;
                if (w > 60)
                    keep = 0;
                for (c = toks[k].start; c < toks[k].end && keep; c++)
                    if (text[c] == ' ' || text[c] == '\t' || text[c] == '\n')
                        keep = 0;
            }
            if (!keep || !has)
                continue;
            if (!doc_started) {
                fprintf(out, "-DOCSTART- -X- -X- O\n\n");
                doc_started = 1;
                ndocs_out++;
            }
            for (k = st, e = first; k < en; k++) {
                const char *tag = "O";
                char tb[8];
                while (e < a && ents[e].tok_end <= k) e++;
                if (e < a && ents[e].tok_start <= k) {
                    snprintf(tb, sizeof tb, "%s-%s", ents[e].tok_start == k ? "B" : "I",
                             ner_label_name(ents[e].label));
                    tag = tb;
                }
                fwrite(text + toks[k].start, 1, toks[k].end - toks[k].start, out);
                fprintf(out, " _ _ %s\n", tag);
            }
            fputc('\n', out);
            ntok_out += en - st;
            nsent_out++;
        }
        cJSON_Delete(j);
    }
    fprintf(stderr, "silver: %lu of %lu articles, %lu sentences, %lu tokens (min confidence %.2f)\n", ndocs_out,
            ndocs, nsent_out, ntok_out, min_conf);
    gzclose(in);
    fclose(out);
    free(line);
    free(toks);
    free(sents);
    free(ents);
    free(bad);
    ner_workspace_free(ws);
    ner_model_free(m);
    return 0;
}
