/* options.c - option values against option tables (see options.h). */
#include "autoconfig.h"

#include "options.h"

#include <assert.h>
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

const char *tp__option_type_name(tp_option_type t)
{
    switch (t) {
    case TP_OPT_STRING: return "string";
    case TP_OPT_INT: return "integer";
    case TP_OPT_DOUBLE: return "number";
    case TP_OPT_BOOL: return "boolean";
    case TP_OPT_LIST: return "list of strings";
    }
    return "?";
}

static size_t table_len(const tp_option_spec *spec)
{
    size_t n = 0;
    while (spec && spec[n].name) n++;
    return n;
}

static bool has_range(const tp_option_spec *o) { return !(o->min == 0 && o->max == 0); }

/* The index of v among the '|'-separated choices, or -1. */
static int choice_index(const char *choices, const char *v)
{
    size_t vl = strlen(v);
    const char *p = choices;
    for (int i = 0; *p; i++) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == vl && strncmp(p, v, n) == 0)
            return i;
        if (!bar)
            break;
        p = bar + 1;
    }
    return -1;
}

static bool in_choices(const char *choices, const char *v) { return choice_index(choices, v) >= 0; }

/* "\"hard\", \"soft\"" from "hard|soft". */
static char *choices_list(const char *choices)
{
    size_t n = strlen(choices);
    char *out = tp__xmalloc(n * 4 + 3);
    char *q = out;
    *q++ = '"';
    for (const char *p = choices; *p; p++) {
        if (*p == '|') {
            memcpy(q, "\", \"", 4);
            q += 4;
        } else {
            *q++ = *p;
        }
    }
    *q++ = '"';
    *q = '\0';
    return out;
}

/* Converts `v` to the option's type in place.  Returns NULL when it fits,
 * else a malloc'd reason (without the stage/option prefix). */
static char *conform(const tp_option_spec *o, tp__value *v)
{
    switch (o->type) {
    case TP_OPT_STRING:
        if (v->kind != TP__V_STRING)
            return tp__xasprintf("must be a string, not %s", tp__value_describe(v));
        if (o->choices && !in_choices(o->choices, v->s)) {
            char *l = choices_list(o->choices);
            char *m = tp__xasprintf("must be one of %s, not \"%s\"", l, v->s);
            free(l);
            return m;
        }
        return NULL;
    case TP_OPT_INT:
        if (v->kind != TP__V_INT)
            return tp__xasprintf("must be an integer, not %s", tp__value_describe(v));
        if (has_range(o) && ((double)v->i < o->min || (double)v->i > o->max))
            return tp__xasprintf("= %lld is out of range [%.17g, %.17g]", (long long)v->i, o->min, o->max);
        return NULL;
    case TP_OPT_DOUBLE:
        if (v->kind == TP__V_INT) {
            v->kind = TP__V_FLOAT;
            v->d = (double)v->i;
        }
        if (v->kind != TP__V_FLOAT)
            return tp__xasprintf("must be a number, not %s", tp__value_describe(v));
        if (!isfinite(v->d))
            return tp__xasprintf("must be a finite number");
        if (has_range(o) && (v->d < o->min || v->d > o->max))
            return tp__xasprintf("= %.17g is out of range [%.17g, %.17g]", v->d, o->min, o->max);
        return NULL;
    case TP_OPT_BOOL:
        if (v->kind != TP__V_BOOL)
            return tp__xasprintf("must be true or false, not %s", tp__value_describe(v));
        return NULL;
    case TP_OPT_LIST:
        if (v->kind == TP__V_STRING) {
            v->items = tp__xcalloc(1, sizeof *v->items);
            v->items[0] = v->s;
            v->s = NULL;
            v->nitems = 1;
            v->kind = TP__V_LIST;
        }
        if (v->kind != TP__V_LIST)
            return tp__xasprintf("must be a list of strings, not %s", tp__value_describe(v));
        return NULL;
    }
    return tp__xasprintf("has an unknown type %d in the plugin's table", (int)o->type);
}

char *tp__options_check_table(const tp_option_spec *spec)
{
    size_t n = table_len(spec);
    for (size_t i = 0; i < n; i++) {
        const tp_option_spec *o = &spec[i];
        if (!islower((unsigned char)o->name[0]))
            return tp__xasprintf("option \"%s\": names are lower_snake_case, starting with a letter", o->name);
        for (const char *p = o->name; *p; p++)
            if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
                return tp__xasprintf("option \"%s\": names use lower_snake_case", o->name);
        for (size_t j = 0; j < i; j++)
            if (strcmp(spec[j].name, o->name) == 0)
                return tp__xasprintf("option \"%s\" is declared twice", o->name);
        if (o->type < TP_OPT_STRING || o->type > TP_OPT_LIST)
            return tp__xasprintf("option \"%s\" has an unknown type %d", o->name, (int)o->type);
        if (o->required && o->default_value)
            return tp__xasprintf("option \"%s\" is required but has a default", o->name);
        if (o->default_value) {
            tp__value v = tp__value_parse(o->default_value);
            char *why = conform(o, &v);
            tp__value_free(&v);
            if (why) {
                char *m = tp__xasprintf("option \"%s\": default \"%s\" %s", o->name, o->default_value, why);
                free(why);
                return m;
            }
        }
    }
    return NULL;
}

/* ---- Options bound to fields ------------------------------------------------
 *
 * tp_option_spec.field is TP_OPT_FIELD()'s (offset + 1) << 4 | C type. */

/* ABI 1.1 gave the first of 1.0's two reserved pointers a new name and type:
 * the entry must keep 1.0's size and layout, or 1.0 tables would be read
 * with the wrong stride. */
_Static_assert(sizeof(size_t) == sizeof(const void *), "field replaces a pointer");
_Static_assert(offsetof(tp_option_spec, field) == offsetof(tp_option_spec, choices) + sizeof(const char *),
               "field follows choices, where 1.0's reserved[0] was");
_Static_assert(sizeof(tp_option_spec) ==
                   offsetof(tp_option_spec, choices) + sizeof(const char *) + 2 * sizeof(const void *),
               "tp_option_spec keeps ABI 1.0's size");

static size_t field_offset(const tp_option_spec *o)
{
    assert(o->field >> 4); /* checked at load: TP_OPT_FIELD stores offset + 1 */
    return (o->field >> 4) - 1;
}

/* The field's C type: the recorded one, else the option type's first. */
static unsigned field_ctype(const tp_option_spec *o)
{
    static const unsigned natural[] = {
        [TP_OPT_STRING] = TP__FIELD_STR, [TP_OPT_INT] = TP__FIELD_I64, [TP_OPT_DOUBLE] = TP__FIELD_DOUBLE, [TP_OPT_BOOL] = TP__FIELD_INT, [TP_OPT_LIST] = TP__FIELD_LIST};
    unsigned t = (unsigned)(o->field & 15);
    if (t != TP__FIELD_ANY)
        return t;
    return o->type >= TP_OPT_STRING && o->type <= TP_OPT_LIST ? natural[o->type] : TP__FIELD_ANY;
}

static size_t ctype_size(unsigned t)
{
    switch (t) {
    case TP__FIELD_STR: return sizeof(const char *);
    case TP__FIELD_I64: return sizeof(int64_t);
    case TP__FIELD_DOUBLE: return sizeof(double);
    case TP__FIELD_INT: return sizeof(int);
    case TP__FIELD_SIZE: return sizeof(size_t);
    case TP__FIELD_LIST: return sizeof(tp_opt_list);
    }
    return 0;
}

static const char *ctype_name(unsigned t)
{
    switch (t) {
    case TP__FIELD_STR: return "const char *";
    case TP__FIELD_I64: return "int64_t";
    case TP__FIELD_DOUBLE: return "double";
    case TP__FIELD_INT: return "int";
    case TP__FIELD_SIZE: return "size_t";
    case TP__FIELD_LIST: return "tp_opt_list";
    }
    return "an unknown type";
}

/* Why option o cannot bind its field, or NULL. */
static char *field_problem(const tp_option_spec *o)
{
    if ((o->field >> 4) == 0 || (o->field & 15) > TP__FIELD_LIST)
        return tp__xasprintf("option \"%s\": field is not a TP_OPT_FIELD() value", o->name);
    unsigned t = field_ctype(o);
    bool ok = false;
    const char *need = NULL;
    switch (o->type) {
    case TP_OPT_STRING:
        ok = t == TP__FIELD_STR || (t == TP__FIELD_INT && o->choices);
        need = t == TP__FIELD_INT ? "an int field takes a choice's index: give the option choices"
                                  : "bind a const char * (or, with choices, an int)";
        break;
    case TP_OPT_INT:
        ok = t == TP__FIELD_I64 || (t == TP__FIELD_INT && has_range(o) && o->min >= INT_MIN && o->max <= INT_MAX) ||
             (t == TP__FIELD_SIZE && has_range(o) && o->min >= 0 && o->max <= (double)SIZE_MAX);
        need = t == TP__FIELD_INT    ? "an int field needs a min..max inside int's range"
               : t == TP__FIELD_SIZE ? "a size_t field needs a min..max with min >= 0"
                                     : "bind an int64_t (or, with a range that fits, an int or size_t)";
        break;
    case TP_OPT_DOUBLE:
        ok = t == TP__FIELD_DOUBLE;
        need = "bind a double";
        break;
    case TP_OPT_BOOL:
        ok = t == TP__FIELD_INT;
        need = "bind an int";
        break;
    case TP_OPT_LIST:
        ok = t == TP__FIELD_LIST;
        need = "bind a tp_opt_list";
        break;
    }
    if (ok)
        return NULL;
    return tp__xasprintf("option \"%s\" (%s) binds a field of type %s: %s", o->name, tp__option_type_name(o->type),
                         ctype_name(t), need);
}

char *tp__options_check_fields(const tp_option_spec *spec)
{
    size_t n = table_len(spec);
    for (size_t i = 0; i < n; i++) {
        const tp_option_spec *o = &spec[i];
        if (!o->field)
            continue;
        char *why = field_problem(o);
        if (why)
            return why;
        /* Two options writing the same bytes is a copy-paste slip. */
        size_t b = field_offset(o), e = b + ctype_size(field_ctype(o));
        for (size_t j = 0; j < i; j++) {
            const tp_option_spec *q = &spec[j];
            if (!q->field)
                continue;
            size_t qb = field_offset(q), qe = qb + ctype_size(field_ctype(q));
            if (b < qe && qb < e)
                return tp__xasprintf("options \"%s\" and \"%s\" bind the same field", q->name, o->name);
        }
    }
    return NULL;
}

void tp__options_bind(const tp__optset *o, void *base)
{
    assert(base); /* tp_init_bind() refuses a NULL state before this */
    for (size_t i = 0; i < o->n; i++) {
        const tp_option_spec *sp = &o->spec[i];
        if (!sp->field)
            continue;
        const tp__value *v = &o->vals[i].value;
        char *at = (char *)base + field_offset(sp);
        /* memcpy: the struct is the plugin's; nothing here assumes more
         * about it than the offset and the type the loader checked. */
        switch (field_ctype(sp)) {
        case TP__FIELD_STR: {
            const char *x = v->kind == TP__V_STRING ? v->s : NULL;
            memcpy(at, &x, sizeof x);
            break;
        }
        case TP__FIELD_INT: {
            int x = 0;
            if (sp->type == TP_OPT_STRING)
                x = v->kind == TP__V_STRING ? choice_index(sp->choices, v->s) : -1;
            else if (v->kind == TP__V_INT)
                x = (int)v->i; /* the range was checked to fit at load */
            else if (v->kind == TP__V_BOOL)
                x = v->i != 0;
            memcpy(at, &x, sizeof x);
            break;
        }
        case TP__FIELD_I64: {
            int64_t x = v->kind == TP__V_INT ? v->i : 0;
            memcpy(at, &x, sizeof x);
            break;
        }
        case TP__FIELD_SIZE: {
            size_t x = v->kind == TP__V_INT && v->i > 0 ? (size_t)v->i : 0;
            memcpy(at, &x, sizeof x);
            break;
        }
        case TP__FIELD_DOUBLE: {
            double x = v->kind == TP__V_FLOAT ? v->d : 0.0;
            memcpy(at, &x, sizeof x);
            break;
        }
        case TP__FIELD_LIST: {
            tp_opt_list x = {NULL, 0};
            if (v->kind == TP__V_LIST)
                x = (tp_opt_list){(const char *const *)v->items, v->nitems};
            memcpy(at, &x, sizeof x);
            break;
        }
        }
    }
}

int tp__options_resolve(tp__optset *out, const tp_option_spec *spec, const tp__stage_cfg *st, tp__diags *d)
{
    size_t before = d->count;
    size_t n = table_len(spec);
    out->spec = spec;
    out->n = n;
    out->vals = tp__xcalloc(n ? n : 1, sizeof *out->vals);
    const char **names = tp__xcalloc(n + 1, sizeof *names);
    for (size_t i = 0; i < n; i++) names[i] = spec[i].name;

    /* Every setting must name an option and fit its type.  A setting that
     * does not fit still counts as given (no "required" message too). */
    bool *given = tp__xcalloc(n ? n : 1, sizeof *given);
    for (size_t k = 0; k < st->nopts; k++) {
        const tp__setting *s = &st->opts[k];
        size_t i = 0;
        while (i < n && strcmp(spec[i].name, s->name) != 0) i++;
        if (i == n) {
            const char *near = tp__suggest(s->name, names, n);
            if (near)
                tp__diags_add(d, s->origin.file, s->origin.line,
                              "stage \"%s\": unknown option \"%s\" (did you mean \"%s\"?)", st->id, s->name, near);
            else if (n)
                tp__diags_add(d, s->origin.file, s->origin.line,
                              "stage \"%s\": unknown option \"%s\" (plugin \"%s\" has: %s%s%s%s)", st->id, s->name,
                              st->plugin, names[0], n > 1 ? ", " : "", n > 1 ? names[1] : "", n > 2 ? ", …" : "");
            else
                tp__diags_add(d, s->origin.file, s->origin.line,
                              "stage \"%s\": unknown option \"%s\" (plugin \"%s\" takes no options)", st->id,
                              s->name, st->plugin);
            continue;
        }
        given[i] = true;
        tp__value v = tp__value_copy(&s->value);
        char *why = conform(&spec[i], &v);
        if (why) {
            tp__diags_add(d, s->origin.file, s->origin.line, "stage \"%s\": option \"%s\" %s", st->id, s->name, why);
            free(why);
            tp__value_free(&v);
            continue;
        }
        out->vals[i].value = v;
        out->vals[i].set = true;
        out->vals[i].origin = (tp__origin){tp__xstrdup(s->origin.file), s->origin.line, tp__xstrdup(s->origin.dir)};
    }
    /* Defaults and required options. */
    for (size_t i = 0; i < n; i++) {
        if (out->vals[i].set)
            continue;
        if (spec[i].default_value) {
            out->vals[i].value = tp__value_parse(spec[i].default_value);
            free(conform(&spec[i], &out->vals[i].value)); /* checked at load */
        } else if (spec[i].required && !given[i]) {
            tp__diags_add(d, st->origin.file, st->origin.line, "stage \"%s\": required option \"%s\" (%s) is not set",
                          st->id, spec[i].name, tp__option_type_name(spec[i].type));
        }
    }
    free(names);
    free(given);
    return d->count == before ? 0 : -1;
}

const tp__optval *tp__options_get(const tp__optset *o, const char *name, tp_option_type *type)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->spec[i].name, name) == 0) {
            if (type)
                *type = o->spec[i].type;
            return &o->vals[i];
        }
    return NULL;
}

void tp__options_free(tp__optset *o)
{
    for (size_t i = 0; i < o->n; i++) {
        tp__value_free(&o->vals[i].value);
        free(o->vals[i].origin.file);
        free(o->vals[i].origin.dir);
    }
    free(o->vals);
    memset(o, 0, sizeof *o);
}
