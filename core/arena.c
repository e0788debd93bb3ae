/* arena.c - chunked bump allocator (see arena.h). */
#include "autoconfig.h"

#include "arena.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define ALIGN 16

struct tp__chunk {
    struct tp__chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    _Alignas(ALIGN) unsigned char data[];
};

static struct tp__chunk *chunk_new(size_t size)
{
    if (size > SIZE_MAX - sizeof(struct tp__chunk))
        tp__oom();
    struct tp__chunk *c = tp__xmalloc(sizeof *c + size);
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

void tp__arena_init(tp__arena *a, size_t chunk_size)
{
    a->chunk_size = chunk_size < 1024 ? 1024 : chunk_size;
    a->first = a->head = NULL;
}

void *tp__arena_alloc(tp__arena *a, size_t size)
{
    if (size > SIZE_MAX - ALIGN)
        tp__oom();
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    struct tp__chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        /* A request bigger than a chunk gets a chunk of its own, sized to fit. */
        struct tp__chunk *n = chunk_new(size > a->chunk_size ? size : a->chunk_size);
        if (c)
            c->next = n;
        else
            a->first = n;
        a->head = c = n;
    }
    assert(c->used + size <= c->size && c->used % ALIGN == 0); /* each block starts aligned */
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

char *tp__arena_strndup(tp__arena *a, const char *s, size_t n)
{
    char *d = tp__arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void tp__arena_reset(tp__arena *a)
{
    if (!a->first)
        return;
    /* Keep only the first chunk, so one huge document does not pin its
     * memory for the rest of the batch. */
    struct tp__chunk *keep = a->first;
    struct tp__chunk *c = keep->next;
    keep->next = NULL;
    keep->used = 0;
    while (c) {
        struct tp__chunk *next = c->next;
        free(c);
        c = next;
    }
    if (keep->size > a->chunk_size) {
        free(keep);
        a->first = a->head = NULL;
        return;
    }
    a->head = keep;
}

void tp__arena_free(tp__arena *a)
{
    struct tp__chunk *c = a->first;
    while (c) {
        struct tp__chunk *next = c->next;
        free(c);
        c = next;
    }
    a->first = a->head = NULL;
}
