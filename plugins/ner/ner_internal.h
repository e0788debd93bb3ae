/* ner_internal.h - declarations shared by the NER sources; not installed.
 *
 * Internal names carry the ner_ prefix too but are not part of the contract
 * in ner_model.h and may change with the model format version. */
#ifndef NER_INTERNAL_H
#define NER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ner_model.h"

/* The tagger's inner loops (summing int16 weight rows into int32, scaling
 * to float) are 3-5x fewer instructions with 256-bit vectors; the baseline
 * x86-64 target has only SSE2.  Functions marked NER_HOT get an AVX2 clone
 * chosen at load time (GNU ifunc).  AVX2 alone, not FMA: a fused multiply-add
 * would round differently, and the tags and scores must not depend on the
 * machine. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(NER_NO_SIMD) && defined(__linux__)
#define NER_HOT __attribute__((target_clones("avx2", "default")))
#else
#define NER_HOT
#endif

/* ---- labels: O, then B/I/L/U for each type ------------------------------ */

#define NER_NLABELS 17
enum { NER_PART_B = 0, NER_PART_I = 1, NER_PART_L = 2, NER_PART_U = 3 };
#define NER_LABEL(type, part) (1 + 4 * (type) + (part))
#define NER_LABEL_TYPE(l) (((l)-1) / 4) /* only for l > 0 */
#define NER_LABEL_PART(l) (((l)-1) % 4)

/* "O", "B-PER", ... */
const char *ner_bilou_name(int label);

/* ---- memory: failure to allocate aborts with a message (one policy) ------- */

void *ner_xmalloc(size_t n);
void *ner_xcalloc(size_t n, size_t size);
void *ner_xrealloc(void *p, size_t n);
char *ner_xstrdup(const char *s);

/* Non-aborting variants for the tagging library, which reports failures. */
void *ner_try_realloc(void *p, size_t n);

/* ---- hashing and checksums ------------------------------------------------ */

uint64_t ner_hash_bytes(const void *p, size_t n, uint64_t seed);

static inline uint64_t ner_fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

/* A feature: template code (which includes the window offset) and a value. */
static inline uint64_t ner_feat(uint32_t tmpl, uint64_t value)
{
    return ner_fmix64(value + 0x9e3779b97f4a7c15ULL * (uint64_t)(tmpl + 1));
}

uint32_t ner_crc32(uint32_t crc, const void *p, size_t n);

/* ---- tokens --------------------------------------------------------------- */

enum {
    NER_TF_INITCAP = 1, /* first byte is an upper-case letter */
    NER_TF_ALLCAPS = 2, /* has letters, none lower-case */
    NER_TF_HASDIGIT = 4,
    NER_TF_ALPHA = 8,  /* has a letter */
    NER_TF_PUNCT = 16, /* no letter or digit */
    NER_TF_LOWERINIT = 32
};

/* What the tagger needs of a token beyond its static features: used by the
 * dynamic (context-dependent) features. Kept per lexicon entry. */
typedef struct ner_dyninfo {
    uint64_t lower;  /* hash of the lower-cased bytes */
    uint64_t sshape; /* hash of the collapsed shape */
    uint32_t flags;  /* NER_TF_* */
    uint32_t pad;
} ner_dyninfo;

/* Everything a token contributes to features, computed once per token. */
typedef struct ner_tokinfo {
    ner_dyninfo d;
    uint64_t word;   /* hash of the exact bytes */
    uint64_t shape;  /* hash of the full shape (truncated) */
    uint64_t pre[4]; /* lower-cased prefixes of 1..4 bytes, 0 if too short */
    uint64_t suf[4];
    uint32_t cl_bits; /* cluster path, first bit in bit 31 */
    uint32_t cl_len;  /* path length (<= 32), 0 = no cluster */
    uint32_t casecls; /* ner_lexicon_caseclass */
    uint32_t autocls; /* label class in self-labelled news text, 0 = none */
} ner_tokinfo;

/* Curly quotes, dashes and the ellipsis (U+2018/2019/201B, U+201C-201E,
 * U+2012-2015, U+2026) as the ASCII the training text uses ("'", '"', "-",
 * "--", "..."). Writes at most n bytes to out; returns the new length, or 0
 * when s has none of them. */
size_t ner_norm_punct(const char *s, size_t n, char *out);

/* Fills ti from the token's bytes and cluster path (cl_len 0 for none). */
void ner_tokinfo_make(ner_tokinfo *ti, const char *s, size_t n, uint32_t cl_bits, uint32_t cl_len);
/* Pseudo tokens beyond the sentence edges (which = -1 before, +1 after). */
void ner_tokinfo_pad(ner_tokinfo *ti, int which);

/* ---- features ------------------------------------------------------------- */

#define NER_GZ_MAXLISTS 12                                  /* 3 bits per list in the low 36 bits of a code */
#define NER_GZ_FW_SHIFT 36                                  /* first-word list bits of a code */
#define NER_GZ_LW_SHIFT (NER_GZ_FW_SHIFT + NER_GZ_MAXLISTS) /* last-word list bits */

#define NER_WINDOW 2 /* static features from t-2 .. t+2 */
#define NER_NOFFS (2 * NER_WINDOW + 1)
#define NER_MAX_STATIC 32 /* per token and offset */
/* per position, pass 1: 9 word/shape/sentence features + at most 5 per
 * name list (its B/I/L/U part, first word, last word, previous and next
 * token on it) + the set of lists; must not be lower */
#define NER_MAX_DYN (9 + 5 * NER_GZ_MAXLISTS + 1)
#define NER_MAX_DOC 20 /* per position, pass-2 extras */

/* Static features of a token seen at window offset off (-2..2) from the
 * position being labelled: they depend on that token alone, which lets the
 * tagger precompute their summed weights per known word. Returns count. */
int ner_static_feats(const ner_tokinfo *ti, int off, uint64_t *out);

/* Context of a sentence, for the dynamic features. */
typedef struct ner_sentctx {
    const ner_dyninfo *const *tok; /* tok[i] for i in [0, n) */
    size_t n;
    int allcaps;        /* every word of the sentence with letters is all caps */
    size_t first;       /* the first token with a letter or digit (after quotes, dashes) */
    const uint64_t *gz; /* per token: name-list codes (ner_gz_codes), or NULL */
} ner_sentctx;

/* Fills sc for tokens tok[0..n) with name-list codes gz (may be NULL). */
void ner_sentctx_init(ner_sentctx *sc, const ner_dyninfo *const *tok, size_t n, const uint64_t *gz);

/* Features that look at more than one token or at sentence context.
 * Returns count. */
int ner_dyn_feats(const ner_sentctx *sc, size_t t, uint64_t *out);

/* Per-token document counts (NER_DOC_NC per token): [0] = other capitalised
 * occurrences of the same (lower-cased) word that pass 1 left outside
 * entities, [1+k] those it put in an entity of type k, [5] = 1 + class of
 * the word's first capitalised occurrence when that is another token, or 0;
 * [6] = other occurrences that start with a lower-case letter; [7..9] =
 * positions of up to three other capitalised occurrences (NER_NOROW: none). */
#define NER_DOC_NC 10
#define NER_DOC_ACC 12 /* accumulator entries per distinct word */
#define NER_DOC_OCC 4  /* occurrences kept per distinct word */

/* Pass-2 document features from counts (above). doc/ndoc: the document's
 * tokens (for the words around the other occurrences); self is pass 1's
 * label at this position, prev/next at the neighbours (-1 at sentence
 * edges); first: the token is its sentence's first word. */
int ner_doc_feats(const uint32_t *counts, const ner_dyninfo *const *doc, size_t ndoc, uint32_t flags, int first,
                  int self, int prev, int next, uint64_t *out);

/* 1 if the sentence has >= 2 words with letters and all are upper case. */
int ner_sentence_allcaps(const ner_dyninfo *const *tok, size_t n);

/* Document counts for ner_doc_feats; see features.c. counts: n*NER_DOC_NC,
 * acc: n*NER_DOC_ACC. */
void ner_doc_counts(size_t n, const ner_dyninfo *const *tok, const uint8_t *labels, uint32_t *counts,
                    uint64_t *tkeys, uint32_t *tvals, size_t tsize, uint32_t *acc, uint32_t *slot_of);
/* counts NULL: ner_doc_counts only accumulates per distinct word (acc,
 * slot_of), and token t's NER_DOC_NC counts come from ner_doc_counts_at
 * when needed - a tagger then keeps 40 bytes a token less. */
void ner_doc_counts_at(size_t t, const ner_dyninfo *const *tok, const uint8_t *labels, const uint32_t *acc,
                       const uint32_t *slot_of, uint32_t *counts);

/* Shape strings, for debugging and tests. */
size_t ner_shape(const char *s, size_t n, char *out, size_t outsz, int collapse);

/* ---- lexicon: word -> cluster path (and an id) ---------------------------- */

typedef struct ner_lexicon {
    char *pool;
    size_t pool_len, pool_cap;
    uint32_t *off, *len, *cl_bits, *cl_len; /* per entry */
    uint32_t *count;                        /* per entry: frequency in the clustered text */
    uint32_t *autocls;                      /* per entry: see ner_tokinfo.autocls */
    size_t n, cap;
    uint32_t *tab; /* open addressing: id + 1, 0 = empty */
    size_t tabsize;
} ner_lexicon;

void ner_lexicon_init(ner_lexicon *lx);
void ner_lexicon_free(ner_lexicon *lx);
/* Returns the id of s, or -1. */
long ner_lexicon_find(const ner_lexicon *lx, const char *s, size_t n);
/* The same in steps, for a tagger that looks up many words at once: the
 * hash of s (ner_lexicon_hash), then the lookup given it; the prefetch
 * calls only warm the cache for a later lookup of the word with hash h:
 * its first table slot, then (the slot read) that entry's length and
 * offset, then (those read) its string, returning the id in the first
 * slot (a candidate, not necessarily the word) or -1. */
uint64_t ner_lexicon_hash(const char *s, size_t n);
long ner_lexicon_find_h(const ner_lexicon *lx, const char *s, size_t n, uint64_t h);
void ner_lexicon_prefetch_slot(const ner_lexicon *lx, uint64_t h);
void ner_lexicon_prefetch_entry(const ner_lexicon *lx, uint64_t h);
long ner_lexicon_prefetch_word(const ner_lexicon *lx, uint64_t h);
/* Makes room for n entries with pool_bytes of strings (optional). */
void ner_lexicon_reserve(ner_lexicon *lx, size_t n, size_t pool_bytes);
/* Adds s if absent (returns the id either way). */
long ner_lexicon_add(ner_lexicon *lx, const char *s, size_t n, uint32_t cl_bits, uint32_t cl_len);
/* Cluster path of a word: its own, else that of its lower-cased form, else
 * of its capitalised form (first letter upper, rest lower). */
void ner_lexicon_cluster(const ner_lexicon *lx, const char *s, size_t n, uint32_t *bits, uint32_t *len);
/* Capitalisation class of a word from the clustered text's counts: how
 * often its lower-cased form is seen capitalised (0 = unseen, 1..4 buckets
 * from "mostly lower case" to "always capitalised"). */
uint32_t ner_lexicon_caseclass(const ner_lexicon *lx, const char *s, size_t n);
/* Reads a "bits<TAB>word<TAB>count" clusters file (Brown output); returns 0
 * or -1 with a message. */
int ner_lexicon_load_clusters(ner_lexicon *lx, const char *path, char *err, size_t errlen);

/* ---- name lists as features (gazfeat.c) ---------------------------------- */

typedef struct ner_str {
    const char *p;
    uint32_t n;
} ner_str;

typedef struct ner_gzlists {
    uint32_t nlists, nnames, maxbytes;
    char names[NER_GZ_MAXLISTS][24]; /* list names (file names without .txt) */
    uint64_t *keys;                  /* name hash | list bit set; 0 = empty */
    size_t keysize;                  /* power of two */
    uint32_t *pref;                  /* prefix hashes at possible token cuts */
    size_t prefsize;                 /* power of two */
    uint64_t *words;                 /* word hash | first-word lists | last-word lists << 12 */
    size_t wordsize;                 /* power of two */
} ner_gzlists;
#define NER_GZ_WORD_BITS 24

/* Compiles every DIR/ *.txt (one name per line, '#' comments) into g; list
 * ids follow the sorted file names. Returns 0 or -1 with a message. */
int ner_gzlists_build(ner_gzlists *g, const char *dir, char *err, size_t errlen);
void ner_gzlists_free(ner_gzlists *g);
/* Per token of a sentence: bits 0-35, 3 per list, 1 + BILOU part of the
 * token in that list's leftmost-longest match, 0 outside; bits 36-47 the
 * lists on which the token is the first word of a longer name, bits 48-59
 * those on which it is the last word. g may be NULL (all 0). */
void ner_gz_codes(const ner_gzlists *g, const ner_str *tok, size_t n, uint64_t *codes);

/* ---- decoding ------------------------------------------------------------- */

/* Allowed-transition tables (BILOU), built once. */
int ner_trans_allowed(int from, int to);
int ner_start_allowed(int to);
int ner_end_allowed(int from);

/* Viterbi over n positions. emit[t*17+y]; trans[from*17+to]; start/end[y];
 * mask (may be NULL): mask[t] is a bit set of labels allowed at t.
 * delta: scratch of n*17 floats. Writes best labels to out. Returns the
 * best score. */
float ner_viterbi(const float *emit, size_t n, const float *trans, const float *start, const float *end,
                  const uint32_t *mask, float *delta, uint8_t *out);

/* Forward-backward at temperature tau: fills alpha/beta (scaled, n*17 each)
 * and scale[n]; then ner_span_prob gives P(labels[s..e] exactly). */
void ner_forward_backward(const float *emit, size_t n, const float *trans, const float *start, const float *end,
                          const uint32_t *mask, float tau, float *alpha, float *beta, float *scale, float *expemit);
float ner_span_prob(const float *alpha, const float *beta, const float *scale, const float *expemit,
                    const float *exptrans, const uint8_t *labels, size_t s, size_t e);

/* ---- CoNLL files (training / evaluation) ---------------------------------- */

typedef struct ner_corpus {
    char *pool; /* token strings, NUL-separated */
    size_t pool_len, pool_cap;
    uint32_t *tok_off; /* per token: offset of its string in pool */
    uint32_t *tok_len;
    uint8_t *gold; /* per token: BILOU label */
    size_t ntok, tokcap;
    uint32_t *sent_start; /* sentence s = tokens [sent_start[s], sent_start[s+1]) */
    size_t nsent, sentcap;
    uint32_t *doc_start; /* document d = sentences [doc_start[d], doc_start[d+1]) */
    size_t ndoc, doccap;
} ner_corpus;

int ner_corpus_read(ner_corpus *c, const char *path, char *err, size_t errlen);
void ner_corpus_free(ner_corpus *c);

/* IOB1/IOB2 tag strings of one sentence -> BILOU labels (conlleval chunk
 * rules). */
void ner_iob_to_bilou(const char *const *tags, size_t n, uint8_t *out);

/* Entity-level scoring. */
typedef struct ner_score {
    long tp[NER_NTYPES], fp[NER_NTYPES], fn[NER_NTYPES];
} ner_score;
void ner_score_add(ner_score *sc, const uint8_t *gold, const uint8_t *pred, size_t n);
/* Prints a conlleval-like table to fp; returns overall F1 (0..100). */
double ner_score_print(const ner_score *sc, void *fp, const char *title);
double ner_score_f1(const ner_score *sc);

/* ---- model internals ------------------------------------------------------ */

#define NER_MODEL_MAGIC "TPNERMDL"
#define NER_MODEL_VERSION 3u
#define NER_NPASS 2

struct ner_model {
    uint32_t hash_bits;
    int16_t *w[NER_NPASS];   /* dense rows x NER_NLABELS */
    float wscale[NER_NPASS]; /* real weight = int16 * wscale */
    float trans[NER_NPASS][NER_NLABELS * NER_NLABELS];
    float start[NER_NPASS][NER_NLABELS], end[NER_NPASS][NER_NLABELS];
    float exptrans[NER_NLABELS * NER_NLABELS]; /* pass 2 at temperature tau */
    float expstart[NER_NLABELS], expend[NER_NLABELS];
    float tau;    /* confidence temperature */
    uint32_t crc; /* of the model file (tells models apart in workspace caches) */
    ner_lexicon lex;
    ner_dyninfo *lexdyn; /* per lexicon entry */
    uint32_t *lexrow;    /* per entry: its row of lexvec, or NER_NOROW (summed when met) */
    int16_t *lexvec;     /* per row: [pass][offset][label] summed static weights */
    float lexscale[NER_NPASS];
    ner_gzlists gz;        /* name lists (nlists 0: none) */
    ner_dyninfo paddyn[2]; /* before / after the sentence */
    int16_t padvec[2][NER_NPASS][NER_NOFFS][NER_NLABELS];
    char info[512];
    uint64_t src_size; /* of the compact model file (an image records its source) */
    void *map;         /* a mapped image (image.c): the arrays point into it */
    size_t map_len;
};

#define NER_LEXVEC_STRIDE (NER_NPASS * NER_NOFFS * NER_NLABELS)
#define NER_NOROW 0xffffffffu
/* Lexicon autocls: the self-labelled class in the low bits, and a flag for
 * words of the labelled training data (their sums are precomputed). */
#define NER_LEX_CLASS 0xffffu
#define NER_LEX_LABELLED 0x10000u

static inline uint32_t ner_row(uint64_t feat, uint32_t bits) { return (uint32_t)(feat >> (64 - bits)); }

/* Training-side description of a model to write. */
typedef struct ner_model_out {
    uint32_t hash_bits;
    const float *w[NER_NPASS]; /* rows x NER_NLABELS */
    const float *trans[NER_NPASS], *start[NER_NPASS], *end[NER_NPASS];
    float tau;
    const ner_lexicon *lex;
    const ner_gzlists *gz; /* may be NULL */
    const char *info;
} ner_model_out;

int ner_model_write(const ner_model_out *mo, const char *path, char *err, size_t errlen);

/* The memory-mapped model image (image.c).  ner_image_write writes m (a
 * model loaded from its compact file) as an image; ner_image_map maps one
 * from fd (size bytes), checking what load-time checks cover;
 * ner_image_verify checks the CRCs of the sections load does not read (0 for
 * a model not mapped); ner_image_matches tells whether the image at path
 * was made from the compact file with that CRC and size by this code. */
int ner_image_write(const ner_model *m, const char *path, char *err, size_t errlen);
ner_model *ner_image_map(const char *path, int fd, size_t size, char *err, size_t errlen);
int ner_image_verify(const ner_model *m, char *err, size_t errlen);
int ner_image_matches(const char *img_path, uint32_t src_crc, uint64_t src_size);

/* Sets the confidence temperature (and the exp tables that depend on it). */
void ner_model_set_tau(ner_model *m, float tau);

/* Token info with the cluster found in the model's lexicon. */
void ner_model_tokinfo(const ner_model *m, const char *s, size_t n, ner_tokinfo *ti);
/* Summed static weights of a token: acc[pass][offset][label], weight units. */
void ner_model_static_sums(const ner_model *m, const ner_tokinfo *ti, int32_t *acc);
/* ... converted to the lexicon scale, as stored in lexvec. */
void ner_model_quantise_sums(const ner_model *m, const int32_t *acc, int16_t *out);

/* ---- gazetteer ------------------------------------------------------------ */

/* Finds gazetteer matches inside each sentence and narrows mask[t] (bit set
 * of allowed labels) to the forced labelling; forced[t] set to 1 inside a
 * forced entity. Returns the number of matches. */
size_t ner_gazetteer_apply(const ner_gazetteer *g, const char *text, const ner_range *tokens,
                           const ner_range *sents, size_t nsent, uint32_t *mask, uint8_t *forced);

/* Entry point of the clusterer (brown.c). */
int ner_brown_main(int argc, char **argv);

void ner_errf(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
