# plugins/summary: extractive summariser (summ.h is the library, plugin.c
# the textpipe glue).  Data: the learnt weights and the stop words they were
# trained with; train/ makes new weights from cnndm_train (../shared).

plugin_LTLIBRARIES += plugins/summary.la
plugins_summary_la_SOURCES = plugins/summary/plugin.c \
	plugins/summary/summ.h plugins/summary/summ_internal.h \
	plugins/summary/model.c plugins/summary/analyse.c plugins/summary/select.c
plugins_summary_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/summary
plugins_summary_la_LIBADD = core/libtextpipe.la -lm
plugins_summary_la_LDFLAGS = $(TP_MODULE_FLAGS)

summarydatadir = $(pkgdatadir)/summary
dist_summarydata_DATA = plugins/summary/data/summary_model.tsv plugins/summary/data/stopwords_en.txt

noinst_LTLIBRARIES += plugins/summary/libsumm.la
plugins_summary_libsumm_la_SOURCES = plugins/summary/model.c plugins/summary/analyse.c \
	plugins/summary/select.c
# Characters are read through <textpipe/utf8.h>, which libtextpipe holds.
plugins_summary_libsumm_la_LIBADD = core/libtextpipe.la -lm

# Unit tests: the library on hand-made spans, and the plugin behind the
# sentences stage through the testkit.
check_PROGRAMS += plugins/summary/test_summary
plugins_summary_test_summary_SOURCES = plugins/summary/test_summary.c
plugins_summary_test_summary_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/summary $(CMOCKA_CFLAGS) \
	-DSUMM_TEST_DATA='"$(abs_top_srcdir)/plugins/summary/data"' \
	-DPLUGIN_BUILD_DIR='"$(abs_top_builddir)/plugins"'
plugins_summary_test_summary_LDADD = plugins/summary/libsumm.la sdk/testkit/libtextpipe-testkit.la \
	core/libtextpipe.la $(CMOCKA_LIBS) -lm
TESTS += plugins/summary/test_summary

# Development driver: training features, predictions, make bench.
EXTRA_PROGRAMS += plugins/summary/summary_dev
plugins_summary_summary_dev_SOURCES = plugins/summary/dev/summary_dev.c
plugins_summary_summary_dev_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/summary $(CJSON_CFLAGS)
plugins_summary_summary_dev_LDADD = plugins/summary/libsumm.la $(CJSON_LIBS) -lm
CLEANFILES += plugins/summary/summary_dev

EXTRA_DIST += plugins/summary/README.md plugins/summary/dev/score.sh plugins/summary/dev/tokens.cfg \
	plugins/summary/train/train.sh plugins/summary/train/train_summary.py
