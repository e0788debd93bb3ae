/*
 * summ.h - extractive news summariser: chooses the sentences of an article
 * that best summarise it.
 *
 * Pure C11, no dependency on textpipe.  The caller hands over the text with
 * its token and sentence spans (byte offsets, as the sentences plugin makes
 * them) and, when it has them, entity and money spans; the summariser scores
 * every sentence with a linear model over position, length, centrality
 * (TF-IDF cosine, directed degree as in PACSUM), name and money salience,
 * shape cues (quotes, captions, fragments, boilerplate) and lexical cues, then
 * picks the best ones under a budget with trigram blocking against
 * redundancy.  The weights are learnt offline (train/train_summary.py) and
 * ship as a data file.
 *
 * Usage:
 *
 *     char err[256];
 *     summ_model *m = summ_model_new();
 *     if (!m || summ_model_load_stopwords(m, "data/stopwords_en.txt", err, sizeof err)
 *            || summ_model_load_weights(m, "data/summary_model.tsv", err, sizeof err))
 *         ...report err ("data/summary_model.tsv:12: ...")...
 *     summ_opts o = SUMM_OPTS_DEFAULT;            three sentences
 *     summ_input in = {text, len, toks, ntoks, sents, nsents};
 *     summ_pick *picks = malloc(nsents * sizeof *picks);
 *     size_t k = summ_select(m, &o, &in, arena_alloc, arena, picks);
 *     ...picks[0..k) in document order, each with its rank...
 *     summ_model_free(m);
 *
 * Memory: summ_select() takes all its working memory from the caller's
 * allocator (in textpipe, the document's arena), never frees it, and calls
 * nothing else that allocates.  The allocator must return memory aligned
 * for any type (or at least 8 bytes) and must not fail (abort instead).
 *
 * Threads: a model is loaded once and read-only afterwards; any number of
 * threads may call summ_select() on one model at the same time.
 *
 * Time: O(tokens + S^2 * w) for S sentences of w content words each; S is
 * capped at SUMM_MAX_CENTRAL for the centrality pass, so a pathological
 * document stays linear beyond that.
 */
#ifndef SUMM_H
#define SUMM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Only the first SUMM_MAX_CENTRAL sentences take part in the pairwise
 * (centrality) features; later ones get zero there. */
#define SUMM_MAX_CENTRAL 400

/* ---- Model --------------------------------------------------------------- */

typedef struct summ_model summ_model;

/* An empty model: every weight zero, no stop words.  NULL when out of
 * memory. */
summ_model *summ_model_new(void);

/* Adds the words of a stop-word file: one word per line, '#' starts a
 * comment, blank lines are skipped; words are matched ASCII-case-
 * insensitively.  The list shapes several features, so it must be the one
 * the weights were trained with.  Returns 0, or -1 with "path:line: message"
 * (or "path: message") in err. */
int summ_model_load_stopwords(summ_model *m, const char *path, char *err, size_t errlen);

/* Reads a weights file (format: README.md; written by
 * train/train_summary.py): "NAME<TAB>WEIGHT" lines, '#' comments.  NAME is a
 * dense feature (summ_feature_name()) or a lexical one, "w:WORD",
 * "first:WORD", "last:WORD" or "last2:WORD".  A dense name this version does
 * not know is an error (the file belongs to another version).  Returns 0 or
 * -1 with the message in err. */
int summ_model_load_weights(summ_model *m, const char *path, char *err, size_t errlen);

/* The same two from memory; `name` is used in messages only. */
int summ_model_load_stopwords_mem(summ_model *m, const char *name, const char *buf, size_t len, char *err,
                                  size_t errlen);
int summ_model_load_weights_mem(summ_model *m, const char *name, const char *buf, size_t len, char *err,
                                size_t errlen);

/* Number of stop words, and of lexical entries with a weight (for logs). */
size_t summ_model_stopwords(const summ_model *m);
size_t summ_model_lexicon(const summ_model *m);

void summ_model_free(summ_model *m);

/* ---- Input --------------------------------------------------------------- */

/* A byte span [begin, end) of the text. */
typedef struct summ_span {
    uint32_t begin, end;
} summ_span;

/* One document.  Every span array is sorted by begin (textpipe's layer
 * order) and may be empty (NULL with count 0).  Spans outside the text are
 * ignored.  Tokens outside every sentence are ignored; sentences are
 * expected not to overlap (a sentence that starts inside the previous one
 * gets no tokens).  Entities, when given, decide which tokens are names;
 * without them a capitalised word that does not start its sentence is a
 * name. */
typedef struct summ_input {
    const char *text;
    size_t len;
    const summ_span *tokens;
    size_t ntokens;
    const summ_span *sentences;
    size_t nsentences;
    const summ_span *entities;
    size_t nentities;
    const summ_span *money;
    size_t nmoney;
} summ_input;

/* ---- Options -------------------------------------------------------------- */

typedef enum summ_redundancy {
    SUMM_REDUNDANCY_TRIGRAM = 0, /* skip a sentence sharing a word trigram with one chosen */
    SUMM_REDUNDANCY_NONE = 1
} summ_redundancy;

typedef struct summ_opts {
    size_t sentences; /* at most this many sentences; 0: no limit (then words must be set) */
    size_t words;     /* at most this many words in all; 0: no word budget */
    size_t min_words; /* never choose a sentence with fewer words ... */
    size_t max_words; /* ... or more (0: no upper limit) */
    summ_redundancy redundancy;
} summ_opts;

/* Three sentences of 5 to 50 words, no word budget, trigram blocking.  The
 * upper limit keeps out run-on "sentences" of raw web text, where picture
 * captions without a full stop run into the next sentence. */
#define SUMM_OPTS_DEFAULT                    \
    {                                        \
        3, 0, 5, 50, SUMM_REDUNDANCY_TRIGRAM \
    }

/* ---- Summarising ----------------------------------------------------------- */

/* One chosen sentence. */
typedef struct summ_pick {
    size_t sentence; /* index into summ_input.sentences */
    unsigned rank;   /* 1 = the most important */
    double score;    /* the model's score (larger is better) */
} summ_pick;

typedef void *(*summ_alloc_fn)(void *actx, size_t size);

/* Chooses sentences and writes them to out[] in document order; returns how
 * many (at most in->nsentences: out must have room for that many, or for
 * o->sentences when that is smaller and non-zero).
 *
 * Sentences with fewer than o->min_words (or more than o->max_words) words
 * are never chosen unless no sentence qualifies, in which case the limits
 * are dropped.  With a word budget, a sentence that would overrun it is
 * skipped and lower-ranked (shorter) ones are still tried; the best
 * sentence is always taken, even when it alone overruns the budget, so a
 * document with a sentence of at least one word always gets a summary.  A
 * word is a token that starts with a letter or digit.  `o` may be NULL
 * (SUMM_OPTS_DEFAULT); sentences and words both 0 mean three sentences. */
size_t summ_select(const summ_model *m, const summ_opts *o, const summ_input *in, summ_alloc_fn alloc, void *actx,
                   summ_pick *out);

/* ---- Features (training and inspection) ---------------------------------- */

/* Number of dense features, and the name of feature i (NULL past the end). */
size_t summ_feature_count(void);
const char *summ_feature_name(size_t i);

/* Called once per sentence by summ_features(): `dense` holds
 * summ_feature_count() values; the sentence's lexical features are
 * w:TOKEN with value `wvalue` for each distinct token in `tokens`
 * (lower-cased copies, `ntok` of them, NUL-terminated, in text order with
 * repeats), first:/last:/last2: of the first, last and last-but-one token.
 * Pointers are valid during the call only.  `words` is the number of words.
 * A non-zero return stops summ_features(). */
typedef int (*summ_feature_fn)(void *ctx, size_t sentence, const double *dense, size_t words,
                               const char *const *tokens, size_t ntok, double wvalue);

/* Computes every sentence's features as summ_select() does, for the
 * training script.  Returns 0 or the callback's non-zero value. */
int summ_features(const summ_model *m, const summ_input *in, summ_alloc_fn alloc, void *actx, summ_feature_fn fn,
                  void *ctx);

#ifdef __cplusplus
}
#endif
#endif
