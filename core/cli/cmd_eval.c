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
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
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
    for (size_t i = 0; i < b; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
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

/* Reads a JSONL file (or one JSON object) into per-record span lists. */
static int read_file(const char *path, const char *layer, const char *types, doc_spans **out, size_t *nout)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        fprintf(stderr, "textpipe: error: %s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 0;
    *out = NULL;
    *nout = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    size_t lineno = 0;
    int rc = 0;
    /* A file holding one pretty-printed object is read whole. */
    int c = fgetc(f);
    while (c == ' ' || c == '\n' || c == '\t' || c == '\r')
        c = fgetc(f);
    if (c != EOF)
        ungetc(c, f);
    bool whole = false;
    char *all = NULL;
    size_t alllen = 0;
    if (c == '{') {
        /* Peek: if the first line does not parse alone, read the file whole. */
        len = getline(&line, &lcap, f);
        lineno = 1;
        cJSON *j = len > 0 ? cJSON_ParseWithLength(line, (size_t)len) : NULL;
        if (!j) {
            whole = true;
            alllen = len > 0 ? (size_t)len : 0;
            all = tp__xmalloc(alllen + 1);
            memcpy(all, line, alllen);
            while ((len = getline(&line, &lcap, f)) > 0) {
                all = tp__xrealloc(all, alllen + (size_t)len + 1);
                memcpy(all + alllen, line, (size_t)len);
                alllen += (size_t)len;
            }
        } else {
            cJSON_Delete(j);
            rewind(f);
            lineno = 0;
        }
    }
    if (whole) {
        cJSON *j = cJSON_ParseWithLength(all, alllen);
        free(all);
        if (!j) {
            fprintf(stderr, "textpipe: error: %s: not JSON Lines nor one JSON object\n", path);
            rc = -1;
        } else {
            *out = tp__xgrow(*out, &cap, 1, sizeof **out);
            doc_spans *d = &(*out)[(*nout)++];
            memset(d, 0, sizeof *d);
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
            d->id = tp__xstrdup(cJSON_IsString(id) ? id->valuestring : "");
            read_spans(j, layer, types, d);
            cJSON_Delete(j);
        }
    } else {
        while ((len = getline(&line, &lcap, f)) > 0) {
            lineno++;
            size_t l = (size_t)len;
            while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
                l--;
            if (l == 0)
                continue;
            cJSON *j = cJSON_ParseWithLength(line, l);
            if (!j) {
                fprintf(stderr, "textpipe: error: %s:%zu: not a JSON object\n", path, lineno);
                rc = -1;
                break;
            }
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
            char idbuf[32];
            const char *ids = cJSON_IsString(id) ? id->valuestring : NULL;
            if (!ids && cJSON_IsNumber(id)) {
                snprintf(idbuf, sizeof idbuf, "%.0f", id->valuedouble);
                ids = idbuf;
            }
            if (!ids) {
                fprintf(stderr, "textpipe: error: %s:%zu: record without an id\n", path, lineno);
                cJSON_Delete(j);
                rc = -1;
                break;
            }
            *out = tp__xgrow(*out, &cap, *nout + 1, sizeof **out);
            doc_spans *d = &(*out)[(*nout)++];
            memset(d, 0, sizeof *d);
            d->id = tp__xstrdup(ids);
            read_spans(j, layer, types, d);
            cJSON_Delete(j);
        }
    }
    free(line);
    if (f != stdin)
        fclose(f);
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
        case 'h':
            printf("usage: textpipe eval --layer LAYER --gold GOLD.jsonl [--types A,B] [--json] PRED.jsonl\n");
            return TP_EXIT_OK;
        default:
            return TP_EXIT_USAGE;
        }
    }
    if (!layer || !gold || optind != argc - 1) {
        fprintf(stderr, "usage: textpipe eval --layer LAYER --gold GOLD.jsonl [--types A,B] [--json] PRED.jsonl\n");
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
        printf("{\"layer\":\"%s\",\"documents\":%zu,\"p\":%.2f,\"r\":%.2f,\"f1\":%.2f,\"per_label\":{", layer, ng, P,
               R, F);
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
            printf("%-10s %9.2f %9.2f %9.2f %8zu %8zu %8zu\n", per[i].label, P, R, F, per[i].tp, per[i].fp,
                   per[i].fn);
        }
        prf(tp, fp, fn, &P, &R, &F);
        printf("%-10s %9.2f %9.2f %9.2f %8zu %8zu %8zu\n", "overall", P, R, F, tp, fp, fn);
        printf("(%s, %zu gold documents%s)\n", layer, ng, missing ? ", some without a prediction" : "");
    }
    if (missing)
        fprintf(stderr, "textpipe: warning: %zu gold documents have no record in %s\n", missing, argv[optind]);
    free(per);
    free_docs(g, ng);
    free_docs(p, np);
    return TP_EXIT_OK;
}
