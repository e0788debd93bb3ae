/*
 * idset.h - the document ids a batch has seen, for duplicate detection.
 *
 * Ids are compared byte for byte; a 64-bit hash only narrows the search, so
 * two different ids whose hashes collide are still told apart.  Each id
 * keeps the input ordinal of its first occurrence, which duplicate messages
 * quote.  Memory: the id bytes plus about 40 bytes per id.
 */
#ifndef TP_IDSET_H
#define TP_IDSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct tp__idset tp__idset;

tp__idset *tp__idset_new(void);
void tp__idset_free(tp__idset *s);

/* Adds id[0..len) first seen at `ordinal`.  Returns 0 when it is new, else
 * the ordinal of its first occurrence (ordinals start at 1).  `hash` lets a
 * test force collisions; pass tp__idset_hash(id, len). */
uint64_t tp__idset_add_hashed(tp__idset *s, const char *id, size_t len, uint64_t hash, uint64_t ordinal);
uint64_t tp__idset_add(tp__idset *s, const char *id, size_t len, uint64_t ordinal);

size_t tp__idset_count(const tp__idset *s);

uint64_t tp__idset_hash(const char *id, size_t len);

#endif
