# tests/: cmocka unit tests (TAP), end-to-end tests of the CLI (shell),
# purpose-built test plugins, fixtures and benchmarks.

TEST_LIBS = core/cli/libtextpipe-cli.la core/libtextpipe-core.la $(CMOCKA_LIBS) $(CJSON_LIBS) $(ZLIB_LIBS) $(ZSTD_LIBS)
TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/cli $(CMOCKA_CFLAGS) $(CJSON_CFLAGS) $(LIBCONFIG_CFLAGS)

# cmocka programs speak TAP; shell tests use automake's exit codes (77 = skip).
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)

AM_TESTS_ENVIRONMENT = \
	CMOCKA_MESSAGE_OUTPUT=TAP; export CMOCKA_MESSAGE_OUTPUT; \
	TEXTPIPE='$(abs_top_builddir)/textpipe'; export TEXTPIPE; \
	TEXTPIPE_PLUGIN_PATH='$(abs_top_builddir)/plugins:$(abs_top_builddir)/tests/plugins'; \
	export TEXTPIPE_PLUGIN_PATH; \
	TEXTPIPE_DATA_DIR='$(abs_top_srcdir)/plugins'; export TEXTPIPE_DATA_DIR; \
	TESTS_SRCDIR='$(abs_top_srcdir)/tests'; export TESTS_SRCDIR; \
	TOP_SRCDIR='$(abs_top_srcdir)'; export TOP_SRCDIR; \
	TOP_BUILDDIR='$(abs_top_builddir)'; export TOP_BUILDDIR; \
	JQ='$(JQ)'; export JQ; PYTHON3='$(PYTHON3)'; export PYTHON3; \
	CC='$(CC)'; export CC; \
	LIBTOOL='$(LIBTOOL)'; export LIBTOOL; \
	TEXTPIPE_SHARED="$${TEXTPIPE_SHARED:-}"; export TEXTPIPE_SHARED; \
	TMPDIR='$(abs_top_builddir)/tests/tmp'; export TMPDIR; $(MKDIR_P) "$$TMPDIR";
# Scratch files live in the build tree, not /tmp: plugins built or copied
# there by a test would be refused (a shared folder, see core/trust.h).
clean-local: clean-tests-tmp
clean-tests-tmp:
	-rm -rf tests/tmp
.PHONY: clean-tests-tmp

# ---- Test plugins: built for `make check` only.  -rpath makes libtool
# build real shared modules rather than convenience archives.
TP_TEST_MODULE_FLAGS = -module -avoid-version -shared -rpath /nowhere $(TP_NO_UNDEFINED) \
	-export-symbols-regex '^tp_plugin_entry$$'
check_LTLIBRARIES += tests/plugins/testwords.la tests/plugins/testpairs.la \
	tests/plugins/testfail.la tests/plugins/noop.la tests/plugins/testabi.la \
	tests/plugins/testnosym.la tests/plugins/testcrash.la tests/plugins/testnames.la \
	tests/plugins/testwanted.la
tests_plugins_testwanted_la_SOURCES = tests/plugins/testwanted.c
tests_plugins_testwanted_la_LDFLAGS = $(TP_TEST_MODULE_FLAGS)
tests_plugins_testwanted_la_LIBADD = core/libtextpipe.la
tests_plugins_testwords_la_SOURCES = tests/plugins/testwords.c
tests_plugins_testwords_la_LDFLAGS = $(TP_TEST_MODULE_FLAGS)
tests_plugins_testwords_la_LIBADD = core/libtextpipe.la
tests_plugins_testpairs_la_SOURCES = tests/plugins/testpairs.c
tests_plugins_testpairs_la_LDFLAGS = $(TP_TEST_MODULE_FLAGS)
tests_plugins_testpairs_la_LIBADD = core/libtextpipe.la
tests_plugins_testfail_la_SOURCES = tests/plugins/testfail.c
tests_plugins_testfail_la_LDFLAGS = $(TP_TEST_MODULE_FLAGS)
tests_plugins_testfail_la_LIBADD = core/libtextpipe.la
tests_plugins_noop_la_SOURCES = tests/plugins/noop.c
tests_plugins_noop_la_LDFLAGS = $(TP_TEST_MODULE_FLAGS)
tests_plugins_noop_la_LIBADD = core/libtextpipe.la
tests_plugins_testabi_la_SOURCES = tests/plugins/testabi.c
tests_plugins_testabi_la_LDFLAGS = $(TP_TEST_MODULE_FLAGS)
tests_plugins_testabi_la_LIBADD = core/libtextpipe.la
tests_plugins_testcrash_la_SOURCES = tests/plugins/testcrash.c
tests_plugins_testcrash_la_LDFLAGS = $(TP_TEST_MODULE_FLAGS)
tests_plugins_testcrash_la_LIBADD = core/libtextpipe.la
tests_plugins_testnames_la_SOURCES = tests/plugins/testnames.c
tests_plugins_testnames_la_LDFLAGS = $(TP_TEST_MODULE_FLAGS)
tests_plugins_testnames_la_LIBADD = core/libtextpipe.la -lm
# The same testwords, version 2.0: an upgrade put in place of the first.
check_LTLIBRARIES += tests/plugins/upgraded/testwords.la
tests_plugins_upgraded_testwords_la_SOURCES = tests/plugins/testwords.c
tests_plugins_upgraded_testwords_la_CPPFLAGS = $(AM_CPPFLAGS) -DTESTWORDS_VERSION='"2.0"'
tests_plugins_upgraded_testwords_la_LDFLAGS = $(TP_TEST_MODULE_FLAGS)
tests_plugins_upgraded_testwords_la_LIBADD = core/libtextpipe.la
tests_plugins_testnosym_la_SOURCES = tests/plugins/testnosym.c
tests_plugins_testnosym_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
# needsdep is compiled by its test with $(CC), to control its dependency.
EXTRA_DIST += tests/plugins/needsdep.c tests/plugins/gone.c
include tests/unit.mk

# ---- End-to-end tests of the textpipe command.
TESTS += tests/e2e/cli_basic.sh tests/e2e/cli_errors.sh tests/e2e/loader_errors.sh tests/e2e/loader_trust.sh \
	tests/e2e/config_errors.sh tests/e2e/config_includes.sh tests/e2e/output_valid.sh tests/e2e/valgrind.sh tests/e2e/installed.sh \
	tests/e2e/batch_workers.sh tests/e2e/batch_resume.sh tests/e2e/batch_parallel.sh tests/e2e/hostile.sh \
	tests/e2e/batch_hangs.sh tests/e2e/batch_outputs.sh tests/e2e/batch_inputs.sh tests/e2e/batch_killloop.sh \
	tests/e2e/inputs_formats.sh tests/e2e/memory_scaling.sh \
	tests/e2e/currency.sh tests/e2e/sentences.sh tests/e2e/ner.sh tests/e2e/layer_wanted.sh \
	tests/e2e/serve_annotate.sh tests/e2e/serve_errors.sh tests/e2e/serve_newsrooms.sh tests/e2e/serve_metrics.sh \
	tests/e2e/serve_signals.sh tests/e2e/serve_limits.sh tests/e2e/serve_upgrade.sh
EXTRA_DIST += tests/e2e/lib.sh tests/e2e/layer_wanted.sh tests/e2e/cli_basic.sh tests/e2e/cli_errors.sh \
	tests/e2e/loader_errors.sh tests/e2e/loader_trust.sh tests/e2e/config_errors.sh tests/e2e/config_includes.sh tests/e2e/output_valid.sh tests/e2e/valgrind.sh tests/e2e/installed.sh \
	tests/e2e/batch_workers.sh tests/e2e/batch_resume.sh tests/e2e/batch_parallel.sh tests/e2e/hostile.sh \
	tests/e2e/batch_hangs.sh tests/e2e/batch_outputs.sh tests/e2e/batch_inputs.sh tests/e2e/batch_killloop.sh \
	tests/e2e/inputs_formats.sh tests/e2e/memory_scaling.sh \
	tests/e2e/currency.sh tests/e2e/sentences.sh tests/e2e/ner.sh tests/e2e/ner/mini.conll \
	tests/e2e/serve_lib.sh tests/e2e/serve_annotate.sh tests/e2e/serve_errors.sh tests/e2e/serve_newsrooms.sh tests/e2e/serve_metrics.sh \
	tests/e2e/serve_signals.sh tests/e2e/serve_limits.sh tests/e2e/serve_upgrade.sh

# ---- Evaluation on the shared data (skipped without TEXTPIPE_SHARED).
TESTS += tests/eval/money.sh tests/eval/sentences.sh tests/eval/ner.sh tests/eval/summary.sh
EXTRA_DIST += tests/eval/lib.sh tests/eval/money.sh tests/eval/sentences.sh tests/eval/ner.sh tests/eval/summary.sh

# ---- Benchmarks: figures, never pass/fail.
EXTRA_DIST += tests/bench/core_bench.sh tests/bench/plugins_bench.sh tests/bench/batch_bench.sh \
	tests/bench/pipeline_bench.sh tests/bench/serve_bench.sh
bench: all $(check_LTLIBRARIES) $(EXTRA_PROGRAMS)
	@TEXTPIPE='$(abs_top_builddir)/textpipe' \
	TEXTPIPE_PLUGIN_PATH='$(abs_top_builddir)/plugins:$(abs_top_builddir)/tests/plugins' \
	TEXTPIPE_DATA_DIR='$(abs_top_srcdir)/plugins' TOP_SRCDIR='$(abs_top_srcdir)' \
	TOP_BUILDDIR='$(abs_top_builddir)' \
	$(SHELL) $(srcdir)/tests/bench/core_bench.sh && \
	TOP_SRCDIR='$(abs_top_srcdir)' TOP_BUILDDIR='$(abs_top_builddir)' \
	TEXTPIPE_DATA_DIR='$(abs_top_srcdir)/plugins' TEXTPIPE='$(abs_top_builddir)/textpipe' \
	TEXTPIPE_PLUGIN_PATH='$(abs_top_builddir)/plugins' \
	$(SHELL) $(srcdir)/tests/bench/plugins_bench.sh && \
	TOP_SRCDIR='$(abs_top_srcdir)' TOP_BUILDDIR='$(abs_top_builddir)' \
	TEXTPIPE='$(abs_top_builddir)/textpipe' TEXTPIPE_PLUGIN_PATH='$(abs_top_builddir)/plugins' \
	$(SHELL) $(srcdir)/tests/bench/pipeline_bench.sh
# Issue 20's figures alone (pipeline_bench.sh; a few minutes, most of it
# under callgrind).
bench-pipeline: all
	@TOP_SRCDIR='$(abs_top_srcdir)' TOP_BUILDDIR='$(abs_top_builddir)' \
	TEXTPIPE='$(abs_top_builddir)/textpipe' TEXTPIPE_PLUGIN_PATH='$(abs_top_builddir)/plugins' \
	$(SHELL) $(srcdir)/tests/bench/pipeline_bench.sh
# The batch runner at scale (several minutes: 1 GB of input).
bench-batch: all $(check_LTLIBRARIES)
	@TEXTPIPE='$(abs_top_builddir)/textpipe' \
	TEXTPIPE_PLUGIN_PATH='$(abs_top_builddir)/plugins:$(abs_top_builddir)/tests/plugins' \
	TEXTPIPE_DATA_DIR='$(abs_top_srcdir)/plugins' TOP_SRCDIR='$(abs_top_srcdir)' \
	$(SHELL) $(srcdir)/tests/bench/batch_bench.sh
# textpipe serve beside textpipe run (about a minute and a half).
bench-serve: all $(check_LTLIBRARIES)
	@TEXTPIPE='$(abs_top_builddir)/textpipe' \
	TEXTPIPE_PLUGIN_PATH='$(abs_top_builddir)/plugins:$(abs_top_builddir)/tests/plugins' \
	TEXTPIPE_DATA_DIR='$(abs_top_srcdir)/plugins' TOP_SRCDIR='$(abs_top_srcdir)' \
	$(SHELL) $(srcdir)/tests/bench/serve_bench.sh
.PHONY: bench bench-batch bench-pipeline bench-serve

# ---- Fuzzing (libFuzzer, clang): make fuzz FUZZ_SECONDS=N
FUZZ_SECONDS = 60
EXTRA_DIST += tests/fuzz/run.sh tests/fuzz/fuzz_config.c tests/fuzz/fuzz_jsonl.c tests/fuzz/fuzz_stage.c \
	tests/fuzz/seeds tests/fuzz/lsan.supp tests/fuzz/fuzz_file.h tests/fuzz/fuzz_config_files.c \
	tests/fuzz/fuzz_loader.c tests/fuzz/fuzz_writer.c tests/fuzz/fuzz_view.c tests/fuzz/fuzz_eval.c \
	tests/fuzz/fuzz_resume.c tests/fuzz/fuzz_input.c tests/fuzz/fuzz_wire.c \
	tests/fuzz/fuzz_abbrev.c tests/fuzz/fuzz_ner_model.c tests/fuzz/fuzz_clusters.c tests/fuzz/fuzz_gazetteer.c \
	tests/fuzz/fuzz_rates.c tests/fuzz/fuzz_money_tables.c tests/fuzz/fuzz_summary_model.c
fuzz:
	@TOP_SRCDIR='$(abs_top_srcdir)' TOP_BUILDDIR='$(abs_top_builddir)' FUZZ_SECONDS='$(FUZZ_SECONDS)' \
	$(SHELL) $(srcdir)/tests/fuzz/run.sh
.PHONY: fuzz
include tests/e2e/view.mk

# Style checks run by hand and by .ci/run, not by make check.
EXTRA_DIST += tests/style/format_check.sh tests/style/cppcheck.sh
