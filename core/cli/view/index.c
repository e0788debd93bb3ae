/* view/index.c - the counts of a batch, first pass (see index.h). */
#include "autoconfig.h"

#include "view/index.h"

#include <stdlib.h>
#include <string.h>

#include "view/esc.h"
#include "view/palette.h"
#include "view/values.h"
#include "xalloc.h"

tp__view_kind tp__view_kind_of(const char *layer)
{
    if (strcmp(layer, "sentence") == 0)
        return TP__VIEW_SENT;
    if (strcmp(layer, "summary") == 0)
        return TP__VIEW_SUM;
    if (strcmp(layer, "token") == 0)
        return TP__VIEW_TOKEN;
    if (strcmp(layer, "money") == 0)
        return TP__VIEW_MONEY;
    if (strcmp(layer, "entity") == 0)
        return TP__VIEW_ENT;
    return TP__VIEW_OTHER;
}

/* ---- Names ----------------------------------------------------------------------- */

size_t tp__view_names_slot(const tp__view_names *s, const char *name)
{
    /* A linear search: a table holds at most TP__VIEW_MAX_NAMES names. */
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], name) == 0)
            return i;
    return TP__VIEW_MAX_NAMES;
}

size_t tp__view_names_add(tp__view_names *s, const char *name)
{
    size_t i = tp__view_names_slot(s, name);
    if (i != TP__VIEW_MAX_NAMES || s->n >= TP__VIEW_MAX_NAMES)
        return i;
    s->v = tp__xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
    s->v[s->n] = tp__xstrdup(name);
    return s->n++;
}

void tp__view_names_free(tp__view_names *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* ---- Counts -------------------------------------------------------------------- */

/* Where a key's batch total is kept. */
static size_t key_slot(uint32_t key)
{
    if (key < TP__VIEW_KEY_LABEL(0))
        return key;
    if (key < TP__VIEW_KEY_LAYER(0))
        return 4 + (key - TP__VIEW_KEY_LABEL(0));
    return 4 + (TP__VIEW_MAX_NAMES + 1) + (key - TP__VIEW_KEY_LAYER(0));
}

void tp__view_index_init(tp__view_index *x)
{
    memset(x, 0, sizeof *x);
    for (size_t i = 0; i < TP__VIEW_NSTD_LABELS; i++) tp__view_names_add(&x->labels, tp__view_std_labels[i]);
}

/* Adds n to `key` of the last document. */
static void add_count(tp__view_index *x, uint32_t key, uint32_t n)
{
    tp__view_docinfo *d = &x->docs[x->ndocs - 1];
    for (size_t i = d->first; i < d->first + d->ncounts; i++)
        if (x->counts[i].key == key) {
            x->counts[i].n += n;
            return;
        }
    x->counts = tp__xgrow(x->counts, &x->capcounts, x->ncounts + 1, sizeof *x->counts);
    x->counts[x->ncounts++] = (tp__view_count){key, n};
    d->ncounts++;
}

/* "stage: code" of an error record ("view: unreadable" for a line that
 * is not a record), escaped. */
static char *error_summary(const tp__view_rec *c)
{
    const char *stage = c->error ? tp__view_str(c->error, "stage") : "view";
    const char *code = c->error ? tp__view_str(c->error, "code") : "unreadable";
    tp__buf e = {0};
    tp__view_esc_clipped(&e, stage ? stage : "?", 80, TP__VIEW_TEXT);
    tp__buf_puts(&e, ": ");
    tp__view_esc_clipped(&e, code ? code : "?", 80, TP__VIEW_TEXT);
    tp__buf_putc(&e, '\0');
    return e.data;
}

void tp__view_index_add(tp__view_index *x, const tp__view_rec *c, const tp__view_reader *rd)
{
    x->docs = tp__xgrow(x->docs, &x->capdocs, x->ndocs + 1, sizeof *x->docs);
    tp__view_docinfo *d = &x->docs[x->ndocs++];
    memset(d, 0, sizeof *d);
    d->first = x->ncounts;
    tp__buf t = {0};
    if (c->id)
        tp__view_esc_clipped(&t, c->id, TP__VIEW_ID_SHOWN_MAX, TP__VIEW_TEXT);
    else if (c->j)
        tp__buf_puts(&t, "(no id)");
    else {
        tp__view_esc_clipped(&t, rd->name, TP__VIEW_ID_SHOWN_MAX, TP__VIEW_TEXT);
        tp__buf_printf(&t, ":%zu", rd->lineno);
    }
    tp__buf_putc(&t, '\0');
    d->id = t.data;
    if (!c->j || c->error) {
        d->error = error_summary(c);
        x->nerrors++;
        return;
    }
    if (!c->ann)
        return;
    for (const cJSON *layer = c->ann->child; layer; layer = layer->next) {
        if (!cJSON_IsArray(layer) || !layer->string)
            continue;
        uint32_t n = (uint32_t)cJSON_GetArraySize(layer);
        switch (tp__view_kind_of(layer->string)) {
        case TP__VIEW_SENT: add_count(x, TP__VIEW_KEY_SENT, n); break;
        case TP__VIEW_MONEY: add_count(x, TP__VIEW_KEY_MONEY, n); break;
        case TP__VIEW_SUM: add_count(x, TP__VIEW_KEY_SUM, n); break;
        case TP__VIEW_ENT:
            add_count(x, TP__VIEW_KEY_ENT, n);
            for (const cJSON *s = layer->child; s; s = s->next) {
                const char *l = tp__view_str(s, "label");
                add_count(x, TP__VIEW_KEY_LABEL(tp__view_names_add(&x->labels, l && *l ? l : "?")), 1);
            }
            break;
        case TP__VIEW_TOKEN:
        case TP__VIEW_OTHER:
            add_count(x, TP__VIEW_KEY_LAYER(tp__view_names_add(&x->layers, layer->string)), n);
            break;
        }
    }
}

void tp__view_index_finish(tp__view_index *x)
{
    memset(x->totals, 0, sizeof x->totals);
    memset(x->seen, 0, sizeof x->seen);
    for (size_t i = 0; i < x->ncounts; i++) {
        x->totals[key_slot(x->counts[i].key)] += x->counts[i].n;
        x->seen[key_slot(x->counts[i].key)] = true;
    }
}

uint32_t tp__view_index_count(const tp__view_index *x, const tp__view_docinfo *d, uint32_t key)
{
    if (!d)
        return x->totals[key_slot(key)];
    for (size_t i = d->first; i < d->first + d->ncounts; i++)
        if (x->counts[i].key == key)
            return x->counts[i].n;
    return 0;
}

bool tp__view_index_seen(const tp__view_index *x, uint32_t key) { return x->seen[key_slot(key)]; }

const char *tp__view_label_name(const tp__view_index *x, size_t i)
{
    return i < x->labels.n ? x->labels.v[i] : "other labels";
}

const char *tp__view_layer_name(const tp__view_index *x, size_t i)
{
    return i < x->layers.n ? x->layers.v[i] : "other layers";
}

void tp__view_index_free(tp__view_index *x)
{
    for (size_t i = 0; i < x->ndocs; i++) {
        free(x->docs[i].id);
        free(x->docs[i].error);
    }
    free(x->docs);
    free(x->counts);
    tp__view_names_free(&x->labels);
    tp__view_names_free(&x->layers);
    memset(x, 0, sizeof *x);
}
