/* ner_model.h - statistical named-entity recogniser: the public contract.
 *
 * A linear-chain model over hashed sparse features, BILOU tags over the four
 * CoNLL types (PER, ORG, LOC, MISC), Viterbi decoding with the BILOU
 * transition constraints, and a second pass that sees what the first pass
 * said about the same word elsewhere in the document.
 *
 * Pure C11, no textpipe dependency. Thread safety: a loaded ner_model and a
 * loaded ner_gazetteer are read-only and may be shared by any number of
 * threads; a ner_workspace belongs to one thread at a time.
 *
 * Ownership: every pointer passed in is borrowed for the duration of the call
 * only; nothing keeps a pointer into caller memory after a call returns.
 * Objects returned by *_load / *_new are owned by the caller, who releases
 * them with the matching *_free (which accept NULL).
 *
 * Errors: functions that can fail take (char *err, size_t errlen) and write a
 * one-line, NUL-terminated message there (truncated to errlen; err may be
 * NULL). Library code never prints and never exits. */
#ifndef NER_MODEL_H
#define NER_MODEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Entity labels, as used in ner_entity.label and gazetteer files. */
enum { NER_PER = 0, NER_ORG = 1, NER_LOC = 2, NER_MISC = 3, NER_NTYPES = 4 };

/* "PER", "ORG", "LOC", "MISC"; "?" for anything else. Static storage. */
const char *ner_label_name(int label);

/* Parses "PER", "ORG", "LOC", "MISC" (also "O", which gives -1).
 * Returns -2 for an unknown name. */
int ner_label_parse(const char *name, size_t len);

/* A half-open range [start, end). For tokens: byte offsets into the document
 * text. For sentences: token indexes. */
typedef struct ner_range {
    uint32_t start;
    uint32_t end;
} ner_range;

/* One recognised entity: tokens [tok_start, tok_end) of the document. */
typedef struct ner_entity {
    uint32_t tok_start;
    uint32_t tok_end;
    int label;        /* NER_PER .. NER_MISC */
    float confidence; /* model's probability of exactly this span and label, in [0,1];
                         1.0 for spans forced by a gazetteer */
} ner_entity;

typedef struct ner_model ner_model;
typedef struct ner_workspace ner_workspace;
typedef struct ner_gazetteer ner_gazetteer;

/* ---- model -------------------------------------------------------------- */

/* Loads a model file written by ner_train_main. Returns NULL on failure with a
 * message naming path in err (missing file, bad magic, unsupported version,
 * truncated or corrupt file: sizes and a CRC-32 are checked before anything
 * is used). Loading takes about 0.1 s of CPU; the model needs ~45 MB. */
ner_model *ner_model_load(const char *path, char *err, size_t errlen);
void ner_model_free(ner_model *m);

/* Short human-readable description (version, sizes, training info). Static
 * to the model; valid until ner_model_free. */
const char *ner_model_info(const ner_model *m);

/* ---- workspace ---------------------------------------------------------- */

/* Scratch memory for tagging, reused across documents. It grows (by
 * doubling) to the largest document seen, so after warm-up tagging does no
 * allocation at all. Returns NULL when out of memory. */
ner_workspace *ner_workspace_new(void);
void ner_workspace_free(ner_workspace *ws);

/* ---- gazetteer ------------------------------------------------------------ */

/* Loads a newsroom gazetteer: UTF-8 text, one entry per line,
 * "name<TAB>LABEL" with LABEL one of PER, ORG, LOC, MISC or O. Blank lines
 * and lines starting with '#' are ignored. A name matches a run of tokens
 * whose texts, concatenated, equal the name with its white space removed
 * (case-sensitive), so the entry does not depend on how a tokeniser splits
 * it. When tagging, the longest match wins, leftmost first; a matched run is
 * forced to be exactly one entity of that label ("O": forced to be outside
 * any entity). Returns NULL with a message naming path and line on failure. */
ner_gazetteer *ner_gazetteer_load(const char *path, char *err, size_t errlen);
void ner_gazetteer_free(ner_gazetteer *g);
size_t ner_gazetteer_size(const ner_gazetteer *g);

/* ---- tagging ------------------------------------------------------------ */

/* Tags one document.
 *   text, text_len   the document's UTF-8 text (need not be NUL-terminated)
 *   tokens, ntok     token byte ranges into text, in order, non-overlapping
 *   sents, nsent     sentences as token index ranges, in order, covering
 *                    tokens without overlap (tokens outside every sentence
 *                    are ignored). Pass sents=NULL to treat the whole
 *                    document as one sentence.
 *   gaz              optional newsroom gazetteer (NULL for none)
 *   out, max_out     caller's array for entities, in document order
 * Returns the number of entities found (which may exceed max_out: only the
 * first max_out are written; call again with a bigger array), or -1 on a
 * bad argument or out of memory, with a message in err. */
long ner_tag(const ner_model *m, ner_workspace *ws, const ner_gazetteer *gaz, const char *text, size_t text_len,
             const ner_range *tokens, size_t ntok, const ner_range *sents, size_t nsent, ner_entity *out,
             size_t max_out, char *err, size_t errlen);

/* Options that trade accuracy for speed (defaults: both on). */
typedef struct ner_tag_options {
    int second_pass; /* document-level consistency pass */
    int confidence;  /* compute confidences (forward-backward); else 0.5 */
} ner_tag_options;

/* Sets options for later ner_tag calls with this workspace. */
void ner_workspace_set_options(ner_workspace *ws, const ner_tag_options *opt);

/* ---- training and evaluation (the "textpipe train ner" tool) ------------- */

/* Command-line entry point: trains a model from CoNLL-2003 files and writes
 * it; run with --help for usage. Returns a process exit code (0 ok, 1 error,
 * 2 usage). Prints progress on stderr. */
int ner_train_main(int argc, char **argv);

/* Command-line entry point: tags a CoNLL file (given tokens, -DOCSTART-
 * documents, blank-line sentences) with a model, prints P/R/F1 per label and
 * overall (entity-level exact match, as conlleval) and optionally writes a
 * "token gold predicted" file. Returns a process exit code. */
int ner_eval_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif
