/*
 * summ_internal.h - what model.c, analyse.c and select.c share.
 */
#ifndef SUMM_INTERNAL_H
#define SUMM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "summ.h"

/* The dense features, in the order of the weights vector and of
 * summ_feature_name().  X(ENUM, "name").  Append only when a feature is
 * added: the names, not the order, tie a weights file to this list. */
#define SUMM_FEATURES(X)                \
    X(F_BIAS, "bias")                   \
    X(F_POS0, "pos0")                   \
    X(F_POS1, "pos1")                   \
    X(F_POS2, "pos2")                   \
    X(F_POS3, "pos3")                   \
    X(F_POS4, "pos4")                   \
    X(F_POS5, "pos5")                   \
    X(F_POS6_9, "pos6-9")               \
    X(F_POS10_19, "pos10-19")           \
    X(F_POS20, "pos20+")                \
    X(F_LOGPOS, "logpos")               \
    X(F_RELPOS, "relpos")               \
    X(F_LOGN, "logn")                   \
    X(F_NW, "nw")                       \
    X(F_LEN0, "len0")                   \
    X(F_LEN5, "len5")                   \
    X(F_LEN10, "len10")                 \
    X(F_LEN15, "len15")                 \
    X(F_LEN20, "len20")                 \
    X(F_LEN25, "len25")                 \
    X(F_LEN30, "len30")                 \
    X(F_LEN40, "len40")                 \
    X(F_Q_START, "q_start")             \
    X(F_Q_ANY, "q_any")                 \
    X(F_QUESTION, "question")           \
    X(F_EXCL, "excl")                   \
    X(F_CAPTION, "caption")             \
    X(F_CAPTION_LEAD, "caption_lead")   \
    X(F_JUNK, "junk")                   \
    X(F_FRAGEND, "fragend")             \
    X(F_FWD, "fwd")                     \
    X(F_BWD, "bwd")                     \
    X(F_FWDT, "fwdt")                   \
    X(F_BWDT, "bwdt")                   \
    X(F_MAXSIM, "maxsim")               \
    X(F_MAXSIM_AFTER, "maxsim_after")   \
    X(F_MAXSIM_BEFORE, "maxsim_before") \
    X(F_SIM0, "sim0")                   \
    X(F_CENT, "cent")                   \
    X(F_LEADOV, "leadov")               \
    X(F_AVGIDF, "avgidf")               \
    X(F_CWFRAC, "cwfrac")               \
    X(F_NAMES, "names")                 \
    X(F_NAMESAL, "namesal")             \
    X(F_DIGITS, "digits")               \
    X(F_MONEY, "money")

enum {
#define SUMM_X_ENUM(e, name) e,
    SUMM_FEATURES(SUMM_X_ENUM)
#undef SUMM_X_ENUM
        SUMM_NFEAT
};

/* Lexical weights of one lower-cased token. */
enum { LEX_W = 0, LEX_FIRST = 1, LEX_LAST = 2, LEX_LAST2 = 3, LEX_SLOTS = 4 };

/* What the model knows about one lower-cased token: its lexical weights
 * and whether it is a stop word.  One table holds both, so a document's
 * token costs one probe. */
enum { LEX_STOP = 1, LEX_WEIGHTED = 2 };

typedef struct summ_lex {
    uint64_t key; /* summ__hash() of the token; 0: empty slot */
    float w[LEX_SLOTS];
    uint32_t flags; /* LEX_STOP, LEX_WEIGHTED */
} summ_lex;

struct summ_model {
    double dense[SUMM_NFEAT];
    summ_lex *lex; /* open addressing, key 0 = empty, at most half full */
    size_t lex_cap;
    size_t stop_n, lex_n; /* entries flagged LEX_STOP, LEX_WEIGHTED */
    uint64_t junk[4];     /* hashes of "scroll", "down", "click", "here" */
};

/* 64-bit FNV-1a of the ASCII-lower-cased bytes; never 0 (0 marks an empty
 * slot).  Two different tokens sharing a hash would share weights; with
 * 64 bits and a few thousand entries that does not happen in practice. */
uint64_t summ__hash(const char *s, size_t n);

/* The model's entry for a token, or NULL. */
const summ_lex *summ__lex_find(const summ_model *m, uint64_t key);

/* Spreads a 64-bit key over table slots. */
static inline size_t summ__slot(uint64_t key, size_t mask)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return (size_t)key & mask;
}

/* ---- One document, analysed (analyse.c) ---------------------------------- */

/* A distinct lower-cased token of the document. */
typedef struct doc_type {
    const summ_lex *lex; /* the model's entry (weights, stop word), or NULL */
    uint64_t key;        /* summ__hash() of the token */
    double idf;          /* log((S + 1) / (df + 0.5)) over sentences */
    uint32_t df;         /* sentences containing it (content words only) */
    uint32_t count;      /* occurrences as a content word */
    uint32_t names;      /* occurrences as a name */
    uint32_t stamp;      /* last sentence (+1) that counted it in df */
    uint32_t seen;       /* last sentence (+1) that counted it as a distinct token */
    uint8_t stop, lead;  /* a stop word; a content word of the first three sentences */
} doc_type;

/* A token inside a sentence. */
typedef struct doc_tok {
    uint32_t begin, end;
    uint32_t type;   /* index into doc.types */
    uint8_t word;    /* starts with a letter or digit */
    uint8_t content; /* a word and not a stop word */
    uint8_t name;    /* inside an entity, or capitalised and not the first word */
} doc_tok;

/* One weighted term of a sentence's TF-IDF vector. */
typedef struct doc_term {
    uint32_t type;
    float weight;
} doc_term;

typedef struct doc_sent {
    uint32_t tok0, ntok;   /* its tokens: doc.toks[tok0 .. tok0 + ntok) */
    uint32_t term0, nterm; /* its TF-IDF vector: doc.terms[term0 .. term0 + nterm) */
    uint32_t words;        /* tokens that are words */
    uint32_t content;      /* content words (with repeats) */
    double norm;           /* of the TF-IDF vector */
} doc_sent;

typedef struct summ_doc {
    const summ_input *in;
    doc_sent *sents; /* one per input sentence */
    size_t nsent;
    doc_tok *toks;
    size_t ntok;
    doc_type *types;
    size_t ntype;
    doc_term *terms;
    double *feat;   /* nsent * SUMM_NFEAT dense features */
    double *wvalue; /* per sentence: the value of its w: features */
    double *lex;    /* per sentence: the lexical part of its score */
} summ_doc;

/* Fills `d` from `in`: tokens, types, vectors and every dense feature. */
void summ__analyse(const summ_model *m, const summ_input *in, summ_alloc_fn alloc, void *actx, summ_doc *d);

#endif
