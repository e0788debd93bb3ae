/* names.c - string interning with open addressing (see names.h). */
#include "autoconfig.h"

#include "names.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
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
    for (size_t i = 1; i < t->count; i++) free(t->names[i]);
    free(t->names);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static size_t slot_of(const tp__names *t, const char *name)
{
    size_t mask = t->nslots - 1;
    size_t i = (size_t)hash_str(name) & mask;
    while (t->slots[i] && strcmp(t->names[t->slots[i]], name) != 0) i = (i + 1) & mask;
    return i;
}

uint32_t tp__names_find(const tp__names *t, const char *name) { return t->slots[slot_of(t, name)]; }

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
        for (uint32_t id = 1; id < t->count; id++) t->slots[slot_of(t, t->names[id])] = id;
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

static char *name_problem(const char *what, const char *name)
{
    if (!*name)
        return tp__xasprintf("%s name is empty", what);
    tp__utf8_result r = tp__utf8_check(name, strlen(name));
    if (r.status != TP_UTF8_OK)
        return tp__xasprintf("%s name is not valid UTF-8 (%s at byte %zu), so the output could not "
                             "carry it",
                             what, tp__utf8_reason(r.status), r.offset);
    return NULL;
}

char *tp__type_name_problem(const char *name) { return name_problem("an annotation type", name); }

char *tp__feat_name_problem(const tp__names *feats, const char *name)
{
    char *why = name_problem("a feature", name);
    if (why)
        return why;
    size_t parts = 1;
    for (const char *p = name; *p; p++)
        if (*p == '.') {
            parts++;
            if (p == name || p[1] == '.' || p[1] == '\0')
                return tp__xasprintf("feature name \"%s\" has an empty part between dots", name);
        }
    /* The writer's own members of a span object. */
    static const char *const reserved[] = {"start", "end", "text"};
    for (size_t i = 0; i < 3; i++) {
        size_t r = strlen(reserved[i]);
        if (strncmp(name, reserved[i], r) == 0 && (name[r] == '\0' || name[r] == '.'))
            return tp__xasprintf("feature name \"%s\" would clash with the span's own \"%s\"", name, reserved[i]);
    }
    if (parts > TP__FEAT_MAX_DEPTH)
        return tp__xasprintf("feature name \"%.60s…\" nests %zu levels deep; at most %d", name, parts,
                             TP__FEAT_MAX_DEPTH);
    size_t n = strlen(name);
    for (uint32_t id = 1; feats && id < feats->count; id++) {
        const char *other = feats->names[id];
        size_t m = strlen(other);
        const char *shorter = m < n ? other : name, *longer = m < n ? name : other;
        size_t k = m < n ? m : n;
        if (m != n && strncmp(shorter, longer, k) == 0 && longer[k] == '.')
            return tp__xasprintf("feature names \"%s\" and \"%s\" clash: a dotted name nests inside "
                                 "the other, so one span object could hold the key \"%s\" twice; rename "
                                 "one (feature names are shared by the whole pipeline)",
                                 shorter, longer, shorter);
    }
    return NULL;
}
