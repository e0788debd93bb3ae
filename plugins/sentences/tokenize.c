/*
 * tokenize.c - one pass over the bytes, one token at a time.
 *
 * Conventions (CoNLL-2003 / Penn Treebank style, without rewriting):
 *   - words keep inner hyphens, apostrophes and ampersands: fibre-optic,
 *     O'Brien, AT&T; numbers keep separators: 65.4 1,000 12:30 1996-08-22 3/4
 *   - clitics split off: Russia|’s  did|n't  ca|n't  I|'m  we|'ll
 *   - a period stays on abbreviations (Mr. U.S. a.m. Inc.), initials (E.)
 *     and nothing else; "No." / "p." keep it only before a number
 *   - punctuation, quotes, brackets and currency signs are tokens of their
 *     own ($ 65.4); "US$", "C$" and "HK$" stay whole as in CoNLL
 *   - URLs and e-mail addresses are single tokens, trailing punctuation off
 *   - "..." "…" and the spaced ". . ." are one token each
 *
 * Every decision looks at a bounded number of bytes around the current
 * position, except the scans that consume what they look at (a word, a URL,
 * a run of dots), so the whole pass is linear.
 */
#include <stdint.h>
#include <string.h>

#include "chars.h"
#include "sbd_internal.h"

/* Rare paths out of line keep the hot loop's register use small. */
#if defined(__GNUC__)
#define SBD_NOINLINE __attribute__((noinline))
#define SBD_INLINE inline __attribute__((always_inline))
#else
#define SBD_NOINLINE
#define SBD_INLINE inline
#endif

void sbd_lex_init(sbd_lexer *L, const sbd_model *m, const char *text, size_t len)
{
    memset(L, 0, sizeof *L);
    L->s = (const unsigned char *)text;
    L->n = len;
    L->m = m;
    L->prev_end = SIZE_MAX;
}

/* Code point class at p (ASCII mapped onto the same classes). */
static cpc class_at(const unsigned char *s, size_t n, size_t p, int *len)
{
    unsigned c = s[p];
    if (c < 0x80) {
        *len = 1;
        uint32_t b = BC(c);
        if (b & B_UPPER)
            return CP_LETTER_UP;
        if (b & B_LOWER)
            return CP_LETTER_LO;
        if (b & B_DIGIT)
            return CP_DIGIT;
        if (b & B_SPACE)
            return CP_SPACE;
        if (b & B_NL)
            return CP_NL;
        return CP_SYMBOL;
    }
    uint32_t cp = u8_decode(s, n, p, len);
    return sbd_cp_class(cp);
}

static int wordish_at(const unsigned char *s, size_t n, size_t p)
{
    if (p >= n)
        return 0;
    if (BC(s[p]) & B_ALNUM)
        return 1;
    if (s[p] < 0x80)
        return 0;
    int l;
    return cpc_is_wordish(class_at(s, n, p, &l));
}

static int letter_at(const unsigned char *s, size_t n, size_t p)
{
    if (p >= n)
        return 0;
    if (BC(s[p]) & B_ALPHA)
        return 1;
    if (s[p] < 0x80)
        return 0;
    int l;
    cpc k = class_at(s, n, p, &l);
    return k == CP_LETTER_UP || k == CP_LETTER_LO || k == CP_LETTER_OTHER;
}

static inline int digit_at(const unsigned char *s, size_t n, size_t p) { return p < n && (BC(s[p]) & B_DIGIT); }

static inline unsigned lower_ascii(unsigned c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* "Ab": an upper-case ASCII letter followed by a lower-case one. */
static inline int caplow_at(const unsigned char *s, size_t n, size_t p)
{
    return p + 1 < n && (BC(s[p]) & B_UPPER) && (BC(s[p + 1]) & B_LOWER);
}

/* An apostrophe (' or ’) at p, of byte length al? */
static int apos_at(const unsigned char *s, size_t n, size_t p, int *al)
{
    if (p < n && s[p] == '\'') {
        *al = 1;
        return 1;
    }
    if (p + 2 < n && s[p] == 0xE2 && s[p + 1] == 0x80 && s[p + 2] == 0x99) {
        *al = 3;
        return 1;
    }
    return 0;
}

/* Length of the clitic 's 'm 'd 're 've 'll starting with the apostrophe at
 * p (of length al), or 0. */
static size_t clitic_len(const unsigned char *s, size_t n, size_t p, int al)
{
    size_t a = p + (size_t)al;
    if (a >= n)
        return 0;
    unsigned c1 = lower_ascii(s[a]);
    if ((c1 == 's' || c1 == 'm' || c1 == 'd') && !letter_at(s, n, a + 1))
        return (size_t)al + 1;
    if (a + 1 < n) {
        unsigned c2 = lower_ascii(s[a + 1]);
        if (((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) &&
            !letter_at(s, n, a + 2))
            return (size_t)al + 2;
    }
    return 0;
}

/* "n't" at p ('n' or 'N')?  Returns its byte length or 0. */
static size_t nt_len(const unsigned char *s, size_t n, size_t p)
{
    int al;
    if (p >= n || lower_ascii(s[p]) != 'n' || !apos_at(s, n, p + 1, &al))
        return 0;
    size_t t = p + 1 + (size_t)al;
    if (t < n && lower_ascii(s[t]) == 't' && !letter_at(s, n, t + 1))
        return t + 1 - p;
    return 0;
}

/* Looks like an e-mail address continues from q: [A-Za-z0-9._%+-]* '@' alnum,
 * within 64 bytes. */
static int email_ahead(const unsigned char *s, size_t n, size_t q)
{
    size_t lim = q + 64 < n ? q + 64 : n;
    for (size_t i = q; i < lim; i++) {
        unsigned c = s[i];
        if (c == '@')
            return i + 1 < n && (BC(s[i + 1]) & B_ALNUM);
        if (!((BC(c) & B_ALNUM) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'))
            return 0;
    }
    return 0;
}

/* End of the domain of an e-mail address whose '@' is at at, or 0 when
 * there is no valid domain (labels of [A-Za-z0-9-], at least two). */
static size_t email_domain_end(const unsigned char *s, size_t n, size_t at)
{
    size_t p = at + 1, last_good = 0;
    int labels = 0;
    for (;;) {
        size_t b = p;
        while (p < n && ((BC(s[p]) & B_ALNUM) || s[p] == '-')) p++;
        if (p == b)
            break;
        labels++;
        if (labels >= 2)
            last_good = p;
        if (p + 1 < n && s[p] == '.' && (BC(s[p + 1]) & B_ALNUM))
            p++;
        else
            break;
    }
    return labels >= 2 ? last_good : 0;
}

static int ascii_alpha_run(const unsigned char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!(BC(s[i]) & B_ALPHA))
            return 0;
    return 1;
}

/* Scan a URL from p0 to its end, trailing punctuation excluded. */
static size_t scan_url(const unsigned char *s, size_t n, size_t p0)
{
    size_t p = p0;
    int depth = 0;
    while (p < n) {
        unsigned c = s[p];
        if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}' ||
            c == '|' || c == '\\' || c == '^' || c == '[' || c == ']')
            break;
        if (c == '(')
            depth++;
        else if (c == ')') {
            if (depth == 0)
                break;
            depth--;
        }
        p++;
    }
    while (p > p0 + 1) {
        unsigned c = s[p - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' || c == '*')
            p--;
        else
            break;
    }
    return p;
}

/* Is the word s[a..b) made of letter segments of at most two letters
 * separated by periods (U.S, Ph.D, a.m, e.g)? */
static int initialism_shape(const unsigned char *s, size_t a, size_t b)
{
    int seg = 0, segs = 0;
    for (size_t i = a; i < b; i++) {
        unsigned c = s[i];
        if (c == '.') {
            if (seg == 0)
                return 0;
            segs++;
            seg = 0;
        } else if (BC(c) & B_ALPHA) {
            if (++seg > 2)
                return 0;
        } else {
            return 0;
        }
    }
    return seg > 0 && segs >= 1;
}

/* Is the '.' at p a lone period, not the start of a run of dots? */
static int single_dot(const unsigned char *s, size_t n, size_t p)
{
    size_t q = p + 1;
    if (q >= n)
        return 1;
    if (s[q] == '.')
        return 0;
    if (q + 2 < n && s[q] == 0xE2 && s[q + 1] == 0x80 && s[q + 2] == 0xA6)
        return 0;
    if (s[q] == ' ' && q + 1 < n && s[q + 1] == '.')
        return 0;
    return 1;
}

/* A number follows after at most three spaces (for "No. 5", "p. 55")? */
static int number_follows(const unsigned char *s, size_t n, size_t q)
{
    for (int k = 0; k < 4 && q < n; k++) {
        if (BC(s[q]) & B_DIGIT)
            return 1;
        if (s[q] == '#')
            return q + 1 < n && (BC(s[q + 1]) & B_DIGIT);
        if (s[q] == ' ' || s[q] == '\t')
            q++;
        else if (q + 1 < n && s[q] == 0xC2 && s[q + 1] == 0xA0)
            q += 2;
        else
            return 0;
    }
    return 0;
}

/* Decide whether the word s[p0..p), followed by a lone '.' at p, takes the
 * period.  Returns the abbreviation class or AB_NONE. */
static int abbrev_class(const sbd_lexer *L, size_t p0, size_t p, int has_dot)
{
    const unsigned char *s = L->s;
    int ab = sbd_abbr_of(L->m, (const char *)s + p0, p - p0);
    if (ab == AB_NUM)
        return number_follows(s, L->n, p + 1) ? AB_NUM : AB_NONE;
    if (ab != AB_NONE)
        return ab;
    /* then-Sen. ex-Gov. : the part after the last hyphen */
    for (size_t h = p; h > p0 + 1; h--) {
        if (s[h - 1] == '-') {
            ab = sbd_abbr_of(L->m, (const char *)s + h, p - h);
            if (ab == AB_PRE || ab == AB_GEN)
                return ab;
            break;
        }
    }
    if (p - p0 == 1 && (BC(s[p0]) & B_ALPHA))
        return AB_INITIAL;
    if (s[p0] >= 0x80) {
        int l;
        cpc k = class_at(s, L->n, p0, &l);
        if ((size_t)l == p - p0 && k == CP_LETTER_UP)
            return AB_INITIAL;
    }
    if (has_dot && initialism_shape(s, p0, p))
        return (BC(s[p0]) & B_UPPER) ? AB_INITIALISM : AB_GEN;
    return AB_NONE;
}

/* Scan a word-like token starting at p0 (a letter or digit). */
/* The first of the '+' signs that end at p (p0 <= result <= p). */
static size_t plus_start(const unsigned char *s, size_t p0, size_t p)
{
    while (p > p0 && s[p - 1] == '+') p--;
    return p;
}

static void scan_word(sbd_lexer *L, sbd_tok *t, size_t p0)
{
    const unsigned char *s = L->s;
    size_t n = L->n, p = p0;
    int has_dot = 0;

    t->tt = (BC(s[p0]) & B_DIGIT) ? TT_NUM : TT_WORD;
    t->kind = t->tt == TT_NUM ? SBD_TOK_NUMBER : SBD_TOK_WORD;

    /* www.example.com */
    if ((s[p0] | 0x20) == 'w' && p0 + 4 < n && lower_ascii(s[p0 + 1]) == 'w' && lower_ascii(s[p0 + 2]) == 'w' &&
        s[p0 + 3] == '.' && (BC(s[p0 + 4]) & B_ALNUM)) {
        t->tt = TT_URL;
        t->kind = SBD_TOK_URL;
        t->end = scan_url(s, n, p0);
        return;
    }

    for (;;) {
        while (p < n && (BC(s[p]) & B_ALNUM)) p++;
        if (p >= n || (BC(s[p]) & (B_SPACE | B_NL)))
            break;
        unsigned c = s[p];
        if (c >= 0x80) {
            int l;
            cpc k = class_at(s, n, p, &l);
            if (cpc_is_wordish(k)) {
                p += (size_t)l;
                continue;
            }
            if (k == CP_HYPHEN && wordish_at(s, n, p + (size_t)l)) {
                p += (size_t)l;
                continue;
            }
            if (k == CP_APOS)
                goto apostrophe;
            break;
        }
        switch (c) {
        case '-':
        case '_':
            if (wordish_at(s, n, p + 1)) {
                p++;
                continue;
            }
            goto done;
        case '\'': goto apostrophe;
        case '+':
            /* A '+' glued to the end of a word belongs to it, as in the Penn
             * Treebank and CoNLL-2003 (which never split '+'): ratings and
             * names ("AA+", "BBB+", "C++", "Disney+"); and so does a
             * dialling code glued after it ("Tel+44", "Fax+1"), which is no
             * sum.  Between numbers it stays an operator ("3 + 4"). */
            if (t->tt != TT_WORD)
                goto done;
            if (digit_at(s, n, p + 1)) {
                p++;
                continue;
            }
            while (p < n && s[p] == '+' && p - p0 < 64) p++;
            if (p < n && (BC(s[p]) & B_ALNUM))
                p = plus_start(s, p0, p); /* "A+B": the '+' stays a token */
            goto done;
        case ',':
            /* 1,000 (exactly three digits follow) */
            if ((BC(s[p - 1]) & B_DIGIT) && digit_at(s, n, p + 1) && digit_at(s, n, p + 2) &&
                digit_at(s, n, p + 3) && !digit_at(s, n, p + 4)) {
                p += 4;
                continue;
            }
            goto done;
        case ':':
            if ((BC(s[p - 1]) & B_DIGIT) && digit_at(s, n, p + 1)) {
                p++;
                continue;
            }
            if (p + 2 < n && s[p + 1] == '/' && s[p + 2] == '/' && t->tt == TT_WORD && p - p0 <= 10 &&
                ascii_alpha_run(s, p0, p)) {
                t->tt = TT_URL;
                t->kind = SBD_TOK_URL;
                t->end = scan_url(s, n, p0);
                return;
            }
            goto done;
        case '/':
            if ((BC(s[p - 1]) & B_DIGIT) && digit_at(s, n, p + 1)) {
                p++;
                continue;
            }
            if (has_dot && !initialism_shape(s, p0, p) && p + 1 < n && (BC(s[p + 1]) & B_ALNUM)) {
                t->tt = TT_URL; /* example.com/path */
                t->kind = SBD_TOK_URL;
                t->end = scan_url(s, n, p0);
                return;
            }
            goto done;
        case '&':
            /* AT&T S&P R&D: short all-caps words */
            if (p - p0 <= 4 && p + 1 < n && (BC(s[p + 1]) & B_UPPER)) {
                int caps = 1;
                for (size_t i = p0; i < p; i++)
                    if (!(BC(s[i]) & B_UPPER))
                        caps = 0;
                if (caps) {
                    p++;
                    continue;
                }
            }
            goto done;
        case '@': {
            size_t e = email_domain_end(s, n, p);
            if (e) {
                t->tt = TT_EMAIL;
                t->kind = SBD_TOK_EMAIL;
                t->end = e;
                return;
            }
            goto done;
        }
        case '$':
            /* US$ C$ HK$ A$ before a number */
            if (p - p0 <= 3 && digit_at(s, n, p + 1)) {
                int caps = 1;
                for (size_t i = p0; i < p; i++)
                    if (!(BC(s[i]) & B_UPPER))
                        caps = 0;
                if (caps) {
                    t->tt = TT_CURRENCY;
                    t->kind = SBD_TOK_CURRENCY;
                    t->end = p + 1;
                    return;
                }
            }
            goto done;
        case '.': {
            size_t q = p + 1;
            if (q < n && (BC(s[q]) & B_DIGIT)) {
                /* 65.4  1026.253.553  v2.0.1; but "No.5" */
                if ((BC(s[p - 1]) & B_DIGIT) || sbd_abbr_of(L->m, (const char *)s + p0, p - p0) == AB_NONE) {
                    has_dot |= !(BC(s[p - 1]) & B_DIGIT);
                    p = q;
                    continue;
                }
                goto done;
            }
            if (letter_at(s, n, q)) {
                if (caplow_at(s, n, q) && !email_ahead(s, n, q)) {
                    int ab = sbd_abbr_of(L->m, (const char *)s + p0, p - p0);
                    if (ab != AB_NONE && ab != AB_NUM) {
                        /* Mr.Smith St.Louis: the abbreviation takes the period */
                        t->tt = TT_ABBR;
                        t->kind = SBD_TOK_ABBREV;
                        t->abbr = (uint8_t)ab;
                        t->end = q;
                        return;
                    }
                    if (BC(s[p - 1]) & (B_LOWER | B_DIGIT))
                        goto done; /* world.Today: the period is a token of its own */
                }
                has_dot = 1; /* U.S.A  e.g  example.com  Jane.Doe@ */
                p = q;
                continue;
            }
            if (q + 1 < n && s[q] == '-' && (BC(s[q + 1]) & B_ALNUM) && p - p0 <= 12 &&
                ((has_dot && initialism_shape(s, p0, p)) ||
                 sbd_abbr_of(L->m, (const char *)s + p0, p - p0) != AB_NONE)) {
                p = q + 1; /* U.S.-led  Calif.-based */
                continue;
            }
            if (single_dot(s, n, p)) {
                int ab = abbrev_class(L, p0, p, has_dot);
                if (ab != AB_NONE) {
                    t->tt = TT_ABBR;
                    t->kind = SBD_TOK_ABBREV;
                    t->abbr = (uint8_t)ab;
                    t->end = p + 1;
                    return;
                }
            }
            goto done;
        }
        default: goto done;
        }

    apostrophe : {
        int al;
        apos_at(s, n, p, &al);
        if (!letter_at(s, n, p + (size_t)al))
            goto done; /* players' : the apostrophe is a token */
        if (clitic_len(s, n, p, al))
            goto done; /* Russia|’s */
        if (p - 1 > p0 && nt_len(s, n, p - 1)) {
            p--; /* did|n't */
            goto done;
        }
        p += (size_t)al; /* O'Brien rock'n'roll */
        continue;
    }
    }
done:
    t->end = p;
}

/* White space that is not ASCII (NBSP, U+2028, U+3000...) at p: its length
 * (0 if none) and the WS_* it stands for. */
static SBD_NOINLINE int uspace_at(const unsigned char *s, size_t n, size_t p, int *kind)
{
    int l;
    cpc k = sbd_cp_class(u8_decode(s, n, p, &l));
    if (k == CP_SPACE)
        *kind = WS_SPACE;
    else if (k == CP_NL)
        *kind = WS_NL;
    else if (k == CP_PARA)
        *kind = WS_PARA;
    else
        return 0;
    return l;
}

static int lex_rest(sbd_lexer *L, sbd_tok *t, size_t p, int ws);

static SBD_INLINE int lex_one(sbd_lexer *L, sbd_tok *t)
{
    const unsigned char *s = L->s;
    size_t n = L->n, p = L->p;
    int ws = WS_NONE;

    /* white space */
    for (;;) {
        if (p >= n) {
            L->p = p;
            return 0;
        }
        unsigned c = s[p];
        uint32_t b = BC(c);
        if (b & B_SPACE) {
            if (ws == WS_NONE)
                ws = WS_SPACE;
            p++;
            continue;
        }
        if (b & B_NL) {
            if (c == '\r' && p + 1 < n && s[p + 1] == '\n')
                p++;
            p++;
            ws = ws >= WS_NL ? WS_PARA : WS_NL;
            continue;
        }
        /* Every white space character beyond ASCII starts with one of
         * these bytes (U+0085 U+00A0, U+1680, U+2000-U+205F, U+3000). */
        if (c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3) {
            int kind, l = uspace_at(s, n, p, &kind);
            if (l == 0)
                break;
            if (kind == WS_SPACE)
                ws = ws == WS_NONE ? WS_SPACE : ws;
            else if (kind == WS_NL)
                ws = ws >= WS_NL ? WS_PARA : WS_NL;
            else
                ws = WS_PARA;
            p += (size_t)l;
            continue;
        }
        break;
    }

    /* fast path: an ASCII word or number followed by white space or the end */
    unsigned c = s[p];
    uint32_t b = BC(c);
    if ((b & B_ALNUM) && L->prev_end != SIZE_MAX && !(L->prev_end == p && (c | 0x20) == 'n')) {
        size_t q = p + 1;
        uint32_t acc = b;
        while (q < n && (BC(s[q]) & B_ALNUM)) acc |= BC(s[q++]);
        if (q >= n || (BC(s[q]) & (B_SPACE | B_NL))) {
            t->start = p;
            t->end = q;
            t->ws = (uint8_t)ws;
            t->abbr = AB_NONE;
            t->ndots = 0;
            if (b & B_DIGIT) {
                t->tt = TT_NUM;
                t->kind = SBD_TOK_NUMBER;
                t->cs = CS_DIGIT;
                t->flags = (acc == B_DIGIT && q - p <= 3) ? F_DIGITS : 0;
            } else {
                t->tt = TT_WORD;
                t->kind = SBD_TOK_WORD;
                t->cs = (b & B_UPPER) ? CS_UP : CS_LO;
                t->flags = ((b & B_UPPER) && q > p + 1 && (BC(s[p + 1]) & B_LOWER)) ? F_CAPLOW : 0;
            }
            L->p = q;
            L->prev_end = q;
            L->prev_tt = t->tt;
            return 1;
        }
    }
    return lex_rest(L, t, p, ws);
}

int sbd_lex(sbd_lexer *L, sbd_tok *t) { return lex_one(L, t); }

size_t sbd_lex_batch(sbd_lexer *L, sbd_tok *ring, size_t mask, size_t hi, size_t max)
{
    size_t k = 0;
    while (k < max && lex_one(L, &ring[(hi + k) & mask])) k++;
    return k;
}

/* Every token but the plain ASCII word: p is its first byte. */
static SBD_NOINLINE int lex_rest(sbd_lexer *L, sbd_tok *t, size_t p, int ws)
{
    const unsigned char *s = L->s;
    size_t n = L->n;
    if (L->prev_end == SIZE_MAX)
        ws = WS_PARA; /* start of text: like after a blank line */

    t->start = p;
    t->ws = (uint8_t)ws;
    t->flags = 0;
    t->abbr = AB_NONE;
    t->ndots = 0;
    t->cs = CS_NONE;

    unsigned c = s[p];
    uint32_t b = BC(c);
    int glued = L->prev_end == p; /* no white space since the previous token */

    int l = 1;
    cpc k;
    if (b & B_UPPER)
        k = CP_LETTER_UP;
    else if (b & B_LOWER)
        k = CP_LETTER_LO;
    else if (b & B_DIGIT)
        k = CP_DIGIT;
    else if (c >= 0x80)
        k = class_at(s, n, p, &l);
    else
        k = CP_SYMBOL; /* ASCII punctuation: see the switch below */

    if (cpc_is_wordish(k)) {
        t->cs = k == CP_LETTER_UP ? CS_UP : k == CP_LETTER_LO ? CS_LO : k == CP_DIGIT ? CS_DIGIT : CS_OTHER;
        size_t ntl;
        if (glued && (L->prev_tt == TT_WORD || L->prev_tt == TT_NUM) && (ntl = nt_len(s, n, p))) {
            t->tt = TT_CLITIC; /* did|n't */
            t->kind = SBD_TOK_CLITIC;
            t->end = p + ntl;
        } else {
            scan_word(L, t, p);
            if (t->cs == CS_UP && caplow_at(s, n, p))
                t->flags |= F_CAPLOW;
            if (t->tt == TT_NUM && t->end - p <= 3) {
                int dg = 1;
                for (size_t i = p; i < t->end; i++)
                    if (!(BC(s[i]) & B_DIGIT))
                        dg = 0;
                if (dg)
                    t->flags |= F_DIGITS;
            }
        }
        goto out;
    }

    /* .496 (a batting average) and +44 (a dialling code): a number with its
     * sign or leading point, unless glued to a word or number before it */
    if ((c == '.' || c == '+') && digit_at(s, n, p + 1) &&
        !(glued && (L->prev_tt == TT_WORD || L->prev_tt == TT_NUM || L->prev_tt == TT_ABBR))) {
        size_t q = p + 1;
        /* digits, decimal and thousands marks, and for a dialling code the
         * hyphens between its groups ("+27-11-555-0100", "+46-8-700") */
        while (q < n && ((BC(s[q]) & B_DIGIT) || ((s[q] == '.' || s[q] == ',') && digit_at(s, n, q + 1)) ||
                         (c == '+' && s[q] == '-' && digit_at(s, n, q + 1))))
            q++;
        t->tt = TT_NUM;
        t->kind = SBD_TOK_NUMBER;
        t->cs = CS_DIGIT;
        t->end = q;
        goto out;
    }

    if (c == '.' || k == CP_ELLIPSIS) {
        size_t q = p;
        unsigned nd = 0;
        int spaced = 0;
        for (;;) {
            if (q < n && s[q] == '.') {
                nd++;
                q++;
            } else if (q + 2 < n && s[q] == 0xE2 && s[q + 1] == 0x80 && s[q + 2] == 0xA6) {
                nd += 3;
                q += 3;
            } else if (q + 1 < n && s[q] == ' ' &&
                       (s[q + 1] == '.' || (q + 3 < n && s[q + 1] == 0xE2 && s[q + 2] == 0x80 && s[q + 3] == 0xA6))) {
                spaced = 1;
                q++;
            } else {
                break;
            }
        }
        if (nd == 1) {
            t->tt = TT_PERIOD;
            t->kind = SBD_TOK_PUNCT;
            t->end = p + 1;
        } else if (nd >= 4 && spaced && glued && c == '.' && s[p + 1] == ' ') {
            /* "compounds. . . ." : a period, then a spaced ellipsis */
            t->tt = TT_PERIOD;
            t->kind = SBD_TOK_PUNCT;
            t->end = p + 1;
        } else {
            t->tt = TT_ELLIPSIS;
            t->kind = SBD_TOK_PUNCT;
            t->end = q;
            t->ndots = (uint8_t)(nd > 255 ? 255 : nd);
            if (glued)
                t->flags |= F_ATTACHED;
            if (spaced)
                t->flags |= F_SPACED;
        }
        goto out;
    }

    if (c == '?' || c == '!' || k == CP_QEX) {
        size_t q = p + (size_t)l;
        for (;;) {
            if (q < n && (s[q] == '?' || s[q] == '!')) {
                q++;
                continue;
            }
            if (q < n && s[q] >= 0x80) {
                int l2;
                if (class_at(s, n, q, &l2) == CP_QEX) {
                    q += (size_t)l2;
                    continue;
                }
            }
            break;
        }
        t->tt = TT_QEX;
        t->kind = SBD_TOK_PUNCT;
        t->end = q;
        goto out;
    }

    t->end = p + (size_t)l;

    /* apostrophes and quotes that depend on context */
    if (c == '\'' || c == '"' || k == CP_APOS) {
        int al = c == '"' ? 1 : l;
        size_t cl;
        if (c != '"' && glued && (L->prev_tt == TT_WORD || L->prev_tt == TT_NUM || L->prev_tt == TT_ABBR) &&
            (cl = clitic_len(s, n, p, al))) {
            t->tt = TT_CLITIC; /* Jr.|'s  I|'m */
            t->kind = SBD_TOK_CLITIC;
            t->end = p + cl;
            goto out;
        }
        int opening;
        if (!glued)
            opening = 1;
        else if (L->prev_tt == TT_OPEN || L->prev_tt == TT_DASH || L->prev_tt == TT_BULLET)
            opening = 1;
        else if (L->prev_tt == TT_PUNCT && (s[p - 1] == ':' || s[p - 1] == '/'))
            opening = 1;
        else
            opening = 0;
        t->tt = opening ? TT_OPEN : TT_CLOSE;
        t->kind = SBD_TOK_QUOTE;
        t->flags |= F_QUOTE;
        goto out;
    }

    switch (k) {
    case CP_QUOTE_OPEN:
        t->tt = TT_OPEN;
        t->kind = SBD_TOK_QUOTE;
        t->flags |= F_QUOTE;
        goto out;
    case CP_QUOTE_CLOSE:
        t->tt = TT_CLOSE;
        t->kind = SBD_TOK_QUOTE;
        t->flags |= F_QUOTE | F_CURLY;
        goto out;
    case CP_OPEN:
        t->tt = TT_OPEN;
        t->kind = SBD_TOK_PUNCT;
        goto out;
    case CP_CLOSE:
        t->tt = TT_CLOSE;
        t->kind = SBD_TOK_PUNCT;
        goto out;
    case CP_BULLET:
        t->tt = TT_BULLET;
        t->kind = SBD_TOK_SYMBOL;
        goto out;
    case CP_DASH:
    case CP_HYPHEN:
        t->tt = (ws >= WS_NL && k == CP_DASH && p + (size_t)l < n && s[p + (size_t)l] == ' ') ? TT_BULLET : TT_DASH;
        t->kind = SBD_TOK_PUNCT;
        goto out;
    case CP_CURRENCY:
        t->tt = TT_CURRENCY;
        t->kind = SBD_TOK_CURRENCY;
        goto out;
    case CP_SYMBOL:
        if (c >= 0x80) {
            t->tt = TT_SYM;
            t->kind = SBD_TOK_SYMBOL;
            goto out;
        }
        break;
    default:
        /* spaces and line breaks were skipped; letters handled above */
        t->tt = TT_SYM;
        t->kind = SBD_TOK_SYMBOL;
        goto out;
    }

    /* ASCII punctuation */
    switch (c) {
    case '(':
        t->tt = TT_OPEN;
        t->kind = SBD_TOK_PUNCT;
        t->flags |= F_PAREN;
        break;
    case '[':
        t->tt = TT_OPEN;
        t->kind = SBD_TOK_PUNCT;
        t->flags |= F_SQUARE;
        break;
    case '{':
        t->tt = TT_OPEN;
        t->kind = SBD_TOK_PUNCT;
        break;
    case ')':
        t->tt = TT_CLOSE;
        t->kind = SBD_TOK_PUNCT;
        t->flags |= F_PAREN;
        break;
    case ']':
        t->tt = TT_CLOSE;
        t->kind = SBD_TOK_PUNCT;
        t->flags |= F_SQUARE;
        break;
    case '}':
        t->tt = TT_CLOSE;
        t->kind = SBD_TOK_PUNCT;
        break;
    case '-': {
        size_t q = p + 1;
        while (q < n && s[q] == '-') q++;
        t->end = q;
        t->kind = SBD_TOK_PUNCT;
        t->tt = (q == p + 1 && ws >= WS_NL && q < n && s[q] == ' ') ? TT_BULLET : TT_DASH;
        break;
    }
    case '*':
        t->kind = SBD_TOK_SYMBOL;
        t->tt = (ws >= WS_NL && p + 1 < n && s[p + 1] == ' ') ? TT_BULLET : TT_SYM;
        break;
    case '$':
        t->tt = TT_CURRENCY;
        t->kind = SBD_TOK_CURRENCY;
        break;
    case ',':
        t->tt = TT_PUNCT;
        t->kind = SBD_TOK_PUNCT;
        t->flags |= F_COMMA;
        break;
    case ':':
    case ';':
    case '/':
        t->tt = TT_PUNCT;
        t->kind = SBD_TOK_PUNCT;
        break;
    default:
        t->tt = TT_SYM;
        t->kind = SBD_TOK_SYMBOL;
        break;
    }

out:
    if (t->end <= t->start) {
        /* cannot happen on the paths above; guarantees progress anyway */
        int l2;
        class_at(s, n, t->start, &l2);
        t->end = t->start + (size_t)l2;
        t->tt = TT_SYM;
        t->kind = SBD_TOK_SYMBOL;
    }
    L->p = t->end;
    L->prev_end = t->end;
    L->prev_tt = t->tt;
    return 1;
}
