/* options.c - option values against option tables (see options.h). */
#include "autoconfig.h"

#include "options.h"

#include <ctype.h>
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
    while (spec && spec[n].name)
        n++;
    return n;
}

static bool has_range(const tp_option_spec *o)
{
    return !(o->min == 0 && o->max == 0);
}

static bool in_choices(const char *choices, const char *v)
{
    size_t vl = strlen(v);
    const char *p = choices;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == vl && strncmp(p, v, n) == 0)
            return true;
        if (!bar)
            break;
        p = bar + 1;
    }
    return false;
}

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

int tp__options_resolve(tp__optset *out, const tp_option_spec *spec, const tp__stage_cfg *st,
                        tp__diags *d)
{
    size_t before = d->count;
    size_t n = table_len(spec);
    out->spec = spec;
    out->n = n;
    out->vals = tp__xcalloc(n ? n : 1, sizeof *out->vals);
    const char **names = tp__xcalloc(n + 1, sizeof *names);
    for (size_t i = 0; i < n; i++)
        names[i] = spec[i].name;

    /* Every setting must name an option and fit its type.  A setting that
     * does not fit still counts as given (no "required" message too). */
    bool *given = tp__xcalloc(n ? n : 1, sizeof *given);
    for (size_t k = 0; k < st->nopts; k++) {
        const tp__setting *s = &st->opts[k];
        size_t i = 0;
        while (i < n && strcmp(spec[i].name, s->name) != 0)
            i++;
        if (i == n) {
            const char *near = tp__suggest(s->name, names, n);
            if (near)
                tp__diags_add(d, s->origin.file, s->origin.line,
                              "stage \"%s\": unknown option \"%s\" (did you mean \"%s\"?)", st->id,
                              s->name, near);
            else if (n)
                tp__diags_add(d, s->origin.file, s->origin.line,
                              "stage \"%s\": unknown option \"%s\" (plugin \"%s\" has: %s%s%s%s)",
                              st->id, s->name, st->plugin, names[0], n > 1 ? ", " : "",
                              n > 1 ? names[1] : "", n > 2 ? ", …" : "");
            else
                tp__diags_add(d, s->origin.file, s->origin.line,
                              "stage \"%s\": unknown option \"%s\" (plugin \"%s\" takes no options)",
                              st->id, s->name, st->plugin);
            continue;
        }
        given[i] = true;
        tp__value v = tp__value_copy(&s->value);
        char *why = conform(&spec[i], &v);
        if (why) {
            tp__diags_add(d, s->origin.file, s->origin.line, "stage \"%s\": option \"%s\" %s", st->id,
                          s->name, why);
            free(why);
            tp__value_free(&v);
            continue;
        }
        out->vals[i].value = v;
        out->vals[i].set = true;
        out->vals[i].origin = (tp__origin){tp__xstrdup(s->origin.file), s->origin.line,
                                           tp__xstrdup(s->origin.dir)};
    }
    /* Defaults and required options. */
    for (size_t i = 0; i < n; i++) {
        if (out->vals[i].set)
            continue;
        if (spec[i].default_value) {
            out->vals[i].value = tp__value_parse(spec[i].default_value);
            free(conform(&spec[i], &out->vals[i].value)); /* checked at load */
        } else if (spec[i].required && !given[i]) {
            tp__diags_add(d, st->origin.file, st->origin.line,
                          "stage \"%s\": required option \"%s\" (%s) is not set", st->id,
                          spec[i].name, tp__option_type_name(spec[i].type));
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
