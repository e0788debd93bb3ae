/*
 * idset.c - open-addressed hash set of ids (see idset.h).
 *
 * The ids themselves live in one growing pool; a table slot holds the hash,
 * the id's place in the pool and the ordinal.  Linear probing, load at most
 * one half.
 */
#include "autoconfig.h"

#include "idset.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

typedef struct entry {
    uint64_t hash; /* 0: empty */
    uint64_t ordinal;
    size_t off; /* in the pool: a size_t length, then the bytes */
} entry;

struct tp__idset {
    entry *table;
    size_t cap; /* a power of two */
    size_t count;
    tp__buf pool;
};

tp__idset *tp__idset_new(void) { return tp__xcalloc(1, sizeof(tp__idset)); }

void tp__idset_free(tp__idset *s)
{
    if (!s)
        return;
    free(s->table);
    tp__buf_free(&s->pool);
    free(s);
}

size_t tp__idset_count(const tp__idset *s) { return s->count; }

uint64_t tp__idset_hash(const char *id, size_t len)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a, then a finaliser */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)id[i]) * 1099511628211ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h ? h : 1;
}

static void grow(tp__idset *s)
{
    size_t ncap = s->cap ? s->cap * 2 : 1024;
    entry *nt = tp__xcalloc(ncap, sizeof *nt);
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->table[i].hash)
            continue;
        size_t j = (size_t)s->table[i].hash & (ncap - 1);
        while (nt[j].hash) j = (j + 1) & (ncap - 1);
        nt[j] = s->table[i];
    }
    free(s->table);
    s->table = nt;
    s->cap = ncap;
}

static int same_id(const tp__idset *s, const entry *e, const char *id, size_t len)
{
    size_t have;
    memcpy(&have, s->pool.data + e->off, sizeof have);
    return have == len && memcmp(s->pool.data + e->off + sizeof have, id, len) == 0;
}

uint64_t tp__idset_add_hashed(tp__idset *s, const char *id, size_t len, uint64_t hash, uint64_t ordinal)
{
    if (!hash)
        hash = 1;
    if ((s->count + 1) * 2 > s->cap)
        grow(s);
    size_t j = (size_t)hash & (s->cap - 1);
    while (s->table[j].hash) {
        if (s->table[j].hash == hash && same_id(s, &s->table[j], id, len))
            return s->table[j].ordinal;
        j = (j + 1) & (s->cap - 1);
    }
    s->table[j].hash = hash;
    s->table[j].ordinal = ordinal;
    s->table[j].off = s->pool.len;
    tp__buf_append(&s->pool, &len, sizeof len);
    tp__buf_append(&s->pool, id, len);
    s->count++;
    return 0;
}

uint64_t tp__idset_add(tp__idset *s, const char *id, size_t len, uint64_t ordinal)
{
    return tp__idset_add_hashed(s, id, len, tp__idset_hash(id, len), ordinal);
}
