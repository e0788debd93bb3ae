/*
 * summary - the textpipe plugin around the extractive summariser (summ.h).
 *
 * Consumes "token" and "sentence" (the sentences plugin), and "entity" and
 * "money" when an earlier stage made them; produces "summary" spans: the
 * chosen sentences in document order, each with "rank" (1 = the most
 * important).  The weights (data/summary_model.tsv) and the stop words they
 * were trained with (data/stopwords_en.txt) ship with the plugin;
 * train/train_summary.py makes new ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <textpipe/plugin.h>

#include "summ.h"

typedef struct summary_state {
    summ_model *model;
    summ_opts opts;
    int redundancy; /* index in "trigram|none" */
    tp_type token, sentence, entity, money, summary;
    tp_feat rank;
    const char *model_path, *stopwords_path; /* read in init(), borrowed */
} summary_state;

/* Each option fills its field of the state (tp_init_bind); the counts go
 * straight into the library's summ_opts. */
static const tp_option_spec options[] = {
    {.name = "sentences",
     .type = TP_OPT_INT,
     .default_value = "3",
     .min = 0,
     .max = 1000,
     .help = "at most this many sentences (0: no limit; setting only words lifts it)",
     .field = TP_OPT_FIELD(summary_state, opts.sentences)},
    {.name = "words",
     .type = TP_OPT_INT,
     .default_value = "0",
     .min = 0,
     .max = 1000000,
     .help = "word budget for the whole summary (0: none); the best sentence is kept even if longer",
     .field = TP_OPT_FIELD(summary_state, opts.words)},
    {.name = "min_words",
     .type = TP_OPT_INT,
     .default_value = "5",
     .min = 0,
     .max = 1000,
     .help = "never choose a sentence shorter than this many words (fragments, bylines)",
     .field = TP_OPT_FIELD(summary_state, opts.min_words)},
    {.name = "max_words",
     .type = TP_OPT_INT,
     .default_value = "50",
     .min = 0,
     .max = 100000,
     .help = "never choose a sentence longer than this many words (run-on captions; 0: no limit)",
     .field = TP_OPT_FIELD(summary_state, opts.max_words)},
    {.name = "redundancy",
     .type = TP_OPT_STRING,
     .default_value = "trigram",
     .choices = "trigram|none",
     .help = "trigram: skip a sentence sharing three words in a row with one chosen",
     .field = TP_OPT_FIELD(summary_state, redundancy)},
    {.name = "model",
     .type = TP_OPT_STRING,
     .default_value = "@data/summary_model.tsv",
     .help = "weights file (train/train_summary.py writes one)",
     .field = TP_OPT_FIELD(summary_state, model_path)},
    {.name = "stopwords",
     .type = TP_OPT_STRING,
     .default_value = "@data/stopwords_en.txt",
     .help = "the stop words the model was trained with",
     .field = TP_OPT_FIELD(summary_state, stopwords_path)},
    {NULL},
};

static int summary_init(tp_init *ini, void **state)
{
    summary_state *s = calloc(1, sizeof *s);
    if (!s)
        return tp_init_fail(ini, "out of memory");
    tp_init_bind(ini, s);
    char err[512];
    s->model = summ_model_new();
    if (!s->model) {
        free(s);
        return tp_init_fail(ini, "out of memory");
    }
    if (summ_model_load_stopwords(s->model, tp_init_path(ini, s->stopwords_path), err, sizeof err) != 0)
        goto fail;
    if (summ_model_load_weights(s->model, tp_init_path(ini, s->model_path), err, sizeof err) != 0)
        goto fail;

    /* `words` alone means a word budget instead of three sentences. */
    if (s->opts.words && !tp_opt_is_set(ini, "sentences"))
        s->opts.sentences = 0;
    if (!s->opts.sentences && !s->opts.words) {
        snprintf(err, sizeof err, "sentences = 0 needs a word budget: set words too");
        goto fail;
    }
    if (s->opts.max_words && s->opts.max_words < s->opts.min_words) {
        snprintf(err, sizeof err, "max_words (%zu) is below min_words (%zu)", s->opts.max_words, s->opts.min_words);
        goto fail;
    }
    s->opts.redundancy = s->redundancy == 1 ? SUMM_REDUNDANCY_NONE : SUMM_REDUNDANCY_TRIGRAM;

    s->token = tp_init_type(ini, "token");
    s->sentence = tp_init_type(ini, "sentence");
    s->entity = tp_init_type(ini, "entity");
    s->money = tp_init_type(ini, "money");
    s->summary = tp_init_type(ini, "summary");
    s->rank = tp_init_feat(ini, "rank");
    tp_init_log(ini, TP_LOG_DEBUG, "%zu stop words, %zu lexical entries", summ_model_stopwords(s->model),
                summ_model_lexicon(s->model));
    *state = s;
    return TP_OK;
fail:
    summ_model_free(s->model);
    free(s);
    return tp_init_fail(ini, "%s", err);
}

static void *doc_alloc(void *actx, size_t size) { return tp_doc_alloc(actx, size ? size : 1); }

/* A layer's spans as summ_spans, in the document's arena. */
static const summ_span *layer(tp_doc *doc, tp_type type, size_t *n)
{
    const tp_span *sp = tp_doc_spans(doc, type, n);
    if (!*n)
        return NULL;
    summ_span *out = tp_doc_alloc(doc, *n * sizeof *out);
    for (size_t i = 0; i < *n; i++) out[i] = (summ_span){sp[i].begin, sp[i].end};
    return out;
}

static int summary_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx;
    const summary_state *s = state;
    summ_input in;
    memset(&in, 0, sizeof in);
    in.text = tp_doc_text(doc, &in.len);
    in.sentences = layer(doc, s->sentence, &in.nsentences);
    if (!in.nsentences)
        return TP_OK;
    in.tokens = layer(doc, s->token, &in.ntokens);
    in.entities = layer(doc, s->entity, &in.nentities);
    in.money = layer(doc, s->money, &in.nmoney);

    size_t cap = s->opts.sentences && s->opts.sentences < in.nsentences ? s->opts.sentences : in.nsentences;
    summ_pick *picks = tp_doc_alloc(doc, cap * sizeof *picks);
    size_t k = summ_select(s->model, &s->opts, &in, doc_alloc, doc, picks);
    for (size_t i = 0; i < k; i++) {
        summ_span sp = in.sentences[picks[i].sentence];
        size_t idx = tp_doc_add_span(doc, s->summary, sp.begin, sp.end);
        if (idx != TP_NO_SPAN)
            tp_span_set_int(doc, s->summary, idx, s->rank, picks[i].rank);
    }
    return TP_OK;
}

static void summary_fini(void *state)
{
    summary_state *s = state;
    summ_model_free(s->model);
    free(s);
}

static const char *const consumes[] = {"token", "sentence", NULL};
static const char *const consumes_optional[] = {"entity", "money", NULL};
static const char *const produces[] = {"summary", NULL};

static const tp_plugin summary = {
    TP_PLUGIN_DESCRIPTOR_HEAD,
    .name = "summary",
    .version = "1.0",
    .summary = "extractive summary: the most important sentences, ranked (learnt weights)",
    .options = options,
    .consumes = consumes,
    .consumes_optional = consumes_optional,
    .produces = produces,
    .init = summary_init,
    .process = summary_process,
    .fini = summary_fini,
};

TP_PLUGIN_DEFINE(summary)
