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
#include <textpipe/utf8.h>

/* Everything init() works out once, for process() to use on every document.
 * The plugin owns it: fini() frees it. */
typedef struct state {
    tp_type span_type; /* the "{{NAME}}" layer */
    tp_feat term_feat; /* feature "term" */
    /* Filled from the options by tp_init_bind(); the strings are the
     * core's and stay valid until fini(), so they are kept, not copied. */
    tp_opt_list terms;
    int ignore_case;
} state;

/* Options: the core validates a stage's config against this table (unknown
 * key, wrong type, out of range) before init() runs, and `textpipe plugins`
 * prints it.  Defaults are in config syntax.  Each entry names the field of
 * the state that receives the value (TP_OPT_FIELD), so an option is
 * written down once, here. */
static const tp_option_spec options[] = {
    {.name = "terms", .type = TP_OPT_LIST, .default_value = "[\"textpipe\"]",
     .help = "words or phrases to mark", .field = TP_OPT_FIELD(state, terms)},
    {.name = "ignore_case", .type = TP_OPT_BOOL, .default_value = "true",
     .help = "match ASCII letters regardless of case", .field = TP_OPT_FIELD(state, ignore_case)},
    {NULL},
};

static int {{NAME}}_init(tp_init *ini, void **out)
{
    state *st = calloc(1, sizeof *st);
    if (!st)
        return tp_init_fail(ini, "out of memory");
    tp_init_bind(ini, st);
    for (size_t i = 0; i < st->terms.n; i++)
        if (!st->terms.items[i][0]) {
            /* Checks the option table cannot express belong here: the
             * message reaches the user prefixed with the stage. */
            free(st);
            return tp_init_fail(ini, "option terms: item %zu is empty", i + 1);
        }
    st->span_type = tp_init_type(ini, "{{NAME}}");
    st->term_feat = tp_init_feat(ini, "term");
    *out = st;
    return TP_OK;
}

/* A letter or digit of any script starts at text[at] (at < len): read with
 * <textpipe/utf8.h>, as the core and the shipped plugins read text. */
static int word_char_at(const char *text, size_t len, size_t at)
{
    uint32_t cp;
    tp_utf8_decode(text + at, len - at, &cp);
    return tp_utf8_is(cp, TP_UTF8_WORD);
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
        /* Not the start of a word: the character before is a word's. */
        if (at > 0 && word_char_at(text, len, tp_utf8_start(text, len, at - 1)))
            continue;
        for (size_t k = 0; k < st->terms.n; k++) {
            const char *term = st->terms.items[k];
            size_t n = strlen(term);
            if (n > len - at || !same(text + at, term, n, st->ignore_case))
                continue;
            if (at + n < len && word_char_at(text, len, at + n))
                continue; /* not the end of a word */
            size_t i = tp_doc_add_span(doc, st->span_type, at, at + n);
            /* The term is the core's, which outlives every document: no
             * copy needed. */
            tp_span_set_static_str(doc, st->span_type, i, st->term_feat, term);
            break;
        }
    }
    return TP_OK;
}

static void {{NAME}}_fini(void *arg)
{
    free(arg);
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
