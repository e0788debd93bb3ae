/*
 * arena.h - bump allocation for everything one document owns.
 *
 * Memory comes from a chain of chunks and is released all at once by
 * tp__arena_reset() (which keeps the first chunk for the next document, so a
 * steady stream of similar documents allocates nothing) or tp__arena_free().
 */
#ifndef TP_ARENA_H
#define TP_ARENA_H

#include <stddef.h>

struct tp__chunk;

typedef struct tp__arena {
    struct tp__chunk *head; /* chunk being filled */
    struct tp__chunk *first;
    size_t chunk_size; /* default size of new chunks */
} tp__arena;

void tp__arena_init(tp__arena *a, size_t chunk_size);
/* `size` bytes aligned to 16; aborts on out-of-memory. */
void *tp__arena_alloc(tp__arena *a, size_t size);
/* Copies `n` bytes and appends a NUL. */
char *tp__arena_strndup(tp__arena *a, const char *s, size_t n);
/* Frees everything but the first chunk. */
void tp__arena_reset(tp__arena *a);
void tp__arena_free(tp__arena *a);

#endif
