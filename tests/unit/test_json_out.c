/* test_json_out.c - unit tests of core/json_out.h: the output writer. */
#include "autoconfig.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cJSON.h>

#include "buf.h"
#include "doc_impl.h"
#include "json_out.h"
#include "names.h"

/* ---- independent helpers ----------------------------------------------------- */

/* Strict UTF-8 check written for the tests (RFC 3629). */
static int valid_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return 0;
        }
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n + 1;
    }
    return 1;
}

/* JSON number grammar (RFC 8259 §6). */
static int is_json_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9') s++;
    else
        return 0;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9'))
            return 0;
        while (*s >= '0' && *s <= '9') s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return 0;
        while (*s >= '0' && *s <= '9') s++;
    }
    return *s == '\0';
}

/* Parses a whole buffer as one JSON value (trailing whitespace allowed). */
static cJSON *parse_all(const tp__buf *b)
{
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(b->data, b->len, &end, 0);
    if (!j) {
        print_error("cJSON could not parse: %.*s\n", (int)b->len, b->data);
        return NULL;
    }
    while (end < b->data + b->len && (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t')) end++;
    if (end != b->data + b->len) {
        print_error("trailing bytes after the JSON value: %.*s\n", (int)(b->data + b->len - end), end);
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}

static const cJSON *get(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!v)
        print_error("missing member \"%s\"\n", k);
    assert_non_null(v);
    return v;
}

static const char *str_of(const cJSON *o, const char *k)
{
    const cJSON *v = get(o, k);
    assert_true(cJSON_IsString(v));
    return v->valuestring;
}

static double num_of(const cJSON *o, const char *k)
{
    const cJSON *v = get(o, k);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

/* Byte offset of unit `u` of the text, counting units independently. */
static size_t unit_to_byte(const char *t, size_t len, tp__offset_unit unit, size_t u)
{
    if (unit == TP_OFFSETS_BYTES)
        return u;
    size_t off = 0, n = 0;
    while (n < u && off < len) {
        unsigned char c = (unsigned char)t[off];
        size_t l = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        n += (unit == TP_OFFSETS_UTF16 && l == 4) ? 2 : 1;
        off += l;
    }
    assert_int_equal(n, u); /* never lands inside a surrogate pair */
    return off;
}

/* ---- tp__json_put_string ------------------------------------------------------ */

static void test_put_string_roundtrip(void **state)
{
    (void)state;
    char in[256];
    size_t n = 0;
    for (int c = 1; c < 0x20; c++) in[n++] = (char)c;
    const char *rest = "\"quote\" back\\slash /slash \x7f DEL caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 end";
    memcpy(in + n, rest, strlen(rest));
    n += strlen(rest);
    in[n] = '\0';

    tp__buf b = {0};
    tp__json_put_string(&b, in, n);
    /* No raw control character survives. */
    for (size_t i = 0; i < b.len; i++) assert_true((unsigned char)b.data[i] >= 0x20);
    assert_int_equal(b.data[0], '"');
    assert_int_equal(b.data[b.len - 1], '"');
    cJSON *j = parse_all(&b);
    assert_non_null(j);
    assert_true(cJSON_IsString(j));
    assert_int_equal(strlen(j->valuestring), n);
    assert_memory_equal(j->valuestring, in, n);
    cJSON_Delete(j);
    tp__buf_free(&b);
}

static void test_put_string_each_control_char(void **state)
{
    (void)state;
    for (int c = 1; c < 0x20; c++) {
        char in[3] = {'a', (char)c, 'b'};
        tp__buf b = {0};
        tp__json_put_string(&b, in, 3);
        cJSON *j = parse_all(&b);
        assert_non_null(j);
        assert_true(cJSON_IsString(j));
        assert_int_equal(strlen(j->valuestring), 3);
        assert_memory_equal(j->valuestring, in, 3);
        cJSON_Delete(j);
        tp__buf_free(&b);
    }
}

static void test_put_string_exact_forms(void **state)
{
    (void)state;
    struct {
        const char *in;
        size_t len;
        const char *out;
    } cases[] = {
        {"", 0, "\"\""},
        {"plain", 5, "\"plain\""},
        {"a\"b", 3, "\"a\\\"b\""},
        {"a\\b", 3, "\"a\\\\b\""},
        {"\n\t\r", 3, "\"\\n\\t\\r\""},
        {"a\0b", 3, "\"a\\u0000b\""},
        {"\xC3\xA9", 2, "\"\xC3\xA9\""}, /* UTF-8 passes through */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tp__buf b = {0};
        tp__json_put_string(&b, cases[i].in, cases[i].len);
        assert_int_equal(b.len, strlen(cases[i].out));
        assert_memory_equal(b.data, cases[i].out, b.len);
        tp__buf_free(&b);
    }
    /* Appends to what the buffer holds; a long string works too. */
    tp__buf b = {0};
    tp__buf_puts(&b, "x=");
    char big[5000];
    memset(big, 'q', sizeof big);
    tp__json_put_string(&b, big, sizeof big);
    assert_int_equal(b.len, 2 + 2 + sizeof big);
    assert_memory_equal(b.data, "x=\"q", 4);
    tp__buf_free(&b);
}

/* The escapes one byte at a time, as the writer's contract gives them. */
static void ref_escape(tp__buf *b, const unsigned char *s, size_t n)
{
    tp__buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == '"')
            tp__buf_puts(b, "\\\"");
        else if (c == '\\')
            tp__buf_puts(b, "\\\\");
        else if (c == '\n')
            tp__buf_puts(b, "\\n");
        else if (c == '\r')
            tp__buf_puts(b, "\\r");
        else if (c == '\t')
            tp__buf_puts(b, "\\t");
        else if (c == '\b')
            tp__buf_puts(b, "\\b");
        else if (c == '\f')
            tp__buf_puts(b, "\\f");
        else if (c < 0x20)
            tp__buf_printf(b, "\\u%04x", c);
        else
            tp__buf_putc(b, (char)c);
    }
    tp__buf_putc(b, '"');
}

/* The writer skips eight bytes at a time while none needs escaping: every
 * byte that does, at every place in and around a word, next to bytes just
 * above and below it and to bytes from 0x80, is still escaped. */
static void test_put_string_word_steps(void **state)
{
    (void)state;
    static const unsigned char special[] = {0, 1, 0x1f, '"', '\\', '\n'};
    static const unsigned char filler[] = {'a', 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xa2, 0xdc, 0xff};
    unsigned char in[40];
    for (size_t f = 0; f < sizeof filler; f++)
        for (size_t k = 0; k < sizeof special; k++)
            for (size_t at = 0; at < sizeof in; at++) {
                memset(in, filler[f], sizeof in);
                in[at] = special[k];
                if (at + 9 < sizeof in)
                    in[at + 9] = special[(k + 1) % sizeof special];
                tp__buf got = {0}, want = {0};
                tp__json_put_string(&got, (const char *)in, sizeof in);
                ref_escape(&want, in, sizeof in);
                assert_int_equal(got.len, want.len);
                assert_memory_equal(got.data, want.data, want.len);
                tp__buf_free(&got);
                tp__buf_free(&want);
            }
}

/* ---- tp__json_put_lossy --------------------------------------------------------- */

/* Writes `in` lossily and checks the result parses, is valid UTF-8, holds
 * `want_kept` once every U+FFFD is removed, and has at least `min_fffd`
 * replacement characters. */
static void expect_lossy(const char *in, size_t len, const char *want_kept, size_t min_fffd)
{
    tp__buf b = {0};
    tp__json_put_lossy(&b, in, len);
    assert_true(valid_utf8((const unsigned char *)b.data, b.len));
    cJSON *j = parse_all(&b);
    assert_non_null(j);
    assert_true(cJSON_IsString(j));
    const char *s = j->valuestring;
    assert_true(valid_utf8((const unsigned char *)s, strlen(s)));
    char kept[256];
    size_t k = 0, fffd = 0;
    for (size_t i = 0; s[i];) {
        if (memcmp(s + i, "\xEF\xBF\xBD", 3) == 0) {
            fffd++;
            i += 3;
        } else {
            kept[k++] = s[i++];
        }
    }
    kept[k] = '\0';
    assert_string_equal(kept, want_kept);
    assert_true(fffd >= min_fffd);
    cJSON_Delete(j);
    tp__buf_free(&b);
}

static void test_put_lossy(void **state)
{
    (void)state;
    /* Valid input: identical to put_string. */
    tp__buf a = {0}, b = {0};
    tp__json_put_lossy(&a, "caf\xC3\xA9 \"x\"", 9);
    tp__json_put_string(&b, "caf\xC3\xA9 \"x\"", 9);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    tp__buf_free(&a);
    tp__buf_free(&b);

    /* One bad byte: exactly one U+FFFD in its place. */
    tp__json_put_lossy(&a,
                       "ab\xFF"
                       "cd",
                       5);
    assert_int_equal(a.len, 2 + 4 + 3);
    assert_memory_equal(a.data,
                        "\"ab\xEF\xBF\xBD"
                        "cd\"",
                        a.len);
    tp__buf_free(&a);

    expect_lossy("ab\xFF"
                 "cd",
                 5, "abcd", 1);
    expect_lossy("\x80", 1, "", 1);
    expect_lossy("x\xE2\x82", 3, "x", 1);         /* truncated at the end */
    expect_lossy("\xC0\x80z", 3, "z", 1);         /* overlong */
    expect_lossy("s\xED\xA0\x80t", 5, "st", 1);   /* surrogate */
    expect_lossy("\xF4\x90\x80\x80!", 5, "!", 1); /* above U+10FFFF */
    expect_lossy("ok \xC3\xA9 \xFE\xFF \xF0\x9F\x98\x80 end\xC3", 18, "ok \xC3\xA9  \xF0\x9F\x98\x80 end", 3);
    /* A NUL becomes a space (json_out.h). */
    expect_lossy("a\0b\xFF", 4, "a b", 1);
    /* Quotes and control characters are still escaped in the rebuilt text. */
    expect_lossy("\"\n\xFF\\", 4, "\"\n\\", 1);
}

/* ---- tp__json_put_double ------------------------------------------------------- */

static void put_double_str(double v, char *out, size_t cap)
{
    tp__buf b = {0};
    tp__json_put_double(&b, v);
    assert_true(b.len < cap);
    memcpy(out, b.data, b.len);
    out[b.len] = '\0';
    tp__buf_free(&b);
}

static void test_put_double_exact(void **state)
{
    (void)state;
    char s[64];
    put_double_str(40000000000.0, s, sizeof s);
    assert_string_equal(s, "40000000000");
    put_double_str(0.1, s, sizeof s);
    assert_string_equal(s, "0.1");
    put_double_str(-2.5, s, sizeof s);
    assert_string_equal(s, "-2.5");
    put_double_str(0.0, s, sizeof s);
    assert_string_equal(s, "0");
    put_double_str(3.0, s, sizeof s);
    assert_string_equal(s, "3");
    put_double_str(-123456.75, s, sizeof s);
    assert_string_equal(s, "-123456.75");
    put_double_str(1e300, s, sizeof s);
    assert_true(is_json_number(s));
    assert_true(strtod(s, NULL) == 1e300);
    put_double_str(-1e-300, s, sizeof s);
    assert_true(is_json_number(s));
    assert_true(strtod(s, NULL) == -1e-300);
}

static void test_put_double_non_finite(void **state)
{
    (void)state;
    char s[64];
    put_double_str(NAN, s, sizeof s);
    assert_string_equal(s, "null");
    put_double_str(-NAN, s, sizeof s);
    assert_string_equal(s, "null");
    put_double_str(INFINITY, s, sizeof s);
    assert_string_equal(s, "null");
    put_double_str(-INFINITY, s, sizeof s);
    assert_string_equal(s, "null");
}

static void check_roundtrip(double v)
{
    char s[64];
    put_double_str(v, s, sizeof s);
    if (!is_json_number(s) || strtod(s, NULL) != v)
        print_error("value %.17g written as %s\n", v, s);
    assert_true(is_json_number(s));
    assert_true(strtod(s, NULL) == v);
    /* And cJSON reads the same number. */
    cJSON *j = cJSON_Parse(s);
    assert_non_null(j);
    assert_true(cJSON_IsNumber(j));
    assert_true(j->valuedouble == v);
    cJSON_Delete(j);
}

static void test_put_double_roundtrip(void **state)
{
    (void)state;
    const double fixed[] = {0.1 + 0.2,
                            1.0 / 3.0,
                            2.0 / 3.0,
                            5e-324,
                            DBL_MIN,
                            DBL_MAX,
                            -DBL_MAX,
                            DBL_EPSILON,
                            1.0 + DBL_EPSILON,
                            9007199254740993.0,
                            123456789012345678.0,
                            0.000001,
                            1e21,
                            1e22,
                            1e-7,
                            26.4,
                            99.99,
                            -0.0,
                            4.35,
                            0.3};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) check_roundtrip(fixed[i]);
    /* Many pseudo-random bit patterns (every exponent range). */
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    size_t tested = 0;
    while (tested < 20000) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        memcpy(&v, &x, sizeof v);
        if (!isfinite(v))
            continue;
        check_roundtrip(v);
        tested++;
    }
    /* And "human" decimals with few digits. */
    for (int i = -2000; i <= 2000; i++) {
        check_roundtrip(i / 100.0);
        check_roundtrip(i * 1.1);
    }
}

/* ---- tp__json_write_doc ---------------------------------------------------------- */

typedef struct fixture {
    tp__names types, feats;
    tp_doc *doc;
    tp_type token, money, secret, empty;
    tp_feat big, score, flag, label, camount, ccurrency, head, n;
} fixture;

/* "€40 bn 😀 x": € is 3 bytes, 😀 4 bytes (2 UTF-16 units). */
static const char TEXT[] = "\xE2\x82\xAC"
                           "40 bn \xF0\x9F\x98\x80 x";

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    tp__names_init(&f->types);
    tp__names_init(&f->feats);
    f->token = tp__names_intern(&f->types, "token");
    f->money = tp__names_intern(&f->types, "money");
    f->secret = tp__names_intern(&f->types, "secret");
    f->empty = tp__names_intern(&f->types, "empty");
    f->big = tp__names_intern(&f->feats, "big");
    f->score = tp__names_intern(&f->feats, "score");
    f->flag = tp__names_intern(&f->feats, "flag");
    f->label = tp__names_intern(&f->feats, "label");
    f->camount = tp__names_intern(&f->feats, "converted.amount");
    f->ccurrency = tp__names_intern(&f->feats, "converted.currency");
    f->head = tp__names_intern(&f->feats, "head");
    f->n = tp__names_intern(&f->feats, "n");
    f->doc = tp__doc_new(&f->types);
    tp__doc_begin(f->doc);
    tp__doc_problem why;
    if (tp__doc_set(f->doc, "doc-\"1\"", TEXT, sizeof TEXT - 1, &why) != 0)
        return -1;
    /* token layer */
    tp_doc_add_span(f->doc, f->token, 0, 5);   /* €40 */
    tp_doc_add_span(f->doc, f->token, 6, 8);   /* bn */
    tp_doc_add_span(f->doc, f->token, 9, 13);  /* 😀 */
    tp_doc_add_span(f->doc, f->token, 14, 15); /* x */
    tp_span_set_int(f->doc, f->token, 3, f->n, -7);
    /* money layer: one span with every kind of feature */
    tp_doc_add_span(f->doc, f->money, 0, 8); /* €40 bn */
    tp_span_set_int(f->doc, f->money, 0, f->big, 40000000000LL);
    tp_span_set_double(f->doc, f->money, 0, f->score, 0.25);
    tp_span_set_bool(f->doc, f->money, 0, f->flag, 1);
    tp_span_set_str(f->doc, f->money, 0, f->label, "say \"hi\"\n", 9);
    tp_span_set_double(f->doc, f->money, 0, f->camount, 26.5);
    tp_span_set_static_str(f->doc, f->money, 0, f->ccurrency, "EUR");
    tp_span_set_ref(f->doc, f->money, 0, f->head, f->token, 2);
    /* a hidden layer */
    tp_doc_add_span(f->doc, f->secret, 3, 4); /* "4" */
    if (tp__doc_end_stage(f->doc) != NULL)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    tp__doc_free(f->doc);
    tp__names_free(&f->types);
    tp__names_free(&f->feats);
    free(f);
    return 0;
}

static tp__write_opts opts_for(fixture *f, tp__offset_unit unit, const bool *visible, size_t nvis)
{
    tp__write_opts o;
    memset(&o, 0, sizeof o);
    o.offsets = unit;
    o.text = true;
    o.visible = visible;
    o.nvisible = nvis;
    o.types = &f->types;
    o.feats = &f->feats;
    return o;
}

static void test_write_doc_fields(void **state)
{
    fixture *f = *state;
    const bool visible[5] = {false, true, true, false, true};
    tp__write_opts o = opts_for(f, TP_OFFSETS_CODEPOINTS, visible, 5);
    tp__buf b = {0};
    tp__json_write_doc(&b, f->doc, &o);
    assert_true(b.len > 0);
    assert_int_equal(b.data[b.len - 1], '\n');
    assert_null(memchr(b.data, '\n', b.len - 1)); /* one line */
    cJSON *root = parse_all(&b);
    assert_non_null(root);

    assert_string_equal(str_of(root, "id"), "doc-\"1\"");
    assert_string_equal(str_of(root, "text"), TEXT);
    assert_null(cJSON_GetObjectItemCaseSensitive(root, "meta")); /* no meta given */
    const cJSON *ann = get(root, "annotations");
    assert_true(cJSON_IsObject(ann));
    /* Only token and money: secret is hidden, empty has no spans. */
    assert_int_equal(cJSON_GetArraySize(ann), 2);
    assert_null(cJSON_GetObjectItemCaseSensitive(ann, "secret"));
    assert_null(cJSON_GetObjectItemCaseSensitive(ann, "empty"));

    const cJSON *tok = get(ann, "token");
    assert_true(cJSON_IsArray(tok));
    assert_int_equal(cJSON_GetArraySize(tok), 4);
    const int starts[] = {0, 4, 7, 9}, ends[] = {3, 6, 8, 10};
    const char *texts[] = {"\xE2\x82\xAC"
                           "40",
                           "bn", "\xF0\x9F\x98\x80", "x"};
    for (int i = 0; i < 4; i++) {
        const cJSON *s = cJSON_GetArrayItem(tok, i);
        /* start, end, text come first, in that order */
        assert_string_equal(s->child->string, "start");
        assert_string_equal(s->child->next->string, "end");
        assert_string_equal(s->child->next->next->string, "text");
        assert_true(num_of(s, "start") == starts[i]);
        assert_true(num_of(s, "end") == ends[i]);
        assert_string_equal(str_of(s, "text"), texts[i]);
    }
    assert_int_equal(cJSON_GetArraySize(cJSON_GetArrayItem(tok, 0)), 3); /* no features */
    assert_true(num_of(cJSON_GetArrayItem(tok, 3), "n") == -7);

    const cJSON *money = get(ann, "money");
    assert_int_equal(cJSON_GetArraySize(money), 1);
    const cJSON *m = cJSON_GetArrayItem(money, 0);
    assert_true(num_of(m, "start") == 0);
    assert_true(num_of(m, "end") == 6);
    assert_string_equal(str_of(m, "text"), "\xE2\x82\xAC"
                                           "40 bn");
    assert_true(num_of(m, "big") == 40000000000.0);
    assert_true(num_of(m, "score") == 0.25);
    assert_true(cJSON_IsTrue(get(m, "flag")));
    assert_string_equal(str_of(m, "label"), "say \"hi\"\n");
    const cJSON *conv = get(m, "converted");
    assert_true(cJSON_IsObject(conv));
    assert_int_equal(cJSON_GetArraySize(conv), 2);
    assert_true(num_of(conv, "amount") == 26.5);
    assert_string_equal(str_of(conv, "currency"), "EUR");
    const cJSON *ref = get(m, "head");
    assert_true(cJSON_IsObject(ref));
    assert_int_equal(cJSON_GetArraySize(ref), 2);
    assert_string_equal(str_of(ref, "layer"), "token");
    assert_true(num_of(ref, "index") == 2);
    /* start, end, text, big, score, flag, label, converted, head */
    assert_int_equal(cJSON_GetArraySize(m), 9);
    /* The big integer is written as an integer, not in exponent form. */
    assert_non_null(strstr(b.data, "\"big\":40000000000"));
    assert_non_null(strstr(b.data, "\"flag\":true"));
    cJSON_Delete(root);
    tp__buf_free(&b);
}

static void check_offsets(fixture *f, tp__offset_unit unit, const int *tok_start, const int *tok_end)
{
    const bool visible[4] = {false, true, true, true};
    tp__write_opts o = opts_for(f, unit, visible, 4);
    tp__buf b = {0};
    tp__json_write_doc(&b, f->doc, &o);
    cJSON *root = parse_all(&b);
    assert_non_null(root);
    const cJSON *ann = get(root, "annotations");
    const char *layers[] = {"token", "money", "secret"};
    size_t len = sizeof TEXT - 1;
    for (size_t l = 0; l < 3; l++) {
        const cJSON *arr = get(ann, layers[l]);
        for (int i = 0; i < cJSON_GetArraySize(arr); i++) {
            const cJSON *s = cJSON_GetArrayItem(arr, i);
            size_t st = (size_t)num_of(s, "start"), en = (size_t)num_of(s, "end");
            size_t bs = unit_to_byte(TEXT, len, unit, st), be = unit_to_byte(TEXT, len, unit, en);
            const char *t = str_of(s, "text");
            /* text[start:end] in the unit equals the span's text */
            assert_int_equal(strlen(t), be - bs);
            assert_memory_equal(t, TEXT + bs, be - bs);
        }
    }
    const cJSON *tok = get(ann, "token");
    for (int i = 0; i < 4; i++) {
        assert_true(num_of(cJSON_GetArrayItem(tok, i), "start") == tok_start[i]);
        assert_true(num_of(cJSON_GetArrayItem(tok, i), "end") == tok_end[i]);
    }
    cJSON_Delete(root);
    tp__buf_free(&b);
}

static void test_write_doc_offsets(void **state)
{
    fixture *f = *state;
    const int cp_s[] = {0, 4, 7, 9}, cp_e[] = {3, 6, 8, 10};
    const int u16_s[] = {0, 4, 7, 10}, u16_e[] = {3, 6, 9, 11};
    const int by_s[] = {0, 6, 9, 14}, by_e[] = {5, 8, 13, 15};
    check_offsets(f, TP_OFFSETS_CODEPOINTS, cp_s, cp_e);
    check_offsets(f, TP_OFFSETS_UTF16, u16_s, u16_e);
    check_offsets(f, TP_OFFSETS_BYTES, by_s, by_e);
}

static void test_write_doc_long_text_offsets(void **state)
{
    (void)state;
    /* A text over several 64-byte blocks with a span per character. */
    tp__names types;
    tp__names_init(&types);
    tp_type ch = tp__names_intern(&types, "ch");
    tp_doc *doc = tp__doc_new(&types);
    tp__doc_begin(doc);
    static const char *const pieces[] = {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", " "};
    char text[1200];
    size_t n = 0, k = 0;
    while (n + 4 < sizeof text) {
        const char *p = pieces[(k * 7 + k / 3) % 5];
        memcpy(text + n, p, strlen(p));
        n += strlen(p);
        k++;
    }
    tp__doc_problem why;
    assert_int_equal(tp__doc_set(doc, "long", text, n, &why), 0);
    size_t off = 0;
    while (off < n) {
        unsigned char c = (unsigned char)text[off];
        size_t l = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        assert_int_not_equal(tp_doc_add_span(doc, ch, off, off + l), TP_NO_SPAN);
        off += l;
    }
    assert_null(tp__doc_end_stage(doc));
    const bool visible[2] = {false, true};
    const tp__offset_unit units[] = {TP_OFFSETS_CODEPOINTS, TP_OFFSETS_UTF16, TP_OFFSETS_BYTES};
    for (size_t u = 0; u < 3; u++) {
        tp__write_opts o;
        memset(&o, 0, sizeof o);
        o.offsets = units[u];
        o.visible = visible;
        o.nvisible = 2;
        o.types = &types;
        o.feats = &types;
        tp__buf b = {0};
        tp__json_write_doc(&b, doc, &o);
        cJSON *root = parse_all(&b);
        assert_non_null(root);
        assert_null(cJSON_GetObjectItemCaseSensitive(root, "text")); /* text = false */
        const cJSON *arr = get(get(root, "annotations"), "ch");
        size_t expect_unit = 0;
        for (int i = 0; i < cJSON_GetArraySize(arr); i++) {
            const cJSON *s = cJSON_GetArrayItem(arr, i);
            size_t st = (size_t)num_of(s, "start"), en = (size_t)num_of(s, "end");
            assert_int_equal(st, expect_unit);
            const char *t = str_of(s, "text");
            size_t bytes = strlen(t);
            size_t units_of = units[u] == TP_OFFSETS_BYTES                 ? bytes
                              : units[u] == TP_OFFSETS_UTF16 && bytes == 4 ? 2
                                                                           : 1;
            assert_int_equal(en - st, units_of);
            size_t bs = unit_to_byte(text, n, units[u], st);
            assert_memory_equal(t, text + bs, bytes);
            expect_unit = en;
        }
        cJSON_Delete(root);
        tp__buf_free(&b);
    }
    tp__doc_free(doc);
    tp__names_free(&types);
}

static void test_write_doc_hidden_and_text_off(void **state)
{
    fixture *f = *state;
    /* Hide money too; text off; nvisible shorter than the layer table. */
    const bool visible[2] = {false, true};
    tp__write_opts o = opts_for(f, TP_OFFSETS_CODEPOINTS, visible, 2);
    o.text = false;
    tp__buf b = {0};
    tp__json_write_doc(&b, f->doc, &o);
    cJSON *root = parse_all(&b);
    assert_non_null(root);
    assert_null(cJSON_GetObjectItemCaseSensitive(root, "text"));
    const cJSON *ann = get(root, "annotations");
    assert_int_equal(cJSON_GetArraySize(ann), 1);
    assert_non_null(cJSON_GetObjectItemCaseSensitive(ann, "token"));
    cJSON_Delete(root);
    tp__buf_free(&b);

    /* Nothing visible: an empty annotations object. */
    const bool none[5] = {false, false, false, false, false};
    o = opts_for(f, TP_OFFSETS_CODEPOINTS, none, 5);
    tp__json_write_doc(&b, f->doc, &o);
    root = parse_all(&b);
    assert_non_null(root);
    ann = get(root, "annotations");
    assert_true(cJSON_IsObject(ann));
    assert_int_equal(cJSON_GetArraySize(ann), 0);
    cJSON_Delete(root);
    tp__buf_free(&b);
}

static void test_write_doc_meta_verbatim(void **state)
{
    fixture *f = *state;
    const char *extra = "{\"a\": [1, 2.50, true], \"b\": null}";
    tp__doc_add_meta(f->doc, "source", "\"AP\"", 4);
    tp__doc_add_meta(f->doc, "extra", extra, strlen(extra));
    tp__doc_add_meta(f->doc, "we\"ird", "-1.0e+2", 7);
    const bool visible[3] = {false, true, true};
    tp__write_opts o = opts_for(f, TP_OFFSETS_CODEPOINTS, visible, 3);
    tp__buf b = {0};
    tp__json_write_doc(&b, f->doc, &o);
    /* Raw values are copied byte for byte. */
    char *line = strndup(b.data, b.len);
    assert_non_null(line);
    assert_non_null(strstr(line, "\"meta\":{\"source\":\"AP\",\"extra\":{\"a\": [1, 2.50, true], \"b\": null},"
                                 "\"we\\\"ird\":-1.0e+2}"));
    /* id, text, meta, annotations in that order */
    const char *pid = strstr(line, "\"id\":"), *ptext = strstr(line, "\"text\":"),
               *pmeta = strstr(line, "\"meta\":"), *pann = strstr(line, "\"annotations\":");
    assert_true(pid && ptext && pmeta && pann);
    assert_true(pid < ptext && ptext < pmeta && pmeta < pann);
    assert_ptr_equal(pid, line + 1);
    free(line);
    cJSON *root = parse_all(&b);
    assert_non_null(root);
    const cJSON *meta = get(root, "meta");
    assert_string_equal(str_of(meta, "source"), "AP");
    const cJSON *e = get(meta, "extra");
    assert_int_equal(cJSON_GetArraySize(get(e, "a")), 3);
    assert_true(cJSON_IsNull(get(e, "b")));
    assert_true(num_of(meta, "we\"ird") == -100.0);
    cJSON_Delete(root);
    tp__buf_free(&b);
}

static void test_write_doc_deeper_nesting(void **state)
{
    (void)state;
    tp__names types, feats;
    tp__names_init(&types);
    tp__names_init(&feats);
    tp_type t = tp__names_intern(&types, "t");
    tp_feat plain = tp__names_intern(&feats, "plain");
    tp_feat abc = tp__names_intern(&feats, "a.b.c");
    tp_feat abd = tp__names_intern(&feats, "a.b.d");
    tp_feat ae = tp__names_intern(&feats, "a.e");
    tp_feat xy = tp__names_intern(&feats, "x.y");
    tp_doc *doc = tp__doc_new(&types);
    tp__doc_begin(doc);
    tp__doc_problem why;
    assert_int_equal(tp__doc_set(doc, "n", "abc", 3, &why), 0);
    tp_doc_add_span(doc, t, 0, 3);
    tp_span_set_int(doc, t, 0, abc, 1);
    tp_span_set_int(doc, t, 0, plain, 0);
    tp_span_set_int(doc, t, 0, xy, 5);
    tp_span_set_int(doc, t, 0, abd, 2);
    tp_span_set_int(doc, t, 0, ae, 3);
    assert_null(tp__doc_end_stage(doc));
    const bool visible[2] = {false, true};
    tp__write_opts o;
    memset(&o, 0, sizeof o);
    o.visible = visible;
    o.nvisible = 2;
    o.types = &types;
    o.feats = &feats;
    tp__buf b = {0};
    tp__json_write_doc(&b, doc, &o);
    cJSON *root = parse_all(&b);
    assert_non_null(root);
    const cJSON *s = cJSON_GetArrayItem(get(get(root, "annotations"), "t"), 0);
    /* start end text a plain x */
    assert_int_equal(cJSON_GetArraySize(s), 6);
    const cJSON *a = get(s, "a");
    assert_int_equal(cJSON_GetArraySize(a), 2);
    const cJSON *ab = get(a, "b");
    assert_int_equal(cJSON_GetArraySize(ab), 2);
    assert_true(num_of(ab, "c") == 1);
    assert_true(num_of(ab, "d") == 2);
    assert_true(num_of(a, "e") == 3);
    assert_true(num_of(get(s, "x"), "y") == 5);
    assert_true(num_of(s, "plain") == 0);
    cJSON_Delete(root);
    tp__buf_free(&b);
    tp__doc_free(doc);
    tp__names_free(&types);
    tp__names_free(&feats);
}

/* Writes one span with `nfeat` int features named by `fmt` (one %d) with
 * value i*10, and returns the parsed span object (caller frees *root). */
static const cJSON *span_with_features(int nfeat, const char *fmt, cJSON **root)
{
    tp__names types, feats;
    tp__names_init(&types);
    tp__names_init(&feats);
    tp_type t = tp__names_intern(&types, "t");
    tp_doc *doc = tp__doc_new(&types);
    tp__doc_begin(doc);
    tp__doc_problem why;
    assert_int_equal(tp__doc_set(doc, "w", "abc", 3, &why), 0);
    tp_doc_add_span(doc, t, 0, 3);
    char name[32];
    for (int i = 0; i < nfeat; i++) {
        snprintf(name, sizeof name, fmt, i);
        tp_span_set_int(doc, t, 0, tp__names_intern(&feats, name), i * 10);
    }
    assert_null(tp__doc_end_stage(doc));
    const bool visible[2] = {false, true};
    tp__write_opts o;
    memset(&o, 0, sizeof o);
    o.visible = visible;
    o.nvisible = 2;
    o.types = &types;
    o.feats = &feats;
    tp__buf b = {0};
    tp__json_write_doc(&b, doc, &o);
    *root = parse_all(&b);
    assert_non_null(*root);
    tp__buf_free(&b);
    tp__doc_free(doc);
    tp__names_free(&types);
    tp__names_free(&feats);
    return cJSON_GetArrayItem(get(get(*root, "annotations"), "t"), 0);
}

/* More features than the writer's small on-stack name table (16). */
static void test_write_doc_many_features(void **state)
{
    (void)state;
    cJSON *root;
    const cJSON *s = span_with_features(40, "f%d", &root);
    assert_int_equal(cJSON_GetArraySize(s), 3 + 40);
    char name[32];
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "f%d", i);
        assert_true(num_of(s, name) == i * 10);
    }
    cJSON_Delete(root);
}

/* A nested group with many members, e.g. per-label scores "scores.LABEL":
 * every member must be written. */
static void test_write_doc_wide_nested_group(void **state)
{
    (void)state;
    cJSON *root;
    const cJSON *s = span_with_features(100, "scores.l%d", &root);
    assert_int_equal(cJSON_GetArraySize(s), 4); /* start end text scores */
    const cJSON *g = get(s, "scores");
    int size = cJSON_GetArraySize(g);
    if (size != 100)
        print_error("\"scores\" has %d members, want 100\n", size);
    assert_int_equal(size, 100);
    char name[32];
    for (int i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "l%d", i);
        assert_true(num_of(g, name) == i * 10);
    }
    cJSON_Delete(root);
}

static void test_write_error(void **state)
{
    (void)state;
    tp__buf b = {0};
    tp__json_write_error(&b,
                         "doc\xFF"
                         "1",
                         NULL, "money", "too_long", "text is \"long\"\nreally");
    assert_int_equal(b.data[b.len - 1], '\n');
    assert_null(memchr(b.data, '\n', b.len - 1));
    assert_true(valid_utf8((const unsigned char *)b.data, b.len));
    cJSON *root = parse_all(&b);
    assert_non_null(root);
    assert_string_equal(str_of(root, "id"), "doc\xEF\xBF\xBD"
                                            "1");
    const cJSON *e = get(root, "error");
    assert_int_equal(cJSON_GetArraySize(e), 3);
    assert_string_equal(str_of(e, "stage"), "money");
    assert_string_equal(str_of(e, "code"), "too_long");
    assert_string_equal(str_of(e, "message"), "text is \"long\"\nreally");
    assert_int_equal(cJSON_GetArraySize(root), 2);
    cJSON_Delete(root);
    tp__buf_free(&b);

    /* Empty strings and a message with a bad byte. */
    tp__json_write_error(&b, "", NULL, "", "bad_utf8", "invalid \xC3 byte");
    root = parse_all(&b);
    assert_non_null(root);
    assert_string_equal(str_of(root, "id"), "");
    e = get(root, "error");
    assert_string_equal(str_of(e, "code"), "bad_utf8");
    assert_string_equal(str_of(e, "message"), "invalid \xEF\xBF\xBD byte");
    cJSON_Delete(root);
    tp__buf_free(&b);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_string_roundtrip),
        cmocka_unit_test(test_put_string_each_control_char),
        cmocka_unit_test(test_put_string_exact_forms),
        cmocka_unit_test(test_put_string_word_steps),
        cmocka_unit_test(test_put_lossy),
        cmocka_unit_test(test_put_double_exact),
        cmocka_unit_test(test_put_double_non_finite),
        cmocka_unit_test(test_put_double_roundtrip),
        T(test_write_doc_fields),
        T(test_write_doc_offsets),
        cmocka_unit_test(test_write_doc_long_text_offsets),
        T(test_write_doc_hidden_and_text_off),
        T(test_write_doc_meta_verbatim),
        cmocka_unit_test(test_write_doc_deeper_nesting),
        cmocka_unit_test(test_write_doc_many_features),
        cmocka_unit_test(test_write_doc_wide_nested_group),
        cmocka_unit_test(test_write_error),
    };
#undef T
    return cmocka_run_group_tests_name("json_out", tests, NULL, NULL);
}
