/*
 * testpairs - test plugin: consumes "word", marks each two adjacent words as
 * a "pair".  Used to test stage order checks and reading earlier layers.
 */
#include <stdlib.h>

#include <textpipe/plugin.h>

typedef struct pairs {
    tp_type word, pair;
    tp_feat len;
} pairs;

static int pairs_init(tp_init *ini, void **state)
{
    pairs *p = malloc(sizeof *p);
    if (!p)
        return tp_init_fail(ini, "out of memory");
    p->word = tp_init_type(ini, "word");
    p->pair = tp_init_type(ini, "pair");
    p->len = tp_init_feat(ini, "len");
    *state = p;
    return TP_OK;
}

static int pairs_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx;
    const pairs *p = state;
    size_t n;
    const tp_span *w = tp_doc_spans(doc, p->word, &n);
    for (size_t i = 0; i + 1 < n; i++) {
        int64_t a = 0, b = 0;
        tp_span_get_int(&w[i], p->len, &a);
        tp_span_get_int(&w[i + 1], p->len, &b);
        size_t k = tp_doc_add_span(doc, p->pair, w[i].begin, w[i + 1].end);
        tp_span_set_int(doc, p->pair, k, p->len, a + b);
    }
    return TP_OK;
}

static void pairs_fini(void *state) { free(state); }

static const char *const consumes[] = {"word", NULL};
static const char *const produces[] = {"pair", NULL};

static const tp_plugin testpairs = {
    TP_PLUGIN_DESCRIPTOR_HEAD, .name = "testpairs",
    .version = "1.0",          .summary = "test plugin: pairs of adjacent words",
    .consumes = consumes,      .produces = produces,
    .init = pairs_init,        .process = pairs_process,
    .fini = pairs_fini,
};

TP_PLUGIN_DEFINE(testpairs)
