/*
 * segment.h - sentence splitter and tokeniser for English news text.
 *
 * Pure C11, no dependency on textpipe.  The splitter never rewrites the
 * text: it reports token and sentence spans as byte offsets into the UTF-8
 * input, begin inclusive, end exclusive.
 *
 * Usage:
 *
 *     char err[256];
 *     sbd_model *m = sbd_model_new();
 *     if (!m || sbd_model_load_abbrevs(m, "data/abbrev_en.txt", err, sizeof err))
 *         ...report err ("data/abbrev_en.txt:12: ...")...
 *     sbd_opts o = SBD_OPTS_DEFAULT;
 *     sbd_sink sink = {.ctx = me, .on_token = tok_cb, .on_sentence = sent_cb};
 *     sbd_segment(m, &o, text, len, &sink);
 *     ...
 *     sbd_model_free(m);
 *
 * Threads: a model is filled once, then read-only; any number of threads may
 * call sbd_segment() on one model at the same time.  sbd_segment() keeps its
 * state on the stack and allocates nothing (sbd_segment_spans() only grows
 * the arrays it is given).
 */
#ifndef SBD_SEGMENT_H
#define SBD_SEGMENT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Model: word lists, built once ------------------------------------ */

typedef struct sbd_model sbd_model;

/* An empty model: structural rules only (initials, U.S.-style initialisms,
 * numbers, URLs, quotes, lists) and no word lists.  NULL when out of memory. */
sbd_model *sbd_model_new(void);

/* Add the entries of a word-list file (format: data/abbrev_en.txt and
 * README.md).  Files loaded later add to, or with "!word" remove from, what
 * earlier files gave.  Returns 0, or -1 with "path:line: message" in err
 * (when err is not NULL); on error the model keeps the entries read before
 * the bad line. */
int sbd_model_load_abbrevs(sbd_model *m, const char *path, char *err, size_t errlen);

/* The same from memory: name is used in error messages only. */
int sbd_model_load_abbrevs_mem(sbd_model *m, const char *name, const char *buf, size_t len, char *err, size_t errlen);

/* Number of distinct spellings in the model (for logs and tests). */
size_t sbd_model_size(const sbd_model *m);

void sbd_model_free(sbd_model *m);

/* ---- Options ------------------------------------------------------------ */

typedef struct sbd_opts {
    /* 0 ("hard", the default): every line break ends a sentence, so headlines,
     * datelines and list items on their own lines stand alone.
     * 1 ("soft"): a single line break inside running text is white space
     * (wrapped lines join); a blank line, or a line that starts with a bullet
     * or list marker, still ends the sentence before it. */
    int soft_newlines;
} sbd_opts;

#define SBD_OPTS_DEFAULT \
    {                    \
        0                \
    }

/* ---- Output ------------------------------------------------------------- */

/* Token kinds. */
typedef enum sbd_tok_kind {
    SBD_TOK_WORD = 1, /* letters/digits, hyphenated words, O'Brien, AT&T */
    SBD_TOK_NUMBER,   /* starts with a digit: 65.4 1,000 12:30 1996-08-22 5th 1990s */
    SBD_TOK_ABBREV,   /* word with its period: Mr. U.S. a.m. E. Inc. */
    SBD_TOK_CLITIC,   /* 's 're 've 'll 'd 'm n't (straight or curly apostrophe) */
    SBD_TOK_PUNCT,    /* . , ; : ? ! ... -- — ( ) [ ] and the like */
    SBD_TOK_QUOTE,    /* " ' “ ” ‘ ’ « » */
    SBD_TOK_SYMBOL,   /* % & ° # @ * and other symbols, bullets */
    SBD_TOK_CURRENCY, /* $ € £ ¥ and US$ C$ HK$ ... */
    SBD_TOK_URL,
    SBD_TOK_EMAIL,
    SBD_TOK_MARKER /* a list marker with its period: 1. 2. a. b. */
} sbd_tok_kind;

/* Name of a kind ("word", "number", ...), "?" when unknown. */
const char *sbd_tok_kind_name(int kind);

/* Callbacks; either may be NULL.  A non-zero return stops sbd_segment(),
 * which then returns that value.  Token callbacks come in text order, and
 * each sentence callback comes right after the token callback of the
 * sentence's last token, before any token of the next sentence.  Sentences
 * start at their first token and end after their last one (closing quotes and
 * brackets included), so they never start or end with white space. */
typedef struct sbd_sink {
    void *ctx;
    int (*on_token)(void *ctx, size_t start, size_t end, int kind);
    int (*on_sentence)(void *ctx, size_t start, size_t end);
} sbd_sink;

/* Segment text[0..len).  The text should be valid UTF-8 without NUL bytes;
 * other bytes are tolerated (never read past len, never loop) but give
 * unspecified spans.  m may be NULL (no word lists), o may be NULL (defaults).
 * Returns 0, a callback's non-zero value, or -1 when text is NULL with
 * len > 0.  Time is linear in len. */
int sbd_segment(const sbd_model *m, const sbd_opts *o, const char *text, size_t len, const sbd_sink *sink);

/* ---- Convenience: results in growable arrays ------------------------------ */

typedef struct sbd_span {
    size_t start, end;
    int kind; /* sbd_tok_kind for tokens, 0 for sentences */
} sbd_span;

typedef struct sbd_spans {
    sbd_span *v;
    size_t n, cap;
} sbd_spans; /* zero-initialise; reuse across calls; sbd_spans_free() at the end */

/* Like sbd_segment(), but clears and fills the given arrays (either may be
 * NULL).  Arrays grow by doubling, so there is no malloc per token.  Returns
 * 0, or -1 when out of memory. */
int sbd_segment_spans(const sbd_model *m, const sbd_opts *o, const char *text, size_t len, sbd_spans *tokens,
                      sbd_spans *sentences);

void sbd_spans_free(sbd_spans *s);

#ifdef __cplusplus
}
#endif

#endif
