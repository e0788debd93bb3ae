/*
 * sbd_internal.h - what abbrev.c, tokenize.c and segment.c share (internal).
 */
#ifndef SBD_INTERNAL_H
#define SBD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "segment.h"

/* ---- Word lists (abbrev.c) ---------------------------------------------- */

/* Abbreviation classes.  The first four come from data files; the last two
 * are recognised by shape when a word is not in any list. */
enum {
    AB_NONE = 0,
    AB_PRE,       /* [prepositive] Mr Gov Sen St Mt vs e.g: never ends a sentence
                    * before a capitalised word or a number */
    AB_NUM,       /* [number] No p vol fig: an abbreviation only before a number */
    AB_GEN,       /* [general] etc Inc Corp Jan Calif: may end a sentence */
    AB_TIME,      /* [time] a.m p.m: may end a sentence, not before "ET" or "Monday" */
    AB_INITIAL,   /* single letter: E. in "Jonas E. Smith" */
    AB_INITIALISM /* letters and periods, segments of at most two letters: U.S. E.U. Ph.D. */
};

/* Word-list bits (a spelling may carry several). */
enum {
    W_STARTER = 1,    /* [starter] The He It However: begins sentences, not names */
    W_TIMEFOLLOW = 2, /* [time_follow] ET GMT Monday: continues after "a.m." */
    W_SPEECH = 4,     /* [speech] said asked: "...?" Smith asked. */
    W_FRONT = 8,      /* [fronting] At By Before: "At 5 a.m. Mr. Smith went" */
    W_TITLE = 16,     /* [title] CEO Chairman: "Apple Inc. CEO Tim Cook" */
    W_LOWER = 32,     /* [lowercase] Officials Residents: written in lower case inside
                       * news sentences (learned, data/lowercase_en.txt) */
    W_COUNTRY = 64,   /* [country] Canada Mexico: never continues "U.S." or "U.K." */
    W_EXCLAIM = 128,  /* [exclaim] Yahoo Jeopardy: a name written with a final '!' */
    W_STREET = 256    /* [street] St: after a name, a street that may end a sentence */
};

#define SBD_KEY_MAX 31

typedef struct sbd_entry {
    uint32_t hash;
    uint8_t len;      /* 0: empty slot */
    uint8_t abbr;     /* AB_* */
    uint8_t abbr_own; /* 1: abbr given as written in a file; 0: derived case variant */
    uint16_t words;   /* W_* */
    char key[SBD_KEY_MAX + 1];
} sbd_entry;

struct sbd_model {
    sbd_entry *tab;
    size_t cap; /* power of two */
    size_t used;
};

/* The entry for the spelling s[0..len), or NULL. */
const sbd_entry *sbd_model_find(const sbd_model *m, const char *s, size_t len);

static inline int sbd_abbr_of(const sbd_model *m, const char *s, size_t len)
{
    const sbd_entry *e = m ? sbd_model_find(m, s, len) : NULL;
    return e ? e->abbr : AB_NONE;
}

static inline int sbd_words_of(const sbd_model *m, const char *s, size_t len)
{
    const sbd_entry *e = m ? sbd_model_find(m, s, len) : NULL;
    return e ? e->words : 0;
}

/* ---- Tokens (tokenize.c) --------------------------------------------------- */

/* Token types as the boundary rules see them. */
enum {
    /* tokens that never take part in a boundary decision themselves */
    TT_WORD = 1,
    TT_NUM,
    TT_CLITIC,
    TT_DASH,
    TT_URL,
    TT_EMAIL,
    TT_CURRENCY,
    TT_SYM,
    TT_PUNCT, /* , ; : / and the rest */
    /* from here on: terminators, brackets, quotes, bullets */
    TT_ABBR,     /* word with its final period; abbr says which class */
    TT_PERIOD,   /* one '.' */
    TT_QEX,      /* run of ? and ! */
    TT_ELLIPSIS, /* ... … . . . (ndots, F_ATTACHED, F_SPACED) */
    TT_OPEN,     /* opening quote or bracket */
    TT_CLOSE,    /* closing quote or bracket */
    TT_BULLET
};
#define TT_FIRST_SPECIAL TT_ABBR

/* White space before a token. */
enum { WS_NONE = 0, WS_SPACE = 1, WS_NL = 2, WS_PARA = 3 };

/* Case of a token's first character. */
enum { CS_NONE = 0, CS_UP, CS_LO, CS_OTHER, CS_DIGIT };

/* Token flags. */
enum {
    F_CAPLOW = 1 << 0,   /* Ab...: upper then lower case (no-space split "world.Today") */
    F_ATTACHED = 1 << 1, /* ellipsis glued to the preceding token */
    F_SPACED = 1 << 2,   /* ellipsis written ". . ." */
    F_PAREN = 1 << 3,    /* ( or ) */
    F_SQUARE = 1 << 4,   /* [ or ] */
    F_QUOTE = 1 << 5,    /* a quotation mark */
    F_CURLY = 1 << 6,    /* closing quote that cannot be an opening one (” ») */
    F_NONTERM = 1 << 7,  /* set by segment.c: this period ends no sentence */
    F_MERGE = 1 << 8,    /* set by segment.c: emit together with the next token */
    F_DIGITS = 1 << 9,   /* number made of ASCII digits only */
    F_COMMA = 1 << 10    /* the punctuation token is ',' */
};

typedef struct sbd_tok {
    size_t start, end;
    uint16_t flags;
    uint8_t tt;    /* TT_* */
    uint8_t kind;  /* sbd_tok_kind */
    uint8_t ws;    /* WS_* before the token */
    uint8_t cs;    /* CS_* */
    uint8_t abbr;  /* AB_* for TT_ABBR */
    uint8_t ndots; /* TT_ELLIPSIS: number of dots, at most 255 */
} sbd_tok;

typedef struct sbd_lexer {
    const unsigned char *s;
    size_t n, p;
    const sbd_model *m;
    size_t prev_end; /* end of the previous token (SIZE_MAX at the start) */
    uint8_t prev_tt; /* its type, 0 at the start */
} sbd_lexer;

void sbd_lex_init(sbd_lexer *L, const sbd_model *m, const char *text, size_t len);

/* Next token into *t; 0 at the end of the text. */
int sbd_lex(sbd_lexer *L, sbd_tok *t);

/* Up to max tokens into ring[(hi + k) & mask]; returns how many (fewer than
 * max only at the end of the text). */
size_t sbd_lex_batch(sbd_lexer *L, sbd_tok *ring, size_t mask, size_t hi, size_t max);

#endif
