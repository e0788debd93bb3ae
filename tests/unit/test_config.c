/* test_config.c - unit tests of core/config.h (and tp__suggest from diag.h). */
#include "autoconfig.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "config.h"
#include "diag.h"

/* ---- a scratch folder ------------------------------------------------------ */

static char tmpdir[PATH_MAX]; /* realpath of the folder mkdtemp made */
static char *made[64];        /* files and folders to remove, in creation order */
static size_t nmade;

static int group_setup(void **state)
{
    (void)state;
    char templ[] = "/tmp/tp_config_test_XXXXXX";
    if (!mkdtemp(templ))
        return -1;
    if (!realpath(templ, tmpdir))
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    while (nmade > 0) {
        char *p = made[--nmade];
        if (remove(p) != 0)
            fprintf(stderr, "# could not remove %s\n", p);
        free(p);
    }
    return rmdir(tmpdir) == 0 ? 0 : -1;
}

static void remember(const char *path)
{
    for (size_t i = 0; i < nmade; i++)
        if (strcmp(made[i], path) == 0)
            return;
    assert_true(nmade < sizeof made / sizeof made[0]);
    made[nmade++] = strdup(path);
}

/* Path of `name` in the scratch folder (static buffer, rotating). */
static const char *path_of(const char *name)
{
    static char bufs[4][PATH_MAX + 64];
    static int k;
    char *b = bufs[k++ % 4];
    snprintf(b, PATH_MAX + 64, "%s/%s", tmpdir, name);
    return b;
}

static void make_dir(const char *name)
{
    const char *p = path_of(name);
    assert_int_equal(mkdir(p, 0700), 0);
    remember(p);
}

/* Writes a file into the scratch folder; returns its full path. */
static const char *write_file(const char *name, const char *content)
{
    const char *p = path_of(name);
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    fputs(content, fp);
    assert_int_equal(fclose(fp), 0);
    remember(p);
    return p;
}

/* ---- helpers ----------------------------------------------------------------- */

static void dump_diags(const tp__diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        print_error("diag %zu: %s:%d: %s\n", i, d->items[i].file ? d->items[i].file : "(null)", d->items[i].line,
                    d->items[i].msg);
}

/* The diagnostic at `line` (there must be exactly one). */
static const tp__diag *diag_at(const tp__diags *d, int line)
{
    const tp__diag *found = NULL;
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].line == line) {
            found = &d->items[i];
            n++;
        }
    if (n != 1) {
        print_error("want one diagnostic at line %d, found %zu\n", line, n);
        dump_diags(d);
    }
    assert_int_equal(n, 1);
    return found;
}

static void expect_msg(const tp__diag *g, const char *part)
{
    if (!strstr(g->msg, part))
        print_error("message \"%s\" lacks \"%s\"\n", g->msg, part);
    assert_non_null(strstr(g->msg, part));
}

static const tp__setting *opt(const tp__stage_cfg *st, const char *name)
{
    const tp__setting *s = tp__stage_option(st, name);
    if (!s)
        print_error("stage %s has no option %s\n", st->id, name);
    assert_non_null(s);
    return s;
}

static int load_ok(tp__config *c, const char *path)
{
    tp__diags d = {0};
    memset(c, 0, sizeof *c);
    int rc = tp__config_load_file(c, path, &d);
    if (rc != 0 || d.count)
        dump_diags(&d);
    assert_int_equal(rc, 0);
    assert_int_equal(d.count, 0);
    tp__diags_free(&d);
    return rc;
}

/* ---- tp__suggest ------------------------------------------------------------- */

static void test_suggest(void **state)
{
    (void)state;
    const char *const keys[] = {"stages", "base", "overrides", "extra_stages", "plugin_path", "output"};
    assert_string_equal(tp__suggest("stagez", keys, 6), "stages");
    assert_string_equal(tp__suggest("stgaes", keys, 6), "stages"); /* transposition */
    assert_string_equal(tp__suggest("overides", keys, 6), "overrides");
    assert_string_equal(tp__suggest("plugin_paths", keys, 6), "plugin_path");
    assert_string_equal(tp__suggest("outptu", keys, 6), "output");
    assert_string_equal(tp__suggest("stages", keys, 6), "stages");
    assert_null(tp__suggest("zzzzzz", keys, 6));
    assert_null(tp__suggest("color", keys, 6));
    assert_null(tp__suggest("stagez", keys, 0));
    /* Distance must be under half the word: "ab" -> "abcd" is 2, too far. */
    const char *const short_keys[] = {"abcd", "x"};
    assert_null(tp__suggest("ab", short_keys, 2));
    /* 3 edits are never suggested. */
    const char *const k3[] = {"dollar"};
    assert_null(tp__suggest("dxxxar", k3, 1));
    assert_string_equal(tp__suggest("dolar", k3, 1), "dollar");
    /* The closest wins, whatever the order. */
    const char *const near[] = {"places", "place"};
    assert_string_equal(tp__suggest("plac", near, 2), "place");
}

/* diag.h: at most 2 edits, or a third of the word's length for longer
 * words, and always under half the word. */
static void test_suggest_at_most_two_edits(void **state)
{
    (void)state;
    const char *const keys[] = {"stages", "base", "overrides", "extra_stages", "plugin_path", "output"};
    /* 14 letters allow 4 edits: three away from "plugin_path" is suggested */
    assert_string_equal(tp__suggest("plugin_pathxyz", keys, 6), "plugin_path");
    /* 15 letters allow 5 edits; "plugin_pathxyzwv" is 5 away and 16 long (limit 5) */
    assert_string_equal(tp__suggest("plugin_pathxyzwv", keys, 6), "plugin_path");
    /* 9 letters allow 3 edits: "stagesxyzw" (10 letters, limit 3) is 4 away */
    const char *got = tp__suggest("stagesxyzw", keys, 6);
    if (got)
        print_error("\"stagesxyzw\" (4 edits) suggested \"%s\"\n", got);
    assert_null(got);
    const char *const k2[] = {"extra_stages"};
    /* 13 letters allow 4 edits */
    assert_string_equal(tp__suggest("xtra_stagesss", k2, 1), "extra_stages"); /* 3 edits */
    /* a short word: "ab" is never close to "base" (2 edits, not under half of 2) */
    assert_null(tp__suggest("ab", keys, 6));
    assert_string_equal(tp__suggest("xtra_stagess", k2, 1), "extra_stages"); /* 2 edits */
}

static void test_diags_collect(void **state)
{
    (void)state;
    tp__diags d = {0};
    tp__diags_add(&d, "a.cfg", 3, "first %d", 1);
    tp__diags_add(&d, NULL, 0, "second %s", "x");
    for (int i = 0; i < 50; i++) tp__diags_add(&d, "b.cfg", i, "n%d", i);
    assert_int_equal(d.count, 52);
    assert_string_equal(d.items[0].file, "a.cfg");
    assert_int_equal(d.items[0].line, 3);
    assert_string_equal(d.items[0].msg, "first 1");
    assert_null(d.items[1].file);
    assert_string_equal(d.items[1].msg, "second x");
    assert_string_equal(d.items[51].msg, "n49");
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    assert_non_null(mem);
    tp__diags_print(&d, mem);
    fclose(mem);
    assert_non_null(strstr(buf, "a.cfg:3: error: first 1\n"));
    assert_non_null(strstr(buf, "textpipe: error: second x\n"));
    assert_non_null(strstr(buf, "b.cfg: error: n0\n")); /* line 0: no line */
    free(buf);
    tp__diags_free(&d);
    assert_int_equal(d.count, 0);
}

/* ---- tp__value_parse -------------------------------------------------------- */

static void test_value_parse(void **state)
{
    (void)state;
    tp__value v = tp__value_parse("3");
    assert_int_equal(v.kind, TP__V_INT);
    assert_int_equal(v.i, 3);
    tp__value_free(&v);
    v = tp__value_parse("-42");
    assert_int_equal(v.kind, TP__V_INT);
    assert_int_equal(v.i, -42);
    tp__value_free(&v);
    v = tp__value_parse("0.5");
    assert_int_equal(v.kind, TP__V_FLOAT);
    assert_true(v.d == 0.5);
    tp__value_free(&v);
    v = tp__value_parse("true");
    assert_int_equal(v.kind, TP__V_BOOL);
    assert_int_equal(v.i, 1);
    tp__value_free(&v);
    v = tp__value_parse("false");
    assert_int_equal(v.kind, TP__V_BOOL);
    assert_int_equal(v.i, 0);
    tp__value_free(&v);
    v = tp__value_parse("\"3\"");
    assert_int_equal(v.kind, TP__V_STRING);
    assert_string_equal(v.s, "3");
    tp__value_free(&v);
    v = tp__value_parse("AUD");
    assert_int_equal(v.kind, TP__V_STRING);
    assert_string_equal(v.s, "AUD");
    tp__value_free(&v);
    v = tp__value_parse("hello world, it's me");
    assert_int_equal(v.kind, TP__V_STRING);
    assert_string_equal(v.s, "hello world, it's me");
    tp__value_free(&v);
    v = tp__value_parse("");
    assert_int_equal(v.kind, TP__V_STRING);
    assert_string_equal(v.s, "");
    tp__value_free(&v);
    v = tp__value_parse("[\"a\", \"b\"]");
    assert_int_equal(v.kind, TP__V_LIST);
    assert_int_equal(v.nitems, 2);
    assert_string_equal(v.items[0], "a");
    assert_string_equal(v.items[1], "b");
    tp__value_free(&v);
    v = tp__value_parse("[]");
    assert_int_equal(v.kind, TP__V_LIST);
    assert_int_equal(v.nitems, 0);
    tp__value_free(&v);
    v = tp__value_parse("[1, 2]");
    assert_int_equal(v.kind, TP__V_OTHER);
    assert_non_null(v.what);
    tp__value_free(&v);
    v = tp__value_parse("{ a = 1; }");
    assert_int_equal(v.kind, TP__V_OTHER);
    assert_string_equal(tp__value_describe(&v), "a group");
    tp__value_free(&v);
    v = tp__value_parse("5000000000L");
    assert_int_equal(v.kind, TP__V_INT);
    assert_true(v.i == 5000000000LL);
    tp__value_free(&v);
}

/* A plain 64-bit literal, as users write it. */
static void test_value_parse_int64(void **state)
{
    (void)state;
    tp__value v = tp__value_parse("5000000000");
    assert_int_equal(v.kind, TP__V_INT);
    if (v.i != 5000000000LL)
        print_error("5000000000 read as %lld\n", (long long)v.i);
    assert_true(v.i == 5000000000LL);
    tp__value_free(&v);
    v = tp__value_parse("-3000000000");
    assert_int_equal(v.kind, TP__V_INT);
    assert_true(v.i == -3000000000LL);
    tp__value_free(&v);
}

/* Text that is not one libconfig value is a bare string, whole. */
static void test_value_parse_not_one_value(void **state)
{
    (void)state;
    tp__value v = tp__value_parse("1; extra = 2");
    if (v.kind != TP__V_STRING)
        print_error("\"1; extra = 2\" read as %s\n", tp__value_describe(&v));
    assert_int_equal(v.kind, TP__V_STRING);
    assert_string_equal(v.s, "1; extra = 2");
    tp__value_free(&v);
}

static void test_value_copy_describe(void **state)
{
    (void)state;
    tp__value v = tp__value_parse("[\"x\", \"yy\"]");
    tp__value c = tp__value_copy(&v);
    assert_int_equal(c.kind, TP__V_LIST);
    assert_int_equal(c.nitems, 2);
    assert_ptr_not_equal(c.items, v.items);
    assert_ptr_not_equal(c.items[1], v.items[1]);
    assert_string_equal(c.items[1], "yy");
    tp__value_free(&v);
    assert_string_equal(c.items[0], "x"); /* independent of the original */
    tp__value_free(&c);
    tp__value s = tp__value_parse("abc");
    tp__value sc = tp__value_copy(&s);
    assert_ptr_not_equal(sc.s, s.s);
    assert_string_equal(sc.s, "abc");
    tp__value_free(&s);
    tp__value_free(&sc);
    tp__value k[5] = {
        {.kind = TP__V_STRING}, {.kind = TP__V_INT}, {.kind = TP__V_FLOAT}, {.kind = TP__V_BOOL}, {.kind = TP__V_LIST}};
    assert_string_equal(tp__value_describe(&k[0]), "a string");
    assert_string_equal(tp__value_describe(&k[1]), "an integer");
    assert_string_equal(tp__value_describe(&k[2]), "a number");
    assert_string_equal(tp__value_describe(&k[3]), "a boolean");
    assert_string_equal(tp__value_describe(&k[4]), "a list of strings");
}

/* ---- loading files ----------------------------------------------------------- */

static const char MAIN_CFG[] = "# a pipeline\n"                                                     /* 1 */
                               "stages = (\n"                                                       /* 2 */
                               "  { plugin = \"sentences\"; },\n"                                   /* 3 */
                               "  { plugin = \"currency\"; id = \"money\"; log_level = \"info\";\n" /* 4 */
                               "    options = {\n"                                                  /* 5 */
                               "      dollar = \"AUD\";\n"                                          /* 6 */
                               "      places = 2;\n"                                                /* 7 */
                               "      big_l = 5000000000L;\n"                                       /* 8 */
                               "      rate = 0.5;\n"                                                /* 9 */
                               "      strict = true;\n"                                             /* 10 */
                               "      names = [\"a.txt\", \"b.txt\"];\n"                            /* 11 */
                               "      neg = -7;\n"                                                  /* 12 */
                               "      lax = false;\n"                                               /* 13 */
                               "      grp = { x = 1; };\n"                                          /* 14 */
                               "      nums = [1, 2];\n"                                             /* 15 */
                               "    };\n"                                                           /* 16 */
                               "  },\n"                                                             /* 17 */
                               "  { plugin = \"quotes\"; log_level = \"debug\"; }\n"                /* 18 */
                               ");\n"                                                               /* 19 */
                               "plugin_path = \"plugins\";\n"                                       /* 20 */
                               "output = { hide = [\"token\", \"_scratch\"]; text = false; };\n";   /* 21 */

static void test_load_stages(void **state)
{
    (void)state;
    const char *path = write_file("main.cfg", MAIN_CFG);
    tp__config c;
    load_ok(&c, path);
    assert_string_equal(c.file, path);
    assert_int_equal(c.nstages, 3);

    tp__stage_cfg *s0 = &c.stages[0], *s1 = &c.stages[1], *s2 = &c.stages[2];
    assert_string_equal(s0->plugin, "sentences");
    assert_string_equal(s0->id, "sentences"); /* default id = plugin */
    assert_null(s0->log_level);
    assert_int_equal(s0->nopts, 0);
    assert_string_equal(s0->origin.file, path);
    assert_int_equal(s0->origin.line, 3);
    assert_string_equal(s0->origin.dir, tmpdir);

    assert_string_equal(s1->plugin, "currency");
    assert_string_equal(s1->id, "money");
    assert_string_equal(s1->log_level, "info");
    assert_int_equal(s1->origin.line, 4);
    assert_int_equal(s1->nopts, 10);
    assert_ptr_equal(tp__config_stage(&c, "money"), s1);
    assert_null(tp__config_stage(&c, "currency"));
    assert_ptr_equal(tp__config_stage(&c, "quotes"), s2);
    assert_string_equal(s2->log_level, "debug");
    assert_int_equal(s2->origin.line, 18);

    const tp__setting *o = opt(s1, "dollar");
    assert_int_equal(o->value.kind, TP__V_STRING);
    assert_string_equal(o->value.s, "AUD");
    assert_string_equal(o->origin.file, path);
    assert_int_equal(o->origin.line, 6);
    assert_string_equal(o->origin.dir, tmpdir);
    o = opt(s1, "places");
    assert_int_equal(o->value.kind, TP__V_INT);
    assert_int_equal(o->value.i, 2);
    assert_int_equal(o->origin.line, 7);
    o = opt(s1, "big_l");
    assert_int_equal(o->value.kind, TP__V_INT);
    assert_true(o->value.i == 5000000000LL);
    assert_int_equal(o->origin.line, 8);
    o = opt(s1, "rate");
    assert_int_equal(o->value.kind, TP__V_FLOAT);
    assert_true(o->value.d == 0.5);
    assert_int_equal(o->origin.line, 9);
    o = opt(s1, "strict");
    assert_int_equal(o->value.kind, TP__V_BOOL);
    assert_int_equal(o->value.i, 1);
    o = opt(s1, "lax");
    assert_int_equal(o->value.kind, TP__V_BOOL);
    assert_int_equal(o->value.i, 0);
    o = opt(s1, "names");
    assert_int_equal(o->value.kind, TP__V_LIST);
    assert_int_equal(o->value.nitems, 2);
    assert_string_equal(o->value.items[0], "a.txt");
    assert_string_equal(o->value.items[1], "b.txt");
    assert_int_equal(o->origin.line, 11);
    o = opt(s1, "neg");
    assert_int_equal(o->value.kind, TP__V_INT);
    assert_int_equal(o->value.i, -7);
    o = opt(s1, "grp");
    assert_int_equal(o->value.kind, TP__V_OTHER);
    o = opt(s1, "nums");
    assert_int_equal(o->value.kind, TP__V_OTHER);
    assert_null(tp__stage_option(s1, "missing"));

    /* plugin_path relative to the file's folder, made absolute */
    assert_int_equal(c.npath, 1);
    assert_string_equal(c.plugin_path[0], path_of("plugins"));
    /* output */
    assert_true(c.hide_set);
    assert_int_equal(c.nhide, 2);
    assert_string_equal(c.hide[0], "token");
    assert_string_equal(c.hide[1], "_scratch");
    assert_false(c.text);
    tp__config_free(&c);
}

/* A 64-bit integer written without the L suffix, as in the README. */
static void test_load_int64_without_suffix(void **state)
{
    (void)state;
    const char *path = write_file("int64.cfg", "stages = ( { plugin = \"p\";\n"
                                               "  options = { big = 5000000000; small = -3000000000; }; } );\n");
    tp__config c;
    load_ok(&c, path);
    const tp__setting *o = opt(&c.stages[0], "big");
    assert_int_equal(o->value.kind, TP__V_INT);
    if (o->value.i != 5000000000LL)
        print_error("big = 5000000000 read as %lld\n", (long long)o->value.i);
    assert_true(o->value.i == 5000000000LL);
    o = opt(&c.stages[0], "small");
    assert_true(o->value.i == -3000000000LL);
    tp__config_free(&c);
}

static void test_load_defaults(void **state)
{
    (void)state;
    const char *path = write_file("defaults.cfg", "stages = ( { plugin = \"p\"; } );\n");
    tp__config c;
    load_ok(&c, path);
    assert_true(c.text); /* output.text defaults to true */
    assert_false(c.hide_set);
    assert_int_equal(c.nhide, 0);
    assert_int_equal(c.npath, 0);
    assert_int_equal(c.nstages, 1);
    tp__config_free(&c);
    /* A list of paths, one absolute; hide as a single string. */
    path = write_file("paths.cfg", "stages = ( { plugin = \"p\"; } );\n"
                                   "plugin_path = [\"a\", \"/opt/tp/plugins\", \"../up\"];\n"
                                   "output = { hide = \"token\"; };\n");
    load_ok(&c, path);
    assert_int_equal(c.npath, 3);
    assert_string_equal(c.plugin_path[0], path_of("a"));
    assert_string_equal(c.plugin_path[1], "/opt/tp/plugins");
    assert_string_equal(c.plugin_path[2], path_of("../up"));
    assert_int_equal(c.nhide, 1);
    assert_string_equal(c.hide[0], "token");
    assert_true(c.text);
    tp__config_free(&c);
}

/* Non-zero when `s` ends with `tail`. */
static int ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

/* A newsroom file including sub/base.cfg; returns the newsroom's path. */
static const char *write_newsroom(void)
{
    static int done;
    if (!done) {
        make_dir("sub");
        write_file("sub/base.cfg", "stages = (\n"                                         /* 1 */
                                   "  { plugin = \"sentences\"; },\n"                     /* 2 */
                                   "  { plugin = \"currency\"; id = \"money\";\n"         /* 3 */
                                   "    options = { dollar = \"USD\"; places = 2; }; }\n" /* 4 */
                                   ");\n"                                                 /* 5 */
                                   "plugin_path = \"baseplugins\";\n"                     /* 6 */
                                   "output = { hide = [\"token\"]; };\n");                /* 7 */
        write_file("newsroom.cfg", "# the newsroom\n"                                     /* 1 */
                                   "base = {\n"                                           /* 2 */
                                   "  @include \"sub/base.cfg\"\n"                        /* 3 */
                                   "};\n"                                                 /* 4 */
                                   "overrides = {\n"                                      /* 5 */
                                   "  money = {\n"                                        /* 6 */
                                   "    dollar = \"AUD\";\n"                              /* 7 */
                                   "    extra = 1.5;\n"                                   /* 8 */
                                   "  };\n"                                               /* 9 */
                                   "};\n"                                                 /* 10 */
                                   "extra_stages = ( { plugin = \"quotes\"; } );\n"       /* 11 */
                                   "plugin_path = \"local\";\n");                         /* 12 */
        done = 1;
    }
    return path_of("newsroom.cfg");
}

/* Loads a file with the current directory set to "/", so that nothing can
 * depend on where the tests happen to run. */
static void load_from_root(tp__config *c, const char *path)
{
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir("/"), 0);
    tp__diags d = {0};
    memset(c, 0, sizeof *c);
    int rc = tp__config_load_file(c, path, &d);
    assert_int_equal(chdir(cwd), 0);
    if (rc != 0 || d.count)
        dump_diags(&d);
    assert_int_equal(rc, 0);
    assert_int_equal(d.count, 0);
    tp__diags_free(&d);
}

static void test_newsroom_overrides(void **state)
{
    (void)state;
    const char *news = write_newsroom();
    char news_copy[PATH_MAX + 64];
    snprintf(news_copy, sizeof news_copy, "%s", news);
    tp__config c;
    load_from_root(&c, news_copy);
    assert_string_equal(c.file, news_copy);
    assert_int_equal(c.nstages, 3);
    assert_string_equal(c.stages[0].id, "sentences");
    assert_string_equal(c.stages[1].id, "money");
    assert_string_equal(c.stages[2].id, "quotes"); /* extra_stages appended */
    /* Stages from the base keep the base file as origin. */
    assert_int_equal(c.stages[1].origin.line, 3);
    assert_true(ends_with(c.stages[1].origin.file, "sub/base.cfg"));
    assert_int_equal(c.stages[2].origin.line, 11);
    assert_string_equal(c.stages[2].origin.file, news_copy);

    const tp__stage_cfg *m = &c.stages[1];
    assert_int_equal(m->nopts, 3);
    const tp__setting *o = opt(m, "dollar");
    assert_int_equal(o->value.kind, TP__V_STRING);
    assert_string_equal(o->value.s, "AUD");
    assert_string_equal(o->origin.file, news_copy); /* the override's line */
    assert_int_equal(o->origin.line, 7);
    assert_string_equal(o->origin.dir, tmpdir);
    o = opt(m, "places"); /* kept from the base */
    assert_int_equal(o->value.kind, TP__V_INT);
    assert_int_equal(o->value.i, 2);
    assert_true(ends_with(o->origin.file, "sub/base.cfg"));
    assert_int_equal(o->origin.line, 4);
    o = opt(m, "extra"); /* an override may add an option */
    assert_int_equal(o->value.kind, TP__V_FLOAT);
    assert_true(o->value.d == 1.5);
    assert_int_equal(o->origin.line, 8);

    /* The newsroom's plugin folder comes first. */
    assert_int_equal(c.npath, 2);
    assert_string_equal(c.plugin_path[0], path_of("local"));
    /* output from the base */
    assert_int_equal(c.nhide, 1);
    assert_string_equal(c.hide[0], "token");
    tp__config_free(&c);
}

/* Settings that come from an included base file resolve relative paths
 * against the base file's folder (config.h: plugin_path is absolute and
 * "relative to this file"; plugin.h: tp_init_path() uses the folder of the
 * config file that set the option). */
static void test_newsroom_base_paths(void **state)
{
    (void)state;
    const char *news = write_newsroom();
    char news_copy[PATH_MAX + 64];
    snprintf(news_copy, sizeof news_copy, "%s", news);
    tp__config c;
    load_from_root(&c, news_copy);
    assert_int_equal(c.nstages, 3);
    const char *want_dir = path_of("sub");
    const tp__setting *o = opt(&c.stages[1], "places");
    if (strcmp(o->origin.dir, want_dir) != 0)
        print_error("origin.dir of an option from sub/base.cfg is \"%s\", want \"%s\"\n", o->origin.dir, want_dir);
    assert_string_equal(o->origin.dir, want_dir);
    assert_string_equal(c.stages[1].origin.dir, want_dir);
    assert_int_equal(c.npath, 2);
    const char *want_path = path_of("sub/baseplugins");
    if (strcmp(c.plugin_path[1], want_path) != 0)
        print_error("base plugin_path is \"%s\", want \"%s\"\n", c.plugin_path[1], want_path);
    assert_string_equal(c.plugin_path[1], want_path);
    tp__config_free(&c);
}

/* A 64-bit option in an included base file. */
static void test_newsroom_base_int64(void **state)
{
    (void)state;
    write_file("base64.cfg", "stages = ( { plugin = \"p\";\n"
                             "  options = { big = 5000000000; }; } );\n");
    const char *path = write_file("news64.cfg", "base = {\n  @include \"base64.cfg\"\n};\n");
    char copy[PATH_MAX + 64];
    snprintf(copy, sizeof copy, "%s", path);
    tp__config c;
    load_from_root(&c, copy);
    const tp__setting *o = opt(&c.stages[0], "big");
    assert_int_equal(o->value.kind, TP__V_INT);
    if (o->value.i != 5000000000LL)
        print_error("big = 5000000000 in an included file read as %lld\n", (long long)o->value.i);
    assert_true(o->value.i == 5000000000LL);
    tp__config_free(&c);
}

/* A 64-bit option in a configuration read from memory (the built-in one). */
static void test_load_string_int64(void **state)
{
    (void)state;
    tp__config c;
    memset(&c, 0, sizeof c);
    tp__diags d = {0};
    assert_int_equal(tp__config_load_string(&c,
                                            "stages = ( { plugin = \"p\";\n"
                                            "  options = { big = 5000000000; }; } );\n",
                                            "<built-in>", tmpdir, &d),
                     0);
    const tp__setting *o = opt(&c.stages[0], "big");
    assert_int_equal(o->value.kind, TP__V_INT);
    if (o->value.i != 5000000000LL)
        print_error("big = 5000000000 in a string config read as %lld\n", (long long)o->value.i);
    assert_true(o->value.i == 5000000000LL);
    tp__config_free(&c);
    tp__diags_free(&d);
}

/* The include expander leaves strings, comments and names alone: only an
 * @include line of its own is expanded, only integer tokens become 64-bit,
 * and line numbers still point into the right file. */
static void test_expander_lexing(void **state)
{
    (void)state;
    write_file("lex_inc.cfg", "  n3 = 0x1FFFFFFFF;\n");
    const char *top = write_file("lex.cfg", "stages = ( { plugin = \"p\"; options = {\n"            /* 1 */
                                            "  s = \"7 @include \\\"x\\\" 5000000000\";\n"          /* 2 */
                                            "  /* @include \"nothere.cfg\"\n"                       /* 3 */
                                            "  @include \"nothere.cfg\" */ f = 1e5; g = -2.5e-3;\n" /* 4 */
                                            "  # @include \"nothere.cfg\"\n"                        /* 5 */
                                            "  @include \"lex_inc.cfg\"\n"                          /* 6 */
                                            "  n2 = -5000000000; x9 = 12;\n"                        /* 7 */
                                            "}; } );\n");                                           /* 8 */
    tp__config c;
    memset(&c, 0, sizeof c);
    tp__diags d = {0};
    int rc = tp__config_load_file(&c, top, &d);
    for (size_t i = 0; i < d.count; i++)
        print_error("%s:%d: %s\n", d.items[i].file, d.items[i].line, d.items[i].msg);
    assert_int_equal(rc, 0);
    const tp__setting *o = opt(&c.stages[0], "s");
    assert_string_equal(o->value.s, "7 @include \"x\" 5000000000");
    assert_int_equal(o->origin.line, 2);
    o = opt(&c.stages[0], "f");
    assert_int_equal(o->value.kind, TP__V_FLOAT);
    assert_true(o->value.d == 1e5);
    assert_int_equal(o->origin.line, 4);
    assert_true(opt(&c.stages[0], "g")->value.d == -2.5e-3);
    o = opt(&c.stages[0], "n3");
    assert_true(o->value.i == 0x1FFFFFFFFLL);
    assert_true(ends_with(o->origin.file, "lex_inc.cfg"));
    assert_int_equal(o->origin.line, 1);
    o = opt(&c.stages[0], "n2");
    assert_true(o->value.i == -5000000000LL);
    assert_string_equal(o->origin.file, top);
    assert_int_equal(o->origin.line, 7);
    assert_true(opt(&c.stages[0], "x9")->value.i == 12);
    tp__config_free(&c);
    tp__diags_free(&d);

    /* An @include that is not on a line of its own. */
    top = write_file("lex2.cfg", "stages = ( { plugin = \"p\"; } ); @include \"lex_inc.cfg\"\n");
    memset(&c, 0, sizeof c);
    assert_int_equal(tp__config_load_file(&c, top, &d), -1);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].line, 1);
    expect_msg(&d.items[0], "on a line of its own");
    tp__config_free(&c);
    tp__diags_free(&d);
}

static void test_override_extra_stage(void **state)
{
    (void)state;
    write_file("base2.cfg", "stages = ( { plugin = \"a\"; } );\n");
    const char *news = write_file("news2.cfg", "base = {\n"
                                               "  @include \"base2.cfg\"\n"
                                               "};\n"
                                               "extra_stages = ( { plugin = \"b\"; options = { k = 1; }; } );\n"
                                               "overrides = { b = { k = 2; }; a = { j = \"x\"; }; };\n");
    tp__config c;
    load_ok(&c, news);
    assert_int_equal(c.nstages, 2);
    assert_int_equal(opt(&c.stages[1], "k")->value.i, 2);
    assert_int_equal(opt(&c.stages[1], "k")->origin.line, 5);
    assert_string_equal(opt(&c.stages[0], "j")->value.s, "x");
    tp__config_free(&c);
}

static void test_errors_all_at_once(void **state)
{
    (void)state;
    const char *path = write_file("errs.cfg", "stages = (\n"                                   /* 1 */
                                              "  { plugin = \"sentences\"; },\n"               /* 2 */
                                              "  { id = \"nop\"; },\n"                         /* 3 */
                                              "  { plugin = \"b\"; options = 3; },\n"          /* 4 */
                                              "  { plugin = \"c\"; log_level = \"loud\"; },\n" /* 5 */
                                              "  { plugin = \"sentences\"; }\n"                /* 6 */
                                              ");\n"                                           /* 7 */
                                              "stagez = 1;\n"                                  /* 8 */
                                              "overrides = { sentence = { x = 1; }; };\n");    /* 9 */
    tp__config c;
    memset(&c, 0, sizeof c);
    tp__diags d = {0};
    assert_int_equal(tp__config_load_file(&c, path, &d), -1);
    if (d.count != 6)
        dump_diags(&d);
    assert_int_equal(d.count, 6);
    for (size_t i = 0; i < d.count; i++) assert_string_equal(d.items[i].file, path);
    const tp__diag *g = diag_at(&d, 8);
    expect_msg(g, "\"stagez\"");
    expect_msg(g, "did you mean \"stages\"");
    expect_msg(diag_at(&d, 3), "plugin");
    expect_msg(diag_at(&d, 4), "options");
    g = diag_at(&d, 5);
    expect_msg(g, "log_level");
    expect_msg(g, "loud");
    g = diag_at(&d, 6);
    expect_msg(g, "duplicate");
    expect_msg(g, "sentences");
    g = diag_at(&d, 9);
    expect_msg(g, "\"sentence\"");
    expect_msg(g, "did you mean \"sentences\"");
    /* The config is still usable for listing. */
    assert_int_equal(c.nstages, 2);
    tp__config_free(&c);
    tp__diags_free(&d);
}

static void test_more_errors(void **state)
{
    (void)state;
    const char *path = write_file("errs2.cfg", "stages = (\n"                                      /* 1 */
                                               "  { plugn = \"x\"; },\n"                           /* 2 */
                                               "  { plugin = 5; },\n"                              /* 3 */
                                               "  \"loose\", { plugin = \"z\"; }\n"                /* 4 */
                                               ");\n"                                              /* 5 */
                                               "output = { text = \"yes\"; hidden = [\"a\"]; };\n" /* 6 */
                                               "plugin_path = 3;\n");                              /* 7 */
    tp__config c;
    memset(&c, 0, sizeof c);
    tp__diags d = {0};
    assert_int_equal(tp__config_load_file(&c, path, &d), -1);
    if (d.count != 6)
        dump_diags(&d);
    assert_int_equal(d.count, 6);
    const tp__diag *g = diag_at(&d, 2);
    expect_msg(g, "\"plugn\"");
    expect_msg(g, "did you mean \"plugin\"");
    expect_msg(diag_at(&d, 3), "must be a string");
    expect_msg(diag_at(&d, 4), "group");
    expect_msg(diag_at(&d, 7), "plugin_path");
    /* two on line 6: output.text and the unknown "hidden" */
    size_t on6 = 0;
    for (size_t i = 0; i < d.count; i++)
        if (d.items[i].line == 6) {
            on6++;
            assert_true(strstr(d.items[i].msg, "output.text") || strstr(d.items[i].msg, "\"hidden\""));
        }
    assert_int_equal(on6, 2);
    assert_int_equal(c.nstages, 1);
    tp__config_free(&c);
    tp__diags_free(&d);
}

static void test_base_and_stages_conflict(void **state)
{
    (void)state;
    write_file("base3.cfg", "stages = ( { plugin = \"a\"; } );\n");
    const char *path = write_file("both.cfg", "base = {\n  @include \"base3.cfg\"\n};\n"
                                              "stages = ( { plugin = \"b\"; } );\n");
    tp__config c;
    memset(&c, 0, sizeof c);
    tp__diags d = {0};
    assert_int_equal(tp__config_load_file(&c, path, &d), -1);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].line, 4);
    expect_msg(&d.items[0], "base");
    tp__config_free(&c);
    tp__diags_free(&d);

    /* Neither base nor stages. */
    path = write_file("none.cfg", "plugin_path = \"x\";\n");
    memset(&c, 0, sizeof c);
    assert_int_equal(tp__config_load_file(&c, path, &d), -1);
    assert_int_equal(d.count, 1);
    expect_msg(&d.items[0], "stages");
    tp__config_free(&c);
    tp__diags_free(&d);
}

static void test_syntax_error(void **state)
{
    (void)state;
    const char *path = write_file("syntax.cfg", "stages = (\n"            /* 1 */
                                                "  { plugin = \"a\"; }\n" /* 2 */
                                                "  { plugin = \"b\"; }\n" /* 3: missing comma */
                                                ");\n");
    tp__config c;
    memset(&c, 0, sizeof c);
    tp__diags d = {0};
    assert_int_equal(tp__config_load_file(&c, path, &d), -1);
    assert_int_equal(d.count, 1);
    assert_non_null(d.items[0].file);
    assert_string_equal(d.items[0].file, path);
    assert_int_equal(d.items[0].line, 3);
    assert_true(strlen(d.items[0].msg) > 0);
    tp__config_free(&c);
    tp__diags_free(&d);

    /* A syntax error inside an included file names that file. */
    write_file("badinc.cfg", "stages = ( { plugin = \"a\" } \n oops );\n");
    path = write_file("incl.cfg", "base = {\n  @include \"badinc.cfg\"\n};\n");
    memset(&c, 0, sizeof c);
    assert_int_equal(tp__config_load_file(&c, path, &d), -1);
    assert_int_equal(d.count, 1);
    assert_non_null(d.items[0].file);
    assert_true(ends_with(d.items[0].file, "badinc.cfg"));
    assert_int_equal(d.items[0].line, 2);
    tp__config_free(&c);
    tp__diags_free(&d);
}

static void test_missing_file(void **state)
{
    (void)state;
    const char *path = path_of("does-not-exist.cfg");
    tp__config c;
    memset(&c, 0, sizeof c);
    tp__diags d = {0};
    assert_int_equal(tp__config_load_file(&c, path, &d), -1);
    assert_int_equal(d.count, 1);
    assert_string_equal(d.items[0].file, path);
    assert_int_equal(d.items[0].line, 0);
    assert_true(strlen(d.items[0].msg) > 0);
    assert_int_equal(c.nstages, 0);
    tp__config_free(&c);
    tp__diags_free(&d);
}

static void test_load_string(void **state)
{
    (void)state;
    tp__config c;
    memset(&c, 0, sizeof c);
    tp__diags d = {0};
    const char *text = "stages = (\n"
                       "  { plugin = \"sentences\"; },\n"
                       "  { plugin = \"currency\"; id = \"money\"; options = {\n"
                       "      dollar = \"USD\"; }; }\n"
                       ");\n"
                       "plugin_path = \"rel\";\n";
    assert_int_equal(tp__config_load_string(&c, text, "<built-in>", tmpdir, &d), 0);
    assert_int_equal(d.count, 0);
    assert_string_equal(c.file, "<built-in>");
    assert_true(c.text);
    assert_int_equal(c.nstages, 2);
    assert_string_equal(c.stages[0].origin.file, "<built-in>");
    assert_int_equal(c.stages[0].origin.line, 2);
    assert_string_equal(c.stages[0].origin.dir, tmpdir);
    const tp__setting *o = opt(&c.stages[1], "dollar");
    assert_string_equal(o->value.s, "USD");
    assert_string_equal(o->origin.file, "<built-in>");
    assert_int_equal(o->origin.line, 4);
    assert_int_equal(c.npath, 1);
    assert_string_equal(c.plugin_path[0], path_of("rel"));
    tp__config_free(&c);

    /* Errors in a string name it. */
    memset(&c, 0, sizeof c);
    assert_int_equal(
        tp__config_load_string(&c, "stages = ( { id = \"x\"; } );\nbogus = 1;\n", "<built-in>", tmpdir, &d), -1);
    assert_int_equal(d.count, 2);
    assert_string_equal(diag_at(&d, 1)->file, "<built-in>");
    assert_string_equal(diag_at(&d, 2)->file, "<built-in>");
    tp__config_free(&c);
    tp__diags_free(&d);

    /* A syntax error in a string. */
    memset(&c, 0, sizeof c);
    assert_int_equal(tp__config_load_string(&c, "stages = (\n{ plugin = ; }\n);\n", "<built-in>", tmpdir, &d), -1);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].line, 2);
    tp__config_free(&c);
    tp__diags_free(&d);
}

/* ---- --set ---------------------------------------------------------------------- */

static void set_ok(tp__config *c, const char *assignment)
{
    tp__diags d = {0};
    int rc = tp__config_apply_set(c, assignment, &d);
    if (rc != 0)
        dump_diags(&d);
    assert_int_equal(rc, 0);
    assert_int_equal(d.count, 0);
    tp__diags_free(&d);
}

static void load_money(tp__config *c)
{
    tp__diags d = {0};
    memset(c, 0, sizeof *c);
    assert_int_equal(tp__config_load_string(c,
                                            "stages = ( { plugin = \"currency\"; id = \"money\";\n"
                                            "  options = { opt = \"file\"; }; },\n"
                                            "  { plugin = \"sentences\"; } );\n",
                                            "t.cfg", tmpdir, &d),
                     0);
    tp__diags_free(&d);
}

static void test_apply_set_values(void **state)
{
    (void)state;
    tp__config c;
    load_money(&c);
    tp__stage_cfg *m = tp__config_stage(&c, "money");
    assert_non_null(m);

    set_ok(&c, "money.opt=3");
    const tp__setting *o = opt(m, "opt");
    assert_int_equal(m->nopts, 1); /* replaced, not added */
    assert_int_equal(o->value.kind, TP__V_INT);
    assert_int_equal(o->value.i, 3);
    assert_int_equal(o->origin.line, 0);
    assert_non_null(o->origin.file);
    assert_int_equal(strncmp(o->origin.file, "--set", 5), 0);

    set_ok(&c, "money.opt=0.5");
    o = opt(m, "opt");
    assert_int_equal(o->value.kind, TP__V_FLOAT);
    assert_true(o->value.d == 0.5);

    set_ok(&c, "money.opt=true");
    o = opt(m, "opt");
    assert_int_equal(o->value.kind, TP__V_BOOL);
    assert_int_equal(o->value.i, 1);

    set_ok(&c, "money.opt=AUD");
    o = opt(m, "opt");
    assert_int_equal(o->value.kind, TP__V_STRING);
    assert_string_equal(o->value.s, "AUD");

    set_ok(&c, "money.opt=\"3\"");
    o = opt(m, "opt");
    assert_int_equal(o->value.kind, TP__V_STRING);
    assert_string_equal(o->value.s, "3");

    set_ok(&c, "money.opt=[\"a\",\"b\"]");
    o = opt(m, "opt");
    assert_int_equal(o->value.kind, TP__V_LIST);
    assert_int_equal(o->value.nitems, 2);
    assert_string_equal(o->value.items[0], "a");
    assert_string_equal(o->value.items[1], "b");

    /* A value containing '=' and '.' */
    set_ok(&c, "money.url=http://x.org/?a=b");
    o = opt(m, "url");
    assert_int_equal(o->value.kind, TP__V_STRING);
    assert_string_equal(o->value.s, "http://x.org/?a=b");
    assert_int_equal(m->nopts, 2);

    /* The stage with the default id */
    set_ok(&c, "sentences.max=10");
    assert_int_equal(opt(tp__config_stage(&c, "sentences"), "max")->value.i, 10);
    tp__config_free(&c);
}

static void test_apply_set_errors(void **state)
{
    (void)state;
    tp__config c;
    load_money(&c);
    tp__diags d = {0};
    assert_int_equal(tp__config_apply_set(&c, "mony.opt=1", &d), -1);
    assert_int_equal(d.count, 1);
    /* Reported at the argument, as a setting is at its file. */
    assert_string_equal(d.items[0].file, "--set mony.opt=1");
    assert_int_equal(d.items[0].line, 0);
    expect_msg(&d.items[0], "\"mony\"");
    expect_msg(&d.items[0], "did you mean \"money\"");
    tp__diags_free(&d);

    assert_int_equal(tp__config_apply_set(&c, "zzz.opt=1", &d), -1);
    assert_int_equal(d.count, 1);
    expect_msg(&d.items[0], "\"zzz\"");
    assert_null(strstr(d.items[0].msg, "did you mean"));
    tp__diags_free(&d);

    const char *bad[] = {"noequals", ".x=1", "id.=1", "x=1", "=1", "a=b.c"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(tp__config_apply_set(&c, bad[i], &d), -1);
        assert_int_equal(d.count, 1);
        assert_non_null(d.items[0].file);
        assert_non_null(strstr(d.items[0].file, bad[i]));
        expect_msg(&d.items[0], "expected STAGE_ID.OPTION=VALUE");
        tp__diags_free(&d);
    }
    /* Nothing changed. */
    assert_int_equal(c.stages[0].nopts, 1);
    assert_string_equal(opt(&c.stages[0], "opt")->value.s, "file");
    assert_int_equal(c.stages[1].nopts, 0);
    tp__config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_suggest_at_most_two_edits),
        cmocka_unit_test(test_diags_collect),
        cmocka_unit_test(test_value_parse),
        cmocka_unit_test(test_value_parse_int64),
        cmocka_unit_test(test_value_parse_not_one_value),
        cmocka_unit_test(test_value_copy_describe),
        cmocka_unit_test(test_load_stages),
        cmocka_unit_test(test_load_int64_without_suffix),
        cmocka_unit_test(test_load_defaults),
        cmocka_unit_test(test_newsroom_overrides),
        cmocka_unit_test(test_newsroom_base_paths),
        cmocka_unit_test(test_newsroom_base_int64),
        cmocka_unit_test(test_load_string_int64),
        cmocka_unit_test(test_expander_lexing),
        cmocka_unit_test(test_override_extra_stage),
        cmocka_unit_test(test_errors_all_at_once),
        cmocka_unit_test(test_more_errors),
        cmocka_unit_test(test_base_and_stages_conflict),
        cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_load_string),
        cmocka_unit_test(test_apply_set_values),
        cmocka_unit_test(test_apply_set_errors),
    };
    return cmocka_run_group_tests_name("config", tests, group_setup, group_teardown);
}
