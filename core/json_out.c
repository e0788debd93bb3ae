/* json_out.c - streaming JSON writer for output records (see json_out.h). */
#include "autoconfig.h"

#include "json_out.h"

#include "swar.h"
#include "xalloc.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes that cannot appear raw in a JSON string: 1 for those. */
static const unsigned char needs_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

void tp__json_put_string(tp__buf *b, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    tp__buf_reserve(b, len + 2);
    tp__buf_putc(b, '"');
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        /* eight bytes a step while none needs escaping */
        while (run + 8 <= len && !tp__swar_json_special(tp__swar_load(s + run))) run += 8;
        while (run < len && !needs_escape[s[run]]) run++;
        tp__buf_append(b, s + i, run - i);
        if (run == len)
            break;
        unsigned char c = s[run];
        switch (c) {
        case '"': tp__buf_append(b, "\\\"", 2); break;
        case '\\': tp__buf_append(b, "\\\\", 2); break;
        case '\n': tp__buf_append(b, "\\n", 2); break;
        case '\r': tp__buf_append(b, "\\r", 2); break;
        case '\t': tp__buf_append(b, "\\t", 2); break;
        case '\b': tp__buf_append(b, "\\b", 2); break;
        case '\f': tp__buf_append(b, "\\f", 2); break;
        default: tp__buf_printf(b, "\\u%04x", c); break;
        }
        i = run + 1;
    }
    tp__buf_putc(b, '"');
}

void tp__json_put_lossy(tp__buf *b, const char *str, size_t len)
{
    tp__utf8_result r = tp__utf8_check(str, len);
    if (r.status == TP_UTF8_OK) {
        tp__json_put_string(b, str, len);
        return;
    }
    tp__buf tmp = {0};
    tp__utf8_repair(&tmp, str, len);
    tp__json_put_string(b, tmp.data ? tmp.data : "", tmp.len);
    tp__buf_free(&tmp);
}

void tp__json_put_double(tp__buf *b, double v)
{
    if (!isfinite(v)) {
        tp__buf_puts(b, "null");
        return;
    }
    /* The shortest of %.15g..%.17g that reads back as the same double. */
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    tp__buf_puts(b, tmp);
}

static void put_u(tp__buf *b, size_t v)
{
    char tmp[24];
    char *p = tmp + sizeof tmp;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    tp__buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}

static void put_value(tp__buf *b, const struct tp__feature *f, const tp__write_opts *o)
{
    switch (f->kind) {
    case TP__F_INT: tp__buf_printf(b, "%" PRId64, f->v.i); break;
    case TP__F_DOUBLE: tp__json_put_double(b, f->v.d); break;
    case TP__F_BOOL: tp__buf_puts(b, f->v.i ? "true" : "false"); break;
    case TP__F_STR: tp__json_put_string(b, f->v.s, f->len); break;
    case TP__F_REF: {
        const char *n = tp__names_get(o->types, f->v.r.type);
        tp__buf_puts(b, "{\"layer\":");
        tp__json_put_string(b, n ? n : "?", n ? strlen(n) : 1);
        tp__buf_puts(b, ",\"index\":");
        put_u(b, f->v.r.index);
        tp__buf_putc(b, '}');
        break;
    }
    default: tp__buf_puts(b, "null");
    }
}

/* Writes features whose names (from byte `skip` on) are listed in `fs`,
 * nesting "a.b" as "a":{"b":…}.  Each member starts with a comma when
 * `lead_comma`.  Names sharing a prefix are grouped at the first one. */
static void put_features(tp__buf *b, const struct tp__feature *fs, uint32_t n, const char **names, size_t skip,
                         bool lead_comma, const tp__write_opts *o)
{
    bool any = false;
    for (uint32_t i = 0; i < n; i++) {
        const char *name = names[i] + skip;
        const char *dot = strchr(name, '.');
        size_t plen = dot ? (size_t)(dot - name) : strlen(name);
        /* Skip a nested name whose group an earlier feature already wrote. */
        bool seen = false;
        for (uint32_t j = 0; j < i && dot; j++) {
            const char *other = names[j] + skip;
            if (strncmp(other, name, plen) == 0 && other[plen] == '.')
                seen = true;
        }
        if (seen)
            continue;
        if (lead_comma || any)
            tp__buf_putc(b, ',');
        any = true;
        tp__json_put_string(b, name, plen);
        tp__buf_putc(b, ':');
        if (!dot) {
            put_value(b, &fs[i], o);
            continue;
        }
        /* Gather this group's members and recurse one level deeper. */
        struct tp__feature sub_small[16];
        const char *subnames_small[16];
        struct tp__feature *sub = sub_small;
        const char **subnames = subnames_small;
        if (n - i > 16) {
            sub = tp__xmalloc((n - i) * sizeof *sub);
            subnames = tp__xmalloc((n - i) * sizeof *subnames);
        }
        uint32_t m = 0;
        for (uint32_t j = i; j < n; j++) {
            const char *other = names[j] + skip;
            if (strncmp(other, name, plen) == 0 && other[plen] == '.') {
                sub[m] = fs[j];
                subnames[m++] = names[j];
            }
        }
        tp__buf_putc(b, '{');
        put_features(b, sub, m, subnames, skip + plen + 1, false, o);
        tp__buf_putc(b, '}');
        if (sub != sub_small) {
            free(sub);
            free(subnames);
        }
    }
}

static void put_span(tp__buf *b, const tp_doc *doc, const tp_span *s, const tp__offset_map *map,
                     const tp__write_opts *o)
{
    tp__buf_puts(b, "{\"start\":");
    put_u(b, tp__offset_map_get(map, s->begin));
    tp__buf_puts(b, ",\"end\":");
    put_u(b, tp__offset_map_get(map, s->end));
    tp__buf_puts(b, ",\"text\":");
    tp__json_put_string(b, doc->text + s->begin, s->end - s->begin);
    if (s->nfeat_) {
        const char *names_small[16];
        const char **names = s->nfeat_ <= 16 ? names_small : tp_doc_alloc((tp_doc *)doc, s->nfeat_ * sizeof *names);
        for (uint32_t i = 0; i < s->nfeat_; i++) {
            const char *n = tp__names_get(o->feats, s->feats_[i].name);
            names[i] = n ? n : "?";
        }
        put_features(b, s->feats_, s->nfeat_, names, 0, true, o);
    }
    tp__buf_putc(b, '}');
}

void tp__json_write_doc(tp__buf *b, tp_doc *doc, const tp__write_opts *o)
{
    tp__buf_puts(b, "{\"id\":");
    tp__json_put_string(b, doc->id, strlen(doc->id));
    if (o->pipeline) {
        tp__buf_puts(b, ",\"pipeline\":");
        tp__json_put_lossy(b, o->pipeline, strlen(o->pipeline));
    }
    if (o->text) {
        tp__buf_puts(b, ",\"text\":");
        tp__json_put_string(b, doc->text, doc->len);
    }
    if (doc->nmeta) {
        tp__buf_puts(b, ",\"meta\":{");
        for (size_t i = 0; i < doc->nmeta; i++) {
            if (i)
                tp__buf_putc(b, ',');
            tp__json_put_string(b, doc->meta[i].key, strlen(doc->meta[i].key));
            tp__buf_putc(b, ':');
            tp__buf_append(b, doc->meta[i].raw, doc->meta[i].raw_len);
        }
        tp__buf_putc(b, '}');
    }
    tp__buf_puts(b, ",\"annotations\":{");
    tp__offset_map map;
    uint32_t *marks = NULL;
    if (o->offsets != TP_OFFSETS_BYTES && !doc->ascii)
        marks = tp_doc_alloc(doc, tp__offset_map_marks_needed(doc->len) * sizeof *marks);
    tp__offset_map_init(&map, doc->text, doc->len, doc->ascii, o->offsets, marks);
    bool first_layer = true;
    for (size_t t = 1; t < doc->nlayers && t < o->nvisible; t++) {
        const tp__layer *l = &doc->layers[t];
        if (!o->visible[t] || l->count == 0)
            continue;
        if (!first_layer)
            tp__buf_putc(b, ',');
        first_layer = false;
        const char *name = tp__names_get(o->types, (uint32_t)t);
        tp__json_put_string(b, name, strlen(name));
        tp__buf_puts(b, ":[");
        for (uint32_t i = 0; i < l->count; i++) {
            if (i)
                tp__buf_putc(b, ',');
            put_span(b, doc, &l->spans[i], &map, o);
        }
        tp__buf_putc(b, ']');
    }
    tp__buf_puts(b, "}}\n");
}

void tp__json_write_error(tp__buf *b, const char *id, const char *pipeline, const char *stage, const char *code,
                          const char *message)
{
    tp__buf_puts(b, "{\"id\":");
    tp__json_put_lossy(b, id, strlen(id));
    if (pipeline) {
        tp__buf_puts(b, ",\"pipeline\":");
        tp__json_put_lossy(b, pipeline, strlen(pipeline));
    }
    tp__buf_puts(b, ",\"error\":{\"stage\":");
    tp__json_put_lossy(b, stage, strlen(stage));
    tp__buf_puts(b, ",\"code\":");
    tp__json_put_lossy(b, code, strlen(code));
    tp__buf_puts(b, ",\"message\":");
    tp__json_put_lossy(b, message, strlen(message));
    tp__buf_puts(b, "}}\n");
}
