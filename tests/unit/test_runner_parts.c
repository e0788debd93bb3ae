/* test_runner_parts.c - unit tests of the batch runner's pieces: wire.h
 * (framing, any split of the byte stream, broken frames), idset.h (forced
 * hash collisions), resume.h (journal recovery cut at every byte, --pretty
 * records, contradictions, matching by id) and input.h (framing: CR, BOM,
 * blank lines, over-long lines, a last line without newline). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "buf.h"
#include "idset.h"
#include "input.h"
#include "resume.h"
#include "wire.h"

/* ---- wire ------------------------------------------------------------------ */

static void build_frames(tp__buf *b)
{
    tp__json_member meta[2] = {{"source", "\"wire\"", 6}, {"n", "[1,2]", 5}};
    tp__wire_put_request(b, "doc-1", "Hello, world.", 13, meta, 2);
    tp__wire_put_request(b, "d2", "", 0, NULL, 0);
}

/* Feeds the stream in pieces of `step` bytes; checks both frames. */
static void feed_in_steps(const tp__buf *b, size_t step)
{
    tp__wire_reader r = {.is_request = true};
    size_t at = 0;
    int frames = 0;
    while (at < b->len) {
        size_t n = b->len - at < step ? b->len - at : step;
        size_t used;
        int rc = tp__wire_feed(&r, b->data + at, n, &used);
        at += used;
        assert_true(rc == TP__WIRE_FRAME || rc == TP__WIRE_AGAIN);
        if (rc != TP__WIRE_FRAME)
            continue;
        tp__wire_request q;
        assert_int_equal(tp__wire_parse_request(&r, &q), 0);
        if (frames == 0) {
            assert_int_equal(q.id_len, 5);
            assert_memory_equal(q.id, "doc-1", 5);
            assert_int_equal(q.text_len, 13);
            assert_memory_equal(q.text, "Hello, world.", 13);
            size_t m = 0;
            const char *k, *v;
            size_t kl, vl;
            assert_int_equal(tp__wire_next_meta(&q, &m, &k, &kl, &v, &vl), 1);
            assert_memory_equal(k, "source", kl);
            assert_memory_equal(v, "\"wire\"", vl);
            assert_int_equal(tp__wire_next_meta(&q, &m, &k, &kl, &v, &vl), 1);
            assert_memory_equal(v, "[1,2]", vl);
            assert_int_equal(tp__wire_next_meta(&q, &m, &k, &kl, &v, &vl), 0);
        } else {
            assert_int_equal(q.id_len, 2);
            assert_int_equal(q.text_len, 0);
        }
        frames++;
    }
    assert_int_equal(frames, 2);
    tp__wire_reader_free(&r);
}

static void test_wire_any_split(void **state)
{
    (void)state;
    tp__buf b = {0};
    build_frames(&b);
    for (size_t step = 1; step <= b.len; step++) feed_in_steps(&b, step);
    tp__buf_free(&b);
}

/* textpipe serve's route: which pipeline, which offsets unit; a plain
 * request (the batch runner's) carries pipeline 0 and "the worker's own". */
static void test_wire_route(void **state)
{
    (void)state;
    tp__buf b = {0};
    tp__wire_route route = {7, 2};
    tp__wire_put_routed_request(&b, &route, "r", "text", 4, NULL, 0);
    tp__wire_put_request(&b, "p", "", 0, NULL, 0);
    tp__wire_reader r = {.is_request = true};
    size_t used, at = 0;
    assert_int_equal(tp__wire_feed(&r, b.data, b.len, &used), TP__WIRE_FRAME);
    at += used;
    tp__wire_request q;
    assert_int_equal(tp__wire_parse_request(&r, &q), 0);
    assert_int_equal(q.route.pipeline, 7);
    assert_int_equal(q.route.offsets, 2);
    assert_memory_equal(q.text, "text", 4);
    assert_int_equal(tp__wire_feed(&r, b.data + at, b.len - at, &used), TP__WIRE_FRAME);
    assert_int_equal(tp__wire_parse_request(&r, &q), 0);
    assert_int_equal(q.route.pipeline, 0);
    assert_int_equal(q.route.offsets, -1);
    tp__wire_reader_free(&r);
    tp__buf_free(&b);
}

static void test_wire_through_a_pipe(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    tp__buf b = {0};
    tp__wire_put_answer(&b, TP__ANSWER_RECORD, "{\"id\":\"a\"}\n", 11);
    tp__wire_put_answer(&b, TP__ANSWER_ERROR, "{\"id\":\"b\"}\n", 11);
    /* Half of the first frame: a non-final read says AGAIN... */
    assert_int_equal(write(fds[1], b.data, 10), 10);
    tp__wire_reader r = {0};
    int fl = fcntl(fds[0], F_GETFL);
    fcntl(fds[0], F_SETFL, fl | O_NONBLOCK);
    assert_int_equal(tp__wire_read(&r, fds[0]), TP__WIRE_AGAIN);
    assert_int_equal(tp__wire_pending(&r), 10);
    /* ... the rest completes it without touching the second frame. */
    assert_int_equal(write(fds[1], b.data + 10, b.len - 10), (ssize_t)(b.len - 10));
    assert_int_equal(tp__wire_read(&r, fds[0]), TP__WIRE_FRAME);
    assert_int_equal(r.kind, TP__ANSWER_RECORD);
    assert_int_equal(tp__wire_read(&r, fds[0]), TP__WIRE_FRAME);
    assert_int_equal(r.kind, TP__ANSWER_ERROR);
    assert_memory_equal(r.payload, "{\"id\":\"b\"}\n", 11);
    assert_int_equal(tp__wire_read(&r, fds[0]), TP__WIRE_AGAIN);
    /* End of file between frames, then inside one. */
    close(fds[1]);
    assert_int_equal(tp__wire_read(&r, fds[0]), TP__WIRE_EOF);
    close(fds[0]);
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], b.data, 20), 20);
    close(fds[1]);
    tp__wire_reader_reset(&r);
    assert_int_equal(tp__wire_read(&r, fds[0]), TP__WIRE_BROKEN);
    close(fds[0]);
    tp__wire_reader_free(&r);
    tp__buf_free(&b);
}

static void test_wire_broken_frames(void **state)
{
    (void)state;
    tp__buf b = {0};
    tp__wire_put_answer(&b, TP__ANSWER_RECORD, "x", 1);
    tp__wire_reader r = {0};
    size_t used;
    b.data[0] ^= 1; /* wrong magic */
    assert_int_equal(tp__wire_feed(&r, b.data, b.len, &used), TP__WIRE_BROKEN);
    tp__wire_reader_reset(&r);
    b.data[0] ^= 1;
    uint64_t huge = UINT64_MAX; /* an absurd length */
    memcpy(b.data + 8, &huge, 8);
    assert_int_equal(tp__wire_feed(&r, b.data, b.len, &used), TP__WIRE_BROKEN);
    tp__wire_reader_free(&r);
    /* A request whose meta does not add up. */
    tp__buf q = {0};
    tp__json_member meta[1] = {{"k", "1", 1}};
    tp__wire_put_request(&q, "i", "t", 1, meta, 1);
    uint32_t wrong = 99; /* the value's length, just before its one byte */
    memcpy(q.data + q.len - 1 - 4, &wrong, 4);
    tp__wire_reader rq = {.is_request = true};
    assert_int_equal(tp__wire_feed(&rq, q.data, q.len, &used), TP__WIRE_FRAME);
    tp__wire_request req;
    assert_int_equal(tp__wire_parse_request(&rq, &req), 0);
    size_t m = 0;
    const char *k, *v;
    size_t kl, vl;
    assert_int_equal(tp__wire_next_meta(&req, &m, &k, &kl, &v, &vl), -1);
    tp__wire_reader_free(&rq);
    tp__buf_free(&q);
    tp__buf_free(&b);
}

/* ---- idset ------------------------------------------------------------------ */

static void test_idset_collisions_are_told_apart(void **state)
{
    (void)state;
    tp__idset *s = tp__idset_new();
    /* Every id gets the same hash: only the bytes can tell them apart. */
    assert_int_equal(tp__idset_add_hashed(s, "alpha", 5, 42, 1), 0);
    assert_int_equal(tp__idset_add_hashed(s, "beta", 4, 42, 2), 0);
    assert_int_equal(tp__idset_add_hashed(s, "alph", 4, 42, 3), 0);
    assert_int_equal(tp__idset_add_hashed(s, "beta", 4, 42, 4), 2);
    assert_int_equal(tp__idset_add_hashed(s, "alpha", 5, 42, 5), 1);
    /* Ids with NUL and high bytes are compared whole. */
    assert_int_equal(tp__idset_add(s, "a\0b", 3, 6), 0);
    assert_int_equal(tp__idset_add(s, "a\0c", 3, 7), 0);
    assert_int_equal(tp__idset_add(s, "a\0b", 3, 8), 6);
    assert_int_equal(tp__idset_count(s), 5);
    tp__idset_free(s);
}

static void test_idset_grows(void **state)
{
    (void)state;
    tp__idset *s = tp__idset_new();
    char id[32];
    for (int i = 1; i <= 20000; i++) {
        int n = snprintf(id, sizeof id, "id-%d", i);
        assert_int_equal(tp__idset_add(s, id, (size_t)n, (uint64_t)i), 0);
    }
    for (int i = 1; i <= 20000; i += 997) {
        int n = snprintf(id, sizeof id, "id-%d", i);
        assert_int_equal(tp__idset_add(s, id, (size_t)n, 99999), (uint64_t)i);
    }
    tp__idset_free(s);
}

/* ---- resume ----------------------------------------------------------------- */

/* A part file and its journal: records for ordinals 1, 3 (pretty, two
 * lines) and 2, in that order, as an unordered run writes them. */
static void build_part(tp__buf *part, tp__buf *journal)
{
    const char *recs[3] = {"{\"id\":\"one\",\"text\":\"1\"}\n",
                           "{\n\t\"id\":\t\"thr\\u00e9e\",\n\t\"error\":\t{}\n}\n",
                           "{\"id\":\"two\",\"note\":\"}{\\\"\"}\n"};
    uint64_t ords[3] = {1, 3, 2};
    for (int i = 0; i < 3; i++) {
        tp__buf_puts(part, recs[i]);
        char line[TP__JOURNAL_LINE_MAX];
        tp__buf_append(journal, line, tp__journal_line(line, ords[i], part->len));
    }
}

static void test_resume_every_cut(void **state)
{
    (void)state;
    tp__buf part = {0}, journal = {0};
    build_part(&part, &journal);
    char err[256];
    /* Cut the part at every byte, with the whole journal (written first). */
    for (size_t cut = 0; cut <= part.len; cut++) {
        tp__done *d = tp__done_new();
        size_t pk, jk;
        assert_int_equal(
            tp__resume_recover_mem(d, part.data, cut, journal.data, journal.len, &pk, &jk, "p", err, sizeof err), 0);
        assert_true(pk <= cut);
        assert_true(pk == 0 || part.data[pk - 1] == '\n');
        size_t n = tp__done_count(d);
        /* What is kept is whole records, and the journal kept matches. */
        if (cut < 24)
            assert_int_equal(n, 0);
        if (cut == part.len)
            assert_int_equal(n, 3);
        if (n >= 1)
            assert_int_equal(tp__done_check(d, 1, "one", 3), TP__DONE_YES);
        if (n >= 2)
            assert_int_equal(tp__done_check(d, 3,
                                            "thr\xc3\xa9"
                                            "e",
                                            6),
                             TP__DONE_YES);
        if (n == 3)
            assert_int_equal(tp__done_check(d, 2, "two", 3), TP__DONE_YES);
        else
            assert_int_equal(tp__done_check(d, 2, "two", 3), TP__DONE_NO);
        tp__done_free(d);
    }
    /* Cut the journal at every byte, with the whole part. */
    for (size_t cut = 0; cut <= journal.len; cut++) {
        tp__done *d = tp__done_new();
        size_t pk, jk;
        assert_int_equal(
            tp__resume_recover_mem(d, part.data, part.len, journal.data, cut, &pk, &jk, "p", err, sizeof err), 0);
        assert_true(jk <= cut);
        assert_true(jk == 0 || journal.data[jk - 1] == '\n');
        tp__done_free(d);
    }
    tp__buf_free(&part);
    tp__buf_free(&journal);
}

static void test_resume_mismatch_and_contradictions(void **state)
{
    (void)state;
    tp__buf part = {0}, journal = {0};
    build_part(&part, &journal);
    char err[256];
    size_t pk, jk;
    tp__done *d = tp__done_new();
    assert_int_equal(
        tp__resume_recover_mem(d, part.data, part.len, journal.data, journal.len, &pk, &jk, "p", err, sizeof err), 0);
    /* The input has another id at ordinal 1: not the same input. */
    assert_int_equal(tp__done_check(d, 1, "other", 5), TP__DONE_MISMATCH);
    assert_string_equal(tp__done_id(d, 1), "one");
    tp__done_free(d);
    /* A journal that names bytes which are not a record. */
    d = tp__done_new();
    const char *bad = "1 10\n";
    assert_int_equal(
        tp__resume_recover_mem(d, part.data, part.len, bad, strlen(bad), &pk, &jk, "p", err, sizeof err), -1);
    assert_non_null(strstr(err, "are not the record"));
    tp__done_free(d);
    /* Ends that go backwards, and the same ordinal twice. */
    d = tp__done_new();
    const char *back = "1 24\n2 20\n";
    assert_int_equal(
        tp__resume_recover_mem(d, part.data, part.len, back, strlen(back), &pk, &jk, "p", err, sizeof err), -1);
    tp__done_free(d);
    tp__buf twice = {0}, tj = {0};
    tp__buf_puts(&twice, "{\"id\":\"a\"}\n{\"id\":\"a\"}\n");
    tp__buf_puts(&tj, "5 11\n5 22\n");
    d = tp__done_new();
    assert_int_equal(
        tp__resume_recover_mem(d, twice.data, twice.len, tj.data, tj.len, &pk, &jk, "p", err, sizeof err), -1);
    assert_non_null(strstr(err, "two records"));
    tp__done_free(d);
    tp__buf_free(&twice);
    tp__buf_free(&tj);
    tp__buf_free(&part);
    tp__buf_free(&journal);
}

static void test_resume_by_id_counts_copies(void **state)
{
    (void)state;
    /* Without a journal: each record accounts for one input item with its
     * id, so a duplicate whose error record was not written is redone; an
     * id that was not UTF-8 matches its repaired form; a cut last record
     * does not count. */
    const char *data = "{\"id\":\"a\",\"x\":1}\n{\"id\":\"b\\ufffd\"}\n{\"id\":\"a\",\"error\":{}}\n{\"id\":\"c\"";
    tp__done *d = tp__done_new();
    size_t keep;
    assert_int_equal(tp__resume_recover_ids_mem(d, data, strlen(data), &keep), 0);
    assert_int_equal(keep, strlen(data) - strlen("{\"id\":\"c\""));
    assert_true(tp__done_by_id(d));
    assert_int_equal(tp__done_check(d, 1, "a", 1), TP__DONE_YES);
    assert_int_equal(tp__done_check(d, 2, "b\xff", 2), TP__DONE_YES);
    assert_int_equal(tp__done_check(d, 3, "a", 1), TP__DONE_YES);
    assert_int_equal(tp__done_check(d, 4, "a", 1), TP__DONE_NO);
    assert_int_equal(tp__done_check(d, 5, "c", 1), TP__DONE_NO);
    tp__done_free(d);
}

static void test_record_id(void **state)
{
    (void)state;
    char *id;
    size_t n;
    assert_int_equal(tp__record_id(" {\n  \"id\" : \"x\\\"y\", \"z\":1}", 26, &id, &n), 0);
    assert_int_equal(n, 3);
    assert_memory_equal(id, "x\"y", 3);
    free(id);
    assert_int_equal(tp__record_id("{\"text\":\"a\",\"id\":\"b\"}", 21, &id, &n), -1);
    assert_int_equal(tp__record_id("{\"id\":\"unterminated", 19, &id, &n), -1);
}

/* ---- input framing -------------------------------------------------------------- */

typedef struct got {
    int items, errors;
    char ids[16][64];
    char codes[16][32];
} got;

static void read_all(const char *data, size_t len, size_t max_doc, got *g)
{
    tp__input_opts o = {.format = TP__FMT_JSONL, .max_doc_bytes = max_doc};
    tp__input *in = tp__input_open_mem(data, len, "mem", &o);
    tp__arena a;
    tp__arena_init(&a, 4096);
    memset(g, 0, sizeof *g);
    tp__item it;
    int rc;
    while ((rc = tp__input_next(in, &a, &it)) == TP__INPUT_ITEM) {
        assert_true(g->items < 16);
        snprintf(g->ids[g->items], sizeof g->ids[0], "%s", it.id);
        snprintf(g->codes[g->items], sizeof g->codes[0], "%s", it.is_error ? it.code : "");
        g->errors += it.is_error;
        g->items++;
        tp__arena_reset(&a);
    }
    assert_int_equal(rc, TP__INPUT_END);
    tp__arena_free(&a);
    tp__input_close(in);
}

static void test_input_framing(void **state)
{
    (void)state;
    got g;
    /* BOM, CRLF, blank and whitespace lines, no final newline. */
    const char *feed = "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"x\"}\r\n\r\n   \t\n{\"id\":\"b\",\"text\":\"y\"}";
    read_all(feed, strlen(feed), 1000, &g);
    assert_int_equal(g.items, 2);
    assert_int_equal(g.errors, 0);
    assert_string_equal(g.ids[0], "a");
    assert_string_equal(g.ids[1], "b");
    /* An over-long line is one error item; the next line is read. */
    char big[4096];
    int n = snprintf(big, sizeof big, "{\"id\":\"c\",\"text\":\"x\"}\n{\"id\":\"long\",\"text\":\"");
    memset(big + n, 'z', 2000);
    n += 2000;
    n += snprintf(big + n, sizeof big - (size_t)n, "\"}\n{\"id\":\"d\",\"text\":\"y\"}\n");
    read_all(big, (size_t)n, 10, &g);
    assert_int_equal(g.items, 3);
    assert_string_equal(g.codes[1], "too_large");
    assert_string_equal(g.ids[2], "d");
    /* A BOM where a second file starts (cat a.jsonl b.jsonl) too. */
    const char *late = "{\"id\":\"a\",\"text\":\"x\"}\n\xEF\xBB\xBF{\"id\":\"b\",\"text\":\"y\"}\n";
    read_all(late, strlen(late), 1000, &g);
    assert_int_equal(g.items, 2);
    assert_int_equal(g.errors, 0);
    /* A line that is only a BOM is blank; a meta member named twice is
     * refused (it would be written back as a duplicate key). */
    const char *odd = "\xEF\xBB\xBF\n{\"id\":\"a\",\"text\":\"x\",\"k\":1,\"k\":2}\n{\"id\":\"b\",\"text\":\"y\"}\n";
    read_all(odd, strlen(odd), 1000, &g);
    assert_int_equal(g.items, 2);
    assert_string_equal(g.codes[0], "bad_json");
    assert_string_equal(g.ids[0], "a");
    assert_string_equal(g.codes[1], "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wire_any_split),
        cmocka_unit_test(test_wire_through_a_pipe),
        cmocka_unit_test(test_wire_route),
        cmocka_unit_test(test_wire_broken_frames),
        cmocka_unit_test(test_idset_collisions_are_told_apart),
        cmocka_unit_test(test_idset_grows),
        cmocka_unit_test(test_resume_every_cut),
        cmocka_unit_test(test_resume_mismatch_and_contradictions),
        cmocka_unit_test(test_resume_by_id_counts_copies),
        cmocka_unit_test(test_record_id),
        cmocka_unit_test(test_input_framing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
