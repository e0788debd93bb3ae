/*
 * test_loader.c - finding and checking plugins (core/loader.c): the .la
 * reader, the search path (relative entries refused, reported once), a
 * plugin loaded once however often it is asked for, a name not found with
 * where it was looked for (built-in names suggested too), and the descriptor checks that refuse a plugin
 * built for another ABI.  The test plugins are the build's own
 * (tests/plugins, which `make check` names in TEXTPIPE_PLUGIN_PATH).
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "loader.h"

static void test_la_parse(void **state)
{
    (void)state;
    char *dl, *why = NULL;
    bool inst;
    const char ok[] = "# libtool\ndlname='noop.so'\nlibrary_names='noop.so'\ninstalled=yes\n";
    assert_int_equal(tp__la_parse(ok, strlen(ok), &dl, &inst, &why), 0);
    assert_string_equal(dl, "noop.so");
    assert_true(inst);
    free(dl);
    const char none[] = "dlname=''\ninstalled=no\n";
    assert_int_equal(tp__la_parse(none, strlen(none), &dl, &inst, &why), -1);
    assert_null(dl);
    assert_non_null(strstr(why, "names no shared object"));
    free(why);
    /* A dlname that would reach outside the .la file's folder. */
    const char out[] = "dlname='../evil.so'\n";
    assert_int_equal(tp__la_parse(out, strlen(out), &dl, &inst, &why), -1);
    assert_non_null(strstr(why, "not a plain file name"));
    free(why);
}

static void test_path_list_refuses_relative_entries(void **state)
{
    (void)state;
    tp__loader l;
    tp__loader_init(&l);
    tp__diags d = {0};
    tp__loader_add_path_list(&l, "/opt/a::plugins:.:/opt/b", "TEXTPIPE_PLUGIN_PATH", &d);
    /* The empty entry is no folder; the relative ones are not searched. */
    assert_int_equal(l.ndirs, 2);
    assert_string_equal(l.dirs[0], "/opt/a");
    assert_string_equal(l.dirs[1], "/opt/b");
    assert_int_equal(d.count, 1);
    assert_null(d.items[0].file);
    assert_non_null(strstr(d.items[0].msg, "TEXTPIPE_PLUGIN_PATH: \"plugins\", \".\" not searched"));
    tp__diags_free(&d);
    tp__loader_free(&l);
}

/* A loader over the test plugins' folder(s), as `make check` sets them. */
static void test_loader(tp__loader *l)
{
    const char *path = getenv("TEXTPIPE_PLUGIN_PATH");
    if (!path)
        skip();
    tp__loader_init(l);
    tp__diags d = {0};
    tp__loader_add_path_list(l, path, "TEXTPIPE_PLUGIN_PATH", &d);
    assert_int_equal(d.count, 0);
    tp__diags_free(&d);
}

static void test_load_once_and_not_found(void **state)
{
    (void)state;
    tp__loader l;
    test_loader(&l);
    char *err = NULL;
    const tp__module *m = tp__loader_load(&l, "testwords", &err);
    assert_non_null(m);
    assert_null(err);
    assert_string_equal(m->desc->name, "testwords");
    assert_true(m->path[0] == '/');
    /* Asked for again: the same module, not a second copy. */
    assert_ptr_equal(tp__loader_load(&l, "testwords", &err), m);
    assert_int_equal(l.nmodules, 1);
    /* A typo: not found, with the likely name and where it looked. */
    assert_null(tp__loader_load(&l, "testwrods", &err));
    assert_non_null(strstr(err, "plugin \"testwrods\" not found (did you mean \"testwords\"?); searched: "));
    assert_non_null(strstr(err, "(TEXTPIPE_PLUGIN_PATH)"));
    free(err);
    tp__loader_free(&l);
}

static int stub_init(tp_init *ini, void **state)
{
    (void)ini;
    *state = NULL;
    return TP_OK;
}

static int stub_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)state, (void)doc, (void)ctx;
    return TP_OK;
}

static void test_descriptor_checks(void **state)
{
    (void)state;
    tp_plugin d = {TP_PLUGIN_DESCRIPTOR_HEAD, .name = "x", .init = stub_init, .process = stub_process};
    char *why = tp__plugin_check(&d, "x", "/p/x.so");
    assert_null(why);
    /* Another major: refused, naming both versions. */
    d.abi_major = TP_ABI_MAJOR + 1;
    why = tp__plugin_check(&d, "x", "/p/x.so");
    assert_non_null(why);
    assert_non_null(strstr(why, "plugin \"x\" (/p/x.so) was built for plugin ABI"));
    free(why);
    /* A newer minor than this textpipe's. */
    d.abi_major = TP_ABI_MAJOR;
    d.abi_minor = TP_ABI_MINOR + 1;
    why = tp__plugin_check(&d, "x", "/p/x.so");
    assert_non_null(why);
    assert_non_null(strstr(why, "newer than this textpipe"));
    free(why);
    /* A descriptor whose name is not its file's. */
    d.abi_minor = TP_ABI_MINOR;
    why = tp__plugin_check(&d, "y", "/p/y.so");
    assert_non_null(why);
    assert_non_null(strstr(why, "declares the name \"x\""));
    free(why);
    /* No process(). */
    d.process = NULL;
    why = tp__plugin_check(&d, "x", "/p/x.so");
    assert_non_null(why);
    assert_non_null(strstr(why, "has no process function"));
    free(why);
}

static const tp_plugin *builtin_entry(void)
{
    static const tp_plugin d = {TP_PLUGIN_DESCRIPTOR_HEAD, .name = "headlines", .init = stub_init,
                                .process = stub_process};
    return &d;
}

/* A mistyped name of a plugin compiled into the program is answered with
 * that plugin's name, as for one in a folder. */
static void test_did_you_mean_builtin(void **state)
{
    (void)state;
    static const tp__builtin_plugin builtins[] = {{"headlines", builtin_entry}};
    tp__loader l;
    tp__loader_init(&l);
    l.builtins = builtins;
    l.nbuiltins = 1;
    tp__loader_add_dir(&l, "/nonexistent-textpipe-plugins", "test");
    char *err = NULL;
    assert_non_null(tp__loader_load(&l, "headlines", &err));
    assert_null(tp__loader_load(&l, "headlnies", &err));
    assert_non_null(strstr(err, "plugin \"headlnies\" not found (did you mean \"headlines\"?)"));
    free(err);
    tp__loader_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_la_parse),
        cmocka_unit_test(test_path_list_refuses_relative_entries),
        cmocka_unit_test(test_load_once_and_not_found),
        cmocka_unit_test(test_descriptor_checks),
        cmocka_unit_test(test_did_you_mean_builtin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
