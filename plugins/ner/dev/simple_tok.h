/* simple_tok.h - a small CoNLL-like tokeniser and sentence splitter for the
 * NER development driver only.
 *
 * The textpipe "sentences" plugin owns real tokenisation; this one exists so
 * that the NER code can be exercised on raw text (raw-text F1 estimate on
 * testa_docs.jsonl) and so that unlabelled news text can be tokenised for
 * word clustering, before that plugin exists. */
#ifndef SIMPLE_TOK_H
#define SIMPLE_TOK_H

#include <stddef.h>

#include "../ner_model.h"

/* Tokenise text[0..len) into byte ranges. Writes at most max ranges to toks
 * and returns the number of tokens found (which may exceed max: call again
 * with a bigger array). */
size_t simple_tokenize(const char *text, size_t len, ner_range *toks, size_t max);

/* Group tokens into sentences (token index ranges). A sentence ends after
 * . ! ? (plus closing quotes/brackets) when the next token looks like a
 * sentence start, and always at a line break. Returns the number of sentences
 * (which may exceed max). */
size_t simple_sentences(const char *text, const ner_range *toks, size_t ntok, ner_range *sents, size_t max);

#endif
