/*
 * options.h - a stage's options checked against its plugin's option table.
 *
 * The option table (tp_option_spec[], plugin.h) is the single source of
 * truth: it validates the config, supplies defaults, and is what
 * `textpipe plugins` prints.
 */
#ifndef TP_OPTIONS_H
#define TP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include <textpipe/plugin.h>

#include "config.h"
#include "diag.h"

typedef struct tp__optval {
    tp__value value;   /* converted to the spec's type; kind 0 when unset without default */
    bool set;          /* given by the config or --set */
    tp__origin origin; /* where it was set (empty when from the default) */
} tp__optval;

typedef struct tp__optset {
    const tp_option_spec *spec; /* the plugin's table */
    size_t n;
    tp__optval *vals; /* vals[i] for spec[i] */
} tp__optset;

/* Checks a plugin's option table (names, types, defaults that parse and
 * satisfy their own constraints).  NULL when fine, else a malloc'd reason. */
char *tp__options_check_table(const tp_option_spec *spec);

/* Checks the fields an ABI 1.1 table binds (tp_option_spec.field): each
 * one's C type fits its option (plugin.h lists the pairs) and no two
 * overlap.  NULL when fine, else a malloc'd reason.  Only for plugins of
 * minor 1 or later: in 1.0 the member was reserved. */
char *tp__options_check_fields(const tp_option_spec *spec);

/* Stores each bound option's value into its field of the struct at base
 * (tp_init_bind() in plugin.h says what each field receives). */
void tp__options_bind(const tp__optset *o, void *base);

/* Resolves the options of one stage.  Reports each problem at the line of
 * the offending setting.  Returns 0 or -1. */
int tp__options_resolve(tp__optset *out, const tp_option_spec *spec, const tp__stage_cfg *st, tp__diags *d);

/* The value of option `name`, or NULL when the table has no such option. */
const tp__optval *tp__options_get(const tp__optset *o, const char *name, tp_option_type *type);

void tp__options_free(tp__optset *o);

/* "string", "integer", … */
const char *tp__option_type_name(tp_option_type t);

#endif
