/*
 * jsonl.c - strict JSON parsing of one input record (see jsonl.h).
 *
 * A recursive-descent parser over a byte range.  Strings are decoded only
 * for keys and for the "id" and "text" values; every other value is
 * validated and kept as a raw slice.
 */
#include "autoconfig.h"

#include "jsonl.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "swar.h"
#include "utf8.h"

typedef struct parser {
    const unsigned char *s;
    size_t len;
    size_t pos;
    tp__arena *arena;
    tp__json_error *err;
    bool raw_utf8_unchecked; /* id and text: the document model checks them */
} parser;

__attribute__((format(printf, 3, 4))) static int fail_at(parser *p, size_t at, const char *fmt, ...)
{
    if (p->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
        va_end(ap);
        p->err->offset = at;
        p->err->code = "bad_json";
    }
    return -1;
}

/* Raw bytes of a string that are not UTF-8 (RFC 8259 requires it, and meta
 * is copied to the output as it is). */
static int fail_utf8(parser *p, size_t at, tp__utf8_status st)
{
    fail_at(p, at, "%s inside a string (JSON text must be UTF-8)", tp__utf8_reason(st));
    if (p->err)
        p->err->code = "bad_utf8";
    return -1;
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len) {
        unsigned char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

static const char *describe(parser *p, char buf[16])
{
    if (p->pos >= p->len)
        return "end of line";
    unsigned char c = p->s[p->pos];
    if (c >= 0x20 && c < 0x7f)
        snprintf(buf, 16, "'%c'", c);
    else
        snprintf(buf, 16, "byte 0x%02x", c);
    return buf;
}

static int hex4(const unsigned char *h, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = h[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (uint32_t)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

/* Parses the string at p->pos (which is '"').  When `out` is not NULL the
 * decoded bytes go to a fresh arena string stored there with its length. */
static int parse_string(parser *p, char **out, size_t *out_len)
{
    size_t start = p->pos++;
    char *dst = NULL;
    size_t n = 0;
    if (out) {
        /* Decoded text never exceeds the raw literal: find its end first so
         * the allocation fits the string, not the rest of the line. */
        size_t e = p->pos;
        while (e < p->len && p->s[e] != '"') {
            while (e + 8 <= p->len && !tp__swar_quote_or_backslash(tp__swar_load(p->s + e))) e += 8;
            if (e < p->len && p->s[e] != '"')
                e += p->s[e] == '\\' ? 2 : 1;
        }
        dst = tp__arena_alloc(p->arena, (e < p->len ? e : p->len) - start + 1);
    }
    for (;;) {
        /* Copy the plain run up to the next quote, backslash or control byte. */
        size_t run = p->pos;
        bool high = false;
        uint64_t highs = 0;
        /* eight bytes a step while none ends the run */
        while (run + 8 <= p->len) {
            uint64_t x = tp__swar_load(p->s + run);
            if (tp__swar_json_special(x))
                break;
            highs |= x;
            run += 8;
        }
        high = (highs & TP__SWAR_HIGH) != 0;
        while (run < p->len) {
            unsigned char c = p->s[run];
            if (c == '"' || c == '\\' || c < 0x20)
                break;
            high |= c >= 0x80;
            run++;
        }
        if (high && !p->raw_utf8_unchecked) {
            tp__utf8_result u = tp__utf8_check((const char *)p->s + p->pos, run - p->pos);
            if (u.status != TP_UTF8_OK)
                return fail_utf8(p, p->pos + u.offset, u.status);
        }
        if (dst && run > p->pos) {
            memcpy(dst + n, p->s + p->pos, run - p->pos);
            n += run - p->pos;
        }
        p->pos = run;
        if (p->pos >= p->len)
            return fail_at(p, start, "unterminated string");
        unsigned char c = p->s[p->pos];
        if (c == '"') {
            p->pos++;
            break;
        }
        if (c < 0x20)
            return fail_at(p, p->pos, "control character 0x%02x inside a string (must be escaped)", c);
        /* A backslash escape. */
        if (p->pos + 1 >= p->len)
            return fail_at(p, p->pos, "unterminated string");
        unsigned char e = p->s[p->pos + 1];
        char simple = 0;
        switch (e) {
        case '"': simple = '"'; break;
        case '\\': simple = '\\'; break;
        case '/': simple = '/'; break;
        case 'b': simple = '\b'; break;
        case 'f': simple = '\f'; break;
        case 'n': simple = '\n'; break;
        case 'r': simple = '\r'; break;
        case 't': simple = '\t'; break;
        case 'u': break;
        default: return fail_at(p, p->pos, "invalid escape '\\%c'", e >= 0x20 && e < 0x7f ? e : '?');
        }
        if (simple) {
            if (dst)
                dst[n++] = simple;
            p->pos += 2;
            continue;
        }
        uint32_t cp;
        if (p->pos + 6 > p->len || hex4(p->s + p->pos + 2, &cp) != 0)
            return fail_at(p, p->pos, "invalid \\u escape");
        size_t esc = p->pos;
        p->pos += 6;
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            return fail_at(p, esc, "lone low surrogate \\u%04X", (unsigned)cp);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (p->pos + 6 > p->len || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u' ||
                hex4(p->s + p->pos + 2, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
                return fail_at(p, esc, "high surrogate \\u%04X not followed by a low one", (unsigned)cp);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p->pos += 6;
        }
        if (dst)
            n += tp__utf8_encode(cp, dst + n);
    }
    if (dst) {
        dst[n] = '\0';
        *out = dst;
        *out_len = n;
    }
    return 0;
}

static int parse_number(parser *p)
{
    size_t start = p->pos;
    const unsigned char *s = p->s;
    size_t i = p->pos;
    if (i < p->len && s[i] == '-')
        i++;
    if (i < p->len && s[i] == '0') {
        i++;
    } else if (i < p->len && s[i] >= '1' && s[i] <= '9') {
        while (i < p->len && s[i] >= '0' && s[i] <= '9') i++;
    } else {
        return fail_at(p, start, "invalid number");
    }
    if (i < p->len && s[i] == '.') {
        i++;
        if (i >= p->len || s[i] < '0' || s[i] > '9')
            return fail_at(p, start, "invalid number");
        while (i < p->len && s[i] >= '0' && s[i] <= '9') i++;
    }
    if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < p->len && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= p->len || s[i] < '0' || s[i] > '9')
            return fail_at(p, start, "invalid number");
        while (i < p->len && s[i] >= '0' && s[i] <= '9') i++;
    }
    p->pos = i;
    return 0;
}

static int parse_value(parser *p, int depth);

static int parse_container(parser *p, int depth, bool object)
{
    if (depth > TP_JSON_MAX_DEPTH)
        return fail_at(p, p->pos, "nesting deeper than %d levels", TP_JSON_MAX_DEPTH);
    char close = object ? '}' : ']';
    p->pos++;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
        return 0;
    }
    for (;;) {
        char what[16];
        if (object) {
            if (p->pos >= p->len || p->s[p->pos] != '"')
                return fail_at(p, p->pos, "expected a member name, found %s", describe(p, what));
            if (parse_string(p, NULL, NULL) != 0)
                return -1;
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':')
                return fail_at(p, p->pos, "expected ':', found %s", describe(p, what));
            p->pos++;
            skip_ws(p);
        }
        if (parse_value(p, depth + 1) != 0)
            return -1;
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            skip_ws(p);
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == close) {
            p->pos++;
            return 0;
        }
        return fail_at(p, p->pos, "expected ',' or '%c', found %s", close, describe(p, what));
    }
}

static int parse_literal(parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return fail_at(p, p->pos, "invalid literal");
    p->pos += n;
    return 0;
}

static int parse_value(parser *p, int depth)
{
    char what[16];
    if (p->pos >= p->len)
        return fail_at(p, p->pos, "expected a value, found end of line");
    switch (p->s[p->pos]) {
    case '"': return parse_string(p, NULL, NULL);
    case '{': return parse_container(p, depth, true);
    case '[': return parse_container(p, depth, false);
    case 't': return parse_literal(p, "true");
    case 'f': return parse_literal(p, "false");
    case 'n': return parse_literal(p, "null");
    default:
        if (p->s[p->pos] == '-' || (p->s[p->pos] >= '0' && p->s[p->pos] <= '9'))
            return parse_number(p);
        return fail_at(p, p->pos, "expected a value, found %s", describe(p, what));
    }
}

static int set_field_error(tp__json_error *err, size_t at, const char *code, const char *msg)
{
    err->offset = at;
    err->code = code;
    snprintf(err->message, sizeof err->message, "%s", msg);
    return -1;
}

int tp__jsonl_parse(const char *line, size_t len, tp__arena *arena, tp__jsonl_record *rec, tp__json_error *err)
{
    return tp__jsonl_parse_fields(line, len, arena, NULL, rec, err);
}

static bool is_key(const char *key, size_t key_len, const char *name)
{
    return name && strlen(name) == key_len && memcmp(key, name, key_len) == 0;
}

int tp__jsonl_parse_fields(const char *line, size_t len, tp__arena *arena, const tp__jsonl_fields *fields,
                           tp__jsonl_record *rec, tp__json_error *err)
{
    const char *id_name = fields && fields->id ? fields->id : "id";
    const char *text_name = fields && fields->text ? fields->text : "text";
    const char *title_name = fields ? fields->title : NULL;
    char msg[160];
    parser p = {(const unsigned char *)line, len, 0, arena, err, false};
    memset(rec, 0, sizeof *rec);
    /* A byte order mark, as some editors put at the start of a file. */
    if (len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
        p.pos = 3;
    char what[16];
    size_t cap = 0;
    /* Field problems are noted and reported after the whole object parsed,
     * so a record with a bad "text" still yields its id. */
    const char *field_code = NULL, *field_msg = NULL;
    size_t field_at = 0;

    skip_ws(&p);
    if (p.pos >= p.len || p.s[p.pos] != '{')
        return fail_at(&p, p.pos, "expected '{' to start a record, found %s", describe(&p, what));
    p.pos++;
    skip_ws(&p);
    bool first = true, seen_id = false, seen_text = false;
    while (!(p.pos < p.len && p.s[p.pos] == '}' && first)) {
        if (p.pos >= p.len || p.s[p.pos] != '"')
            return fail_at(&p, p.pos, "expected a member name, found %s", describe(&p, what));
        char *key;
        size_t key_len;
        size_t key_at = p.pos;
        if (parse_string(&p, &key, &key_len) != 0)
            return -1;
        skip_ws(&p);
        if (p.pos >= p.len || p.s[p.pos] != ':')
            return fail_at(&p, p.pos, "expected ':', found %s", describe(&p, what));
        p.pos++;
        skip_ws(&p);
        size_t vstart = p.pos;
        bool is_id = is_key(key, key_len, id_name);
        bool is_text = is_key(key, key_len, text_name);
        bool is_title = is_key(key, key_len, title_name);
        if ((is_id && seen_id) || (is_text && seen_text))
            return fail_at(&p, key_at, "duplicate member \"%s\"", key);
        /* Meta members come back as one JSON object: no name twice. */
        for (size_t k = 0; k < rec->nmeta; k++)
            if (strlen(rec->meta[k].key) == key_len && memcmp(rec->meta[k].key, key, key_len) == 0)
                return fail_at(&p, key_at, "duplicate member \"%s\"", key);
        if (memchr(key, '\0', key_len))
            return fail_at(&p, key_at, "member name with \\u0000 (cannot be written back)");
        seen_id |= is_id;
        seen_text |= is_text;
        if ((is_id || is_text) && p.pos < p.len && p.s[p.pos] == '"') {
            char *v;
            size_t vlen;
            p.raw_utf8_unchecked = true;
            int bad = parse_string(&p, &v, &vlen);
            p.raw_utf8_unchecked = false;
            if (bad)
                return -1;
            if (is_id) {
                rec->id = v;
                rec->id_len = vlen;
            } else {
                rec->text = v;
                rec->text_len = vlen;
            }
        } else {
            if (parse_value(&p, 1) != 0)
                return -1;
            if (is_id && (p.s[vstart] == '-' || (p.s[vstart] >= '0' && p.s[vstart] <= '9'))) {
                /* A numeric id is taken as its text: 17 -> "17". */
                rec->id = tp__arena_strndup(arena, line + vstart, p.pos - vstart);
                rec->id_len = p.pos - vstart;
            } else if (is_id) {
                snprintf(msg, sizeof msg, "\"%.60s\" (the id) must be a string or a number", id_name);
                field_code = "bad_id", field_msg = msg, field_at = vstart;
            } else if (is_text) {
                snprintf(msg, sizeof msg, "\"%.60s\" (the text) must be a string", text_name);
                field_code = "bad_text", field_msg = msg, field_at = vstart;
            } else {
                if (is_title && p.s[vstart] == '"') {
                    size_t tl;
                    char *t = tp__json_decode_string(arena, line + vstart, p.pos - vstart, &tl);
                    if (t) {
                        rec->title = t;
                        rec->title_len = tl;
                    }
                }
                if (rec->nmeta == cap) {
                    size_t ncap = cap ? cap * 2 : 4;
                    tp__json_member *m = tp__arena_alloc(arena, ncap * sizeof *m);
                    if (rec->nmeta)
                        memcpy(m, rec->meta, rec->nmeta * sizeof *m);
                    rec->meta = m;
                    cap = ncap;
                }
                rec->meta[rec->nmeta++] = (tp__json_member){key, line + vstart, p.pos - vstart};
            }
        }
        first = false;
        skip_ws(&p);
        if (p.pos < p.len && p.s[p.pos] == ',') {
            p.pos++;
            skip_ws(&p);
            continue;
        }
        if (p.pos < p.len && p.s[p.pos] == '}')
            break;
        return fail_at(&p, p.pos, "expected ',' or '}', found %s", describe(&p, what));
    }
    p.pos++;
    skip_ws(&p);
    if (p.pos != p.len)
        return fail_at(&p, p.pos, "unexpected %s after the record", describe(&p, what));
    if (field_code)
        return set_field_error(err, field_at, field_code, field_msg);
    if (!rec->id) {
        snprintf(msg, sizeof msg, "record has no \"%.60s\"%s", id_name, fields && fields->id ? " (--id-field)" : "");
        return set_field_error(err, 0, "no_id", msg);
    }
    if (!rec->text) {
        snprintf(msg, sizeof msg, "record has no \"%.60s\"%s", text_name,
                 fields && fields->text ? " (--text-field)" : "");
        return set_field_error(err, 0, "no_text", msg);
    }
    return 0;
}

int tp__jsonl_parse_object(const char *json, size_t len, tp__arena *arena, tp__json_member **members, size_t *n,
                           tp__json_error *err)
{
    /* A record whose id and text members cannot occur: every member is
     * meta, and the only complaint left is the missing id. */
    static const tp__jsonl_fields none = {"\x01id", "\x01text", NULL};
    tp__jsonl_record rec;
    int rc = tp__jsonl_parse_fields(json, len, arena, &none, &rec, err);
    if (rc != 0 && strcmp(err->code, "no_id") != 0)
        return -1;
    *members = rec.meta;
    *n = rec.nmeta;
    return 0;
}

char *tp__json_decode_string(tp__arena *arena, const char *raw, size_t len, size_t *out_len)
{
    parser p = {(const unsigned char *)raw, len, 0, arena, NULL, false};
    char *out;
    if (len == 0 || raw[0] != '"' || parse_string(&p, &out, out_len) != 0 || p.pos != len)
        return NULL;
    return out;
}
