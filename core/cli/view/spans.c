/* view/spans.c - spans laid over the text (see spans.h). */
#include "autoconfig.h"

#include "view/spans.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "view/esc.h"
#include "view/tags.h"
#include "view/values.h"
#include "xalloc.h"

/* ---- Collecting ------------------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The drawing order (spans.h).  Total: no two spans compare equal, so any
 * sort gives the same page. */
static int cmp_span(const void *pa, const void *pb)
{
    const tp__view_span *a = pa, *b = pb;
    if (a->b != b->b)
        return a->b < b->b ? -1 : 1;
    if (a->e != b->e)
        return a->e > b->e ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->order != b->order)
        return a->order < b->order ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* A span offset: a whole number in [0, 2^53) (beyond that a double no
 * longer holds every whole number). */
static bool offset_of(const cJSON *o, const char *key, uint64_t *v)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(n))
        return false;
    double d = n->valuedouble;
    if (!(d >= 0) || d >= 9007199254740992.0 || d != floor(d))
        return false;
    *v = (uint64_t)d;
    return true;
}

/* The spans of every layer with well-formed offsets, in record order. */
static void read_spans(tp__view_spans *d, const cJSON *ann, const tp__view_index *x)
{
    size_t cap = 0;
    uint32_t order = 0;
    for (const cJSON *layer = ann ? ann->child : NULL; layer; layer = layer->next, order++) {
        if (!cJSON_IsArray(layer) || !layer->string)
            continue;
        tp__view_kind k = tp__view_kind_of(layer->string);
        uint32_t cls = 0;
        if (k == TP__VIEW_OTHER || k == TP__VIEW_TOKEN)
            cls = (uint32_t)tp__view_names_slot(&x->layers, layer->string);
        uint32_t idx = 0;
        for (const cJSON *s = layer->child; s; s = s->next, idx++) {
            tp__view_span sp = {0};
            if (!cJSON_IsObject(s) || !offset_of(s, "start", &sp.ub) || !offset_of(s, "end", &sp.ue) || sp.ub > sp.ue) {
                d->bad++;
                continue;
            }
            sp.kind = k;
            sp.order = order;
            sp.idx = idx;
            sp.layer = layer->string;
            sp.o = s;
            if (k == TP__VIEW_ENT) {
                const char *l = tp__view_str(s, "label");
                sp.cls = (uint32_t)tp__view_names_slot(&x->labels, l && *l ? l : "?");
            } else
                sp.cls = cls;
            d->spans = tp__xgrow(d->spans, &cap, d->nspans + 1, sizeof *d->spans);
            d->spans[d->nspans++] = sp;
        }
    }
}

/* Sets b and e of every span from ub and ue, in one walk over the text for
 * all offsets (sorted, without duplicates); drops the spans whose offsets
 * fall inside a character or past the end. */
static void to_bytes(tp__view_spans *d, tp__offset_unit unit)
{
    size_t nw = 2 * d->nspans;
    uint64_t *want = tp__xmalloc(nw * sizeof *want);
    for (size_t i = 0; i < d->nspans; i++) {
        want[2 * i] = d->spans[i].ub;
        want[2 * i + 1] = d->spans[i].ue;
    }
    qsort(want, nw, sizeof *want, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < nw; i++)
        if (i == 0 || want[i] != want[u - 1])
            want[u++] = want[i];
    nw = u;
    size_t *at = tp__xmalloc(nw * sizeof *at); /* the byte of want[i], or SIZE_MAX */
    uint64_t units = 0;
    size_t i = 0, w = 0;
    for (;;) {
        while (w < nw && want[w] < units) at[w++] = SIZE_MAX; /* inside a character */
        while (w < nw && want[w] == units) at[w++] = i;
        if (w == nw)
            break;
        if (i >= d->len) {
            while (w < nw) at[w++] = SIZE_MAX; /* past the end */
            break;
        }
        uint32_t cp;
        size_t l = tp_utf8_decode(d->text + i, d->len - i, &cp);
        units += unit == TP_OFFSETS_BYTES ? l : unit == TP_OFFSETS_UTF16 && cp > 0xFFFF ? 2 : 1;
        i += l;
    }
    size_t kept = 0;
    for (size_t k = 0; k < d->nspans; k++) {
        tp__view_span *s = &d->spans[k];
        const uint64_t *pb = bsearch(&s->ub, want, nw, sizeof *want, cmp_u64);
        const uint64_t *pe = bsearch(&s->ue, want, nw, sizeof *want, cmp_u64);
        size_t b = at[pb - want], e = at[pe - want];
        if (b == SIZE_MAX || e == SIZE_MAX) {
            d->bad++;
            continue;
        }
        s->b = b;
        s->e = e;
        const char *txt = tp__view_str(s->o, "text");
        if (txt && (strlen(txt) != e - b || memcmp(txt, d->text + b, e - b) != 0)) {
            s->mismatch = true;
            d->mismatched++;
        }
        d->spans[kept++] = *s;
    }
    d->nspans = kept;
    free(want);
    free(at);
}

void tp__view_spans_collect(tp__view_spans *d, const cJSON *ann, tp__offset_unit unit, const tp__view_index *x)
{
    read_spans(d, ann, x);
    if (!d->nspans)
        return;
    to_bytes(d, unit);
    qsort(d->spans, d->nspans, sizeof *d->spans, cmp_span);
}

void tp__view_spans_free(tp__view_spans *d)
{
    free(d->spans);
    d->spans = NULL;
    d->nspans = 0;
}

/* ---- Drawing ---------------------------------------------------------------------- */

void tp__view_text_segment(tp__buf *b, const tp__view_spans *d, size_t from, size_t to)
{
    size_t n = to - from;
    if (n && d->text[to - 1] == '\r' && to < d->len && d->text[to] == '\n')
        n--;
    tp__view_esc(b, d->text + from, n, TP__VIEW_TEXT);
}

/* An open element. */
typedef struct frame {
    const tp__view_span *s;
    size_t min_end; /* the earliest end of this span and those below it */
} frame;

static void push(tp__buf *b, tp__buf *tmp, const tp__view_spans *d, frame *st, size_t *depth,
                 const tp__view_span *s, bool cont)
{
    size_t below = *depth ? st[*depth - 1].min_end : SIZE_MAX;
    /* A span that outlives one below it is cut where that one ends. */
    tp__view_open_tag(b, tmp, d->n, s, cont, s->e > below);
    st[*depth].s = s;
    st[*depth].min_end = s->e < below ? s->e : below;
    (*depth)++;
}

void tp__view_spans_draw(tp__view_out *out, const tp__view_spans *d, tp__buf *tmp)
{
    tp__buf *b = &out->b;
    size_t nb = 2 * d->nspans + 1;
    size_t *bound = tp__xmalloc(nb * sizeof *bound);
    for (size_t i = 0; i < d->nspans; i++) {
        bound[2 * i] = d->spans[i].b;
        bound[2 * i + 1] = d->spans[i].e;
    }
    bound[nb - 1] = d->len;
    qsort(bound, nb, sizeof *bound, cmp_size);
    frame *st = tp__xmalloc((d->nspans + 1) * sizeof *st);
    const tp__view_span **reopen = tp__xmalloc((d->nspans + 1) * sizeof *reopen);
    size_t depth = 0, pos = 0, si = 0;
    for (size_t k = 0; k < nb; k++) {
        size_t p = bound[k];
        if (k > 0 && p == bound[k - 1])
            continue;
        tp__view_text_segment(b, d, pos, p);
        pos = p;
        /* The lowest open span that ends here: it and all above it close. */
        size_t low = depth;
        for (size_t i = 0; i < depth; i++)
            if (st[i].s->e <= p) {
                low = i;
                break;
            }
        if (low < depth) {
            size_t nre = 0;
            for (size_t j = depth; j-- > low;) {
                tp__view_close_tag(b, st[j].s);
                if (st[j].s->e > p)
                    reopen[nre++] = st[j].s;
            }
            depth = low;
            while (nre > 0) push(b, tmp, d, st, &depth, reopen[--nre], true);
        }
        for (; si < d->nspans && d->spans[si].b == p; si++) {
            const tp__view_span *s = &d->spans[si];
            if (s->e == p) {
                tp__view_open_tag(b, tmp, d->n, s, false, false);
                tp__view_close_tag(b, s);
            } else
                push(b, tmp, d, st, &depth, s, false);
        }
        tp__view_out_maybe_flush(out);
    }
    tp__view_text_segment(b, d, pos, d->len);
    while (depth > 0) tp__view_close_tag(b, st[--depth].s);
    free(bound);
    free(st);
    free(reopen);
}
