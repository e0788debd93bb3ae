/*
 * {{NAME}} - a textpipe plugin: marks every whole-word occurrence of the
 * terms given in its options as a "{{NAME}}" span whose feature "term" says
 * which term matched.
 *
 * Written by `textpipe new-plugin` as a starting point: replace the matching
 * with your own logic and keep the shape.  The contract every function here
 * follows is in <textpipe/plugin.h> (read it top to bottom); the document
 * model is <textpipe/doc.h>.
 *
 *     stages = ( { plugin = "{{NAME}}"; options = { terms = ["NATO", "EU"]; }; } );
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <textpipe/plugin.h>

/* Options: the core validates a stage's config against this table (unknown
 * key, wrong type, out of range) before init() runs, and `textpipe plugins`
 * prints it.  Defaults are in config syntax. */
static const tp_option_spec options[] = {
    {.name = "terms", .type = TP_OPT_LIST, .default_value = "[\"textpipe\"]",
     .help = "words or phrases to mark"},
    {.name = "ignore_case", .type = TP_OPT_BOOL, .default_value = "true",
     .help = "match ASCII letters regardless of case"},
    {NULL},
};

/* Everything init() works out once, for process() to use on every document.
 * The plugin owns it: fini() frees it. */
typedef struct state {
    tp_type span_type; /* the "{{NAME}}" layer */
    tp_feat term_feat; /* feature "term" */
    int ignore_case;
    size_t nterms;
    char **terms; /* copies: option strings live only until fini() */
} state;

static void state_free(state *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->nterms; i++)
        free(st->terms[i]);
    free(st->terms);
    free(st);
}

static int {{NAME}}_init(tp_init *ini, void **out)
{
    state *st = calloc(1, sizeof *st);
    if (!st)
        return tp_init_fail(ini, "out of memory");
    st->span_type = tp_init_type(ini, "{{NAME}}");
    st->term_feat = tp_init_feat(ini, "term");
    st->ignore_case = tp_opt_bool(ini, "ignore_case");
    st->nterms = tp_opt_list_len(ini, "terms");
    st->terms = calloc(st->nterms ? st->nterms : 1, sizeof *st->terms);
    if (!st->terms) {
        state_free(st);
        return tp_init_fail(ini, "out of memory");
    }
    for (size_t i = 0; i < st->nterms; i++) {
        const char *t = tp_opt_list_item(ini, "terms", i);
        if (!*t) {
            /* Checks the option table cannot express belong here: the
             * message reaches the user prefixed with the stage. */
            st->nterms = i;
            state_free(st);
            return tp_init_fail(ini, "option terms: item %zu is empty", i + 1);
        }
        st->terms[i] = strdup(t);
        if (!st->terms[i]) {
            st->nterms = i;
            state_free(st);
            return tp_init_fail(ini, "out of memory");
        }
    }
    *out = st;
    return TP_OK;
}

static int is_word_byte(char c)
{
    /* Bytes of non-ASCII letters count as word bytes too. */
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

static int same(const char *a, const char *b, size_t n, int ignore_case)
{
    if (!ignore_case)
        return memcmp(a, b, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* Called once per document.  The document is borrowed: keep no pointer
 * into it after returning.  Offsets are bytes into the text; whole-word
 * matches always fall on UTF-8 character boundaries. */
static int {{NAME}}_process(void *arg, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx; /* for tp_fail() and tp_log() */
    const state *st = arg;
    size_t len;
    const char *text = tp_doc_text(doc, &len);
    for (size_t at = 0; at < len; at++) {
        if (at > 0 && is_word_byte(text[at - 1]))
            continue; /* not the start of a word */
        for (size_t k = 0; k < st->nterms; k++) {
            size_t n = strlen(st->terms[k]);
            if (n > len - at || !same(text + at, st->terms[k], n, st->ignore_case))
                continue;
            if (at + n < len && is_word_byte(text[at + n]))
                continue; /* not the end of a word */
            size_t i = tp_doc_add_span(doc, st->span_type, at, at + n);
            /* The term is the state's, which outlives every document: no
             * copy needed. */
            tp_span_set_static_str(doc, st->span_type, i, st->term_feat, st->terms[k]);
            break;
        }
    }
    return TP_OK;
}

static void {{NAME}}_fini(void *arg)
{
    state_free(arg);
}

static const char *const produces[] = {"{{NAME}}", NULL};

/* The descriptor: what `textpipe plugins` shows, what the core checks
 * before loading (ABI version, name = file name), and the three functions. */
static const tp_plugin {{NAME}}_plugin = {
    TP_PLUGIN_DESCRIPTOR_HEAD,
    .name = "{{NAME}}",
    .version = "0.1.0",
    .summary = "marks the terms given in its options",
    .options = options,
    .produces = produces,
    .init = {{NAME}}_init,
    .process = {{NAME}}_process,
    .fini = {{NAME}}_fini,
};

TP_PLUGIN_DEFINE({{NAME}}_plugin)
