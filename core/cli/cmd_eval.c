/*
 * cli_eval.c - `textpipe eval`: span precision, recall and F1 of one layer
 * of textpipe output against gold data, per label and overall (exact span
 * match: same start, same end, and the same label when both sides have one).
 *
 *   textpipe eval --layer LAYER --gold GOLD.jsonl [--types A,B] [--json] PRED.jsonl
 *
 * Records are matched by id.  Gold records may be textpipe output (spans in
 * "annotations": {LAYER: […]}) or hold the layer's spans at top level, as
 * newsroom gold files usually do: "entities" (with "label" or "type"),
 * "sentences" (span objects, or strings found in the text in order), "money"
 * or "expected".  Offsets are code points on both sides, as in the output.
 */
#include "autoconfig.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fileio.h"
#include "report.h"
#include "xalloc.h"

typedef struct span {
    long start, end;
    char label[16];
} span;

typedef struct doc_spans {
    char *id;
    span *v;
    size_t n, cap;
} doc_spans;

typedef struct counts {
    char label[16];
    size_t tp, fp, fn;
} counts;

/* Where a gold record may keep the spans of a layer, besides annotations. */
static const char *const *aliases(const char *layer)
{
    static const char *const entity[] = {"entities", "entity", NULL};
    static const char *const sentence[] = {"sentences", "sentence", NULL};
    static const char *const money[] = {"money", "expected", NULL};
    static const char *const other[] = {NULL};
    if (strcmp(layer, "entity") == 0)
        return entity;
    if (strcmp(layer, "sentence") == 0)
        return sentence;
    if (strcmp(layer, "money") == 0)
        return money;
    return other;
}

/* Code point offset of byte offset `b` in UTF-8 `s`. */
static long cp_of(const char *s, size_t b)
{
    long n = 0;
    for (size_t i = 0; i < b; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static void add_span(doc_spans *d, long start, long end, const char *label)
{
    d->v = tp__xgrow(d->v, &d->cap, d->n + 1, sizeof *d->v);
    span *s = &d->v[d->n++];
    s->start = start;
    s->end = end;
    snprintf(s->label, sizeof s->label, "%s", label ? label : "");
}

static bool wanted(const char *label, const char *types)
{
    if (!types)
        return true;
    size_t n = strlen(label);
    for (const char *p = types; *p;) {
        const char *comma = strchr(p, ',');
        size_t k = comma ? (size_t)(comma - p) : strlen(p);
        if (k == n && strncmp(p, label, n) == 0)
            return true;
        if (!comma)
            break;
        p = comma + 1;
    }
    return false;
}

/* Reads the spans of `layer` from one record. */
static void read_spans(const cJSON *rec, const char *layer, const char *types, doc_spans *d)
{
    const cJSON *arr = NULL;
    const cJSON *ann = cJSON_GetObjectItemCaseSensitive(rec, "annotations");
    if (cJSON_IsObject(ann))
        arr = cJSON_GetObjectItemCaseSensitive(ann, layer);
    for (const char *const *a = aliases(layer); !arr && *a; a++) {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(rec, *a);
        if (cJSON_IsArray(x))
            arr = x;
    }
    if (!cJSON_IsArray(arr))
        return;
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(rec, "text");
    size_t cursor = 0; /* for spans given as strings: search from here */
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (cJSON_IsString(it) && cJSON_IsString(text)) {
            const char *t = text->valuestring;
            const char *hit = strstr(t + cursor, it->valuestring);
            if (!hit)
                continue;
            size_t b = (size_t)(hit - t), e = b + strlen(it->valuestring);
            add_span(d, cp_of(t, b), cp_of(t, e), NULL);
            cursor = e;
            continue;
        }
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(it, "start");
        const cJSON *en = cJSON_GetObjectItemCaseSensitive(it, "end");
        if (!cJSON_IsNumber(st) || !cJSON_IsNumber(en))
            continue;
        const cJSON *lab = cJSON_GetObjectItemCaseSensitive(it, "label");
        if (!cJSON_IsString(lab))
            lab = cJSON_GetObjectItemCaseSensitive(it, "type");
        const char *label = cJSON_IsString(lab) ? lab->valuestring : NULL;
        if (types && !(label && wanted(label, types)))
            continue;
        add_span(d, (long)st->valuedouble, (long)en->valuedouble, label);
    }
}

/* Adds the record `j` (its spans of `layer`) under id `id`. */
static void add_record(doc_spans **out, size_t *nout, size_t *cap, const cJSON *j, const char *id,
                       const char *layer, const char *types)
{
    *out = tp__xgrow(*out, cap, *nout + 1, sizeof **out);
    doc_spans *d = &(*out)[(*nout)++];
    memset(d, 0, sizeof *d);
    d->id = tp__xstrdup(id);
    read_spans(j, layer, types, d);
}

/* The whole of `path` ("-": standard input, which may be a pipe, as may
 * the file: it is read to its end, never sought).  NULL after saying why. */
static char *slurp(const char *path, size_t *len)
{
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        tp__cli_error_at(path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    tp__buf b = {0};
    int rc = tp__read_fd(fd, SIZE_MAX, &b);
    int e = errno;
    if (!is_stdin)
        close(fd);
    if (rc != 0) {
        tp__cli_error_at(path, 0, "cannot read: %s", strerror(e));
        tp__buf_free(&b);
        return NULL;
    }
    tp__buf_putc(&b, '\0');
    *len = b.len - 1;
    return b.data;
}

/* Reads a JSONL file, or one JSON object (a pretty-printed gold file), into
 * per-record span lists. */
static int read_file(const char *path, const char *layer, const char *types, doc_spans **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    size_t len, cap = 0;
    char *all = slurp(path, &len);
    if (!all)
        return -1;
    const char *end = all + len;
    const char *first = all;
    while (first < end && (*first == ' ' || *first == '\n' || *first == '\t' || *first == '\r')) first++;
    /* One object over several lines: its first line does not parse alone. */
    if (first < end && *first == '{') {
        const char *nl = memchr(first, '\n', (size_t)(end - first));
        cJSON *j = cJSON_ParseWithLength(first, (size_t)((nl ? nl : end) - first));
        if (!j) {
            j = cJSON_ParseWithLength(first, (size_t)(end - first));
            int rc = j ? 0 : -1;
            if (!j) {
                tp__cli_error_at(path, 0, "not JSON Lines nor one JSON object");
            } else {
                const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
                add_record(out, nout, &cap, j, cJSON_IsString(id) ? id->valuestring : "", layer, types);
            }
            cJSON_Delete(j);
            free(all);
            return rc;
        }
        cJSON_Delete(j);
    }
    int rc = 0;
    int lineno = 0;
    for (const char *line = all; line < end && rc == 0;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *next = nl ? nl + 1 : end;
        size_t l = (size_t)((nl ? nl : end) - line);
        lineno++;
        while (l && line[l - 1] == '\r') l--;
        if (l == 0) {
            line = next;
            continue;
        }
        cJSON *j = cJSON_ParseWithLength(line, l);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
        char idbuf[32];
        const char *ids = cJSON_IsString(id) ? id->valuestring : NULL;
        if (!ids && cJSON_IsNumber(id)) {
            snprintf(idbuf, sizeof idbuf, "%.0f", id->valuedouble);
            ids = idbuf;
        }
        if (!j) {
            tp__cli_error_at(path, lineno, "not a JSON object");
            rc = -1;
        } else if (!ids) {
            tp__cli_error_at(path, lineno, "record without an id");
            rc = -1;
        } else {
            add_record(out, nout, &cap, j, ids, layer, types);
        }
        cJSON_Delete(j);
        line = next;
    }
    free(all);
    return rc;
}

static void free_docs(doc_spans *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(d[i].id);
        free(d[i].v);
    }
    free(d);
}

static counts *counts_for(counts **c, size_t *n, size_t *cap, const char *label)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*c)[i].label, label) == 0)
            return &(*c)[i];
    *c = tp__xgrow(*c, cap, *n + 1, sizeof **c);
    counts *k = &(*c)[(*n)++];
    memset(k, 0, sizeof *k);
    snprintf(k->label, sizeof k->label, "%s", label);
    return k;
}

static bool same(const span *a, const span *b, bool labelled)
{
    return a->start == b->start && a->end == b->end && (!labelled || strcmp(a->label, b->label) == 0);
}

static int cmp_counts(const void *a, const void *b)
{
    return strcmp(((const counts *)a)->label, ((const counts *)b)->label);
}

static void prf(size_t tp, size_t fp, size_t fn, double *p, double *r, double *f)
{
    *p = tp + fp ? 100.0 * (double)tp / (double)(tp + fp) : 0.0;
    *r = tp + fn ? 100.0 * (double)tp / (double)(tp + fn) : 0.0;
    *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

const tp__command tp__command_eval = {
    "eval",
    tp__cmd_eval,
    "--layer LAYER --gold GOLD.jsonl [--types A,B] [--json] PRED.jsonl",
    "span precision, recall and F1 per label and overall (entity, sentence, money, ...)",
};

int tp__cmd_eval(int argc, char **argv)
{
    static const struct option opts[] = {
        {"layer", required_argument, NULL, 'l'}, {"gold", required_argument, NULL, 'g'},
        {"types", required_argument, NULL, 't'}, {"json", no_argument, NULL, 'J'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    const char *layer = NULL, *gold = NULL, *types = NULL;
    bool json = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (opt) {
        case 'l': layer = optarg; break;
        case 'g': gold = optarg; break;
        case 't': types = optarg; break;
        case 'J': json = true; break;
        case 'h': tp__command_usage(stdout, &tp__command_eval); return TP_EXIT_OK;
        default: return TP_EXIT_USAGE;
        }
    }
    if (!layer || !gold || optind != argc - 1) {
        tp__command_usage(stderr, &tp__command_eval);
        return TP_EXIT_USAGE;
    }
    doc_spans *g = NULL, *p = NULL;
    size_t ng = 0, np = 0;
    if (read_file(gold, layer, types, &g, &ng) != 0 || read_file(argv[optind], layer, types, &p, &np) != 0) {
        free_docs(g, ng);
        free_docs(p, np);
        return TP_EXIT_USAGE;
    }
    counts *per = NULL;
    size_t nper = 0, capper = 0, tp = 0, fp = 0, fn = 0, missing = 0;
    for (size_t i = 0; i < ng; i++) {
        const doc_spans *pd = NULL;
        for (size_t k = 0; k < np && !pd; k++)
            if (strcmp(p[k].id, g[i].id) == 0)
                pd = &p[k];
        if (!pd)
            missing++;
        size_t npd = pd ? pd->n : 0;
        bool *used = tp__xcalloc(npd + 1, sizeof *used);
        for (size_t a = 0; a < g[i].n; a++) {
            const span *gs = &g[i].v[a];
            bool labelled = gs->label[0] != '\0';
            bool hit = false;
            for (size_t b = 0; b < npd && !hit; b++)
                if (!used[b] && same(gs, &pd->v[b], labelled && pd->v[b].label[0]))
                    hit = used[b] = true;
            counts *c = counts_for(&per, &nper, &capper, gs->label);
            if (hit) {
                tp++;
                c->tp++;
            } else {
                fn++;
                c->fn++;
            }
        }
        for (size_t b = 0; b < npd; b++)
            if (!used[b]) {
                fp++;
                counts_for(&per, &nper, &capper, pd->v[b].label)->fp++;
            }
        free(used);
    }
    if (nper) /* no labels seen: per is NULL, which qsort() must not get */
        qsort(per, nper, sizeof *per, cmp_counts);
    double P, R, F;
    if (json) {
        prf(tp, fp, fn, &P, &R, &F);
        printf("{\"layer\":\"%s\",\"documents\":%zu,\"p\":%.2f,\"r\":%.2f,\"f1\":%.2f,\"per_label\":{", layer, ng,
               P, R, F);
        bool first = true;
        for (size_t i = 0; i < nper; i++) {
            if (!per[i].label[0])
                continue;
            prf(per[i].tp, per[i].fp, per[i].fn, &P, &R, &F);
            printf("%s\"%s\":{\"p\":%.2f,\"r\":%.2f,\"f1\":%.2f}", first ? "" : ",", per[i].label, P, R, F);
            first = false;
        }
        printf("}}\n");
    } else {
        printf("%-10s %9s %9s %9s %8s %8s %8s\n", "label", "precision", "recall", "F1", "tp", "fp", "fn");
        for (size_t i = 0; i < nper; i++) {
            if (!per[i].label[0])
                continue;
            prf(per[i].tp, per[i].fp, per[i].fn, &P, &R, &F);
            printf("%-10s %9.2f %9.2f %9.2f %8zu %8zu %8zu\n", per[i].label, P, R, F, per[i].tp, per[i].fp, per[i].fn);
        }
        prf(tp, fp, fn, &P, &R, &F);
        printf("%-10s %9.2f %9.2f %9.2f %8zu %8zu %8zu\n", "overall", P, R, F, tp, fp, fn);
        printf("(%s, %zu gold documents%s)\n", layer, ng, missing ? ", some without a prediction" : "");
    }
    if (missing)
        tp__cli_warning("%zu gold documents have no record in %s", missing, argv[optind]);
    free(per);
    free_docs(g, ng);
    free_docs(p, np);
    return TP_EXIT_OK;
}
