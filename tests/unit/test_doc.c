/* test_doc.c - unit tests of the document model (core/doc_impl.h, textpipe/doc.h). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <textpipe/doc.h>

#include "doc_impl.h"
#include "names.h"

typedef struct fixture {
    tp__names types;
    tp__names feats;
    tp_doc *doc;
    tp_type token, sentence, link;
    tp_feat n, score, flag, label, head, other;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    tp__names_init(&f->types);
    tp__names_init(&f->feats);
    f->token = tp__names_intern(&f->types, "token");
    f->sentence = tp__names_intern(&f->types, "sentence");
    f->link = tp__names_intern(&f->types, "link");
    f->n = tp__names_intern(&f->feats, "n");
    f->score = tp__names_intern(&f->feats, "score");
    f->flag = tp__names_intern(&f->feats, "flag");
    f->label = tp__names_intern(&f->feats, "label");
    f->head = tp__names_intern(&f->feats, "head");
    f->other = tp__names_intern(&f->feats, "other");
    f->doc = tp__doc_new(&f->types);
    if (!f->doc)
        return -1;
    tp__doc_begin(f->doc);
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

/* Sets a text that must validate. */
static void set_ok(tp_doc *doc, const char *id, const char *text, size_t len)
{
    tp__doc_problem why;
    memset(&why, 0, sizeof why);
    int rc = tp__doc_set(doc, id, text, len, &why);
    if (rc != 0)
        print_error("tp__doc_set failed: %s %s\n", why.code ? why.code : "?", why.message);
    assert_int_equal(rc, 0);
}

/* ---- names (used by everything below) ------------------------------------ */

static void test_names_intern(void **state)
{
    fixture *f = *state;
    assert_int_equal(f->token, 1);
    assert_int_equal(f->sentence, 2);
    assert_int_equal(f->link, 3);
    assert_int_equal(tp__names_intern(&f->types, "token"), 1);
    assert_int_equal(tp__names_find(&f->types, "sentence"), 2);
    assert_int_equal(tp__names_find(&f->types, "nope"), 0);
    assert_string_equal(tp__names_get(&f->types, 3), "link");
    assert_null(tp__names_get(&f->types, 0));
    assert_null(tp__names_get(&f->types, 4));
    assert_int_equal(tp__names_max(&f->types), 3);
    /* Many names: ids stay dense and stable across rehashing. */
    tp__names t;
    tp__names_init(&t);
    char buf[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(buf, sizeof buf, "name%d", i);
        assert_int_equal(tp__names_intern(&t, buf), (uint32_t)i + 1);
    }
    for (int i = 0; i < 1000; i++) {
        snprintf(buf, sizeof buf, "name%d", i);
        assert_int_equal(tp__names_find(&t, buf), (uint32_t)i + 1);
        assert_string_equal(tp__names_get(&t, (uint32_t)i + 1), buf);
    }
    assert_int_equal(tp__names_max(&t), 1000);
    tp__names_free(&t);
}

/* ---- tp__doc_set ---------------------------------------------------------- */

static void test_set_valid(void **state)
{
    fixture *f = *state;
    const char *text = "Caf\xC3\xA9 ok"; /* 8 bytes */
    set_ok(f->doc, "doc-1", text, 8);
    size_t len = 99;
    assert_ptr_equal(tp_doc_text(f->doc, &len), text);
    assert_int_equal(len, 8);
    assert_ptr_equal(tp_doc_text(f->doc, NULL), text);
    assert_string_equal(tp_doc_id(f->doc), "doc-1");
    assert_false(f->doc->ascii);
    tp__doc_begin(f->doc);
    set_ok(f->doc, "doc-2", "plain", 5);
    assert_true(f->doc->ascii);
    /* An empty text is a valid document. */
    tp__doc_begin(f->doc);
    set_ok(f->doc, "doc-3", "", 0);
    tp_doc_text(f->doc, &len);
    assert_int_equal(len, 0);
}

static void test_set_invalid_utf8(void **state)
{
    fixture *f = *state;
    tp__doc_problem why;
    memset(&why, 0, sizeof why);
    /* Invalid byte 0xFF at byte 4 */
    assert_int_equal(tp__doc_set(f->doc, "d",
                                 "abcd\xFF"
                                 "ef",
                                 7, &why),
                     -1);
    assert_string_equal(why.code, "bad_utf8");
    assert_non_null(strstr(why.message, "byte 4"));
    /* The document holds no text after a refusal. */
    size_t len = 99;
    tp_doc_text(f->doc, &len);
    assert_int_equal(len, 0);

    /* Truncated: "é" then the first two bytes of "€" at byte 2. */
    memset(&why, 0, sizeof why);
    assert_int_equal(tp__doc_set(f->doc, "d", "\xC3\xA9\xE2\x82", 4, &why), -1);
    assert_string_equal(why.code, "bad_utf8");
    assert_non_null(strstr(why.message, "byte 2"));

    /* Overlong at byte 11, past the ASCII fast path. */
    memset(&why, 0, sizeof why);
    assert_int_equal(tp__doc_set(f->doc, "d", "hello world\xC0\x80", 13, &why), -1);
    assert_string_equal(why.code, "bad_utf8");
    assert_non_null(strstr(why.message, "byte 11"));
}

static void test_set_nul(void **state)
{
    fixture *f = *state;
    tp__doc_problem why;
    memset(&why, 0, sizeof why);
    assert_int_equal(tp__doc_set(f->doc, "d", "abc\0def", 7, &why), -1);
    assert_string_equal(why.code, "nul_byte");
    assert_non_null(strstr(why.message, "byte 3"));
    memset(&why, 0, sizeof why);
    assert_int_equal(tp__doc_set(f->doc, "d", "\xC3\xA9\0", 3, &why), -1);
    assert_string_equal(why.code, "nul_byte");
    assert_non_null(strstr(why.message, "byte 2"));
}

static void test_set_bad_id(void **state)
{
    fixture *f = *state;
    tp__doc_problem why;
    memset(&why, 0, sizeof why);
    assert_int_equal(tp__doc_set(f->doc, "", "text", 4, &why), -1);
    assert_string_equal(why.code, "bad_id");
    assert_true(strlen(why.message) > 0);
    memset(&why, 0, sizeof why);
    assert_int_equal(tp__doc_set(f->doc, "id\xFF", "text", 4, &why), -1);
    assert_string_equal(why.code, "bad_id");
}

static void test_set_too_large(void **state)
{
    fixture *f = *state;
    tp__doc_problem why;
    memset(&why, 0, sizeof why);
    /* The size is checked before any byte is read, so a short buffer with a
     * huge claimed length is safe here. */
    assert_int_equal(tp__doc_set(f->doc, "d", "x", TP_DOC_MAX_BYTES + 1, &why), -1);
    assert_string_equal(why.code, "too_large");
    assert_true(strlen(why.message) > 0);
}

/* ---- spans ------------------------------------------------------------- */

static void test_add_and_read_spans(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "The cat sat.", 12);
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 0, 3), 0);
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 4, 7), 1);
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 8, 11), 2);
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 11, 12), 3);
    assert_int_equal(tp_doc_add_span(f->doc, f->sentence, 0, 12), 0);
    /* Empty spans are allowed, also at the very end. */
    assert_int_equal(tp_doc_add_span(f->doc, f->link, 12, 12), 0);
    assert_null(tp__doc_end_stage(f->doc));

    size_t n = 0;
    const tp_span *s = tp_doc_spans(f->doc, f->token, &n);
    assert_non_null(s);
    assert_int_equal(n, 4);
    const uint32_t b[] = {0, 4, 8, 11}, e[] = {3, 7, 11, 12};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(s[i].begin, b[i]);
        assert_int_equal(s[i].end, e[i]);
    }
    s = tp_doc_spans(f->doc, f->sentence, &n);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].begin, 0);
    assert_int_equal(s[0].end, 12);
    s = tp_doc_spans(f->doc, f->link, &n);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].begin, 12);
    assert_int_equal(s[0].end, 12);
}

static void test_empty_layer_iteration(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abc", 3);
    size_t n = 77;
    /* Before any layer exists. */
    assert_null(tp_doc_spans(f->doc, f->token, &n));
    assert_int_equal(n, 0);
    tp_doc_add_span(f->doc, f->sentence, 0, 3);
    n = 77;
    /* A type with an allocated layer slot but no spans. */
    assert_null(tp_doc_spans(f->doc, f->token, &n));
    assert_int_equal(n, 0);
    n = 77;
    assert_null(tp_doc_spans(f->doc, 0, &n));
    assert_int_equal(n, 0);
    n = 77;
    assert_null(tp_doc_spans(f->doc, 1000, &n));
    assert_int_equal(n, 0);
}

static void test_refuse_outside_text(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abcdef", 6);
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 2, 7), TP_NO_SPAN);
    size_t n;
    assert_null(tp_doc_spans(f->doc, f->token, &n));
    const char *m = tp__doc_end_stage(f->doc);
    assert_non_null(m);
    assert_non_null(strstr(m, "token"));
    assert_non_null(strstr(m, "[2, 7)"));
    assert_non_null(strstr(m, "outside"));
    /* The message is cleared after being returned. */
    assert_null(tp__doc_end_stage(f->doc));

    /* Begin past the end, too. */
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 7, 7), TP_NO_SPAN);
    m = tp__doc_end_stage(f->doc);
    assert_non_null(m);
    assert_non_null(strstr(m, "[7, 7)"));
    assert_null(tp__doc_end_stage(f->doc));
}

static void test_refuse_begin_after_end(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abcdef", 6);
    assert_int_equal(tp_doc_add_span(f->doc, f->sentence, 4, 2), TP_NO_SPAN);
    const char *m = tp__doc_end_stage(f->doc);
    assert_non_null(m);
    assert_non_null(strstr(m, "sentence"));
    assert_non_null(strstr(m, "[4, 2)"));
    assert_null(tp__doc_end_stage(f->doc));
}

static void test_refuse_split_utf8(void **state)
{
    fixture *f = *state;
    /* "h" "é"(1..2) "llo" "€"(6..8) */
    set_ok(f->doc, "d", "h\xC3\xA9llo\xE2\x82\xAC", 9);
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 0, 2), TP_NO_SPAN);
    const char *m = tp__doc_end_stage(f->doc);
    assert_non_null(m);
    assert_non_null(strstr(m, "UTF-8"));
    assert_non_null(strstr(m, "[0, 2)"));
    assert_null(tp__doc_end_stage(f->doc));
    /* A begin inside the euro sign. */
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 7, 9), TP_NO_SPAN);
    m = tp__doc_end_stage(f->doc);
    assert_non_null(m);
    assert_non_null(strstr(m, "[7, 9)"));
    /* Proper boundaries are fine. */
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 1, 3), 0);
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 6, 9), 1);
    assert_null(tp__doc_end_stage(f->doc));
}

/* Spans after the first of a layer take a shorter path: it refuses the
 * same spans, and an out-of-order one still marks the layer for sorting. */
static void test_refusals_after_the_first_span(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "h\xC3\xA9llo\xE2\x82\xAC", 9);
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 0, 1), 0);
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 1, 3), 1);
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 3, 10), TP_NO_SPAN);
    assert_non_null(strstr(tp__doc_end_stage(f->doc), "outside"));
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 4, 3), TP_NO_SPAN);
    assert_non_null(strstr(tp__doc_end_stage(f->doc), "begins after"));
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 3, 7), TP_NO_SPAN);
    assert_non_null(strstr(tp__doc_end_stage(f->doc), "UTF-8"));
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 7, 9), TP_NO_SPAN);
    assert_non_null(strstr(tp__doc_end_stage(f->doc), "UTF-8"));
    /* more spans than the first allocation holds, in order */
    for (size_t i = 0; i < 40; i++) assert_int_equal(tp_doc_add_span(f->doc, f->token, 3 + i % 3, 6), 2 + i);
    assert_null(tp__doc_end_stage(f->doc));
    size_t n;
    const tp_span *sp = tp_doc_spans(f->doc, f->token, &n);
    assert_int_equal(n, 42);
    for (size_t i = 1; i < n; i++)
        assert_true(sp[i - 1].begin < sp[i].begin || (sp[i - 1].begin == sp[i].begin && sp[i - 1].end >= sp[i].end));
}

static void test_refuse_unknown_type(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abcdef", 6);
    assert_int_equal(tp_doc_add_span(f->doc, 0, 0, 1), TP_NO_SPAN);
    const char *m = tp__doc_end_stage(f->doc);
    assert_non_null(m);
    assert_non_null(strstr(m, "type"));
    assert_null(tp__doc_end_stage(f->doc));
    assert_int_equal(tp_doc_add_span(f->doc, 4, 0, 1), TP_NO_SPAN); /* max is 3 */
    m = tp__doc_end_stage(f->doc);
    assert_non_null(m);
    assert_non_null(strstr(m, "4"));
    assert_non_null(strstr(m, "type"));
    assert_null(tp__doc_end_stage(f->doc));
}

static void test_first_refusal_kept(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abcdef", 6);
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 0, 10), TP_NO_SPAN);
    /* Good spans still go in after a refusal. */
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 0, 1), 0);
    assert_int_equal(tp_doc_add_span(f->doc, 0, 0, 1), TP_NO_SPAN);
    const char *m = tp__doc_end_stage(f->doc);
    assert_non_null(m);
    assert_non_null(strstr(m, "[0, 10)"));
    assert_null(tp__doc_end_stage(f->doc));
    size_t n;
    tp_doc_spans(f->doc, f->token, &n);
    assert_int_equal(n, 1);
}

static void test_refuse_feature_on_missing_span(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abcdef", 6);
    tp_doc_add_span(f->doc, f->token, 0, 1);
    tp_span_set_int(f->doc, f->token, 5, f->n, 1);
    const char *m = tp__doc_end_stage(f->doc);
    assert_non_null(m);
    assert_non_null(strstr(m, "#5"));
    assert_null(tp__doc_end_stage(f->doc));
    /* On a layer that has no spans at all. */
    tp_span_set_bool(f->doc, f->sentence, 0, f->flag, 1);
    assert_non_null(tp__doc_end_stage(f->doc));
    /* A reference to a span that does not exist. */
    tp_span_set_ref(f->doc, f->token, 0, f->head, f->sentence, 0);
    m = tp__doc_end_stage(f->doc);
    assert_non_null(m);
    assert_non_null(strstr(m, "sentence"));
    /* An invalid UTF-8 string feature. */
    tp_span_set_str(f->doc, f->token, 0, f->label, "ab\xFF", 3);
    m = tp__doc_end_stage(f->doc);
    assert_non_null(m);
    assert_non_null(strstr(m, "byte 2"));
    size_t n;
    const tp_span *s = tp_doc_spans(f->doc, f->token, &n);
    assert_null(tp_span_get_str(&s[0], f->label, NULL));
}

/* Insertion order is kept during the stage; the stage end sorts stably. */
static void test_sort_order_and_stability(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "0123456789", 10);
    /* idx: 0:(5,8) 1:(0,3) 2:(0,5) 3:(5,8) 4:(3,5) 5:(0,5) 6:(5,5) */
    const uint32_t b[] = {5, 0, 0, 5, 3, 0, 5}, e[] = {8, 3, 5, 8, 5, 5, 5};
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(tp_doc_add_span(f->doc, f->token, b[i], e[i]), i);
        tp_span_set_int(f->doc, f->token, i, f->n, (int64_t)i);
    }
    /* Before the end of the stage: insertion order. */
    size_t n;
    const tp_span *s = tp_doc_spans(f->doc, f->token, &n);
    assert_int_equal(n, 7);
    for (size_t i = 0; i < 7; i++) {
        int64_t v = -1;
        assert_int_equal(s[i].begin, b[i]);
        assert_true(tp_span_get_int(&s[i], f->n, &v));
        assert_int_equal(v, (int64_t)i);
    }
    assert_null(tp__doc_end_stage(f->doc));
    /* Begin ascending; longer first; equal spans in insertion order:
     * (0,5)#2 (0,5)#5 (0,3)#1 (3,5)#4 (5,8)#0 (5,8)#3 (5,5)#6 */
    const int64_t order[] = {2, 5, 1, 4, 0, 3, 6};
    s = tp_doc_spans(f->doc, f->token, &n);
    assert_int_equal(n, 7);
    for (size_t k = 0; k < 7; k++) {
        int64_t v = -1;
        assert_true(tp_span_get_int(&s[k], f->n, &v));
        assert_int_equal(v, order[k]);
        assert_int_equal(s[k].begin, b[order[k]]);
        assert_int_equal(s[k].end, e[order[k]]);
    }
}

static void test_sorted_layer_untouched(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "0123456789", 10);
    /* Already in order (including equal spans and longer-first ties). */
    const uint32_t b[] = {0, 0, 0, 2, 2, 9}, e[] = {9, 4, 4, 3, 2, 10};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(tp_doc_add_span(f->doc, f->token, b[i], e[i]), i);
        tp_span_set_int(f->doc, f->token, i, f->n, (int64_t)i * 10);
    }
    assert_null(tp__doc_end_stage(f->doc));
    size_t n;
    const tp_span *s = tp_doc_spans(f->doc, f->token, &n);
    assert_int_equal(n, 6);
    for (size_t i = 0; i < 6; i++) {
        int64_t v;
        assert_int_equal(s[i].begin, b[i]);
        assert_int_equal(s[i].end, e[i]);
        assert_true(tp_span_get_int(&s[i], f->n, &v));
        assert_int_equal(v, (int64_t)i * 10);
    }
}

static void test_refs_remapped_by_sort(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "0123456789", 10);
    /* token idx: 0:(5,8) 1:(0,3) 2:(0,5) 3:(3,5) */
    tp_doc_add_span(f->doc, f->token, 5, 8);
    tp_doc_add_span(f->doc, f->token, 0, 3);
    tp_doc_add_span(f->doc, f->token, 0, 5);
    tp_doc_add_span(f->doc, f->token, 3, 5);
    for (size_t i = 0; i < 4; i++) tp_span_set_int(f->doc, f->token, i, f->n, (int64_t)i);
    /* link (in order) with references into token */
    tp_doc_add_span(f->doc, f->link, 0, 1);
    tp_doc_add_span(f->doc, f->link, 1, 2);
    tp_span_set_ref(f->doc, f->link, 0, f->head, f->token, 0);  /* (5,8) */
    tp_span_set_ref(f->doc, f->link, 1, f->head, f->token, 3);  /* (3,5) */
    tp_span_set_ref(f->doc, f->link, 1, f->other, f->token, 2); /* (0,5) */
    /* A reference inside the sorted layer itself: token#1 -> token#2. */
    tp_span_set_ref(f->doc, f->token, 1, f->head, f->token, 2);
    /* Before the stage ends, refs read back as given. */
    size_t n, idx;
    tp_type t;
    const tp_span *l = tp_doc_spans(f->doc, f->link, &n);
    assert_true(tp_span_get_ref(&l[0], f->head, &t, &idx));
    assert_int_equal(t, f->token);
    assert_int_equal(idx, 0);

    assert_null(tp__doc_end_stage(f->doc));
    /* token sorted: (0,5)#2 (0,3)#1 (3,5)#3 (5,8)#0 */
    const tp_span *tok = tp_doc_spans(f->doc, f->token, &n);
    assert_int_equal(n, 4);
    const int64_t order[] = {2, 1, 3, 0};
    for (size_t k = 0; k < 4; k++) {
        int64_t v;
        assert_true(tp_span_get_int(&tok[k], f->n, &v));
        assert_int_equal(v, order[k]);
    }
    /* Each reference still points at the span with the same original n. */
    struct {
        size_t link;
        tp_feat feat;
        int64_t target_n;
        size_t new_index;
    } cases[] = {{0, f->head, 0, 3}, {1, f->head, 3, 2}, {1, f->other, 2, 0}};
    l = tp_doc_spans(f->doc, f->link, &n);
    assert_int_equal(n, 2);
    for (size_t c = 0; c < 3; c++) {
        int64_t v;
        assert_true(tp_span_get_ref(&l[cases[c].link], cases[c].feat, &t, &idx));
        assert_int_equal(t, f->token);
        assert_int_equal(idx, cases[c].new_index);
        assert_true(tp_span_get_int(&tok[idx], f->n, &v));
        assert_int_equal(v, cases[c].target_n);
    }
    /* token with n=1 now sits at 1 and points at n=2, now at 0. */
    int64_t v;
    assert_true(tp_span_get_ref(&tok[1], f->head, &t, &idx));
    assert_int_equal(idx, 0);
    assert_true(tp_span_get_int(&tok[idx], f->n, &v));
    assert_int_equal(v, 2);
}

static void test_refs_remapped_across_stages(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "0123456789", 10);
    /* Stage 1: tokens in order and a link to the last one. */
    tp_doc_add_span(f->doc, f->token, 2, 4);
    tp_doc_add_span(f->doc, f->token, 6, 8);
    tp_span_set_int(f->doc, f->token, 0, f->n, 100);
    tp_span_set_int(f->doc, f->token, 1, f->n, 101);
    tp_doc_add_span(f->doc, f->link, 0, 10);
    tp_span_set_ref(f->doc, f->link, 0, f->head, f->token, 1);
    assert_null(tp__doc_end_stage(f->doc));
    /* Stage 2 adds an earlier token: the old reference must follow. */
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 0, 1), 2);
    tp_span_set_int(f->doc, f->token, 2, f->n, 102);
    assert_null(tp__doc_end_stage(f->doc));
    size_t n, idx;
    tp_type t;
    const tp_span *tok = tp_doc_spans(f->doc, f->token, &n);
    assert_int_equal(n, 3);
    assert_int_equal(tok[0].begin, 0);
    const tp_span *l = tp_doc_spans(f->doc, f->link, &n);
    assert_true(tp_span_get_ref(&l[0], f->head, &t, &idx));
    assert_int_equal(idx, 2);
    int64_t v;
    assert_true(tp_span_get_int(&tok[idx], f->n, &v));
    assert_int_equal(v, 101);
}

/* ---- features ----------------------------------------------------------- */

static void test_feature_kinds(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abcdef", 6);
    tp_doc_add_span(f->doc, f->token, 0, 3);
    tp_doc_add_span(f->doc, f->token, 3, 6);
    tp_span_set_int(f->doc, f->token, 0, f->n, INT64_MIN);
    tp_span_set_double(f->doc, f->token, 0, f->score, -0.125);
    tp_span_set_bool(f->doc, f->token, 0, f->flag, 42); /* any non-zero is true */
    tp_span_set_str(f->doc, f->token, 0, f->label, "caf\xC3\xA9", 5);
    tp_span_set_ref(f->doc, f->token, 0, f->head, f->token, 1);
    tp_span_set_int(f->doc, f->token, 1, f->n, INT64_MAX);
    tp_span_set_bool(f->doc, f->token, 1, f->flag, 0);
    assert_null(tp__doc_end_stage(f->doc));

    size_t n;
    const tp_span *s = tp_doc_spans(f->doc, f->token, &n);
    int64_t i = 0;
    double d = 0;
    int b = -1;
    size_t len = 0, idx = 0;
    tp_type t = 0;
    assert_true(tp_span_get_int(&s[0], f->n, &i));
    assert_true(i == INT64_MIN);
    assert_true(tp_span_get_double(&s[0], f->score, &d));
    assert_true(d == -0.125);
    assert_true(tp_span_get_bool(&s[0], f->flag, &b));
    assert_int_equal(b, 1);
    const char *str = tp_span_get_str(&s[0], f->label, &len);
    assert_non_null(str);
    assert_int_equal(len, 5);
    assert_memory_equal(str, "caf\xC3\xA9", 5);
    assert_non_null(tp_span_get_str(&s[0], f->label, NULL));
    assert_true(tp_span_get_ref(&s[0], f->head, &t, &idx));
    assert_int_equal(t, f->token);
    assert_int_equal(idx, 1);
    assert_true(tp_span_get_int(&s[1], f->n, &i));
    assert_true(i == INT64_MAX);
    b = -1;
    assert_true(tp_span_get_bool(&s[1], f->flag, &b));
    assert_int_equal(b, 0);
    /* Missing features. */
    i = 7;
    assert_false(tp_span_get_int(&s[1], f->score, &i));
    assert_int_equal(i, 7);
    assert_null(tp_span_get_str(&s[1], f->label, &len));
    assert_false(tp_span_get_ref(&s[1], f->head, &t, &idx));
}

static void test_wrong_kind_getters(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abcdef", 6);
    tp_doc_add_span(f->doc, f->token, 0, 3);
    tp_span_set_int(f->doc, f->token, 0, f->n, 5);
    tp_span_set_double(f->doc, f->token, 0, f->score, 2.5);
    tp_span_set_bool(f->doc, f->token, 0, f->flag, 1);
    tp_span_set_static_str(f->doc, f->token, 0, f->label, "x");
    tp_span_set_ref(f->doc, f->token, 0, f->head, f->token, 0);
    const tp_span *s = tp_doc_spans(f->doc, f->token, &(size_t){0});

    int64_t i = 99;
    double d = 99.0;
    int b = 99;
    tp_type t = 99;
    size_t idx = 99, len = 99;
    /* int getter on double, bool, str, ref */
    assert_false(tp_span_get_int(s, f->score, &i));
    assert_false(tp_span_get_int(s, f->flag, &i));
    assert_false(tp_span_get_int(s, f->label, &i));
    assert_false(tp_span_get_int(s, f->head, &i));
    assert_int_equal(i, 99);
    /* double getter on bool, str, ref */
    assert_false(tp_span_get_double(s, f->flag, &d));
    assert_false(tp_span_get_double(s, f->label, &d));
    assert_false(tp_span_get_double(s, f->head, &d));
    assert_true(d == 99.0);
    /* bool getter on int, double, str, ref */
    assert_false(tp_span_get_bool(s, f->n, &b));
    assert_false(tp_span_get_bool(s, f->score, &b));
    assert_false(tp_span_get_bool(s, f->label, &b));
    assert_false(tp_span_get_bool(s, f->head, &b));
    assert_int_equal(b, 99);
    /* str getter on the others */
    assert_null(tp_span_get_str(s, f->n, &len));
    assert_null(tp_span_get_str(s, f->score, &len));
    assert_null(tp_span_get_str(s, f->flag, &len));
    assert_null(tp_span_get_str(s, f->head, &len));
    assert_int_equal(len, 99);
    /* ref getter on the others */
    assert_false(tp_span_get_ref(s, f->n, &t, &idx));
    assert_false(tp_span_get_ref(s, f->label, &t, &idx));
    assert_int_equal(t, 99);
    assert_int_equal(idx, 99);
    /* get_double accepts an int. */
    assert_true(tp_span_get_double(s, f->n, &d));
    assert_true(d == 5.0);
}

static void test_replace_feature(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abcdef", 6);
    tp_doc_add_span(f->doc, f->token, 0, 3);
    tp_span_set_int(f->doc, f->token, 0, f->n, 1);
    tp_span_set_int(f->doc, f->token, 0, f->score, 2);
    tp_span_set_int(f->doc, f->token, 0, f->n, 3); /* replace same kind */
    tp_span_set_str(f->doc, f->token, 0, f->score, "long string", 11);
    tp_span_set_str(f->doc, f->token, 0, f->score, "ab", 2); /* shorter */
    const tp_span *s = tp_doc_spans(f->doc, f->token, &(size_t){0});
    assert_int_equal(s->nfeat_, 2);
    int64_t i;
    assert_true(tp_span_get_int(s, f->n, &i));
    assert_int_equal(i, 3);
    size_t len;
    const char *str = tp_span_get_str(s, f->score, &len);
    assert_non_null(str);
    assert_int_equal(len, 2);
    assert_memory_equal(str, "ab", 2);
    assert_false(tp_span_get_int(s, f->score, &i));
    /* Kind change str -> double */
    tp_span_set_double(f->doc, f->token, 0, f->score, 0.5);
    double d;
    assert_true(tp_span_get_double(s, f->score, &d));
    assert_true(d == 0.5);
    assert_null(tp_span_get_str(s, f->score, NULL));
    assert_null(tp__doc_end_stage(f->doc));
}

static void test_many_features_on_one_span(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abcdef", 6);
    tp__names feats;
    tp__names_init(&feats);
    tp_feat ids[40];
    char name[16];
    for (int k = 0; k < 40; k++) {
        snprintf(name, sizeof name, "f%d", k);
        ids[k] = tp__names_intern(&feats, name);
    }
    tp_doc_add_span(f->doc, f->token, 0, 6);
    for (int k = 0; k < 40; k++) tp_span_set_int(f->doc, f->token, 0, ids[k], k * 3);
    const tp_span *s = tp_doc_spans(f->doc, f->token, &(size_t){0});
    for (int k = 0; k < 40; k++) {
        int64_t v;
        assert_true(tp_span_get_int(s, ids[k], &v));
        assert_int_equal(v, k * 3);
    }
    assert_int_equal(s->nfeat_, 40);
    tp__names_free(&feats);
}

static void test_set_str_copies(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abcdef", 6);
    tp_doc_add_span(f->doc, f->token, 0, 3);
    char buf[16] = "hello";
    tp_span_set_str(f->doc, f->token, 0, f->label, buf, 5);
    memcpy(buf, "XXXXX", 5);
    const tp_span *s = tp_doc_spans(f->doc, f->token, &(size_t){0});
    size_t len;
    const char *got = tp_span_get_str(s, f->label, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(got, "hello", 5);
    assert_ptr_not_equal(got, buf);
    /* Copied strings are NUL-terminated and may be shorter than the buffer. */
    tp_span_set_str(f->doc, f->token, 0, f->other, "abcdef", 3);
    got = tp_span_get_str(s, f->other, &len);
    assert_int_equal(len, 3);
    assert_string_equal(got, "abc");
}

static void test_set_static_str_no_copy(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abcdef", 6);
    tp_doc_add_span(f->doc, f->token, 0, 3);
    static char label[] = "PERSON";
    tp_span_set_static_str(f->doc, f->token, 0, f->label, label);
    const tp_span *s = tp_doc_spans(f->doc, f->token, &(size_t){0});
    size_t len;
    const char *got = tp_span_get_str(s, f->label, &len);
    assert_ptr_equal(got, label);
    assert_int_equal(len, 6);
    label[0] = 'Q'; /* the feature sees the change: no copy */
    assert_string_equal(tp_span_get_str(s, f->label, NULL), "QERSON");
    label[0] = 'P';
}

/* ---- memory ------------------------------------------------------------ */

static void test_doc_alloc_alignment_and_reuse(void **state)
{
    fixture *f = *state;
    tp__doc_begin(f->doc);
    void *first = tp_doc_alloc(f->doc, 100);
    assert_non_null(first);
    assert_int_equal((uintptr_t)first % 16, 0);
    const size_t sizes[] = {1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4095, 1 << 20, 5};
    void *prev = first;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        unsigned char *p = tp_doc_alloc(f->doc, sizes[i]);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        assert_ptr_not_equal(p, prev);
        memset(p, 0xAB, sizes[i]); /* writable, whole size */
        prev = p;
    }
    /* After tp__doc_begin the memory is reused: the first allocation of the
     * next document lands where the previous first one did. */
    tp__doc_begin(f->doc);
    void *again = tp_doc_alloc(f->doc, 100);
    assert_ptr_equal(again, first);
    tp__doc_begin(f->doc);
    assert_ptr_equal(tp_doc_alloc(f->doc, 64), first);
}

static void test_begin_clears_document(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d1", "abcdef", 6);
    tp_doc_add_span(f->doc, f->token, 3, 6);
    tp_doc_add_span(f->doc, f->token, 0, 3); /* leaves the layer unsorted */
    tp_doc_add_span(f->doc, f->sentence, 0, 6);
    tp__doc_add_meta(f->doc, "k", "\"v\"", 3);
    tp_doc_add_span(f->doc, f->token, 0, 99); /* a pending refusal */
    tp__doc_begin(f->doc);
    size_t n = 5, len = 5;
    assert_null(tp_doc_spans(f->doc, f->token, &n));
    assert_int_equal(n, 0);
    assert_null(tp_doc_spans(f->doc, f->sentence, &n));
    assert_null(tp_doc_meta_str(f->doc, "k", NULL));
    assert_string_equal(tp_doc_id(f->doc), "");
    tp_doc_text(f->doc, &len);
    assert_int_equal(len, 0);
    assert_null(tp__doc_end_stage(f->doc));
    /* And the next document works normally. */
    set_ok(f->doc, "d2", "xyz", 3);
    assert_int_equal(tp_doc_add_span(f->doc, f->token, 1, 2), 0);
    assert_null(tp__doc_end_stage(f->doc));
    const tp_span *s = tp_doc_spans(f->doc, f->token, &n);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].begin, 1);
    assert_int_equal(s[0].nfeat_, 0);
}

static void test_many_spans(void **state)
{
    fixture *f = *state;
    const size_t N = 100000;
    char *text = tp_doc_alloc(f->doc, N + 1);
    memset(text, 'a', N);
    text[N] = '\0';
    set_ok(f->doc, "big", text, N);
    for (size_t i = 0; i < N; i++) {
        /* token in order, sentence in reverse order */
        assert_int_equal(tp_doc_add_span(f->doc, f->token, i, i + 1), i);
        size_t b = N - 1 - i;
        assert_int_equal(tp_doc_add_span(f->doc, f->sentence, b, b + 1), i);
        tp_span_set_int(f->doc, f->sentence, i, f->n, (int64_t)b);
        if (i % 1000 == 0)
            tp_span_set_ref(f->doc, f->sentence, i, f->head, f->token, i);
    }
    assert_null(tp__doc_end_stage(f->doc));
    size_t n;
    const tp_span *tok = tp_doc_spans(f->doc, f->token, &n);
    assert_int_equal(n, N);
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(tok[i].begin, i);
        assert_int_equal(tok[i].end, i + 1);
    }
    const tp_span *sen = tp_doc_spans(f->doc, f->sentence, &n);
    assert_int_equal(n, N);
    for (size_t k = 0; k < N; k++) {
        int64_t v;
        assert_int_equal(sen[k].begin, k);
        assert_true(tp_span_get_int(&sen[k], f->n, &v));
        assert_int_equal(v, (int64_t)k);
    }
    /* The references were set on sentence spans added as i (begin N-1-i)
     * pointing at token i; they moved with their spans. */
    for (size_t i = 0; i < N; i += 1000) {
        size_t k = N - 1 - i, idx;
        tp_type t;
        assert_true(tp_span_get_ref(&sen[k], f->head, &t, &idx));
        assert_int_equal(t, f->token);
        assert_int_equal(idx, i);
    }
}

/* ---- meta ---------------------------------------------------------------- */

static void test_meta_str(void **state)
{
    fixture *f = *state;
    set_ok(f->doc, "d", "abc", 3);
    const char *title = "\"Caf\\u00e9 \\\"x\\\"\\n\\\\ \\ud83d\\ude00\"";
    tp__doc_add_meta(f->doc, "title", title, strlen(title));
    tp__doc_add_meta(f->doc, "count", "42", 2);
    tp__doc_add_meta(f->doc, "obj", "{\"a\":\"b\"}", 9);
    tp__doc_add_meta(f->doc, "empty", "\"\"", 2);
    tp__doc_add_meta(f->doc, "nul", "\"a\\u0000b\"", 10);
    for (int k = 0; k < 20; k++) /* grow the meta array */
        tp__doc_add_meta(f->doc, "pad", "null", 4);
    tp__doc_add_meta(f->doc, "last", "\"L\"", 3);

    size_t len = 0;
    const char *v = tp_doc_meta_str(f->doc, "title", &len);
    const char *want = "Caf\xC3\xA9 \"x\"\n\\ \xF0\x9F\x98\x80";
    assert_non_null(v);
    assert_int_equal(len, strlen(want));
    assert_string_equal(v, want);
    assert_non_null(tp_doc_meta_str(f->doc, "title", NULL));

    len = 77;
    assert_null(tp_doc_meta_str(f->doc, "count", &len));
    assert_null(tp_doc_meta_str(f->doc, "obj", &len));
    assert_null(tp_doc_meta_str(f->doc, "pad", &len));
    assert_null(tp_doc_meta_str(f->doc, "missing", &len));
    assert_int_equal(len, 77);
    v = tp_doc_meta_str(f->doc, "empty", &len);
    assert_non_null(v);
    assert_int_equal(len, 0);
    assert_string_equal(v, "");
    v = tp_doc_meta_str(f->doc, "nul", &len);
    assert_non_null(v);
    assert_int_equal(len, 3);
    assert_memory_equal(v, "a\0b", 3);
    v = tp_doc_meta_str(f->doc, "last", &len);
    assert_non_null(v);
    assert_string_equal(v, "L");
    assert_int_equal(f->doc->nmeta, 26);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_names_intern),
        T(test_set_valid),
        T(test_set_invalid_utf8),
        T(test_set_nul),
        T(test_set_bad_id),
        T(test_set_too_large),
        T(test_add_and_read_spans),
        T(test_empty_layer_iteration),
        T(test_refuse_outside_text),
        T(test_refuse_begin_after_end),
        T(test_refuse_split_utf8),
        T(test_refusals_after_the_first_span),
        T(test_refuse_unknown_type),
        T(test_first_refusal_kept),
        T(test_refuse_feature_on_missing_span),
        T(test_sort_order_and_stability),
        T(test_sorted_layer_untouched),
        T(test_refs_remapped_by_sort),
        T(test_refs_remapped_across_stages),
        T(test_feature_kinds),
        T(test_wrong_kind_getters),
        T(test_replace_feature),
        T(test_many_features_on_one_span),
        T(test_set_str_copies),
        T(test_set_static_str_no_copy),
        T(test_doc_alloc_alignment_and_reuse),
        T(test_begin_clears_document),
        T(test_many_spans),
        T(test_meta_str),
    };
#undef T
    return cmocka_run_group_tests_name("doc", tests, NULL, NULL);
}
