/* test_options.c - unit tests of core/options.h: option tables and values. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <textpipe/plugin.h>

#include "config.h"
#include "diag.h"
#include "options.h"

/* The table of an imaginary currency plugin. */
static const tp_option_spec currency_opts[] = {
    {.name = "dollar", .type = TP_OPT_STRING, .default_value = "USD", .help = "what $ means", .choices = "USD|AUD|CAD"},
    {.name = "places", .type = TP_OPT_INT, .default_value = "2", .help = "decimals", .min = 0, .max = 6},
    {.name = "rate", .type = TP_OPT_DOUBLE, .default_value = "1.5", .help = "a factor"},
    {.name = "ratio", .type = TP_OPT_DOUBLE, .help = "0..1", .min = 0, .max = 1},
    {.name = "strict", .type = TP_OPT_BOOL, .default_value = "false", .help = "strict mode"},
    {.name = "lists", .type = TP_OPT_LIST, .default_value = "[\"a.txt\"]", .help = "word lists"},
    {.name = "model", .type = TP_OPT_STRING, .required = 1, .help = "model file"},
    {.name = "big", .type = TP_OPT_INT, .help = "no default, not required"},
    {.name = NULL},
};

/* ---- helpers ---------------------------------------------------------------- */

static void dump_diags(const tp__diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        print_error("diag %zu: %s:%d: %s\n", i, d->items[i].file ? d->items[i].file : "(null)", d->items[i].line,
                    d->items[i].msg);
}

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

/* Loads a config from a string named "opts.cfg". */
static void load(tp__config *c, const char *text)
{
    tp__diags d = {0};
    memset(c, 0, sizeof *c);
    int rc = tp__config_load_string(c, text, "opts.cfg", "/tmp", &d);
    if (rc != 0)
        dump_diags(&d);
    assert_int_equal(rc, 0);
    tp__diags_free(&d);
}

static const tp__optval *get(const tp__optset *o, const char *name, tp_option_type want)
{
    tp_option_type t = 0;
    const tp__optval *v = tp__options_get(o, name, &t);
    assert_non_null(v);
    assert_int_equal(t, want);
    return v;
}

/* ---- tp__options_check_table ------------------------------------------------------ */

static void test_check_good_tables(void **state)
{
    (void)state;
    char *why = tp__options_check_table(currency_opts);
    if (why)
        print_error("good table refused: %s\n", why);
    assert_null(why);
    static const tp_option_spec empty[] = {{.name = NULL}};
    assert_null(tp__options_check_table(empty));
    assert_null(tp__options_check_table(NULL));
    static const tp_option_spec more[] = {
        {.name = "a_1", .type = TP_OPT_STRING, .default_value = "\"3\""}, /* quoted: a string */
        {.name = "b", .type = TP_OPT_STRING, .default_value = "plain words"},
        {.name = "c", .type = TP_OPT_LIST, .default_value = "one.txt"},                 /* single string */
        {.name = "d", .type = TP_OPT_DOUBLE, .default_value = "3", .min = 0, .max = 3}, /* int ok */
        {.name = "e", .type = TP_OPT_INT, .default_value = "-5", .min = -5, .max = 5},
        {.name = "f", .type = TP_OPT_BOOL, .default_value = "true"},
        {.name = "g", .type = TP_OPT_STRING, .default_value = "CAD", .choices = "USD|AUD|CAD"},
        {.name = "h", .type = TP_OPT_INT, .default_value = "5000000000"},
        {.name = NULL},
    };
    why = tp__options_check_table(more);
    if (why)
        print_error("good table refused: %s\n", why);
    assert_null(why);
}

static void expect_bad_table(const tp_option_spec *spec, const char *part1, const char *part2)
{
    char *why = tp__options_check_table(spec);
    assert_non_null(why);
    if (!strstr(why, part1) || (part2 && !strstr(why, part2)))
        print_error("reason \"%s\" lacks \"%s\" / \"%s\"\n", why, part1, part2 ? part2 : "");
    assert_non_null(strstr(why, part1));
    if (part2)
        assert_non_null(strstr(why, part2));
    free(why);
}

static void test_check_bad_tables(void **state)
{
    (void)state;
    const tp_option_spec upper[] = {
        {.name = "ok", .type = TP_OPT_INT}, {.name = "Dollar", .type = TP_OPT_STRING}, {.name = NULL}};
    expect_bad_table(upper, "Dollar", "lower_snake_case");
    const tp_option_spec dash[] = {{.name = "max-len", .type = TP_OPT_INT}, {.name = NULL}};
    expect_bad_table(dash, "max-len", NULL);
    const tp_option_spec twice[] = {{.name = "a", .type = TP_OPT_INT},
                                    {.name = "b", .type = TP_OPT_INT},
                                    {.name = "a", .type = TP_OPT_STRING},
                                    {.name = NULL}};
    expect_bad_table(twice, "\"a\"", "twice");
    const tp_option_spec req_def[] = {
        {.name = "model", .type = TP_OPT_STRING, .required = 1, .default_value = "x.bin"}, {.name = NULL}};
    expect_bad_table(req_def, "model", "required");
    const tp_option_spec bad_type[] = {{.name = "t", .type = (tp_option_type)9}, {.name = NULL}};
    expect_bad_table(bad_type, "\"t\"", "type");
}

static void test_check_bad_defaults(void **state)
{
    (void)state;
    const tp_option_spec int_str[] = {{.name = "n", .type = TP_OPT_INT, .default_value = "abc"}, {.name = NULL}};
    expect_bad_table(int_str, "\"n\"", "must be an integer");
    const tp_option_spec int_float[] = {{.name = "n", .type = TP_OPT_INT, .default_value = "2.5"}, {.name = NULL}};
    expect_bad_table(int_float, "\"n\"", "must be an integer");
    const tp_option_spec range[] = {{.name = "n", .type = TP_OPT_INT, .default_value = "9", .min = 0, .max = 6},
                                    {.name = NULL}};
    expect_bad_table(range, "\"n\"", "out of range");
    const tp_option_spec drange[] = {
        {.name = "x", .type = TP_OPT_DOUBLE, .default_value = "-0.5", .min = 0, .max = 1}, {.name = NULL}};
    expect_bad_table(drange, "\"x\"", "out of range");
    const tp_option_spec choice[] = {
        {.name = "c", .type = TP_OPT_STRING, .default_value = "EUR", .choices = "USD|AUD"}, {.name = NULL}};
    expect_bad_table(choice, "\"c\"", "must be one of");
    const tp_option_spec dbl[] = {{.name = "d", .type = TP_OPT_DOUBLE, .default_value = "fast"}, {.name = NULL}};
    expect_bad_table(dbl, "\"d\"", "number");
    const tp_option_spec boolean[] = {{.name = "b", .type = TP_OPT_BOOL, .default_value = "yes"}, {.name = NULL}};
    expect_bad_table(boolean, "\"b\"", "true or false");
    const tp_option_spec str_int[] = {{.name = "s", .type = TP_OPT_STRING, .default_value = "3"}, {.name = NULL}};
    expect_bad_table(str_int, "\"s\"", "must be a string");
    const tp_option_spec list_num[] = {{.name = "l", .type = TP_OPT_LIST, .default_value = "[1, 2]"}, {.name = NULL}};
    expect_bad_table(list_num, "\"l\"", "list of strings");
}

/* ---- tp__options_resolve --------------------------------------------------------- */

static void test_resolve_defaults(void **state)
{
    (void)state;
    tp__config c;
    load(&c, "stages = ( { plugin = \"currency\"; id = \"money\";\n"
             "  options = { model = \"m.bin\"; }; } );\n");
    tp__optset o;
    tp__diags d = {0};
    int rc = tp__options_resolve(&o, currency_opts, &c.stages[0], &d);
    if (rc)
        dump_diags(&d);
    assert_int_equal(rc, 0);
    assert_int_equal(d.count, 0);
    assert_int_equal(o.n, 8);

    const tp__optval *v = get(&o, "dollar", TP_OPT_STRING);
    assert_false(v->set);
    assert_int_equal(v->value.kind, TP__V_STRING);
    assert_string_equal(v->value.s, "USD");
    v = get(&o, "places", TP_OPT_INT);
    assert_false(v->set);
    assert_int_equal(v->value.kind, TP__V_INT);
    assert_int_equal(v->value.i, 2);
    v = get(&o, "rate", TP_OPT_DOUBLE);
    assert_int_equal(v->value.kind, TP__V_FLOAT);
    assert_true(v->value.d == 1.5);
    v = get(&o, "strict", TP_OPT_BOOL);
    assert_int_equal(v->value.kind, TP__V_BOOL);
    assert_int_equal(v->value.i, 0);
    v = get(&o, "lists", TP_OPT_LIST);
    assert_int_equal(v->value.kind, TP__V_LIST);
    assert_int_equal(v->value.nitems, 1);
    assert_string_equal(v->value.items[0], "a.txt");
    v = get(&o, "model", TP_OPT_STRING);
    assert_true(v->set);
    assert_string_equal(v->value.s, "m.bin");
    assert_string_equal(v->origin.file, "opts.cfg");
    assert_int_equal(v->origin.line, 2);
    assert_string_equal(v->origin.dir, "/tmp");
    /* No default and not set: kind 0. */
    v = get(&o, "ratio", TP_OPT_DOUBLE);
    assert_false(v->set);
    assert_int_equal(v->value.kind, 0);
    v = get(&o, "big", TP_OPT_INT);
    assert_int_equal(v->value.kind, 0);
    assert_null(tp__options_get(&o, "nope", NULL));
    tp__options_free(&o);
    tp__config_free(&c);
    tp__diags_free(&d);
}

static void test_resolve_conversions(void **state)
{
    (void)state;
    tp__config c;
    load(&c, "stages = ( { plugin = \"currency\"; id = \"money\";\n" /* 1 */
             "  options = {\n"                                       /* 2 */
             "    rate = 2;\n"                                       /* 3: int -> double */
             "    ratio = 1;\n"                                      /* 4: int at the max */
             "    lists = \"b.txt\";\n"                              /* 5: string -> list */
             "    places = 6;\n"                                     /* 6 */
             "    dollar = \"CAD\";\n"                               /* 7 */
             "    strict = true;\n"                                  /* 8 */
             "    model = \"m.bin\";\n"                              /* 9 */
             "    big = 5000000000L;\n"                              /* 10 */
             "  }; } );\n");
    tp__optset o;
    tp__diags d = {0};
    int rc = tp__options_resolve(&o, currency_opts, &c.stages[0], &d);
    if (rc)
        dump_diags(&d);
    assert_int_equal(rc, 0);
    const tp__optval *v = get(&o, "rate", TP_OPT_DOUBLE);
    assert_true(v->set);
    assert_int_equal(v->value.kind, TP__V_FLOAT);
    assert_true(v->value.d == 2.0);
    assert_int_equal(v->origin.line, 3);
    v = get(&o, "ratio", TP_OPT_DOUBLE);
    assert_int_equal(v->value.kind, TP__V_FLOAT);
    assert_true(v->value.d == 1.0);
    v = get(&o, "lists", TP_OPT_LIST);
    assert_int_equal(v->value.kind, TP__V_LIST);
    assert_int_equal(v->value.nitems, 1);
    assert_string_equal(v->value.items[0], "b.txt");
    assert_int_equal(v->origin.line, 5);
    v = get(&o, "places", TP_OPT_INT);
    assert_int_equal(v->value.i, 6);
    v = get(&o, "dollar", TP_OPT_STRING);
    assert_string_equal(v->value.s, "CAD");
    assert_int_equal(v->origin.line, 7);
    v = get(&o, "strict", TP_OPT_BOOL);
    assert_int_equal(v->value.i, 1);
    v = get(&o, "big", TP_OPT_INT);
    assert_true(v->value.i == 5000000000LL);
    /* The stage's own values are not changed by the conversion. */
    const tp__setting *s = tp__stage_option(&c.stages[0], "rate");
    assert_int_equal(s->value.kind, TP__V_INT);
    s = tp__stage_option(&c.stages[0], "lists");
    assert_int_equal(s->value.kind, TP__V_STRING);
    tp__options_free(&o);
    tp__config_free(&c);
    tp__diags_free(&d);
}

static void test_resolve_errors(void **state)
{
    (void)state;
    tp__config c;
    load(&c, "stages = ( { plugin = \"currency\"; id = \"money\";\n" /* 1 */
             "  options = {\n"                                       /* 2 */
             "    dollor = \"AUD\";\n"                               /* 3 unknown, did you mean */
             "    places = \"3\";\n"                                 /* 4 wrong type */
             "    strict = 1;\n"                                     /* 5 wrong type */
             "    lists = [1, 2];\n"                                 /* 6 wrong type */
             "  }; },\n"                                             /* 7 */
             "  { plugin = \"currency\"; id = \"m2\";\n"             /* 8 */
             "  options = {\n"                                       /* 9 */
             "    places = 7;\n"                                     /* 10 out of range */
             "    dollar = \"EUR\";\n"                               /* 11 not a choice */
             "    ratio = 1.5;\n"                                    /* 12 out of range */
             "    zzzzzz = 1;\n"                                     /* 13 unknown, no suggestion */
             "    rate = \"x\";\n"                                   /* 14 wrong type */
             "  }; } );\n");
    tp__optset o;
    tp__diags d = {0};
    /* Stage 1: four bad settings, and the required model is missing. */
    assert_int_equal(tp__options_resolve(&o, currency_opts, &c.stages[0], &d), -1);
    if (d.count != 5)
        dump_diags(&d);
    assert_int_equal(d.count, 5);
    for (size_t i = 0; i < d.count; i++) {
        assert_string_equal(d.items[i].file, "opts.cfg");
        expect_msg(&d.items[i], "\"money\"");
    }
    const tp__diag *g = diag_at(&d, 3);
    expect_msg(g, "unknown option \"dollor\"");
    expect_msg(g, "did you mean \"dollar\"");
    g = diag_at(&d, 4);
    expect_msg(g, "\"places\"");
    expect_msg(g, "must be an integer, not a string");
    g = diag_at(&d, 5);
    expect_msg(g, "\"strict\"");
    expect_msg(g, "must be true or false, not an integer");
    g = diag_at(&d, 6);
    expect_msg(g, "\"lists\"");
    expect_msg(g, "list of strings");
    g = diag_at(&d, 1); /* the stage's line */
    expect_msg(g, "required option \"model\"");
    /* Valid-looking defaults still fill what was not set. */
    const tp__optval *v = get(&o, "rate", TP_OPT_DOUBLE);
    assert_true(v->value.d == 1.5);
    tp__options_free(&o);
    tp__diags_free(&d);

    /* Stage 2 */
    assert_int_equal(tp__options_resolve(&o, currency_opts, &c.stages[1], &d), -1);
    if (d.count != 6)
        dump_diags(&d);
    assert_int_equal(d.count, 6);
    g = diag_at(&d, 10);
    expect_msg(g, "\"m2\"");
    expect_msg(g, "\"places\"");
    expect_msg(g, "out of range");
    expect_msg(g, "7");
    expect_msg(g, "[0, 6]");
    g = diag_at(&d, 11);
    expect_msg(g, "\"dollar\"");
    expect_msg(g, "must be one of \"USD\", \"AUD\", \"CAD\"");
    expect_msg(g, "\"EUR\"");
    g = diag_at(&d, 12);
    expect_msg(g, "\"ratio\"");
    expect_msg(g, "out of range");
    expect_msg(g, "[0, 1]");
    g = diag_at(&d, 13);
    expect_msg(g, "unknown option \"zzzzzz\"");
    assert_null(strstr(g->msg, "did you mean"));
    expect_msg(g, "currency"); /* names the plugin and what it has */
    expect_msg(g, "dollar");
    g = diag_at(&d, 14);
    expect_msg(g, "\"rate\"");
    expect_msg(g, "must be a number, not a string");
    g = diag_at(&d, 8);
    expect_msg(g, "required option \"model\"");
    tp__options_free(&o);
    tp__diags_free(&d);
    tp__config_free(&c);
}

static void test_resolve_no_options_plugin(void **state)
{
    (void)state;
    tp__config c;
    load(&c, "stages = ( { plugin = \"plain\";\n"
             "  options = { anything = 1; }; },\n"
             "  { plugin = \"plain\"; id = \"p2\"; } );\n");
    tp__optset o;
    tp__diags d = {0};
    assert_int_equal(tp__options_resolve(&o, NULL, &c.stages[0], &d), -1);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].line, 2);
    expect_msg(&d.items[0], "unknown option \"anything\"");
    expect_msg(&d.items[0], "plain");
    assert_int_equal(o.n, 0);
    tp__options_free(&o);
    tp__diags_free(&d);
    assert_int_equal(tp__options_resolve(&o, NULL, &c.stages[1], &d), 0);
    assert_int_equal(d.count, 0);
    tp__options_free(&o);
    tp__config_free(&c);
}

/* A stage built by hand, as --set would leave it (line 0). */
static void test_resolve_hand_built_stage(void **state)
{
    (void)state;
    static const tp_option_spec spec[] = {
        {.name = "n", .type = TP_OPT_INT, .default_value = "1", .min = 1, .max = 10},
        {.name = "words", .type = TP_OPT_LIST},
        {.name = NULL},
    };
    assert_null(tp__options_check_table(spec));
    tp__setting opts[2];
    memset(opts, 0, sizeof opts);
    opts[0].name = "n";
    opts[0].value = tp__value_parse("10");
    opts[0].origin = (tp__origin){"--set s.n=10", 0, "/work"};
    opts[1].name = "words";
    opts[1].value = tp__value_parse("[\"x\", \"y\"]");
    opts[1].origin = (tp__origin){"--set s.words=[\"x\", \"y\"]", 0, "/work"};
    tp__stage_cfg st;
    memset(&st, 0, sizeof st);
    st.id = "s";
    st.plugin = "p";
    st.origin = (tp__origin){"hand.cfg", 7, "/"};
    st.opts = opts;
    st.nopts = 2;
    tp__optset o;
    tp__diags d = {0};
    assert_int_equal(tp__options_resolve(&o, spec, &st, &d), 0);
    const tp__optval *v = get(&o, "n", TP_OPT_INT);
    assert_true(v->set);
    assert_int_equal(v->value.i, 10);
    assert_string_equal(v->origin.file, "--set s.n=10");
    assert_int_equal(v->origin.line, 0);
    assert_string_equal(v->origin.dir, "/work");
    v = get(&o, "words", TP_OPT_LIST);
    assert_int_equal(v->value.nitems, 2);
    assert_string_equal(v->value.items[1], "y");
    tp__options_free(&o);
    /* Out of range below the minimum, reported at the setting's origin. */
    tp__value_free(&opts[0].value);
    opts[0].value = tp__value_parse("0");
    assert_int_equal(tp__options_resolve(&o, spec, &st, &d), -1);
    assert_int_equal(d.count, 1);
    assert_string_equal(d.items[0].file, "--set s.n=10");
    assert_int_equal(d.items[0].line, 0);
    expect_msg(&d.items[0], "out of range");
    tp__options_free(&o);
    tp__diags_free(&d);
    tp__value_free(&opts[0].value);
    tp__value_free(&opts[1].value);
}

/* Names a config file could never set (libconfig names start with a letter)
 * are not lower_snake_case either. */
static void test_check_unusable_names(void **state)
{
    (void)state;
    const tp_option_spec empty[] = {{.name = "", .type = TP_OPT_INT}, {.name = NULL}};
    char *why = tp__options_check_table(empty);
    if (!why)
        print_error("an option named \"\" was accepted\n");
    assert_non_null(why);
    free(why);
    const tp_option_spec digit[] = {{.name = "1st", .type = TP_OPT_INT}, {.name = NULL}};
    why = tp__options_check_table(digit);
    if (!why)
        print_error("an option named \"1st\" was accepted\n");
    assert_non_null(why);
    free(why);
}

/* One wrong setting of a required option is one problem, not two. */
static void test_required_with_wrong_type_reported_once(void **state)
{
    (void)state;
    tp__config c;
    load(&c, "stages = ( { plugin = \"currency\";\n" /* 1 */
             "  options = { model = 5; }; } );\n");  /* 2 */
    tp__optset o;
    tp__diags d = {0};
    assert_int_equal(tp__options_resolve(&o, currency_opts, &c.stages[0], &d), -1);
    if (d.count != 1)
        dump_diags(&d);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].line, 2);
    expect_msg(&d.items[0], "must be a string, not an integer");
    tp__options_free(&o);
    tp__diags_free(&d);
    tp__config_free(&c);
}

static void test_type_names(void **state)
{
    (void)state;
    assert_string_equal(tp__option_type_name(TP_OPT_STRING), "string");
    assert_string_equal(tp__option_type_name(TP_OPT_INT), "integer");
    assert_string_equal(tp__option_type_name(TP_OPT_DOUBLE), "number");
    assert_string_equal(tp__option_type_name(TP_OPT_BOOL), "boolean");
    assert_string_equal(tp__option_type_name(TP_OPT_LIST), "list of strings");
}

/* ---- Options bound to fields ------------------------------------------------------ */

/* A state with one field of every type a binding can fill, and a canary
 * around each so a write of the wrong width shows. */
typedef struct bound {
    uint64_t c0;
    const char *dollar;
    int dollar_choice;
    int64_t places;
    int small;
    size_t count;
    double rate;
    int strict;
    tp_opt_list lists;
    const char *unset_str;
    tp_opt_list unset_list;
    int unset_choice;
    uint64_t c1;
} bound;

#define CANARY 0x5A5A5A5A5A5A5A5AULL

static const tp_option_spec bound_opts[] = {
    {.name = "dollar",
     .type = TP_OPT_STRING,
     .default_value = "USD",
     .choices = "USD|AUD|CAD",
     .field = TP_OPT_FIELD(bound, dollar)},
    {.name = "dollar_again",
     .type = TP_OPT_STRING,
     .default_value = "CAD",
     .choices = "USD|AUD|CAD",
     .field = TP_OPT_FIELD(bound, dollar_choice)},
    {.name = "places", .type = TP_OPT_INT, .default_value = "2", .field = TP_OPT_FIELD(bound, places)},
    {.name = "small", .type = TP_OPT_INT, .default_value = "-7", .min = -100, .max = 100, .field = TP_OPT_FIELD(bound, small)},
    {.name = "count", .type = TP_OPT_INT, .default_value = "3", .min = 0, .max = 1000, .field = TP_OPT_FIELD(bound, count)},
    {.name = "rate", .type = TP_OPT_DOUBLE, .default_value = "1.5", .field = TP_OPT_FIELD(bound, rate)},
    {.name = "strict", .type = TP_OPT_BOOL, .default_value = "true", .field = TP_OPT_FIELD(bound, strict)},
    {.name = "lists", .type = TP_OPT_LIST, .default_value = "[\"a.txt\", \"b.txt\"]", .field = TP_OPT_FIELD(bound, lists)},
    {.name = "unset_str", .type = TP_OPT_STRING, .field = TP_OPT_FIELD(bound, unset_str)},
    {.name = "unset_list", .type = TP_OPT_LIST, .field = TP_OPT_FIELD(bound, unset_list)},
    {.name = "unset_choice", .type = TP_OPT_STRING, .choices = "a|b", .field = TP_OPT_FIELD(bound, unset_choice)},
    {.name = "free", .type = TP_OPT_INT, .default_value = "9"}, /* read with tp_opt_int() */
    {.name = NULL},
};

static void test_field_encoding(void **state)
{
    (void)state;
    /* TP_OPT_FIELD records the offset and the field's C type; the entry
     * keeps ABI 1.0's size (the table is an array). */
    assert_int_equal(bound_opts[2].field >> 4, offsetof(bound, places) + 1);
    assert_int_equal(bound_opts[2].field & 15, TP__FIELD_I64);
    assert_int_equal(bound_opts[0].field & 15, TP__FIELD_STR);
    assert_int_equal(bound_opts[1].field & 15, TP__FIELD_INT);
    assert_int_equal(bound_opts[4].field & 15, TP__FIELD_SIZE);
    assert_int_equal(bound_opts[5].field & 15, TP__FIELD_DOUBLE);
    assert_int_equal(bound_opts[7].field & 15, TP__FIELD_LIST);
    assert_int_equal(sizeof(tp_option_spec),
                     offsetof(tp_option_spec, choices) + sizeof(const char *) + 2 * sizeof(void *));
    assert_null(tp__options_check_table(bound_opts));
    char *why = tp__options_check_fields(bound_opts);
    if (why)
        print_error("%s\n", why);
    assert_null(why);
    /* A 1.0 table (nothing bound) passes too. */
    assert_null(tp__options_check_fields(currency_opts));
    assert_null(tp__options_check_fields(NULL));
}

static void test_bind_defaults_and_unset(void **state)
{
    (void)state;
    tp__config c;
    load(&c, "stages = ( { plugin = \"b\"; } );\n");
    tp__optset o;
    tp__diags d = {0};
    assert_int_equal(tp__options_resolve(&o, bound_opts, &c.stages[0], &d), 0);
    bound b;
    memset(&b, 0x33, sizeof b);
    b.c0 = b.c1 = CANARY;
    tp__options_bind(&o, &b);
    assert_true(b.c0 == CANARY && b.c1 == CANARY);
    assert_string_equal(b.dollar, "USD");
    /* The same pointer the core hands out: tp_init_path() recognises it. */
    assert_ptr_equal(b.dollar, get(&o, "dollar", TP_OPT_STRING)->value.s);
    assert_int_equal(b.dollar_choice, 2); /* CAD */
    assert_int_equal(b.places, 2);
    assert_int_equal(b.small, -7);
    assert_int_equal(b.count, 3);
    assert_true(b.rate == 1.5);
    assert_int_equal(b.strict, 1);
    assert_int_equal(b.lists.n, 2);
    assert_string_equal(b.lists.items[0], "a.txt");
    assert_string_equal(b.lists.items[1], "b.txt");
    assert_null(b.unset_str);
    assert_null(b.unset_list.items);
    assert_int_equal(b.unset_list.n, 0);
    assert_int_equal(b.unset_choice, -1);
    tp__options_free(&o);
    tp__config_free(&c);
    tp__diags_free(&d);
}

static void test_bind_config_values(void **state)
{
    (void)state;
    tp__config c;
    load(&c, "stages = ( { plugin = \"b\"; options = { dollar = \"AUD\"; dollar_again = \"USD\";\n"
             "  places = 5000000000L; small = 100; count = 0; rate = 2; strict = false;\n"
             "  lists = \"only.txt\"; unset_str = \"x\"; unset_list = []; unset_choice = \"b\"; }; } );\n");
    tp__optset o;
    tp__diags d = {0};
    int rc = tp__options_resolve(&o, bound_opts, &c.stages[0], &d);
    if (rc)
        dump_diags(&d);
    assert_int_equal(rc, 0);
    bound b;
    memset(&b, 0, sizeof b);
    b.c0 = b.c1 = CANARY;
    tp__options_bind(&o, &b);
    assert_true(b.c0 == CANARY && b.c1 == CANARY);
    assert_string_equal(b.dollar, "AUD");
    assert_int_equal(b.dollar_choice, 0);
    assert_true(b.places == 5000000000LL);
    assert_int_equal(b.small, 100);
    assert_int_equal(b.count, 0);
    assert_true(b.rate == 2.0); /* an integer given for a number */
    assert_int_equal(b.strict, 0);
    assert_int_equal(b.lists.n, 1); /* a single string for a list */
    assert_string_equal(b.lists.items[0], "only.txt");
    assert_string_equal(b.unset_str, "x");
    assert_int_equal(b.unset_list.n, 0);
    assert_int_equal(b.unset_choice, 1);
    tp__options_free(&o);
    tp__config_free(&c);
    tp__diags_free(&d);
}

typedef struct wrong {
    int64_t i64;
    int i;
    size_t z;
    double dbl;
    const char *str;
    tp_opt_list list;
} wrong;

/* One entry, the terminator; checks the loader's verdict. */
static void expect_field_problem(tp_option_spec o, const char *part)
{
    tp_option_spec spec[2] = {o, {.name = NULL}};
    char *why = tp__options_check_fields(spec);
    if (!why || !strstr(why, part))
        print_error("want \"%s\", got \"%s\"\n", part, why ? why : "(null)");
    assert_non_null(why);
    assert_non_null(strstr(why, part));
    free(why);
}

static void test_check_fields_refuses_mismatches(void **state)
{
    (void)state;
    expect_field_problem((tp_option_spec){.name = "a", .type = TP_OPT_STRING, .field = TP_OPT_FIELD(wrong, i64)},
                         "option \"a\" (string) binds a field of type int64_t");
    expect_field_problem((tp_option_spec){.name = "a", .type = TP_OPT_STRING, .field = TP_OPT_FIELD(wrong, i)},
                         "give the option choices");
    expect_field_problem((tp_option_spec){.name = "n", .type = TP_OPT_INT, .field = TP_OPT_FIELD(wrong, dbl)},
                         "binds a field of type double");
    expect_field_problem((tp_option_spec){.name = "n", .type = TP_OPT_INT, .field = TP_OPT_FIELD(wrong, i)},
                         "an int field needs a min..max inside int's range");
    expect_field_problem(
        (tp_option_spec){.name = "n", .type = TP_OPT_INT, .min = 0, .max = 1e12, .field = TP_OPT_FIELD(wrong, i)},
        "inside int's range");
    expect_field_problem(
        (tp_option_spec){.name = "n", .type = TP_OPT_INT, .min = -1, .max = 5, .field = TP_OPT_FIELD(wrong, z)},
        "a size_t field needs a min..max with min >= 0");
    expect_field_problem((tp_option_spec){.name = "d", .type = TP_OPT_DOUBLE, .field = TP_OPT_FIELD(wrong, i64)},
                         "bind a double");
    expect_field_problem((tp_option_spec){.name = "b", .type = TP_OPT_BOOL, .field = TP_OPT_FIELD(wrong, i64)},
                         "bind an int");
    expect_field_problem((tp_option_spec){.name = "l", .type = TP_OPT_LIST, .field = TP_OPT_FIELD(wrong, str)},
                         "bind a tp_opt_list");
    /* Not a TP_OPT_FIELD value: an offset of "0" or a type out of range. */
    expect_field_problem((tp_option_spec){.name = "x", .type = TP_OPT_STRING, .field = 3},
                         "option \"x\": field is not a TP_OPT_FIELD() value");
    expect_field_problem((tp_option_spec){.name = "x", .type = TP_OPT_STRING, .field = (8 << 4) | 15},
                         "is not a TP_OPT_FIELD() value");
    /* Two options on one field. */
    tp_option_spec twice[] = {
        {.name = "first", .type = TP_OPT_INT, .field = TP_OPT_FIELD(wrong, i64)},
        {.name = "other", .type = TP_OPT_BOOL},
        {.name = NULL},
    };
    twice[1].field = ((offsetof(wrong, i64) + 4 + 1) << 4) | TP__FIELD_INT; /* an int inside i64 */
    char *why = tp__options_check_fields(twice);
    assert_non_null(why);
    assert_non_null(strstr(why, "options \"first\" and \"other\" bind the same field"));
    free(why);
    /* Without a recorded type (C++), the option type's first C type. */
    tp_option_spec any[] = {
        {.name = "n", .type = TP_OPT_INT, .field = (offsetof(wrong, i64) + 1) << 4},
        {.name = "s", .type = TP_OPT_STRING, .field = (offsetof(wrong, str) + 1) << 4},
        {.name = NULL},
    };
    assert_null(tp__options_check_fields(any));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_good_tables),
        cmocka_unit_test(test_check_bad_tables),
        cmocka_unit_test(test_check_bad_defaults),
        cmocka_unit_test(test_resolve_defaults),
        cmocka_unit_test(test_resolve_conversions),
        cmocka_unit_test(test_resolve_errors),
        cmocka_unit_test(test_resolve_no_options_plugin),
        cmocka_unit_test(test_resolve_hand_built_stage),
        cmocka_unit_test(test_check_unusable_names),
        cmocka_unit_test(test_required_with_wrong_type_reported_once),
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_field_encoding),
        cmocka_unit_test(test_bind_defaults_and_unset),
        cmocka_unit_test(test_bind_config_values),
        cmocka_unit_test(test_check_fields_refuses_mismatches),
    };
    return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
