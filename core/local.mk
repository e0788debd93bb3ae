# core/: libtextpipe - the document model, options and config, the plugin
# loader, the pipeline and the JSON reader/writer.  The command-line program
# lives in core/cli/ (its own local.mk).
#
# The sources build once, as a convenience library of position-independent
# objects.  libtextpipe.so is made from it with a version script that
# exports the public API (sdk/include/textpipe/*.h) under a versioned node
# and nothing else; the textpipe program and the unit tests link the
# convenience library itself (they are this project's own code, and use its
# internals).

noinst_LTLIBRARIES += core/libtextpipe-core.la
core_libtextpipe_core_la_SOURCES = \
	core/arena.c core/arena.h \
	core/buf.c core/buf.h \
	core/config.c core/config.h \
	core/config_src.c core/config_src.h \
	core/diag.c core/diag.h \
	core/doc.c core/doc_impl.h \
	core/embed.c \
	core/fileio.c core/fileio.h \
	core/json_out.c core/json_out.h \
	core/jsonl.c core/jsonl.h \
	core/loader.c core/loader.h core/loadname.c core/loadname.h \
	core/names.c core/names.h \
	core/options.c core/options.h \
	core/pipeline.c core/pipeline.h \
	core/swar.h \
	core/trust.c core/trust.h \
	core/utf8.c core/utf8.h \
	core/xalloc.c core/xalloc.h
nodist_core_libtextpipe_core_la_SOURCES = core/default_cfg.c
core_libtextpipe_core_la_CPPFLAGS = $(AM_CPPFLAGS) $(LIBCONFIG_CFLAGS) $(CJSON_CFLAGS)
core_libtextpipe_core_la_LIBADD = $(LIBCONFIG_LIBS) $(CJSON_LIBS) $(LTDL_LIBS)

lib_LTLIBRARIES += core/libtextpipe.la
core_libtextpipe_la_SOURCES =
core_libtextpipe_la_LIBADD = core/libtextpipe-core.la
# The SONAME follows the plugin ABI major (libtextpipe.so.MAJOR).
core_libtextpipe_la_LDFLAGS = -version-info $(TP_ABI_MAJOR):0:0 -no-undefined \
	-Wl,--version-script=$(srcdir)/core/textpipe.map
EXTRA_DIST += core/textpipe.map
EXTRA_core_libtextpipe_la_DEPENDENCIES = $(srcdir)/core/textpipe.map

# The default pipeline is compiled in, so `textpipe run FILE` (and an
# embedder that names no config) works without any config file.
core/default_cfg.c: $(top_srcdir)/conf/default.cfg
	$(AM_V_GEN)$(MKDIR_P) core && \
	{ echo '/* Generated from conf/default.cfg; do not edit. */'; \
	  echo 'extern const char tp__default_cfg[];'; \
	  echo 'const char tp__default_cfg[] ='; \
	  $(SED) -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$$/\\n"/' \
	    $(top_srcdir)/conf/default.cfg; \
	  echo ';'; } > $@.tmp && mv $@.tmp $@
BUILT_SOURCES += core/default_cfg.c
CLEANFILES += core/default_cfg.c

include core/cli/local.mk
