# plugins/sentences: sentence splitter and tokeniser (segment.h is the
# library, plugin.c the textpipe glue, data/abbrev_en.txt the word lists).

plugin_LTLIBRARIES += plugins/sentences.la
plugins_sentences_la_SOURCES = plugins/sentences/plugin.c \
	plugins/sentences/segment.h plugins/sentences/sbd_internal.h plugins/sentences/chars.h \
	plugins/sentences/chars.c plugins/sentences/abbrev.c plugins/sentences/tokenize.c \
	plugins/sentences/segment.c
plugins_sentences_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/sentences
plugins_sentences_la_LIBADD = core/libtextpipe.la
plugins_sentences_la_LDFLAGS = $(TP_MODULE_FLAGS)

sentencesdatadir = $(pkgdatadir)/sentences
dist_sentencesdata_DATA = plugins/sentences/data/abbrev_en.txt plugins/sentences/data/lowercase_en.txt

noinst_LTLIBRARIES += plugins/sentences/libsbd.la
plugins_sentences_libsbd_la_SOURCES = plugins/sentences/chars.c plugins/sentences/abbrev.c \
	plugins/sentences/tokenize.c plugins/sentences/segment.c
# Characters are read through <textpipe/utf8.h>, which libtextpipe holds.
plugins_sentences_libsbd_la_LIBADD = core/libtextpipe.la

check_PROGRAMS += plugins/sentences/test_segment
plugins_sentences_test_segment_SOURCES = plugins/sentences/test_segment.c
plugins_sentences_test_segment_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/sentences $(CMOCKA_CFLAGS) \
	-DSBD_TEST_DATA='"$(abs_top_srcdir)/plugins/sentences/data/abbrev_en.txt"'
plugins_sentences_test_segment_LDADD = plugins/sentences/libsbd.la $(CMOCKA_LIBS)
TESTS += plugins/sentences/test_segment

# Development driver: scoring (dev/score.sh) and make bench.
EXTRA_PROGRAMS += plugins/sentences/sbd_dev
plugins_sentences_sbd_dev_SOURCES = plugins/sentences/dev/sbd_dev.c
plugins_sentences_sbd_dev_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/sentences $(CJSON_CFLAGS)
plugins_sentences_sbd_dev_LDADD = plugins/sentences/libsbd.la $(CJSON_LIBS)
CLEANFILES += plugins/sentences/sbd_dev

EXTRA_DIST += plugins/sentences/README.md plugins/sentences/fuzz_segment.c \
	plugins/sentences/dev/dev.mk plugins/sentences/dev/score.sh plugins/sentences/dev/bench.sh \
	plugins/sentences/dev/conll_tokens.py plugins/sentences/dev/learn_lowercase.py \
	plugins/sentences/dev/news_cases.jsonl
