/*
 * doc.c - the document model: text, layers of typed spans, features.
 *
 * Layers are arrays of tp_span indexed by type id.  Spans are appended; the
 * layer remembers whether an append broke the order, and tp__doc_end_stage()
 * sorts only those layers (stable, so equal spans keep insertion order),
 * remapping reference features that point into them.  All storage is in the
 * document's arena except the small layer index and the span arrays: those
 * grow by realloc, which frees (or, for big blocks, remaps) the old array,
 * so a layer costs its spans and no trail of outgrown copies (in the arena,
 * doubling left one copy of every size behind: twice the final array).
 */
#include "autoconfig.h"

#include "doc_impl.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "utf8.h"
#include "xalloc.h"

/* tp_doc_spans() hands plugins an array of tp_span: its stride and the
 * places of begin and end are compiled into every plugin, so they are part
 * of the ABI (<textpipe/version.h>) and fixed for ABI major 1.  A change
 * here needs a new major, not an edit of these lines. */
_Static_assert(offsetof(tp_span, begin) == 0 && offsetof(tp_span, end) == sizeof(uint32_t),
               "tp_span's begin and end keep ABI 1.0's offsets");
_Static_assert(sizeof(tp_span) == 4 * sizeof(uint32_t) + sizeof(void *), "tp_span keeps ABI 1.0's size");

#define ARENA_CHUNK (256 * 1024)
/* A layer's span array is kept for the next document up to this size; a
 * bigger one (a huge document's) is freed, so memory follows the document. */
#define KEEP_SPANS_BYTES (256 * 1024)

tp_doc *tp__doc_new(const tp__names *types)
{
    tp_doc *doc = tp__xcalloc(1, sizeof *doc);
    tp__arena_init(&doc->arena, ARENA_CHUNK);
    doc->types = types;
    doc->id = "";
    doc->text = "";
    return doc;
}

void tp__doc_free(tp_doc *doc)
{
    if (!doc)
        return;
    tp__arena_free(&doc->arena);
    for (size_t t = 0; t < doc->nlayers; t++) free(doc->layers[t].spans);
    free(doc->layers);
    free(doc);
}

void tp__doc_begin(tp_doc *doc)
{
    tp__arena_reset(&doc->arena);
    for (size_t t = 0; t < doc->nlayers; t++) {
        tp__layer *l = &doc->layers[t];
        if ((size_t)l->cap * sizeof *l->spans > KEEP_SPANS_BYTES) {
            free(l->spans);
            l->spans = NULL;
            l->cap = 0;
        }
        l->count = 0;
        l->unsorted = false;
    }
    doc->id = "";
    doc->text = "";
    doc->len = 0;
    doc->ascii = true;
    doc->meta = NULL;
    doc->nmeta = doc->capmeta = 0;
    doc->has_refs = false;
    doc->bad = NULL;
}

int tp__doc_set(tp_doc *doc, const char *id, const char *text, size_t len, tp__doc_problem *why)
{
    doc->id = id;
    doc->text = "";
    doc->len = 0;
    if (len > TP_DOC_MAX_BYTES) {
        why->code = "too_large";
        snprintf(why->message, sizeof why->message, "text of %zu bytes is over the limit of %zu", len,
                 TP_DOC_MAX_BYTES);
        return -1;
    }
    tp__utf8_result idr = tp__utf8_check(id, strlen(id));
    if (idr.status != TP_UTF8_OK || !*id) {
        why->code = "bad_id";
        snprintf(why->message, sizeof why->message, "%s", *id ? "the id is not valid UTF-8" : "the id is empty");
        return -1;
    }
    tp__utf8_result r = tp__utf8_check(text, len);
    if (r.status != TP_UTF8_OK) {
        why->code = r.status == TP_UTF8_NUL ? "nul_byte" : "bad_utf8";
        snprintf(why->message, sizeof why->message, "%s at byte %zu of the text", tp__utf8_reason(r.status), r.offset);
        return -1;
    }
    doc->text = text;
    doc->len = len;
    doc->ascii = r.ascii;
    return 0;
}

void tp__doc_add_meta(tp_doc *doc, const char *key, const char *raw, size_t raw_len)
{
    if (doc->nmeta == doc->capmeta) {
        size_t cap = doc->capmeta ? doc->capmeta * 2 : 8;
        tp__meta *m = tp__arena_alloc(&doc->arena, cap * sizeof *m);
        if (doc->nmeta)
            memcpy(m, doc->meta, doc->nmeta * sizeof *m);
        doc->meta = m;
        doc->capmeta = cap;
    }
    doc->meta[doc->nmeta++] = (tp__meta){key, raw, raw_len};
}

/* ---- Public: reading ------------------------------------------------------ */

const char *tp_doc_id(const tp_doc *doc) { return doc->id; }

const char *tp_doc_text(const tp_doc *doc, size_t *len)
{
    if (len)
        *len = doc->len;
    return doc->text;
}

const char *tp_doc_meta_str(tp_doc *doc, const char *key, size_t *len)
{
    for (size_t i = 0; i < doc->nmeta; i++) {
        const tp__meta *m = &doc->meta[i];
        if (strcmp(m->key, key) != 0)
            continue;
        if (m->raw_len < 2 || m->raw[0] != '"')
            return NULL;
        size_t n;
        char *s = tp__json_decode_string(&doc->arena, m->raw, m->raw_len, &n);
        if (s && len)
            *len = n;
        return s;
    }
    return NULL;
}

const tp_span *tp_doc_spans(const tp_doc *doc, tp_type type, size_t *count)
{
    if (type == 0 || type >= doc->nlayers || doc->layers[type].count == 0) {
        *count = 0;
        return NULL;
    }
    *count = doc->layers[type].count;
    return doc->layers[type].spans;
}

static const struct tp__feature *find_feature(const tp_span *span, tp_feat feat)
{
    for (uint32_t i = 0; i < span->nfeat_; i++)
        if (span->feats_[i].name == feat)
            return &span->feats_[i];
    return NULL;
}

int tp_span_get_int(const tp_span *span, tp_feat feat, int64_t *out)
{
    const struct tp__feature *f = find_feature(span, feat);
    if (!f || f->kind != TP__F_INT)
        return 0;
    *out = f->v.i;
    return 1;
}

int tp_span_get_double(const tp_span *span, tp_feat feat, double *out)
{
    const struct tp__feature *f = find_feature(span, feat);
    if (f && f->kind == TP__F_DOUBLE) {
        *out = f->v.d;
        return 1;
    }
    if (f && f->kind == TP__F_INT) {
        *out = (double)f->v.i;
        return 1;
    }
    return 0;
}

int tp_span_get_bool(const tp_span *span, tp_feat feat, int *out)
{
    const struct tp__feature *f = find_feature(span, feat);
    if (!f || f->kind != TP__F_BOOL)
        return 0;
    *out = f->v.i != 0;
    return 1;
}

const char *tp_span_get_str(const tp_span *span, tp_feat feat, size_t *len)
{
    const struct tp__feature *f = find_feature(span, feat);
    if (!f || f->kind != TP__F_STR)
        return NULL;
    if (len)
        *len = f->len;
    return f->v.s;
}

int tp_span_get_ref(const tp_span *span, tp_feat feat, tp_type *type, size_t *index)
{
    const struct tp__feature *f = find_feature(span, feat);
    if (!f || f->kind != TP__F_REF)
        return 0;
    *type = f->v.r.type;
    *index = f->v.r.index;
    return 1;
}

/* ---- Public: writing ------------------------------------------------------ */

static const char *type_name(const tp_doc *doc, tp_type type)
{
    const char *n = doc->types ? tp__names_get(doc->types, type) : NULL;
    return n ? n : "?";
}

/* Keeps the first refusal of the stage; later ones add nothing new. */
__attribute__((format(printf, 2, 3))) static void refuse(tp_doc *doc, const char *fmt, ...)
{
    if (doc->bad)
        return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    doc->bad = tp__arena_strndup(&doc->arena, msg, strlen(msg));
}

static tp__layer *layer_for(tp_doc *doc, tp_type type)
{
    if (type >= doc->nlayers) {
        size_t n = doc->nlayers ? doc->nlayers : 8;
        while (n <= type) n *= 2;
        doc->layers = tp__xrealloc(doc->layers, n * sizeof *doc->layers);
        memset(doc->layers + doc->nlayers, 0, (n - doc->nlayers) * sizeof *doc->layers);
        doc->nlayers = n;
    }
    return &doc->layers[type];
}

/* noinline: kept out of line, the checks leave the fast path without
 * register saves */
__attribute__((noinline)) static size_t add_span_checked(tp_doc *doc, tp_type type, size_t begin, size_t end);

size_t tp_doc_add_span(tp_doc *doc, tp_type type, size_t begin, size_t end)
{
    /* The common case first, with no call: a layer that already holds
     * spans (so its type was checked), room in it, a span inside the text
     * on character boundaries, after the last one.  A tokeniser adds a span
     * every five bytes; the full checks with their messages cost ~80
     * instructions a span, this ~20. */
    if (type < doc->nlayers) {
        tp__layer *l = &doc->layers[type];
        if (l->spans && l->count < l->cap && l->count && begin <= end && end <= doc->len &&
            tp__utf8_is_boundary(doc->text, doc->len, begin) && tp__utf8_is_boundary(doc->text, doc->len, end) &&
            begin > l->spans[l->count - 1].begin) {
            tp_span *s = &l->spans[l->count];
            s->begin = (uint32_t)begin;
            s->end = (uint32_t)end;
            s->nfeat_ = s->capfeat_ = 0;
            s->feats_ = NULL;
            return l->count++;
        }
    }
    return add_span_checked(doc, type, begin, end);
}

static size_t add_span_checked(tp_doc *doc, tp_type type, size_t begin, size_t end)
{
    if (type == 0 || (doc->types && type > tp__names_max(doc->types))) {
        refuse(doc, "span of unknown type id %u", (unsigned)type);
        return TP_NO_SPAN;
    }
    if (end > doc->len) {
        refuse(doc, "%s span [%zu, %zu) is outside the text (%zu bytes)", type_name(doc, type), begin, end, doc->len);
        return TP_NO_SPAN;
    }
    if (begin > end) {
        refuse(doc, "%s span [%zu, %zu) begins after it ends", type_name(doc, type), begin, end);
        return TP_NO_SPAN;
    }
    if (!tp__utf8_is_boundary(doc->text, doc->len, begin) || !tp__utf8_is_boundary(doc->text, doc->len, end)) {
        refuse(doc, "%s span [%zu, %zu) splits a UTF-8 character", type_name(doc, type), begin, end);
        return TP_NO_SPAN;
    }
    tp__layer *l = layer_for(doc, type);
    if (l->count == l->cap) {
        if (l->cap >= UINT32_MAX / 2) {
            refuse(doc, "too many %s spans", type_name(doc, type));
            return TP_NO_SPAN;
        }
        uint32_t cap = l->cap ? l->cap * 2 : 16;
        l->spans = tp__xrealloc(l->spans, (size_t)cap * sizeof *l->spans);
        l->cap = cap;
    }
    if (l->count) {
        const tp_span *last = &l->spans[l->count - 1];
        if (begin < last->begin || (begin == last->begin && end > last->end))
            l->unsorted = true;
    }
    tp_span *s = &l->spans[l->count];
    s->begin = (uint32_t)begin;
    s->end = (uint32_t)end;
    s->nfeat_ = s->capfeat_ = 0;
    s->feats_ = NULL;
    return l->count++;
}

/* The feature slot to fill on span (type, index), or NULL after refusing. */
static struct tp__feature *feature_slot(tp_doc *doc, tp_type type, size_t index, tp_feat feat)
{
    if (type == 0 || type >= doc->nlayers || index >= doc->layers[type].count) {
        refuse(doc, "feature set on %s span #%zu, which does not exist", type_name(doc, type), index);
        return NULL;
    }
    if (feat == 0) {
        refuse(doc, "feature with id 0 set on a %s span", type_name(doc, type));
        return NULL;
    }
    tp_span *s = &doc->layers[type].spans[index];
    for (uint32_t i = 0; i < s->nfeat_; i++)
        if (s->feats_[i].name == feat)
            return &s->feats_[i];
    if (s->nfeat_ == s->capfeat_) {
        uint32_t cap = s->capfeat_ ? s->capfeat_ * 2 : 4;
        struct tp__feature *f = tp__arena_alloc(&doc->arena, (size_t)cap * sizeof *f);
        if (s->nfeat_)
            memcpy(f, s->feats_, (size_t)s->nfeat_ * sizeof *f);
        s->feats_ = f;
        s->capfeat_ = cap;
    }
    struct tp__feature *f = &s->feats_[s->nfeat_++];
    f->name = feat;
    return f;
}

void tp_span_set_int(tp_doc *doc, tp_type type, size_t index, tp_feat feat, int64_t value)
{
    struct tp__feature *f = feature_slot(doc, type, index, feat);
    if (f) {
        f->kind = TP__F_INT;
        f->v.i = value;
    }
}

void tp_span_set_double(tp_doc *doc, tp_type type, size_t index, tp_feat feat, double value)
{
    struct tp__feature *f = feature_slot(doc, type, index, feat);
    if (f) {
        f->kind = TP__F_DOUBLE;
        f->v.d = value;
    }
}

void tp_span_set_bool(tp_doc *doc, tp_type type, size_t index, tp_feat feat, int value)
{
    struct tp__feature *f = feature_slot(doc, type, index, feat);
    if (f) {
        f->kind = TP__F_BOOL;
        f->v.i = value != 0;
    }
}

static void set_str(tp_doc *doc, tp_type type, size_t index, tp_feat feat, const char *value, size_t len, bool copy)
{
    if (len > UINT32_MAX) {
        refuse(doc, "string feature of %zu bytes on a %s span", len, type_name(doc, type));
        return;
    }
    tp__utf8_result r = tp__utf8_check(value, len);
    if (r.status != TP_UTF8_OK) {
        refuse(doc, "string feature on a %s span: %s at byte %zu", type_name(doc, type), tp__utf8_reason(r.status),
               r.offset);
        return;
    }
    struct tp__feature *f = feature_slot(doc, type, index, feat);
    if (f) {
        f->kind = TP__F_STR;
        f->len = (uint32_t)len;
        f->v.s = copy ? tp__arena_strndup(&doc->arena, value, len) : value;
    }
}

void tp_span_set_str(tp_doc *doc, tp_type type, size_t index, tp_feat feat, const char *value, size_t len)
{
    set_str(doc, type, index, feat, value, len, true);
}

void tp_span_set_static_str(tp_doc *doc, tp_type type, size_t index, tp_feat feat, const char *value)
{
    set_str(doc, type, index, feat, value, strlen(value), false);
}

void tp_span_set_ref(tp_doc *doc, tp_type type, size_t index, tp_feat feat, tp_type target_type, size_t target_index)
{
    if (target_type == 0 || target_type >= doc->nlayers || target_index >= doc->layers[target_type].count) {
        refuse(doc, "reference from a %s span to %s span #%zu, which does not exist", type_name(doc, type),
               type_name(doc, target_type), target_index);
        return;
    }
    struct tp__feature *f = feature_slot(doc, type, index, feat);
    if (f) {
        f->kind = TP__F_REF;
        f->v.r.type = target_type;
        f->v.r.index = (uint32_t)target_index;
        doc->has_refs = true;
    }
}

void *tp_doc_alloc(tp_doc *doc, size_t size) { return tp__arena_alloc(&doc->arena, size); }

/* ---- Restoring order after a stage ---------------------------------------- */

static bool span_before(const tp_span *a, const tp_span *b)
{
    return a->begin < b->begin || (a->begin == b->begin && a->end > b->end);
}

/* Stable merge sort of positions idx[0..n) by their spans; tmp as large. */
static void sort_positions(const tp_span *spans, uint32_t *idx, uint32_t *tmp, size_t n)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = span_before(&spans[idx[j]], &spans[idx[i]]) ? idx[j++] : idx[i++];
            while (i < mid) tmp[k++] = idx[i++];
            while (j < hi) tmp[k++] = idx[j++];
        }
        memcpy(idx, tmp, n * sizeof *idx);
    }
}

static void sort_layer(tp_doc *doc, tp_type type)
{
    tp__layer *l = &doc->layers[type];
    size_t n = l->count;
    /* scratch on the heap, freed here: not left in the arena for the rest
     * of the document */
    uint32_t *idx = tp__xmalloc((n ? n : 1) * sizeof *idx);
    uint32_t *tmp = tp__xmalloc((n ? n : 1) * sizeof *tmp);
    for (size_t i = 0; i < n; i++) idx[i] = (uint32_t)i;
    sort_positions(l->spans, idx, tmp, n);
    tp_span *sorted = tp__xmalloc((size_t)l->cap * sizeof *sorted);
    for (size_t k = 0; k < n; k++) {
        sorted[k] = l->spans[idx[k]];
        tmp[idx[k]] = (uint32_t)k; /* tmp becomes old position -> new position */
    }
    free(l->spans);
    free(idx);
    l->spans = sorted;
    l->unsorted = false;
    if (!doc->has_refs) {
        free(tmp);
        return;
    }
    for (size_t t = 1; t < doc->nlayers; t++) {
        tp__layer *o = &doc->layers[t];
        for (uint32_t s = 0; s < o->count; s++)
            for (uint32_t f = 0; f < o->spans[s].nfeat_; f++) {
                struct tp__feature *ft = &o->spans[s].feats_[f];
                if (ft->kind == TP__F_REF && ft->v.r.type == type)
                    ft->v.r.index = tmp[ft->v.r.index];
            }
    }
    free(tmp);
}

const char *tp__doc_end_stage(tp_doc *doc)
{
    for (size_t t = 1; t < doc->nlayers; t++)
        if (doc->layers[t].unsorted)
            sort_layer(doc, (tp_type)t);
    const char *bad = doc->bad;
    doc->bad = NULL;
    return bad;
}
