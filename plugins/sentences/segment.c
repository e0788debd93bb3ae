/*
 * segment.c - sentence boundary decisions over the token stream.
 *
 * The lexer (tokenize.c) keeps a window of LOOK tokens ahead of the token
 * being decided.  A boundary can fall only
 *   - at a line break (hard newlines) or blank line (soft newlines),
 *   - before a bullet, or before the next item of a numbered/lettered list,
 *   - after a terminator group: . ? ! … or an abbreviation's period,
 *     followed by any closing quotes and brackets glued to it.
 * A terminator group is decided from small local features: the terminator
 * (plain period, abbreviation class, initial, initialism, ellipsis shape),
 * the white space after it, the first token after any opening quotes or
 * brackets (its case, whether it is a number, a sentence starter such as
 * "The" or "He", a time-zone word after "p.m."), whether a parenthesis
 * opened in this sentence is still open, and the first word and length of
 * the sentence so far ("At 5 a.m. Mr. Smith ...").  Nothing is revisited,
 * so the time is linear in the input.
 */
#include <stdlib.h>
#include <string.h>

#include "sbd_internal.h"

#define RING 64 /* power of two, > LOOK + 1 */
#define LOOK 16 /* tokens kept ahead of the one being decided */

/* Coarse class of the token that follows a terminator group. */
enum { NC_CAP = 1, NC_LOWER, NC_NUM, NC_ELLIPSIS, NC_OTHER };

typedef struct seg {
    const sbd_model *m;
    int soft;
    const char *s;
    const sbd_sink *sink;
    sbd_lexer L;
    sbd_tok ring[RING];
    size_t lo, hi; /* ring[lo..hi) are lexed and not yet decided */
    int eof;

    /* the sentence being built */
    int in_sent;
    size_t sent_start, sent_idx;   /* its first byte and first token */
    size_t first_start, first_end; /* its first word (or empty) */
    int paren;                     /* '(' opened in this sentence and not closed */
    int quote;                     /* quotation marks opened in this sentence and not closed */
    size_t paren_pos;

    /* the terminator group ending at the current token */
    int grp, grp_closed;
    uint8_t grp_prev_tt; /* type of the token before the terminator */
    uint8_t grp_prev_cs; /* its case */
    size_t grp_prev_start, grp_prev_end;
    size_t grp_ntok; /* tokens of the sentence up to the terminator */
    sbd_tok gt;

    /* list markers: last one seen, and whether this sentence began with one */
    int mk_type, mk_style, sent_marker;
    long mk_val;
    size_t mk_pos;

    /* a list marker's number waiting for its period */
    int merge;
    size_t merge_start;

    /* bytes the document-wide look-ups may still read (keeps time linear) */
    size_t len, budget;
} seg;

static inline sbd_tok *tok_at(seg *g, size_t i) { return i < g->hi ? &g->ring[i & (RING - 1)] : NULL; }

/* Keep at least LOOK tokens ahead; lex in batches to fill the ring. */
static void fill(seg *g)
{
    if (g->eof || g->hi - g->lo >= LOOK)
        return;
    size_t want = RING - 1 - (g->hi - g->lo);
    size_t got = sbd_lex_batch(&g->L, g->ring, RING - 1, g->hi, want);
    g->hi += got;
    if (got < want)
        g->eof = 1;
}

static int words_of(const seg *g, const sbd_tok *t)
{
    return sbd_words_of(g->m, g->s + t->start, t->end - t->start);
}

static int is_starter(const seg *g, const sbd_tok *t) { return t->tt == TT_WORD && (words_of(g, t) & W_STARTER); }

static int is_lower_letter(int c) { return c >= 'a' && c <= 'z'; }

/* A letter, or a byte of a non-ASCII character (taken as a letter, so that
 * a word is never found inside another). */
static int is_letter(char c)
{
    return (unsigned)(((unsigned char)c | 0x20) - 'a') < 26u || (unsigned char)c >= 0x80;
}

/* The value of a Roman numeral of one to four letters, all lower or all
 * upper case ("iv" 4, "XII" 12; up to 15), 0 if it is not one.  Called for
 * the first word of every sentence: most are rejected by the first letter. */
static long roman_value(const char *s, size_t n)
{
    int up = s[0] >= 'A' && s[0] <= 'Z';
    long v = 0, last = 1000;
    if (n == 0 || n > 4)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char c = s[k];
        long d;
        if (up != (c >= 'A' && c <= 'Z'))
            return 0;
        switch (c | 0x20) {
        case 'i': d = 1; break;
        case 'v': d = 5; break;
        case 'x': d = 10; break;
        default: return 0;
        }
        if (d > last) {
            if (last != 1 || d > 10 || k != n - 1)
                return 0; /* only "iv", "ix", "xiv", "xix" subtract */
            v += d - 2;
        } else {
            v += d;
        }
        last = d;
    }
    /* canonical spellings only: "iiii", "vv", "vx" are not numerals */
    {
        static const char *const R[] = {"",     "i",  "ii", "iii", "iv",  "v",    "vi",  "vii",
                                        "viii", "ix", "x",  "xi",  "xii", "xiii", "xiv", "xv"};
        if (v < 1 || v > 15 || strlen(R[v]) != n)
            return 0;
        for (size_t k = 0; k < n; k++)
            if ((s[k] | 0x20) != R[v][k])
                return 0;
    }
    return v;
}

/* A list marker at token j: "1." "2.)" "3)" "a." "b)" "ii." "IV.".  Returns
 * 1 (number) or 2 (letter, or a Roman numeral of several letters: value 0),
 * or 0; fills value, style (1 ".", 2 ")", 3 ".)") and the number of tokens
 * it spans.  *roman gets the value of a Roman numeral ("i" 1, "ii" 2; 0 for
 * none): list_marker() decides which reading a list takes. */
static int marker_at(seg *g, size_t j, long *val, int *style, int *ntok, long *roman)
{
    sbd_tok *t = tok_at(g, j), *u, *w;
    int type;
    *roman = 0;
    if (!t)
        return 0;
    unsigned char c0 = (unsigned char)g->s[t->start];
    size_t len = t->end - t->start;
    if (t->tt == TT_NUM && (t->flags & F_DIGITS) && len <= 2) {
        type = 1;
        *val = 0;
        for (size_t k = t->start; k < t->end; k++) *val = *val * 10 + (g->s[k] - '0');
    } else if ((t->tt == TT_WORD && len == 1 && is_lower_letter(c0)) ||
               (t->tt == TT_ABBR && len == 2 && is_lower_letter(c0))) {
        type = 2;
        *val = c0;
        *roman = roman_value(g->s + t->start, 1);
    } else if ((t->tt == TT_WORD || t->tt == TT_ABBR) &&
               (*roman = roman_value(g->s + t->start, len - (t->tt == TT_ABBR))) > 0) {
        type = 2; /* "ii.", "IV.", "I." */
        *val = 0;
    } else {
        return 0;
    }
    if (t->tt == TT_ABBR) {
        if (g->s[t->end - 1] != '.')
            return 0;
        *style = 1;
        *ntok = 1;
    } else {
        u = tok_at(g, j + 1);
        if (!u || u->ws != WS_NONE)
            return 0;
        if (u->tt == TT_PERIOD) {
            w = tok_at(g, j + 2);
            if (w && w->ws == WS_NONE && w->tt == TT_CLOSE && (w->flags & F_PAREN)) {
                *style = 3;
                *ntok = 3;
            } else {
                *style = 1;
                *ntok = 2;
            }
        } else if (u->tt == TT_CLOSE && (u->flags & F_PAREN)) {
            *style = 2;
            *ntok = 2;
        } else {
            return 0;
        }
    }
    w = tok_at(g, j + (size_t)*ntok);
    if (!w || w->ws == WS_NONE || w->tt == TT_NUM)
        return 0;
    if (len - (t->tt == TT_ABBR) == 1 && c0 == 'I' && w->ws >= WS_NL)
        return 0; /* "... said\nI.\n": the pronoun ending a sentence */
    return type;
}

/* The marker at j read for a list of list_type (0: a list it would open):
 * a Roman numeral counts as one (type 3) in a Roman list, and always when
 * it is not a single letter ("ii", "IV"). */
static int list_marker(seg *g, size_t j, int list_type, long *val, int *style, int *ntok)
{
    long roman;
    int ty = marker_at(g, j, val, style, ntok, &roman);
    if (ty && roman && (list_type == 3 || *val == 0)) {
        *val = roman;
        return 3;
    }
    if (ty == 2 && *val == 0)
        return 0; /* "IV." in a lettered list */
    return ty;
}

/* The list item at k is run into a sentence: a comma, a semicolon, "and" or
 * "or" before it ("a) growth, b) jobs and c) stability"). */
static int run_in(seg *g, size_t k)
{
    sbd_tok *b = tok_at(g, k - 1);
    size_t n = b->end - b->start;
    const char *w = g->s + b->start;
    if (b->tt == TT_PUNCT)
        return w[0] == ',' || w[0] == ';';
    return b->tt == TT_WORD && ((n == 3 && !memcmp(w, "and", 3)) || (n == 2 && !memcmp(w, "or", 2)));
}

/* Does a list start at token j ("1.", "a)", "i.") whose next item follows
 * within the window? */
static int list_starts(seg *g, size_t j)
{
    long v, v2;
    int st, nt, st2, nt2, ty = list_marker(g, j, 0, &v, &st, &nt);
    if (ty == 2 && v == 'i')
        ty = 3, v = 1; /* "i." opens a Roman list */
    if (!ty || v != (ty == 2 ? 'a' : 1))
        return 0;
    for (size_t k = j + (size_t)nt; k < j + LOOK; k++) {
        sbd_tok *t = tok_at(g, k);
        if (!t || t->ws >= WS_PARA)
            return 0;
        if (t->ws != WS_NONE && list_marker(g, k, ty, &v2, &st2, &nt2) == ty && v2 == v + 1 && st2 == st) {
            sbd_tok *before = tok_at(g, k - 1);
            /* not figures after labels ("Goals: 1. Assists: 2."), nor items
             * run into the sentence ("Goals: a) growth, b) jobs") */
            return !(before->tt == TT_PUNCT && g->s[before->start] == ':') && !run_in(g, k);
        }
    }
    return 0;
}

/* "... ?” Smith asked." : capitalised name words, a speech verb, then the
 * end of the sentence (or, when comma_ok, of the clause: '“Why?” Smith
 * asked, smiling.').  After a period the comma is not enough: '... grow.'
 * Mr Osborne insisted, however, ...' starts a sentence.  j is the first name
 * word. */
static int speech_follows(seg *g, size_t j, int comma_ok)
{
    size_t k = j;
    for (int names = 0; names < 3; names++) {
        sbd_tok *t = tok_at(g, k);
        if (!t)
            return 0;
        if (t->tt == TT_WORD && t->cs == CS_LO)
            break;
        if (!((t->tt == TT_WORD || t->tt == TT_ABBR) && t->cs == CS_UP))
            return 0;
        k++;
    }
    sbd_tok *v = tok_at(g, k);
    if (!v || k == j || v->tt != TT_WORD || !(words_of(g, v) & W_SPEECH))
        return 0;
    sbd_tok *e = tok_at(g, k + 1);
    return !e || e->ws >= WS_NL || e->tt == TT_PERIOD || (comma_ok && (e->flags & F_COMMA));
}

/* ---- evidence about the word after an abbreviation ------------------------- */

/* Does the abbreviation and the word after it, bytes a..b of the text ("U.S.
 * Consulate"), occur again in the document?  A pair that repeats is a name
 * ("the U.S. Consulate in ...", "\"L.A. Law\" ended"): a sentence that ends
 * on "U.S." and one that opens on "Consulate" do not meet twice.  Reads at
 * most the document's remaining budget. */
static int pair_repeats(seg *g, size_t a, size_t b)
{
    size_t n = b - a;
    const char *s = g->s, *w = s + a;
    if (n > 64 || g->budget < g->len)
        return 0;
    g->budget -= g->len;
    for (const char *p = s, *e = s + g->len; (p = memchr(p, w[0], (size_t)(e - p))) != NULL; p++) {
        if ((size_t)(e - p) < n)
            break;
        if (p != w && memcmp(p, w, n) == 0 && (p == s || !is_letter(p[-1])) && (p + n == e || !is_letter(p[n])))
            return 1;
    }
    return 0;
}

/* The capitalised word N at j, after an abbreviation that does not end a
 * sentence by itself (an initialism, a street's "St.", an initial, a name's
 * "!"), opens the next sentence: a sentence starter ("The", "But"), or a word
 * news writes in lower case inside sentences (learned: [lowercase]) that a
 * lower-case word or a colon follows, as verbs and captions do ("the U.S.
 * Officials said", "in Washington, D.C. Pictured: ...") and names do not
 * ("the U.S. Military Academy", "J. Crew,", "\"L.A. Law\"", "U.S. Court of
 * Appeals", "Agency for International Development").  Never when the same
 * pair comes again in the document (a name). */
static int opens_sentence(seg *g, const sbd_tok *N, size_t j)
{
    sbd_tok *a, *b;
    if (is_starter(g, N))
        return 1;
    if (N->tt != TT_WORD || N->cs != CS_UP || !(words_of(g, N) & W_LOWER))
        return 0;
    a = tok_at(g, j + 1);
    if (!a || a->ws >= WS_NL ||
        !((a->tt == TT_WORD && a->cs == CS_LO) || (a->tt == TT_PUNCT && g->s[a->start] == ':')))
        return 0;
    b = tok_at(g, j + 2);
    if (a->tt == TT_WORD && b && b->ws < WS_NL && b->tt == TT_WORD && b->cs == CS_UP) {
        size_t n = a->end - a->start;
        const char *w = g->s + a->start;
        if ((n == 2 && !memcmp(w, "of", 2)) || (n == 3 && !memcmp(w, "for", 3)) || (n == 3 && !memcmp(w, "and", 3)))
            return 0; /* a name goes on */
    }
    return !pair_repeats(g, g->gt.start, N->end);
}

/* Is the word before the terminator a name written with a final '!'
 * ("Yahoo! Japan")?  Listed in [exclaim], or met in this document with the
 * '!' followed by a lower-case word or 's ("Yahoo! said", "Yahoo!'s"). */
static int exclaim_name(seg *g)
{
    size_t n = g->grp_prev_end - g->grp_prev_start;
    const char *s = g->s, *w = s + g->grp_prev_start;
    if (g->grp_prev_tt != TT_WORD || g->grp_prev_cs != CS_UP || n == 0 || n > SBD_KEY_MAX)
        return 0;
    if (sbd_words_of(g->m, w, n) & W_EXCLAIM)
        return 1;
    if (g->budget < g->len)
        return 0;
    g->budget -= g->len;
    for (const char *p = s, *e = s + g->len; (p = memchr(p, w[0], (size_t)(e - p))) != NULL; p++) {
        if ((size_t)(e - p) < n + 3)
            break;
        if (memcmp(p, w, n) == 0 && p[n] == '!' && (p == s || !is_letter(p[-1]))) {
            const char *q = p + n + 1;
            if ((q[0] == '\'' && q[1] == 's') || (q[0] == ' ' && q[1] >= 'a' && q[1] <= 'z'))
                return 1;
        }
    }
    return 0;
}

/* Sentence so far is a short fronted phrase: "At 5 a.m." */
static int fronted(const seg *g)
{
    if (g->first_end == g->first_start || g->grp_ntok > 5)
        return 0;
    return sbd_words_of(g->m, g->s + g->first_start, g->first_end - g->first_start) & W_FRONT;
}

/* A plain period (no abbreviation of the lists took it) before a number:
 * after a word of four letters or more, a number or a closing quote or
 * bracket it is a full stop, and the number opens the next sentence, as in
 * chronologies, rankings and results ("... Kehl and Freiburg. 1812 -
 * Russian army ...", "won the stage. 2. Johan ...", "in 1995. 1996 was").
 * CoNLL-2003 splits there every time (127 of 127 in eng.train).  A short
 * word may be an abbreviation the lists lack ("Tel. 555 0199", "Rm. 12"),
 * so it keeps the number in its sentence. */
static int full_stop_before_number(const seg *g)
{
    switch (g->grp_prev_tt) {
    case TT_WORD: return g->grp_prev_end - g->grp_prev_start >= 4;
    case TT_NUM:
    case TT_CLOSE: return 1;
    default: return 0;
    }
}

/* Does the terminator group ending at token i end the sentence? */
static int decide_term(seg *g, size_t i)
{
    const sbd_tok *gt = &g->gt;
    sbd_tok *nx = tok_at(g, i + 1);

    if (g->paren > 0 && gt->end - g->paren_pos < 300) {
        /* inside a parenthesis opened in this sentence, if it closes soon:
         * "(He worked as an engineer. He liked it.) at the University" */
        for (size_t k = i + 1; k < i + LOOK; k++) {
            sbd_tok *c = tok_at(g, k);
            if (!c || c->ws >= WS_NL || (c->tt == TT_OPEN && (c->flags & F_PAREN)))
                break;
            if (c->tt == TT_CLOSE && (c->flags & F_PAREN))
                return 0;
        }
    }

    if (g->quote > 0) {
        /* inside a quotation opened in this sentence that the sentence goes
         * on after: it closes on a comma ("“I won. It was hard,” she said.")
         * or on ? or ! before a lower-case word ("“Why? Who?” she asked.") */
        for (size_t k = i + 1; k < i + LOOK; k++) {
            sbd_tok *c = tok_at(g, k);
            if (!c || c->ws >= WS_NL || (c->tt == TT_OPEN && (c->flags & F_QUOTE)))
                break;
            if (c->tt == TT_CLOSE && (c->flags & F_QUOTE)) {
                sbd_tok *b = tok_at(g, k - 1), *a = tok_at(g, k + 1);
                if (b->tt == TT_PUNCT && (b->flags & F_COMMA))
                    return 0;
                if (b->tt == TT_QEX && a && a->tt == TT_WORD && a->cs == CS_LO)
                    return 0;
                break;
            }
        }
    }

    if (nx->ws == WS_NONE) {
        /* "world.Today" "1,000.That": a period glued on both sides */
        return gt->tt == TT_PERIOD && !g->grp_closed && (nx->tt == TT_WORD || nx->tt == TT_ABBR) &&
               (nx->flags & F_CAPLOW);
    }

    /* the first token after opening quotes and brackets */
    size_t j = i + 1;
    int qopen = 0, popen = 0;
    sbd_tok *N = nx;
    while (N && N->tt == TT_OPEN && j < i + 6) {
        if (N->flags & F_PAREN)
            popen = 1;
        else if (N->flags & F_QUOTE)
            qopen = 1;
        N = tok_at(g, ++j);
    }
    if (!N)
        return 1;
    int nc;
    switch (N->tt) {
    case TT_WORD:
    case TT_ABBR:
    case TT_CLITIC: nc = (N->cs == CS_LO) ? NC_LOWER : NC_CAP; break;
    case TT_URL:
    case TT_EMAIL: nc = NC_LOWER; break;
    case TT_NUM: nc = NC_NUM; break;
    case TT_ELLIPSIS: nc = NC_ELLIPSIS; break;
    case TT_CURRENCY:
    case TT_OPEN: /* many opening marks in a row */ nc = NC_CAP; break;
    case TT_SYM: nc = (g->s[N->start] == '#' || g->s[N->start] == '@') ? NC_CAP : NC_OTHER; break;
    default: nc = NC_OTHER; break;
    }

    /* '“We won.” Smith said.'  '“Why?” asked Smith' is lower case anyway */
    if (nc == NC_CAP && g->grp_closed && (gt->tt == TT_PERIOD || gt->tt == TT_QEX || gt->tt == TT_ELLIPSIS) &&
        speech_follows(g, j, gt->tt == TT_QEX))
        return 0;
    if (gt->tt == TT_ELLIPSIS) {
        /* "that.... She" and "period . . . . Next" end a sentence; "that... She"
         * and "bad ... Very bad" too; the spaced ". . ." before a capital
         * (". . . I didn't") marks an omission inside the sentence. */
        if (nc != NC_CAP)
            return 0;
        if (gt->ndots >= 4)
            return 1;
        return !(gt->flags & F_SPACED);
    }
    if (nc == NC_ELLIPSIS) {
        /* "compounds. . . . The practice": the ellipsis opens the next one */
        if (gt->tt != TT_PERIOD)
            return 0;
        sbd_tok *a = tok_at(g, j + 1);
        return a && a->ws != WS_NONE && (a->tt == TT_WORD || a->tt == TT_ABBR) &&
               (a->cs == CS_UP || a->cs == CS_OTHER);
    }
    if (nc == NC_LOWER || nc == NC_OTHER)
        return 0;
    if (nc == NC_NUM) /* "p. 55", "No. 5", "Jan. 5" stay together */
        return gt->tt == TT_QEX || (gt->tt == TT_PERIOD && full_stop_before_number(g));

    /* the next word is capitalised */
    if (gt->tt == TT_QEX && gt->end - gt->start == 1 && g->s[gt->start] == '!' && !g->grp_closed &&
        !is_starter(g, N) && exclaim_name(g))
        return opens_sentence(g, N, j); /* "Yahoo! Japan" vs "at Yahoo! It ..." */
    if (gt->tt != TT_ABBR)
        return 1;
    switch (gt->abbr) {
    case AB_PRE:
        if (is_starter(g, N))
            return 1;
        /* after a name, "St." is a street: "on Elm St. Residents say ..." */
        return g->grp_prev_tt == TT_WORD && g->grp_prev_cs == CS_UP &&
               (sbd_words_of(g->m, g->s + gt->start, gt->end - gt->start - 1) & W_STREET) && opens_sentence(g, N, j);
    case AB_NUM: return 1;
    default: break;
    }
    if (qopen)
        return 1; /* "... the U.S. “We ..." */
    if (popen)
        return 0; /* "SPRINGFIELD, Ill. (AP) —" */
    switch (gt->abbr) {
    case AB_GEN:
        /* "Apple Inc. CEO Tim Cook": a job title goes on with the name */
        return !(N->tt == TT_WORD && (words_of(g, N) & W_TITLE));
    case AB_TIME:
        if (fronted(g))
            return 0; /* "At 5 a.m. Mr. Smith went ..." */
        return !(N->tt == TT_WORD && (words_of(g, N) & W_TIMEFOLLOW));
    case AB_INITIAL:
        if (g->grp_ntok == 1)
            return 0; /* "Q. What happened? A. We don't know." */
        if (g->grp_prev_tt == TT_NUM)
            return 1; /* a unit: "Temperatures hit 102 F. Residents ..." */
        if (g->grp_prev_tt == TT_WORD && g->grp_prev_cs == CS_LO)
            return opens_sentence(g, N, j); /* "lack vitamin D. Researchers say" */
        return is_starter(g, N);            /* "Richard E. Grant", "Campbell, S. Best" */
    default: /* initialisms: "U.S. Government", "the U.S. Officials said", "the U.S. Canada" */
        if (g->grp_prev_tt == TT_OPEN)
            return is_starter(g, N); /* a title: "\"L.A. Law\"" */
        if (opens_sentence(g, N, j))
            return 1;
        return gt->end - gt->start >= 4 && N->tt == TT_WORD && (words_of(g, N) & W_COUNTRY);
    }
}

/* A line break that only wraps running text even with hard newlines: white
 * space before it and a lower-case word (or an opening parenthesis) after
 * it ("It was a cold \nnight in the city."), as text cleaners join it.  A
 * headline does not end in a space, nor does a line start in lower case. */
static int wrapped_line(const seg *g, const sbd_tok *nx)
{
    size_t k = nx->start;
    while (k > 0 && g->s[k - 1] != '\n') k--;
    if (k < 2 || (g->s[k - 2] != ' ' && g->s[k - 2] != '\t'))
        return 0;
    if (nx->tt == TT_OPEN && (nx->flags & F_PAREN))
        return 1;
    return (nx->tt == TT_WORD || nx->tt == TT_CLITIC) && nx->cs == CS_LO;
}

/* The line before nx (at most 200 bytes back) has capitals and no lower
 * case: a heading, even where wrapped lines join. */
static int caps_line(const seg *g, const sbd_tok *nx)
{
    size_t k = nx->start, up = 0;
    while (k > 0 && g->s[k - 1] != '\n') k--;
    if (k == 0)
        return 0;
    k--;
    for (size_t n = 0; k > 0 && g->s[k - 1] != '\n' && n < 200; k--, n++) {
        char c = g->s[k - 1];
        if (c >= 'a' && c <= 'z')
            return 0;
        up += c >= 'A' && c <= 'Z';
    }
    return up >= 2;
}

/* Is there a boundary between token i and token i+1? */
static int decide(seg *g, size_t i)
{
    sbd_tok *nx = tok_at(g, i + 1);
    long v, roman;
    int st, nt;
    if (!nx)
        return 0; /* the end of the text closes the sentence anyway */
    if (nx->ws == WS_PARA)
        return 1;
    if (nx->ws == WS_NL && !g->soft && !wrapped_line(g, nx))
        return 1;
    if (nx->ws == WS_NL) {
        if (nx->tt == TT_BULLET || marker_at(g, i + 1, &v, &st, &nt, &roman))
            return 1;
        if (g->soft && nx->cs == CS_UP && caps_line(g, nx))
            return 1; /* a heading: "QUARTERLY RESULTS\nThe company ..." */
    }
    if (nx->tt == TT_BULLET && nx->ws != WS_NONE)
        return 1;
    if (g->grp) {
        if (nx->tt == TT_CLOSE && (nx->ws == WS_NONE || (nx->flags & F_CURLY)))
            return 0; /* the group goes on */
        if (decide_term(g, i))
            return 1;
    }
    if (g->sent_marker && nx->ws != WS_NONE && nx->start - g->mk_pos < 1000) {
        /* the next item of the list this sentence opened, in upper or lower
         * case: "1. apples 2. pears", "i. costs ii. risks" */
        int ty = list_marker(g, i + 1, g->mk_type, &v, &st, &nt);
        if (ty == g->mk_type && v == g->mk_val + 1 && st == g->mk_style) {
            sbd_tok *w = tok_at(g, i + 1 + (size_t)nt);
            if (w && (w->cs == CS_UP || w->cs == CS_OTHER || w->tt == TT_OPEN || !run_in(g, i + 1)))
                return 1;
        }
    }
    /* a list that opens after a colon: "three steps: 1. Cut costs 2. ..." */
    sbd_tok *t = tok_at(g, i);
    if (t->tt == TT_PUNCT && g->s[t->start] == ':' && nx->ws != WS_NONE && list_starts(g, i + 1))
        return 1;
    return 0;
}

static int m_style_ok(const seg *g, int st) { return g->mk_style == st; }

static void start_sentence(seg *g, size_t j)
{
    sbd_tok *t = tok_at(g, j);
    g->in_sent = 1;
    g->sent_start = t->start;
    g->sent_idx = j;
    g->first_start = g->first_end = 0;
    for (size_t k = j; k < j + 3; k++) {
        sbd_tok *w = tok_at(g, k);
        if (w && (w->tt == TT_WORD || w->tt == TT_ABBR || w->tt == TT_NUM)) {
            g->first_start = w->start;
            g->first_end = w->end;
            break;
        }
    }
    g->paren = 0;
    g->quote = 0;
    g->grp = 0;

    /* a list marker opening the sentence (after an optional bullet) */
    size_t k = j;
    if (t->tt == TT_BULLET)
        k++;
    long v;
    int st, nt;
    int ty = list_marker(g, k, g->mk_type, &v, &st, &nt); /* "v." after "iv." is 5 */
    if (ty == 2 && v == 'i' && !(g->mk_type == 2 && g->mk_val == 'h' && m_style_ok(g, st)))
        ty = 3, v = 1; /* "i." opens a Roman list, unless it follows "h." */
    g->sent_marker = ty != 0;
    if (ty) {
        sbd_tok *m = tok_at(g, k);
        g->mk_type = ty;
        g->mk_val = v;
        g->mk_style = st;
        g->mk_pos = m->start;
        if (m->tt == TT_ABBR) {
            m->flags |= F_NONTERM;
            m->kind = SBD_TOK_MARKER;
        } else if (st != 2) {
            sbd_tok *p = tok_at(g, k + 1);
            p->flags |= F_NONTERM;
            m->flags |= F_MERGE;
        }
    }
}

static int is_terminator(const sbd_tok *t, const sbd_tok *prev)
{
    if (t->flags & F_NONTERM)
        return 0;
    switch (t->tt) {
    case TT_PERIOD:
    case TT_QEX:
    case TT_ABBR: return 1;
    case TT_ELLIPSIS:
        /* "[...]" "(...)" : an omission mark, not an end */
        return !(prev && prev->tt == TT_OPEN && (prev->flags & (F_PAREN | F_SQUARE)) && t->ws == WS_NONE);
    default: return 0;
    }
}

/* Bookkeeping for brackets, quotes, terminators and bullets. */
static void track(seg *g, const sbd_tok *t, size_t i)
{
    /* the previous token is still in the ring: the lexer writes only at hi */
    const sbd_tok *prev = i > 0 ? &g->ring[(i - 1) & (RING - 1)] : NULL;
    if (t->flags & F_PAREN) {
        if (t->tt == TT_OPEN) {
            if (g->paren++ == 0)
                g->paren_pos = t->start;
        } else if (g->paren > 0) {
            g->paren--;
        }
    }
    if (t->flags & F_QUOTE) {
        if (t->tt == TT_OPEN)
            g->quote++;
        else if (g->quote > 0)
            g->quote--;
    }
    if (is_terminator(t, prev)) {
        g->grp = 1;
        g->grp_closed = 0;
        g->gt = *t;
        g->grp_prev_tt = prev ? prev->tt : 0;
        g->grp_prev_cs = prev ? prev->cs : 0;
        g->grp_prev_start = prev ? prev->start : 0;
        g->grp_prev_end = prev ? prev->end : 0;
        g->grp_ntok = i - g->sent_idx + 1;
    } else if (g->grp && t->tt == TT_CLOSE) {
        g->grp_closed = 1;
    } else {
        g->grp = 0;
    }
}

/* Does the sentence end after the closing quotes and brackets glued to the
 * abbreviation at i ('... Schroder Wertheim & Co." It should ...')?  Decides
 * early, without side effects, what the loop will decide at the group's end
 * (a few tokens on), so that the abbreviation can be emitted without its
 * period. */
static int abbr_ends_after_closers(seg *g, size_t i)
{
    size_t k = i + 1;
    int paren = g->paren;
    sbd_tok *c;
    while (k < i + 5 && (c = tok_at(g, k)) && c->tt == TT_CLOSE && (c->ws == WS_NONE || (c->flags & F_CURLY))) {
        if ((c->flags & F_PAREN) && paren > 0)
            paren--;
        k++;
    }
    if (k == i + 1 || k == i + 5)
        return 0;
    if (!tok_at(g, k))
        return 1; /* the end of the text */
    int saved_paren = g->paren, saved_closed = g->grp_closed, r;
    g->paren = paren;
    g->grp_closed = 1;
    r = decide(g, k - 1);
    g->paren = saved_paren;
    g->grp_closed = saved_closed;
    return r;
}

/* The slow way out for tokens: list markers merged with their period, and
 * an abbreviation that ends the sentence, whose period is split off as Penn
 * Treebank and CoNLL-2003 do ("... Lear Corp ." with "Lear Corp" an entity). */
static int emit_token(seg *g, const sbd_tok *t, int ends_sentence)
{
    int (*cb)(void *, size_t, size_t, int) = g->sink ? g->sink->on_token : NULL;
    if (t->tt == TT_ABBR && ends_sentence && t->kind == SBD_TOK_ABBREV && !g->merge) {
        int rc = cb ? cb(g->sink->ctx, t->start, t->end - 1, SBD_TOK_WORD) : 0;
        if (rc == 0 && cb)
            rc = cb(g->sink->ctx, t->end - 1, t->end, SBD_TOK_PUNCT);
        return rc;
    }
    if (t->flags & F_MERGE) {
        g->merge = 1;
        g->merge_start = t->start;
        return 0;
    }
    size_t start = t->start;
    int kind = t->kind;
    if (g->merge) {
        start = g->merge_start;
        kind = SBD_TOK_MARKER;
        g->merge = 0;
    }
    if (g->sink && g->sink->on_token)
        return g->sink->on_token(g->sink->ctx, start, t->end, kind);
    return 0;
}

int sbd_segment(const sbd_model *m, const sbd_opts *o, const char *text, size_t len, const sbd_sink *sink)
{
    if (!text && len)
        return -1;
    seg g;
    memset(&g, 0, sizeof g);
    g.m = m;
    g.soft = o ? o->soft_newlines : 0;
    g.s = text;
    g.sink = sink;
    g.len = len;
    g.budget = 2 * len + 4096;
    sbd_lex_init(&g.L, m, text ? text : "", len);
    fill(&g);
    int (*on_token)(void *, size_t, size_t, int) = sink ? sink->on_token : NULL;
    void *ctx = sink ? sink->ctx : NULL;
    while (g.lo < g.hi) {
        size_t i = g.lo;
        sbd_tok *t = &g.ring[i & (RING - 1)];
        int rc;
        if (!g.in_sent)
            start_sentence(&g, i);
        if (t->tt < TT_FIRST_SPECIAL)
            g.grp = 0;
        else
            track(&g, t, i);
        sbd_tok *nx = tok_at(&g, i + 1);
        int brk = nx &&
                  (g.grp || nx->ws >= WS_NL || nx->tt == TT_BULLET ||
                   (g.sent_marker && nx->start - g.mk_pos < 1000) || (t->tt == TT_PUNCT && text[t->start] == ':')) &&
                  decide(&g, i);
        int abbr_end = t->tt == TT_ABBR && (brk || !nx || abbr_ends_after_closers(&g, i));
        if (!(t->flags & F_MERGE) && !g.merge && !abbr_end) {
            if (on_token && (rc = on_token(ctx, t->start, t->end, t->kind)) != 0)
                return rc;
        } else if ((rc = emit_token(&g, t, abbr_end)) != 0) {
            return rc;
        }
        if (brk) {
            g.in_sent = 0;
            if (sink && sink->on_sentence && (rc = sink->on_sentence(ctx, g.sent_start, t->end)) != 0)
                return rc;
        }
        g.lo++;
        if (g.hi - g.lo < LOOK && !g.eof)
            fill(&g);
    }
    if (g.in_sent && sink && sink->on_sentence)
        return sink->on_sentence(ctx, g.sent_start, g.ring[(g.hi - 1) & (RING - 1)].end);
    return 0;
}

/* ---- Growable arrays ---------------------------------------------------- */

static int push(sbd_spans *a, size_t start, size_t end, int kind)
{
    if (a->n == a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 256;
        sbd_span *nv = realloc(a->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        a->v = nv;
        a->cap = nc;
    }
    a->v[a->n].start = start;
    a->v[a->n].end = end;
    a->v[a->n].kind = kind;
    a->n++;
    return 0;
}

typedef struct spans_ctx {
    sbd_spans *tokens, *sentences;
} spans_ctx;

static int spans_tok(void *ctx, size_t start, size_t end, int kind)
{
    return push(((spans_ctx *)ctx)->tokens, start, end, kind);
}

static int spans_sent(void *ctx, size_t start, size_t end)
{
    return push(((spans_ctx *)ctx)->sentences, start, end, 0);
}

int sbd_segment_spans(const sbd_model *m, const sbd_opts *o, const char *text, size_t len, sbd_spans *tokens,
                      sbd_spans *sentences)
{
    spans_ctx c = {tokens, sentences};
    sbd_sink sink = {&c, tokens ? spans_tok : NULL, sentences ? spans_sent : NULL};
    if (tokens)
        tokens->n = 0;
    if (sentences)
        sentences->n = 0;
    return sbd_segment(m, o, text, len, &sink) ? -1 : 0;
}

void sbd_spans_free(sbd_spans *s)
{
    if (!s)
        return;
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

const char *sbd_tok_kind_name(int kind)
{
    static const char *const names[] = {"?",     "word",   "number",   "abbrev", "clitic", "punct",
                                        "quote", "symbol", "currency", "url",    "email",  "marker"};
    if (kind < 1 || kind > SBD_TOK_MARKER)
        return "?";
    return names[kind];
}
