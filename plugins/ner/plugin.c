/*
 * ner - the textpipe plugin around the named-entity model (ner_model.h).
 *
 * Consumes the token and sentence layers (the sentences stage), produces
 * "entity" spans with label PER, ORG, LOC or MISC and a confidence score.
 * The model file ships with the plugin (data/ner-conll03-en.model); a
 * newsroom gazetteer (name<TAB>LABEL lines, LABEL one of PER ORG LOC MISC,
 * or O to keep a name untagged) forces its entries.
 *
 *   textpipe train ner --train FILE.conll --out MODEL [...]   train a model
 *   textpipe train ner eval --model MODEL --file FILE.conll    F1 on given tokens
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <textpipe/plugin.h>
#include <textpipe/utf8.h>

#include "ner_model.h"

#ifndef TP_PKGDATADIR
#define TP_PKGDATADIR "/usr/local/share/textpipe"
#endif

#define CLUSTERS_FILE "brown-cnndm-c1000.txt"

typedef struct ner_state {
    ner_model *model;
    ner_gazetteer *gaz;
    ner_workspace *ws;
    tp_type token, sentence, entity;
    tp_feat label, score;
} ner_state;

/* What the options fill (tp_init_bind). */
typedef struct ner_conf {
    const char *model, *gazetteer; /* paths, borrowed for init() */
    ner_tag_options tag;
} ner_conf;

static const tp_option_spec options[] = {
    {.name = "model",
     .type = TP_OPT_STRING,
     .default_value = "@data/ner-conll03-en.model",
     .help = "model file (textpipe train ner writes one)",
     .field = TP_OPT_FIELD(ner_conf, model)},
    {.name = "gazetteer",
     .type = TP_OPT_STRING,
     .help = "newsroom names, name<TAB>LABEL per line (PER ORG LOC MISC, or O): tagged as listed",
     .field = TP_OPT_FIELD(ner_conf, gazetteer)},
    {.name = "second_pass",
     .type = TP_OPT_BOOL,
     .default_value = "true",
     .help = "document-level consistency pass (the same string tagged elsewhere in the article)",
     .field = TP_OPT_FIELD(ner_conf, tag.second_pass)},
    {.name = "scores",
     .type = TP_OPT_BOOL,
     .default_value = "true",
     .help = "compute each entity's confidence (else every score is 0.5)",
     .field = TP_OPT_FIELD(ner_conf, tag.confidence)},
    {NULL},
};

static int ner_init(tp_init *ini, void **state)
{
    char err[512];
    ner_conf conf;
    tp_init_bind(ini, &conf);
    ner_state *s = calloc(1, sizeof *s);
    if (!s)
        return tp_init_fail(ini, "out of memory");
    s->model = ner_model_load(tp_init_path(ini, conf.model), err, sizeof err);
    if (!s->model)
        goto fail;
    if (conf.gazetteer) {
        s->gaz = ner_gazetteer_load(tp_init_path(ini, conf.gazetteer), err, sizeof err);
        if (!s->gaz)
            goto fail;
    }
    s->ws = ner_workspace_new();
    if (!s->ws) {
        snprintf(err, sizeof err, "out of memory");
        goto fail;
    }
    ner_workspace_set_options(s->ws, &conf.tag);
    s->token = tp_init_type(ini, "token");
    s->sentence = tp_init_type(ini, "sentence");
    s->entity = tp_init_type(ini, "entity");
    s->label = tp_init_feat(ini, "label");
    s->score = tp_init_feat(ini, "score");
    *state = s;
    return TP_OK;
fail:
    ner_gazetteer_free(s->gaz);
    ner_model_free(s->model);
    free(s);
    return tp_init_fail(ini, "%s", err);
}

/* The token index range [first, last) of the tokens inside `sent`, found by
 * walking forward from *cursor (both layers are in text order). */
static void sentence_tokens(const tp_span *tok, size_t ntok, const tp_span *sent, size_t *cursor, ner_range *out)
{
    size_t i = *cursor;
    while (i < ntok && tok[i].begin < sent->begin) i++;
    size_t first = i;
    while (i < ntok && tok[i].end <= sent->end) i++;
    out->start = (uint32_t)first;
    out->end = (uint32_t)i;
    *cursor = i;
}

/* Non-zero when the token holds a letter or a digit, in any script
 * (<textpipe/utf8.h>'s classes). */
static int has_alnum(const char *text, const ner_range *t)
{
    for (uint32_t i = t->start; i < t->end;) {
        uint32_t cp;
        i += (uint32_t)tp_utf8_decode(text + i, t->end - i, &cp);
        if (tp_utf8_is(cp, TP_UTF8_WORD))
            return 1;
    }
    return 0;
}

/* The bracket character of a one-byte token "(" "[" ")" "]", or 0. */
static char bracket(const char *text, const ner_range *t)
{
    char c = t->end - t->start == 1 ? text[t->start] : 0;
    return c == '(' || c == ')' || c == '[' || c == ']' ? c : 0;
}

/* Token i is an opening bracket closed by a later token before end. */
static int bracket_closed(const char *text, const ner_range *toks, uint32_t i, uint32_t end)
{
    char c = bracket(text, &toks[i]), want = c == '(' ? ')' : c == '[' ? ']' : 0;
    for (uint32_t k = i + 1; want && k < end; k++)
        if (bracket(text, &toks[k]) == want)
            return 1;
    return 0;
}

/* Token i is a closing bracket opened by an earlier token from start on. */
static int bracket_opened(const char *text, const ner_range *toks, uint32_t start, uint32_t i)
{
    char c = bracket(text, &toks[i]), want = c == ')' ? '(' : c == ']' ? '[' : 0;
    for (uint32_t k = start; want && k < i; k++)
        if (bracket(text, &toks[k]) == want)
            return 1;
    return 0;
}

static int ner_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    ner_state *s = state;
    size_t len, ntok, nsent;
    const char *text = tp_doc_text(doc, &len);
    const tp_span *tok = tp_doc_spans(doc, s->token, &ntok);
    const tp_span *sent = tp_doc_spans(doc, s->sentence, &nsent);
    if (ntok == 0)
        return TP_OK;
    /* Per-document arrays from the document's arena: no malloc per token. */
    ner_range *toks = tp_doc_alloc(doc, ntok * sizeof *toks);
    for (size_t i = 0; i < ntok; i++) {
        toks[i].start = tok[i].begin;
        toks[i].end = tok[i].end;
    }
    ner_range *sents = tp_doc_alloc(doc, (nsent ? nsent : 1) * sizeof *sents);
    size_t cursor = 0, ns = 0;
    for (size_t i = 0; i < nsent; i++) {
        sentence_tokens(tok, ntok, &sent[i], &cursor, &sents[ns]);
        if (sents[ns].end > sents[ns].start)
            ns++;
    }
    /* Tokens outside every sentence (there should be none) get their own. */
    if (ns == 0) {
        sents[0].start = 0;
        sents[0].end = (uint32_t)ntok;
        ns = 1;
    }
    size_t cap = ntok / 2 + 16;
    ner_entity *ents = tp_doc_alloc(doc, cap * sizeof *ents);
    char err[256];
    long n = ner_tag(s->model, s->ws, s->gaz, text, len, toks, ntok, sents, ns, ents, cap, err, sizeof err);
    if (n < 0)
        return tp_fail(ctx, "ner_failed", "%s", err);
    if ((size_t)n > cap) {
        cap = (size_t)n;
        ents = tp_doc_alloc(doc, cap * sizeof *ents);
        n = ner_tag(s->model, s->ws, s->gaz, text, len, toks, ntok, sents, ns, ents, cap, err, sizeof err);
        if (n < 0)
            return tp_fail(ctx, "ner_failed", "%s", err);
    }
    for (long k = 0; k < n; k++) {
        const ner_entity *e = &ents[k];
        /* A name never starts or ends with a quote or bracket token: the
         * model sometimes pulls an opening quote into the name after it.
         * A bracket the name itself opens or closes stays: "Rad (B)". */
        uint32_t first = e->tok_start, last = e->tok_end;
        while (first < last && !has_alnum(text, &toks[first]) && !bracket_closed(text, toks, first, last)) first++;
        while (last > first && !has_alnum(text, &toks[last - 1]) && !bracket_opened(text, toks, first, last - 1))
            last--;
        if (first == last)
            continue;
        size_t i = tp_doc_add_span(doc, s->entity, toks[first].start, toks[last - 1].end);
        tp_span_set_static_str(doc, s->entity, i, s->label, ner_label_name(e->label));
        tp_span_set_double(doc, s->entity, i, s->score, (double)((int)(e->confidence * 1000.0f + 0.5f)) / 1000.0);
    }
    return TP_OK;
}

static void ner_fini(void *state)
{
    ner_state *s = state;
    ner_workspace_free(s->ws);
    ner_gazetteer_free(s->gaz);
    ner_model_free(s->model);
    free(s);
}

/* A shipped data file or folder (NAME under ner/), for training without
 * --clusters or --gazetteers. */
static const char *default_data(const char *name, char *buf, size_t n)
{
    const char *env = getenv("TEXTPIPE_DATA_DIR");
    struct stat st;
    if (env && *env) {
        snprintf(buf, n, "%s/ner/data/%s", env, name);
        if (stat(buf, &st) == 0)
            return buf;
    }
    snprintf(buf, n, "%s/ner/%s", TP_PKGDATADIR, name);
    return stat(buf, &st) == 0 ? buf : NULL;
}

static int has_arg(int argc, char **argv, const char *opt)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], opt) == 0)
            return 1;
    return 0;
}

static int ner_train(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "eval") == 0)
        return ner_eval_main(argc - 1, argv + 1);
    /* Train with the shipped clusters and name lists unless told otherwise. */
    char cbuf[4096], gbuf[4096];
    const char *clusters = has_arg(argc, argv, "--clusters") ? NULL : default_data(CLUSTERS_FILE, cbuf, sizeof cbuf);
    const char *lists = has_arg(argc, argv, "--gazetteers") ? NULL : default_data("gazetteers", gbuf, sizeof gbuf);
    char **args = calloc((size_t)argc + 5, sizeof *args);
    if (!args) {
        fprintf(stderr, "textpipe train ner: out of memory\n");
        return 1;
    }
    int n = 0;
    for (int i = 0; i < argc; i++) args[n++] = argv[i];
    if (clusters) {
        args[n++] = "--clusters";
        args[n++] = (char *)clusters;
        fprintf(stderr, "textpipe train ner: word clusters from %s\n", clusters);
    }
    if (lists) {
        args[n++] = "--gazetteers";
        args[n++] = (char *)lists;
        fprintf(stderr, "textpipe train ner: name lists from %s\n", lists);
    }
    int rc = ner_train_main(n, args);
    free(args);
    return rc;
}

static const char *const consumes[] = {"token", "sentence", NULL};
static const char *const produces[] = {"entity", NULL};

static const tp_plugin ner = {
    TP_PLUGIN_DESCRIPTOR_HEAD,
    .name = "ner",
    .version = "1.0",
    .summary = "named entities (PER, ORG, LOC, MISC) with confidences: averaged perceptron, BILOU, Viterbi",
    .options = options,
    .consumes = consumes,
    .produces = produces,
    .init = ner_init,
    .process = ner_process,
    .fini = ner_fini,
    .train = ner_train,
};

TP_PLUGIN_DEFINE(ner)
