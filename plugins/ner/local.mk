# plugins/ner: named entities.  ner_model.h is the library (features,
# averaged perceptron, Viterbi, model file, gazetteer, training), plugin.c
# the textpipe glue; the trained model and the word clusters it was trained
# with ship in data/ (see README.md for how they were made).

NER_LIB_SOURCES = plugins/ner/ner_model.h plugins/ner/ner_internal.h plugins/ner/ner_autolex.h \
	plugins/ner/autolex.c plugins/ner/util.c plugins/ner/lexicon.c plugins/ner/features.c \
	plugins/ner/viterbi.c plugins/ner/conll.c plugins/ner/model.c plugins/ner/image.c plugins/ner/tag.c \
	plugins/ner/gazetteer.c plugins/ner/gazfeat.c plugins/ner/train.c plugins/ner/eval.c plugins/ner/brown.c

plugin_LTLIBRARIES += plugins/ner.la
plugins_ner_la_SOURCES = plugins/ner/plugin.c $(NER_LIB_SOURCES)
plugins_ner_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/ner
plugins_ner_la_LIBADD = core/libtextpipe.la -lpthread -lm
plugins_ner_la_LDFLAGS = $(TP_MODULE_FLAGS)

nerdatadir = $(pkgdatadir)/ner
dist_nerdata_DATA = plugins/ner/data/ner-conll03-en.model plugins/ner/data/brown-cnndm-c1000.txt
# name lists the model was trained with (features; textpipe train ner uses them)
nergazdir = $(pkgdatadir)/ner/gazetteers
dist_nergaz_DATA = plugins/ner/data/gazetteers/SOURCES.md \
	plugins/ner/data/gazetteers/loc-city.txt plugins/ner/data/gazetteers/loc-country.txt \
	plugins/ner/data/gazetteers/loc-natural.txt \
	plugins/ner/data/gazetteers/loc-region.txt plugins/ner/data/gazetteers/misc-nationality.txt \
	plugins/ner/data/gazetteers/org-company.txt plugins/ner/data/gazetteers/org-other.txt \
	plugins/ner/data/gazetteers/org-sports.txt \
	plugins/ner/data/gazetteers/per-given.txt plugins/ner/data/gazetteers/per-surname.txt \
	plugins/ner/data/gazetteers/per-title.txt

# The shipped model as a memory-mapped image (image.c): made at build time,
# installed beside the compact file, which the plugin then maps instead of
# reading (start-up in milliseconds; pages shared between workers).  Three
# times the compact file, so it is not kept in the repository.
noinst_PROGRAMS += plugins/ner/ner_image
plugins_ner_ner_image_SOURCES = plugins/ner/dev/ner_image.c
plugins_ner_ner_image_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/ner
plugins_ner_ner_image_LDADD = plugins/ner/libner.la
plugins/ner/ner-conll03-en.model.img: $(srcdir)/plugins/ner/data/ner-conll03-en.model plugins/ner/ner_image$(EXEEXT)
	$(AM_V_GEN)plugins/ner/ner_image$(EXEEXT) $(srcdir)/plugins/ner/data/ner-conll03-en.model $@
nodist_nerdata_DATA = plugins/ner/ner-conll03-en.model.img
CLEANFILES += plugins/ner/ner-conll03-en.model.img

noinst_LTLIBRARIES += plugins/ner/libner.la
plugins_ner_libner_la_SOURCES = $(NER_LIB_SOURCES)
plugins_ner_libner_la_LIBADD = -lpthread -lm

# The library's own checks (model loading, corrupt files, tagging, gazetteer).
check_PROGRAMS += plugins/ner/ner_test
plugins_ner_ner_test_SOURCES = plugins/ner/dev/ner_test.c plugins/ner/dev/simple_tok.c plugins/ner/dev/simple_tok.h
plugins_ner_ner_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/ner
plugins_ner_ner_test_LDADD = plugins/ner/libner.la
TESTS += plugins/ner/ner_test.sh

# Development driver (tokdump, brown, rawtext, bench): make bench.
EXTRA_PROGRAMS += plugins/ner/ner_dev
plugins_ner_ner_dev_SOURCES = plugins/ner/dev/ner_dev.c plugins/ner/dev/simple_tok.c
plugins_ner_ner_dev_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/ner $(CJSON_CFLAGS)
plugins_ner_ner_dev_LDADD = plugins/ner/libner.la $(CJSON_LIBS) -lz
CLEANFILES += plugins/ner/ner_dev

EXTRA_DIST += plugins/ner/README.md plugins/ner/ner_test.sh plugins/ner/dev/Makefile \
	plugins/ner/dev/make_gazetteers.py
