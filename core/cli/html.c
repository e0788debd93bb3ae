/*
 * html.c - the HTML page of a batch's records (see html.h).
 *
 * Two passes over the records.  The first builds the index: per document
 * its id, whether it is an error, and how many spans each layer holds; the
 * batch's entity labels and other layer names, which become colours,
 * legend entries and index columns.  The second writes the documents.
 *
 * Drawing overlapping spans: every span becomes [b, e) in bytes, spans are
 * sorted by start, longer first, then by a fixed layer order (sentence
 * outermost, entity innermost), and the text is cut at every span boundary.
 * A stack holds the open elements; at a boundary the elements of spans that
 * end there are closed - with everything opened above them - and the spans
 * above that go on are reopened as continuation fragments.  The result is
 * well-formed HTML whatever the overlaps, and a span is one element unless
 * it crosses another span's end.
 */
#include "autoconfig.h"

#include "html.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "buf.h"
#include "digest.h"
#include "xalloc.h"

#define FLUSH_AT (256 * 1024)
#define ID_SHOWN_MAX 200     /* bytes of an id shown in the index and headings */
#define VALUE_SHOWN_MAX 400  /* bytes of a feature or meta value shown */
#define TITLE_MAX 2000       /* bytes of a hover text */
#define MAX_NAMES 48         /* labels or layers with their own colour and column */
#define NPALETTE 8
#define NSTD_LABELS 4

/* ---- Escaping ------------------------------------------------------------------- */

/* Decodes the character at s[i] (i < len): its byte length, with *cp set.
 * A byte that does not start a valid UTF-8 sequence counts as one
 * character, U+FFFD. */
static size_t decode(const unsigned char *s, size_t len, size_t i, uint32_t *cp)
{
    unsigned c = s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (i + n > len)
        goto bad;
    for (size_t k = 1; k < n; k++) {
        unsigned t = s[i + k];
        if (t < (k == 1 ? lo : 0x80) || t > (k == 1 ? hi : 0xBF))
            goto bad;
        v = v << 6 | (t & 0x3F);
    }
    *cp = v;
    return n;
bad:
    *cp = 0xFFFD;
    return 1;
}

/* Appends s[0..n) escaped for HTML text (attr false) or a double-quoted
 * attribute value (attr true; a newline becomes a line break of the
 * tooltip).  Bad UTF-8 becomes U+FFFD, control characters their control
 * pictures (U+2400…), so nothing in the data can form markup. */
static void esc(tp__buf *b, const char *str, size_t n, bool attr)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && s[run] >= 0x20 && s[run] < 0x7F && s[run] != '&' && s[run] != '<' && s[run] != '>' &&
               s[run] != '"' && s[run] != '\'')
            run++;
        tp__buf_append(b, s + i, run - i);
        i = run;
        if (i >= n)
            break;
        unsigned c = s[i];
        switch (c) {
        case '&': tp__buf_puts(b, "&amp;"); i++; continue;
        case '<': tp__buf_puts(b, "&lt;"); i++; continue;
        case '>': tp__buf_puts(b, "&gt;"); i++; continue;
        case '"': tp__buf_puts(b, attr ? "&quot;" : "\""); i++; continue;
        case '\'': tp__buf_puts(b, attr ? "&#39;" : "'"); i++; continue;
        case '\n': tp__buf_puts(b, attr ? "&#10;" : "\n"); i++; continue;
        case '\t': tp__buf_putc(b, attr ? ' ' : '\t'); i++; continue;
        case '\r':
            /* HTML turns CR LF into LF; a lone CR would become a line break. */
            if (i + 1 < n && s[i + 1] == '\n')
                i++;
            else {
                tp__buf_puts(b, attr ? "&#10;" : "\n");
                i++;
            }
            continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            char pic[3] = {(char)0xE2, (char)0x90, (char)(c == 0x7F ? 0xA1 : 0x80 + c)};
            tp__buf_append(b, pic, 3);
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = decode(s, n, i, &cp);
        if (cp == 0xFFFD && l == 1)
            tp__buf_puts(b, "\xEF\xBF\xBD");
        else
            tp__buf_append(b, s + i, l);
        i += l;
    }
}

static void esc_str(tp__buf *b, const char *s, bool attr)
{
    esc(b, s, strlen(s), attr);
}

/* The length of s[0..n) cut to at most max bytes on a character boundary;
 * *cut says whether anything was cut. */
static size_t clip(const char *s, size_t n, size_t max, bool *cut)
{
    *cut = n > max;
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static void esc_clipped(tp__buf *b, const char *s, size_t max, bool attr)
{
    bool cut;
    size_t n = strlen(s);
    esc(b, s, clip(s, n, max, &cut), attr);
    if (cut)
        tp__buf_puts(b, "\xE2\x80\xA6"); /* … */
}

/* ---- Numbers ---------------------------------------------------------------------- */

/* The shortest decimal that reads back as v (for data attributes). */
static void put_num(tp__buf *b, double v)
{
    if (!isfinite(v)) {
        tp__buf_puts(b, "NaN");
        return;
    }
    char s[40];
    snprintf(s, sizeof s, "%.15g", v);
    if (strtod(s, NULL) != v)
        snprintf(s, sizeof s, "%.17g", v);
    tp__buf_puts(b, s);
}

/* An amount for people: 40,000,000,000 or 3,915,094.34 or 0.0045. */
static void put_amount(tp__buf *b, double v)
{
    if (!isfinite(v)) {
        tp__buf_puts(b, "?");
        return;
    }
    char s[64];
    double a = fabs(v);
    if (a >= 1e15 || (a > 0 && a < 0.01)) {
        snprintf(s, sizeof s, "%.6g", v);
        tp__buf_puts(b, s);
        return;
    }
    if (a == floor(a))
        snprintf(s, sizeof s, "%.0f", a);
    else
        snprintf(s, sizeof s, "%.2f", a);
    if (v < 0)
        tp__buf_putc(b, '-');
    const char *dot = strchr(s, '.');
    size_t int_len = dot ? (size_t)(dot - s) : strlen(s);
    for (size_t i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            tp__buf_putc(b, ',');
        tp__buf_putc(b, s[i]);
    }
    if (dot)
        tp__buf_puts(b, dot);
}

/* ---- Output ----------------------------------------------------------------------- */

typedef struct out {
    tp__buf b;
    tp__html_write_fn fn;
    void *arg;
    bool failed;
} out;

static void out_flush(out *o)
{
    if (!o->failed && o->b.len && o->fn(o->arg, o->b.data, o->b.len) != 0)
        o->failed = true;
    o->b.len = 0;
}

/* ---- Names seen in the batch ---------------------------------------------------- */

typedef struct names {
    char **v;
    size_t n, cap;
} names;

static size_t names_find(const names *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], name) == 0)
            return i;
    return SIZE_MAX;
}

/* Its index; MAX_NAMES (one shared slot) once the table is full. */
static size_t names_add(names *s, const char *name)
{
    size_t i = names_find(s, name);
    if (i != SIZE_MAX)
        return i;
    if (s->n >= MAX_NAMES)
        return MAX_NAMES;
    s->v = tp__xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
    s->v[s->n] = tp__xstrdup(name);
    return s->n++;
}

static void names_free(names *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

/* ---- Records ---------------------------------------------------------------------- */

/* Layers by how they are drawn; also the nesting order of spans with the
 * same extent (outermost first). */
enum kind { K_SENT, K_SUM, K_TOKEN, K_OTHER, K_MONEY, K_ENT };

static enum kind kind_of(const char *layer)
{
    if (strcmp(layer, "sentence") == 0)
        return K_SENT;
    if (strcmp(layer, "summary") == 0)
        return K_SUM;
    if (strcmp(layer, "token") == 0)
        return K_TOKEN;
    if (strcmp(layer, "money") == 0)
        return K_MONEY;
    if (strcmp(layer, "entity") == 0)
        return K_ENT;
    return K_OTHER;
}

/* Keys of the per-document counts. */
#define KEY_SENT 0u
#define KEY_MONEY 1u
#define KEY_SUM 2u
#define KEY_ENT 3u /* the entity layer, whatever the labels */
#define KEY_LABEL(i) (0x100u + (uint32_t)(i))
#define KEY_LAYER(i) (0x10000u + (uint32_t)(i))

typedef struct count {
    uint32_t key, n;
} count;

typedef struct docinfo {
    char *id;    /* as shown: clipped, never NULL */
    char *error; /* "stage: code" of an error record, else NULL */
    size_t first, ncounts; /* its counts, in r->counts */
} docinfo;

typedef struct rec {
    cJSON *j;
    const char *id;
    const cJSON *error, *text, *ann, *meta;
    char why[200]; /* unreadable: why */
} rec;

typedef struct reader {
    FILE *f;
    const char *name;
    char *line;
    size_t cap;
    size_t lineno;
} reader;

typedef struct render {
    const tp__html_opts *o;
    size_t page_size;
    out out;
    names labels, layers;
    docinfo *docs;
    size_t ndocs, capdocs;
    count *counts;
    size_t ncounts, capcounts;
    size_t nerrors;
    uint32_t totals[4 + 2 * (MAX_NAMES + 1)]; /* by key_slot() */
    bool seen[4 + 2 * (MAX_NAMES + 1)];      /* in at least one record */
    tp__buf tmp; /* scratch for hover texts */
} render;

/* Where a count key's batch total is kept. */
static size_t key_slot(uint32_t key)
{
    if (key < KEY_LABEL(0))
        return key;
    if (key < KEY_LAYER(0))
        return 4 + (key - KEY_LABEL(0));
    return 4 + (MAX_NAMES + 1) + (key - KEY_LAYER(0));
}

static void rec_parse(rec *r, const reader *rd, const char *line, size_t len)
{
    memset(r, 0, sizeof *r);
    r->j = cJSON_ParseWithLength(line, len);
    if (!r->j || !cJSON_IsObject(r->j)) {
        snprintf(r->why, sizeof r->why, "line %zu of %s is not a JSON object", rd->lineno, rd->name);
        cJSON_Delete(r->j);
        r->j = NULL;
        return;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(r->j, "id");
    if (cJSON_IsString(id))
        r->id = id->valuestring;
    /* Any "error" member makes an error record (its fields when it is an object). */
    r->error = cJSON_GetObjectItemCaseSensitive(r->j, "error");
    r->text = cJSON_GetObjectItemCaseSensitive(r->j, "text");
    if (!cJSON_IsString(r->text))
        r->text = NULL;
    r->ann = cJSON_GetObjectItemCaseSensitive(r->j, "annotations");
    if (!cJSON_IsObject(r->ann))
        r->ann = NULL;
    r->meta = cJSON_GetObjectItemCaseSensitive(r->j, "meta");
    if (!cJSON_IsObject(r->meta))
        r->meta = NULL;
}

static const char *str_item(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The next non-blank line in rd->line (its length), 0 at the end, -1 on a
 * read error. */
static int next_line(reader *rd, size_t *len)
{
    for (;;) {
        errno = 0;
        ssize_t n = getline(&rd->line, &rd->cap, rd->f);
        if (n < 0)
            return ferror(rd->f) ? -1 : 0;
        rd->lineno++;
        size_t l = (size_t)n;
        while (l > 0 && (rd->line[l - 1] == '\n' || rd->line[l - 1] == '\r'))
            l--;
        size_t k = 0;
        while (k < l && (rd->line[k] == ' ' || rd->line[k] == '\t'))
            k++;
        if (k == l)
            continue;
        *len = l;
        return 1;
    }
}

/* A label's entry in the labels table (entity spans without one count as "?"). */
static size_t label_of(render *r, const cJSON *span)
{
    const char *l = str_item(span, "label");
    return names_add(&r->labels, l && *l ? l : "?");
}

static void add_count(render *r, uint32_t key, uint32_t n)
{
    docinfo *d = &r->docs[r->ndocs - 1];
    for (size_t i = d->first; i < d->first + d->ncounts; i++)
        if (r->counts[i].key == key) {
            r->counts[i].n += n;
            return;
        }
    r->counts = tp__xgrow(r->counts, &r->capcounts, r->ncounts + 1, sizeof *r->counts);
    r->counts[r->ncounts++] = (count){key, n};
    d->ncounts++;
}

static uint32_t get_count(const render *r, const docinfo *d, uint32_t key)
{
    for (size_t i = d->first; i < d->first + d->ncounts; i++)
        if (r->counts[i].key == key)
            return r->counts[i].n;
    return 0;
}

/* Pass one: what a record holds. */
static void index_record(render *r, const rec *c, const reader *rd)
{
    r->docs = tp__xgrow(r->docs, &r->capdocs, r->ndocs + 1, sizeof *r->docs);
    docinfo *d = &r->docs[r->ndocs++];
    memset(d, 0, sizeof *d);
    d->first = r->ncounts;
    tp__buf t = {0};
    if (c->id)
        esc_clipped(&t, c->id, ID_SHOWN_MAX, false);
    else if (c->j)
        tp__buf_puts(&t, "(no id)");
    else {
        esc_clipped(&t, rd->name, ID_SHOWN_MAX, false);
        tp__buf_printf(&t, ":%zu", rd->lineno);
    }
    tp__buf_putc(&t, '\0');
    d->id = t.data; /* already escaped */
    if (!c->j || c->error) {
        const char *stage = c->error ? str_item(c->error, "stage") : "view";
        const char *code = c->error ? str_item(c->error, "code") : "unreadable";
        tp__buf e = {0};
        esc_clipped(&e, stage ? stage : "?", 80, false);
        tp__buf_puts(&e, ": ");
        esc_clipped(&e, code ? code : "?", 80, false);
        tp__buf_putc(&e, '\0');
        d->error = e.data;
        r->nerrors++;
        return;
    }
    if (!c->ann)
        return;
    for (const cJSON *layer = c->ann->child; layer; layer = layer->next) {
        if (!cJSON_IsArray(layer) || !layer->string)
            continue;
        uint32_t n = (uint32_t)cJSON_GetArraySize(layer);
        switch (kind_of(layer->string)) {
        case K_SENT: add_count(r, KEY_SENT, n); break;
        case K_MONEY: add_count(r, KEY_MONEY, n); break;
        case K_SUM: add_count(r, KEY_SUM, n); break;
        case K_ENT:
            add_count(r, KEY_ENT, n);
            for (const cJSON *s = layer->child; s; s = s->next)
                add_count(r, KEY_LABEL(label_of(r, s)), 1);
            break;
        case K_TOKEN:
        case K_OTHER: {
            size_t li = names_add(&r->layers, layer->string);
            add_count(r, KEY_LAYER(li), n);
            break;
        }
        }
    }
}

/* ---- The page: head, style sheet, script ------------------------------------------ */

static const char *const std_labels[NSTD_LABELS] = {"PER", "ORG", "LOC", "MISC"};
static const char *const std_label_names[NSTD_LABELS] = {"persons", "organisations", "locations",
                                                         "other names"};
/* Background and text (tags, borders) colours; each pair, and #1a1a1a
 * on each background, is above 4.5:1 (WCAG AA; tests/e2e/view_browser.sh
 * measures what the browser draws). */
static const char *const label_colours[NSTD_LABELS][2] = {
    {"#ffdde1", "#8a1530"}, {"#d9e8ff", "#17468f"}, {"#d5f2dc", "#1b5e31"}, {"#ece0ff", "#5a2a91"}};
static const char *const palette[NPALETTE][2] = {
    {"#ffe0c2", "#8a4200"}, {"#efe6d2", "#5f4a1c"}, {"#e6ecc4", "#4f5c00"}, {"#ffd9f2", "#8c1868"},
    {"#dde3ea", "#36475c"}, {"#f3dccf", "#7d3417"}, {"#e9e9e9", "#4a4a4a"}, {"#ccf5e0", "#145c40"}};

static const char base_css[] =
    ":root{color-scheme:light}\n"
    "*{box-sizing:border-box}\n"
    "html{background:#fff;scroll-padding-top:9rem}\n"
    "body{margin:0;color:#1a1a1a;background:#fff;font:16px/1.6 system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Noto Sans\",\"DejaVu Sans\",sans-serif}\n"
    "a{color:#0b57d0}\n"
    "code{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;font-size:.9em}\n"
    "header.top{position:sticky;top:0;z-index:3;background:#f5f5f5;border-bottom:1px solid #bdbdbd;"
    "padding:.5rem 1rem}\n"
    "header.top h1{font-size:1.2rem;margin:0;overflow-wrap:anywhere}\n"
    ".totals,.errlist{margin:.1rem 0;font-size:.9rem;color:#4d4d4d}\n"
    ".errlist a{color:#8a1f11}\n"
    ".legend{display:flex;flex-wrap:wrap;align-items:center;gap:.2rem .8rem;margin:.3rem 0 0;font-size:.85rem}\n"
    ".legend label{cursor:pointer;white-space:nowrap}\n"
    ".legend input{margin:0 .25rem 0 0;vertical-align:middle}\n"
    ".legend .group{font-weight:700}\n"
    ".sw{display:inline-block;padding:0 .4em;border-radius:3px;border:1px solid #8a8a8a;color:#1a1a1a;"
    "background:#fff;line-height:1.5}\n"
    ".pager{margin:.3rem 0 0;font-size:.85rem;display:flex;flex-wrap:wrap;gap:.1rem .5rem;align-items:center}\n"
    ".pager a[aria-current]{font-weight:700;color:#1a1a1a;text-decoration:none}\n"
    ".pager button{font:inherit;padding:0 .5em;color:#1a1a1a;background:#fff;border:1px solid #8a8a8a;"
    "border-radius:3px;cursor:pointer}\n"
    ".pager button:disabled{color:#595959;background:#ebebeb;cursor:default}\n"
    "main{max-width:62rem;margin:0 auto;padding:1rem}\n"
    ".wide{overflow-x:auto;margin:0 0 1.5rem}\n"
    "table.index{border-collapse:collapse;width:100%;font-size:.85rem;font-variant-numeric:tabular-nums}\n"
    "table.index caption{text-align:left;font-weight:700;font-size:1rem;padding:.25rem 0}\n"
    "table.index th,table.index td{padding:.15rem .45rem;border-bottom:1px solid #d6d6d6;text-align:right}\n"
    "table.index thead th{background:#f5f5f5}\n"
    "table.index .id{text-align:left;max-width:22rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}\n"
    "table.index .st{text-align:left;max-width:16rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}\n"
    "table.index thead th{max-width:7rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}\n"
    "table.index tr.err td{background:#fdecea;color:#8a1f11}\n"
    "table.index tr.err a{color:#8a1f11}\n"
    "table.index tfoot th{border-top:2px solid #8a8a8a;border-bottom:0}\n"
    "article.doc{border-top:2px solid #bdbdbd;padding:.25rem 0 1.5rem;content-visibility:auto;"
    "contain-intrinsic-size:auto 30rem}\n"
    "article.doc h2{font-size:1.1rem;margin:.5rem 0 .1rem;overflow-wrap:anywhere}\n"
    "article.doc h2 .n{color:#4d4d4d;font-weight:400;margin-right:.4em}\n"
    ".docinfo{margin:0 0 .4rem;font-size:.85rem;color:#4d4d4d}\n"
    "dl.meta{margin:0 0 .5rem;font-size:.85rem;display:grid;grid-template-columns:max-content 1fr;gap:0 .75rem}\n"
    "dl.meta dt{font-weight:700}\n"
    "dl.meta dd{margin:0;overflow-wrap:anywhere}\n"
    ".sumbox{background:#fffbe6;border-left:4px solid #9a7b00;padding:.3rem .8rem;margin:.5rem 0}\n"
    ".sumbox h3{font-size:.9rem;margin:0}\n"
    ".sumbox ol{margin:.2rem 0;padding-left:1.5rem}\n"
    ".sumbox a{color:#1a1a1a}\n"
    ".notes{font-size:.85rem;color:#8a1f11;margin:.2rem 0}\n"
    ".text{white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.9}\n"
    ".errbox{background:#fdecea;color:#8a1f11;border-left:4px solid #c0392b;padding:.4rem .8rem}\n"
    ".errbox p{margin:.2rem 0}\n"
    ".errbox .msg{white-space:pre-wrap;overflow-wrap:anywhere;color:#1a1a1a}\n"
    "mark{color:inherit;background:transparent}\n"
    ".ent{padding:0 .1em;border-radius:3px;color:#1a1a1a}\n"
    ".ent:not([data-more])::after{content:attr(data-label);margin-left:.25em;font-size:.68em;font-weight:700;"
    "vertical-align:.1em;letter-spacing:.02em}\n"
    ".money{position:relative}\n"
    ".money:hover::after,.money:focus::after{content:attr(data-norm);position:absolute;left:0;top:100%;"
    "z-index:2;white-space:nowrap;background:#1a1a1a;color:#fff;font-size:.8rem;line-height:1.4;"
    "padding:.1rem .4rem;border-radius:3px}\n"
    ".mismatch{outline:2px dashed #b00020;outline-offset:1px}\n"
    ".js:not(.paged) section.page:not([data-page=\"1\"]),"
    ".js:not(.paged) #index tbody:not([data-page=\"1\"]){display:none}\n"
    ".empty::before{content:\"\\2038\";color:#b00020;font-weight:700}\n";

static const char print_css[] =
    "@media print{\n"
    "body{font-size:11pt}\n"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "header.top{position:static;background:#fff;border:0;padding:0}\n"
    ".legend input,.pager,.up{display:none}\n"
    "main{max-width:none;padding:0}\n"
    "a{color:#1a1a1a;text-decoration:none}\n"
    "article.doc{content-visibility:visible;break-before:page;border-top:0}\n"
    "section.page:first-of-type>article.doc:first-of-type{break-before:auto}\n"
    ".text{line-height:1.7}\n"
    ".money:not([data-more])::after,.money:hover:not([data-more])::after{content:\" [\" attr(data-norm) \"]\";"
    "position:static;background:transparent;color:#00585c;font-size:.75em;padding:0}\n"
    "}\n";

/* Pagination, when there are several pages.  In the head: it marks the
 * page <html class="js"> at once, so the style sheet shows only the first
 * page while the rest loads (the browser then lays out one page, not the
 * batch); once the document is parsed it takes over with hidden attributes
 * and page controls.  Without scripts every page is shown, one after the
 * other, and the page links are plain anchors. */
static const char page_js[] =
    "(function () {\n"
    "  \"use strict\";\n"
    "  var root = document.documentElement;\n"
    "  root.classList.add(\"js\");\n"
    "  document.addEventListener(\"DOMContentLoaded\", function () {\n"
    "    var pages = document.querySelectorAll(\"section.page\");\n"
    "    var nav = document.getElementById(\"pager\");\n"
    "    if (pages.length < 2 || !nav) return;\n"
    "    var groups = document.querySelectorAll(\"#index tbody[data-page]\");\n"
    "    var links = nav.querySelectorAll(\"a[data-page]\");\n"
    "    var prev = document.createElement(\"button\"), next = document.createElement(\"button\");\n"
    "    var where = document.createElement(\"span\");\n"
    "    prev.type = next.type = \"button\";\n"
    "    prev.textContent = \"\\u2190 Previous\";\n"
    "    next.textContent = \"Next \\u2192\";\n"
    "    where.setAttribute(\"aria-live\", \"polite\");\n"
    "    nav.appendChild(prev);\n"
    "    nav.appendChild(next);\n"
    "    nav.appendChild(where);\n"
    "    var cur = 0;\n"
    "    function show(n) {\n"
    "      var i;\n"
    "      cur = Math.max(0, Math.min(pages.length - 1, n));\n"
    "      for (i = 0; i < pages.length; i++) pages[i].hidden = i !== cur;\n"
    "      for (i = 0; i < groups.length; i++)\n"
    "        groups[i].hidden = groups[i].getAttribute(\"data-page\") !== String(cur + 1);\n"
    "      for (i = 0; i < links.length; i++) {\n"
    "        if (i === cur) links[i].setAttribute(\"aria-current\", \"page\");\n"
    "        else links[i].removeAttribute(\"aria-current\");\n"
    "      }\n"
    "      prev.disabled = cur === 0;\n"
    "      next.disabled = cur === pages.length - 1;\n"
    "      where.textContent = \"Page \" + (cur + 1) + \" of \" + pages.length;\n"
    "      document.body.setAttribute(\"data-page-shown\", String(cur + 1));\n"
    "      root.classList.add(\"paged\");\n"
    "    }\n"
    "    function go() {\n"
    "      var id = location.hash.slice(1), el = null, p = null;\n"
    "      try { id = decodeURIComponent(id); } catch (e) { id = \"\"; }\n"
    "      if (id) el = document.getElementById(id);\n"
    "      if (el) p = el.closest(\"section.page\");\n"
    "      if (p) {\n"
    "        show(Number(p.getAttribute(\"data-page\")) - 1);\n"
    "        el.scrollIntoView();\n"
    "      } else show(cur);\n"
    "    }\n"
    "    prev.addEventListener(\"click\", function () { location.hash = \"page-\" + cur; });\n"
    "    next.addEventListener(\"click\", function () { location.hash = \"page-\" + (cur + 2); });\n"
    "    window.addEventListener(\"hashchange\", go);\n"
    "    go();\n"
    "  });\n"
    "})();\n";

/* One rule; `on` is "" for a layer shown by default, else the condition
 * under which it is shown. */
static void rule(tp__buf *b, const char *on, const char *sel, const char *decls)
{
    tp__buf_printf(b, "%s%s{%s}\n", on, sel, decls);
}

/* The style rules of a layer that can be switched off (shown by default)
 * or on (hidden by default): `shown` are drawn when shown, `off` undo
 * them when it is switched off. */
static void toggled(tp__buf *b, const char *toggle, bool default_on, const char *const *shown, size_t nshown,
                    const char *const *off, size_t noff)
{
    char on[64], offc[64];
    snprintf(on, sizeof on, "body:has(#%s:checked) ", toggle);
    snprintf(offc, sizeof offc, "body:has(#%s:not(:checked)) ", toggle);
    for (size_t i = 0; i + 1 < nshown; i += 2)
        rule(b, default_on ? "" : on, shown[i], shown[i + 1]);
    if (default_on)
        for (size_t i = 0; i + 1 < noff; i += 2)
            rule(b, offc, off[i], off[i + 1]);
}

static void label_colour(size_t i, const char **bg, const char **fg)
{
    if (i < NSTD_LABELS) {
        *bg = label_colours[i][0];
        *fg = label_colours[i][1];
    } else {
        *bg = palette[(i - NSTD_LABELS) % NPALETTE][0];
        *fg = palette[(i - NSTD_LABELS) % NPALETTE][1];
    }
}

static void build_css(const render *r, tp__buf *b)
{
    tp__buf_puts(b, base_css);
    char sel[64], sel2[64], decl[160], tg[32];
    for (size_t i = 0; i <= r->labels.n && i <= MAX_NAMES; i++) {
        const char *bg, *fg;
        label_colour(i, &bg, &fg);
        snprintf(sel, sizeof sel, ".e%zu,.sw-e%zu", i, i);
        snprintf(decl, sizeof decl, "background:%s", bg);
        rule(b, "", sel, decl);
        snprintf(sel, sizeof sel, ".e%zu::after", i);
        snprintf(decl, sizeof decl, "color:%s", fg);
        rule(b, "", sel, decl);
        snprintf(tg, sizeof tg, "t-e%zu", i);
        snprintf(sel, sizeof sel, ".e%zu", i);
        snprintf(sel2, sizeof sel2, ".e%zu::after", i);
        const char *off[] = {sel, "background:transparent", sel2, "content:none"};
        toggled(b, tg, true, NULL, 0, off, 4);
    }
    tp__buf_puts(b, ".sw-money{background:#cdeff0;border-bottom:2px solid #00585c}\n"
                    ".sw-sum{background:#fff0a6}\n");
    static const char *const money_on[] = {".money", "background:#cdeff0;border-bottom:2px solid #00585c"};
    static const char *const money_off[] = {".money", "background:transparent;border-bottom:0",
                                            ".money::after", "content:none"};
    toggled(b, "t-money", true, money_on, 2, money_off, 4);
    static const char *const sum_on[] = {
        ".sum", "background:#fff0a6",
        ".sum:not([data-cont])::before",
        ("content:\"S\" attr(data-rank);font-size:.68em;font-weight:700;color:#6b5200;margin-right:.25em;"
         "vertical-align:.1em")};
    static const char *const sum_off[] = {".sum", "background:transparent", ".sum::before", "content:none"};
    toggled(b, "t-sum", true, sum_on, 4, sum_off, 4);
    static const char *const sent_on[] = {
        ".sent:not([data-cont])::before",
        ("content:attr(data-n);display:inline-block;font-size:.65em;line-height:1.4;padding:0 .35em;"
         "margin:0 .2em 0 .1em;border-radius:.6em;background:#e8e8e8;color:#3d3d3d;vertical-align:.15em;"
         "font-weight:700"),
        ".sent.odd", "box-shadow:inset 0 -1px 0 #8a8a8a"};
    static const char *const sent_off[] = {".sent::before", "content:none", ".sent.odd", "box-shadow:none"};
    toggled(b, "t-sent", r->o->sentences, sent_on, 4, sent_off, 4);
    tp__buf_puts(b, ".sw-sent::before{content:\"1\";display:inline-block;font-size:.75em;padding:0 .35em;"
                    "margin-right:.3em;border-radius:.6em;background:#e8e8e8;color:#3d3d3d;font-weight:700}\n");
    for (size_t i = 0; i <= r->layers.n && i <= MAX_NAMES; i++) {
        const char *bg = palette[i % NPALETTE][0], *fg = palette[i % NPALETTE][1];
        snprintf(sel, sizeof sel, ".sw-g%zu", i);
        snprintf(decl, sizeof decl, "background:%s;border-bottom:2px solid %s", bg, fg);
        rule(b, "", sel, decl);
        snprintf(sel2, sizeof sel2, ".g%zu", i);
        snprintf(tg, sizeof tg, "t-g%zu", i);
        const char *shown[] = {sel2, decl};
        const char *off[] = {sel2, "background:transparent;border-bottom:0"};
        bool is_token = i < r->layers.n && strcmp(r->layers.v[i], "token") == 0;
        toggled(b, tg, !is_token, shown, 2, off, 2);
    }
    tp__buf_puts(b, print_css);
}

/* ---- Header, legend, index -------------------------------------------------------- */

static size_t npages(const render *r)
{
    return r->ndocs ? (r->ndocs - 1) / r->page_size + 1 : 1;
}

static void write_head(render *r)
{
    tp__buf *b = &r->out.b;
    tp__buf css = {0};
    build_css(r, &css);
    char hcss[45], hjs[45];
    tp__sha256_base64(css.data, css.len, hcss);
    tp__sha256_base64(page_js, strlen(page_js), hjs);
    tp__buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    tp__buf_printf(b,
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'sha256-%s'; script-src 'sha256-%s'; base-uri 'none'; form-action 'none'\">\n",
                   hcss, hjs);
    tp__buf_puts(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"referrer\" content=\"no-referrer\">\n");
    tp__buf_puts(b, "<meta name=\"generator\" content=\"textpipe " PACKAGE_VERSION "\">\n<title>");
    esc_clipped(b, r->o->title ? r->o->title : "textpipe", 200, false);
    tp__buf_puts(b, "</title>\n<style>");
    tp__buf_append(b, css.data, css.len);
    tp__buf_puts(b, "</style>\n<script>");
    tp__buf_puts(b, page_js);
    tp__buf_puts(b, "</script>\n</head>\n");
    tp__buf_free(&css);
}

static uint32_t total(const render *r, uint32_t key)
{
    return r->totals[key_slot(key)];
}

static const char *label_name(const render *r, size_t i)
{
    return i < r->labels.n ? r->labels.v[i] : "other labels";
}

static const char *layer_name(const render *r, size_t i)
{
    return i < r->layers.n ? r->layers.v[i] : "other layers";
}

static void plural(tp__buf *b, uint32_t n, const char *one, const char *many)
{
    tp__buf_printf(b, "%u %s", (unsigned)n, n == 1 ? one : many);
}

static uint32_t count_of(const render *r, const docinfo *di, uint32_t key)
{
    return di ? get_count(r, di, key) : total(r, key);
}

/* "18 sentences · 57 entities (PER 8, …) · 2 money amounts · word 38" for a
 * document (di) or the batch (NULL): the layers found in the batch. */
static void write_counts(render *r, const docinfo *di, bool sep)
{
    tp__buf *b = &r->out.b;
    const char *dot = " \xC2\xB7 ";
    if (r->seen[key_slot(KEY_SENT)]) {
        tp__buf_puts(b, sep ? dot : "");
        plural(b, count_of(r, di, KEY_SENT), "sentence", "sentences");
        sep = true;
    }
    if (r->seen[key_slot(KEY_ENT)]) {
        uint32_t nent = count_of(r, di, KEY_ENT);
        tp__buf_puts(b, sep ? dot : "");
        plural(b, nent, "entity", "entities");
        sep = true;
        const char *open = " (";
        for (size_t i = 0; nent && i <= r->labels.n && i <= MAX_NAMES; i++) {
            uint32_t n = count_of(r, di, KEY_LABEL(i));
            if (!n)
                continue;
            tp__buf_puts(b, open);
            esc_str(b, label_name(r, i), false);
            tp__buf_printf(b, " %u", (unsigned)n);
            open = ", ";
        }
        if (*open == ',')
            tp__buf_putc(b, ')');
    }
    if (r->seen[key_slot(KEY_MONEY)]) {
        tp__buf_puts(b, sep ? dot : "");
        plural(b, count_of(r, di, KEY_MONEY), "money amount", "money amounts");
        sep = true;
    }
    if (r->seen[key_slot(KEY_SUM)]) {
        tp__buf_puts(b, sep ? dot : "");
        plural(b, count_of(r, di, KEY_SUM), "summary sentence", "summary sentences");
        sep = true;
    }
    for (size_t i = 0; i <= r->layers.n && i <= MAX_NAMES; i++) {
        uint32_t n = count_of(r, di, KEY_LAYER(i));
        if (!n)
            continue;
        tp__buf_puts(b, sep ? dot : "");
        esc_str(b, layer_name(r, i), false);
        tp__buf_printf(b, " %u", (unsigned)n);
        sep = true;
    }
}

static void legend_item(tp__buf *b, const char *id, bool checked, const char *sw_class, const char *text,
                        const char *hint)
{
    tp__buf_printf(b, "<label title=\"%s: ", hint);
    esc_clipped(b, text, 200, true);
    tp__buf_printf(b, "\"><input type=\"checkbox\" id=\"%s\"%s><span class=\"sw %s\">", id,
                   checked ? " checked" : "", sw_class);
    esc_clipped(b, text, 24, false);
    tp__buf_puts(b, "</span></label>\n");
}

static void write_header(render *r)
{
    tp__buf *b = &r->out.b;
    tp__buf_puts(b, "<body>\n<header class=\"top\">\n<h1>");
    esc_clipped(b, r->o->title ? r->o->title : "textpipe", 200, false);
    tp__buf_puts(b, "</h1>\n<p class=\"totals\">");
    plural(b, (uint32_t)r->ndocs, "document", "documents");
    tp__buf_puts(b, " \xC2\xB7 ");
    plural(b, (uint32_t)r->nerrors, "error", "errors");
    write_counts(r, NULL, true);
    tp__buf_puts(b, "</p>\n");
    if (r->nerrors) {
        tp__buf_puts(b, "<p class=\"errlist\">Errors: ");
        size_t shown = 0;
        for (size_t i = 0; i < r->ndocs && shown < 20; i++)
            if (r->docs[i].error) {
                tp__buf_printf(b, "%s<a href=\"#d%zu\">%s</a>", shown ? ", " : "", i + 1, r->docs[i].id);
                shown++;
            }
        if (r->nerrors > shown)
            tp__buf_printf(b, " and %zu more (see the index)", r->nerrors - shown);
        tp__buf_puts(b, "</p>\n");
    }

    /* The legend: each entry switches its layer on or off. */
    tp__buf_puts(b, "<div class=\"legend\" role=\"group\" aria-label=\"Layers shown\">\n"
                    "<span class=\"group\">Entities</span>\n");
    char id[32], cls[32], hint[64];
    for (size_t i = 0; i <= r->labels.n; i++) {
        if (i == r->labels.n && (i < MAX_NAMES || !total(r, KEY_LABEL(MAX_NAMES))))
            break;
        snprintf(id, sizeof id, "t-e%zu", i);
        snprintf(cls, sizeof cls, "sw-e%zu", i);
        snprintf(hint, sizeof hint, "%s", i < NSTD_LABELS ? std_label_names[i] : "entity label");
        legend_item(b, id, true, cls, label_name(r, i), hint);
    }
    tp__buf_puts(b, "<span class=\"group\">Layers</span>\n");
    legend_item(b, "t-money", true, "sw-money", "money", "money amounts: hover for the value");
    legend_item(b, "t-sum", true, "sw-sum", "summary", "summary sentences, with their rank");
    legend_item(b, "t-sent", r->o->sentences, "sw-sent", "sentence boundaries", "numbered sentence starts");
    for (size_t i = 0; i <= r->layers.n; i++) {
        if (i == r->layers.n && (i < MAX_NAMES || !total(r, KEY_LAYER(MAX_NAMES))))
            break;
        snprintf(id, sizeof id, "t-g%zu", i);
        snprintf(cls, sizeof cls, "sw-g%zu", i);
        bool token = i < r->layers.n && strcmp(r->layers.v[i], "token") == 0;
        legend_item(b, id, !token, cls, layer_name(r, i), "a layer added by a plugin: hover for its features");
    }
    tp__buf_puts(b, "</div>\n");
    size_t np = npages(r);
    if (np > 1) {
        tp__buf_puts(b, "<nav class=\"pager\" id=\"pager\" aria-label=\"Pages\">Pages:");
        for (size_t p = 1; p <= np; p++)
            tp__buf_printf(b, " <a href=\"#page-%zu\" data-page=\"%zu\">%zu</a>", p, p, p);
        tp__buf_puts(b, "</nav>\n");
    }
    tp__buf_puts(b, "</header>\n<main>\n");
}

/* The index columns after # and id: sentences, each label, money,
 * summary, each other layer. */
static void index_columns(const render *r, uint32_t *keys, size_t *n)
{
    size_t k = 0;
    if (r->seen[key_slot(KEY_SENT)])
        keys[k++] = KEY_SENT;
    if (r->seen[key_slot(KEY_ENT)]) {
        for (size_t i = 0; i < r->labels.n; i++)
            keys[k++] = KEY_LABEL(i);
        if (total(r, KEY_LABEL(MAX_NAMES)))
            keys[k++] = KEY_LABEL(MAX_NAMES);
    }
    if (r->seen[key_slot(KEY_MONEY)])
        keys[k++] = KEY_MONEY;
    if (r->seen[key_slot(KEY_SUM)])
        keys[k++] = KEY_SUM;
    for (size_t i = 0; i < r->layers.n; i++)
        keys[k++] = KEY_LAYER(i);
    if (total(r, KEY_LAYER(MAX_NAMES)))
        keys[k++] = KEY_LAYER(MAX_NAMES);
    *n = k;
}

/* A name from the data in a narrow place: at most 24 bytes shown, all of
 * it on hover. */
static void clipped_name(tp__buf *b, const char *name)
{
    tp__buf_puts(b, "<span title=\"");
    esc_clipped(b, name, 200, true);
    tp__buf_puts(b, "\">");
    esc_clipped(b, name, 24, false);
    tp__buf_puts(b, "</span>");
}

static void column_name(const render *r, tp__buf *b, uint32_t key)
{
    if (key == KEY_SENT)
        tp__buf_puts(b, "sentences");
    else if (key == KEY_MONEY)
        tp__buf_puts(b, "money");
    else if (key == KEY_SUM)
        tp__buf_puts(b, "summary");
    else if (key >= KEY_LAYER(0))
        clipped_name(b, layer_name(r, key - KEY_LAYER(0)));
    else {
        size_t i = key - KEY_LABEL(0);
        if (i < NSTD_LABELS && i < r->labels.n)
            tp__buf_printf(b, "<abbr title=\"%s\">%s</abbr>", std_label_names[i], std_labels[i]);
        else if (i < NSTD_LABELS)
            tp__buf_puts(b, std_labels[i]);
        else
            clipped_name(b, label_name(r, i));
    }
}

static void write_index(render *r)
{
    tp__buf *b = &r->out.b;
    uint32_t keys[2 * MAX_NAMES + 16];
    size_t nk;
    index_columns(r, keys, &nk);
    tp__buf_puts(b, "<div class=\"wide\"><table class=\"index\" id=\"index\">\n<caption>Documents</caption>\n<thead><tr>"
                    "<th scope=\"col\">#</th><th scope=\"col\" class=\"id\">id</th>");
    for (size_t k = 0; k < nk; k++) {
        tp__buf_puts(b, "<th scope=\"col\">");
        column_name(r, b, keys[k]);
        tp__buf_puts(b, "</th>");
    }
    tp__buf_puts(b, "<th scope=\"col\" class=\"st\">status</th></tr></thead>\n");
    size_t ps = r->page_size;
    for (size_t i = 0; i < r->ndocs; i++) {
        const docinfo *d = &r->docs[i];
        if (i % ps == 0)
            tp__buf_printf(b, "%s<tbody data-page=\"%zu\">\n", i ? "</tbody>\n" : "", i / ps + 1);
        tp__buf_printf(b, "<tr%s><td>%zu</td><td class=\"id\"><a href=\"#d%zu\">%s</a></td>",
                       d->error ? " class=\"err\"" : "", i + 1, i + 1, d->id);
        for (size_t k = 0; k < nk; k++) {
            if (d->error)
                tp__buf_puts(b, "<td>\xE2\x80\x93</td>");
            else
                tp__buf_printf(b, "<td>%u</td>", (unsigned)get_count(r, d, keys[k]));
        }
        if (d->error)
            tp__buf_printf(b, "<td class=\"st\">error (%s)</td></tr>\n", d->error);
        else
            tp__buf_puts(b, "<td class=\"st\">ok</td></tr>\n");
        if (b->len >= FLUSH_AT)
            out_flush(&r->out);
    }
    if (r->ndocs)
        tp__buf_puts(b, "</tbody>\n");
    tp__buf_puts(b, "<tfoot><tr><th scope=\"row\" colspan=\"2\">total</th>");
    for (size_t k = 0; k < nk; k++)
        tp__buf_printf(b, "<th>%u</th>", (unsigned)total(r, keys[k]));
    tp__buf_printf(b, "<th class=\"st\">%zu ok, %zu failed</th></tr></tfoot>\n</table></div>\n", r->ndocs - r->nerrors,
                   r->nerrors);
}

/* ---- One document --------------------------------------------------------------- */

typedef struct span {
    size_t b, e;    /* bytes of the text */
    uint64_t ub, ue; /* as given, in the records' unit */
    enum kind kind;
    uint32_t order;  /* the layer's position in the record */
    uint32_t idx;    /* the span's position in its layer */
    uint32_t cls;    /* label or layer index */
    bool mismatch;
    const char *layer;
    const cJSON *o;
} span;

typedef struct docctx {
    size_t n; /* document number, from 1 */
    const char *text;
    size_t len;
    span *spans;
    size_t nspans;
    size_t bad; /* spans not drawn */
    size_t mismatched;
} docctx;

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

static int cmp_span(const void *pa, const void *pb)
{
    const span *a = pa, *b = pb;
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

/* A span offset: a whole number in [0, 2^53). */
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

/* Collects the spans of every layer and turns their offsets into bytes. */
static void collect_spans(render *r, docctx *d, const cJSON *ann)
{
    size_t cap = 0;
    uint32_t order = 0;
    for (const cJSON *layer = ann ? ann->child : NULL; layer; layer = layer->next, order++) {
        if (!cJSON_IsArray(layer) || !layer->string)
            continue;
        enum kind k = kind_of(layer->string);
        uint32_t cls = 0;
        if (k == K_OTHER || k == K_TOKEN) {
            size_t li = names_find(&r->layers, layer->string);
            cls = (uint32_t)(li == SIZE_MAX ? MAX_NAMES : li);
        }
        uint32_t idx = 0;
        for (const cJSON *s = layer->child; s; s = s->next, idx++) {
            span sp = {0};
            if (!cJSON_IsObject(s) || !offset_of(s, "start", &sp.ub) || !offset_of(s, "end", &sp.ue) ||
                sp.ub > sp.ue) {
                d->bad++;
                continue;
            }
            sp.kind = k;
            sp.order = order;
            sp.idx = idx;
            sp.layer = layer->string;
            sp.o = s;
            if (k == K_ENT) {
                const char *l = str_item(s, "label");
                size_t li = names_find(&r->labels, l && *l ? l : "?");
                sp.cls = (uint32_t)(li == SIZE_MAX ? MAX_NAMES : li);
            } else
                sp.cls = cls;
            d->spans = tp__xgrow(d->spans, &cap, d->nspans + 1, sizeof *d->spans);
            d->spans[d->nspans++] = sp;
        }
    }
    if (!d->nspans)
        return;

    /* Units to bytes: every offset wanted, sorted, in one walk over the text. */
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
    size_t *at = tp__xmalloc(nw * sizeof *at);
    const unsigned char *t = (const unsigned char *)d->text;
    uint64_t units = 0;
    size_t i = 0, w = 0;
    for (;;) {
        while (w < nw && want[w] < units)
            at[w++] = SIZE_MAX; /* inside a character */
        while (w < nw && want[w] == units)
            at[w++] = i;
        if (w == nw)
            break;
        if (i >= d->len) {
            while (w < nw)
                at[w++] = SIZE_MAX; /* past the end */
            break;
        }
        uint32_t cp;
        size_t l = decode(t, d->len, i, &cp);
        units += r->o->offsets == TP_OFFSETS_BYTES ? l : r->o->offsets == TP_OFFSETS_UTF16 && cp > 0xFFFF ? 2 : 1;
        i += l;
    }
    size_t kept = 0;
    for (size_t k = 0; k < d->nspans; k++) {
        span *s = &d->spans[k];
        const uint64_t *pb = bsearch(&s->ub, want, nw, sizeof *want, cmp_u64);
        const uint64_t *pe = bsearch(&s->ue, want, nw, sizeof *want, cmp_u64);
        size_t b = at[pb - want], e = at[pe - want];
        if (b == SIZE_MAX || e == SIZE_MAX) {
            d->bad++;
            continue;
        }
        s->b = b;
        s->e = e;
        const char *txt = str_item(s->o, "text");
        if (txt && (strlen(txt) != e - b || memcmp(txt, d->text + b, e - b) != 0)) {
            s->mismatch = true;
            d->mismatched++;
        }
        d->spans[kept++] = *s;
    }
    d->nspans = kept;
    free(want);
    free(at);
    qsort(d->spans, d->nspans, sizeof *d->spans, cmp_span);
}

/* A feature value for a hover text. */
static void value_text(tp__buf *b, const cJSON *v)
{
    if (cJSON_IsString(v)) {
        bool cut;
        size_t n = strlen(v->valuestring);
        tp__buf_append(b, v->valuestring, clip(v->valuestring, n, VALUE_SHOWN_MAX, &cut));
        if (cut)
            tp__buf_puts(b, "\xE2\x80\xA6");
    } else if (cJSON_IsNumber(v))
        put_num(b, v->valuedouble);
    else if (cJSON_IsTrue(v))
        tp__buf_puts(b, "true");
    else if (cJSON_IsFalse(v))
        tp__buf_puts(b, "false");
    else if (cJSON_IsNull(v))
        tp__buf_puts(b, "null");
    else {
        char *p = cJSON_PrintUnformatted(v);
        if (p) {
            bool cut;
            tp__buf_append(b, p, clip(p, strlen(p), VALUE_SHOWN_MAX, &cut));
            if (cut)
                tp__buf_puts(b, "\xE2\x80\xA6");
            free(p);
        }
    }
}

/* Every feature of a span but those in `skip` (NULL-terminated), one a
 * line; nested objects flattened (a.b), references shown as "→ layer[i]". */
static void features_text(tp__buf *b, const cJSON *o, const char *prefix, const char *const *skip)
{
    for (const cJSON *f = o->child; f; f = f->next) {
        if (!f->string || b->len > TITLE_MAX)
            continue;
        bool skipped = false;
        for (size_t i = 0; !*prefix && skip && skip[i]; i++)
            skipped |= strcmp(f->string, skip[i]) == 0;
        if (skipped)
            continue;
        const char *ref_layer = cJSON_IsObject(f) ? str_item(f, "layer") : NULL;
        const cJSON *ref_index = cJSON_IsObject(f) ? cJSON_GetObjectItemCaseSensitive(f, "index") : NULL;
        if (cJSON_IsObject(f) && !(ref_layer && cJSON_IsNumber(ref_index) && cJSON_GetArraySize(f) == 2)) {
            char *p = tp__xasprintf("%s%s.", prefix, f->string);
            features_text(b, f, p, skip);
            free(p);
            continue;
        }
        tp__buf_printf(b, "\n%s%s: ", prefix, f->string);
        if (ref_layer) {
            tp__buf_printf(b, "\xE2\x86\x92 %s[", ref_layer);
            put_num(b, ref_index->valuedouble);
            tp__buf_putc(b, ']');
        } else
            value_text(b, f);
    }
}

static double num_item(const cJSON *o, const char *key, bool *has)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *has = cJSON_IsNumber(v);
    return *has ? v->valuedouble : NAN;
}

/* "40,000,000,000 EUR", "5,000,000–10,000,000 USD" */
static void money_value(tp__buf *b, const cJSON *o)
{
    bool ha, hmin, hmax;
    double a = num_item(o, "amount", &ha), lo = num_item(o, "min", &hmin), hi = num_item(o, "max", &hmax);
    if (ha)
        put_amount(b, a);
    else if (hmin || hmax) {
        if (hmin)
            put_amount(b, lo);
        tp__buf_puts(b, "\xE2\x80\x93");
        if (hmax)
            put_amount(b, hi);
    } else
        tp__buf_puts(b, "?");
    const char *cur = str_item(o, "currency");
    if (cur) {
        tp__buf_putc(b, ' ');
        value_text(b, cJSON_GetObjectItemCaseSensitive(o, "currency"));
    }
}

static void money_norm(tp__buf *b, const cJSON *o)
{
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "approximate")))
        tp__buf_puts(b, "about ");
    money_value(b, o);
    const cJSON *cv = cJSON_GetObjectItemCaseSensitive(o, "converted");
    if (cJSON_IsObject(cv)) {
        tp__buf_puts(b, " \xE2\x89\x88 ");
        money_value(b, cv);
    }
}

static void hover_text(render *r, tp__buf *b, const docctx *d, const span *s)
{
    static const char *const skip_common[] = {"start", "end", "text", NULL};
    static const char *const skip_ent[] = {"start", "end", "text", "label", "score", NULL};
    static const char *const skip_money[] = {"start", "end", "text", "amount", "min", "max", "currency",
                                             "currency_default", "approximate", "converted", NULL};
    static const char *const skip_sum[] = {"start", "end", "text", "rank", NULL};
    (void)r;
    bool has;
    switch (s->kind) {
    case K_ENT: {
        const char *l = str_item(s->o, "label");
        tp__buf_printf(b, "entity %s", l ? l : "?");
        double sc = num_item(s->o, "score", &has);
        if (has) {
            tp__buf_puts(b, ", score ");
            put_num(b, sc);
        }
        features_text(b, s->o, "", skip_ent);
        break;
    }
    case K_MONEY: {
        tp__buf_puts(b, "money: ");
        money_value(b, s->o);
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s->o, "approximate")))
            tp__buf_puts(b, " (approximate)");
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s->o, "currency_default")))
            tp__buf_puts(b, "\ncurrency from the configuration (the symbol alone is ambiguous)");
        const cJSON *cv = cJSON_GetObjectItemCaseSensitive(s->o, "converted");
        if (cJSON_IsObject(cv)) {
            tp__buf_puts(b, "\nconverted: ");
            money_value(b, cv);
            double rate = num_item(cv, "rate", &has);
            if (has) {
                tp__buf_puts(b, " at ");
                put_num(b, rate);
            }
            const char *date = str_item(cv, "rate_date");
            if (date)
                tp__buf_printf(b, " (rate of %.40s)", date);
        }
        features_text(b, s->o, "", skip_money);
        break;
    }
    case K_SUM: {
        tp__buf_puts(b, "summary sentence");
        double rank = num_item(s->o, "rank", &has);
        if (has) {
            tp__buf_puts(b, ", rank ");
            put_num(b, rank);
        }
        features_text(b, s->o, "", skip_sum);
        break;
    }
    case K_SENT:
        tp__buf_printf(b, "sentence %u", (unsigned)s->idx + 1);
        features_text(b, s->o, "", skip_common);
        break;
    default: {
        bool cut;
        tp__buf_append(b, s->layer, clip(s->layer, strlen(s->layer), 100, &cut));
        tp__buf_printf(b, "[%u]", (unsigned)s->idx);
        features_text(b, s->o, "", skip_common);
        break;
    }
    }
    if (s->mismatch)
        tp__buf_puts(b, "\nthe span's text differs from the document at its offsets");
    (void)d;
}

static bool is_mark(const span *s)
{
    return s->kind == K_ENT || s->kind == K_SUM;
}

/* The start tag of a span's fragment. */
static void open_tag(render *r, tp__buf *b, const docctx *d, const span *s, bool cont, bool more)
{
    tp__buf_puts(b, is_mark(s) ? "<mark class=\"" : "<span class=\"");
    switch (s->kind) {
    case K_ENT:
        tp__buf_printf(b, "ent e%u", (unsigned)s->cls);
        if (s->cls < NSTD_LABELS)
            tp__buf_printf(b, " ent-%s", std_labels[s->cls]);
        break;
    case K_MONEY: tp__buf_puts(b, "money"); break;
    case K_SUM: tp__buf_puts(b, "sum"); break;
    case K_SENT: tp__buf_puts(b, s->idx % 2 ? "sent" : "sent odd"); break;
    default: tp__buf_printf(b, "lay g%u", (unsigned)s->cls); break;
    }
    if (s->b == s->e)
        tp__buf_puts(b, " empty");
    if (s->mismatch)
        tp__buf_puts(b, " mismatch");
    tp__buf_puts(b, "\" data-layer=\"");
    esc_clipped(b, s->layer, 200, true);
    tp__buf_puts(b, "\" data-span=\"");
    esc_clipped(b, s->layer, 200, true);
    tp__buf_printf(b, ":%u\"", (unsigned)s->idx);
    if (cont)
        tp__buf_puts(b, " data-cont");
    if (more)
        tp__buf_puts(b, " data-more");
    bool has;
    switch (s->kind) {
    case K_ENT: {
        const char *l = str_item(s->o, "label");
        tp__buf_puts(b, " data-label=\"");
        esc_clipped(b, l && *l ? l : "?", 100, true);
        tp__buf_putc(b, '"');
        double sc = num_item(s->o, "score", &has);
        if (has) {
            tp__buf_puts(b, " data-score=\"");
            put_num(b, sc);
            tp__buf_putc(b, '"');
        }
        break;
    }
    case K_MONEY: {
        static const char *const nums[] = {"amount", "min", "max"};
        for (size_t i = 0; i < 3; i++) {
            double v = num_item(s->o, nums[i], &has);
            if (has) {
                tp__buf_printf(b, " data-%s=\"", nums[i]);
                put_num(b, v);
                tp__buf_putc(b, '"');
            }
        }
        const char *cur = str_item(s->o, "currency");
        if (cur) {
            tp__buf_puts(b, " data-currency=\"");
            esc_clipped(b, cur, 200, true);
            tp__buf_putc(b, '"');
        }
        const cJSON *cv = cJSON_GetObjectItemCaseSensitive(s->o, "converted");
        if (cJSON_IsObject(cv)) {
            for (size_t i = 0; i < 3; i++) {
                double v = num_item(cv, nums[i], &has);
                if (has) {
                    tp__buf_printf(b, " data-converted-%s=\"", nums[i]);
                    put_num(b, v);
                    tp__buf_putc(b, '"');
                }
            }
            const char *cc = str_item(cv, "currency");
            if (cc) {
                tp__buf_puts(b, " data-converted-currency=\"");
                esc_clipped(b, cc, 200, true);
                tp__buf_putc(b, '"');
            }
        }
        r->tmp.len = 0;
        money_norm(&r->tmp, s->o);
        tp__buf_puts(b, " data-norm=\"");
        esc(b, r->tmp.data, r->tmp.len, true);
        tp__buf_putc(b, '"');
        if (!cont)
            tp__buf_puts(b, " tabindex=\"0\"");
        break;
    }
    case K_SUM: {
        double rank = num_item(s->o, "rank", &has);
        tp__buf_puts(b, " data-rank=\"");
        if (has)
            put_num(b, rank);
        else
            tp__buf_putc(b, '?');
        tp__buf_putc(b, '"');
        if (!cont)
            tp__buf_printf(b, " id=\"d%zu-s%u\"", d->n, (unsigned)s->idx + 1);
        break;
    }
    case K_SENT: tp__buf_printf(b, " data-n=\"%u\"", (unsigned)s->idx + 1); break;
    default: break;
    }
    if (s->kind == K_SENT && !s->mismatch && cJSON_GetArraySize(s->o) <= 3) {
        tp__buf_putc(b, '>'); /* a plain sentence: its number is the marker, no tooltip */
        return;
    }
    r->tmp.len = 0;
    hover_text(r, &r->tmp, d, s);
    bool cut;
    size_t n = clip(r->tmp.data ? r->tmp.data : "", r->tmp.len, TITLE_MAX, &cut);
    tp__buf_puts(b, " title=\"");
    esc(b, r->tmp.data, n, true);
    if (cut)
        tp__buf_puts(b, "\xE2\x80\xA6");
    tp__buf_puts(b, "\">");
}

static void close_tag(tp__buf *b, const span *s)
{
    tp__buf_puts(b, is_mark(s) ? "</mark>" : "</span>");
}

/* The text d->text[from..to) as HTML text.  A CR LF cut by a span
 * boundary is one line break, not two: the CR is left out. */
static void esc_segment(tp__buf *b, const docctx *d, size_t from, size_t to)
{
    size_t n = to - from;
    if (n && d->text[to - 1] == '\r' && to < d->len && d->text[to] == '\n')
        n--;
    esc(b, d->text + from, n, false);
}

typedef struct frame {
    const span *s;
    size_t min_end; /* the earliest end of this span and those below it */
} frame;

static void push(render *r, tp__buf *b, const docctx *d, frame *st, size_t *depth, const span *s, bool cont)
{
    size_t below = *depth ? st[*depth - 1].min_end : SIZE_MAX;
    /* A span that outlives one below it is cut where that one ends. */
    open_tag(r, b, d, s, cont, s->e > below);
    st[*depth].s = s;
    st[*depth].min_end = s->e < below ? s->e : below;
    (*depth)++;
}

/* The text with its spans, well nested (see the top of this file). */
static void draw_text(render *r, docctx *d)
{
    tp__buf *b = &r->out.b;
    size_t nb = 2 * d->nspans + 1;
    size_t *bound = tp__xmalloc(nb * sizeof *bound);
    for (size_t i = 0; i < d->nspans; i++) {
        bound[2 * i] = d->spans[i].b;
        bound[2 * i + 1] = d->spans[i].e;
    }
    bound[nb - 1] = d->len;
    qsort(bound, nb, sizeof *bound, cmp_size);
    frame *st = tp__xmalloc((d->nspans + 1) * sizeof *st);
    const span **reopen = tp__xmalloc((d->nspans + 1) * sizeof *reopen);
    size_t depth = 0, pos = 0, si = 0;
    for (size_t k = 0; k < nb; k++) {
        size_t p = bound[k];
        if (k > 0 && p == bound[k - 1])
            continue;
        esc_segment(b, d, pos, p);
        pos = p;
        size_t low = depth;
        for (size_t i = 0; i < depth; i++)
            if (st[i].s->e <= p) {
                low = i;
                break;
            }
        if (low < depth) {
            size_t nre = 0;
            for (size_t j = depth; j-- > low;) {
                close_tag(b, st[j].s);
                if (st[j].s->e > p)
                    reopen[nre++] = st[j].s;
            }
            depth = low;
            while (nre > 0)
                push(r, b, d, st, &depth, reopen[--nre], true);
        }
        for (; si < d->nspans && d->spans[si].b == p; si++) {
            const span *s = &d->spans[si];
            if (s->e == p) {
                open_tag(r, b, d, s, false, false);
                close_tag(b, s);
            } else
                push(r, b, d, st, &depth, s, false);
        }
        if (b->len >= FLUSH_AT)
            out_flush(&r->out);
    }
    esc_segment(b, d, pos, d->len);
    while (depth > 0)
        close_tag(b, st[--depth].s);
    free(bound);
    free(st);
    free(reopen);
}

typedef struct sumitem {
    double rank;
    uint32_t idx;
    const cJSON *o;
    const span *drawn;
} sumitem;

static int cmp_sum(const void *pa, const void *pb)
{
    const sumitem *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The summary sentences by rank, each linking to its place in the text. */
static void write_summary(render *r, const docctx *d, const cJSON *ann)
{
    const cJSON *sum = cJSON_GetObjectItemCaseSensitive(ann, "summary");
    int n = cJSON_IsArray(sum) ? cJSON_GetArraySize(sum) : 0;
    if (n <= 0)
        return;
    sumitem *it = tp__xcalloc((size_t)n, sizeof *it);
    size_t k = 0;
    for (const cJSON *s = sum->child; s; s = s->next, k++) {
        bool has;
        it[k].rank = num_item(s, "rank", &has);
        if (!has || isnan(it[k].rank))
            it[k].rank = INFINITY;
        it[k].idx = (uint32_t)k;
        it[k].o = s;
    }
    for (size_t i = 0; i < d->nspans; i++)
        if (d->spans[i].kind == K_SUM && d->spans[i].idx < k)
            it[d->spans[i].idx].drawn = &d->spans[i];
    qsort(it, k, sizeof *it, cmp_sum);
    tp__buf *b = &r->out.b;
    tp__buf_printf(b, "<section class=\"sumbox\" aria-labelledby=\"d%zu-sh\"><h3 id=\"d%zu-sh\">Summary</h3><ol>",
                   d->n, d->n);
    for (size_t i = 0; i < k; i++) {
        const span *s = it[i].drawn;
        tp__buf_puts(b, "<li>");
        if (s) {
            tp__buf_printf(b, "<a href=\"#d%zu-s%u\">", d->n, (unsigned)s->idx + 1);
            esc_segment(b, d, s->b, s->e);
            tp__buf_puts(b, "</a>");
        } else {
            const char *t = cJSON_IsObject(it[i].o) ? str_item(it[i].o, "text") : NULL;
            esc_clipped(b, t ? t : "(a span outside the text)", 2000, false);
        }
        tp__buf_puts(b, "</li>");
    }
    tp__buf_puts(b, "</ol></section>\n");
    free(it);
}

static void write_meta(render *r, const cJSON *meta)
{
    if (!meta || !meta->child)
        return;
    tp__buf *b = &r->out.b;
    tp__buf_puts(b, "<dl class=\"meta\">");
    size_t shown = 0;
    for (const cJSON *m = meta->child; m && shown < 50; m = m->next, shown++) {
        tp__buf_puts(b, "<dt>");
        esc_clipped(b, m->string ? m->string : "?", 100, false);
        tp__buf_puts(b, "</dt><dd>");
        r->tmp.len = 0;
        value_text(&r->tmp, m);
        esc(b, r->tmp.data, r->tmp.len, false);
        tp__buf_puts(b, "</dd>");
    }
    tp__buf_puts(b, "</dl>\n");
}

static void write_doc(render *r, size_t n, const rec *c)
{
    const docinfo *di = &r->docs[n - 1];
    tp__buf *b = &r->out.b;
    tp__buf_printf(b, "<article class=\"doc%s\" id=\"d%zu\" aria-labelledby=\"d%zu-h\" data-id=\"",
                   di->error ? " error" : "", n, n);
    if (c->id)
        esc_clipped(b, c->id, ID_SHOWN_MAX, true);
    tp__buf_putc(b, '"');
    if (c->error) {
        const char *code = str_item(c->error, "code");
        tp__buf_puts(b, " data-error-code=\"");
        esc_clipped(b, code ? code : "?", 80, true);
        tp__buf_putc(b, '"');
    }
    tp__buf_printf(b, ">\n<h2 id=\"d%zu-h\"><span class=\"n\">%zu</span>%s</h2>\n", n, n, di->id);
    if (!c->j || c->error) {
        tp__buf_puts(b, "<div class=\"errbox\" role=\"note\"><p><strong>Error</strong>");
        if (c->error) {
            const char *stage = str_item(c->error, "stage"), *code = str_item(c->error, "code");
            const char *msg = str_item(c->error, "message");
            tp__buf_puts(b, " in stage <code>");
            esc_clipped(b, stage ? stage : "?", 200, false);
            tp__buf_puts(b, "</code>, code <code>");
            esc_clipped(b, code ? code : "?", 200, false);
            tp__buf_puts(b, "</code></p><p class=\"msg\">");
            esc_clipped(b, msg ? msg : "", 4000, false);
        } else {
            tp__buf_puts(b, ": an unreadable record</p><p class=\"msg\">");
            esc_str(b, c->why, false);
        }
        tp__buf_puts(b, "</p></div>\n</article>\n");
        return;
    }
    tp__buf_puts(b, "<p class=\"docinfo\">");
    write_counts(r, di, false);
    tp__buf_puts(b, "<span class=\"up\"> \xC2\xB7 <a href=\"#index\">index</a></span></p>\n");
    write_meta(r, c->meta);
    docctx d = {.n = n};
    if (c->text) {
        d.text = c->text->valuestring;
        d.len = strlen(d.text);
        collect_spans(r, &d, c->ann);
        write_summary(r, &d, c->ann);
    }
    if (!c->text)
        tp__buf_puts(b, "<p class=\"notes\">This record has no text (the configuration's output.text is false), "
                        "so its spans cannot be drawn.</p>\n");
    if (d.bad)
        tp__buf_printf(b, "<p class=\"notes\">%zu span%s not drawn: offsets missing, reversed, inside a character "
                          "or past the end of the text.</p>\n",
                       d.bad, d.bad == 1 ? "" : "s");
    if (d.mismatched) {
        tp__buf_printf(b, "<p class=\"notes\">%zu span%s (outlined) differ%s from the document at %s offsets: "
                          "were the records written with another --offsets unit?</p>\n",
                       d.mismatched, d.mismatched == 1 ? "" : "s", d.mismatched == 1 ? "s" : "",
                       d.mismatched == 1 ? "its" : "their");
    }
    if (c->text) {
        tp__buf_puts(b, "<div class=\"text\">");
        draw_text(r, &d);
        tp__buf_puts(b, "</div>\n");
    }
    tp__buf_puts(b, "</article>\n");
    free(d.spans);
}

/* ---- The two passes --------------------------------------------------------------- */

static int fail(char *err, size_t errlen, const char *what, const char *name)
{
    snprintf(err, errlen, "%s %s: %s", what, name, strerror(errno ? errno : EIO));
    return -1;
}

int tp__html_render(FILE *const *in, const char *const *in_names, size_t n, const tp__html_opts *o,
                    tp__html_write_fn write, void *arg, char *err, size_t errlen)
{
    render r = {0};
    r.o = o;
    r.page_size = o->page_size ? o->page_size : TP__HTML_PAGE_SIZE;
    r.out.fn = write;
    r.out.arg = arg;
    for (size_t i = 0; i < NSTD_LABELS; i++)
        names_add(&r.labels, std_labels[i]);
    int rc = 0;
    reader rd = {0};
    off_t *starts = tp__xcalloc(n ? n : 1, sizeof *starts);

    /* Pass one: the index. */
    for (size_t f = 0; f < n && rc == 0; f++) {
        rd.f = in[f];
        rd.name = in_names[f];
        rd.lineno = 0;
        errno = 0;
        starts[f] = ftello(in[f]);
        if (starts[f] < 0) {
            rc = fail(err, errlen, "cannot read", in_names[f]);
            break;
        }
        size_t len;
        int got;
        while ((got = next_line(&rd, &len)) > 0) {
            rec c;
            rec_parse(&c, &rd, rd.line, len);
            index_record(&r, &c, &rd);
            cJSON_Delete(c.j);
        }
        if (got < 0)
            rc = fail(err, errlen, "cannot read", in_names[f]);
    }

    for (size_t i = 0; i < r.ncounts; i++) {
        r.totals[key_slot(r.counts[i].key)] += r.counts[i].n;
        r.seen[key_slot(r.counts[i].key)] = true;
    }
    if (rc == 0) {
        write_head(&r);
        write_header(&r);
        write_index(&r);
        out_flush(&r.out);
    }

    /* Pass two: the documents, in pages. */
    size_t k = 0;
    for (size_t f = 0; f < n && rc == 0 && !r.out.failed; f++) {
        rd.f = in[f];
        rd.name = in_names[f];
        rd.lineno = 0;
        errno = 0;
        if (fseeko(in[f], starts[f], SEEK_SET) != 0) {
            rc = fail(err, errlen, "cannot read again", in_names[f]);
            break;
        }
        size_t len;
        int got = 0;
        while (!r.out.failed && k < r.ndocs && (got = next_line(&rd, &len)) > 0) {
            if (k % r.page_size == 0) {
                size_t page = k / r.page_size + 1, last = k + r.page_size < r.ndocs ? k + r.page_size : r.ndocs;
                tp__buf_printf(&r.out.b,
                               "%s<section class=\"page\" id=\"page-%zu\" data-page=\"%zu\" "
                               "aria-label=\"Page %zu: documents %zu to %zu\">\n",
                               k ? "</section>\n" : "", page, page, page, k + 1, last);
            }
            rec c;
            rec_parse(&c, &rd, rd.line, len);
            write_doc(&r, ++k, &c);
            cJSON_Delete(c.j);
            if (r.out.b.len >= FLUSH_AT)
                out_flush(&r.out);
        }
        if (got < 0)
            rc = fail(err, errlen, "cannot read", in_names[f]);
    }
    if (rc == 0 && k != r.ndocs) {
        snprintf(err, errlen, "the input changed while it was read (%zu records, then %zu)", r.ndocs, k);
        rc = -1;
    }
    if (rc == 0) {
        tp__buf *b = &r.out.b;
        if (k)
            tp__buf_puts(b, "</section>\n");
        else
            tp__buf_puts(b, "<p>No records.</p>\n");
        tp__buf_puts(b, "</main>\n</body>\n</html>\n");
        out_flush(&r.out);
    }
    if (rc == 0 && r.out.failed) {
        snprintf(err, errlen, "cannot write the page");
        rc = -1;
    }

    free(rd.line);
    free(starts);
    for (size_t i = 0; i < r.ndocs; i++) {
        free(r.docs[i].id);
        free(r.docs[i].error);
    }
    free(r.docs);
    free(r.counts);
    names_free(&r.labels);
    names_free(&r.layers);
    tp__buf_free(&r.tmp);
    tp__buf_free(&r.out.b);
    return rc;
}
