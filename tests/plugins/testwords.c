/*
 * testwords - test plugin: marks runs of ASCII letters as "word" spans.
 *
 * Exercises the option table (every type, a range, choices, a list), string,
 * int, bool, nested ("info.first") and reference features, and - with
 * reverse = true - spans added out of order, which the core must sort.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <textpipe/plugin.h>

typedef struct words {
    tp_type word;
    tp_feat len, upper, tag_feat, first, prev;
    int64_t min_len;
    const char *tag;
    const char *case_mode;
    int reverse;
    size_t nstop;
    const char **stop;
} words;

static const tp_option_spec options[] = {
    {.name = "min_len", .type = TP_OPT_INT, .default_value = "1", .help = "shortest word marked", .min = 1, .max = 100},
    {.name = "case", .type = TP_OPT_STRING, .default_value = "any", .help = "which words to mark", .choices = "any|upper|lower"},
    {.name = "tag", .type = TP_OPT_STRING, .default_value = "\"w\"", .help = "value of the tag feature"},
    {.name = "ratio", .type = TP_OPT_DOUBLE, .default_value = "0.5", .help = "unused number", .min = 0, .max = 1},
    {.name = "reverse", .type = TP_OPT_BOOL, .default_value = "false", .help = "add spans last to first"},
    {.name = "stopwords", .type = TP_OPT_LIST, .help = "words not marked"},
    {NULL},
};

static int words_init(tp_init *ini, void **state)
{
    words *w = calloc(1, sizeof *w);
    if (!w)
        return tp_init_fail(ini, "out of memory");
    w->word = tp_init_type(ini, "word");
    w->len = tp_init_feat(ini, "len");
    w->upper = tp_init_feat(ini, "upper");
    w->tag_feat = tp_init_feat(ini, "tag");
    w->first = tp_init_feat(ini, "info.first");
    w->prev = tp_init_feat(ini, "prev");
    w->min_len = tp_opt_int(ini, "min_len");
    w->tag = tp_opt_str(ini, "tag");
    w->case_mode = tp_opt_str(ini, "case");
    w->reverse = tp_opt_bool(ini, "reverse");
    w->nstop = tp_opt_list_len(ini, "stopwords");
    w->stop = calloc(w->nstop + 1, sizeof *w->stop);
    for (size_t i = 0; i < w->nstop; i++) w->stop[i] = tp_opt_list_item(ini, "stopwords", i);
    *state = w;
    return TP_OK;
}

static int keep(const words *w, const char *s, size_t n)
{
    if ((int64_t)n < w->min_len)
        return 0;
    int all_upper = 1, all_lower = 1;
    for (size_t i = 0; i < n; i++) {
        all_upper &= isupper((unsigned char)s[i]) != 0;
        all_lower &= islower((unsigned char)s[i]) != 0;
    }
    if (strcmp(w->case_mode, "upper") == 0 && !all_upper)
        return 0;
    if (strcmp(w->case_mode, "lower") == 0 && !all_lower)
        return 0;
    for (size_t i = 0; i < w->nstop; i++)
        if (strlen(w->stop[i]) == n && strncmp(w->stop[i], s, n) == 0)
            return 0;
    return 1;
}

static void mark(const words *w, tp_doc *doc, const char *text, size_t b, size_t e)
{
    size_t i = tp_doc_add_span(doc, w->word, b, e);
    int all_upper = 1;
    for (size_t k = b; k < e; k++) all_upper &= isupper((unsigned char)text[k]) != 0;
    tp_span_set_int(doc, w->word, i, w->len, (int64_t)(e - b));
    tp_span_set_bool(doc, w->word, i, w->upper, all_upper);
    tp_span_set_static_str(doc, w->word, i, w->tag_feat, w->tag);
    tp_span_set_str(doc, w->word, i, w->first, text + b, 1);
    if (i > 0)
        tp_span_set_ref(doc, w->word, i, w->prev, w->word, i - 1);
}

static int words_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx;
    const words *w = state;
    size_t len;
    const char *t = tp_doc_text(doc, &len);
    /* Collect word boundaries in document scratch memory. */
    size_t *bounds = tp_doc_alloc(doc, (len + 1) * sizeof *bounds);
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        if (!isalpha((unsigned char)t[i])) {
            i++;
            continue;
        }
        size_t b = i;
        while (i < len && isalpha((unsigned char)t[i])) i++;
        if (keep(w, t + b, i - b)) {
            bounds[n++] = b;
            bounds[n++] = i;
        }
    }
    if (w->reverse)
        for (size_t k = n; k >= 2; k -= 2) mark(w, doc, t, bounds[k - 2], bounds[k - 1]);
    else
        for (size_t k = 0; k < n; k += 2) mark(w, doc, t, bounds[k], bounds[k + 1]);
    return TP_OK;
}

static void words_fini(void *state)
{
    words *w = state;
    free(w->stop);
    free(w);
}

static const char *const produces[] = {"word", NULL};

/* A second build (tests/plugins/upgraded/) says 2.0: the same plugin
 * upgraded in place, which a serve reload must pick up. */
#ifndef TESTWORDS_VERSION
#define TESTWORDS_VERSION "1.0"
#endif

static const tp_plugin testwords = {
    TP_PLUGIN_DESCRIPTOR_HEAD,    .name = "testwords",
    .version = TESTWORDS_VERSION, .summary = "test plugin: marks runs of ASCII letters",
    .options = options,           .produces = produces,
    .init = words_init,           .process = words_process,
    .fini = words_fini,
};

TP_PLUGIN_DEFINE(testwords)
