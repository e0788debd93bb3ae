/* test_diag.c - unit tests of core/diag.h: the one shape of a diagnostic
 * line, the collection's order and text, did-you-mean. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "diag.h"

/* The line tp__diag_format() makes for `w` and `sev`. */
static char *line_of(const tp__where *w, tp__severity sev, const char *msg)
{
    tp__buf b = {0};
    tp__diag_format(&b, w, sev, "%s", msg);
    tp__buf_putc(&b, '\0');
    return b.data;
}

static void expect_line(const tp__where *w, tp__severity sev, const char *msg, const char *want)
{
    char *got = line_of(w, sev, msg);
    if (strcmp(got, want) != 0)
        print_error("got  \"%s\"\nwant \"%s\"\n", got, want);
    assert_string_equal(got, want);
    free(got);
}

static void test_format_shapes(void **state)
{
    (void)state;
    expect_line(&(tp__where){.file = "news.cfg", .line = 7}, TP__ERROR, "bad", "news.cfg:7: error: bad\n");
    expect_line(&(tp__where){.file = "news.cfg"}, TP__ERROR, "bad", "news.cfg: error: bad\n");
    /* A command-line argument stands where a file would. */
    expect_line(&(tp__where){.file = "--set a.b=1"}, TP__ERROR, "bad", "--set a.b=1: error: bad\n");
    expect_line(NULL, TP__ERROR, "bad", "textpipe: error: bad\n");
    expect_line(&(tp__where){0}, TP__WARNING, "hm", "textpipe: warning: hm\n");
    /* A line without a file is the program's: the line is not shown. */
    expect_line(&(tp__where){.line = 3}, TP__ERROR, "bad", "textpipe: error: bad\n");
    /* What plugins log: their stage, and the document when there is one. */
    expect_line(&(tp__where){.stage = "money"}, TP__INFO, "rates loaded", "textpipe: money: info: rates loaded\n");
    expect_line(&(tp__where){.stage = "money", .doc = "a1"}, TP__DEBUG, "x",
                "textpipe: money: document a1: debug: x\n");
    expect_line(&(tp__where){.file = "f.jsonl", .line = 2, .doc = "d"}, TP__ERROR, "m",
                "f.jsonl:2: document d: error: m\n");
}

static void test_format_appends_and_formats(void **state)
{
    (void)state;
    tp__buf b = {0};
    tp__buf_puts(&b, "before\n");
    tp__diag_format(&b, NULL, TP__ERROR, "%d of %s", 3, "these");
    /* Longer than any stack buffer a formatter might use. */
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    tp__diag_format(&b, &(tp__where){.file = "f"}, TP__WARNING, "%s", big);
    tp__buf_putc(&b, '\0');
    assert_memory_equal(b.data, "before\ntextpipe: error: 3 of these\nf: warning: xxx", 50);
    assert_int_equal(strlen(b.data), 7 + 28 + 12 + 599 + 1);
    tp__buf_free(&b);
}

static char *printed(void (*fn)(FILE *, const void *), const void *arg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    assert_non_null(m);
    fn(m, arg);
    fclose(m);
    return text;
}

static void print_diags(FILE *out, const void *arg) { tp__diags_print(arg, out); }

static void print_one(FILE *out, const void *arg) { tp__diag_print(out, arg, TP__ERROR, "one %s", "line"); }

static void test_print_one(void **state)
{
    (void)state;
    char *got = printed(print_one, &(tp__where){.file = "x.cfg", .line = 2});
    assert_string_equal(got, "x.cfg:2: error: one line\n");
    free(got);
}

/* Reading order: files in the order they first appear, each by line; the
 * program's errors are a "file" of their own. */
static void test_diags_order_and_text(void **state)
{
    (void)state;
    tp__diags d = {0};
    tp__diags_add(&d, "b.cfg", 9, "b9");
    tp__diags_add(&d, "a.cfg", 2, "a2");
    tp__diags_add(&d, NULL, 0, "program");
    tp__diags_add(&d, "b.cfg", 1, "b1");
    tp__diags_add(&d, "a.cfg", 2, "a2 again");
    tp__diags_add(&d, "--set x.y=1", 0, "set");
    const char *want = "b.cfg:1: error: b1\n"
                       "b.cfg:9: error: b9\n"
                       "a.cfg:2: error: a2\n"
                       "a.cfg:2: error: a2 again\n"
                       "textpipe: error: program\n"
                       "--set x.y=1: error: set\n";
    char *text = tp__diags_text(&d);
    assert_string_equal(text, want);
    free(text);
    char *out = printed(print_diags, &d);
    assert_string_equal(out, want);
    free(out);
    tp__diags_free(&d);
    assert_int_equal(d.count, 0);
    assert_null(d.items);
    /* Nothing to say: an empty string, never NULL. */
    text = tp__diags_text(&d);
    assert_string_equal(text, "");
    free(text);
}

static void test_did_you_mean(void **state)
{
    (void)state;
    const char *const words[] = {"sentences", "currency", "summary"};
    char buf[TP__DID_YOU_MEAN_SIZE];
    assert_string_equal(tp__did_you_mean(buf, sizeof buf, "curency", words, 3), " (did you mean \"currency\"?)");
    assert_ptr_equal(tp__did_you_mean(buf, sizeof buf, "zzz", words, 3), buf);
    assert_string_equal(buf, "");
    assert_string_equal(tp__did_you_mean(buf, sizeof buf, "summary", words, 0), "");
    /* The longest name ever suggested fits. */
    char name[65];
    memset(name, 'n', 64);
    name[64] = '\0';
    const char *const one[] = {name};
    char typo[65];
    memcpy(typo, name, sizeof typo);
    typo[0] = 'm';
    tp__did_you_mean(buf, sizeof buf, typo, one, 1);
    assert_int_equal(strlen(buf), strlen(" (did you mean \"\"?)") + 64);
    /* A short buffer truncates, still terminated. */
    char small[8];
    tp__did_you_mean(small, sizeof small, "curency", words, 3);
    assert_int_equal(strlen(small), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_shapes), cmocka_unit_test(test_format_appends_and_formats),
        cmocka_unit_test(test_print_one),     cmocka_unit_test(test_diags_order_and_text),
        cmocka_unit_test(test_did_you_mean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
