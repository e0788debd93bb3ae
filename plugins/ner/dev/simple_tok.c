/* simple_tok.c - CoNLL-like tokeniser for development use (see simple_tok.h).
 *
 * Rules, applied to each white-space separated chunk:
 *  - leading ( [ { " ` ' $ # and trailing ) ] } " ' , ; : ! ? % are split off;
 *  - a trailing '.' is split off unless the chunk is an abbreviation:
 *    single letters with periods (U.S., e.g.), or a short known abbreviation;
 *  - "'s" / "n't" and the like are split off the end (possessives, clitics);
 *  - "--" and "..." are tokens of their own;
 *  - everything else (numbers 65.4 and 1,000, hyphenated words, O'Neill)
 *    stays whole. */
#include "simple_tok.h"

#include <ctype.h>
#include <string.h>

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int lead_punct(unsigned char c) { return strchr("([{\"`'$#", c) != NULL && c != 0; }
static int trail_punct(unsigned char c) { return strchr(")]}\"',;:!?%", c) != NULL && c != 0; }

static const char *const ABBREV[] = {
    "Mr",   "Mrs",    "Ms",    "Dr",  "St",     "Jr",   "Sr",   "Co",   "Corp", "Inc",  "Ltd",  "Bros",
    "Gen",  "Sen",    "Rep",   "Gov", "Lt",     "Col",  "Maj",  "Capt", "Sgt",  "Prof", "Rev",  "No",
    "vs",   "Jan",    "Feb",   "Mar", "Apr",    "Aug",  "Sept", "Sep",  "Oct",  "Nov",  "Dec",  "Mt",
    "Ft",   "Ave",    "Calif", "Fla", "Ill",    "Mass", "Mich", "Pa",   "Va",   "Wash", "Conn", "Ariz",
    "Colo", "Ky",     "La",    "Md",  "Minn",   "Mo",   "Nev",  "Okla", "Ore",  "Tenn", "Tex",  "Wis",
    "etc",  "Messrs", "Plc",   "plc", "approx", "Dept", NULL};

static int is_abbrev(const char *s, size_t n)
{
    /* n includes the final '.' */
    size_t i;
    int letters = 0, periods = 0, ok = 1;
    if (n < 2)
        return 0;
    /* U.S. / e.g. / U.K. pattern: letter '.' letter '.' ... */
    for (i = 0; i < n; i++) {
        if (i % 2 == 0) {
            if (!isalpha((unsigned char)s[i]))
                ok = 0;
            letters++;
        } else {
            if (s[i] != '.')
                ok = 0;
            periods++;
        }
    }
    if (ok && n % 2 == 0 && letters >= 1) {
        if (letters >= 2 || isupper((unsigned char)s[0]))
            return 1;
    }
    for (i = 0; ABBREV[i]; i++) {
        size_t l = strlen(ABBREV[i]);
        if (l == n - 1 && memcmp(ABBREV[i], s, l) == 0)
            return 1;
    }
    return 0;
}

static size_t emit(ner_range *toks, size_t max, size_t n, size_t a, size_t b)
{
    if (b <= a)
        return n;
    if (n < max) {
        toks[n].start = (uint32_t)a;
        toks[n].end = (uint32_t)b;
    }
    return n + 1;
}

/* Returns the length of a clitic suffix at the end of s[0..n), or 0. */
static size_t clitic_len(const char *s, size_t n)
{
    static const char *const CL[] = {"n't", "N'T", "'s", "'S", "'re", "'RE", "'ve", "'VE",
                                     "'ll", "'LL", "'d", "'D", "'m",  "'M",  NULL};
    size_t i;
    for (i = 0; CL[i]; i++) {
        size_t l = strlen(CL[i]);
        if (n > l && memcmp(s + n - l, CL[i], l) == 0) {
            /* "'s" needs a letter or digit before it; "n't" a letter. */
            if (isalnum((unsigned char)s[n - l - 1]))
                return l;
        }
    }
    return 0;
}

static size_t tokenize_chunk(const char *t, size_t a, size_t b, ner_range *toks, size_t max, size_t n)
{
    size_t tail_start[16], tail_end[16];
    int ntail = 0;
    /* leading punctuation */
    while (a < b) {
        if (b - a >= 2 && t[a] == '-' && t[a + 1] == '-') {
            size_t e = a;
            while (e < b && t[e] == '-') e++;
            n = emit(toks, max, n, a, e);
            a = e;
        } else if (lead_punct((unsigned char)t[a]) && b - a > 1) {
            /* "$" glued to a number stays separate; "'s" alone is a clitic */
            if (t[a] == '\'' && b - a >= 2 && (t[a + 1] == 's' || t[a + 1] == 'S') &&
                (b - a == 2 || !isalnum((unsigned char)t[a + 2])))
                break;
            n = emit(toks, max, n, a, a + 1);
            a++;
        } else {
            break;
        }
    }
    /* trailing punctuation, collected right to left */
    while (b > a && ntail < 14) {
        unsigned char c = (unsigned char)t[b - 1];
        if (b - a >= 3 && t[b - 1] == '.' && t[b - 2] == '.' && t[b - 3] == '.') {
            size_t s = b - 3;
            while (s > a && t[s - 1] == '.') s--;
            tail_start[ntail] = s;
            tail_end[ntail++] = b;
            b = s;
        } else if (b - a >= 2 && t[b - 1] == '-' && t[b - 2] == '-') {
            size_t s = b - 2;
            while (s > a && t[s - 1] == '-') s--;
            tail_start[ntail] = s;
            tail_end[ntail++] = b;
            b = s;
        } else if (trail_punct(c) && b - a > 1) {
            tail_start[ntail] = b - 1;
            tail_end[ntail++] = b;
            b--;
        } else if (c == '.' && b - a > 1 && !is_abbrev(t + a, b - a)) {
            tail_start[ntail] = b - 1;
            tail_end[ntail++] = b;
            b--;
        } else {
            break;
        }
    }
    if (b > a) {
        /* inner "--" splits the chunk: word--word */
        size_t i, dash = 0;
        for (i = a; i + 1 < b; i++)
            if (t[i] == '-' && t[i + 1] == '-' && i > a) {
                dash = i;
                break;
            }
        if (dash) {
            size_t e = dash;
            while (e < b && t[e] == '-') e++;
            n = tokenize_chunk(t, a, dash, toks, max, n);
            n = emit(toks, max, n, dash, e);
            n = tokenize_chunk(t, e, b, toks, max, n);
        } else {
            size_t cl = clitic_len(t + a, b - a);
            if (cl) {
                n = emit(toks, max, n, a, b - cl);
                n = emit(toks, max, n, b - cl, b);
            } else {
                n = emit(toks, max, n, a, b);
            }
        }
    }
    while (ntail > 0) {
        ntail--;
        n = emit(toks, max, n, tail_start[ntail], tail_end[ntail]);
    }
    return n;
}

size_t simple_tokenize(const char *text, size_t len, ner_range *toks, size_t max)
{
    size_t i = 0, n = 0;
    while (i < len) {
        size_t j;
        while (i < len && is_space((unsigned char)text[i])) i++;
        if (i >= len)
            break;
        j = i;
        while (j < len && !is_space((unsigned char)text[j])) j++;
        n = tokenize_chunk(text, i, j, toks, max, n);
        i = j;
    }
    return n;
}

static int tok_is(const char *text, const ner_range *r, const char *s)
{
    size_t l = strlen(s);
    return r->end - r->start == l && memcmp(text + r->start, s, l) == 0;
}

size_t simple_sentences(const char *text, const ner_range *toks, size_t ntok, ner_range *sents, size_t max)
{
    size_t i, ns = 0, start = 0;
    for (i = 0; i < ntok; i++) {
        int end = 0;
        if (i + 1 == ntok) {
            end = 1;
        } else {
            size_t k;
            /* a line break between this token and the next ends the sentence */
            for (k = toks[i].end; k < toks[i + 1].start; k++)
                if (text[k] == '\n')
                    end = 1;
            if (!end && (tok_is(text, &toks[i], ".") || tok_is(text, &toks[i], "!") || tok_is(text, &toks[i], "?"))) {
                size_t j = i + 1;
                /* closing quotes/brackets stay with the sentence */
                while (j < ntok &&
                       (tok_is(text, &toks[j], "\"") || tok_is(text, &toks[j], "'") || tok_is(text, &toks[j], ")")) &&
                       toks[j].start == toks[j - 1].end)
                    j++;
                if (j < ntok) {
                    unsigned char c = (unsigned char)text[toks[j].start];
                    if (isupper(c) || isdigit(c) || c == '"' || c == '\'' || c == '(' || c >= 0x80) {
                        i = j - 1;
                        end = 1;
                    }
                } else {
                    i = j - 1;
                    end = 1;
                }
            }
        }
        if (end) {
            if (ns < max) {
                sents[ns].start = (uint32_t)start;
                sents[ns].end = (uint32_t)(i + 1);
            }
            ns++;
            start = i + 1;
        }
    }
    return ns;
}
