/*
 * scan.c -- the trigger-driven money scanner.
 *
 * Two levels, no regular expressions and no backtracking over the text:
 *
 * 1. A byte loop finds anchors: '$', a code point that begins a currency
 *    symbol (€, £, ¥, ¢, ₹, ...), or an ASCII word that is a code (USD, MUSD)
 *    or a lexicon key (euros, pence, dimes, the first word of "swiss
 *    francs").  Words are hashed while they are read and rejected with one
 *    load from a 64 Kbit filter, so ordinary prose costs a few instructions a
 *    byte.  A filter hit is confirmed in the hash table, a multi-word name is
 *    completed on the spot ("new" -> "new zealand dollars"), and a currency
 *    word only counts when something numeric stands next to it (a digit, a
 *    number word, "a"), so "per cent", "he won", "New York" cost nothing more.
 *    Every money expression contains such a marker, so nothing is looked at
 *    more closely unless one is present: digits alone ("in 2024", "Route 66",
 *    "5G", "40 billion people") never start any work.
 *
 * 2. Around an anchor, a small window of tokens (at most BACK_TOK before, from
 *    at most BACK_BYTES back, and FWD_TOK after; never before the end of the
 *    previous money span) is cut and a
 *    recursive-descent parser tries the grammar from each start token up to
 *    the anchor, earliest first, keeping the first parse that covers the anchor:
 *
 *      expr   := [hedge] (range | simple [cents] [post-hedge])
 *      range  := [between|from] part (and|to|-) part   (shared currency, shared scale)
 *      simple := [sign] PREFIX number [NAME]            "$ 10", "US$4.7 billion", "RM 42"
 *              | number POSTFIX                         "5,000 yen", "20 usd", "12-cent"
 *              | number CODE scale                      "75 USD million"
 *              | [a] COIN | a grand                     "a dime", "a grand"
 *      cents  := [and] number<100 [MINOR]               "$20 and 43c", "15 USD 50"
 *
 *    Numbers come from the shared parser (numparse.c).  Each window's work is
 *    bounded by its token counts, each number is parsed at most once per window
 *    and option set (memo), and the byte loop resumes after a found span, so a
 *    document is scanned in linear time whatever it contains.
 *
 * Ambiguity is never guessed: an ambiguous marker refers to an option slot
 * ($ -> dollar), resolved once per document (with the document's locale).
 */
#define _POSIX_C_SOURCE 200809L
#include "money_internal.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BACK_BYTES 160
#define BACK_TOK 16
#define FWD_TOK 28
#define MAXTOK (BACK_TOK + FWD_TOK + 4)
#define KEYMAX 32

/* ---- tokens ------------------------------------------------------------- */

enum { TK_NONE = 0, TK_NUM, TK_WORD, TK_SYM, TK_PUNCT };
enum { CS_NONE = 0, CS_LOWER, CS_UPPER, CS_TITLE, CS_MIXED };

typedef struct tok {
    uint32_t b, e;
    uint32_t cp; /* PUNCT/SYM: the first code point */
    uint8_t type;
    uint8_t glued;    /* no white space before it */
    uint8_t brk;      /* a blank line before it: expressions never cross it */
    uint8_t cas;      /* CS_* for words */
    uint8_t dotted;   /* "u.s.", "l.e." */
    uint8_t klen;     /* key length; 0xFF = too long to be any key */
    char key[KEYMAX]; /* lower-cased word (dots dropped) or symbol bytes */
} tok;

static int is_alpha(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* White space at i: returns its length (0 = none); counts line breaks.
 * White space is <textpipe/utf8.h>'s (spaces and line breaks), and the
 * zero-width space, which separates words as a space does. */
static int space_at(const unsigned char *s, size_t len, size_t i, int *nl)
{
    unsigned char c = s[i];
    if (c < 0x80) {
        if (c == '\n')
            (*nl)++;
        return (tp_utf8_ascii_class(c) & (TP_UTF8_SPACE | TP_UTF8_NEWLINE)) != 0;
    }
    uint32_t cp;
    size_t n = tp_utf8_decode((const char *)s + i, len - i, &cp);
    return cp == 0x200B || tp_utf8_is(cp, TP_UTF8_SPACE | TP_UTF8_NEWLINE) ? (int)n : 0;
}

/* A character that cannot be part of a word: anything but a letter or a
 * combining mark (numbers are read from ASCII digits only, so ½ and ²
 * are punctuation here). */
static int cp_is_punct(uint32_t cp) { return !tp_utf8_is(cp, TP_UTF8_LETTER | TP_UTF8_MARK); }

static int digit_sep(const unsigned char *s, size_t len, size_t i)
{
    unsigned char c = s[i];
    if (c == '.' || c == ',' || c == '\'')
        return 1;
    if (c == 0xC2 && i + 1 < len && s[i + 1] == 0xA0)
        return 2;
    if (c == 0xE2 && i + 2 < len && s[i + 1] == 0x80 && (s[i + 2] == 0xAF || s[i + 2] == 0x89 || s[i + 2] == 0x99))
        return 3;
    return 0;
}

static void key_push(tok *t, const unsigned char *p, size_t n)
{
    size_t k;
    if (t->klen == 0xFF)
        return;
    if (t->klen + n >= KEYMAX) {
        t->klen = 0xFF;
        return;
    }
    for (k = 0; k < n; k++) {
        unsigned char c = p[k];
        if (c >= 'A' && c <= 'Z')
            c |= 0x20;
        t->key[t->klen++] = (char)c;
    }
    t->key[t->klen] = 0;
}

typedef struct scanner {
    const money_ctx *c;
    const unsigned char *s;
    size_t len;
    const int16_t *slot;
    char dm;
} scanner;

/* Length of the longest symbol key (1-3 code points) at i, 0 if none. */
static size_t symbol_len(const scanner *sc, size_t i)
{
    size_t ends[3], j = i;
    int k, n = 0;
    for (k = 0; k < 3 && j < sc->len; k++) {
        uint32_t cp;
        j += tp_utf8_decode((const char *)sc->s + j, sc->len - j, &cp);
        if (k > 0 && (cp < 0x80 || cp_is_punct(cp)))
            break;
        ends[n++] = j;
    }
    for (k = n - 1; k >= 0; k--) {
        char key[16];
        size_t kl = ends[k] - i;
        if (kl >= sizeof key)
            continue;
        memcpy(key, sc->s + i, kl);
        if (money__lex_find(sc->c, key, kl, money__hash(key, kl)))
            return kl;
    }
    return 0;
}

/* Reads the token after position i into *t; returns the position after it,
 * or len with t->type == TK_NONE at the end. */
static size_t next_token(const scanner *sc, size_t i, tok *t)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len;
    int nl = 0, sp = 0;
    memset(t, 0, offsetof(tok, key) + 1);
    for (;;) {
        int w;
        if (i >= len)
            return len;
        w = space_at(s, len, i, &nl);
        if (!w)
            break;
        i += (size_t)w;
        sp = 1;
    }
    t->b = (uint32_t)i;
    t->glued = !sp;
    t->brk = nl >= 2;
    if (is_digit(s[i])) {
        size_t j = i + 1;
        for (;;) {
            int w;
            while (j < len && is_digit(s[j])) j++;
            if (j < len && (w = digit_sep(s, len, j)) && j + (size_t)w < len && is_digit(s[j + (size_t)w]))
                j += (size_t)w;
            else
                break;
        }
        t->type = TK_NUM;
        t->e = (uint32_t)j;
        return j;
    }
    if (s[i] < 0x80 && !is_alpha(s[i])) {
        t->type = (s[i] == '$' || (s[i] == '#' && sc->c->hash_is_pound)) ? TK_SYM : TK_PUNCT;
        t->cp = s[i];
        t->e = (uint32_t)i + 1;
        t->key[0] = (char)s[i];
        t->klen = 1;
        return i + 1;
    }
    if (s[i] >= 0x80) {
        uint32_t cp;
        int n = (int)tp_utf8_decode((const char *)s + i, len - i, &cp);
        if (money__symstart(sc->c, cp)) {
            size_t sl = symbol_len(sc, i);
            if (sl) {
                t->type = TK_SYM;
                t->cp = cp;
                t->e = (uint32_t)(i + sl);
                key_push(t, s + i, sl);
                return i + sl;
            }
        }
        if (cp_is_punct(cp)) {
            t->type = TK_PUNCT;
            t->cp = cp;
            t->e = (uint32_t)(i + (size_t)n);
            key_push(t, s + i, (size_t)n);
            return i + (size_t)n;
        }
    }
    /* a word: ASCII letters and non-ASCII letters */
    {
        size_t j = i;
        int up = 0, lo = 0, first_up = 0, nletters = 0;
        t->type = TK_WORD;
        while (j < len) {
            unsigned char c = s[j];
            if (is_alpha(c)) {
                if (c < 'a') {
                    up++;
                    if (nletters == 0)
                        first_up = 1;
                } else {
                    lo++;
                }
                nletters++;
                key_push(t, s + j, 1);
                j++;
            } else if (c >= 0x80) {
                uint32_t cp;
                int n = (int)tp_utf8_decode((const char *)s + j, len - j, &cp);
                if (cp_is_punct(cp) || (j > i && money__symstart(sc->c, cp) && symbol_len(sc, j)))
                    break;
                {
                    int nl2 = 0;
                    if (space_at(s, len, j, &nl2))
                        break;
                }
                key_push(t, s + j, (size_t)n);
                nletters++;
                j += (size_t)n;
            } else {
                break;
            }
        }
        /* dotted abbreviation: "u.s", "U.S.", "l.e." (single letters) */
        if (j == i + 1 && is_alpha(s[i]) && j + 1 < len && s[j] == '.' && is_alpha(s[j + 1]) &&
            (j + 2 >= len || !is_alpha(s[j + 2]))) {
            while (j + 1 < len && s[j] == '.' && is_alpha(s[j + 1]) && (j + 2 >= len || !is_alpha(s[j + 2]))) {
                if (s[j + 1] < 'a')
                    up++;
                else
                    lo++;
                key_push(t, s + j + 1, 1);
                j += 2;
            }
            if (j < len && s[j] == '.')
                j++;
            t->dotted = 1;
        }
        if (j == i) { /* a lone continuation byte or similar: skip it */
            t->type = TK_PUNCT;
            t->cp = 0xFFFD;
            j = i + 1;
        }
        t->e = (uint32_t)j;
        if (up && !lo)
            t->cas = CS_UPPER;
        else if (lo && !up)
            t->cas = CS_LOWER;
        else if (first_up && up == 1)
            t->cas = CS_TITLE;
        else
            t->cas = up || lo ? CS_MIXED : CS_NONE;
        return j;
    }
}

/* ---- the window parser -------------------------------------------------- */

typedef struct P {
    const scanner *sc;
    tok t[MAXTOK];
    int n;
    int at_text_start; /* t[0] is the first token of the text or follows a blank line */
    uint8_t memo_done[MAXTOK][4];
    struct {
        int8_t ok;
        int8_t next;
        money_number num;
    } memo[MAXTOK][4];
} P;

static int tok_is(const P *p, int i, const char *w)
{
    size_t n = strlen(w);
    return i >= 0 && i < p->n && p->t[i].type == TK_WORD && p->t[i].klen == n && memcmp(p->t[i].key, w, n) == 0;
}

static int tok_in(const P *p, int i, const char *const *list)
{
    for (; *list; list++)
        if (tok_is(p, i, *list))
            return 1;
    return 0;
}

static int tok_punct(const P *p, int i, uint32_t cp)
{
    return i >= 0 && i < p->n && p->t[i].type == TK_PUNCT && p->t[i].cp == cp;
}

static int tok_dash(const P *p, int i)
{
    return tok_punct(p, i, '-') || tok_punct(p, i, 0x2013) || tok_punct(p, i, 0x2014);
}

/* ---- markers ------------------------------------------------------------ */

enum { MK_CODE = 10, MK_DSYM = 11 };

typedef struct mk {
    int i, j; /* tokens [i, j) */
    int kind; /* LK_* or MK_* */
    int cur;
    int dflt;
    int16_t cref; /* as written in the data: a currency, or the option slot */
    uint16_t lf;  /* LF_* */
    double mult;
    int wordlike;  /* upper-case code that is an English word */
    int lowercode; /* lower-case code */
} mk;

/* A marker's currency from its CREF: an option slot is resolved (and
 * flagged as coming from configuration), a currency is taken as is. */
static void mk_currency(const P *p, mk *m, int16_t cref)
{
    m->cref = cref;
    if (CREF_IS_SLOT(cref)) {
        m->dflt = 1;
        m->cur = p->sc->slot[CREF_SLOT_OF(cref)];
    } else {
        m->dflt = 0;
        m->cur = cref;
    }
}

static const char *const DETERMINERS[] = {
    "a",       "an",  "the",   "of",   "for", "to",  "at",    "about",      "than",    "by",     "from",
    "some",    "and", "or",    "with", "in",  "on",  "over",  "under",      "nearly",  "around", "approximately",
    "roughly", "its", "their", "his",  "her", "our", "extra", "additional", "another", "cost",   "costs",
    "paid",    "pay", "worth", "is",   "was", NULL};

static int case_ok(const P *p, const lex_entry *e, int i, int j)
{
    const money_ctx *c = p->sc->c;
    int k;
    if ((e->flags & LF_LOWER) && p->t[i].cas != CS_LOWER)
        return 0;
    if ((e->flags & LF_NOTITLE) && p->t[i].cas == CS_TITLE && !p->t[i].dotted)
        return 0;
    if (e->flags & LF_EXACT) {
        /* one of the '|'-separated surfaces, byte for byte */
        const char *sf = money__pool(c, e->surf_off);
        size_t tl = p->t[j - 1].e - p->t[i].b;
        const char *txt = (const char *)p->sc->s + p->t[i].b;
        while (*sf) {
            const char *bar = strchr(sf, '|');
            size_t sl = bar ? (size_t)(bar - sf) : strlen(sf);
            if (sl == tl && memcmp(sf, txt, tl) == 0)
                return 1;
            if (!bar)
                break;
            sf = bar + 1;
        }
        return 0;
    }
    for (k = i; k < j; k++)
        if (p->t[k].brk && k > i)
            return 0;
    return 1;
}

static int dprefix_at(const P *p, int i, mk *m)
{
    const money_ctx *c = p->sc->c;
    const tok *w = &p->t[i], *d = &p->t[i + 1];
    int k, glued = d->glued;
    const dprefix *dp = NULL;
    if (w->klen == 0xFF || w->klen > 7)
        return 0;
    for (k = 0; k < c->ndp; k++)
        if (c->dp[k].keylen == w->klen && memcmp(c->dp[k].key, w->key, w->klen) == 0) {
            dp = &c->dp[k];
            break;
        }
    if (!dp) {
        /* "usd$ 15", "AUD$" */
        int ci = money__code_find(c, w->key, w->klen);
        if (ci < 0 || !glued || (c->cur[ci].flags & CUR_NOCODE) || w->cas == CS_MIXED)
            return 0;
        mk_currency(p, m, (int16_t)ci);
    } else {
        /* "A$" and "a$" glued; "a $" with a space is the article */
        if ((dp->flags & DP_UPPER) && w->cas != CS_UPPER && !(glued && w->cas == CS_LOWER))
            return 0;
        if (!glued) {
            int spaced_ok = (dp->flags & DP_SPACED) || (w->cas == CS_UPPER && w->klen >= 2);
            if (!spaced_ok || w->cas == CS_TITLE || w->cas == CS_MIXED)
                return 0;
            if (w->cas == CS_LOWER && (dp->flags & DP_DET) && !w->dotted) {
                if (i > 0 && !tok_in(p, i - 1, DETERMINERS) && p->t[i - 1].type != TK_PUNCT)
                    return 0;
            }
            if ((dp->flags & DP_NOAPOS) && i > 0 && (tok_punct(p, i - 1, '\'') || tok_punct(p, i - 1, 0x2019)))
                return 0;
        }
        mk_currency(p, m, dp->cur);
    }
    m->i = i;
    m->j = i + 2;
    m->kind = MK_DSYM;
    m->dflt = 0;
    m->lf = LF_PRE | LF_POST;
    m->mult = 1;
    return 1;
}

/* A spaced dollar prefix standing alone in capitals ("US", "U.S.", "NZ",
 * "HK"): its currency index, else -1. */
static int dprefix_word(const P *p, int i)
{
    const money_ctx *c = p->sc->c;
    const tok *w = &p->t[i];
    int k;
    if (w->type != TK_WORD || w->klen < 2 || w->klen > 7 || (w->cas != CS_UPPER))
        return -1;
    for (k = 0; k < c->ndp; k++)
        if ((c->dp[k].flags & DP_SPACED) && c->dp[k].keylen == w->klen &&
            memcmp(c->dp[k].key, w->key, w->klen) == 0 && !CREF_IS_SLOT(c->dp[k].cur))
            return c->dp[k].cur;
    return -1;
}

/* The currency marker starting at token i, if any. */
static int marker_at(const P *p, int i, mk *m)
{
    const money_ctx *c = p->sc->c;
    const tok *t;
    memset(m, 0, sizeof *m);
    m->mult = 1;
    if (i < 0 || i >= p->n)
        return 0;
    t = &p->t[i];
    if (t->type == TK_SYM) {
        const lex_entry *e;
        if (t->cp == '$' || t->cp == '#') {
            mk_currency(p, m, CREF_SLOT(t->cp == '$' ? c->slot_dollar : c->slot_pound));
            m->kind = LK_SYMBOL;
            m->lf = LF_PRE | LF_POST;
            m->i = i;
            m->j = i + 1;
            return 1;
        }
        e = money__lex_find(c, t->key, t->klen, money__hash(t->key, t->klen));
        if (!e || e->kind == LK_PARTIAL)
            return 0;
        mk_currency(p, m, e->cur);
        m->kind = e->kind;
        m->lf = e->flags;
        m->mult = e->mult;
        m->i = i;
        m->j = i + 1;
        return 1;
    }
    if (t->type != TK_WORD || t->klen == 0xFF)
        return 0;

    /* letters before '$' */
    if (i + 1 < p->n && p->t[i + 1].type == TK_SYM && p->t[i + 1].cp == '$' && !p->t[i + 1].brk && dprefix_at(p, i, m))
        return 1;
    /* letters glued to a symbol: "E£", "GH₵" */
    if (i + 1 < p->n && p->t[i + 1].type == TK_SYM && p->t[i + 1].glued && p->t[i + 1].cp != '$') {
        char key[2 * KEYMAX];
        size_t kl = t->klen + p->t[i + 1].klen;
        const lex_entry *e;
        if (p->t[i + 1].klen != 0xFF && kl < sizeof key) {
            memcpy(key, t->key, t->klen);
            memcpy(key + t->klen, p->t[i + 1].key, p->t[i + 1].klen);
            e = money__lex_find(c, key, kl, money__hash(key, kl));
            if (e && e->kind != LK_PARTIAL) {
                mk_currency(p, m, e->cur);
                m->kind = e->kind;
                m->lf = e->flags;
                m->mult = e->mult;
                m->i = i;
                m->j = i + 2;
                return 1;
            }
        }
    }
    /* ISO codes: upper case; lower case unless the code is a word */
    if (!t->dotted && (t->klen == 3 || (t->klen == 4 && t->key[0] == 'm'))) {
        int four = t->klen == 4;
        int ci = money__code_find(c, t->key + four, 3);
        if (ci >= 0 && !(c->cur[ci].flags & CUR_NOCODE)) {
            uint8_t cf = c->cur[ci].flags;
            int ok = 0;
            if (t->cas == CS_UPPER) {
                ok = !(four && (cf & CUR_WORDLIKE));
                m->wordlike = !four && (cf & CUR_WORDLIKE);
            } else if (t->cas == CS_LOWER && !four && !(cf & CUR_NOLOWER)) {
                ok = 1;
                m->lowercode = 1;
            }
            if (ok) {
                mk_currency(p, m, (int16_t)ci);
                m->kind = MK_CODE;
                m->lf = LF_PRE | LF_POST;
                m->mult = four ? 1e6 : 1;
                m->i = i;
                m->j = i + 1;
                return 1;
            }
        }
    }
    /* lexicon: longest match over up to max_key_words words */
    {
        char key[128];
        size_t kl = 0;
        int k = i, w, best = 0;
        const lex_entry *be = NULL;
        for (w = 0; w < c->max_key_words && k < p->n; w++) {
            const lex_entry *e;
            const tok *tk = &p->t[k];
            if (tk->type != TK_WORD || tk->klen == 0xFF || kl + tk->klen + 2 >= sizeof key)
                break;
            memcpy(key + kl, tk->key, tk->klen);
            kl += tk->klen;
            e = money__lex_find(c, key, kl, money__hash(key, kl));
            if (!e)
                break;
            if (e->kind != LK_PARTIAL && case_ok(p, e, i, k + 1)) {
                be = e;
                best = k + 1;
            }
            if (!(e->flags & LF_LONGER))
                break;
            /* next word: after white space, or after a glued hyphen ("d-mark") */
            if (k + 1 < p->n && p->t[k + 1].type == TK_WORD && !p->t[k + 1].glued && !p->t[k + 1].brk) {
                key[kl++] = ' ';
                k++;
            } else if (k + 2 < p->n && tok_punct(p, k + 1, '-') && p->t[k + 1].glued && p->t[k + 2].glued &&
                       p->t[k + 2].type == TK_WORD) {
                key[kl++] = '-';
                k += 2;
            } else {
                break;
            }
        }
        if (be) {
            mk_currency(p, m, be->cur);
            m->kind = be->kind;
            m->lf = be->flags;
            m->mult = be->mult;
            m->i = i;
            m->j = best;
            return 1;
        }
    }
    return 0;
}

/* ---- numbers ------------------------------------------------------------ */

/* The number starting at token i.  opts: MONEY_NP_*.  *next = first token
 * after it.  Rejects numbers that end inside a token or overflow. */
static int num_at(P *p, int i, unsigned opts, money_number *out, int *next)
{
    const tok *t;
    int v, j;
    size_t end;
    if (i < 0 || i >= p->n)
        return 0;
    t = &p->t[i];
    if (t->type == TK_NUM) {
    } else if (t->type == TK_PUNCT && t->cp == '.' && i + 1 < p->n && p->t[i + 1].type == TK_NUM && p->t[i + 1].glued) {
    } else if (t->type == TK_WORD && (opts & MONEY_NP_WORDS)) {
    } else {
        return 0;
    }
    v = ((opts & MONEY_NP_WORDS) ? 1 : 0) | ((opts & MONEY_NP_SPACED_UNITS) ? 2 : 0);
    if (p->memo_done[i][v]) {
        if (!p->memo[i][v].ok)
            return 0;
        *out = p->memo[i][v].num;
        *next = p->memo[i][v].next;
        return 1;
    }
    p->memo_done[i][v] = 1;
    p->memo[i][v].ok = 0;
    if (!money_parse_number((const char *)p->sc->s + t->b, p->sc->len - t->b, p->sc->dm, opts, out))
        return 0;
    if (out->flags & MONEY_NUM_OVERFLOW)
        return 0;
    end = t->b + out->consumed;
    for (j = i; j < p->n && p->t[j].e <= end; j++)
        ;
    if (j == i || p->t[j - 1].e != end)
        return 0;
    for (v = i + 1; v < j; v++)
        if (p->t[v].brk)
            return 0;
    v = ((opts & MONEY_NP_WORDS) ? 1 : 0) | ((opts & MONEY_NP_SPACED_UNITS) ? 2 : 0);
    p->memo[i][v].ok = 1;
    p->memo[i][v].next = (int8_t)j;
    p->memo[i][v].num = *out;
    *next = j;
    return 1;
}

/* A number may start at token i: not glued to a preceding word or to a
 * number through '/', ':', '.', ',' (dates, times, versions). */
static int num_start_ok(const P *p, int i)
{
    const tok *t = &p->t[i];
    if (t->type == TK_NUM && p->sc->s[t->b] == '0' && t->e > t->b + 1 && is_digit(p->sc->s[t->b + 1]))
        return 0; /* "007", and the ",000" of a number split by a space */
    if (i == 0) {
        if (t->b > 0) {
            unsigned char c = p->sc->s[t->b - 1];
            if (is_alpha(c) || is_digit(c))
                return 0;
        }
        return 1;
    }
    if (!t->glued)
        return 1;
    if (p->t[i - 1].type == TK_WORD || p->t[i - 1].type == TK_NUM)
        return 0;
    if (p->t[i - 1].type == TK_PUNCT) {
        uint32_t cp = p->t[i - 1].cp;
        if ((cp == '/' || cp == ':' || cp == '.' || cp == ',') && i >= 2 && p->t[i - 2].type == TK_NUM &&
            p->t[i - 1].glued)
            return 0;
    }
    return 1;
}

static const char *const PERCENT_WORDS[] = {"percent", "pct", "percentage", NULL};

/* What follows a number (at token j) does not make it something else: a
 * percentage, a date or ratio, a word glued to it ("5G"). */
static int num_end_ok(const P *p, int j)
{
    const tok *t;
    if (j >= p->n)
        return 1;
    t = &p->t[j];
    if (t->brk)
        return 1;
    if (t->type == TK_PUNCT) {
        if (t->cp == '%' || t->cp == 0x00B0 || t->cp == 0x2030)
            return 0;
        if (t->glued && (t->cp == '/' || t->cp == ':') && j + 1 < p->n && p->t[j + 1].type == TK_NUM &&
            p->t[j + 1].glued)
            return 0;
        return 1;
    }
    if (t->type == TK_WORD) {
        if (tok_in(p, j, PERCENT_WORDS))
            return 0;
        if (tok_is(p, j, "per") && tok_is(p, j + 1, "cent"))
            return 0;
        if (t->glued) {
            mk m;
            return marker_at(p, j, &m);
        }
    }
    return 1;
}

/* ---- results ------------------------------------------------------------ */

typedef struct mres {
    int i, j;      /* tokens [i, j) */
    double amount; /* major units */
    double min, max;
    int cur, dflt;
    int16_t cref;     /* the marker's currency as written in the data (CREF) */
    unsigned flags;   /* MONEY_F_* */
    int bare;         /* a number without currency (range part) */
    double num;       /* the number as written, scale applied */
    double unit_mult; /* amount = num * unit_mult / unit_div */
    double unit_div;
    int scale_exp;
    double base;
    unsigned fdig;   /* digits after the decimal mark of the (last) figure */
    unsigned nflags; /* MONEY_NUM_* */
    int cents_ok;    /* an integer amount of a major unit: "$20 43" may follow */
    int neg;
    int nparts; /* a range whose ends both name the currency: the ends */
    int part_i[2], part_j[2];
    double part_amount[2];
} mres;

static void set_amount(mres *r)
{
    double a = r->num;
    if (r->unit_div != 1) {
        /* "66.1 cents" is 0.661, not 0.66099999999999992: the quotient read
         * back at 15 significant digits, the precision of the figure */
        char buf[32];
        a = a / r->unit_div;
        snprintf(buf, sizeof buf, "%.15g", a);
        a = strtod(buf, NULL);
    }
    if (r->unit_mult != 1)
        a = a * r->unit_mult;
    r->amount = r->neg ? -a : a;
}

/* The three steps every reading of an amount goes through: start empty at
 * token i, take the number (ending before token j), take the unit of the
 * currency marker (its currency; a minor unit divides, a coin counts in
 * hundredths, a counted unit multiplies). */
static void res_init(mres *r, int i)
{
    memset(r, 0, sizeof *r);
    r->i = i;
    r->j = i;
    r->unit_mult = 1;
    r->unit_div = 1;
    r->amount = r->min = r->max = NAN;
    r->cur = -1;
}

static void res_number(mres *r, const money_number *num, int j)
{
    r->num = num->value;
    r->scale_exp = num->scale_exp;
    r->base = num->base;
    r->fdig = num->frac_digits;
    r->nflags = num->flags;
    r->j = j;
}

static void res_unit(const money_ctx *c, mres *r, const mk *m)
{
    r->cur = m->cur;
    r->dflt = m->dflt;
    r->cref = m->cref;
    if (m->kind == LK_MINOR) {
        r->unit_div = money__pow10(c->cur[m->cur].minor);
        r->flags |= MONEY_F_MINOR_UNIT;
    } else if (m->kind == LK_COIN) {
        /* count * value, exact in hundredths */
        r->unit_mult = floor(m->mult * 100 + 0.5);
        r->unit_div = 100;
    } else {
        r->unit_mult = m->mult;
    }
}

static const char *const WEIGHT_CONTEXT[] = {
    "weigh",  "weighs", "weighed", "weighing", "weight", "weights", "lost",     "lose",    "loses",   "losing",
    "gained", "gain",   "gains",   "gaining",  "shed",   "sheds",   "shedding", "heavier", "lighter", "overweight",
    "pile",   "piled",  "tipped",  "tip",      "tips",   "dropped", "drop",     "put",     "puts",    NULL};

static const char *const YEAR_CONTEXT[] = {"in", "constant", "nominal", "real", NULL};

static const char *const PERIOD_WORDS[] = {
    "last",     "past",     "next",   "first",      "second", "third",     "fourth", "final",     "consecutive",
    "straight", "previous", "recent", "successive", "fiscal", "financial", "coming", "following", "same",
    "two",      "three",    "four",   "several",    "few",    "of",        NULL};

static const char *const GRAND_FOLLOW[] = {
    "a",     "an",     "the",    "for",  "to",   "in",    "on",   "per",    "and",  "or",   "each",
    "from",  "at",     "of",     "more", "less", "worth", "cash", "apiece", "off",  "back", "now",
    "total", "richer", "poorer", "up",   "down", "last",  "this", "bucks",  "but",  "so",   "if",
    "when",  "just",   "only",   "plus", "into", "out",   "was",  "is",     "were", "are",  "will",
    "would", "he",     "she",    "they", "we",   "i",     "you",  "it",     NULL};

static const char *const FRACTION_CONTEXT[] = {
    "by",   "than", "nearly", "almost", "about",   "around",    "roughly", "over", "under", "just",
    "only", "some", "least",  "most",   "another", "of",        "for",     "to",   "in",    "into",
    "and",  "or",   "fully",  "barely", "exactly", "precisely", "half",    NULL};

/* A part of something: "a quarter of a dollar" is not one dollar. */
static const char *const PORTION_WORDS[] = {"half",     "quarter", "quarters", "third",  "thirds",    "fourth",
                                            "fifth",    "fifths",  "tenth",    "tenths", "hundredth", "hundredths",
                                            "fraction", "part",    "portion",  "sliver", "share",     NULL};

/* Words that may follow an amount without a unit of its own ("$5-10 a share"). */
static const char *const BARE_FOLLOW[] = {"a",  "an", "per",  "each", "apiece", "and", "or", "for",
                                          "in", "to", "from", "on",   "at",     "of",  NULL};

/* End of a phrase after token j: nothing, punctuation other than a dash or a
 * slash, or a blank line. */
static int phrase_end(const P *p, int j)
{
    if (j >= p->n || p->t[j].brk)
        return 1;
    if (p->t[j].type == TK_PUNCT)
        return !(tok_dash(p, j) || tok_punct(p, j, '/') || tok_punct(p, j, '%'));
    return 0;
}

/* One amount of money ("$5m", "5,000 yen", "ten dimes") at token i, or, with
 * allow_bare, a plain number that a range may give a currency to. */
static int simple(P *p, int i, mres *r, int allow_bare)
{
    const money_ctx *c = p->sc->c;
    money_number num;
    mk m;
    int k = i, nx;

    res_init(r, i);
    if (i >= p->n)
        return 0;

    /* a sign: "-$5", "−€3" (not the dash of a range) */
    if ((tok_punct(p, k, '-') || tok_punct(p, k, 0x2212) || tok_punct(p, k, '+')) && k + 1 < p->n &&
        p->t[k + 1].glued && (k == 0 || !p->t[k].glued || tok_punct(p, k - 1, '('))) {
        r->neg = p->t[k].cp != '+';
        k++;
    }

    /* "US66 cents", "US73.5c", "NZ 80 cents": a dollar prefix before an
     * amount in cents names the dollar those cents belong to */
    if (k + 2 < p->n && p->t[k + 1].type == TK_NUM && !p->t[k + 1].brk) {
        int dc = dprefix_word(p, k);
        if (dc >= 0 && num_at(p, k + 1, 0, &num, &nx) && nx < p->n && !p->t[nx].brk &&
            !(num.flags & (MONEY_NUM_SUFFIX | MONEY_NUM_SCALEWORD)) && marker_at(p, nx, &m) &&
            m.kind == LK_MINOR && m.cref == CREF_SLOT(c->slot_cent) && (!(m.lf & LF_GLUED) || p->t[nx].glued)) {
            res_number(r, &num, m.j);
            m.cur = dc;
            m.dflt = 0;
            m.cref = (int16_t)dc;
            res_unit(c, r, &m);
            set_amount(r);
            return 1;
        }
    }

    /* PREFIX number; a name stands before a number only when the data file
     * allows it ("ringgit 42") or before a scaled one ("Australian dollars 648m") */
    if (marker_at(p, k, &m) && m.kind != LK_COIN && m.kind != LK_UNIT &&
        ((m.lf & LF_PRE) || (m.kind == LK_NAME && !(m.lf & (LF_NOART | LF_WEIGHT | LF_SCALED))))) {
        int q = m.j;
        if (q < p->n && tok_punct(p, q, '.') && p->t[q].glued && p->t[m.i].type == TK_WORD && m.kind != MK_CODE)
            q++; /* "Rs. 20" */
        if (q < p->n && !p->t[q].brk && (p->t[q].type == TK_NUM || tok_punct(p, q, '.')) &&
            num_at(p, q, MONEY_NP_SPACED_UNITS, &num, &nx) && num_end_ok(p, nx)) {
            int ok = 1;
            if (m.kind == MK_CODE && m.wordlike && num.scale_exp == 0 &&
                !(num.flags & (MONEY_NUM_DECIMAL | MONEY_NUM_GROUPED)))
                ok = 0; /* "ALL 5 solutions", "TOP 10", "CUP 2026"; "TRY 3.5bn" is fine */
            if (!(m.lf & LF_PRE) && (num.scale_exp == 0 || p->t[q].glued))
                ok = 0; /* "dollars 5" is not an amount; "dollars 5m" is */
            if ((m.lf & LF_STRICT) &&
                !(p->t[q].glued ? (num.scale_exp > 0 || (num.flags & (MONEY_NUM_DECIMAL | MONEY_NUM_GROUPED)))
                                : (num.scale_exp > 0 && p->t[m.i].klen >= 2)))
                ok = 0; /* "R12.4 billion", "SR 5bn"; not "the R12", "P5 nations" */
            if (ok) {
                mk m2;
                res_number(r, &num, nx);
                res_unit(c, r, &m);
                /* "$ 10 dollars": a redundant name of the same currency */
                if (marker_at(p, nx, &m2) && m2.kind == LK_NAME && m2.cur == m.cur && !p->t[nx].brk)
                    r->j = m2.j;
                r->cents_ok = m.kind != LK_MINOR && num.scale_exp == 0 && m.mult == 1 &&
                              !(num.flags &
                                (MONEY_NUM_DECIMAL | MONEY_NUM_FRACTION | MONEY_NUM_SUFFIX | MONEY_NUM_SCALEWORD)) &&
                              r->j == nx;
                set_amount(r);
                return 1;
            }
        }
    }

    /* number POSTFIX */
    if (!num_at(p, k, MONEY_NP_WORDS | MONEY_NP_ARTICLE, &num, &nx) || !num_start_ok(p, k))
        return 0;
    {
        int q = nx, hyph = 0;
        int article = (num.flags & MONEY_NUM_ARTICLE) != 0;
        if (q + 1 < p->n && tok_punct(p, q, '-') && p->t[q].glued && p->t[q + 1].glued && p->t[q + 1].type == TK_WORD) {
            hyph = 1;
            q++;
        }
        if (q < p->n && !p->t[q].brk && marker_at(p, q, &m) && (m.lf & LF_POST)) {
            int ok = 1, after = m.j;
            int word_marker = m.kind == LK_NAME || m.kind == LK_MINOR || m.kind == LK_COIN || m.kind == LK_UNIT;
            if ((m.lf & LF_GLUED) && !p->t[q].glued) {
                /* "10 c" only at the end of a phrase */
                if (!(m.kind == LK_MINOR && p->t[q].klen == 1 && p->t[q].key[0] == 'c' && phrase_end(p, after)))
                    ok = 0;
            }
            if (article && (!word_marker || (m.lf & (LF_NOART | LF_GLUED))))
                ok = 0;
            if (article && m.kind == LK_MINOR && !phrase_end(p, after) && !tok_in(p, after, GRAND_FOLLOW))
                ok = 0; /* "a penny machine"; "not a penny more" is money */
            if (article && tok_is(p, k - 1, "of") && (m.kind == LK_MINOR || tok_in(p, k - 2, PORTION_WORDS)))
                ok = 0; /* "a tenth of a US cent", "a quarter of a dollar": a part of one */
            if (hyph && !word_marker)
                ok = 0;
            if (hyph && (m.lf & LF_WEIGHT))
                ok = 0; /* "a 10-pound baby" */
            /* "3 USD50": the code belongs to the number glued after it */
            if (!p->t[q].glued && after < p->n && p->t[after].type == TK_NUM && p->t[after].glued)
                ok = 0;
            if ((m.lf & LF_SCALED) && num.scale_exp == 0 && num.value < 1000)
                ok = 0;
            if (m.kind == MK_CODE && m.wordlike && !phrase_end(p, after) && !tok_in(p, after, BARE_FOLLOW))
                ok = 0; /* "top 5 ALL TIME" */
            if (ok && (m.lf & LF_WEIGHT) && num.scale_exp == 0) {
                int b;
                if (tok_is(p, after, "of"))
                    ok = 0;
                for (b = k - 1; b >= 0 && b >= k - 4; b--)
                    if (tok_in(p, b, WEIGHT_CONTEXT))
                        ok = 0;
            }
            if (ok && m.kind == LK_NAME && (num.flags & MONEY_NUM_DIGITS) && num.int_digits == 4 &&
                !(num.flags & (MONEY_NUM_GROUPED | MONEY_NUM_DECIMAL | MONEY_NUM_SCALEWORD | MONEY_NUM_SUFFIX)) &&
                num.value >= 1800 && num.value <= 2099 && tok_in(p, k - 1, YEAR_CONTEXT))
                ok = 0; /* "in 2010 dollars" */
            if (ok && m.kind == LK_MINOR && p->t[q].klen == 1 && p->t[q].key[0] == 'p') {
                double v = num.value;
                if (v == 240 || v == 360 || v == 480 || v == 720 || v == 1080 || v == 1440 || v == 2160 || v == 4320)
                    ok = 0; /* video resolutions */
            }
            if (ok && m.kind == LK_COIN) {
                int plural = (m.lf & LF_PLURAL) != 0;
                if (num.value != floor(num.value) || (plural != (num.value != 1)))
                    ok = 0;
                if (tok_is(p, after, "of") || tok_in(p, k - 1, PERIOD_WORDS))
                    ok = 0;
                if (article && (!phrase_end(p, after) || tok_in(p, k - 1, FRACTION_CONTEXT)))
                    ok = 0;
            }
            if (ok && m.kind == LK_UNIT) {
                if (p->t[q].cas == CS_TITLE || p->t[q].cas == CS_MIXED)
                    ok = 0;
                if (!phrase_end(p, after) && !tok_in(p, after, GRAND_FOLLOW))
                    ok = 0;
                if (article && !phrase_end(p, after))
                    ok = 0;
            }
            if (ok) {
                res_number(r, &num, after);
                res_unit(c, r, &m);
                /* "75 USD million" */
                if (m.kind == MK_CODE && num.scale_exp == 0 && after < p->n && p->t[after].type == TK_WORD &&
                    !p->t[after].brk) {
                    money_number sc;
                    char buf[48];
                    size_t bl = (size_t)snprintf(buf, sizeof buf, "1 %.*s", (int)p->t[after].klen, p->t[after].key);
                    if (bl < sizeof buf && money_parse_number(buf, bl, 0, 0, &sc) && sc.consumed == bl &&
                        sc.scale_exp > 0) {
                        r->num *= money__pow10(sc.scale_exp);
                        r->scale_exp = sc.scale_exp;
                        r->j = after + 1;
                    }
                }
                r->cents_ok =
                    (m.kind == LK_NAME || m.kind == LK_SYMBOL || m.kind == MK_CODE || m.kind == MK_DSYM) &&
                    m.mult == 1 && r->scale_exp == 0 && !hyph &&
                    !(num.flags & (MONEY_NUM_DECIMAL | MONEY_NUM_FRACTION | MONEY_NUM_SUFFIX | MONEY_NUM_SCALEWORD));
                set_amount(r);
                return 1;
            }
        }
    }
    if (allow_bare && !(num.flags & MONEY_NUM_ARTICLE) &&
        (num.flags & MONEY_NUM_DIGITS || num.flags & MONEY_NUM_WORDS) && num_end_ok(p, nx) &&
        !(nx < p->n && p->t[nx].glued && p->t[nx].type == TK_WORD)) {
        r->bare = 1;
        res_number(r, &num, nx);
        set_amount(r);
        return 1;
    }
    return 0;
}

/* "a dime", "a grand", and a bare coin word that is a whole utterance. */
static int bare_coin(P *p, int i, mres *r)
{
    int q = i, art = 0;
    mk m;
    if (tok_is(p, i, "a") || tok_is(p, i, "an")) {
        art = 1;
        q = i + 1;
    }
    if (!marker_at(p, q, &m) || (m.kind != LK_COIN && m.kind != LK_UNIT) || (m.lf & LF_PLURAL))
        return 0;
    if (m.kind == LK_UNIT && !art)
        return 0; /* "grand" alone is an adjective */
    if (!phrase_end(p, m.j))
        return 0;
    if (p->t[q].cas == CS_MIXED || (m.kind == LK_UNIT && p->t[q].cas == CS_TITLE))
        return 0;
    if (art) {
        if (tok_in(p, i - 1, FRACTION_CONTEXT) || tok_in(p, i - 1, PERIOD_WORDS))
            return 0;
    } else {
        /* without an article only as a whole utterance */
        if (!((i == 0 && p->at_text_start) || p->t[i].brk))
            return 0;
    }
    res_init(r, i);
    r->j = m.j;
    r->num = 1;
    res_unit(p->sc->c, r, &m);
    set_amount(r);
    return 1;
}

static const char *const CENTS_FOLLOW[] = {"and", "or", "more", "less", "only",  "each", "apiece", "in", "for",
                                           "per", "a",  "an",   "plus", "total", "then", "but",    NULL};

/* "$20 43", "20 dollars and 43 cents", "3 GBP 1 pence", "c $ 100 and fifty". */
static void cents_cont(P *p, mres *r)
{
    const money_ctx *c = p->sc->c;
    money_number num;
    int k = r->j, nx, has_and = 0, md;
    mk m;
    double minor;
    if (!r->cents_ok || r->bare || r->cur < 0)
        return;
    md = c->cur[r->cur].minor;
    if (md < 1 || md > 3)
        return;
    if (k < p->n && tok_is(p, k, "and") && !p->t[k].brk) {
        has_and = 1;
        k++;
    }
    if (k >= p->n || p->t[k].brk || p->t[k].glued)
        return;
    if (!num_at(p, k, MONEY_NP_WORDS, &num, &nx))
        return;
    if (num.flags & (MONEY_NUM_DECIMAL | MONEY_NUM_FRACTION | MONEY_NUM_SUFFIX | MONEY_NUM_SCALEWORD |
                     MONEY_NUM_GROUPED | MONEY_NUM_ARTICLE))
        return;
    if (num.value < 1 || num.value > 99 || ((num.flags & MONEY_NUM_DIGITS) && num.int_digits > 2))
        return;
    minor = num.value;
    if (nx < p->n && !p->t[nx].brk && marker_at(p, nx, &m) && m.kind == LK_MINOR &&
        (!(m.lf & LF_GLUED) || p->t[nx].glued || phrase_end(p, m.j))) {
        nx = m.j;
        if (md != 2)
            return;
    } else {
        if (!has_and && (num.flags & MONEY_NUM_DIGITS) && num.int_digits != 2)
            return;
        if (md != 2)
            return;
        if (nx < p->n && !p->t[nx].brk) {
            const tok *t = &p->t[nx];
            if (t->type == TK_NUM || t->type == TK_SYM)
                return;
            if (t->type == TK_PUNCT) {
                if (!phrase_end(p, nx) || t->cp == '.' || t->cp == ',') {
                    /* a decimal or list continues: "15 dollars 50.5"; a
                     * sentence end is fine */
                    if ((t->cp == '.' || t->cp == ',') && nx + 1 < p->n && p->t[nx + 1].type == TK_NUM &&
                        p->t[nx + 1].glued)
                        return;
                    if (!phrase_end(p, nx))
                        return;
                }
            } else if (t->type == TK_WORD) {
                if (marker_at(p, nx, &m) || !tok_in(p, nx, CENTS_FOLLOW))
                    return;
            }
        }
    }
    /* exact: (major * 100 + minor) / 100 */
    {
        double major = fabs(r->amount);
        double v = (major * 100 + minor) / 100;
        r->amount = r->neg ? -v : v;
        r->num = v;
        r->unit_div = 1;
        r->unit_mult = 1;
        r->j = nx;
        r->fdig = 2;
        r->base = v;
        r->cents_ok = 0;
    }
}

/* ---- hedges ------------------------------------------------------------- */

enum {
    HG_APPROX = 1,
    HG_MIN = 2,
    HG_MAX = 4,
    HG_EXACT = 8,
    HG_BETWEEN = 16,
    HG_FROM = 32,
};

typedef struct hedge {
    const char *w[4];
    int type;
} hedge;

/* Longest first where one is a prefix of another. */
static const hedge HEDGES[] = {
    {{"in", "the", "region", "of"}, HG_APPROX},
    {{"in", "the", "order", "of"}, HG_APPROX},
    {{"on", "the", "order", "of"}, HG_APPROX},
    {{"of", "the", "order", "of"}, HG_APPROX},
    {{"somewhere", "between"}, HG_BETWEEN | HG_APPROX},
    {{"anywhere", "between"}, HG_BETWEEN},
    {{"anywhere", "from"}, HG_FROM},
    {{"no", "less", "than"}, HG_MIN},
    {{"not", "less", "than"}, HG_MIN},
    {{"no", "more", "than"}, HG_MAX},
    {{"not", "more", "than"}, HG_MAX},
    {{"a", "minimum", "of"}, HG_MIN},
    {{"a", "maximum", "of"}, HG_MAX},
    {{"as", "much", "as"}, HG_MAX | HG_APPROX},
    {{"as", "little", "as"}, HG_APPROX},
    {{"more", "or", "less"}, HG_APPROX},
    {{"in", "excess", "of"}, HG_MIN},
    {{"upwards", "of"}, HG_MIN},
    {{"upward", "of"}, HG_MIN},
    {{"more", "than"}, HG_MIN},
    {{"greater", "than"}, HG_MIN},
    {{"higher", "than"}, HG_MIN},
    {{"larger", "than"}, HG_MIN},
    {{"bigger", "than"}, HG_MIN},
    {{"north", "of"}, HG_MIN},
    {{"at", "least"}, HG_MIN},
    {{"just", "over"}, HG_MIN | HG_APPROX},
    {{"just", "above"}, HG_MIN | HG_APPROX},
    {{"well", "over"}, HG_MIN},
    {{"well", "above"}, HG_MIN},
    {{"less", "than"}, HG_MAX},
    {{"fewer", "than"}, HG_MAX},
    {{"lower", "than"}, HG_MAX},
    {{"smaller", "than"}, HG_MAX},
    {{"at", "most"}, HG_MAX},
    {{"up", "to"}, HG_MAX},
    {{"just", "under"}, HG_MAX | HG_APPROX},
    {{"just", "below"}, HG_MAX | HG_APPROX},
    {{"just", "shy", "of"}, HG_MAX | HG_APPROX},
    {{"close", "to"}, HG_APPROX},
    {{"an", "estimated"}, HG_APPROX},
    {{"approximately"}, HG_APPROX},
    {{"approx"}, HG_APPROX},
    {{"about"}, HG_APPROX},
    {{"around"}, HG_APPROX},
    {{"roughly"}, HG_APPROX},
    {{"nearly"}, HG_APPROX},
    {{"almost"}, HG_APPROX},
    {{"circa"}, HG_APPROX},
    {{"some"}, HG_APPROX},
    {{"estimated"}, HG_APPROX},
    {{"over"}, HG_MIN},
    {{"above"}, HG_MIN},
    {{"exceeding"}, HG_MIN},
    {{"under"}, HG_MAX},
    {{"below"}, HG_MAX},
    {{"exactly"}, HG_EXACT},
    {{"precisely"}, HG_EXACT},
    {{"between"}, HG_BETWEEN},
    {{"from"}, HG_FROM},
};

/* Verbs of change before "from": "rose from $3m to $5m" is two values. */
static const char *const CHANGE_WORDS[] = {
    "rose",    "risen",     "rise",     "rises",     "rising",    "fell",     "fall",       "fallen",  "falls",
    "falling", "increased", "increase", "increases", "decreased", "decrease", "grew",       "grow",    "grown",
    "jumped",  "climbed",   "dropped",  "declined",  "cut",       "raised",   "reduced",    "up",      "down",
    "surged",  "soared",    "slipped",  "slid",      "plunged",   "went",     "gone",       "boosted", "lifted",
    "lowered", "hiked",     "moved",    "changed",   "doubled",   "tripled",  "tumbled",    "sank",    "edged",
    "slumped", "shrank",    "widened",  "narrowed",  "revised",   "upgraded", "downgraded", "rising",  NULL};

static int hedge_at(const P *p, int i, int *next)
{
    size_t h;
    if (tok_punct(p, i, '~') && i + 1 < p->n && p->t[i + 1].glued) {
        *next = i + 1;
        return HG_APPROX;
    }
    if (i >= p->n || p->t[i].type != TK_WORD || p->t[i].klen == 0xFF)
        return 0;
    for (h = 0; h < sizeof HEDGES / sizeof HEDGES[0]; h++) {
        int k, ok = 1;
        if (HEDGES[h].w[0][0] != p->t[i].key[0])
            continue;
        for (k = 0; k < 4 && HEDGES[h].w[k]; k++)
            if (!tok_is(p, i + k, HEDGES[h].w[k]) || (k > 0 && p->t[i + k].brk)) {
                ok = 0;
                break;
            }
        if (ok) {
            *next = i + k;
            return HEDGES[h].type;
        }
    }
    return 0;
}

/* ---- ranges ------------------------------------------------------------- */

static int range(P *p, int k, int opener, mres *r)
{
    mres a, b;
    int c, nb, cur, dflt, dash, to;
    int16_t cref;
    double av, bv;
    if (!simple(p, k, &a, 1))
        return 0;
    c = a.j;
    if (c >= p->n || p->t[c].brk)
        return 0;
    dash = tok_dash(p, c);
    to = tok_is(p, c, "to");
    nb = c + 1;
    if (dash && p->t[c].glued && tok_is(p, c + 1, "to") && p->t[c + 1].glued && tok_punct(p, c + 2, '-') &&
        p->t[c + 2].glued) {
        dash = 0; /* "€3-to-4 million", "$1.5-billion-to-$2-billion" */
        to = 1;
        nb = c + 3;
    }
    if (opener & HG_BETWEEN) {
        if (!(tok_is(p, c, "and") || dash))
            return 0;
    } else if (opener & HG_FROM) {
        if (!(to || dash || tok_is(p, c, "and")))
            return 0;
    } else {
        if (!(to || dash))
            return 0;
    }
    if (!opener && to && tok_in(p, k - 1, CHANGE_WORDS))
        return 0; /* "rose 50 cents to $12.30": a change and a level */
    if (!simple(p, nb, &b, 1) || p->t[nb].brk)
        return 0;
    if (a.bare && b.bare)
        return 0;
    if (!a.bare && !b.bare && (a.unit_div != b.unit_div || a.unit_mult != b.unit_mult))
        return 0; /* "30 kopecks to 5 rubles" */
    if (!a.bare && !b.bare && a.cur != b.cur)
        return 0;
    /* A second end without a unit of its own: at the end of the phrase, or
     * before a word that an amount takes ("$5-10 a share"); or anywhere when
     * the ends are joined by a dash ("a $100-200 ticket") or share a scale
     * word (the range is then used attributively: "a $1.5-2 billion deal",
     * "between €3 and 4 million spent on ...").  Not "gave $5 to 10 charities". */
    if (b.bare && !phrase_end(p, b.j) && !tok_in(p, b.j, BARE_FOLLOW) && !dash &&
        !(b.scale_exp > 0 && a.scale_exp == 0 && !(a.nflags & MONEY_NUM_SUFFIX)))
        return 0;
    if (a.bare && !opener) {
        /* "in 2004 to 789m euros" is a year, not a range */
        if ((a.nflags & MONEY_NUM_DIGITS) && a.num >= 1800 && a.num <= 2099 && a.num == floor(a.num) &&
            !(a.nflags & (MONEY_NUM_GROUPED | MONEY_NUM_DECIMAL)))
            return 0;
        /* "300 to 5 million dollars": the scale would not distribute */
        if (b.scale_exp > 0 && a.scale_exp == 0 && a.num > b.base)
            return 0;
    }
    if (a.bare) {
        /* "10-20 dollars", "7-9 lakh rupees": a takes b's unit */
        a.unit_mult = b.unit_mult;
        a.unit_div = b.unit_div;
        cur = b.cur;
        dflt = b.dflt;
        cref = b.cref;
    } else {
        cur = a.cur;
        dflt = a.dflt;
        cref = a.cref;
    }
    if (b.bare) {
        b.unit_mult = a.unit_mult;
        b.unit_div = a.unit_div;
    }
    /* shared scale: "$1.5-2 billion", "between $3 and $5 million" */
    if (a.scale_exp == 0 && b.scale_exp > 0 && !(a.nflags & MONEY_NUM_ARTICLE) && a.num <= b.base &&
        !(a.nflags & MONEY_NUM_SUFFIX))
        a.num *= money__pow10(b.scale_exp);
    /* and the last word of a compound one: "between Rs 2 lakh and 3 lakh crore" */
    else if ((b.nflags & MONEY_NUM_COMPOUND) && !(a.nflags & MONEY_NUM_COMPOUND) && a.scale_exp > 0 &&
             a.scale_exp < b.scale_exp && a.base <= b.base)
        a.num *= money__pow10(b.scale_exp - a.scale_exp);
    set_amount(&a);
    set_amount(&b);
    av = a.amount;
    bv = b.amount;
    if (!(av < bv))
        return 0; /* "between 3 and 1 dollars" is not a range */
    res_init(r, k);
    r->j = b.j;
    r->min = av;
    r->max = bv;
    r->cur = cur;
    r->dflt = dflt;
    r->cref = cref;
    r->base = b.base;
    r->fdig = b.fdig;
    r->flags = MONEY_F_RANGE | ((a.flags | b.flags) & MONEY_F_MINOR_UNIT);
    if (!a.bare && !b.bare) {
        r->nparts = 2;
        r->part_i[0] = a.i;
        r->part_j[0] = a.j;
        r->part_amount[0] = av;
        r->part_i[1] = b.i;
        r->part_j[1] = b.j;
        r->part_amount[1] = bv;
    }
    return 1;
}

/* ---- expressions -------------------------------------------------------- */

static void post_hedge(P *p, mres *r)
{
    int j = r->j;
    if (j + 1 < p->n && tok_is(p, j, "or") && !p->t[j].brk) {
        if (tok_is(p, j + 1, "more") || tok_is(p, j + 1, "above") || tok_is(p, j + 1, "higher")) {
            r->min = r->amount;
            r->flags |= MONEY_F_OPEN | MONEY_F_APPROXIMATE;
            r->j = j + 2;
        } else if (tok_is(p, j + 1, "less") || tok_is(p, j + 1, "below") || tok_is(p, j + 1, "lower")) {
            r->max = r->amount;
            r->flags |= MONEY_F_OPEN | MONEY_F_APPROXIMATE;
            r->j = j + 2;
        } else if (tok_is(p, j + 1, "so") || tok_is(p, j + 1, "thereabouts")) {
            r->flags |= MONEY_F_APPROXIMATE;
            r->j = j + 2;
        }
    } else if (j + 1 < p->n && tok_punct(p, j, '-') && p->t[j].glued && tok_is(p, j + 1, "plus") && p->t[j + 1].glued) {
        r->min = r->amount;
        r->flags |= MONEY_F_OPEN | MONEY_F_APPROXIMATE;
        r->j = j + 2;
    } else if (j < p->n && tok_punct(p, j, '+') && p->t[j].glued && phrase_end(p, j + 1)) {
        r->min = r->amount;
        r->flags |= MONEY_F_OPEN | MONEY_F_APPROXIMATE;
        r->j = j + 1;
    }
}

static int expr(P *p, int i, mres *r)
{
    int k = i;
    int h = hedge_at(p, i, &k);
    int opener = h & (HG_BETWEEN | HG_FROM);
    if (h && k >= p->n)
        return 0;
    int change = 0;
    if (opener && (h & HG_FROM) && tok_in(p, i - 1, CHANGE_WORDS)) {
        /* "rose from $3m to $5m" is two values, not an interval */
        opener = 0;
        h = 0;
        change = 1;
        i = k;
    }
    if (!change && range(p, opener ? k : (h ? k : i), opener, r)) {
        r->i = (opener || h) ? i : r->i;
        if (h & (HG_APPROX | HG_MIN | HG_MAX))
            r->flags |= MONEY_F_APPROXIMATE;
        return 1;
    }
    if (opener) {
        /* "between", "from" without a range: the amount alone */
        i = k;
        h = 0;
    }
    if (!simple(p, h ? k : i, r, 0) && !bare_coin(p, h ? k : i, r))
        return 0;
    cents_cont(p, r);
    post_hedge(p, r);
    r->i = i;
    if (h & HG_MIN) {
        r->min = r->amount;
        r->flags |= MONEY_F_OPEN;
    }
    if (h & HG_MAX) {
        r->max = r->amount;
        r->flags |= MONEY_F_OPEN;
    }
    if (h & (HG_APPROX | HG_MIN | HG_MAX))
        r->flags |= MONEY_F_APPROXIMATE;
    return 1;
}

/* ---- windows ------------------------------------------------------------ */

/* Builds the token window around the anchor at byte a (never before floor);
 * returns the anchor's token index, or -1 when the anchor is not a token
 * start. */
static int build_window(P *p, size_t floor_b, size_t a)
{
    const scanner *sc = p->sc;
    size_t ws, pos;
    int ai = -1, n = 0;
    tok tk;

    ws = a > floor_b + BACK_BYTES ? a - BACK_BYTES : floor_b;
    if (ws > floor_b) {
        /* start just after white space, so the first token is whole */
        size_t k = ws;
        int nl = 0;
        while (k < a && !space_at(sc->s, sc->len, k, &nl)) k++;
        ws = k;
    }
    p->at_text_start = 0;
    pos = ws;
    for (;;) {
        pos = next_token(sc, pos, &tk);
        if (tk.type == TK_NONE)
            break;
        if (ai < 0) {
            if (tk.b > a || (tk.b < a && tk.e > a))
                return -1;
            if (n == BACK_TOK + 1) {
                /* keep the last BACK_TOK tokens before the anchor */
                memmove(&p->t[0], &p->t[1], (size_t)BACK_TOK * sizeof p->t[0]);
                n = BACK_TOK;
            }
            p->t[n] = tk;
            if (tk.b == a)
                ai = n;
            n++;
        } else {
            if (tk.brk || n >= ai + FWD_TOK || n >= MAXTOK)
                break;
            p->t[n++] = tk;
        }
    }
    p->n = n;
    if (ai >= 0 && n > 0) {
        /* the first token begins the text (or a paragraph) */
        size_t k = 0;
        int nl = 0, w;
        if (p->t[0].brk) {
            p->at_text_start = 1;
        } else if (p->t[0].b < 64) {
            while (k < p->t[0].b && (w = space_at(sc->s, sc->len, k, &nl)) > 0) k += (size_t)w;
            p->at_text_start = k == p->t[0].b;
        }
    }
    memset(p->memo_done, 0, sizeof p->memo_done);
    return ai;
}

/* Parses the window around anchor a; fills *r (token range in p) when an
 * expression covers the anchor. */
static int parse_window(P *p, size_t floor_b, size_t a, mres *r)
{
    int ai = build_window(p, floor_b, a), s;
    if (ai < 0)
        return 0;
    for (s = ai > 12 ? ai - 12 : 0; s <= ai; s++) {
        if (expr(p, s, r) && r->i <= ai && r->j > ai)
            return 1;
    }
    return 0;
}

/* ---- the byte loop ------------------------------------------------------ */

/* Cheap checks on the raw bytes that decide whether a word marker is worth a
 * window: a currency word only makes money next to a number. */

static int hspace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Something number-like ends just before b: a digit, a number word ("ten",
 * "million", "a"), or a letter suffix glued to a digit ("5m", "10bn"); white
 * space and one hyphen may stand between ("12-cent"). */
static int prev_numberish(const unsigned char *s, size_t b)
{
    size_t i = b, k = 0, wb;
    while (i > 0 && k < 8 && (hspace(s[i - 1]) || s[i - 1] == 0xA0 || s[i - 1] == 0xC2)) {
        i--;
        k++;
    }
    if (i > 0 && s[i - 1] == '-') {
        i--;
        while (i > 0 && k < 12 && hspace(s[i - 1])) {
            i--;
            k++;
        }
    }
    if (i == 0)
        return 0;
    if (is_digit(s[i - 1]))
        return 1;
    if (!is_alpha(s[i - 1]))
        return 0;
    wb = i;
    while (wb > 0 && is_alpha(s[wb - 1]) && i - wb < 12) wb--;
    if (wb > 0 && is_digit(s[wb - 1]))
        return 1;
    if (wb > 0 && is_alpha(s[wb - 1]))
        return 0;
    return money__is_number_word((const char *)s + wb, i - wb);
}

/* A digit follows e after white space or an abbreviation dot ("Rs. 20"). */
static int next_digit(const unsigned char *s, size_t len, size_t e)
{
    size_t k = 0;
    if (e < len && s[e] == '.')
        e++;
    while (e < len && k < 8 && (hspace(s[e]) || s[e] == 0xA0 || s[e] == 0xC2)) {
        e++;
        k++;
    }
    return e < len && is_digit(s[e]);
}

/* Only white space before b, or a blank line. */
static int para_start(const unsigned char *s, size_t b)
{
    size_t i = b;
    int nl = 0;
    while (i > 0 && hspace(s[i - 1])) {
        if (s[i - 1] == '\n')
            nl++;
        i--;
    }
    return i == 0 || nl >= 2;
}

/* Extends a key that other entries continue ("new" -> "new zealand dollars");
 * returns the longest complete entry and its end, or NULL. */
static const lex_entry *extend_key(const money_ctx *c, const unsigned char *s, size_t len, char *key, size_t kl,
                                   size_t pos, size_t *end)
{
    const lex_entry *best = NULL;
    int w;
    for (w = 1; w < c->max_key_words; w++) {
        size_t q = pos, wb, k = 0;
        char sep;
        const lex_entry *e;
        while (q < len && k < 4 && (s[q] == ' ' || s[q] == '\t' || s[q] == '\n')) {
            q++;
            k++;
        }
        if (k)
            sep = ' ';
        else if (q + 1 < len && s[q] == '-' && is_alpha(s[q + 1])) {
            sep = '-';
            q++;
        } else
            break;
        wb = q;
        while (q < len && is_alpha(s[q]) && q - wb < 24) q++;
        if (q == wb || kl + 1 + (q - wb) >= 120)
            break;
        key[kl++] = sep;
        for (k = wb; k < q; k++) key[kl++] = (char)(s[k] | 0x20);
        e = money__lex_find(c, key, kl, money__hash(key, kl));
        if (!e)
            break;
        if (e->kind != LK_PARTIAL) {
            best = e;
            *end = q;
        }
        if (!(e->flags & LF_LONGER))
            break;
        pos = q;
    }
    return best;
}

enum { C_OTHER = 0, C_ALPHA, C_DOLLAR, C_HASH, C_HIGH };

/* Byte classes for the loop; filled once by money_ctx_new (single-threaded). */
void money__scan_init(money_ctx *c)
{
    int i;
    for (i = 0; i < 256; i++) {
        unsigned char v = C_OTHER;
        if ((i >= 'a' && i <= 'z') || (i >= 'A' && i <= 'Z'))
            v = C_ALPHA;
        else if (i == '$')
            v = C_DOLLAR;
        else if (i == '#')
            v = C_HASH;
        else if (i >= 0x80)
            v = C_HIGH;
        if (v == C_HASH && !c->hash_is_pound)
            v = C_OTHER;
        c->cls[i] = v;
    }
}

/* Converts sp with the rate on or before date, when conversion is on. */
static void convert_span(const money_ctx *c, money_span *sp, int32_t date)
{
    double rate;
    int32_t rd;
    int y, m, d;
    sp->flags &= ~(unsigned)MONEY_F_CONVERTED;
    sp->conv_amount = sp->conv_min = sp->conv_max = sp->conv_rate = NAN;
    sp->conv_currency[0] = sp->rate_date[0] = 0;
    if (!c->rates || c->convert_to < 0 ||
        !money__rates_cross(c->rates, sp->currency, c->cur[c->convert_to].code, date, &rate, &rd))
        return;
    sp->conv_rate = rate;
    sp->conv_amount = sp->amount * rate;
    sp->conv_min = sp->min * rate;
    sp->conv_max = sp->max * rate;
    memcpy(sp->conv_currency, c->cur[c->convert_to].code, 4);
    money__civil_from_days(rd, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = 0;
    snprintf(sp->rate_date, sizeof sp->rate_date, "%04d-%02d-%02d", y, m, d);
    sp->flags |= MONEY_F_CONVERTED;
}

static void fill_span(const money_ctx *c, const P *p, const mres *r, money_span *sp, int32_t date)
{
    /* A match covers at least one token, and its currency is a known one. */
    assert(r->i < r->j && r->j <= p->n && r->cur >= 0);
    memset(sp, 0, sizeof *sp);
    sp->begin = p->t[r->i].b;
    sp->end = p->t[r->j - 1].e;
    sp->amount = r->amount;
    sp->min = r->min;
    sp->max = r->max;
    memcpy(sp->currency, c->cur[r->cur].code, 4);
    sp->flags = r->flags | (r->dflt ? MONEY_F_CURRENCY_DEFAULT : 0);
    convert_span(c, sp, date);
}

/* ---- a dollar read from its conversion ------------------------------------ */

/* A found expression: its span, then the ends of a range that names its
 * currency twice, held back until the next one is known so that either can
 * be read from the other. */
typedef struct group {
    money_span sp[3];
    int n;
    int infer_slot; /* the option slot it may be inferred for, -1 none */
    double prec;    /* half a unit in the last written digit, relative */
} group;

static void group_make(const money_ctx *c, const P *p, const mres *r, int32_t date, group *g)
{
    int k;
    fill_span(c, p, r, &g->sp[0], date);
    g->n = 1;
    for (k = 0; k < r->nparts; k++) {
        mres part = *r;
        part.i = r->part_i[k];
        part.j = r->part_j[k];
        part.amount = r->part_amount[k];
        part.min = part.max = NAN;
        part.flags = (r->flags & ~(unsigned)MONEY_F_RANGE) | MONEY_F_RANGE_PART;
        fill_span(c, p, &part, &g->sp[g->n++], date);
    }
    g->infer_slot = -1;
    if (c->infer_on && r->dflt && CREF_IS_SLOT(r->cref) && c->ninfer[CREF_SLOT_OF(r->cref)] > 0 &&
        !(r->flags & MONEY_F_MINOR_UNIT))
        g->infer_slot = CREF_SLOT_OF(r->cref);
    g->prec = r->base > 0 ? 0.5 * money__pow10(-(int)(r->fdig > 20 ? 20 : r->fdig)) / r->base : 1;
}

/* Words that may stand between an amount and its conversion; the cue ones
 * (and '(' '[' '/') say that it is one: "€40bn ($43bn)", "€40bn, or about
 * $43bn", "£5m, equivalent to $6.3m".  Hedges ("about") usually open the
 * second span itself. */
static const struct {
    const char *w;
    int cue;
} CONV_WORDS[] = {
    {"or", 1},        {"equivalent", 1}, {"equal", 1},   {"equals", 1}, {"worth", 1},
    {"converted", 1}, {"about", 1},      {"roughly", 1}, {"around", 1}, {"approximately", 1},
    {"approx", 1},    {"some", 1},       {"nearly", 1},  {"almost", 1}, {"ie", 1},
    {"to", 0},        {"of", 0},         {"the", 0},     {"which", 0},  {"is", 0},
    {"was", 0},       {"at", 0},         {"just", 0},    {"that", 0},
};

enum { GAP_NO = 0, GAP_LIST = 1, GAP_CONV = 2, GAP_PAREN = 4 };

/* What the text between two amounts (bytes e..b) says: GAP_CONV when it
 * gives the second as the conversion of the first; GAP_LIST when it only
 * separates them (", " or "; ", as between the conversions inside
 * "7.5bn yen ($71.5m; £38.4m)"); GAP_PAREN is added when a parenthesis or
 * bracket opens in it.  GAP_NO for anything else ("to", "and", a full stop,
 * a blank line). */
static int conversion_gap(const unsigned char *s, size_t e, size_t b)
{
    size_t i = e;
    int cue = 0, words = 0, nl = 0, paren = 0;
    if (b < e || b - e > 48)
        return GAP_NO;
    while (i < b) {
        unsigned char ch = s[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
            if (ch == '\n' && ++nl > 1)
                return GAP_NO; /* a blank line */
            i++;
        } else if (ch == '(' || ch == '[') {
            cue = paren = 1;
            i++;
        } else if (ch == '/') {
            cue = 1;
            i++;
        } else if (ch == ',' || ch == ';' || ch == '-' || ch == ':') {
            i++;
        } else if (ch == 0xE2 && i + 2 < b && s[i + 1] == 0x80 && (s[i + 2] == 0x93 || s[i + 2] == 0x94)) {
            i += 3; /* en or em dash */
        } else if (ch == 0xC2 && i + 1 < b && s[i + 1] == 0xA0) {
            i += 2;
        } else if (is_alpha(ch)) {
            char w[16];
            size_t n = 0, k;
            int found = 0;
            while (i < b && (is_alpha(s[i]) || s[i] == '.')) {
                if (s[i] != '.' && n < sizeof w - 1)
                    w[n++] = (char)(s[i] | 0x20);
                i++;
            }
            w[n] = 0;
            for (k = 0; k < sizeof CONV_WORDS / sizeof CONV_WORDS[0]; k++)
                if (strcmp(w, CONV_WORDS[k].w) == 0) {
                    found = 1;
                    cue |= CONV_WORDS[k].cue;
                    break;
                }
            if (!found || ++words > 4)
                return GAP_NO;
        } else {
            return GAP_NO;
        }
    }
    if (cue)
        return GAP_CONV | (paren ? GAP_PAREN : 0);
    return words == 0 ? GAP_LIST : GAP_NO;
}

/* Years written in the text (four digits, 1900-2099, standing alone), found
 * once per document when an inference first needs the article's dates. */
#define MAX_YEARS 256

typedef struct infer_dates {
    int ready, ny;
    uint32_t pos[MAX_YEARS];
    int16_t year[MAX_YEARS];
    /* cross-rate ranges already worked out in this document (a story gives
     * many amounts in pounds and dollars over the same year) */
    struct {
        char from[4], to[4];
        int32_t d0, d1;
        int ok;
        double lo, hi;
    } memo[16];
    int nmemo;
} infer_dates;

/* money__rates_range through the document's memo. */
static int range_memo(const money_ctx *c, infer_dates *w, const char *from, const char *to, int32_t d0, int32_t d1,
                      double *lo, double *hi)
{
    int k, ok;
    for (k = 0; k < w->nmemo; k++)
        if (w->memo[k].d0 == d0 && w->memo[k].d1 == d1 && !memcmp(w->memo[k].from, from, 4) &&
            !memcmp(w->memo[k].to, to, 4)) {
            *lo = w->memo[k].lo;
            *hi = w->memo[k].hi;
            return w->memo[k].ok;
        }
    ok = money__rates_range(c->rates, from, to, d0, d1, lo, hi);
    k = w->nmemo < 16 ? w->nmemo++ : (int)((unsigned)(d0 ^ d1) % 16u);
    memcpy(w->memo[k].from, from, 4);
    memcpy(w->memo[k].to, to, 4);
    w->memo[k].d0 = d0;
    w->memo[k].d1 = d1;
    w->memo[k].ok = ok;
    w->memo[k].lo = *lo;
    w->memo[k].hi = *hi;
    return ok;
}

static void find_years(const unsigned char *s, size_t len, infer_dates *w)
{
    size_t i = 0;
    w->ready = 1;
    w->ny = 0;
    while (i < len && w->ny < MAX_YEARS) {
        size_t j;
        if (!is_digit(s[i])) {
            i++;
            continue;
        }
        j = i;
        while (j < len && is_digit(s[j])) j++;
        if (j - i == 4 && (s[i] == '1' || s[i] == '2') &&
            (i == 0 ||
             !(is_alpha(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ',' || s[i - 1] == '$' || s[i - 1] >= 0x80)) &&
            (j == len || !(is_alpha(s[j]) || s[j] == '%'))) {
            int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
            if (y >= 1900 && y <= 2099) {
                w->pos[w->ny] = (uint32_t)(i > UINT32_MAX ? UINT32_MAX : i);
                w->year[w->ny++] = (int16_t)y;
            }
        }
        i = j;
    }
}

/* The dates to test: the week up to the article's date when it is known;
 * otherwise the year written nearest to the amount (among those the rates
 * cover), the whole of it.  0 when there is no evidence of the date: then
 * nothing is inferred. */
static int infer_window(const money_ctx *c, const unsigned char *s, size_t len, int32_t date, size_t at,
                        infer_dates *w, int32_t *d0, int32_t *d1, int *year)
{
    int32_t first, last;
    int y0, y1, m, d, k, best = 0;
    size_t dist = SIZE_MAX;
    *year = 0;
    if (date != INT32_MIN) {
        *d0 = date - 7;
        *d1 = date;
        return 1;
    }
    if (!w->ready)
        find_years(s, len, w);
    money__rates_span(c->rates, &first, &last);
    money__civil_from_days(first, &y0, &m, &d);
    money__civil_from_days(last, &y1, &m, &d);
    for (k = 0; k < w->ny; k++) {
        size_t dk = w->pos[k] > at ? w->pos[k] - at : at - w->pos[k];
        if (w->year[k] >= y0 && w->year[k] <= y1 && dk < dist) {
            dist = dk;
            best = w->year[k];
        }
    }
    if (!best)
        return 0;
    *d0 = money__days_from_civil(best, 1, 1);
    *d1 = money__days_from_civil(best, 12, 31);
    *year = best;
    return 1;
}

/* A known amount next to the ambiguous one, and the tolerance of their
 * ratio: 2% plus half a unit in the last digit of the converted figure (the
 * second of the two). */
typedef struct partner {
    const money_span *sp;
    double tol;
} partner;

/* Reads g's currency from its partners (the amounts it converts or that
 * convert it) when exactly one candidate fits them all. */
static void infer_group(const money_ctx *c, const unsigned char *s, size_t len, int32_t date, infer_dates *w,
                        group *g, const partner *pt, int npt)
{
    const money_span *x = &g->sp[0];
    int32_t d0, d1;
    int q, k, nfit = 0, slot = g->infer_slot, year;
    int16_t found = -1;
    if (npt == 0 || !infer_window(c, s, len, date, x->begin, w, &d0, &d1, &year))
        return;
    for (q = 0; q < c->ninfer[slot]; q++) {
        int16_t cand = c->infer_cand[slot][q];
        int fits = 1, p;
        for (p = 0; p < npt && fits; p++) {
            const money_span *y = pt[p].sp;
            double ra[2], rk[2], lo, hi;
            int nr;
            if (isfinite(x->amount) && isfinite(y->amount)) {
                ra[0] = x->amount;
                rk[0] = y->amount;
                nr = 1;
            } else if (x->flags & y->flags & MONEY_F_RANGE) {
                ra[0] = x->min;
                ra[1] = x->max;
                rk[0] = y->min;
                rk[1] = y->max;
                nr = 2;
            } else {
                return; /* an amount beside a range: no ratio */
            }
            {
                /* a quick look at one day first: a candidate more than 40%
                 * off cannot fit within a year's range (HKD beside USD) */
                double day_rate;
                int32_t xd;
                if (!money__rates_cross(c->rates, y->currency, c->cur[cand].code, d1, &day_rate, &xd) ||
                    !(ra[0] / rk[0] > day_rate * 0.6 && ra[0] / rk[0] < day_rate / 0.6)) {
                    fits = 0;
                    break;
                }
            }
            if (!(year ? money__rates_year_range(c->rates, y->currency, c->cur[cand].code, year, &lo, &hi)
                       : range_memo(c, w, y->currency, c->cur[cand].code, d0, d1, &lo, &hi))) {
                fits = 0;
                break;
            }
            for (k = 0; k < nr; k++) {
                double ratio = ra[k] / rk[k];
                if (!(ra[k] > 0 && rk[k] > 0))
                    return;
                if (!(ratio >= lo * (1 - pt[p].tol) && ratio <= hi * (1 + pt[p].tol)))
                    fits = 0;
            }
        }
        if (fits) {
            nfit++;
            found = cand;
        }
    }
    if (nfit != 1)
        return;
    for (k = 0; k < g->n; k++) {
        money_span *sp = &g->sp[k];
        memcpy(sp->currency, c->cur[found].code, 4);
        sp->flags = (sp->flags & ~(unsigned)MONEY_F_CURRENCY_DEFAULT) | MONEY_F_CURRENCY_INFERRED;
        convert_span(c, sp, date);
    }
}

/* Hands a group's spans to the callback; returns non-zero to stop. */
static int group_emit(const group *g, money_cb cb, void *user, size_t *count)
{
    int k;
    for (k = 0; k < g->n; k++) {
        (*count)++;
        if (cb && cb(&g->sp[k], user))
            return 1;
    }
    return 0;
}

/* Hands out the held group h, after reading its currency from its
 * neighbours when it is an ambiguous dollar: prev (handed out before it,
 * when known) and next (found after it, NULL at the end).  Returns non-zero
 * when the callback stops the scan. */
static int release(const money_ctx *c, const unsigned char *s, size_t len, int32_t date, group *h,
                   const group *next, const money_span *prev, int prev_known, infer_dates **when,
                   infer_dates *when_buf, money_cb cb, void *user, size_t *count)
{
    int gap_next = next ? conversion_gap(s, h->sp[0].end, next->sp[0].begin) : GAP_NO;
    int gap_prev = prev ? conversion_gap(s, prev->end, h->sp[0].begin) : GAP_NO;
    if (h->infer_slot >= 0) {
        partner pt[2];
        int npt = 0;
        if (prev && prev_known && (gap_prev & GAP_CONV))
            pt[npt++] = (partner){prev, 0.02 + h->prec};
        /* "7.5bn yen ($71.5m; £38.4m)": a list inside the parenthesis that
         * gave h as a conversion goes on converting */
        if (next && next->infer_slot < 0 &&
            ((gap_next & GAP_CONV) || (gap_next == GAP_LIST && (gap_prev & GAP_PAREN))))
            pt[npt++] = (partner){&next->sp[0], 0.02 + next->prec};
        if (npt) {
            if (!*when) {
                *when = when_buf;
                when_buf->ready = 0;
                when_buf->nmemo = 0;
            }
            infer_group(c, s, len, date, *when, h, pt, npt);
        }
    }
    return group_emit(h, cb, user, count);
}

size_t money_scan(const money_ctx *c, const char *text, size_t len, const money_doc *doc, money_cb cb, void *user)
{
    const unsigned char *s = (const unsigned char *)text;
    const unsigned char *CLS = c ? c->cls : NULL;
    int16_t slots[MONEY_MAX_SLOTS];
    scanner sc;
    P pbuf, *p = &pbuf;
    size_t i = 0, floor_b = 0, count = 0;
    int32_t date;
    /* The expression found last is held back until the next one is known,
     * so that an ambiguous dollar can be read from the amounts on both
     * sides of it; prev is the main span of the one handed out before. */
    group held;
    int have_held = 0, have_prev = 0, prev_known = 0;
    money_span prev;
    infer_dates *when = NULL, when_buf;

    if (!c || !text)
        return 0;
    date = c->default_date;
    memcpy(slots, c->slot_cur, sizeof slots);
    if (doc && doc->locale && doc->locale[0]) {
        int k;
        for (k = 0; k < c->nloc; k++)
            if (strcmp(c->loc[k].name, doc->locale) == 0) {
                int16_t spec[MONEY_MAX_SLOTS];
                int o;
                memcpy(spec, c->slot_spec, sizeof spec);
                for (o = 0; o < c->loc[k].n; o++) spec[c->loc[k].slot[o]] = c->loc[k].cur[o];
                if (money__resolve_slots(c, spec, slots) < 0)
                    memcpy(slots, c->slot_cur, sizeof slots);
                break;
            }
    }
    if (doc && doc->date && doc->date[0]) {
        int32_t d = money__parse_iso_date(doc->date);
        if (d != INT32_MIN)
            date = d;
    }
    sc.c = c;
    sc.s = s;
    sc.len = len;
    sc.slot = slots;
    sc.dm = c->decimal_mark;

    p->sc = &sc;
    while (i < len) {
        unsigned char ch = s[i];
        int cl = CLS[ch];
        size_t a;
        if (cl == C_OTHER) {
            i++;
            continue;
        }
        if (cl == C_ALPHA) {
            size_t b = i, wl;
            uint32_t h = 0;
            int anchor = 0;
            do {
                h = money__fhash_step(h, ch);
                if (++i >= len)
                    break;
                ch = s[i];
            } while (CLS[ch] == C_ALPHA);
            wl = i - b;
            if (wl == 1 && i + 1 < len && s[i] == '.' && CLS[s[i + 1]] == C_ALPHA &&
                (i + 2 >= len || CLS[s[i + 2]] != C_ALPHA)) {
                /* "u.s.", "l.e.": the key is the letters */
                char key[128];
                size_t kl = 1, end = 0;
                const lex_entry *e;
                key[0] = (char)(s[b] | 0x20);
                while (i + 1 < len && s[i] == '.' && CLS[s[i + 1]] == C_ALPHA &&
                       (i + 2 >= len || CLS[s[i + 2]] != C_ALPHA) && kl < 8) {
                    key[kl++] = (char)(s[i + 1] | 0x20);
                    i += 2;
                }
                if (i < len && s[i] == '.')
                    i++;
                e = money__lex_find(c, key, kl, money__hash(key, kl));
                if (e && (e->flags & LF_LONGER)) {
                    const lex_entry *x = extend_key(c, s, len, key, kl, i, &end);
                    if (x)
                        e = x;
                    else
                        end = i;
                } else {
                    end = i;
                }
                if (e && e->kind != LK_PARTIAL && (prev_numberish(s, b) || next_digit(s, len, end)))
                    anchor = 1;
            } else if ((wl == 3 || (wl == 4 && s[b] == 'M')) && money__codebit(c, s + b + (wl == 4))) {
                int ci = money__code_find(c, (const char *)s + b + (wl == 4), 3);
                {
                    int upper = 1, lower = 1;
                    size_t q;
                    for (q = b; q < i; q++) {
                        if (s[q] >= 'a')
                            upper = 0;
                        else
                            lower = 0;
                    }
                    if ((upper || (lower && wl == 3 && !(c->cur[ci].flags & CUR_NOLOWER))) &&
                        (prev_numberish(s, b) || next_digit(s, len, i)))
                        anchor = 1;
                }
            }
            if (!anchor && wl < 24 && money__bloom_has(c, money__fhash_final(h))) {
                char key[128];
                size_t q, end = i;
                const lex_entry *e;
                for (q = 0; q < wl; q++) key[q] = (char)(s[b + q] | 0x20);
                e = money__lex_find(c, key, wl, money__hash(key, wl));
                if (e && (e->flags & LF_LONGER)) {
                    const lex_entry *x = extend_key(c, s, len, key, wl, i, &end);
                    if (x)
                        e = x;
                    else
                        end = i;
                }
                if (e && e->kind != LK_PARTIAL &&
                    (prev_numberish(s, b) || next_digit(s, len, end) ||
                     ((e->kind == LK_COIN || e->kind == LK_UNIT) && para_start(s, b))))
                    anchor = 1;
            }
            if (!anchor)
                continue;
            a = b;
        } else if (cl == C_DOLLAR || cl == C_HASH) {
            a = i++;
        } else if (cl == C_HIGH) {
            uint32_t cp;
            int n = (int)tp_utf8_decode((const char *)s + i, len - i, &cp);
            a = i;
            i += (size_t)n;
            if (!money__symstart(c, cp))
                continue;
        } else {
            i++;
            continue;
        }

        /* an anchor at a: parse its window */
        if (a < floor_b)
            continue;
        {
            mres r;
            if (parse_window(p, floor_b, a, &r)) {
                group g;
                group_make(c, p, &r, date, &g);
                floor_b = g.sp[0].end;
                if (i < floor_b)
                    i = floor_b;
                if (have_held && release(c, s, len, date, &held, &g, have_prev ? &prev : NULL, prev_known, &when,
                                         &when_buf, cb, user, &count)) {
                    return count;
                }
                if (have_held) {
                    prev = held.sp[0];
                    have_prev = 1;
                    prev_known = held.infer_slot < 0;
                }
                held = g;
                have_held = 1;
            }
        }
    }
    if (have_held)
        release(c, s, len, date, &held, NULL, have_prev ? &prev : NULL, prev_known, &when, &when_buf, cb, user,
                &count);
    return count;
}

/* ---- list convenience --------------------------------------------------- */

typedef struct list_state {
    money_list *l;
    int oom;
} list_state;

static int list_cb(const money_span *sp, void *user)
{
    list_state *st = user;
    money_list *l = st->l;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        money_span *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            st->oom = 1;
            return 1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *sp;
    return 0;
}

size_t money_scan_list(const money_ctx *c, const char *text, size_t len, const money_doc *doc, money_list *list)
{
    list_state st;
    st.l = list;
    st.oom = 0;
    list->n = 0;
    money_scan(c, text, len, doc, list_cb, &st);
    return st.oom ? (size_t)-1 : list->n;
}

void money_list_free(money_list *list)
{
    free(list->v);
    list->v = NULL;
    list->n = list->cap = 0;
}
