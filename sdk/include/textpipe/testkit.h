/*
 * textpipe/testkit.h - unit tests for plugins, with cmocka.
 *
 * The testkit loads a plugin the way `textpipe run` does (the same loader,
 * option checks and document model), runs it over text you give, and checks
 * what it produced.  Failures are reported through cmocka, with the caller's
 * file and line and what the layer really holds:
 *
 *     #include <stdarg.h>
 *     #include <stddef.h>
 *     #include <setjmp.h>
 *     #include <stdint.h>
 *     #include <cmocka.h>
 *     #include <textpipe/testkit.h>
 *
 *     static void finds_a_quote(void **state)
 *     {
 *         tpk_stage *s = tpk_stage_new("quotes", "min_words = 2;", PLUGIN_BUILD_DIR);
 *         tpk_doc *d = tpk_run(s, "“We will act,” Rutte says.");
 *         tpk_assert_count(d, "quote", 1);
 *         tpk_assert_span(d, "quote", 1, 12);
 *         tpk_assert_feature_str(d, "quote", 1, 12, "speaker", "Rutte");
 *         tpk_assert_json_equals_file(d, "tests/rutte.golden.json");
 *         tpk_stage_free(s);            (also frees d)
 *     }
 *
 * Build with `pkg-config --cflags --libs textpipe-testkit` (it brings
 * textpipe and cmocka).  `textpipe new-plugin` writes a project that does.
 *
 * Offsets.  Every offset here is in Unicode code points, end exclusive -
 * the unit of textpipe's default output, so numbers can be copied from
 * `textpipe run` output into tests.
 *
 * Failing.  Functions named tpk_assert_* and the constructors fail the
 * running cmocka test (a cmocka fail_msg(): the message is printed and the
 * test stops at that point).  Functions that only look (tpk_count,
 * tpk_find_span, tpk_feature_*) never fail a test.
 *
 * Memory.  A tpk_stage owns every tpk_doc made from it: tpk_stage_free()
 * frees them too, so a test frees only its stages.  tpk_doc_free() may
 * release one document earlier.  Strings returned are borrowed from the
 * document and valid until it is freed.  A test that fails leaks what it
 * held (cmocka leaves the test function at the failing line).
 *
 * Versions.  The testkit is built with the textpipe it ships with and works
 * only with that build's libtextpipe (its file name carries the release:
 * libtextpipe-testkit-VERSION.so).  Plugins tested with it depend only on
 * the plugin ABI (plugin.h), not on the testkit.
 */
#ifndef TEXTPIPE_TESTKIT_H
#define TEXTPIPE_TESTKIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A loaded, started pipeline (one stage or several). */
typedef struct tpk_stage tpk_stage;
/* A document run (or about to be run) through a tpk_stage. */
typedef struct tpk_doc tpk_doc;

/* ---- Stages -------------------------------------------------------------- */

/* Loads plugin `plugin` from `plugin_dir` as a one-stage pipeline, checks
 * `options` against its option table and calls its init().
 *
 * `options` is the inside of the stage's options group in config syntax,
 * e.g. "min_words = 3; verbs = [\"quipped\"];", or NULL for none.  Relative
 * file names in options resolve against $srcdir (set by `make check`), else
 * the current directory.
 *
 * `plugin_dir` is searched alone when not NULL (the build tree, so a test
 * never picks up an installed copy); when NULL the plugin is searched like
 * textpipe does: $TEXTPIPE_PLUGIN_PATH, then the installed plugin directory.
 *
 * Returns the stage (free it with tpk_stage_free()).  On any problem -
 * plugin not found, refused (ABI), bad options, init() failed - fails the
 * test with textpipe's messages and does not return. */
#define tpk_stage_new(plugin, options, plugin_dir) \
    tpk__stage_new((plugin), (options), (plugin_dir), __FILE__, __LINE__)

/* Like tpk_stage_new(), for several stages: `config` is a whole pipeline
 * configuration, e.g.
 *   "stages = ( { plugin = \"sentences\"; }, { plugin = \"quotes\"; } );"
 * For a plugin that `consumes` a layer it cannot be tested without. */
#define tpk_pipeline_new(config, plugin_dir) tpk__pipeline_new((config), (plugin_dir), __FILE__, __LINE__)

/* Loads and starts like tpk_stage_new(), but expects that to fail: returns
 * textpipe's messages (one per line; the caller frees them with free()), or
 * fails the test when the stage loaded.  For testing option validation and
 * init() errors. */
#define tpk_stage_error(plugin, options, plugin_dir) \
    tpk__stage_error((plugin), (options), (plugin_dir), __FILE__, __LINE__)

/* Calls every stage's fini() and frees the stage and all its documents.
 * NULL is allowed. */
void tpk_stage_free(tpk_stage *stage);

/* ---- Documents ----------------------------------------------------------- */

/* Runs the stage over `text` (UTF-8; copied) as a document with id "test".
 * Fails the test when the text is not valid UTF-8 or a stage failed the
 * document (tp_fail(), a bad span): tpk_doc_new() and tpk_process() test
 * failures on purpose.  The document belongs to the stage. */
#define tpk_run(stage, text) tpk__run((stage), (text), __FILE__, __LINE__)

/* Builds a document from `text` without running anything yet, so a test
 * can first give it layers an earlier stage would have made
 * (tpk_doc_add_span()).  `id` NULL means "test". */
#define tpk_doc_new(stage, id, text) tpk__doc_new((stage), (id), (text), __FILE__, __LINE__)

/* Adds a span of layer `type` over code points [start, end), as if an
 * earlier stage had produced it; returns its index in the layer.  Use it for
 * layers the plugin lists in consumes_optional (a layer it lists in
 * consumes must come from a real stage: see tpk_pipeline_new()). */
#define tpk_doc_add_span(doc, type, start, end) \
    tpk__doc_add_span((doc), (type), (start), (end), __FILE__, __LINE__)

/* Sets a string feature on span `index` of layer `type` of a document not
 * yet processed (e.g. an entity's "label"). */
#define tpk_doc_set_str(doc, type, index, feat, value) \
    tpk__doc_set_str((doc), (type), (index), (feat), (value), __FILE__, __LINE__)

/* Runs the stages over a document from tpk_doc_new().  Returns 0, or -1
 * when a stage failed the document: then tpk_error_code() and
 * tpk_error_message() say why.  Never fails the test by itself. */
int tpk_process(tpk_doc *doc);

/* Frees one document before its stage.  NULL is allowed. */
void tpk_doc_free(tpk_doc *doc);

/* ---- Looking at the result (never fail the test) ------------------------- */

/* The error code and message of a document that failed ("bad_span", or the
 * code a plugin gave tp_fail()), or NULL when it did not fail. */
const char *tpk_error_code(const tpk_doc *doc);
const char *tpk_error_message(const tpk_doc *doc);

/* The number of spans in layer `type` (0 for a layer nobody made). */
size_t tpk_count(const tpk_doc *doc, const char *type);

/* The index of the first span of `type` covering exactly [start, end), or
 * -1. */
long tpk_find_span(const tpk_doc *doc, const char *type, size_t start, size_t end);

/* Span `index` of layer `type`: its start and end (code points) and its
 * text (a NUL-terminated copy owned by the document).  Returns 0, or -1 when
 * there is no such span. */
int tpk_span_at(const tpk_doc *doc, const char *type, size_t index, size_t *start, size_t *end, const char **text);

/* A feature of the first span of `type` covering [start, end): the string
 * (owned by the document; NULL when the span or feature is missing or not a
 * string), or 1 with the value in *out (0 when missing or of another kind).
 * tpk_feature_double() also reads an integer feature. */
const char *tpk_feature_str(const tpk_doc *doc, const char *type, size_t start, size_t end, const char *feat);
int tpk_feature_int(const tpk_doc *doc, const char *type, size_t start, size_t end, const char *feat, int64_t *out);
int tpk_feature_double(const tpk_doc *doc, const char *type, size_t start, size_t end, const char *feat, double *out);
int tpk_feature_bool(const tpk_doc *doc, const char *type, size_t start, size_t end, const char *feat, int *out);

/* Where `needle` first occurs in the text (at or after code point `from`),
 * as code point offsets in *start and *end - so a test can name a span by
 * its words instead of counting characters:
 *     size_t b, e;
 *     tpk_locate(d, "We will act", 0, &b, &e);
 *     tpk_assert_span(d, "quote", b, e);
 * Fails the test when the text does not contain it. */
#define tpk_locate(doc, needle, from, start, end) \
    tpk__locate((doc), (needle), (from), (start), (end), __FILE__, __LINE__)

/* The document as `textpipe run` would write it (one JSON object, no
 * newline; layers hidden by default, like "token", are left out).  Owned by
 * the document; valid until the next call for it. */
const char *tpk_json(tpk_doc *doc);

/* ---- Assertions (fail the test, naming the caller's line) ---------------- */

/* Layer `type` holds a span over exactly [start, end). */
#define tpk_assert_span(doc, type, start, end) \
    tpk__assert_span((doc), (type), (start), (end), 1, __FILE__, __LINE__)
/* ... holds no span over exactly [start, end). */
#define tpk_assert_no_span(doc, type, start, end) \
    tpk__assert_span((doc), (type), (start), (end), 0, __FILE__, __LINE__)
/* Layer `type` holds exactly `n` spans. */
#define tpk_assert_count(doc, type, n) tpk__assert_count((doc), (type), (n), __FILE__, __LINE__)

/* The span of `type` over [start, end) has feature `feat` with this value
 * (value NULL in tpk_assert_feature_str: the feature must be absent). */
#define tpk_assert_feature_str(doc, type, start, end, feat, value) \
    tpk__assert_feature_str((doc), (type), (start), (end), (feat), (value), __FILE__, __LINE__)
#define tpk_assert_feature_int(doc, type, start, end, feat, value) \
    tpk__assert_feature_int((doc), (type), (start), (end), (feat), (value), __FILE__, __LINE__)
#define tpk_assert_feature_bool(doc, type, start, end, feat, value) \
    tpk__assert_feature_bool((doc), (type), (start), (end), (feat), (value), __FILE__, __LINE__)
/* |actual - value| <= tolerance. */
#define tpk_assert_feature_double(doc, type, start, end, feat, value, tolerance) \
    tpk__assert_feature_double((doc), (type), (start), (end), (feat), (value), (tolerance), __FILE__, __LINE__)

/* The document failed with error code `code`. */
#define tpk_assert_error(doc, code) tpk__assert_error((doc), (code), __FILE__, __LINE__)

/* The document's JSON (tpk_json()) equals the JSON in file `path`, compared
 * as parsed JSON: key order and white space do not matter, numbers compare
 * as numbers.  A relative `path` is taken from $srcdir (which `make check`
 * sets), else the current directory.  On a difference the message names the
 * first differing place ("annotations.quote[1].speaker") and the actual
 * output is written to BASENAME.actual in the current directory; with
 * TPK_UPDATE_GOLDEN=1 in the environment the file is (re)written instead and
 * the assertion passes - check the diff before committing it. */
#define tpk_assert_json_equals_file(doc, path) tpk__assert_json_equals_file((doc), (path), __FILE__, __LINE__)

/* ---- What the macros call ------------------------------------------------ */

tpk_stage *tpk__stage_new(const char *plugin, const char *options, const char *plugin_dir, const char *file, int line);
tpk_stage *tpk__pipeline_new(const char *config, const char *plugin_dir, const char *file, int line);
char *tpk__stage_error(const char *plugin, const char *options, const char *plugin_dir, const char *file, int line);
tpk_doc *tpk__run(tpk_stage *stage, const char *text, const char *file, int line);
tpk_doc *tpk__doc_new(tpk_stage *stage, const char *id, const char *text, const char *file, int line);
size_t tpk__doc_add_span(tpk_doc *doc, const char *type, size_t start, size_t end, const char *file, int line);
void tpk__doc_set_str(tpk_doc *doc, const char *type, size_t index, const char *feat, const char *value,
                      const char *file, int line);
void tpk__locate(const tpk_doc *doc, const char *needle, size_t from, size_t *start, size_t *end, const char *file,
                 int line);
void tpk__assert_span(const tpk_doc *doc, const char *type, size_t start, size_t end, int want, const char *file,
                      int line);
void tpk__assert_count(const tpk_doc *doc, const char *type, size_t n, const char *file, int line);
void tpk__assert_feature_str(const tpk_doc *doc, const char *type, size_t start, size_t end, const char *feat,
                             const char *value, const char *file, int line);
void tpk__assert_feature_int(const tpk_doc *doc, const char *type, size_t start, size_t end, const char *feat,
                             int64_t value, const char *file, int line);
void tpk__assert_feature_bool(const tpk_doc *doc, const char *type, size_t start, size_t end, const char *feat,
                              int value, const char *file, int line);
void tpk__assert_feature_double(const tpk_doc *doc, const char *type, size_t start, size_t end, const char *feat,
                                double value, double tolerance, const char *file, int line);
void tpk__assert_error(const tpk_doc *doc, const char *code, const char *file, int line);
void tpk__assert_json_equals_file(tpk_doc *doc, const char *path, const char *file, int line);

#ifdef __cplusplus
}
#endif
#endif
