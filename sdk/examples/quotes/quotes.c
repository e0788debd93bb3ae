/*
 * quotes - finds direct quotations in news text and who said them.
 *
 *   “We must do more,” Rutte says.          quote "We must do more", speaker Rutte
 *   “We must do more,” said Rutte.          (verb first)
 *   “…,” Rutte, the NATO chief, said.       (an apposition between name and verb)
 *   “…,” according to Rutte.
 *   Rutte said: “We will act.”              (attribution before the quotation;
 *   Rutte says that “both …”.                also "X said on Tuesday that “…”")
 *   “…,” he says.                           he = the last named speaker, when safe
 *
 * This file is the SDK's example plugin and its tutorial (sdk/GUIDE.md walks
 * through it).  It reads only the text; when earlier stages produced
 * "sentence" spans, or "entity" spans with a "label" feature (PER, ORG, …),
 * it uses those instead of its own guesses (consumes_optional).
 *
 * Output layers:
 *   quote    the words between the quotation marks.  A comma just before the
 *            closing mark (“…,” he said) punctuates the sentence around the
 *            quotation and is left out.  Features:
 *              speaker          who said it, in the fullest form the document
 *                               names them ("Mark Rutte" for a later "Rutte");
 *                               absent when unknown
 *              cue              the reporting verb as written ("says",
 *                               "according to")
 *              speaker_mention  reference to the "speaker" span that attributes
 *                               it (absent when there is none)
 *   speaker  where an attribution names its speaker: "Rutte", "he", "the
 *            minister".  Features: name (the resolved name; absent for a
 *            pronoun that could not be resolved safely or a description such
 *            as "the minister"), pronoun (true for he/she/they/it).
 *
 * How, in five passes over the document:
 *   1. tokens: words, punctuation, quotation marks, paragraph breaks;
 *   2. quotations: “…”, "…", «…» and (option single_quotes) ‘…’ paired within
 *      a paragraph - a ’ followed by a letter is an apostrophe (Russia’s).  A
 *      quotation left open at the end of a paragraph whose next paragraph
 *      opens another one continues there (the newspaper convention);
 *   3. sentences: the "sentence" layer when there is one, else . ! ? outside
 *      quotations, followed by a space and not after a known abbreviation;
 *   4. reporting clauses: each reporting verb outside quotations with its
 *      subject - a name, a pronoun or a description ("the minister") - in
 *      text order, resolving pronouns as they come (see resolve());
 *   5. attribution: a clause that starts right after the closing mark, else
 *      one that ends right before the opening mark; an unattributed quotation
 *      takes the speaker of the one it continues, or of the one just before
 *      it in its paragraph.  Unattributed quotations shorter than
 *      min_words words are scare quotes (‘shadow fleet’) and are dropped.
 *
 * Names are runs of capitalised words minus leading titles, acronyms and
 * sentence openers ("NATO Secretary-General Mark Rutte" -> "Mark Rutte",
 * "On Tuesday Rutte" -> "Rutte").  A run of one all-capitals word, or one
 * ending in an organisation word ("Foreign Ministry"), names an organisation:
 * it can be a speaker, but "he" and "she" never refer to it ("it" and "they"
 * may).  Limits: he and she are not told apart (no list of first names);
 * straight single quotes are never quotation marks (they are apostrophes
 * far more often).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <textpipe/plugin.h>
#include <textpipe/utf8.h>

/* ---- Options and state --------------------------------------------------- */

typedef struct quotes {
    tp_type quote, speaker, sentence, entity;
    tp_feat f_speaker, f_cue, f_mention, f_name, f_pronoun, f_label;
    int64_t min_words;
    int pronouns, single_quotes;
    tp_opt_list verbs_opt; /* as configured: the core's, valid until fini() */
    size_t nverbs;
    char **verbs; /* the same, in lower case */
} quotes;

/* Each option names the field of the state it fills: tp_init_bind() in
 * init() writes them all, so an option is written down only here. */
static const tp_option_spec options[] = {
    {.name = "min_words",
     .type = TP_OPT_INT,
     .default_value = "4",
     .min = 1,
     .max = 1000,
     .help = "unattributed quotations shorter than this are scare quotes, not reported",
     .field = TP_OPT_FIELD(quotes, min_words)},
    {.name = "pronouns",
     .type = TP_OPT_BOOL,
     .default_value = "true",
     .help = "resolve he/she/they/it to the last named speaker when unambiguous",
     .field = TP_OPT_FIELD(quotes, pronouns)},
    {.name = "single_quotes",
     .type = TP_OPT_BOOL,
     .default_value = "true",
     .help = "treat curly single quotes (British style) as quotation marks",
     .field = TP_OPT_FIELD(quotes, single_quotes)},
    {.name = "verbs",
     .type = TP_OPT_LIST,
     .help = "more reporting verbs, each form as written (\"quipped\", \"quips\")",
     .field = TP_OPT_FIELD(quotes, verbs_opt)},
    {NULL},
};

/* ---- Word lists (lower case; compared without regard to ASCII case) ------ */

static const char *const reporting_verbs[] = {
    "say",       "says",       "said",        "tell",         "tells",        "told",
    "add",       "adds",       "added",       "explain",      "explains",     "explained",
    "note",      "notes",      "noted",       "state",        "stated",       "argue",
    "argues",    "argued",     "warn",        "warns",        "warned",       "insist",
    "insists",   "insisted",   "claim",       "claimed",      "declare",      "declares",
    "declared",  "announce",   "announces",   "announced",    "stress",       "stresses",
    "stressed",  "urge",       "urges",       "urged",        "ask",          "asks",
    "asked",     "reply",      "replies",     "replied",      "respond",      "responds",
    "responded", "write",      "writes",      "wrote",        "tweeted",      "admit",
    "admits",    "admitted",   "acknowledge", "acknowledges", "acknowledged", "suggest",
    "suggests",  "suggested",  "recall",      "recalls",      "recalled",     "observe",
    "observes",  "observed",   "remark",      "remarked",     "comment",      "commented",
    "confirm",   "confirms",   "confirmed",   "deny",         "denies",       "denied",
    "predict",   "predicts",   "predicted",   "promise",      "promises",     "promised",
    "vow",       "vows",       "vowed",       "concede",      "concedes",     "conceded",
    "contend",   "contends",   "contended",   "maintain",     "maintains",    "maintained",
    "assert",    "asserts",    "asserted",    "emphasise",    "emphasises",   "emphasised",
    "emphasize", "emphasizes", "emphasized",  "shout",        "shouts",       "shouted",
    "exclaimed", "joked",      "quipped",     "whispered",    "continued",    NULL};

/* Words that precede a name without being part of it. */
static const char *const titles[] = {"mr",           "mrs",         "ms",
                                     "miss",         "dr",          "prof",
                                     "professor",    "sir",         "dame",
                                     "lord",         "lady",        "king",
                                     "queen",        "prince",      "princess",
                                     "president",    "vice",        "prime",
                                     "minister",     "secretary",   "secretary-general",
                                     "general",      "chancellor",  "senator",
                                     "sen",          "rep",         "representative",
                                     "governor",     "gov",         "mayor",
                                     "chief",        "judge",       "justice",
                                     "commissioner", "ambassador",  "foreign",
                                     "defence",      "defense",     "finance",
                                     "interior",     "health",      "deputy",
                                     "spokesman",    "spokeswoman", "spokesperson",
                                     "pope",         "father",      "rev",
                                     "reverend",     "colonel",     "col",
                                     "captain",      "capt",        "lieutenant",
                                     "lt",           "sergeant",    "sgt",
                                     "admiral",      "director",    "chairman",
                                     "chairwoman",   "chair",       "ceo",
                                     "leader",       "opposition",  "treasurer",
                                     "premier",      "officer",     "high",
                                     "former",       "new",         "acting",
                                     "the",          "coach",       "manager",
                                     "head",         "speaker",     NULL};

/* Capitalised words that start sentences or dates, never names. */
static const char *const openers[] = {
    "the",       "a",         "an",       "this",    "that",      "these",     "those",     "on",
    "in",        "at",        "by",       "for",     "from",      "with",      "after",     "before",
    "but",       "and",       "or",       "so",      "yet",       "meanwhile", "however",   "also",
    "then",      "when",      "while",    "as",      "if",        "earlier",   "later",     "today",
    "yesterday", "tomorrow",  "now",      "here",    "there",     "monday",    "tuesday",   "wednesday",
    "thursday",  "friday",    "saturday", "sunday",  "january",   "february",  "march",     "april",
    "may",       "june",      "july",     "august",  "september", "october",   "november",  "december",
    "officials", "ministers", "analysts", "experts", "critics",   "police",    "witnesses", "residents",
    "sources",   "others",    "some",     "many",    "both",      "all",       "several",   "most",
    "it",        "he",        "she",      "they",    "we",        "i",         "you",       "his",
    "her",       "its",       "their",    "our",     "my",        "your",      "who",       "what",
    "why",       "how",       "where",    "another", "each",      "every",     "one",       "other",
    "such",      "no",        NULL};

/* A name ending in one of these is an organisation. */
static const char *const org_words[] = {
    "ministry",   "council",     "government", "office",     "police",       "department",   "agency",
    "commission", "union",       "party",      "bank",       "group",        "association",  "university",
    "institute",  "committee",   "court",      "parliament", "army",         "navy",         "service",
    "company",    "corporation", "inc",        "ltd",        "organisation", "organization", "alliance",
    "federation", "board",       "authority",  "kremlin",    "pentagon",     "house",        "secretariat",
    "forces",     "paper",       "newspaper",  "magazine",   "network",      "channel",      NULL};

/* Lower-case words inside a name: "Ursula von der Leyen". */
static const char *const particles[] = {"van", "von", "der", "den", "de",  "da",  "di",  "du", "la",
                                        "le",  "bin", "ibn", "al",  "dos", "das", "del", NULL};

/* Abbreviations whose full stop does not end a sentence. */
static const char *const abbreviations[] = {"mr",  "mrs", "ms",  "dr",   "prof", "st",     "gen",  "sen", "rep",
                                            "gov", "lt",  "col", "capt", "sgt",  "jr",     "sr",   "inc", "ltd",
                                            "co",  "no",  "vs",  "etc",  "rev",  "approx", "dept", "est", NULL};

static const char *const determiners[] = {"the", "a", "an", "this", "that", "one", "another", NULL};

/* ---- Text helpers -------------------------------------------------------- */

/* Characters are read and classified with <textpipe/utf8.h>, as the core
 * and the shipped plugins read them. */

/* The character at t[i] (i < len); *n receives its length in bytes. */
static uint32_t char_at(const char *t, size_t len, size_t i, size_t *n)
{
    uint32_t c;
    *n = tp_utf8_decode(t + i, len - i, &c);
    return c;
}

static int is_space(uint32_t c) { return tp_utf8_is(c, TP_UTF8_SPACE | TP_UTF8_NEWLINE); }

/* Letters and digits of any script (with their combining marks). */
static int is_alnum(uint32_t c) { return tp_utf8_is(c, TP_UTF8_WORD); }

static int is_upper(uint32_t c) { return tp_utf8_is(c, TP_UTF8_UPPER); }

static int lower_ascii(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

/* s[0..n) equals the NUL-terminated `word`, ignoring ASCII case. */
static int word_is(const char *s, size_t n, const char *word)
{
    size_t i = 0;
    for (; i < n && word[i]; i++)
        if (lower_ascii((unsigned char)s[i]) != word[i])
            return 0;
    return i == n && word[i] == '\0';
}

static int in_list(const char *s, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (word_is(s, n, *list))
            return 1;
    return 0;
}

/* ---- 1. Tokens ----------------------------------------------------------- */

enum { T_WORD, T_PUNCT, T_MARK, T_BREAK };

/* Quotation mark roles. */
enum { M_NONE, M_OPEN, M_CLOSE, M_TOGGLE };
/* Quotation mark families: a quotation closes with its own family. */
enum { F_DOUBLE = 1, F_STRAIGHT, F_SINGLE, F_GUILLEMET };

typedef struct tok {
    uint32_t b, e; /* bytes */
    uint32_t c;    /* T_PUNCT, T_MARK: the character */
    uint8_t kind;
    uint8_t cap;  /* T_WORD: starts with a capital */
    uint8_t caps; /* T_WORD: two or more letters, all capitals (an acronym) */
    uint8_t mark_role, mark_family;
    int32_t quote; /* the quotation it lies in, or -1 */
    int32_t sent;  /* sentence number */
    int32_t para;  /* paragraph number */
    int32_t ent;   /* the entity span covering it, or -1 */
} tok;

static void mark_kind(uint32_t c, uint8_t *role, uint8_t *family)
{
    *role = M_NONE;
    *family = 0;
    switch (c) {
    case 0x201C:
        *role = M_OPEN;
        *family = F_DOUBLE;
        break;
    case 0x201D:
        *role = M_CLOSE;
        *family = F_DOUBLE;
        break;
    case '"':
        *role = M_TOGGLE;
        *family = F_STRAIGHT;
        break;
    case 0x2018:
        *role = M_OPEN;
        *family = F_SINGLE;
        break;
    case 0x2019:
        *role = M_CLOSE;
        *family = F_SINGLE;
        break;
    case 0xAB:
        *role = M_OPEN;
        *family = F_GUILLEMET;
        break;
    case 0xBB:
        *role = M_CLOSE;
        *family = F_GUILLEMET;
        break;
    default: break;
    }
}

/* Splits the text into tokens (into `out`, which holds len + 1 entries);
 * returns how many.  A word keeps inner hyphens and apostrophes
 * (Secretary-General, Russia’s, O'Brien). */
static size_t tokenize(const char *t, size_t len, tok *out)
{
    size_t n = 0, i = 0;
    int32_t para = 0;
    while (i < len) {
        size_t k;
        uint32_t c = char_at(t, len, i, &k);
        if (c == '\n') {
            if (n == 0 || out[n - 1].kind != T_BREAK) {
                out[n] = (tok){.b = (uint32_t)i, .e = (uint32_t)(i + 1), .kind = T_BREAK, .para = para};
                n++;
                para++;
            }
            i += k;
            continue;
        }
        if (is_space(c)) {
            i += k;
            continue;
        }
        tok *w = &out[n++];
        *w = (tok){.b = (uint32_t)i, .kind = T_PUNCT, .c = c, .para = para};
        if (!is_alnum(c)) {
            w->e = (uint32_t)(i + k);
            mark_kind(c, &w->mark_role, &w->mark_family);
            if (w->mark_role != M_NONE)
                w->kind = T_MARK;
            i += k;
            continue;
        }
        w->kind = T_WORD;
        w->cap = (uint8_t)is_upper(c);
        int letters = 0, upper = 0;
        while (i < len) {
            c = char_at(t, len, i, &k);
            if (is_alnum(c)) {
                letters += !(c >= '0' && c <= '9');
                upper += is_upper(c);
                i += k;
                continue;
            }
            /* Inner hyphen or apostrophe: a letter must follow. */
            if (c == '-' || c == '\'' || c == 0x2019 || c == 0x2010) {
                size_t k2;
                if (i + k < len && is_alnum(char_at(t, len, i + k, &k2))) {
                    i += k;
                    continue;
                }
            }
            break;
        }
        w->e = (uint32_t)i;
        w->caps = (uint8_t)(letters >= 2 && upper == letters);
    }
    return n;
}

static int tok_is(const char *t, const tok *k, const char *word)
{
    return k->kind == T_WORD && word_is(t + k->b, k->e - k->b, word);
}

static int tok_in(const char *t, const tok *k, const char *const *list)
{
    return k->kind == T_WORD && in_list(t + k->b, k->e - k->b, list);
}

static int is_punct(const tok *k, uint32_t c) { return k->kind == T_PUNCT && k->c == c; }

/* ---- 2. Quotations ------------------------------------------------------- */

typedef struct quotation {
    size_t open, close; /* token indexes of the marks (close: the break, when continued) */
    size_t cb, ce;      /* the words inside, bytes, trimmed */
    size_t words;
    int continued; /* runs on into the next quotation (next paragraph) */
    int clause;    /* attributing clause, or -1 */
} quotation;

/* Does the mark at tokens[i] close a quotation of `family`?  A curly
 * apostrophe inside a word was already taken into the word by tokenize(),
 * so a ’ here ends a word (the ministers’) or a quotation: it closes only
 * what a ‘ opened. */
static int closes(const tok *k, uint8_t family)
{
    if (k->kind != T_MARK || k->mark_family != family)
        return 0;
    return k->mark_role == M_CLOSE || k->mark_role == M_TOGGLE;
}

static int opens(const quotes *q, const tok *toks, size_t n, size_t i)
{
    const tok *k = &toks[i];
    if (k->kind != T_MARK || !(k->mark_role == M_OPEN || k->mark_role == M_TOGGLE))
        return 0;
    if (k->mark_family == F_SINGLE && !q->single_quotes)
        return 0;
    /* Something must follow within the paragraph. */
    return i + 1 < n && toks[i + 1].kind != T_BREAK;
}

/* Trims white space and a final comma from the bytes between two marks. */
static void set_content(const char *t, quotation *qt, size_t b, size_t e)
{
    while (b < e && (t[b] == ' ' || t[b] == '\t')) b++;
    for (;;) {
        while (e > b && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r')) e--;
        if (e > b && t[e - 1] == ',') {
            e--;
            continue;
        }
        break;
    }
    qt->cb = b;
    qt->ce = e;
}

static size_t find_quotations(const quotes *q, const char *t, tok *toks, size_t n, quotation *out)
{
    size_t nq = 0;
    long open = -1;
    for (size_t i = 0; i < n; i++) {
        tok *k = &toks[i];
        if (k->kind == T_BREAK) {
            if (open >= 0) {
                /* Open at the end of a paragraph: a quotation only if the
                 * next paragraph opens another (it continues there). */
                size_t j = i + 1;
                if (j < n && opens(q, toks, n, j) && toks[j].mark_family == toks[open].mark_family) {
                    quotation *qt = &out[nq++];
                    *qt = (quotation){.open = (size_t)open, .close = i, .continued = 1, .clause = -1};
                    set_content(t, qt, toks[open].e, k->b);
                }
                open = -1;
            }
            continue;
        }
        if (open < 0) {
            if (opens(q, toks, n, i))
                open = (long)i;
        } else if (closes(k, toks[open].mark_family)) {
            quotation *qt = &out[nq++];
            *qt = (quotation){.open = (size_t)open, .close = i, .clause = -1};
            set_content(t, qt, toks[open].e, k->b);
            open = -1;
        }
    }
    if (open >= 0) {
        /* Open at the end of the text: not a quotation we can delimit. */
    }
    for (size_t qi = 0; qi < nq; qi++) {
        quotation *qt = &out[qi];
        for (size_t i = qt->open + 1; i < qt->close; i++) {
            toks[i].quote = (int32_t)qi;
            qt->words += toks[i].kind == T_WORD;
        }
    }
    return nq;
}

/* ---- 3. Sentences -------------------------------------------------------- */

/* Numbers sentences: from the "sentence" layer when an earlier stage made
 * one, else at . ! ? … outside quotations that a space and a capital, a
 * quotation mark or the end follow. */
static void number_sentences(const quotes *q, tp_doc *doc, const char *t, tok *toks, size_t n)
{
    size_t ns;
    const tp_span *s = tp_doc_spans(doc, q->sentence, &ns);
    if (ns > 0) {
        size_t j = 0;
        for (size_t i = 0; i < n; i++) {
            while (j < ns && s[j].begin <= toks[i].b) j++;
            toks[i].sent = (int32_t)j;
        }
        return;
    }
    int32_t sent = 0;
    for (size_t i = 0; i < n; i++) {
        tok *k = &toks[i];
        k->sent = sent;
        if (k->kind == T_BREAK) {
            sent++;
            continue;
        }
        int end = k->kind == T_PUNCT && k->quote < 0 && (k->c == '.' || k->c == '!' || k->c == '?' || k->c == 0x2026);
        if (!end)
            continue;
        if (k->c == '.' && i > 0 && toks[i - 1].kind == T_WORD && toks[i - 1].e == k->b) {
            const tok *w = &toks[i - 1];
            if (tok_in(t, w, abbreviations) || (w->e - w->b == 1 && w->cap))
                continue; /* Mr. / J. */
        }
        if (i + 1 < n) {
            const tok *nx = &toks[i + 1];
            if (nx->b == k->e && nx->kind != T_BREAK)
                continue; /* no space after: 65.4, U.S. */
            if (nx->kind == T_WORD && !nx->cap && !(t[nx->b] >= '0' && t[nx->b] <= '9'))
                continue; /* a lower-case word follows */
        }
        sent++;
    }
}

/* The entity covering each token, when an earlier stage made entities. */
static void map_entities(const quotes *q, tp_doc *doc, tok *toks, size_t n)
{
    size_t ne;
    const tp_span *e = tp_doc_spans(doc, q->entity, &ne);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        toks[i].ent = -1;
        while (j < ne && e[j].end <= toks[i].b) j++;
        if (j < ne && e[j].begin <= toks[i].b && toks[i].e <= e[j].end)
            toks[i].ent = (int32_t)j;
    }
}

/* ---- 4. Reporting clauses ------------------------------------------------ */

/* Who a clause's subject is. */
enum { S_PERSON = 1, S_ORG, S_HE_SHE, S_THEY_IT, S_DESCRIBED };

typedef struct clause {
    size_t first, last; /* tokens covered: subject and cue, in text order */
    size_t cb, ce;      /* the cue ("says", "according to"), bytes */
    size_t mb, me;      /* the subject's mention, bytes */
    int kind;
    int plural;    /* S_DESCRIBED: "officials" rather than "the minister" */
    size_t nb, ne; /* the name (for a resolved pronoun: its antecedent's); ne == 0: none */
    int32_t sent;
    size_t speaker_span; /* index in the speaker layer once written, or TP_NO_SPAN */
} clause;

static int is_verb(const quotes *q, const char *t, const tok *k)
{
    if (k->kind != T_WORD || k->quote >= 0)
        return 0;
    if (tok_in(t, k, reporting_verbs))
        return 1;
    for (size_t i = 0; i < q->nverbs; i++)
        if (word_is(t + k->b, k->e - k->b, q->verbs[i]))
            return 1;
    return 0;
}

static int pronoun_kind(const char *t, const tok *k)
{
    if (k->kind != T_WORD || k->quote >= 0)
        return 0;
    if (tok_is(t, k, "he") || tok_is(t, k, "she") || tok_is(t, k, "him") || tok_is(t, k, "her"))
        return S_HE_SHE;
    if (tok_is(t, k, "they") || tok_is(t, k, "it") || tok_is(t, k, "them"))
        return S_THEY_IT;
    return 0;
}

/* A token that may be part of a name. */
static int name_word(const char *t, const tok *toks, size_t i, size_t lo, size_t hi)
{
    const tok *k = &toks[i];
    if (k->kind != T_WORD || k->quote >= 0)
        return 0;
    if (k->cap)
        return 1;
    /* von der Leyen: a particle between capitalised words. */
    return tok_in(t, k, particles) && i > lo && i + 1 < hi && toks[i - 1].cap && toks[i + 1].cap;
}

typedef struct name {
    size_t run;         /* the run's first token, titles included */
    size_t first, last; /* the name's tokens */
    size_t b, e;        /* bytes */
    int kind;           /* S_PERSON or S_ORG */
} name;

/* Decides what the run toks[first..last] names: drops leading sentence
 * openers, trailing dates and everything up to the last title or acronym,
 * then asks the entity
 * layer, else guesses person or organisation.  Returns 0 when nothing is
 * left. */
static int make_name(const quotes *q, tp_doc *doc, const char *t, const tok *toks, size_t first, size_t last, name *out)
{
    out->run = first;
    while (first < last && (tok_in(t, &toks[first], titles) || tok_in(t, &toks[first], openers) ||
                            toks[first].caps || !toks[first].cap))
        first++;
    while (last > first && tok_in(t, &toks[last], openers)) last--;
    /* The name follows the last title: "Homeland Security Secretary Jeh
     * Johnson", "Iranian Deputy Foreign Minister Hossein Amir-Abdollahian". */
    for (size_t k = last; k-- > first;)
        if (tok_in(t, &toks[k], titles) || toks[k].caps) {
            first = k + 1;
            break;
        }
    const tok *f = &toks[first], *l = &toks[last];
    if (!f->cap || (first == last && (tok_in(t, f, titles) || tok_in(t, f, openers))))
        return 0;
    out->first = first;
    out->last = last;
    out->b = f->b;
    out->e = l->e;
    if (l->ent >= 0) {
        /* An entity from an earlier stage covers the end of the run: its
         * label decides, and it may be shorter than the run. */
        size_t ne, llen;
        const tp_span *e = &tp_doc_spans(doc, q->entity, &ne)[l->ent];
        const char *label = tp_span_get_str(e, q->f_label, &llen);
        if (e->begin > out->b)
            out->b = e->begin;
        out->kind = label && llen == 3 && memcmp(label, "PER", 3) == 0 ? S_PERSON : S_ORG;
        return 1;
    }
    int org = (first == last && f->caps) || tok_in(t, l, org_words);
    out->kind = org ? S_ORG : S_PERSON;
    return 1;
}

/* The name ending at token `last` (NAME says), or 0. */
static int name_before(const quotes *q, tp_doc *doc, const char *t, const tok *toks, size_t n, size_t last, name *out)
{
    if (!name_word(t, toks, last, 0, n) || !toks[last].cap)
        return 0;
    size_t first = last;
    while (first > 0) {
        size_t p = first - 1;
        if (name_word(t, toks, p, 0, n) && toks[p].sent == toks[last].sent) {
            first = p;
            continue;
        }
        /* An initial: "J. K. Rowling". */
        if (is_punct(&toks[p], '.') && p > 0 && toks[p - 1].kind == T_WORD &&
            toks[p - 1].sent == toks[last].sent && toks[p - 1].e - toks[p - 1].b == 1 && toks[p - 1].cap) {
            first = p - 1;
            continue;
        }
        break;
    }
    return make_name(q, doc, t, toks, first, last, out);
}

/* The name starting at token `first`, titles in any case included (said
 * NATO chief Mark Rutte; make_name() drops them), or 0. */
static int name_after(const quotes *q, tp_doc *doc, const char *t, const tok *toks, size_t n, size_t first, name *out)
{
    size_t i = first;
    while (i < n && (name_word(t, toks, i, first, n) ||
                     (toks[i].kind == T_WORD && toks[i].quote < 0 && tok_in(t, &toks[i], titles))))
        i++;
    if (i == first)
        return 0;
    return make_name(q, doc, t, toks, first, i - 1, out);
}

/* The subject of the verb at toks[v], looking before it: a pronoun, a
 * name, a name and an apposition ("Rutte, the NATO chief, said") or a
 * description ("the minister said", "officials said"). */
static int subject_before(const quotes *q, tp_doc *doc, const char *t, const tok *toks, size_t n, size_t v, clause *c)
{
    if (v == 0)
        return 0;
    size_t p = v - 1;
    const tok *k = &toks[p];
    if (k->quote >= 0 || k->sent != toks[v].sent)
        return 0;
    int pk = pronoun_kind(t, k);
    if (pk && !tok_is(t, k, "him") && !tok_is(t, k, "her") && !tok_is(t, k, "them")) {
        c->kind = pk;
        c->first = p;
        c->mb = k->b;
        c->me = k->e;
        return 1;
    }
    name nm;
    if (k->kind == T_WORD && k->cap && name_before(q, doc, t, toks, n, p, &nm)) {
        c->kind = nm.kind;
        c->first = nm.run;
        c->mb = c->nb = nm.b;
        c->me = c->ne = nm.e;
        return 1;
    }
    if (is_punct(k, ',')) {
        /* An apposition: back to the comma after the name, at most eight
         * words, within the sentence. */
        for (size_t j = p; j-- > 0 && p - j <= 9;) {
            if (toks[j].kind == T_BREAK || toks[j].kind == T_MARK || toks[j].sent != toks[v].sent)
                break;
            if (is_punct(&toks[j], ',')) {
                if (j > 0 && name_before(q, doc, t, toks, n, j - 1, &nm)) {
                    c->kind = nm.kind;
                    c->first = nm.run;
                    c->mb = c->nb = nm.b;
                    c->me = c->ne = nm.e;
                    return 1;
                }
                break;
            }
        }
        return 0;
    }
    /* A description: "the minister said", "officials said". */
    if (k->kind == T_WORD && !k->cap) {
        size_t len = k->e - k->b;
        int plural = len > 2 && t[k->e - 1] == 's' && t[k->e - 2] != 's';
        if (p > 0 && tok_in(t, &toks[p - 1], determiners) && toks[p - 1].sent == k->sent) {
            c->kind = S_DESCRIBED;
            c->plural = plural;
            c->first = p - 1;
            c->mb = toks[p - 1].b;
            c->me = k->e;
            return 1;
        }
        if (plural && !tok_in(t, k, reporting_verbs)) {
            c->kind = S_DESCRIBED;
            c->plural = 1;
            c->first = p;
            c->mb = k->b;
            c->me = k->e;
            return 1;
        }
    }
    return 0;
}

/* The verb at toks[v] directly follows a closing quotation mark (and maybe
 * a comma): "“…,” said Rutte" can put the subject after the verb. */
static int after_quotation(const tok *toks, size_t v)
{
    size_t p = v;
    if (p > 0 && is_punct(&toks[p - 1], ','))
        p--;
    return p > 0 && toks[p - 1].kind == T_MARK && toks[p - 1].quote < 0 && p - 1 > 0 && toks[p - 2].quote >= 0;
}

/* Collects every reporting clause, in text order (into `out`). */
static size_t find_clauses(const quotes *q, tp_doc *doc, const char *t, const tok *toks, size_t n, clause *out)
{
    size_t nc = 0;
    for (size_t v = 0; v < n; v++) {
        const tok *k = &toks[v];
        clause c = {.first = v, .last = v, .cb = k->b, .ce = k->e, .sent = k->sent, .speaker_span = TP_NO_SPAN};
        int found = 0;
        if (tok_is(t, k, "according") && k->quote < 0 && v + 1 < n && tok_is(t, &toks[v + 1], "to")) {
            /* according to NAME */
            name nm;
            c.ce = toks[v + 1].e;
            if (v + 2 < n && name_after(q, doc, t, toks, n, v + 2, &nm)) {
                c.kind = nm.kind;
                c.mb = c.nb = nm.b;
                c.me = c.ne = nm.e;
                c.last = nm.last;
                found = 1;
            } else if (v + 2 < n && pronoun_kind(t, &toks[v + 2])) {
                c.kind = pronoun_kind(t, &toks[v + 2]);
                c.mb = toks[v + 2].b;
                c.me = toks[v + 2].e;
                c.last = v + 2;
                found = 1;
            }
        } else if (is_verb(q, t, k)) {
            found = subject_before(q, doc, t, toks, n, v, &c);
            if (!found && after_quotation(toks, v) && c.last + 1 < n) {
                /* said Rutte / said he */
                size_t s = c.last + 1;
                name nm;
                int pk = pronoun_kind(t, &toks[s]);
                if (pk && !tok_is(t, &toks[s], "him") && !tok_is(t, &toks[s], "them")) {
                    c.kind = pk;
                    c.mb = toks[s].b;
                    c.me = toks[s].e;
                    c.last = s;
                    found = 1;
                } else if (tok_in(t, &toks[s], determiners)) {
                    /* said the Chelsea striker: a description, up to five
                     * words, ending at punctuation. */
                    size_t e = s + 1;
                    while (e < n && e - s <= 5 && toks[e].kind == T_WORD) e++;
                    if (e > s + 1) {
                        const tok *last = &toks[e - 1];
                        c.kind = S_DESCRIBED;
                        c.plural = last->e - last->b > 2 && t[last->e - 1] == 's' && t[last->e - 2] != 's';
                        c.mb = toks[s].b;
                        c.me = last->e;
                        c.last = e - 1;
                        found = 1;
                    }
                } else if (name_after(q, doc, t, toks, n, s, &nm)) {
                    c.kind = nm.kind;
                    c.mb = c.nb = nm.b;
                    c.me = c.ne = nm.e;
                    c.last = nm.last;
                    found = 1;
                }
            }
        }
        if (found)
            out[nc++] = c;
    }
    return nc;
}

/* Two names of one person: one is the other's last words ("Rutte", "Mark
 * Rutte"). */
static int same_person(const char *t, size_t ab, size_t ae, size_t bb, size_t be)
{
    size_t la = ae - ab, lb = be - bb;
    if (la < lb) {
        size_t x = ab;
        ab = bb, bb = x;
        x = ae;
        ae = be, be = x;
        x = la;
        la = lb, lb = x;
    }
    if (memcmp(t + ae - lb, t + bb, lb) != 0)
        return 0;
    return la == lb || t[ae - lb - 1] == ' ';
}

/* Pronouns resolve, in text order, to the most recent named speaker of the
 * right kind (a person for he/she, an organisation for it/they) - only when
 * that is safe:
 *   - no clause with a description that could be meant instead came
 *     between ("the minister said" blocks he/she, "officials said" they);
 *   - no other person (organisation) was a named speaker within the two
 *     sentences before that speaker: "Smith said … Jones said … “…,” he
 *     said" stays unresolved.
 * A resolved pronoun counts as a mention of its speaker for later ones. */
static void resolve(const quotes *q, const char *t, clause *cs, size_t nc)
{
    for (size_t i = 0; i < nc; i++) {
        clause *c = &cs[i];
        if (c->kind != S_HE_SHE && c->kind != S_THEY_IT)
            continue;
        if (!q->pronouns)
            continue;
        int want = c->kind == S_HE_SHE ? S_PERSON : S_ORG;
        long s1 = -1;
        int blocked = 0;
        for (size_t j = i; j-- > 0;) {
            const clause *d = &cs[j];
            if (d->kind == S_DESCRIBED && (d->plural ? want == S_ORG : want == S_PERSON)) {
                blocked = 1;
                break;
            }
            int dk = d->kind == S_HE_SHE ? S_PERSON : d->kind == S_THEY_IT ? S_ORG : d->kind;
            if (dk == want && d->ne > 0) {
                s1 = (long)j;
                break;
            }
        }
        if (blocked || s1 < 0)
            continue;
        const clause *a = &cs[s1];
        for (size_t j = (size_t)s1; j-- > 0;) {
            const clause *d = &cs[j];
            if (a->sent - d->sent > 2)
                break;
            int dk = d->kind == S_HE_SHE ? S_PERSON : d->kind == S_THEY_IT ? S_ORG : d->kind;
            if (dk == want && d->ne > 0 && !same_person(t, a->nb, a->ne, d->nb, d->ne)) {
                blocked = 1;
                break;
            }
        }
        if (blocked)
            continue;
        c->nb = a->nb;
        c->ne = a->ne;
    }
}

/* ---- 5. Attribution ------------------------------------------------------ */

/* A clause that starts right after the closing mark (after a comma
 * outside it, British style): “…,” Rutte says / said Rutte / he says. */
static int clause_after(const tok *toks, size_t n, const quotation *qt, const clause *cs, size_t nc)
{
    if (qt->continued)
        return -1;
    size_t s = qt->close + 1;
    if (s < n && is_punct(&toks[s], ','))
        s++;
    for (size_t i = 0; i < nc; i++)
        if (cs[i].first == s)
            return (int)i;
    return -1;
}

/* A clause that ends right before the opening mark: Rutte says “…” / Rutte
 * said: “…” / Rutte said on Tuesday that “…” / According to Rutte, “…”. */
static int clause_before(const char *t, const tok *toks, const quotation *qt, const clause *cs, size_t nc)
{
    size_t o = qt->open;
    for (size_t i = nc; i-- > 0;) {
        const clause *c = &cs[i];
        if (c->last >= o)
            continue;
        if (o - c->last > 8 || toks[c->last].sent != toks[o].sent || toks[c->last].para != toks[o].para)
            return -1;
        size_t between = o - c->last - 1; /* tokens between the clause and the mark */
        if (between == 0)
            return (int)i;
        const tok *tail = &toks[o - 1];
        for (size_t j = c->last + 1; j < o - 1; j++)
            if (toks[j].kind != T_WORD)
                return -1;
        if ((is_punct(tail, ':') || is_punct(tail, ',')) && between <= 6)
            return (int)i;
        if (tok_is(t, tail, "that") && between <= 4)
            return (int)i;
        return -1;
    }
    return -1;
}

static void attribute(const char *t, const tok *toks, size_t n, quotation *qs, size_t nq, const clause *cs, size_t nc)
{
    for (size_t i = 0; i < nq; i++) {
        qs[i].clause = clause_after(toks, n, &qs[i], cs, nc);
        if (qs[i].clause < 0)
            qs[i].clause = clause_before(t, toks, &qs[i], cs, nc);
    }
    /* A quotation continued across paragraphs shares one attribution,
     * wherever in the chain it was found. */
    for (size_t i = nq; i-- > 1;)
        if (qs[i - 1].continued && qs[i - 1].clause < 0)
            qs[i - 1].clause = qs[i].clause;
    for (size_t i = 1; i < nq; i++)
        if (qs[i - 1].continued && qs[i].clause < 0)
            qs[i].clause = qs[i - 1].clause;
    /* Else the speaker of the quotation just before in the same paragraph,
     * when no other reporting clause came between: “…,” Berg said. “…” */
    for (size_t i = 1; i < nq; i++) {
        const quotation *prev = &qs[i - 1];
        if (qs[i].clause >= 0 || prev->clause < 0 || toks[prev->open].para != toks[qs[i].open].para)
            continue;
        int between = 0;
        for (size_t j = 0; j < nc && !between; j++)
            between = (int)j != prev->clause && cs[j].first > prev->close && cs[j].last < qs[i].open;
        if (!between)
            qs[i].clause = prev->clause;
    }
}

/* The fullest name the document gives the person named t[b..e): the
 * longest person name among the speakers (and PER entities) that ends with
 * it - provided all such names agree ("Rutte", "Mark Rutte"; not "Mark
 * Rutte" and "Anna Rutte").  Writes its bytes to *ob, *oe. */
static void fullest(const char *t, const clause *cs, size_t nc, const tp_span *pers, size_t npers, size_t b,
                    size_t e, size_t *ob, size_t *oe)
{
    size_t lb = b, le = e;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < nc + npers; i++) {
            if (i < nc && cs[i].kind != S_PERSON)
                continue;
            size_t cb = i < nc ? cs[i].nb : pers[i - nc].begin;
            size_t ce = i < nc ? cs[i].ne : pers[i - nc].end;
            if (ce - cb <= e - b || !same_person(t, cb, ce, b, e))
                continue;
            if (pass == 0 && ce - cb > le - lb) {
                lb = cb;
                le = ce;
            } else if (pass == 1 && !same_person(t, cb, ce, lb, le)) {
                lb = b; /* two different fuller names: keep the one written */
                le = e;
                break;
            }
        }
    }
    *ob = lb;
    *oe = le;
}

/* ---- The plugin ---------------------------------------------------------- */

static void quotes_free(quotes *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->nverbs; i++) free(q->verbs[i]);
    free(q->verbs);
    free(q);
}

static int quotes_init(tp_init *ini, void **state)
{
    quotes *q = calloc(1, sizeof *q);
    if (!q)
        return tp_init_fail(ini, "out of memory");
    q->quote = tp_init_type(ini, "quote");
    q->speaker = tp_init_type(ini, "speaker");
    q->sentence = tp_init_type(ini, "sentence");
    q->entity = tp_init_type(ini, "entity");
    q->f_speaker = tp_init_feat(ini, "speaker");
    q->f_cue = tp_init_feat(ini, "cue");
    q->f_mention = tp_init_feat(ini, "speaker_mention");
    q->f_name = tp_init_feat(ini, "name");
    q->f_pronoun = tp_init_feat(ini, "pronoun");
    q->f_label = tp_init_feat(ini, "label");
    tp_init_bind(ini, q);
    size_t n = q->verbs_opt.n;
    q->verbs = calloc(n ? n : 1, sizeof *q->verbs);
    if (!q->verbs) {
        quotes_free(q);
        return tp_init_fail(ini, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const char *v = q->verbs_opt.items[i];
        size_t len = strlen(v);
        for (size_t k = 0; k < len; k++)
            if (!((v[k] >= 'a' && v[k] <= 'z') || (v[k] >= 'A' && v[k] <= 'Z') || v[k] == '-')) {
                quotes_free(q);
                return tp_init_fail(ini, "option verbs: \"%s\" is not one word of ASCII letters", v);
            }
        q->verbs[q->nverbs] = malloc(len + 1);
        if (!q->verbs[q->nverbs]) {
            quotes_free(q);
            return tp_init_fail(ini, "out of memory");
        }
        for (size_t k = 0; k <= len; k++) q->verbs[q->nverbs][k] = (char)lower_ascii((unsigned char)v[k]);
        q->nverbs++;
    }
    *state = q;
    return TP_OK;
}

/* Writes the speaker span of clause c once; returns its index. */
static size_t speaker_span(const quotes *q, tp_doc *doc, const char *t, clause *c, const clause *cs, size_t nc,
                           const tp_span *ents, size_t nents)
{
    if (c->speaker_span != TP_NO_SPAN)
        return c->speaker_span;
    size_t i = tp_doc_add_span(doc, q->speaker, c->mb, c->me);
    c->speaker_span = i;
    int pronoun = c->kind == S_HE_SHE || c->kind == S_THEY_IT;
    tp_span_set_bool(doc, q->speaker, i, q->f_pronoun, pronoun);
    if (c->ne > c->nb) {
        size_t b, e;
        fullest(t, cs, nc, ents, nents, c->nb, c->ne, &b, &e);
        tp_span_set_str(doc, q->speaker, i, q->f_name, t + b, e - b);
    }
    return i;
}

static int quotes_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx;
    const quotes *q = state;
    size_t len;
    const char *t = tp_doc_text(doc, &len);
    if (len == 0)
        return TP_OK;
    /* Working arrays live in the document's arena: freed with it. */
    tok *toks = tp_doc_alloc(doc, (len + 1) * sizeof *toks);
    size_t n = tokenize(t, len, toks);
    for (size_t i = 0; i < n; i++) toks[i].quote = -1;
    quotation *qs = tp_doc_alloc(doc, (n / 2 + 1) * sizeof *qs);
    size_t nq = find_quotations(q, t, toks, n, qs);
    if (nq == 0)
        return TP_OK;
    number_sentences(q, doc, t, toks, n);
    map_entities(q, doc, toks, n);
    clause *cs = tp_doc_alloc(doc, (n + 1) * sizeof *cs);
    size_t nc = find_clauses(q, doc, t, toks, n, cs);
    resolve(q, t, cs, nc);
    attribute(t, toks, n, qs, nq, cs, nc);

    /* Names from the entity layer help find a speaker's fullest name. */
    size_t nents;
    const tp_span *ents = tp_doc_spans(doc, q->entity, &nents);
    const tp_span *pers = NULL;
    size_t npers = 0;
    if (nents) {
        tp_span *p = tp_doc_alloc(doc, nents * sizeof *p);
        for (size_t i = 0; i < nents; i++) {
            size_t l;
            const char *label = tp_span_get_str(&ents[i], q->f_label, &l);
            if (label && l == 3 && memcmp(label, "PER", 3) == 0)
                p[npers++] = ents[i];
        }
        pers = p;
    }

    for (size_t i = 0; i < nq; i++) {
        const quotation *qt = &qs[i];
        if (qt->ce <= qt->cb || (qt->clause < 0 && (int64_t)qt->words < q->min_words))
            continue;
        size_t k = tp_doc_add_span(doc, q->quote, qt->cb, qt->ce);
        if (qt->clause < 0)
            continue;
        clause *c = &cs[qt->clause];
        tp_span_set_str(doc, q->quote, k, q->f_cue, t + c->cb, c->ce - c->cb);
        size_t s = speaker_span(q, doc, t, c, cs, nc, pers, npers);
        tp_span_set_ref(doc, q->quote, k, q->f_mention, q->speaker, s);
        if (c->ne > c->nb) {
            size_t b, e;
            fullest(t, cs, nc, pers, npers, c->nb, c->ne, &b, &e);
            tp_span_set_str(doc, q->quote, k, q->f_speaker, t + b, e - b);
        }
    }
    return TP_OK;
}

static void quotes_fini(void *state) { quotes_free(state); }

static const char *const optional[] = {"sentence", "entity", NULL};
static const char *const produces[] = {"quote", "speaker", NULL};

static const tp_plugin quotes_plugin = {
    TP_PLUGIN_DESCRIPTOR_HEAD, .name = "quotes",
    .version = "1.0.0",        .summary = "direct quotations and their speakers",
    .options = options,        .consumes_optional = optional,
    .produces = produces,      .init = quotes_init,
    .process = quotes_process, .fini = quotes_fini,
};

TP_PLUGIN_DEFINE(quotes_plugin)
