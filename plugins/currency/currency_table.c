/*
 * currency_table.c -- loads the currency data into fast structures.
 *
 * Sources, read once at init:
 *   iso_4217.json    Debian iso-codes (codes, numeric codes, names).  Found at
 *                    the iso4217_path option, by default
 *                    /usr/share/iso-codes/json/iso_4217.json.
 *   currencies.tsv   this plugin's own data: option slots for ambiguous units,
 *                    minor-unit digits and flags per code, historic and non-ISO
 *                    codes, symbols, dollar prefixes, names and plurals, minor
 *                    units, coins.  The format is described at its top.
 *   locales.tsv      per-locale option overrides (en_AU: dollar=AUD).
 *
 * Structures: a direct 26^3 array from code to currency, an open-addressing
 * hash table of lower-cased keys (multi-word names are stored whole, with a
 * PARTIAL entry for each proper prefix so a scan can extend word by word),
 * a 64 Kbit filter over key hashes that rejects almost every ordinary word with
 * one load, and a bitmap of code points that begin a symbol.
 */
#define _POSIX_C_SOURCE 200809L
#include "money_internal.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || errlen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "currency: out of memory\n");
        abort();
    }
    return q;
}

uint32_t money__hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c |= 0x20;
        h = (h ^ c) * 16777619u;
    }
    return h;
}

const char *money__pool(const money_ctx *c, uint32_t off) { return c->pool + off; }

static uint32_t pool_add(money_ctx *c, const char *s, size_t n)
{
    uint32_t off;
    if (c->pool_len + n + 1 > c->pool_cap) {
        size_t cap = c->pool_cap ? c->pool_cap * 2 : 8192;
        while (cap < c->pool_len + n + 1) cap *= 2;
        c->pool = xrealloc(c->pool, cap);
        c->pool_cap = cap;
    }
    off = (uint32_t)c->pool_len;
    memcpy(c->pool + off, s, n);
    c->pool[off + n] = 0;
    c->pool_len += n + 1;
    return off;
}

/* ---- codes -------------------------------------------------------------- */

static int code_slot(const char *s, size_t n)
{
    int i, v = 0;
    if (n != 3)
        return -1;
    for (i = 0; i < 3; i++) {
        unsigned char ch = (unsigned char)(s[i] | 0x20);
        if (ch < 'a' || ch > 'z')
            return -1;
        v = v * 26 + (ch - 'a');
    }
    return v;
}

int money__code_find(const money_ctx *c, const char *s, size_t n)
{
    int k = code_slot(s, n);
    return k < 0 ? -1 : c->code_idx[k];
}

static int cur_add(money_ctx *c, const char *code, uint8_t flags)
{
    int k = code_slot(code, 3), i;
    if (k < 0)
        return -1;
    if (c->code_idx[k] >= 0) {
        c->cur[c->code_idx[k]].flags |= flags;
        return c->code_idx[k];
    }
    if (c->ncur >= MONEY_MAX_CURRENCIES)
        return -1;
    i = c->ncur++;
    for (k = 0; k < 3; k++) c->cur[i].code[k] = (char)(code[k] & ~0x20);
    c->cur[i].code[3] = 0;
    c->cur[i].minor = 2;
    c->cur[i].flags = flags;
    c->code_idx[code_slot(code, 3)] = (int16_t)i;
    return i;
}

int money__slot_find(const money_ctx *c, const char *name, size_t n)
{
    int i;
    for (i = 0; i < c->nslots; i++)
        if (strlen(c->slot_name[i]) == n && strncmp(c->slot_name[i], name, n) == 0)
            return i;
    return -1;
}

/* ---- lexicon ------------------------------------------------------------ */

const lex_entry *money__lex_find(const money_ctx *c, const char *key, size_t n, uint32_t h)
{
    uint32_t i;
    if (!c->ht)
        return NULL;
    for (i = h & c->htmask;; i = (i + 1) & c->htmask) {
        uint32_t e = c->ht[i];
        const lex_entry *le;
        if (e == 0)
            return NULL;
        le = &c->lex[e - 1];
        if (le->hash == h && le->keylen == n && memcmp(c->pool + le->key_off, key, n) == 0)
            return le;
    }
}

static void ht_rebuild(money_ctx *c)
{
    uint32_t size = 1024, i;
    int k;
    while (size < (uint32_t)c->nlex * 4) size *= 2;
    free(c->ht);
    c->ht = calloc(size, sizeof *c->ht);
    if (!c->ht)
        abort();
    c->htmask = size - 1;
    memset(c->bloom, 0, sizeof c->bloom);
    for (k = 0; k < c->nlex; k++) {
        uint32_t h = c->lex[k].hash;
        for (i = h & c->htmask; c->ht[i]; i = (i + 1) & c->htmask)
            ;
        c->ht[i] = (uint32_t)k + 1;
        {
            const char *key = c->pool + c->lex[k].key_off;
            uint32_t f = 0;
            size_t q;
            for (q = 0; q < c->lex[k].keylen; q++) f = money__fhash_step(f, (unsigned char)key[q]);
            f = money__fhash_final(f);
            c->bloom[f >> 6] |= 1ull << (f & 63);
        }
    }
    memset(c->codebits, 0, sizeof c->codebits);
    for (k = 0; k < 26 * 26 * 26; k++) {
        int ci = c->code_idx[k];
        if (ci >= 0 && !(c->cur[ci].flags & CUR_NOCODE))
            c->codebits[k >> 6] |= 1ull << (k & 63);
    }
}

/* Lower-cases ASCII and folds runs of spaces; returns the length. */
static size_t norm_key(const char *s, size_t n, char *out, size_t cap, int *nwords)
{
    size_t i, o = 0;
    int sp = 0;
    *nwords = 1;
    for (i = 0; i < n && o + 1 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ') {
            sp = 1;
            continue;
        }
        if (sp && o > 0) {
            out[o++] = ' ';
            (*nwords)++;
        }
        sp = 0;
        if (ch >= 'A' && ch <= 'Z')
            ch |= 0x20;
        out[o++] = (char)ch;
    }
    out[o] = 0;
    return o;
}

static lex_entry *lex_find_mut(money_ctx *c, const char *key, size_t n)
{
    int k;
    uint32_t h = money__hash(key, n);
    /* linear while loading (the table is rebuilt at the end) */
    for (k = 0; k < c->nlex; k++)
        if (c->lex[k].hash == h && c->lex[k].keylen == n && memcmp(c->pool + c->lex[k].key_off, key, n) == 0)
            return &c->lex[k];
    return NULL;
}

static lex_entry *lex_push(money_ctx *c)
{
    if (c->nlex == c->caplex) {
        c->caplex = c->caplex ? c->caplex * 2 : 512;
        c->lex = xrealloc(c->lex, (size_t)c->caplex * sizeof *c->lex);
    }
    memset(&c->lex[c->nlex], 0, sizeof c->lex[0]);
    return &c->lex[c->nlex++];
}

static void mark_symstart(money_ctx *c, const char *key)
{
    uint32_t cp;
    const unsigned char *u = (const unsigned char *)key;
    if (u[0] < 0x80)
        return;
    tp_utf8_decode(key, strlen(key), &cp);
    if (cp < 65536)
        c->symstart[cp >> 6] |= 1ull << (cp & 63);
    else
        c->sym_high = 1;
}

/* Adds one surface.  Returns 0, or -1 when the key exists with another
 * meaning (a data error for the TSV; silently skipped for ISO names). */
static int lex_add(money_ctx *c, const char *surf, size_t n, int kind, uint16_t flags, int16_t cur, double mult)
{
    char key[128];
    int nw, w;
    size_t kl = norm_key(surf, n, key, sizeof key, &nw);
    lex_entry *e;
    if (kl == 0)
        return -1;
    e = lex_find_mut(c, key, kl);
    if (e && e->kind != LK_PARTIAL) {
        /* the same key twice: fine if it means the same (exact surfaces
         * "kr" and "Kr" share the key "kr") */
        if (e->kind == kind && e->cur == cur && e->mult == mult) {
            if ((flags & LF_EXACT) && (e->flags & LF_EXACT)) {
                /* keep every accepted spelling: "DM|dm" */
                char buf[256];
                int bl = snprintf(buf, sizeof buf, "%s|%.*s", c->pool + e->surf_off, (int)n, surf);
                if (bl > 0 && (size_t)bl < sizeof buf)
                    e->surf_off = pool_add(c, buf, (size_t)bl);
            } else {
                e->flags &= (uint16_t)~LF_EXACT;
            }
            e->flags |= (uint16_t)(flags & ~LF_EXACT);
            return 0;
        }
        return -1;
    }
    if (!e) {
        e = lex_push(c);
        e->key_off = pool_add(c, key, kl);
        e->keylen = (uint16_t)kl;
        e->hash = money__hash(key, kl);
    }
    {
        uint16_t longer = e->flags & LF_LONGER;
        e->kind = (uint8_t)kind;
        e->flags = (uint16_t)(flags | longer);
        e->cur = cur;
        e->mult = mult;
        e->nwords = (uint8_t)nw;
        e->surf_off = pool_add(c, surf, n);
    }
    if (nw > c->max_key_words)
        c->max_key_words = nw;
    mark_symstart(c, key);
    /* prefixes of multi-word keys */
    for (w = 1; w < nw; w++) {
        size_t pl = 0;
        int seen = 0;
        lex_entry *p;
        while (pl < kl) {
            if (key[pl] == ' ' && ++seen == w)
                break;
            pl++;
        }
        p = lex_find_mut(c, key, pl);
        if (!p) {
            p = lex_push(c);
            p->key_off = pool_add(c, key, pl);
            p->keylen = (uint16_t)pl;
            p->hash = money__hash(key, pl);
            p->kind = LK_PARTIAL;
            p->nwords = (uint8_t)w;
            p->cur = -1;
        }
        p->flags |= LF_LONGER;
    }
    return 0;
}

/* ---- file helpers ------------------------------------------------------- */

static char *read_file(const char *path, size_t *len, char *err, size_t errlen, const char *what)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f) {
        seterr(err, errlen, "%s: cannot open %s: %s", what, path, strerror(errno));
        return NULL;
    }
    for (;;) {
        size_t r;
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            buf = xrealloc(buf, cap);
        }
        r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    if (ferror(f)) {
        seterr(err, errlen, "%s: error reading %s", what, path);
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

/* Splits line (modified in place) at tabs; returns the field count. */
static int split_tabs(char *line, char **f, int maxf)
{
    int n = 0;
    char *p = line;
    while (n < maxf) {
        char *t = strchr(p, '\t');
        f[n++] = p;
        if (!t)
            break;
        *t = 0;
        p = t + 1;
        while (*p == '\t') /* several tabs make one separator */
            p++;
    }
    return n;
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
}

/* ---- ISO 4217 JSON ------------------------------------------------------ */

static int load_iso(money_ctx *c, const char *path, char *err, size_t errlen)
{
    size_t len;
    char *buf = read_file(path, &len, err, errlen, "iso_4217.json");
    cJSON *root, *arr, *it;
    if (!buf) {
        size_t l = strlen(err);
        seterr(err + l, errlen - l, " (install Debian's iso-codes package or set the iso4217 option)");
        return -1;
    }
    root = cJSON_ParseWithLength(buf, len);
    free(buf);
    if (!root) {
        seterr(err, errlen, "iso_4217.json: %s is not valid JSON", path);
        return -1;
    }
    arr = cJSON_GetObjectItemCaseSensitive(root, "4217");
    if (!cJSON_IsArray(arr)) {
        seterr(err, errlen, "iso_4217.json: %s has no \"4217\" array", path);
        cJSON_Delete(root);
        return -1;
    }
    cJSON_ArrayForEach(it, arr)
    {
        cJSON *a3 = cJSON_GetObjectItemCaseSensitive(it, "alpha_3");
        if (cJSON_IsString(a3) && code_slot(a3->valuestring, strlen(a3->valuestring)) >= 0)
            cur_add(c, a3->valuestring, CUR_ISO);
    }
    if (c->ncur < 100) {
        seterr(err, errlen, "iso_4217.json: %s lists only %d currencies", path, c->ncur);
        cJSON_Delete(root);
        return -1;
    }
    /* names ("Swiss Franc", "Yen") are added after the data file, which
     * takes precedence: see add_iso_names */
    cJSON_Delete(root);
    return 0;
}

/* Adds each ISO name (and a plural in -s) as a post-number name unless the
 * data file already defined that key or the currency is never matched. */
static void add_iso_names(money_ctx *c, const char *path)
{
    size_t len;
    char err[8];
    char *buf = read_file(path, &len, err, sizeof err, "iso");
    cJSON *root, *arr, *it;
    if (!buf)
        return;
    root = cJSON_ParseWithLength(buf, len);
    free(buf);
    if (!root)
        return;
    arr = cJSON_GetObjectItemCaseSensitive(root, "4217");
    cJSON_ArrayForEach(it, arr)
    {
        cJSON *a3 = cJSON_GetObjectItemCaseSensitive(it, "alpha_3");
        cJSON *nm = cJSON_GetObjectItemCaseSensitive(it, "name");
        int ci;
        char plural[128];
        size_t nl;
        if (!cJSON_IsString(a3) || !cJSON_IsString(nm))
            continue;
        ci = money__code_find(c, a3->valuestring, strlen(a3->valuestring));
        if (ci < 0 || (c->cur[ci].flags & CUR_NOCODE))
            continue;
        nl = strlen(nm->valuestring);
        if (nl == 0 || nl > 100 || strchr(nm->valuestring, '(') || strchr(nm->valuestring, '.'))
            continue;
        {
            char key[128];
            int nw;
            size_t kl = norm_key(nm->valuestring, nl, key, sizeof key, &nw);
            lex_entry *e = lex_find_mut(c, key, kl);
            if (e && e->kind != LK_PARTIAL)
                continue;
        }
        lex_add(c, nm->valuestring, nl, LK_NAME, LF_POST | LF_NOART, (int16_t)ci, 1.0);
        snprintf(plural, sizeof plural, "%ss", nm->valuestring);
        {
            char key[128];
            int nw;
            size_t kl = norm_key(plural, nl + 1, key, sizeof key, &nw);
            lex_entry *e = lex_find_mut(c, key, kl);
            if (!e || e->kind == LK_PARTIAL)
                lex_add(c, plural, nl + 1, LK_NAME, LF_POST | LF_NOART, (int16_t)ci, 1.0);
        }
    }
    cJSON_Delete(root);
}

/* ---- currencies.tsv ----------------------------------------------------- */

static int parse_cref(money_ctx *c, const char *s, int16_t *out)
{
    int k;
    if (s[0] == '@') {
        k = money__slot_find(c, s + 1, strlen(s + 1));
        if (k < 0)
            return -1;
        *out = CREF_SLOT(k);
        return 0;
    }
    k = money__code_find(c, s, strlen(s));
    if (k < 0 || strlen(s) != 3)
        return -1;
    *out = (int16_t)k;
    return 0;
}

static int parse_lflags(const char *s, uint16_t *fl, char *bad, size_t badlen)
{
    char tmp[256];
    char *save = NULL, *tok;
    snprintf(tmp, sizeof tmp, "%s", s);
    for (tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        if (!*tok || !strcmp(tok, "-"))
            continue;
        if (!strcmp(tok, "pre"))
            *fl |= LF_PRE;
        else if (!strcmp(tok, "post"))
            *fl |= LF_POST;
        else if (!strcmp(tok, "nopre"))
            *fl &= (uint16_t)~LF_PRE;
        else if (!strcmp(tok, "nopost"))
            *fl &= (uint16_t)~LF_POST;
        else if (!strcmp(tok, "glued"))
            *fl |= LF_GLUED;
        else if (!strcmp(tok, "exact"))
            *fl |= LF_EXACT;
        else if (!strcmp(tok, "weight"))
            *fl |= LF_WEIGHT;
        else if (!strcmp(tok, "noart"))
            *fl |= LF_NOART;
        else if (!strcmp(tok, "plural"))
            *fl |= LF_PLURAL;
        else if (!strcmp(tok, "notitle"))
            *fl |= LF_NOTITLE;
        else if (!strcmp(tok, "lower"))
            *fl |= LF_LOWER;
        else if (!strcmp(tok, "scaled"))
            *fl |= LF_SCALED;
        else if (!strcmp(tok, "strict"))
            *fl |= LF_STRICT;
        else {
            snprintf(bad, badlen, "%s", tok);
            return -1;
        }
    }
    return 0;
}

static int tsv_line(money_ctx *c, char *line, int pass, const char *file, int lno, char *err, size_t errlen)
{
    char *f[6];
    int nf, kind = -1;
    trim(line);
    if (line[0] == '#' || line[0] == 0)
        return 0;
    nf = split_tabs(line, f, 6);
    if (nf < 2) {
        seterr(err, errlen, "%s:%d: expected kind<TAB>surfaces...", file, lno);
        return -1;
    }

    if (!strcmp(f[0], "opt")) {
        if (pass != 0)
            return 0;
        if (nf < 3) {
            seterr(err, errlen, "%s:%d: opt needs a name and a default", file, lno);
            return -1;
        }
        if (c->nslots >= MONEY_MAX_SLOTS || strlen(f[1]) >= sizeof c->slot_name[0]) {
            seterr(err, errlen, "%s:%d: too many options or name too long", file, lno);
            return -1;
        }
        snprintf(c->slot_name[c->nslots], sizeof c->slot_name[0], "%s", f[1]);
        c->nslots++;
        /* defaults may name later slots: resolved in pass 1 */
        return 0;
    }
    if (!strcmp(f[0], "code")) {
        char tmp[256], *save = NULL, *tok;
        int ci;
        uint8_t add = 0;
        int minor = -1;
        if (pass != 0)
            return 0;
        if (strlen(f[1]) != 3 || code_slot(f[1], 3) < 0) {
            seterr(err, errlen, "%s:%d: bad code '%s'", file, lno, f[1]);
            return -1;
        }
        snprintf(tmp, sizeof tmp, "%s", nf > 2 ? f[2] : "");
        for (tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            while (*tok == ' ') tok++;
            if (!strncmp(tok, "minor=", 6))
                minor = atoi(tok + 6);
            else if (!strcmp(tok, "historic"))
                add |= CUR_HISTORIC;
            else if (!strcmp(tok, "noniso"))
                add |= CUR_NONISO;
            else if (!strcmp(tok, "wordlike"))
                add |= CUR_WORDLIKE | CUR_NOLOWER;
            else if (!strcmp(tok, "nolower"))
                add |= CUR_NOLOWER;
            else if (!strcmp(tok, "nocode"))
                add |= CUR_NOCODE;
            else if (*tok) {
                seterr(err, errlen, "%s:%d: unknown code flag '%s'", file, lno, tok);
                return -1;
            }
        }
        ci = money__code_find(c, f[1], 3);
        if (ci < 0) {
            if (!(add & (CUR_HISTORIC | CUR_NONISO))) {
                seterr(err, errlen, "%s:%d: code %s is not in iso_4217.json (mark it historic or noniso)", file,
                       lno, f[1]);
                return -1;
            }
            ci = cur_add(c, f[1], 0);
            if (ci < 0) {
                seterr(err, errlen, "%s:%d: too many currencies", file, lno);
                return -1;
            }
        }
        c->cur[ci].flags |= add;
        if (minor >= 0 && minor <= 8)
            c->cur[ci].minor = (uint8_t)minor;
        return 0;
    }
    if (pass == 0)
        return 0;

    if (!strcmp(f[0], "dprefix")) {
        char tmp[256], *save = NULL, *tok;
        int16_t cur;
        uint8_t fl = 0;
        if (nf < 3 || parse_cref(c, f[2], &cur) < 0) {
            seterr(err, errlen, "%s:%d: dprefix needs a known currency", file, lno);
            return -1;
        }
        if (nf > 3) {
            snprintf(tmp, sizeof tmp, "%s", f[3]);
            for (tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                while (*tok == ' ') tok++;
                if (!strcmp(tok, "spaced"))
                    fl |= DP_SPACED;
                else if (!strcmp(tok, "upper"))
                    fl |= DP_UPPER;
                else if (!strcmp(tok, "det"))
                    fl |= DP_DET;
                else if (!strcmp(tok, "noapos"))
                    fl |= DP_NOAPOS;
                else if (*tok && strcmp(tok, "-")) {
                    seterr(err, errlen, "%s:%d: unknown dprefix flag '%s'", file, lno, tok);
                    return -1;
                }
            }
        }
        snprintf(tmp, sizeof tmp, "%s", f[1]);
        for (tok = strtok_r(tmp, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
            size_t kl = 0, i;
            dprefix *d;
            if (c->ndp >= (int)(sizeof c->dp / sizeof c->dp[0])) {
                seterr(err, errlen, "%s:%d: too many dollar prefixes", file, lno);
                return -1;
            }
            d = &c->dp[c->ndp++];
            memset(d, 0, sizeof *d);
            for (i = 0; tok[i] && kl < sizeof d->key - 1; i++)
                if (tok[i] != '.')
                    d->key[kl++] = (char)(tok[i] | 0x20);
            d->keylen = (uint8_t)kl;
            d->flags = fl;
            d->cur = cur;
        }
        return 0;
    }

    if (!strcmp(f[0], "infer")) {
        /* infer  SLOT  CODE|CODE|... */
        char tmp[256], *save = NULL, *tok;
        int sl = nf >= 3 ? money__slot_find(c, f[1], strlen(f[1])) : -1;
        if (sl < 0) {
            seterr(err, errlen, "%s:%d: infer needs an option name and currencies", file, lno);
            return -1;
        }
        c->ninfer[sl] = 0;
        snprintf(tmp, sizeof tmp, "%s", f[2]);
        for (tok = strtok_r(tmp, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
            int16_t cur;
            if (parse_cref(c, tok, &cur) < 0 || CREF_IS_SLOT(cur)) {
                seterr(err, errlen, "%s:%d: infer: unknown currency code '%s'", file, lno, tok);
                return -1;
            }
            if (c->ninfer[sl] >= MONEY_MAX_INFER) {
                seterr(err, errlen, "%s:%d: infer: more than %d currencies", file, lno, MONEY_MAX_INFER);
                return -1;
            }
            c->infer_cand[sl][c->ninfer[sl]++] = cur;
        }
        return 0;
    }
    if (!strcmp(f[0], "sym"))
        kind = LK_SYMBOL;
    else if (!strcmp(f[0], "name"))
        kind = LK_NAME;
    else if (!strcmp(f[0], "minor"))
        kind = LK_MINOR;
    else if (!strcmp(f[0], "coin"))
        kind = LK_COIN;
    else if (!strcmp(f[0], "unit"))
        kind = LK_UNIT;
    if (kind < 0) {
        seterr(err, errlen, "%s:%d: unknown kind '%s'", file, lno, f[0]);
        return -1;
    }
    {
        int16_t cur;
        uint16_t fl = (kind == LK_SYMBOL) ? (LF_PRE | LF_POST) : LF_POST;
        double mult = 1.0;
        char bad[64];
        char *save = NULL, *tok;
        if (nf < 3 || parse_cref(c, f[2], &cur) < 0) {
            seterr(err, errlen, "%s:%d: unknown currency or option '%s'", file, lno, nf < 3 ? "" : f[2]);
            return -1;
        }
        if (nf > 3 && parse_lflags(f[3], &fl, bad, sizeof bad) < 0) {
            seterr(err, errlen, "%s:%d: unknown flag '%s'", file, lno, bad);
            return -1;
        }
        if (nf > 4 && f[4][0]) {
            char *end;
            mult = strtod(f[4], &end);
            if (end == f[4] || !(mult > 0)) {
                seterr(err, errlen, "%s:%d: bad value '%s'", file, lno, f[4]);
                return -1;
            }
        }
        for (tok = strtok_r(f[1], "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
            if (lex_add(c, tok, strlen(tok), kind, fl, cur, mult) < 0) {
                seterr(err, errlen, "%s:%d: '%s' is already defined with another meaning", file, lno, tok);
                return -1;
            }
        }
    }
    return 0;
}

static int load_tsv(money_ctx *c, const char *dir, char *err, size_t errlen)
{
    char path[4096];
    size_t len;
    char *buf;
    int pass;
    snprintf(path, sizeof path, "%s/currencies.tsv", dir);
    buf = read_file(path, &len, err, errlen, "currencies.tsv");
    if (!buf)
        return -1;
    for (pass = 0; pass < 2; pass++) {
        char *copy = malloc(len + 1), *line;
        int lno = 0;
        if (!copy)
            abort();
        memcpy(copy, buf, len + 1);
        /* by hand: strtok_r would merge empty lines and break line numbers */
        for (line = copy; line;) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = 0;
            lno++;
            if (tsv_line(c, line, pass, path, lno, err, errlen) < 0) {
                free(copy);
                free(buf);
                return -1;
            }
            line = nl ? nl + 1 : NULL;
        }
        free(copy);
        if (pass == 0) {
            /* slot defaults: second look at the opt lines now that all slots
             * and codes exist */
            char *copy2 = malloc(len + 1), *ln;
            int l2 = 0;
            if (!copy2)
                abort();
            memcpy(copy2, buf, len + 1);
            for (ln = copy2; ln;) {
                char *nl = strchr(ln, '\n');
                char *f[4];
                int nf2;
                if (nl)
                    *nl = 0;
                l2++;
                trim(ln);
                if (!strncmp(ln, "opt\t", 4)) {
                    nf2 = split_tabs(ln, f, 4);
                    if (nf2 >= 3) {
                        int s = money__slot_find(c, f[1], strlen(f[1]));
                        if (parse_cref(c, f[2], &c->slot_spec[s]) < 0) {
                            seterr(err, errlen, "%s:%d: option %s: unknown default '%s'", path, l2, f[1], f[2]);
                            free(copy2);
                            free(buf);
                            return -1;
                        }
                    }
                }
                ln = nl ? nl + 1 : NULL;
            }
            free(copy2);
        }
    }
    free(buf);
    if (money__slot_find(c, "dollar", 6) < 0 || money__slot_find(c, "pound", 5) < 0) {
        seterr(err, errlen, "%s: the options dollar and pound must be declared", path);
        return -1;
    }
    return 0;
}

/* Minor units named with their country: every "X dollar(s)" name of a fixed
 * currency gives "X cent(s)" ("66 Australian cents", "80 Hong Kong cents"),
 * and so do the spaced dollar prefixes of two letters or more ("66 US cents",
 * "U.S. cents", "NZ cents").  An entry the data file gives wins. */
static void add_country_minors(money_ctx *c)
{
    int k, n = c->nlex;
    char buf[160];
    for (k = 0; k < n; k++) {
        const lex_entry *e = &c->lex[k];
        const char *key = c->pool + e->key_off;
        size_t stem;
        int16_t cur = e->cur;
        if (e->kind != LK_NAME || CREF_IS_SLOT(cur))
            continue;
        if (e->keylen > 8 && memcmp(key + e->keylen - 8, " dollars", 8) == 0)
            stem = e->keylen - 8;
        else if (e->keylen > 7 && memcmp(key + e->keylen - 7, " dollar", 7) == 0)
            stem = e->keylen - 7;
        else
            continue;
        if (stem + 8 >= sizeof buf)
            continue;
        memcpy(buf, key, stem);
        memcpy(buf + stem, " cent", 6);
        lex_add(c, buf, stem + 5, LK_MINOR, LF_POST, cur, 1.0);
        memcpy(buf + stem, " cents", 7);
        lex_add(c, buf, stem + 6, LK_MINOR, LF_POST, cur, 1.0);
    }
    for (k = 0; k < c->ndp; k++) {
        const dprefix *d = &c->dp[k];
        int16_t cur = d->cur;
        if (d->keylen < 2 || !(d->flags & DP_SPACED) || CREF_IS_SLOT(cur))
            continue;
        snprintf(buf, sizeof buf, "%s cent", d->key);
        lex_add(c, buf, strlen(buf), LK_MINOR, LF_POST, cur, 1.0);
        snprintf(buf, sizeof buf, "%s cents", d->key);
        lex_add(c, buf, strlen(buf), LK_MINOR, LF_POST, cur, 1.0);
    }
}

/* ---- locales.tsv -------------------------------------------------------- */

static int parse_overrides(money_ctx *c, const char *s, int8_t *slot, int16_t *cur, int max, int *n, char *err,
                           size_t errlen, const char *where)
{
    char tmp[512], *save = NULL, *tok;
    snprintf(tmp, sizeof tmp, "%s", s);
    *n = 0;
    for (tok = strtok_r(tmp, ",; \t", &save); tok; tok = strtok_r(NULL, ",; \t", &save)) {
        char *eq = strchr(tok, '=');
        int sl;
        int16_t cr;
        if (!eq) {
            seterr(err, errlen, "%s: expected name=CODE, got '%s'", where, tok);
            return -1;
        }
        *eq = 0;
        sl = money__slot_find(c, tok, strlen(tok));
        if (sl < 0) {
            seterr(err, errlen, "%s: unknown option '%s'", where, tok);
            return -1;
        }
        if (parse_cref(c, eq + 1, &cr) < 0) {
            seterr(err, errlen, "%s: %s: unknown currency code '%s'", where, tok, eq + 1);
            return -1;
        }
        if (*n >= max) {
            seterr(err, errlen, "%s: too many overrides", where);
            return -1;
        }
        slot[*n] = (int8_t)sl;
        cur[*n] = cr;
        (*n)++;
    }
    return 0;
}

static int load_locales(money_ctx *c, const char *dir, char *err, size_t errlen)
{
    char path[4096];
    size_t len;
    char *buf, *line;
    int lno = 0;
    snprintf(path, sizeof path, "%s/locales.tsv", dir);
    buf = read_file(path, &len, err, errlen, "locales.tsv");
    if (!buf)
        return -1;
    for (line = buf; line;) {
        char *nl = strchr(line, '\n');
        char *f[3];
        int nf;
        if (nl)
            *nl = 0;
        lno++;
        trim(line);
        if (line[0] && line[0] != '#') {
            char where[4200];
            locale_ovr *L;
            nf = split_tabs(line, f, 3);
            snprintf(where, sizeof where, "%s:%d", path, lno);
            if (nf < 2 || c->nloc >= MONEY_MAX_LOCALES || strlen(f[0]) >= sizeof L->name) {
                seterr(err, errlen, "%s: expected locale<TAB>name=CODE,...", where);
                free(buf);
                return -1;
            }
            L = &c->loc[c->nloc++];
            snprintf(L->name, sizeof L->name, "%s", f[0]);
            if (parse_overrides(c, f[1], L->slot, L->cur, MONEY_MAX_LOCALE_OVR, &L->n, err, errlen, where) < 0) {
                free(buf);
                return -1;
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    free(buf);
    return 0;
}

/* ---- slots -------------------------------------------------------------- */

int money__resolve_slots(const money_ctx *c, const int16_t *spec, int16_t *out)
{
    int i;
    for (i = 0; i < c->nslots; i++) {
        int16_t r = spec[i];
        int hops = 0;
        while (CREF_IS_SLOT(r) && hops++ <= c->nslots) r = spec[CREF_SLOT_OF(r)];
        if (CREF_IS_SLOT(r))
            return -1; /* a cycle: grand=@dollar, dollar=@grand */
        out[i] = r;
    }
    return 0;
}

static int set_slot(money_ctx *c, const char *name, const char *code, char *err, size_t errlen)
{
    int s = money__slot_find(c, name, strlen(name));
    int16_t r;
    if (s < 0) {
        seterr(err, errlen, "option %s: not declared in currencies.tsv", name);
        return -1;
    }
    if (parse_cref(c, code, &r) < 0) {
        seterr(err, errlen, "option %s: unknown currency code '%s'", name, code);
        return -1;
    }
    c->slot_spec[s] = r;
    return 0;
}

int money__tables_load(money_ctx *c, const money_opts *o, const char *data_dir, char *err, size_t errlen)
{
    const char *iso = (o && o->iso4217_path) ? o->iso4217_path : MONEY_ISO4217_DEFAULT;
    int i;
    if (!data_dir) {
        seterr(err, errlen, "currency: no data directory given");
        return -1;
    }
    for (i = 0; i < 26 * 26 * 26; i++) c->code_idx[i] = -1;
    if (load_iso(c, iso, err, errlen) < 0)
        return -1;
    if (load_tsv(c, data_dir, err, errlen) < 0)
        return -1;
    add_country_minors(c);
    add_iso_names(c, iso);
    ht_rebuild(c);
    if (load_locales(c, data_dir, err, errlen) < 0)
        return -1;

    if (o) {
        if (o->dollar && set_slot(c, "dollar", o->dollar, err, errlen) < 0)
            return -1;
        if (o->pound && set_slot(c, "pound", o->pound, err, errlen) < 0)
            return -1;
        if (o->yen && set_slot(c, "yen", o->yen, err, errlen) < 0)
            return -1;
        if (o->kr && set_slot(c, "kr", o->kr, err, errlen) < 0)
            return -1;
        if (o->units && o->units[0]) {
            int8_t sl[MONEY_MAX_SLOTS];
            int16_t cr[MONEY_MAX_SLOTS];
            int n, k;
            if (parse_overrides(c, o->units, sl, cr, MONEY_MAX_SLOTS, &n, err, errlen, "option units") < 0)
                return -1;
            for (k = 0; k < n; k++) c->slot_spec[sl[k]] = cr[k];
        }
    }
    if (money__resolve_slots(c, c->slot_spec, c->slot_cur) < 0) {
        seterr(err, errlen, "currency options refer to each other in a cycle");
        return -1;
    }
    return 0;
}

void money__tables_free(money_ctx *c)
{
    free(c->lex);
    free(c->ht);
    free(c->pool);
    c->lex = NULL;
    c->ht = NULL;
    c->pool = NULL;
}
