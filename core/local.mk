# core/: libtextpipe (document model, loader, config, pipeline, JSON I/O)
# and the textpipe command.

lib_LTLIBRARIES += core/libtextpipe.la
core_libtextpipe_la_SOURCES = \
	core/arena.c core/arena.h \
	core/batch.c core/batch.h \
	core/buf.c core/buf.h \
	core/config.c core/config.h \
	core/config_src.c core/config_src.h \
	core/decompress.c core/decompress.h \
	core/diag.c core/diag.h \
	core/digest.c core/digest.h \
	core/doc.c core/doc_impl.h \
	core/html.c core/html.h \
	core/idset.c core/idset.h \
	core/input.c core/input.h \
	core/json_out.c core/json_out.h \
	core/jsonl.c core/jsonl.h \
	core/loader.c core/loader.h \
	core/manifest.c core/manifest.h \
	core/names.c core/names.h \
	core/options.c core/options.h \
	core/outfile.c core/outfile.h \
	core/pipeline.c core/pipeline.h \
	core/progress.c core/progress.h \
	core/resume.c core/resume.h \
	core/sink.c core/sink.h \
	core/trust.c core/trust.h \
	core/utf8.c core/utf8.h \
	core/wire.c core/wire.h \
	core/worker.c core/worker.h \
	core/xalloc.c core/xalloc.h
core_libtextpipe_la_CPPFLAGS = $(AM_CPPFLAGS) $(LIBCONFIG_CFLAGS) $(CJSON_CFLAGS) $(NETTLE_CFLAGS) $(ZLIB_CFLAGS) \
	$(ZSTD_CFLAGS)
core_libtextpipe_la_LIBADD = $(LIBCONFIG_LIBS) $(CJSON_LIBS) $(NETTLE_LIBS) $(ZLIB_LIBS) $(ZSTD_LIBS) $(LTDL_LIBS)
# The SONAME follows the plugin ABI major (libtextpipe.so.MAJOR).
core_libtextpipe_la_LDFLAGS = -version-info $(TP_ABI_MAJOR):0:0 -no-undefined \
	-export-symbols-regex '^tp_'

bin_PROGRAMS += textpipe
textpipe_SOURCES = core/cli.h core/cli_main.c core/cli_run.c core/cli_info.c core/cli_view.c core/cli_eval.c
nodist_textpipe_SOURCES = core/default_cfg.c
textpipe_CPPFLAGS = $(AM_CPPFLAGS) $(CJSON_CFLAGS) $(LIBCONFIG_CFLAGS)
textpipe_LDADD = core/libtextpipe.la $(CJSON_LIBS)

# The default pipeline is compiled in, so `textpipe run FILE` works without
# any config file.
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
