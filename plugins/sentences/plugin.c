/*
 * sentences - the textpipe plugin around the sentence splitter and
 * tokeniser (segment.h).
 *
 * Produces "token" spans (written only when the config's output shows
 * them; with token_kinds, each carries its kind: word, number, abbrev,
 * clitic, punct, quote, symbol, currency, url, email, marker) and
 * "sentence" spans.  Never rewrites the text.  Tokens are not built at all
 * when neither the output nor a later stage reads them
 * (tp_init_type_wanted).
 *
 * The English word lists ship as data/abbrev_en.txt, and the list of words
 * news writes in lower case (learned from unlabelled news) as
 * data/lowercase_en.txt; a newsroom adds its own files (same format, "!word"
 * removes an entry) with extra_abbreviations, resolved relative to the
 * config file that names them.
 */
#include <stdio.h>
#include <stdlib.h>

#include <textpipe/plugin.h>

#include "segment.h"

typedef struct sentences_state {
    sbd_model *model;
    sbd_opts opts;
    int token_kinds;
    int want_tokens; /* a later stage or the output reads the token layer */
    tp_type token, sentence;
    tp_feat kind;
    /* Read only in init(); borrowed from the core. */
    const char *abbreviations, *lowercase_words;
    tp_opt_list extra_abbreviations;
} sentences_state;

/* Each option fills its field of the state (tp_init_bind). */
static const tp_option_spec options[] = {
    /* The choice's index is sbd_opts.soft_newlines: hard 0, soft 1. */
    {.name = "newline",
     .type = TP_OPT_STRING,
     .default_value = "hard",
     .choices = "hard|soft",
     .help = "hard: a line break ends a headline or list item; soft: wrapped lines join",
     .field = TP_OPT_FIELD(sentences_state, opts.soft_newlines)},
    {.name = "abbreviations",
     .type = TP_OPT_STRING,
     .default_value = "@data/abbrev_en.txt",
     .help = "the base word lists (abbreviations, titles, sentence starters)",
     .field = TP_OPT_FIELD(sentences_state, abbreviations)},
    {.name = "lowercase_words",
     .type = TP_OPT_STRING,
     .default_value = "@data/lowercase_en.txt",
     .help = "learned words news writes in lower case (\"U.S. Officials said\" splits); \"\" for none",
     .field = TP_OPT_FIELD(sentences_state, lowercase_words)},
    {.name = "extra_abbreviations",
     .type = TP_OPT_LIST,
     .help = "newsroom word lists loaded after the base one (same format; !word removes)",
     .field = TP_OPT_FIELD(sentences_state, extra_abbreviations)},
    {.name = "token_kinds",
     .type = TP_OPT_BOOL,
     .default_value = "false",
     .help = "give each token a kind feature (word, number, abbrev, punct, ...)",
     .field = TP_OPT_FIELD(sentences_state, token_kinds)},
    {NULL},
};

static int sentences_init(tp_init *ini, void **state)
{
    sentences_state *s = calloc(1, sizeof *s);
    if (!s)
        return tp_init_fail(ini, "out of memory");
    tp_init_bind(ini, s);
    s->model = sbd_model_new();
    char err[512];
    if (!s->model)
        goto oom;
    if (sbd_model_load_abbrevs(s->model, tp_init_path(ini, s->abbreviations), err, sizeof err) != 0)
        goto fail;
    if (s->lowercase_words && s->lowercase_words[0] &&
        sbd_model_load_abbrevs(s->model, tp_init_path(ini, s->lowercase_words), err, sizeof err) != 0)
        goto fail;
    for (size_t i = 0; i < s->extra_abbreviations.n; i++) {
        const char *path = tp_init_path(ini, s->extra_abbreviations.items[i]);
        if (sbd_model_load_abbrevs(s->model, path, err, sizeof err) != 0)
            goto fail;
    }
    s->token = tp_init_type(ini, "token");
    /* `textpipe run` with stages that read no tokens writes none: a token
     * layer there would be a fifth of the stage's time and most of its
     * memory, for nobody */
    s->want_tokens = tp_init_type_wanted(ini, "token");
    s->sentence = tp_init_type(ini, "sentence");
    s->kind = tp_init_feat(ini, "kind");
    *state = s;
    return TP_OK;
oom:
    snprintf(err, sizeof err, "out of memory");
fail:
    sbd_model_free(s->model);
    free(s);
    return tp_init_fail(ini, "%s", err);
}

typedef struct sink_target {
    const sentences_state *s;
    tp_doc *doc;
} sink_target;

static int on_token(void *ctx, size_t start, size_t end, int kind)
{
    sink_target *t = ctx;
    size_t i = tp_doc_add_span(t->doc, t->s->token, start, end);
    if (t->s->token_kinds && i != TP_NO_SPAN)
        tp_span_set_static_str(t->doc, t->s->token, i, t->s->kind, sbd_tok_kind_name(kind));
    return 0;
}

static int on_sentence(void *ctx, size_t start, size_t end)
{
    sink_target *t = ctx;
    tp_doc_add_span(t->doc, t->s->sentence, start, end);
    return 0;
}

static int sentences_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx;
    const sentences_state *s = state;
    size_t len;
    const char *text = tp_doc_text(doc, &len);
    sink_target t = {s, doc};
    sbd_sink sink = {&t, s->want_tokens ? on_token : NULL, on_sentence};
    sbd_segment(s->model, &s->opts, text, len, &sink);
    return TP_OK;
}

static void sentences_fini(void *state)
{
    sentences_state *s = state;
    sbd_model_free(s->model);
    free(s);
}

static const char *const produces[] = {"token", "sentence", NULL};

static const tp_plugin sentences = {
    TP_PLUGIN_DESCRIPTOR_HEAD, .name = "sentences",
    .version = "1.0",          .summary = "sentence splitter and CoNLL-style tokeniser (never rewrites the text)",
    .options = options,        .produces = produces,
    .init = sentences_init,    .process = sentences_process,
    .fini = sentences_fini,
};

TP_PLUGIN_DEFINE(sentences)
