/* test_jsonl.c - unit tests of core/jsonl.h: reading one JSON Lines record. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arena.h"
#include "jsonl.h"

static int setup(void **state)
{
    tp__arena *a = malloc(sizeof *a);
    if (!a)
        return -1;
    tp__arena_init(a, 4096);
    *state = a;
    return 0;
}

static int teardown(void **state)
{
    tp__arena *a = *state;
    tp__arena_free(a);
    free(a);
    return 0;
}

static int parse_n(tp__arena *a, const char *line, size_t len, tp__jsonl_record *rec, tp__json_error *err)
{
    memset(err, 0, sizeof *err);
    return tp__jsonl_parse(line, len, a, rec, err);
}

static int parse(tp__arena *a, const char *line, tp__jsonl_record *rec, tp__json_error *err)
{
    return parse_n(a, line, strlen(line), rec, err);
}

/* Parses `line` (of length len) and expects a failure with this code at
 * this offset. */
static void expect_error_n(tp__arena *a, const char *line, size_t len, const char *code, size_t offset)
{
    tp__jsonl_record rec;
    tp__json_error err;
    int rc = parse_n(a, line, len, &rec, &err);
    if (rc == 0 || !err.code || strcmp(err.code, code) != 0 || err.offset != offset)
        print_error("line %.*s: rc=%d code=%s offset=%zu message=%s (want %s at %zu)\n", (int)len, line, rc,
                    err.code ? err.code : "(null)", err.offset, err.message, code, offset);
    assert_int_equal(rc, -1);
    assert_non_null(err.code);
    assert_string_equal(err.code, code);
    assert_int_equal(err.offset, offset);
    assert_true(strlen(err.message) > 0);
}

static void expect_error(tp__arena *a, const char *line, const char *code, size_t offset)
{
    expect_error_n(a, line, strlen(line), code, offset);
}

static const tp__json_member *member(const tp__jsonl_record *rec, const char *key)
{
    for (size_t i = 0; i < rec->nmeta; i++)
        if (strcmp(rec->meta[i].key, key) == 0)
            return &rec->meta[i];
    return NULL;
}

static void expect_raw(const tp__jsonl_record *rec, const char *key, const char *raw)
{
    const tp__json_member *m = member(rec, key);
    if (!m)
        print_error("no meta member %s\n", key);
    assert_non_null(m);
    assert_int_equal(m->raw_len, strlen(raw));
    assert_memory_equal(m->raw, raw, strlen(raw));
}

/* ---- valid records -------------------------------------------------------- */

static void test_valid_record_with_meta(void **state)
{
    tp__arena *a = *state;
    const char *line = "{ \"id\" : \"doc-1\" , \"source\":\"AP\",\"text\":\"Hello, world\","
                       "\"n\": -12.5e+3 ,\"z\":0,\"e\":1E-2,\"ok\":true,\"no\":false,\"nil\":null,"
                       "\"obj\":{\"a\":[1,{\"b\":\"c\"}],\"d\":{}},"
                       "\"arr\":[ 1 , \"x\" , [] ],\"s\":\"q\\\"uote\",\"k\\u00e9y\":2}\r\n";
    tp__jsonl_record rec;
    tp__json_error err;
    assert_int_equal(parse(a, line, &rec, &err), 0);
    assert_string_equal(rec.id, "doc-1");
    assert_int_equal(rec.id_len, 5);
    assert_string_equal(rec.text, "Hello, world");
    assert_int_equal(rec.text_len, 12);
    assert_int_equal(rec.nmeta, 11);
    /* Members stay in input order. */
    const char *keys[] = {"source", "n", "z", "e", "ok", "no", "nil", "obj", "arr", "s", "k\xC3\xA9y"};
    for (size_t i = 0; i < 11; i++) assert_string_equal(rec.meta[i].key, keys[i]);
    expect_raw(&rec, "source", "\"AP\"");
    expect_raw(&rec, "n", "-12.5e+3");
    expect_raw(&rec, "z", "0");
    expect_raw(&rec, "e", "1E-2");
    expect_raw(&rec, "ok", "true");
    expect_raw(&rec, "no", "false");
    expect_raw(&rec, "nil", "null");
    expect_raw(&rec, "obj", "{\"a\":[1,{\"b\":\"c\"}],\"d\":{}}");
    expect_raw(&rec, "arr", "[ 1 , \"x\" , [] ]");
    expect_raw(&rec, "s", "\"q\\\"uote\"");
    expect_raw(&rec, "k\xC3\xA9y", "2");
    /* The raw slices point into the line itself. */
    const tp__json_member *m = member(&rec, "obj");
    assert_true(m->raw > line && m->raw < line + strlen(line));
}

static void test_minimal_and_order(void **state)
{
    tp__arena *a = *state;
    tp__jsonl_record rec;
    tp__json_error err;
    /* text before id, no meta, empty text */
    assert_int_equal(parse(a, "{\"text\":\"\",\"id\":\"x\"}", &rec, &err), 0);
    assert_string_equal(rec.id, "x");
    assert_string_equal(rec.text, "");
    assert_int_equal(rec.text_len, 0);
    assert_int_equal(rec.nmeta, 0);
    /* A key spelled with an escape is still "id". */
    assert_int_equal(parse(a, "{\"i\\u0064\":\"esc\",\"text\":\"t\"}", &rec, &err), 0);
    assert_string_equal(rec.id, "esc");
    assert_int_equal(rec.nmeta, 0);
    /* Raw UTF-8 and DEL are fine inside strings. */
    assert_int_equal(parse(a, "{\"id\":\"\xC3\xA9\",\"text\":\"\x7f\xE2\x82\xAC\"}", &rec, &err), 0);
    assert_string_equal(rec.id, "\xC3\xA9");
    assert_int_equal(rec.text_len, 4);
    assert_memory_equal(rec.text, "\x7f\xE2\x82\xAC", 4);
}

static void test_respects_length(void **state)
{
    tp__arena *a = *state;
    tp__jsonl_record rec;
    tp__json_error err;
    const char *buf = "{\"id\":\"x\",\"text\":\"y\"}GARBAGE";
    assert_int_equal(parse_n(a, buf, 21, &rec, &err), 0);
    assert_string_equal(rec.text, "y");
    /* A length that cuts the record: the closing brace is missing. */
    expect_error_n(a, buf, 20, "bad_json", 20);
    /* A length that cuts a string. */
    expect_error_n(a, buf, 18, "bad_json", 17);
}

static void test_numeric_id(void **state)
{
    tp__arena *a = *state;
    tp__jsonl_record rec;
    tp__json_error err;
    assert_int_equal(parse(a, "{\"id\": 17, \"text\":\"x\"}", &rec, &err), 0);
    assert_string_equal(rec.id, "17");
    assert_int_equal(rec.id_len, 2);
    assert_int_equal(rec.nmeta, 0);
    assert_int_equal(parse(a, "{\"id\":-3.5e2,\"text\":\"x\"}", &rec, &err), 0);
    assert_string_equal(rec.id, "-3.5e2");
    assert_int_equal(rec.id_len, 6);
    assert_int_equal(parse(a, "{\"id\":0,\"text\":\"x\"}", &rec, &err), 0);
    assert_string_equal(rec.id, "0");
}

static void test_all_escapes(void **state)
{
    tp__arena *a = *state;
    tp__jsonl_record rec;
    tp__json_error err;
    const char *line = "{\"id\":\"e\",\"text\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti"
                       "\\u00e9\\ud83d\\ude00\\u0041\\u20AC\\uFFFF\"}";
    assert_int_equal(parse(a, line, &rec, &err), 0);
    const char want[] = "a\"b\\c/d\be\ff\ng\rh\ti"
                        "\xC3\xA9"         /* é */
                        "\xF0\x9F\x98\x80" /* U+1F600 from the surrogate pair */
                        "A"
                        "\xE2\x82\xAC"  /* € (upper-case hex) */
                        "\xEF\xBF\xBF"; /* U+FFFF */
    assert_int_equal(rec.text_len, sizeof want - 1);
    assert_memory_equal(rec.text, want, sizeof want - 1);
    assert_int_equal(rec.text[rec.text_len], '\0');
}

static void test_surrogate_pair_bytes(void **state)
{
    tp__arena *a = *state;
    tp__jsonl_record rec;
    tp__json_error err;
    assert_int_equal(parse(a, "{\"id\":\"s\",\"text\":\"\\ud83d\\ude00\"}", &rec, &err), 0);
    assert_int_equal(rec.text_len, 4);
    assert_memory_equal(rec.text, "\xF0\x9F\x98\x80", 4);
    /* Smallest and largest pairs: U+10000 and U+10FFFF. */
    assert_int_equal(parse(a, "{\"id\":\"s\",\"text\":\"\\uD800\\uDC00\\udbff\\udfff\"}", &rec, &err), 0);
    assert_int_equal(rec.text_len, 8);
    assert_memory_equal(rec.text, "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 8);
}

static void test_nul_escape_in_text(void **state)
{
    tp__arena *a = *state;
    tp__jsonl_record rec;
    tp__json_error err;
    assert_int_equal(parse(a, "{\"id\":\"n\",\"text\":\"a\\u0000b\"}", &rec, &err), 0);
    assert_int_equal(rec.text_len, 3);
    assert_int_equal(rec.text[0], 'a');
    assert_int_equal(rec.text[1], '\0');
    assert_int_equal(rec.text[2], 'b');
    assert_int_equal(rec.text[3], '\0');
}

/* ---- syntax errors ---------------------------------------------------------- */

static void test_not_an_object(void **state)
{
    tp__arena *a = *state;
    expect_error(a, "[1,2]", "bad_json", 0);
    expect_error(a, "  \"x\"", "bad_json", 2);
    expect_error(a, "null", "bad_json", 0);
    expect_error(a, "", "bad_json", 0);
    expect_error(a, "   ", "bad_json", 3);
    /* A byte order mark is skipped (files saved by some editors start with
     * one); offsets still count it, and only one is skipped. */
    tp__jsonl_record rec;
    tp__json_error err;
    assert_int_equal(parse(a, "\xEF\xBB\xBF{\"id\":\"x\",\"text\":\"y\"}", &rec, &err), 0);
    assert_string_equal(rec.id, "x");
    expect_error(a, "\xEF\xBB\xBF[1]", "bad_json", 3);
    expect_error(a, "\xEF\xBB\xBF\xEF\xBB\xBF{}", "bad_json", 3);
}

/* Meta is copied to the output as it is, so its names and strings must be
 * UTF-8; the id and text are checked later, by the document model. */
static void test_meta_not_utf8(void **state)
{
    tp__arena *a = *state;
    /*                          0         1         2         3 */
    /*                          0123456789012345678901234567890 */
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"m\":\"\xff\"}", "bad_utf8", 26);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"\xc3\":1}", "bad_utf8", 22);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"m\":[{\"k\":\"\xed\xa0\x80\"}]}", "bad_utf8", 32);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"a\\u0000b\":1}", "bad_json", 21);
    tp__jsonl_record rec;
    tp__json_error err;
    assert_int_equal(parse(a, "{\"id\":\"x\",\"text\":\"\xff\",\"m\":\"caf\xc3\xa9\"}", &rec, &err), 0);
    assert_int_equal(rec.text_len, 1);
    assert_int_equal(rec.nmeta, 1);
}

/* The reader skips eight bytes at a time up to the next quote, backslash
 * or control byte: at every place in and around those words an escape is
 * decoded, a raw control byte and bad UTF-8 (in meta, which is checked)
 * are reported where they are, and high bytes pass through. */
static void test_word_steps(void **state)
{
    tp__arena *a = *state;
    char line[128], want[64];
    const char *fill[] = {"a", "\xc3\xa9"};
    for (int f = 0; f < 2; f++)
        for (size_t at = 0; at < 40; at++) {
            char body[64];
            size_t n = 0, k;
            tp__jsonl_record rec;
            tp__json_error err;
            while (n < 40) n += (size_t)snprintf(body + n, sizeof body - n, "%s", fill[f]);
            n = 40;
            /* an escape at `at`: the text holds its character there */
            memcpy(line, "{\"id\":\"x\",\"text\":\"", 18);
            memcpy(line + 18, body, at);
            memcpy(line + 18 + at, "\\n", 2);
            memcpy(line + 20 + at, body + at, n - at);
            memcpy(line + 20 + n, "\"}", 3);
            memcpy(want, body, at);
            want[at] = '\n';
            memcpy(want + at + 1, body + at, n - at);
            assert_int_equal(parse(a, line, &rec, &err), 0);
            assert_int_equal(rec.text_len, n + 1);
            assert_memory_equal(rec.text, want, n + 1);
            /* a raw control byte at `at` */
            memcpy(line + 18, body, n);
            line[18 + at] = '\x01';
            memcpy(line + 18 + n, "\"}", 3);
            expect_error(a, line, "bad_json", 18 + at);
            /* a quote ends the string at `at` early: then garbage follows */
            line[18 + at] = '"';
            for (k = at + 1; k < n; k++) line[18 + k] = 'z';
            assert_int_equal(parse(a, line, &rec, &err), -1);
            /* a byte that is not UTF-8 in a meta value, at `at` */
            memcpy(line, "{\"id\":\"x\",\"text\":\"y\",\"m\":\"", 26);
            memcpy(line + 26, body, n);
            memcpy(line + 26 + n, "\"}", 3);
            assert_int_equal(parse(a, line, &rec, &err), 0);
            line[26 + at] = '\xff';
            if (f == 1 && at % 2 == 1)
                continue; /* inside a character: reported where it starts */
            expect_error(a, line, "bad_utf8", 26 + at);
        }
}

static void test_unterminated_string(void **state)
{
    tp__arena *a = *state;
    /*                0123456789 */
    expect_error(a, "{\"id\":\"abc", "bad_json", 6);
    expect_error(a, "{\"id", "bad_json", 1);
    /* in a meta value: "m" value starts at 25 */
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"m\":\"abc}", "bad_json", 25);
}

static void test_raw_control_character(void **state)
{
    tp__arena *a = *state;
    expect_error(a, "{\"id\":\"a\tb\",\"text\":\"x\"}", "bad_json", 8);
    expect_error(a, "{\"id\":\"x\",\"text\":\"line\nbreak\"}", "bad_json", 22);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"m\":\"\x1f\"}", "bad_json", 26);
    /* A raw NUL byte inside a string (line given with its length). */
    expect_error_n(a, "{\"id\":\"a\0b\",\"text\":\"x\"}", 23, "bad_json", 8);
    /* In a key */
    expect_error(a, "{\"i\x01\":\"x\",\"text\":\"y\"}", "bad_json", 3);
}

static void test_invalid_escape(void **state)
{
    tp__arena *a = *state;
    expect_error(a, "{\"id\":\"a\\x\",\"text\":\"y\"}", "bad_json", 8);
    expect_error(a, "{\"id\":\"a\\U0041\",\"text\":\"y\"}", "bad_json", 8);
    expect_error(a, "{\"id\":\"a\\'\",\"text\":\"y\"}", "bad_json", 8);
    /* \u with too few or bad hex digits */
    expect_error(a, "{\"id\":\"x\",\"text\":\"ab\\u12g4\"}", "bad_json", 20);
    expect_error(a, "{\"id\":\"x\",\"text\":\"ab\\u12\"}", "bad_json", 20);
    /* inside a meta value (not decoded, still validated) */
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"m\":[\"\\q\"]}", "bad_json", 27);
}

static void test_surrogate_errors(void **state)
{
    tp__arena *a = *state;
    /* offsets: the backslash of the offending escape is at 20 */
    expect_error(a, "{\"id\":\"x\",\"text\":\"ab\\udc00\"}", "bad_json", 20);
    expect_error(a, "{\"id\":\"x\",\"text\":\"ab\\uDFFFcd\"}", "bad_json", 20);
    expect_error(a, "{\"id\":\"x\",\"text\":\"ab\\ud83d\"}", "bad_json", 20);
    expect_error(a, "{\"id\":\"x\",\"text\":\"ab\\ud83dx\"}", "bad_json", 20);
    expect_error(a, "{\"id\":\"x\",\"text\":\"ab\\ud83d\\u0041\"}", "bad_json", 20);
    expect_error(a, "{\"id\":\"x\",\"text\":\"ab\\ud83d\\ud83d\\ude00\"}", "bad_json", 20);
    expect_error(a, "{\"id\":\"x\",\"text\":\"ab\\ud83d\\n\"}", "bad_json", 20);
    /* A low surrogate after a valid pair. */
    expect_error(a, "{\"id\":\"x\",\"text\":\"ab\\ud83d\\ude00\\ude00\"}", "bad_json", 32);
}

static void test_bad_numbers(void **state)
{
    tp__arena *a = *state;
    /* The value of "n" starts at byte 25. */
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"n\":01}", "bad_json", 26);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"n\":-01}", "bad_json", 27);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"n\":1.}", "bad_json", 25);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"n\":-}", "bad_json", 25);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"n\":1e}", "bad_json", 25);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"n\":1e+}", "bad_json", 25);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"n\":-.5}", "bad_json", 25);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"n\":.5}", "bad_json", 25);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"n\":+1}", "bad_json", 25);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"n\":1.5.2}", "bad_json", 28);
    /* As the id, too: value at 6 */
    expect_error(a, "{\"id\":1.,\"text\":\"y\"}", "bad_json", 6);
    /* Good forms pass. */
    const char *good[] = {"0", "-0", "0.5", "-0.0e0", "10", "1E5", "1e-5", "123.456E+78"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char line[96];
        snprintf(line, sizeof line, "{\"id\":\"x\",\"text\":\"y\",\"n\":%s}", good[i]);
        tp__jsonl_record rec;
        tp__json_error err;
        assert_int_equal(parse(a, line, &rec, &err), 0);
        expect_raw(&rec, "n", good[i]);
    }
}

static void test_bad_literals(void **state)
{
    tp__arena *a = *state;
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"b\":tru}", "bad_json", 25);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"b\":nul", "bad_json", 25);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"b\":True}", "bad_json", 25);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"b\":}", "bad_json", 25);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"b\":", "bad_json", 25);
    /* A literal running into the next token. */
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"b\":truex}", "bad_json", 29);
}

static void test_trailing_garbage(void **state)
{
    tp__arena *a = *state;
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\"} z", "bad_json", 22);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\"}}", "bad_json", 21);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\"}{}", "bad_json", 21);
    /* Trailing whitespace (including CR LF) is fine. */
    tp__jsonl_record rec;
    tp__json_error err;
    assert_int_equal(parse(a, " \t{\"id\":\"x\",\"text\":\"y\"} \t\r\n", &rec, &err), 0);
}

static void test_missing_comma_colon(void **state)
{
    tp__arena *a = *state;
    expect_error(a, "{\"id\":\"x\" \"text\":\"y\"}", "bad_json", 10);
    expect_error(a, "{\"id\" \"x\",\"text\":\"y\"}", "bad_json", 6);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"m\":{\"a\" 1}}", "bad_json", 30);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"m\":[1 2]}", "bad_json", 28);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"m\":{\"a\":1 \"b\":2}}", "bad_json", 32);
    /* Trailing commas and stray commas. */
    expect_error(a, "{\"id\":\"x\",}", "bad_json", 10);
    expect_error(a, "{,}", "bad_json", 1);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"m\":[1,]}", "bad_json", 28);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"m\":{\"a\":1,}}", "bad_json", 32);
    /* Unclosed at the end of the line. */
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\"", "bad_json", 20);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"m\":[1", "bad_json", 27);
    /* A member name that is not a string. */
    expect_error(a, "{id:\"x\"}", "bad_json", 1);
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"m\":{a:1}}", "bad_json", 26);
}

static void test_duplicates(void **state)
{
    tp__arena *a = *state;
    expect_error(a, "{\"id\":\"x\",\"text\":\"y\",\"text\":\"z\"}", "bad_json", 21);
    expect_error(a, "{\"id\":\"x\",\"id\":\"z\",\"text\":\"y\"}", "bad_json", 10);
    expect_error(a, "{\"id\":7,\"text\":\"y\",\"id\":\"z\"}", "bad_json", 19);
}

/* '[' repeated `depth` times inside the meta value of "m" (which starts at
 * byte 25), closed again. */
static char *nested(size_t depth, int objects)
{
    const char *head = "{\"id\":\"x\",\"text\":\"y\",\"m\":";
    size_t hl = strlen(head);
    size_t open_len = objects ? 5 : 1; /* {"a": or [ */
    char *s = malloc(hl + depth * (open_len + 1) + 4);
    if (!s)
        return NULL;
    memcpy(s, head, hl);
    size_t n = hl;
    for (size_t i = 0; i < depth; i++) {
        if (objects && i + 1 < depth) {
            memcpy(s + n, "{\"a\":", 5), n += 5;
        } else if (objects) {
            s[n++] = '{';
        } else {
            s[n++] = '[';
        }
    }
    for (size_t i = 0; i < depth; i++) s[n++] = objects ? '}' : ']';
    s[n++] = '}';
    s[n] = '\0';
    return s;
}

static void test_nesting_depth(void **state)
{
    tp__arena *a = *state;
    tp__jsonl_record rec;
    tp__json_error err;
    /* Exactly TP_JSON_MAX_DEPTH levels inside the meta value are fine. */
    char *s = nested(TP_JSON_MAX_DEPTH, 0);
    assert_non_null(s);
    assert_int_equal(parse(a, s, &rec, &err), 0);
    assert_int_equal(rec.nmeta, 1);
    assert_int_equal(rec.meta[0].raw_len, 2 * TP_JSON_MAX_DEPTH);
    free(s);
    s = nested(TP_JSON_MAX_DEPTH - 1, 0);
    assert_int_equal(parse(a, s, &rec, &err), 0);
    free(s);
    /* One more is refused, at the '[' that goes too deep: the k-th '['
     * (1-based) is at byte 24 + k. */
    s = nested(TP_JSON_MAX_DEPTH + 1, 0);
    expect_error(a, s, "bad_json", 24 + TP_JSON_MAX_DEPTH + 1);
    free(s);
    /* Far deeper must not crash either. */
    s = nested(100000, 0);
    expect_error(a, s, "bad_json", 24 + TP_JSON_MAX_DEPTH + 1);
    free(s);
    /* Objects: {"a":{"a":…{}…}} */
    s = nested(TP_JSON_MAX_DEPTH, 1);
    assert_int_equal(parse(a, s, &rec, &err), 0);
    free(s);
    s = nested(TP_JSON_MAX_DEPTH + 1, 1);
    /* the k-th '{' is at 25 + 5*(k-1) */
    expect_error(a, s, "bad_json", 25 + 5 * TP_JSON_MAX_DEPTH);
    free(s);
}

/* ---- record-level errors --------------------------------------------------- */

static void test_missing_fields(void **state)
{
    tp__arena *a = *state;
    tp__jsonl_record rec;
    tp__json_error err;
    assert_int_equal(parse(a, "{\"text\":\"y\"}", &rec, &err), -1);
    assert_string_equal(err.code, "no_id");
    assert_null(rec.id);
    assert_int_equal(parse(a, "{}", &rec, &err), -1);
    assert_string_equal(err.code, "no_id");
    assert_int_equal(parse(a, " { } ", &rec, &err), -1);
    assert_string_equal(err.code, "no_id");
    assert_int_equal(parse(a, "{\"id\":\"x\",\"other\":1}", &rec, &err), -1);
    assert_string_equal(err.code, "no_text");
    assert_non_null(rec.id);
    assert_string_equal(rec.id, "x");
}

static void test_bad_text(void **state)
{
    tp__arena *a = *state;
    tp__jsonl_record rec;
    tp__json_error err;
    assert_int_equal(parse(a, "{\"id\":\"x\",\"text\":5}", &rec, &err), -1);
    assert_string_equal(err.code, "bad_text");
    assert_int_equal(err.offset, 17);
    assert_non_null(rec.id);
    assert_string_equal(rec.id, "x");
    /* id after the bad text is still read */
    assert_int_equal(parse(a, "{\"text\":[\"a\"],\"id\":\"later\"}", &rec, &err), -1);
    assert_string_equal(err.code, "bad_text");
    assert_int_equal(err.offset, 8);
    assert_non_null(rec.id);
    assert_string_equal(rec.id, "later");
    assert_int_equal(parse(a, "{\"id\":9,\"text\":null}", &rec, &err), -1);
    assert_string_equal(err.code, "bad_text");
    assert_string_equal(rec.id, "9");
    /* A syntax error wins over a field problem. */
    expect_error(a, "{\"id\":\"x\",\"text\":5,}", "bad_json", 19);
}

static void test_bad_id(void **state)
{
    tp__arena *a = *state;
    tp__jsonl_record rec;
    tp__json_error err;
    assert_int_equal(parse(a, "{\"id\":{\"a\":1},\"text\":\"y\"}", &rec, &err), -1);
    assert_string_equal(err.code, "bad_id");
    assert_int_equal(err.offset, 6);
    assert_null(rec.id);
    assert_int_equal(parse(a, "{\"id\":true,\"text\":\"y\"}", &rec, &err), -1);
    assert_string_equal(err.code, "bad_id");
    assert_int_equal(parse(a, "{\"id\":[\"x\"],\"text\":\"y\"}", &rec, &err), -1);
    assert_string_equal(err.code, "bad_id");
    assert_int_equal(parse(a, "{\"id\":null,\"text\":\"y\"}", &rec, &err), -1);
    assert_string_equal(err.code, "bad_id");
}

static void test_error_message_mentions_problem(void **state)
{
    tp__arena *a = *state;
    tp__jsonl_record rec;
    tp__json_error err;
    assert_int_equal(parse(a, "{\"id\":\"x\",\"text\":\"y\",\"text\":\"z\"}", &rec, &err), -1);
    assert_non_null(strstr(err.message, "text"));
    assert_non_null(strstr(err.message, "duplicate"));
    assert_int_equal(parse(a, "{\"id\":\"x\",\"text\":\"ab\\ud83d\"}", &rec, &err), -1);
    assert_non_null(strstr(err.message, "surrogate"));
    assert_int_equal(parse(a, "{\"id\":\"a\\x\"}", &rec, &err), -1);
    assert_non_null(strstr(err.message, "escape"));
}

/* ---- tp__json_decode_string -------------------------------------------------- */

static void test_decode_string(void **state)
{
    tp__arena *a = *state;
    size_t n = 99;
    char *s = tp__json_decode_string(a, "\"abc\"", 5, &n);
    assert_non_null(s);
    assert_string_equal(s, "abc");
    assert_int_equal(n, 3);
    s = tp__json_decode_string(a, "\"\"", 2, &n);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(n, 0);
    const char raw[] = "\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\\"";
    const char want[] = "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \\";
    assert_int_equal(sizeof raw - 1, 33);
    s = tp__json_decode_string(a, raw, sizeof raw - 1, &n);
    assert_non_null(s);
    assert_int_equal(n, 16);
    assert_int_equal(sizeof want - 1, 16);
    assert_memory_equal(s, want, 16);
    s = tp__json_decode_string(a, "\"a\\u0000b\"", 10, &n);
    assert_non_null(s);
    assert_int_equal(n, 3);
    assert_memory_equal(s, "a\0b", 3);
    /* Only the given length counts. */
    s = tp__json_decode_string(a, "\"ab\"cd", 4, &n);
    assert_non_null(s);
    assert_string_equal(s, "ab");
    /* Not a (single, valid) string literal. */
    assert_null(tp__json_decode_string(a, "", 0, &n));
    assert_null(tp__json_decode_string(a, "abc", 3, &n));
    assert_null(tp__json_decode_string(a, "\"abc", 4, &n));
    assert_null(tp__json_decode_string(a, "\"a\"b", 4, &n));
    assert_null(tp__json_decode_string(a, "\"a\" ", 4, &n));
    assert_null(tp__json_decode_string(a, "\"\\ud800\"", 8, &n));
    assert_null(tp__json_decode_string(a, "\"\\x\"", 4, &n));
    assert_null(tp__json_decode_string(a, "\"a\nb\"", 5, &n));
    assert_null(tp__json_decode_string(a, "42", 2, &n));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_valid_record_with_meta),
        T(test_minimal_and_order),
        T(test_respects_length),
        T(test_numeric_id),
        T(test_all_escapes),
        T(test_surrogate_pair_bytes),
        T(test_nul_escape_in_text),
        T(test_not_an_object),
        T(test_meta_not_utf8),
        T(test_word_steps),
        T(test_unterminated_string),
        T(test_raw_control_character),
        T(test_invalid_escape),
        T(test_surrogate_errors),
        T(test_bad_numbers),
        T(test_bad_literals),
        T(test_trailing_garbage),
        T(test_missing_comma_colon),
        T(test_duplicates),
        T(test_nesting_depth),
        T(test_missing_fields),
        T(test_bad_text),
        T(test_bad_id),
        T(test_error_message_mentions_problem),
        T(test_decode_string),
    };
#undef T
    return cmocka_run_group_tests_name("jsonl", tests, NULL, NULL);
}
