/*
 * body.c - request bodies to documents (see body.h).
 */
#include "autoconfig.h"

#include "body.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

#define DEFAULT_TEXT_ID "doc"

/* Whether the media type (before any ';') is `want`, ignoring case. */
static bool is_type(const char *ct, const char *want)
{
    size_t n = strlen(want);
    while (*ct == ' ') ct++;
    if (strncasecmp(ct, want, n) != 0)
        return false;
    ct += n;
    while (*ct == ' ') ct++;
    return *ct == '\0' || *ct == ';';
}

/* A charset parameter other than UTF-8 (or its ASCII subset) is refused:
 * the text would be read wrong. */
static bool charset_ok(const char *ct)
{
    const char *p = strcasestr(ct, "charset=");
    if (!p)
        return true;
    p += 8;
    if (*p == '"')
        p++;
    return strncasecmp(p, "utf-8", 5) == 0 || strncasecmp(p, "utf8", 4) == 0 || strncasecmp(p, "us-ascii", 8) == 0;
}

tp__body_kind tp__body_kind_of(const char *ct)
{
    if (!ct || !*ct || is_type(ct, "application/x-www-form-urlencoded"))
        return TP__BODY_SNIFF;
    if (!charset_ok(ct))
        return TP__BODY_UNSUPPORTED;
    if (is_type(ct, "application/json"))
        return TP__BODY_JSON;
    if (is_type(ct, "text/plain"))
        return TP__BODY_TEXT;
    if (is_type(ct, "application/x-ndjson") || is_type(ct, "application/jsonl") ||
        is_type(ct, "application/x-jsonlines") || is_type(ct, "application/jsonlines"))
        return TP__BODY_NDJSON;
    return TP__BODY_UNSUPPORTED;
}

__attribute__((format(printf, 5, 6))) static int fail(tp__body_error *err, int status, const char *code,
                                                      long offset, const char *fmt, ...)
{
    err->status = status;
    err->code = code;
    err->has_offset = offset >= 0;
    err->offset = offset >= 0 ? (size_t)offset : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

/* The text (or id) must be a document's: valid UTF-8 without NUL. */
static int check_text(const char *what, const char *s, size_t len, size_t base, tp__body_error *err)
{
    tp__utf8_result r = tp__utf8_check(s, len);
    if (r.status == TP_UTF8_OK)
        return 0;
    if (r.status == TP_UTF8_NUL)
        return fail(err, 400, "nul_byte", (long)(base + r.offset), "%s: a NUL character at byte %zu", what, r.offset);
    return fail(err, 400, "bad_utf8", (long)(base + r.offset), "%s: %s at byte %zu", what,
                tp__utf8_reason(r.status), base + r.offset);
}

int tp__body_parse_one(const char *body, size_t len, tp__body_kind kind, const char *id, tp__arena *arena,
                       tp__body_doc *doc, tp__body_error *err)
{
    memset(doc, 0, sizeof *doc);
    if (kind == TP__BODY_SNIFF) {
        size_t i = 0;
        while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) i++;
        kind = i < len && body[i] == '{' ? TP__BODY_JSON : TP__BODY_TEXT;
    }
    if (kind == TP__BODY_TEXT) {
        if (check_text("the body", body, len, 0, err) != 0)
            return -1;
        doc->id = id && *id ? id : DEFAULT_TEXT_ID;
        doc->id_len = strlen(doc->id);
        if (check_text("the id", doc->id, doc->id_len, 0, err) != 0)
            return -1;
        doc->text = body;
        doc->text_len = len;
        return 0;
    }
    if (kind != TP__BODY_JSON)
        return fail(err, 415, "unsupported_type", -1, "this body type is not read here");
    /* JSON text is UTF-8 (RFC 8259 §8.1): a bad byte anywhere is reported
     * where it is in the body, before the parser stops at it. */
    tp__utf8_result r = tp__utf8_check(body, len);
    if (r.status == TP_UTF8_INVALID || r.status == TP_UTF8_TRUNCATED)
        return fail(err, 400, "bad_utf8", (long)r.offset, "byte %zu: %s", r.offset, tp__utf8_reason(r.status));
    tp__jsonl_record rec;
    tp__json_error jerr = {0};
    if (tp__jsonl_parse(body, len, arena, &rec, &jerr) != 0)
        return fail(err, 400, jerr.code, (long)jerr.offset, "byte %zu: %s", jerr.offset, jerr.message);
    if (rec.id_len == 0 || memchr(rec.id, '\0', rec.id_len))
        return fail(err, 400, "bad_id", -1, "the id is empty or contains a NUL character");
    /* Escapes can still make a bad text ("\u0000", a lone surrogate):
     * the offset is then in the decoded text, as the message says. */
    if (check_text("the id", rec.id, rec.id_len, 0, err) != 0 ||
        check_text("the text", rec.text, rec.text_len, 0, err) != 0)
        return -1;
    doc->id = rec.id;
    doc->id_len = rec.id_len;
    doc->text = rec.text;
    doc->text_len = rec.text_len;
    doc->meta = rec.meta;
    doc->nmeta = rec.nmeta;
    return 0;
}
