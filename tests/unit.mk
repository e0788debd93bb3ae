# cmocka unit tests of core modules (one program per module).

check_PROGRAMS += tests/unit/test_utf8
tests_unit_test_utf8_SOURCES = tests/unit/test_utf8.c
tests_unit_test_utf8_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_utf8_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_utf8

check_PROGRAMS += tests/unit/test_doc
tests_unit_test_doc_SOURCES = tests/unit/test_doc.c
tests_unit_test_doc_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_doc_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_doc

check_PROGRAMS += tests/unit/test_jsonl
tests_unit_test_jsonl_SOURCES = tests/unit/test_jsonl.c
tests_unit_test_jsonl_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_jsonl_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_jsonl

check_PROGRAMS += tests/unit/test_json_out
tests_unit_test_json_out_SOURCES = tests/unit/test_json_out.c
tests_unit_test_json_out_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_json_out_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_json_out

check_PROGRAMS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_config_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_config

check_PROGRAMS += tests/unit/test_diag
tests_unit_test_diag_SOURCES = tests/unit/test_diag.c
tests_unit_test_diag_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_diag_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_diag

check_PROGRAMS += tests/unit/test_options
tests_unit_test_options_SOURCES = tests/unit/test_options.c
tests_unit_test_options_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_options_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_options

check_PROGRAMS += tests/unit/test_input
tests_unit_test_input_SOURCES = tests/unit/test_input.c
tests_unit_test_input_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_input_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_input

check_PROGRAMS += tests/unit/test_loader
tests_unit_test_loader_SOURCES = tests/unit/test_loader.c
tests_unit_test_loader_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_loader_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_loader

check_PROGRAMS += tests/unit/test_pipeline
tests_unit_test_pipeline_SOURCES = tests/unit/test_pipeline.c
tests_unit_test_pipeline_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_pipeline_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_pipeline

check_PROGRAMS += tests/unit/test_runner_parts
tests_unit_test_runner_parts_SOURCES = tests/unit/test_runner_parts.c
tests_unit_test_runner_parts_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_runner_parts_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_runner_parts

# <textpipe/utf8.h>: the classes are checked against Python's unicodedata,
# kept as a fixture; utf8_ucd.py writes it and core/utf8.c's class table.
check_PROGRAMS += tests/unit/test_utf8_public
tests_unit_test_utf8_public_SOURCES = tests/unit/test_utf8_public.c
tests_unit_test_utf8_public_CPPFLAGS = $(TEST_CPPFLAGS) \
	-DUTF8_CATEGORIES='"$(abs_top_srcdir)/tests/unit/utf8_categories.txt"'
tests_unit_test_utf8_public_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_utf8_public
EXTRA_DIST += tests/unit/utf8_categories.txt tests/unit/utf8_ucd.py

# The viewer's rooms (core/cli/view/): text and values, records and the
# page's frame, the span renderer.  digest.c is the program's; the frame
# hashes what it writes with it.
VIEW_TEST_LIBS = core/cli/libtextpipe-view.la $(TEST_LIBS) $(NETTLE_LIBS)
check_PROGRAMS += tests/unit/test_view_text tests/unit/test_view_records tests/unit/test_view_spans
tests_unit_test_view_text_SOURCES = tests/unit/test_view_text.c
tests_unit_test_view_text_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_view_text_LDADD = $(VIEW_TEST_LIBS)
tests_unit_test_view_records_SOURCES = tests/unit/test_view_records.c core/cli/digest.c
tests_unit_test_view_records_CPPFLAGS = $(TEST_CPPFLAGS) $(NETTLE_CFLAGS)
tests_unit_test_view_records_LDADD = $(VIEW_TEST_LIBS)
tests_unit_test_view_spans_SOURCES = tests/unit/test_view_spans.c
tests_unit_test_view_spans_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_view_spans_LDADD = $(VIEW_TEST_LIBS)
TESTS += tests/unit/test_view_text tests/unit/test_view_records tests/unit/test_view_spans

check_PROGRAMS += tests/unit/test_serve_parts
tests_unit_test_serve_parts_SOURCES = tests/unit/test_serve_parts.c
tests_unit_test_serve_parts_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_serve_parts_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_serve_parts
