/*
 * sbd_dev.c - development driver for the sentence splitter.
 *
 *   sbd_dev [OPTIONS] pred IN.jsonl            JSONL {"id","text"[,"options"]} -> PRED JSONL on stdout:
 *                                              {"id","annotations":{"sentence":[{"start","end","text"}]}}
 *                                              with Unicode code point offsets (for score_output.py);
 *                                              --tokens adds "token":[{"start","end","kind"}]
 *   sbd_dev [OPTIONS] sents FILE|-             one sentence per line ("|" between), plain text input
 *   sbd_dev [OPTIONS] sents --jsonl IN.jsonl   the same for each record's "text" (record id first)
 *   sbd_dev [OPTIONS] tokens FILE|-            tokens (kind, byte span, text); "----" after each sentence
 *   sbd_dev [OPTIONS] bench FILE               throughput on a plain text file (one document)
 *   sbd_dev [OPTIONS] bench --jsonl IN.jsonl   throughput over the records' texts (one document each)
 *   sbd_dev [OPTIONS] linear                   10 MB document vs ten 1 MB documents (built from FILE
 *                                              given with --source, default Sherlock Holmes)
 *
 * OPTIONS: --abbrev FILE (repeatable; default: data/abbrev_en.txt and the
 * learned data/lowercase_en.txt, relative to the current directory
 * unless given), --soft (soft newlines), --honor-options (pred: a record whose
 * options say doc_type "pdf" or newline "soft" runs with soft newlines),
 * --repeat N (bench), --source FILE (linear).
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../segment.h"

static void die(const char *msg)
{
    fprintf(stderr, "sbd_dev: %s\n", msg);
    exit(2);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 20, n = 0;
    char *b = malloc(cap + 1);
    if (!b)
        die("out of memory");
    for (;;) {
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(b, cap + 1);
            if (!nb)
                die("out of memory");
            b = nb;
        }
        size_t r = fread(b + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    if (f != stdin)
        fclose(f);
    b[n] = 0;
    *len = n;
    return b;
}

/* CPU time of this process: on a shared machine it leaves out the time the
 * scheduler gave to others, which wall time would count. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- JSONL input ------------------------------------------------------- */

typedef struct doc {
    char *id;
    char *text;
    size_t len;
    int soft;
} doc;

static doc *read_jsonl(const char *path, size_t *ndocs, int honor)
{
    size_t len;
    char *all = read_all(path, &len);
    size_t cap = 64, n = 0;
    doc *d = malloc(cap * sizeof *d);
    char *line = all;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        if (*line) {
            cJSON *j = cJSON_Parse(line);
            if (!j)
                die("bad JSON line");
            cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
            cJSON *tx = cJSON_GetObjectItemCaseSensitive(j, "text");
            if (!cJSON_IsString(tx))
                die("record without \"text\"");
            if (n == cap) {
                cap *= 2;
                doc *nd = realloc(d, cap * sizeof *d);
                if (!nd)
                    die("out of memory");
                d = nd;
            }
            d[n].id = strdup(cJSON_IsString(id) ? id->valuestring : "");
            d[n].text = strdup(tx->valuestring);
            d[n].len = strlen(d[n].text);
            d[n].soft = 0;
            cJSON *op = cJSON_GetObjectItemCaseSensitive(j, "options");
            if (honor && cJSON_IsObject(op)) {
                cJSON *dt = cJSON_GetObjectItemCaseSensitive(op, "doc_type");
                cJSON *nlopt = cJSON_GetObjectItemCaseSensitive(op, "newline");
                if ((cJSON_IsString(dt) && strcmp(dt->valuestring, "pdf") == 0) ||
                    (cJSON_IsString(nlopt) && strcmp(nlopt->valuestring, "soft") == 0))
                    d[n].soft = 1;
            }
            n++;
            cJSON_Delete(j);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(all);
    *ndocs = n;
    return d;
}

/* ---- Modes ----------------------------------------------------------------- */

/* Byte offset -> code point offset, for increasing offsets. */
typedef struct cpconv {
    const char *s;
    size_t byte, cp;
} cpconv;

static size_t to_cp(cpconv *c, size_t byte)
{
    while (c->byte < byte) {
        if (((unsigned char)c->s[c->byte] & 0xC0) != 0x80)
            c->cp++;
        c->byte++;
    }
    return c->cp;
}

static int mode_pred(const sbd_model *m, int soft, int honor, int with_tokens, const char *path)
{
    size_t nd;
    doc *d = read_jsonl(path, &nd, honor);
    sbd_spans sents = {0}, toks = {0};
    for (size_t i = 0; i < nd; i++) {
        sbd_opts o = {soft || d[i].soft};
        if (sbd_segment_spans(m, &o, d[i].text, d[i].len, with_tokens ? &toks : NULL, &sents))
            die("out of memory");
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "id", d[i].id);
        cJSON *ann = cJSON_AddObjectToObject(r, "annotations");
        cJSON *arr = cJSON_AddArrayToObject(ann, "sentence");
        cpconv cv = {d[i].text, 0, 0};
        for (size_t k = 0; k < sents.n; k++) {
            sbd_span *sp = &sents.v[k];
            cJSON *o2 = cJSON_CreateObject();
            size_t a = to_cp(&cv, sp->start), b = to_cp(&cv, sp->end);
            cJSON_AddNumberToObject(o2, "start", (double)a);
            cJSON_AddNumberToObject(o2, "end", (double)b);
            char *t = strndup(d[i].text + sp->start, sp->end - sp->start);
            cJSON_AddStringToObject(o2, "text", t);
            free(t);
            cJSON_AddItemToArray(arr, o2);
        }
        if (with_tokens) {
            cJSON *ta = cJSON_AddArrayToObject(ann, "token");
            cpconv tv = {d[i].text, 0, 0};
            for (size_t k = 0; k < toks.n; k++) {
                sbd_span *sp = &toks.v[k];
                cJSON *o2 = cJSON_CreateObject();
                size_t a = to_cp(&tv, sp->start), b = to_cp(&tv, sp->end);
                cJSON_AddNumberToObject(o2, "start", (double)a);
                cJSON_AddNumberToObject(o2, "end", (double)b);
                cJSON_AddStringToObject(o2, "kind", sbd_tok_kind_name(sp->kind));
                cJSON_AddItemToArray(ta, o2);
            }
        }
        char *out = cJSON_PrintUnformatted(r);
        puts(out);
        free(out);
        cJSON_Delete(r);
        free(d[i].id);
        free(d[i].text);
    }
    sbd_spans_free(&sents);
    sbd_spans_free(&toks);
    free(d);
    return 0;
}

static void print_sents(const sbd_model *m, int soft, const char *id, const char *text, size_t len)
{
    sbd_spans sents = {0};
    sbd_opts o = {soft};
    if (sbd_segment_spans(m, &o, text, len, NULL, &sents))
        die("out of memory");
    if (id)
        printf("## %s\n", id);
    for (size_t k = 0; k < sents.n; k++) {
        sbd_span *sp = &sents.v[k];
        /* fold line breaks for display */
        for (size_t p = sp->start; p < sp->end; p++) putchar(text[p] == '\n' ? ' ' : text[p]);
        putchar('\n');
    }
    sbd_spans_free(&sents);
}

static int mode_sents(const sbd_model *m, int soft, int jsonl, const char *path)
{
    if (jsonl) {
        size_t nd;
        doc *d = read_jsonl(path, &nd, 0);
        for (size_t i = 0; i < nd; i++) {
            print_sents(m, soft, d[i].id, d[i].text, d[i].len);
            free(d[i].id);
            free(d[i].text);
        }
        free(d);
    } else {
        size_t len;
        char *t = read_all(path, &len);
        print_sents(m, soft, NULL, t, len);
        free(t);
    }
    return 0;
}

typedef struct tokctx {
    const char *s;
} tokctx;

static int print_tok(void *ctx, size_t a, size_t b, int kind)
{
    tokctx *c = ctx;
    printf("%-8s %6zu %6zu  %.*s\n", sbd_tok_kind_name(kind), a, b, (int)(b - a), c->s + a);
    return 0;
}

static int print_sent_mark(void *ctx, size_t a, size_t b)
{
    (void)ctx;
    printf("---- sentence %zu..%zu\n", a, b);
    return 0;
}

static int mode_tokens(const sbd_model *m, int soft, const char *path)
{
    size_t len;
    char *t = read_all(path, &len);
    tokctx c = {t};
    sbd_sink sink = {&c, print_tok, print_sent_mark};
    sbd_opts o = {soft};
    sbd_segment(m, &o, t, len, &sink);
    free(t);
    return 0;
}

typedef struct counts {
    size_t tokens, sentences, check;
} counts;

static int count_tok(void *ctx, size_t a, size_t b, int kind)
{
    counts *c = ctx;
    c->tokens++;
    c->check += a ^ b ^ (size_t)kind;
    return 0;
}

static int count_sent(void *ctx, size_t a, size_t b)
{
    counts *c = ctx;
    c->sentences++;
    c->check += a + b;
    return 0;
}

/* Segment every document once; returns seconds. */
static double run_docs(const sbd_model *m, int soft, doc *d, size_t nd, counts *c)
{
    sbd_sink sink = {c, count_tok, count_sent};
    sbd_opts o = {soft};
    double t0 = now();
    for (size_t i = 0; i < nd; i++) sbd_segment(m, &o, d[i].text, d[i].len, &sink);
    return now() - t0;
}

static int mode_bench(const sbd_model *m, int soft, int jsonl, int repeat, const char *path)
{
    size_t nd, bytes = 0;
    doc *d;
    if (jsonl) {
        d = read_jsonl(path, &nd, 0);
    } else {
        nd = 1;
        d = calloc(1, sizeof *d);
        d[0].text = read_all(path, &d[0].len);
    }
    for (size_t i = 0; i < nd; i++) bytes += d[i].len;
    double best = 1e9;
    counts c = {0, 0, 0};
    for (int r = 0; r < repeat; r++) {
        counts cc = {0, 0, 0};
        double t = run_docs(m, soft, d, nd, &cc);
        if (t < best)
            best = t;
        c = cc;
    }
    printf("%s: %zu docs, %zu bytes, %zu tokens, %zu sentences, best of %d: %.4f s CPU = %.1f MB/s "
           "(check %zx)\n",
           path, nd, bytes, c.tokens, c.sentences, repeat, best, bytes / best / 1e6, c.check);
    return 0;
}

static int mode_linear(const sbd_model *m, int soft, int repeat, const char *src)
{
    size_t slen;
    char *s = read_all(src, &slen);
    const size_t MB = 1000000;
    /* one 10 MB document made of the source repeated, cut at a line end */
    char *big = malloc(10 * MB + 1);
    size_t n = 0;
    while (n < 10 * MB) {
        size_t k = slen < 10 * MB - n ? slen : 10 * MB - n;
        memcpy(big + n, s, k);
        n += k;
    }
    big[n] = 0;
    doc one = {NULL, big, n, 0};
    doc ten[10];
    for (int i = 0; i < 10; i++) {
        ten[i].id = NULL;
        ten[i].text = big + (size_t)i * MB;
        ten[i].len = MB;
        ten[i].soft = 0;
    }
    double b1 = 1e9, b10 = 1e9;
    counts c1 = {0, 0, 0}, c10 = {0, 0, 0};
    for (int r = 0; r < repeat; r++) {
        counts a = {0, 0, 0}, b = {0, 0, 0};
        double t = run_docs(m, soft, &one, 1, &a);
        if (t < b1)
            b1 = t;
        t = run_docs(m, soft, ten, 10, &b);
        if (t < b10)
            b10 = t;
        c1 = a;
        c10 = b;
    }
    printf("one 10 MB document:  %.4f s CPU = %.1f MB/s (%zu tokens, %zu sentences)\n", b1, n / b1 / 1e6,
           c1.tokens, c1.sentences);
    printf("ten 1 MB documents:  %.4f s CPU = %.1f MB/s (%zu tokens, %zu sentences)\n", b10, n / b10 / 1e6,
           c10.tokens, c10.sentences);
    printf("ratio 10 MB / 10 x 1 MB: %.3f\n", b1 / b10);
    free(big);
    free(s);
    return 0;
}

int main(int argc, char **argv)
{
    const char *abbrevs[16];
    int nab = 0, soft = 0, honor = 0, jsonl = 0, repeat = 5, with_tokens = 0;
    const char *source = "/work/shared/data/sbd/prose/sherlock_holmes_1661.txt";
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (strcmp(argv[i], "--abbrev") == 0 && i + 1 < argc && nab < 16)
            abbrevs[nab++] = argv[++i];
        else if (strcmp(argv[i], "--soft") == 0)
            soft = 1;
        else if (strcmp(argv[i], "--honor-options") == 0)
            honor = 1;
        else if (strcmp(argv[i], "--tokens") == 0)
            with_tokens = 1;
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (strcmp(argv[i], "--source") == 0 && i + 1 < argc)
            source = argv[++i];
        else
            die("unknown option (see the comment at the top of sbd_dev.c)");
    }
    if (i >= argc)
        die("usage: sbd_dev [--abbrev F]... [--soft] [--honor-options] [--repeat N] "
            "pred|sents|tokens|bench|linear [--jsonl] [FILE]");
    const char *mode = argv[i++];
    if (i < argc && strcmp(argv[i], "--jsonl") == 0) {
        jsonl = 1;
        i++;
    }
    const char *path = i < argc ? argv[i] : "-";
    if (repeat < 1)
        repeat = 1;

    sbd_model *m = sbd_model_new();
    if (!m)
        die("out of memory");
    if (nab == 0) {
        abbrevs[nab++] = "data/abbrev_en.txt";
        abbrevs[nab++] = "data/lowercase_en.txt";
    }
    for (int k = 0; k < nab; k++) {
        char err[512];
        if (sbd_model_load_abbrevs(m, abbrevs[k], err, sizeof err)) {
            fprintf(stderr, "sbd_dev: %s\n", err);
            return 2;
        }
    }
    int rc;
    if (strcmp(mode, "pred") == 0)
        rc = mode_pred(m, soft, honor, with_tokens, path);
    else if (strcmp(mode, "sents") == 0)
        rc = mode_sents(m, soft, jsonl, path);
    else if (strcmp(mode, "tokens") == 0)
        rc = mode_tokens(m, soft, path);
    else if (strcmp(mode, "bench") == 0)
        rc = mode_bench(m, soft, jsonl, repeat, path);
    else if (strcmp(mode, "linear") == 0)
        rc = mode_linear(m, soft, repeat, source);
    else
        die("unknown mode");
    sbd_model_free(m);
    return rc;
}
