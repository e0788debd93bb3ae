/* names.c - string interning with open addressing (see names.h). */
#include "autoconfig.h"

#include "names.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

void tp__names_init(tp__names *t)
{
    t->cap = 16;
    t->names = tp__xcalloc(t->cap, sizeof *t->names);
    t->count = 1;
    t->nslots = 32;
    t->slots = tp__xcalloc(t->nslots, sizeof *t->slots);
}

void tp__names_free(tp__names *t)
{
    for (size_t i = 1; i < t->count; i++)
        free(t->names[i]);
    free(t->names);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static size_t slot_of(const tp__names *t, const char *name)
{
    size_t mask = t->nslots - 1;
    size_t i = (size_t)hash_str(name) & mask;
    while (t->slots[i] && strcmp(t->names[t->slots[i]], name) != 0)
        i = (i + 1) & mask;
    return i;
}

uint32_t tp__names_find(const tp__names *t, const char *name)
{
    return t->slots[slot_of(t, name)];
}

uint32_t tp__names_intern(tp__names *t, const char *name)
{
    size_t i = slot_of(t, name);
    if (t->slots[i])
        return t->slots[i];
    if ((t->count + 1) * 2 > t->nslots) {
        /* Keep the load under one half; rehash every id. */
        free(t->slots);
        t->nslots *= 2;
        t->slots = tp__xcalloc(t->nslots, sizeof *t->slots);
        for (uint32_t id = 1; id < t->count; id++)
            t->slots[slot_of(t, t->names[id])] = id;
        i = slot_of(t, name);
    }
    t->names = tp__xgrow(t->names, &t->cap, t->count + 1, sizeof *t->names);
    uint32_t id = (uint32_t)t->count++;
    t->names[id] = tp__xstrdup(name);
    t->slots[i] = id;
    return id;
}

const char *tp__names_get(const tp__names *t, uint32_t id)
{
    return id > 0 && id < t->count ? t->names[id] : NULL;
}
