/*
 * summary_dev.c - development driver for the summariser library (summ.h).
 *
 * Input: textpipe output with byte offsets and tokens shown, e.g.
 *
 *     textpipe run --offsets bytes -c tokens.cfg IN.jsonl > TP.jsonl
 *
 * where tokens.cfg runs the stages before summary and says
 * `output = { hide = []; };` (dev/score.sh and train/train.sh do this).
 *
 *   summary_dev [OPTIONS] features TP.jsonl
 *       every sentence's features, for train/train_summary.py: a header line
 *       "#features<TAB>NAME NAME ...", then per sentence
 *       DOC<TAB>SENTENCE<TAB>WORDS<TAB>WVALUE<TAB>DENSE...<TAB>TOKENS
 *       (DENSE and TOKENS space-separated; tokens lower-cased, with white
 *       space and control bytes inside a token shown as '_')
 *   summary_dev [OPTIONS] pred TP.jsonl
 *       {"id","annotations":{"summary":[{"start","end","rank"}]}} per line,
 *       byte offsets
 *   summary_dev [OPTIONS] bench TP.jsonl
 *       summ_select() alone over the parsed documents (spans already in
 *       memory, as the plugin gets them from earlier stages), best of
 *       --repeat N passes (default 5), CPU time of this process; one JSON
 *       line: docs, passes, seconds, docs_per_s, us_per_doc
 *
 * OPTIONS: --data DIR (the folder of stopwords_en.txt and
 * summary_model.tsv: plugins/summary/data), or --stopwords FILE and
 * --model FILE (features needs only the stop words); --sentences N,
 * --words N, --min-words N, --max-words N, --no-blocking (the plugin's
 * options, same defaults), --repeat N (bench).
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../summ.h"

static void die(const char *msg)
{
    fprintf(stderr, "summary_dev: %s\n", msg);
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- A bump arena, reset per document -------------------------------------- */

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char mem[];
} chunk;

typedef struct arena {
    chunk *head;
} arena;

static void *arena_alloc(void *actx, size_t n)
{
    arena *a = actx;
    n = (n + 15) & ~(size_t)15;
    if (!a->head || a->head->size - a->head->used < n) {
        size_t size = n > (1 << 20) ? n : (1 << 20);
        chunk *c = xmalloc(sizeof *c + size);
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = a->head->mem + a->head->used;
    a->head->used += n;
    return p;
}

/* Keeps the newest chunk (the largest in practice) for the next document. */
static void arena_reset(arena *a)
{
    if (!a->head)
        return;
    chunk *c = a->head->next;
    while (c) {
        chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head->next = NULL;
    a->head->used = 0;
}

static void arena_free(arena *a)
{
    arena_reset(a);
    free(a->head);
    a->head = NULL;
}

/* ---- Documents -------------------------------------------------------------- */

typedef struct doc {
    char *id;
    char *text;
    size_t len;
    summ_span *layer[4]; /* token, sentence, entity, money */
    size_t n[4];
} doc;

static const char *const layer_names[4] = {"token", "sentence", "entity", "money"};

static char *read_all(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 20, n = 0;
    char *b = xmalloc(cap + 1);
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

static void parse_layer(const cJSON *ann, int which, doc *d)
{
    const cJSON *arr = ann ? cJSON_GetObjectItemCaseSensitive(ann, layer_names[which]) : NULL;
    size_t n = cJSON_IsArray(arr) ? (size_t)cJSON_GetArraySize(arr) : 0;
    d->layer[which] = xmalloc(n * sizeof(summ_span));
    d->n[which] = 0;
    const cJSON *sp;
    cJSON_ArrayForEach(sp, arr)
    {
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(sp, "start");
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(sp, "end");
        if (!cJSON_IsNumber(b) || !cJSON_IsNumber(e))
            continue;
        d->layer[which][d->n[which]++] = (summ_span){(uint32_t)b->valuedouble, (uint32_t)e->valuedouble};
    }
}

static doc *load_docs(const char *path, size_t *ndocs)
{
    size_t len;
    char *buf = read_all(path, &len);
    size_t cap = 1024, n = 0;
    doc *docs = xmalloc(cap * sizeof *docs);
    for (char *line = buf; line < buf + len;) {
        char *nl = memchr(line, '\n', (size_t)(buf + len - line));
        size_t ll = nl ? (size_t)(nl - line) : (size_t)(buf + len - line);
        if (ll) {
            cJSON *j = cJSON_ParseWithLength(line, ll);
            if (!j)
                die("a line is not JSON (is the input textpipe output?)");
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
            const cJSON *text = cJSON_GetObjectItemCaseSensitive(j, "text");
            const cJSON *ann = cJSON_GetObjectItemCaseSensitive(j, "annotations");
            if (cJSON_IsString(id) && cJSON_IsString(text)) {
                if (n == cap) {
                    cap *= 2;
                    doc *nd = realloc(docs, cap * sizeof *docs);
                    if (!nd)
                        die("out of memory");
                    docs = nd;
                }
                doc *d = &docs[n++];
                d->id = strdup(id->valuestring);
                d->text = strdup(text->valuestring);
                if (!d->id || !d->text)
                    die("out of memory");
                d->len = strlen(d->text);
                for (int k = 0; k < 4; k++) parse_layer(ann, k, d);
            }
            cJSON_Delete(j);
        }
        line += ll + 1;
    }
    free(buf);
    *ndocs = n;
    return docs;
}

static void free_docs(doc *docs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(docs[i].id);
        free(docs[i].text);
        for (int k = 0; k < 4; k++) free(docs[i].layer[k]);
    }
    free(docs);
}

static summ_input input_of(const doc *d)
{
    summ_input in = {d->text, d->len,      d->layer[0], d->n[0],     d->layer[1],
                     d->n[1], d->layer[2], d->n[2],     d->layer[3], d->n[3]};
    return in;
}

/* ---- Modes ------------------------------------------------------------------ */

typedef struct feat_ctx {
    size_t doc;
} feat_ctx;

static int print_features(void *ctx, size_t sentence, const double *dense, size_t words, const char *const *tokens,
                          size_t ntok, double wvalue)
{
    const feat_ctx *fc = ctx;
    printf("%zu\t%zu\t%zu\t%.6g\t", fc->doc, sentence, words, wvalue);
    for (size_t i = 0; i < summ_feature_count(); i++) printf(i ? " %.6g" : "%.6g", dense[i]);
    putchar('\t');
    for (size_t i = 0; i < ntok; i++) {
        if (i)
            putchar(' ');
        for (const unsigned char *p = (const unsigned char *)tokens[i]; *p; p++)
            putchar(*p <= ' ' || *p == 0x7F ? '_' : *p);
    }
    putchar('\n');
    return 0;
}

static void mode_features(const summ_model *m, doc *docs, size_t n)
{
    printf("#features\t");
    for (size_t i = 0; i < summ_feature_count(); i++) printf(i ? " %s" : "%s", summ_feature_name(i));
    putchar('\n');
    arena a = {NULL};
    for (size_t i = 0; i < n; i++) {
        feat_ctx fc = {i};
        summ_input in = input_of(&docs[i]);
        summ_features(m, &in, arena_alloc, &a, print_features, &fc);
        arena_reset(&a);
    }
    arena_free(&a);
}

static void mode_pred(const summ_model *m, const summ_opts *o, doc *docs, size_t n)
{
    arena a = {NULL};
    for (size_t i = 0; i < n; i++) {
        summ_input in = input_of(&docs[i]);
        summ_pick *p = xmalloc(in.nsentences * sizeof *p);
        size_t k = summ_select(m, o, &in, arena_alloc, &a, p);
        cJSON *rec = cJSON_CreateObject();
        cJSON_AddStringToObject(rec, "id", docs[i].id);
        cJSON *ann = cJSON_AddObjectToObject(rec, "annotations");
        cJSON *sum = cJSON_AddArrayToObject(ann, "summary");
        for (size_t j = 0; j < k; j++) {
            cJSON *sp = cJSON_CreateObject();
            cJSON_AddNumberToObject(sp, "start", in.sentences[p[j].sentence].begin);
            cJSON_AddNumberToObject(sp, "end", in.sentences[p[j].sentence].end);
            cJSON_AddNumberToObject(sp, "rank", p[j].rank);
            cJSON_AddItemToArray(sum, sp);
        }
        char *s = cJSON_PrintUnformatted(rec);
        if (!s)
            die("out of memory");
        puts(s);
        free(s);
        cJSON_Delete(rec);
        free(p);
        arena_reset(&a);
    }
    arena_free(&a);
}

static void mode_bench(const summ_model *m, const summ_opts *o, doc *docs, size_t n, int repeat)
{
    size_t maxs = 1;
    for (size_t i = 0; i < n; i++)
        if (docs[i].n[1] > maxs)
            maxs = docs[i].n[1];
    summ_pick *p = xmalloc(maxs * sizeof *p);
    arena a = {NULL};
    double best = 1e30;
    size_t picked = 0;
    for (int r = 0; r < repeat; r++) {
        picked = 0;
        double t0 = cpu_now();
        for (size_t i = 0; i < n; i++) {
            summ_input in = input_of(&docs[i]);
            picked += summ_select(m, o, &in, arena_alloc, &a, p);
            arena_reset(&a);
        }
        double t = cpu_now() - t0;
        if (t < best)
            best = t;
    }
    if (best <= 0)
        best = 1e-9;
    printf("{\"docs\":%zu,\"passes\":%d,\"best_pass_seconds\":%.6f,\"docs_per_s\":%.0f,"
           "\"us_per_doc\":%.2f,\"sentences_chosen\":%zu}\n",
           n, repeat, best, n / best, best * 1e6 / (n ? n : 1), picked);
    arena_free(&a);
    free(p);
}

static size_t num_arg(const char *s)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || v < 0)
        die("expected a non-negative number");
    return (size_t)v;
}

int main(int argc, char **argv)
{
    const char *data = NULL, *model = NULL, *stop = NULL;
    summ_opts o = SUMM_OPTS_DEFAULT;
    int repeat = 5, i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--no-blocking") == 0) {
            o.redundancy = SUMM_REDUNDANCY_NONE;
            continue;
        }
        if (i + 1 >= argc)
            die("an option lacks its value");
        const char *v = argv[++i];
        if (strcmp(a, "--data") == 0)
            data = v;
        else if (strcmp(a, "--model") == 0)
            model = v;
        else if (strcmp(a, "--stopwords") == 0)
            stop = v;
        else if (strcmp(a, "--sentences") == 0)
            o.sentences = num_arg(v);
        else if (strcmp(a, "--words") == 0)
            o.words = num_arg(v);
        else if (strcmp(a, "--min-words") == 0)
            o.min_words = num_arg(v);
        else if (strcmp(a, "--max-words") == 0)
            o.max_words = num_arg(v);
        else if (strcmp(a, "--repeat") == 0)
            repeat = (int)num_arg(v);
        else
            die("unknown option (see the comment at the top of dev/summary_dev.c)");
    }
    if (argc - i != 2)
        die("usage: summary_dev [OPTIONS] features|pred|bench TP.jsonl");
    const char *mode = argv[i], *path = argv[i + 1];
    if (repeat < 1)
        repeat = 1;

    char buf[4096], err[512];
    summ_model *m = summ_model_new();
    if (!m)
        die("out of memory");
    if (!stop && data) {
        snprintf(buf, sizeof buf, "%s/stopwords_en.txt", data);
        stop = buf;
    }
    if (stop && summ_model_load_stopwords(m, stop, err, sizeof err) != 0)
        die(err);
    /* features needs no weights: training starts from none. */
    if (!model && data && strcmp(mode, "features") != 0) {
        snprintf(buf, sizeof buf, "%s/summary_model.tsv", data);
        model = buf;
    }
    if (model && summ_model_load_weights(m, model, err, sizeof err) != 0)
        die(err);

    size_t n;
    doc *docs = load_docs(path, &n);
    if (strcmp(mode, "features") == 0)
        mode_features(m, docs, n);
    else if (strcmp(mode, "pred") == 0)
        mode_pred(m, &o, docs, n);
    else if (strcmp(mode, "bench") == 0)
        mode_bench(m, &o, docs, n, repeat);
    else
        die("mode is features, pred or bench");
    free_docs(docs, n);
    summ_model_free(m);
    return 0;
}
