# sdk/: what plugin authors build against (DESIGN §8): headers and
# textpipe.pc, the testkit library and textpipe-testkit.pc, the templates of
# `textpipe new-plugin`, the guide and the example plugin.

tpincludedir = $(includedir)/textpipe
tpinclude_HEADERS = \
	sdk/include/textpipe/textpipe.h \
	sdk/include/textpipe/plugin.h \
	sdk/include/textpipe/doc.h \
	sdk/include/textpipe/version.h \
	sdk/include/textpipe/embed.h \
	sdk/include/textpipe/utf8.h \
	sdk/include/textpipe/testkit.h

pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = sdk/textpipe.pc sdk/textpipe-testkit.pc
EXTRA_DIST += sdk/textpipe.pc.in sdk/textpipe-testkit.pc.in sdk/GUIDE.md

# ---- The testkit: cmocka helpers for plugin unit tests.  It is built on
# libtextpipe's public API (textpipe/embed.h) alone; its own copies of the
# small buffer and allocation helpers are compiled in (only tpk_ names are
# exported).  -release keeps its version in the file name: its own ABI is
# not promised yet.
lib_LTLIBRARIES += sdk/testkit/libtextpipe-testkit.la
sdk_testkit_libtextpipe_testkit_la_SOURCES = \
	sdk/testkit/testkit.c sdk/testkit/golden.c sdk/testkit/testkit_internal.h \
	core/buf.c core/xalloc.c
sdk_testkit_libtextpipe_testkit_la_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(CJSON_CFLAGS) \
	$(LIBCONFIG_CFLAGS)
sdk_testkit_libtextpipe_testkit_la_LIBADD = core/libtextpipe.la $(CMOCKA_LIBS) $(CJSON_LIBS) -lm
sdk_testkit_libtextpipe_testkit_la_LDFLAGS = -release $(PACKAGE_VERSION) -no-undefined \
	-export-symbols-regex '^tpk_'

# textpipe-testkit.pc is made here rather than by configure: it needs only
# make's directory variables.
sdk/textpipe-testkit.pc: $(srcdir)/sdk/textpipe-testkit.pc.in Makefile
	$(AM_V_GEN)$(MKDIR_P) sdk && \
	$(SED) -e 's|@prefix[@]|$(prefix)|g' -e 's|@libdir[@]|$(libdir)|g' \
	  -e 's|@includedir[@]|$(includedir)|g' -e 's|@VERSION[@]|$(PACKAGE_VERSION)|g' \
	  $(srcdir)/sdk/textpipe-testkit.pc.in > $@.tmp && mv $@.tmp $@
CLEANFILES += sdk/textpipe-testkit.pc

# ---- `textpipe new-plugin`: the templates are compiled into the command.
TP_SCAFFOLD_TEMPLATES = \
	sdk/template/autogen.sh sdk/template/configure.ac sdk/template/Makefile.am \
	sdk/template/plugin.c sdk/template/test_plugin.c sdk/template/plugin.cfg \
	sdk/template/sample.txt sdk/template/golden.json sdk/template/README.md \
	sdk/template/gitignore
EXTRA_DIST += sdk/gen-scaffold.sh $(TP_SCAFFOLD_TEMPLATES)
nodist_textpipe_SOURCES += sdk/scaffold_files.c
sdk/scaffold_files.c: $(srcdir)/sdk/gen-scaffold.sh $(TP_SCAFFOLD_TEMPLATES) Makefile
	$(AM_V_GEN)$(MKDIR_P) sdk && \
	$(SHELL) $(srcdir)/sdk/gen-scaffold.sh $(srcdir)/sdk/template '$(pkgconfigdir)' > $@.tmp && \
	mv $@.tmp $@
BUILT_SOURCES += sdk/scaffold_files.c
CLEANFILES += sdk/scaffold_files.c

# ---- The example plugin (the tutorial): an out-of-tree project, built
# against the installed SDK by tests/sdk/quotes.sh, shipped as sources.
TP_QUOTES_EXAMPLE = \
	sdk/examples/quotes/autogen.sh sdk/examples/quotes/configure.ac \
	sdk/examples/quotes/Makefile.am sdk/examples/quotes/README.md \
	sdk/examples/quotes/quotes.c sdk/examples/quotes/test_quotes.c \
	sdk/examples/quotes/quotes.cfg sdk/examples/quotes/sample.txt \
	sdk/examples/quotes/tests/quotes.golden.json sdk/examples/quotes/.gitignore
EXTRA_DIST += $(TP_QUOTES_EXAMPLE)

include tests/sdk/local.mk
