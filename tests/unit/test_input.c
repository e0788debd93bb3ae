/*
 * test_input.c - the command's input readers (core/cli/input.c) over real
 * files: a text file is one document named after it, a folder is its *.txt
 * files in name order (subfolders with --recursive), JSON Lines files take
 * their fields from the names given, and what cannot be read becomes an
 * error item in its place.  Streams (framing, BOMs, long lines) are
 * test_runner_parts.c's.
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "input.h"

#define MAX_ITEMS 16

typedef struct got {
    int n;
    char id[MAX_ITEMS][64];
    char text[MAX_ITEMS][64]; /* the text, or the error code */
    int is_error[MAX_ITEMS];
} got;

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s", "/tmp/textpipe-test-input.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Writes `text` to DIR/name (folders on the way made); returns the path
 * (static: valid until the next call). */
static const char *put(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    for (char *s = strchr(path + strlen(dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        mkdir(path, 0700);
        *s = '/';
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static const char *at(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void read_paths(const char *const *paths, size_t n, const tp__input_opts *o, got *g)
{
    tp__input *in = tp__input_open(paths, n, o);
    tp__arena a;
    tp__arena_init(&a, 4096);
    memset(g, 0, sizeof *g);
    tp__item it;
    int rc;
    while ((rc = tp__input_next(in, &a, &it)) == TP__INPUT_ITEM) {
        assert_true(g->n < MAX_ITEMS);
        snprintf(g->id[g->n], sizeof g->id[0], "%.*s", (int)it.id_len, it.id);
        if (it.is_error)
            snprintf(g->text[g->n], sizeof g->text[0], "%s", it.code);
        else
            snprintf(g->text[g->n], sizeof g->text[0], "%.*s", (int)it.len, it.text);
        g->is_error[g->n++] = it.is_error;
        tp__arena_reset(&a);
    }
    assert_int_equal(rc, TP__INPUT_END);
    tp__arena_free(&a);
    tp__input_close(in);
}

static void test_text_file_is_one_document(void **state)
{
    (void)state;
    const char *p = put("first-story.txt", "\xEF\xBB\xBFTokyo, March 4\n");
    tp__input_opts o = {.max_doc_bytes = 1000};
    got g;
    read_paths(&p, 1, &o, &g);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.id[0], "first-story");
    /* The byte order mark is not text. */
    assert_string_equal(g.text[0], "Tokyo, March 4\n");
}

static void test_folder_in_name_order(void **state)
{
    (void)state;
    put("news/b.txt", "two");
    put("news/a.txt", "one");
    put("news/notes.md", "not an article");
    put("news/old/c.txt", "three");
    const char *p = at("news");
    tp__input_opts o = {.max_doc_bytes = 1000};
    got g;
    read_paths(&p, 1, &o, &g);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.id[0], "a");
    assert_string_equal(g.text[0], "one");
    assert_string_equal(g.id[1], "b");
    /* --recursive: the subfolder's files too. */
    o.recursive = true;
    read_paths(&p, 1, &o, &g);
    assert_int_equal(g.n, 3);
    int seen_c = 0;
    for (int i = 0; i < g.n; i++) seen_c += strcmp(g.id[i], "c") == 0 && strcmp(g.text[i], "three") == 0;
    assert_int_equal(seen_c, 1);
}

static void test_problems_become_error_items_in_place(void **state)
{
    (void)state;
    char big[64];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    const char *paths[3];
    paths[0] = strdup(put("small.txt", "fine"));
    paths[1] = strdup(put("big.txt", big));
    paths[2] = strdup(at("missing.txt"));
    tp__input_opts o = {.max_doc_bytes = 32};
    got g;
    read_paths(paths, 3, &o, &g);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.is_error[0], 0);
    assert_string_equal(g.text[0], "fine");
    assert_int_equal(g.is_error[1], 1);
    assert_string_equal(g.id[1], "big");
    assert_string_equal(g.text[1], "too_large");
    assert_int_equal(g.is_error[2], 1);
    assert_string_equal(g.id[2], "missing");
    assert_string_equal(g.text[2], "cannot_read");
    for (int i = 0; i < 3; i++) free((char *)paths[i]);
}

static void test_jsonl_fields_by_name(void **state)
{
    (void)state;
    const char *p = put("feed.jsonl", "{\"guid\":\"n1\",\"body\":\"Alpha\",\"id\":\"ignored\"}\n"
                                      "{\"guid\":\"n2\",\"body\":\"Beta\"}\n");
    tp__input_opts o = {.max_doc_bytes = 1000, .fields = {.id = "guid", .text = "body"}};
    got g;
    read_paths(&p, 1, &o, &g);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.id[0], "n1");
    assert_string_equal(g.text[0], "Alpha");
    assert_string_equal(g.id[1], "n2");
    assert_string_equal(g.text[1], "Beta");
    /* The same file read as text (--input text) is one document. */
    o.format = TP__FMT_TEXT;
    read_paths(&p, 1, &o, &g);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.id[0], "feed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_file_is_one_document),
        cmocka_unit_test(test_folder_in_name_order),
        cmocka_unit_test(test_problems_become_error_items_in_place),
        cmocka_unit_test(test_jsonl_fields_by_name),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
