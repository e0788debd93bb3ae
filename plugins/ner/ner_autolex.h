/* ner_autolex.h - self-labelled unlabelled text (training only); see autolex.c. */
#ifndef NER_AUTOLEX_H
#define NER_AUTOLEX_H

#include "ner_internal.h"

typedef struct ner_ucorpus ner_ucorpus;

/* Reads tokenised text (one sentence per line, tokens separated by spaces);
 * clusters and case classes of its words come from lx. */
ner_ucorpus *ner_ucorpus_read(const char *path, const ner_lexicon *lx, char *err, size_t errlen);
void ner_ucorpus_free(ner_ucorpus *u);
size_t ner_ucorpus_ntypes(const ner_ucorpus *u);
size_t ner_ucorpus_ntokens(const ner_ucorpus *u);
/* Type id of a word, or -1. */
long ner_ucorpus_find(const ner_ucorpus *u, const char *s, size_t n);
/* Precomputes static feature rows for 2^bits hashed rows and the name-list
 * codes of every sentence (gz may be NULL); call once. gz is not kept. */
void ner_ucorpus_prepare(ner_ucorpus *u, uint32_t bits, const ner_gzlists *gz);
/* Tags the text with pass-1 float weights w (rows x 17) and transitions tr
 * (17*17, then start[17], end[17]); writes each type's class to cls
 * (0 = too rare, else 1 + 3*class + consistency bucket). Thread-safe for
 * concurrent calls on one prepared corpus. */
void ner_ucorpus_classes(const ner_ucorpus *u, const float *w, const float *tr, uint8_t *cls);

#endif
