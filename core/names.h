/*
 * names.h - interning of annotation type and feature names.
 *
 * Each distinct name gets a small id (1, 2, …) once; the hot path then works
 * with ids.  A pipeline owns one table for types and one for features.
 */
#ifndef TP_NAMES_H
#define TP_NAMES_H

#include <stddef.h>
#include <stdint.h>

typedef struct tp__names {
    char **names; /* names[id], names[0] unused */
    size_t count; /* ids in use, plus one */
    size_t cap;
    uint32_t *slots; /* open addressing: 0 = empty, else id */
    size_t nslots;   /* power of two */
} tp__names;

void tp__names_init(tp__names *t);
void tp__names_free(tp__names *t);
/* The id of `name`, adding it if new. */
uint32_t tp__names_intern(tp__names *t, const char *name);
/* The id of `name`, or 0 when it was never interned. */
uint32_t tp__names_find(const tp__names *t, const char *name);
/* The name of `id`, or NULL when out of range. */
const char *tp__names_get(const tp__names *t, uint32_t id);
/* Ids run from 1 to tp__names_max(t) inclusive. */
static inline uint32_t tp__names_max(const tp__names *t) { return (uint32_t)(t->count - 1); }

/* ---- Names the output can carry -------------------------------------------
 * Type names become JSON keys and feature names keys of span objects, a
 * dotted name nesting ("converted.amount" -> "converted":{"amount":…}).
 * So a name must be non-empty valid UTF-8; a feature name has no empty
 * part, at most TP__FEAT_MAX_DEPTH parts, and is neither a dotted prefix of
 * another feature name of the pipeline nor extended by one ("f" with
 * "f.x" would write the key "f" twice), and is not "start", "end" or
 * "text" (or under them), which every span object has already. */
#define TP__FEAT_MAX_DEPTH 16

/* NULL when `name` is a usable type name, else a malloc'd reason. */
char *tp__type_name_problem(const char *name);
/* NULL when `name` is a usable feature name next to those in `feats`. */
char *tp__feat_name_problem(const tp__names *feats, const char *name);

#endif
