# tests/sdk/: the plugin SDK end to end (included from sdk/local.mk).
#
#   test_testkit      the testkit's assertions pass on the test plugins
#   testkit_fails.sh  each testkit assertion fails where it should, saying why
#   abi.sh            ABI discipline: an older-minor plugin loads, a newer
#                     minor, another major or a short descriptor is refused
#   scaffold.sh       textpipe new-plugin -> build, check, distcheck, install,
#                     run, against the SDK quickstart.sh installed
#   quotes.sh         the example plugin (sdk/examples/quotes) built out of
#                     tree the same way; the seed article's five quotations
#   man.sh            the man pages render without warnings and document
#                     every command and option of textpipe --help
#   bind.sh           options bound to state fields (ABI 1.1): every pairing
#                     of option and C type, defaults, and a bad table refused

TPK_TEST_MODULE_FLAGS = -module -avoid-version -shared -rpath /nowhere $(TP_NO_UNDEFINED) \
	-export-symbols-regex '^tp_plugin_entry$$'
check_LTLIBRARIES += tests/sdk/tkgiven.la tests/sdk/abi_old.la tests/sdk/abi_newer.la \
	tests/sdk/abi_small.la tests/sdk/bindall.la tests/sdk/bindbad.la
tests_sdk_tkgiven_la_SOURCES = tests/sdk/tkgiven.c
tests_sdk_tkgiven_la_LDFLAGS = $(TPK_TEST_MODULE_FLAGS)
tests_sdk_tkgiven_la_LIBADD = core/libtextpipe.la
tests_sdk_abi_old_la_SOURCES = tests/sdk/abi_old.c
tests_sdk_abi_old_la_LDFLAGS = $(TPK_TEST_MODULE_FLAGS)
tests_sdk_abi_old_la_LIBADD = core/libtextpipe.la
tests_sdk_abi_newer_la_SOURCES = tests/sdk/abi_newer.c
tests_sdk_abi_newer_la_LDFLAGS = $(TPK_TEST_MODULE_FLAGS)
tests_sdk_abi_newer_la_LIBADD = core/libtextpipe.la
tests_sdk_abi_small_la_SOURCES = tests/sdk/abi_small.c
tests_sdk_abi_small_la_LDFLAGS = $(TPK_TEST_MODULE_FLAGS)
tests_sdk_abi_small_la_LIBADD = core/libtextpipe.la
tests_sdk_bindall_la_SOURCES = tests/sdk/bindall.c
tests_sdk_bindall_la_LDFLAGS = $(TPK_TEST_MODULE_FLAGS)
tests_sdk_bindall_la_LIBADD = core/libtextpipe.la
tests_sdk_bindbad_la_SOURCES = tests/sdk/bindbad.c
tests_sdk_bindbad_la_LDFLAGS = $(TPK_TEST_MODULE_FLAGS)
tests_sdk_bindbad_la_LIBADD = core/libtextpipe.la

TPK_TEST_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
TPK_TEST_LIBS = sdk/testkit/libtextpipe-testkit.la core/libtextpipe.la $(CMOCKA_LIBS)
check_PROGRAMS += tests/sdk/test_testkit tests/sdk/testkit_fails
tests_sdk_test_testkit_SOURCES = tests/sdk/test_testkit.c
tests_sdk_test_testkit_CPPFLAGS = $(TPK_TEST_CPPFLAGS)
tests_sdk_test_testkit_LDADD = $(TPK_TEST_LIBS)
tests_sdk_testkit_fails_SOURCES = tests/sdk/testkit_fails.c
tests_sdk_testkit_fails_CPPFLAGS = $(TPK_TEST_CPPFLAGS)
tests_sdk_testkit_fails_LDADD = $(TPK_TEST_LIBS)

# An embedder: only the installed headers and the shared library.
check_PROGRAMS += tests/sdk/test_embed
tests_sdk_test_embed_SOURCES = tests/sdk/test_embed.c
tests_sdk_test_embed_CPPFLAGS = -I$(top_srcdir)/sdk/include $(CMOCKA_CFLAGS) $(CJSON_CFLAGS)
tests_sdk_test_embed_LDADD = core/libtextpipe.la $(CMOCKA_LIBS) $(CJSON_LIBS)

TESTS += tests/sdk/exports.sh tests/sdk/test_embed tests/sdk/test_testkit tests/sdk/testkit_fails.sh tests/sdk/abi.sh \
	tests/sdk/scaffold.sh tests/sdk/quotes.sh tests/sdk/man.sh tests/sdk/bind.sh
EXTRA_DIST += tests/sdk/exports.sh tests/sdk/testkit_fails.sh tests/sdk/abi.sh tests/sdk/scaffold.sh tests/sdk/bind.sh \
	tests/sdk/quotes.sh tests/sdk/man.sh tests/sdk/lib.sh \
	tests/sdk/fixtures/testwords.golden.json
