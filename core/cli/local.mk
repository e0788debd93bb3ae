# core/cli/: the textpipe command - the batch runner (workers, wire format,
# inputs, outputs, resume, manifest, progress), the HTML viewer and the
# commands.  It links the core's convenience library and exports the public
# API to the plugins it loads (as lua does), so a plugin binds to the same
# code the program runs.

bin_PROGRAMS += textpipe
textpipe_SOURCES = \
	core/cli/cli.h core/cli/main.c core/cli/cmd_run.c core/cli/cmd_info.c core/cli/cmd_view.c \
	core/cli/cmd_eval.c core/cli/cmd_new_plugin.c \
	core/cli/batch.c core/cli/batch.h \
	core/cli/decompress.c core/cli/decompress.h \
	core/cli/digest.c core/cli/digest.h \
	core/cli/html.c core/cli/html.h \
	core/cli/idset.c core/cli/idset.h \
	core/cli/input.c core/cli/input.h \
	core/cli/manifest.c core/cli/manifest.h \
	core/cli/outfile.c core/cli/outfile.h \
	core/cli/progress.c core/cli/progress.h \
	core/cli/resume.c core/cli/resume.h \
	core/cli/sink.c core/cli/sink.h \
	core/cli/wire.c core/cli/wire.h \
	core/cli/worker.c core/cli/worker.h \
	core/cli/serve/alog.c core/cli/serve/alog.h \
	core/cli/serve/annotate.c \
	core/cli/serve/body.c core/cli/serve/body.h \
	core/cli/serve/cmd_serve.c \
	core/cli/serve/gen.c core/cli/serve/gen.h \
	core/cli/serve/http.c \
	core/cli/serve/metrics.c core/cli/serve/metrics.h \
	core/cli/serve/pool.c core/cli/serve/pool.h \
	core/cli/serve/serve.c core/cli/serve/serve.h core/cli/serve/server.h
nodist_textpipe_SOURCES =
textpipe_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/cli $(CJSON_CFLAGS) $(LIBCONFIG_CFLAGS) \
	$(NETTLE_CFLAGS) $(ZLIB_CFLAGS) $(ZSTD_CFLAGS) $(MHD_CFLAGS)
# libtextpipe.so is linked too, though the program calls nothing in it: a
# plugin built against the SDK names libtextpipe.so.N as a dependency, and
# the one the program has loaded (found through its rpath) satisfies it.
textpipe_LDADD = core/libtextpipe-core.la $(CJSON_LIBS) $(NETTLE_LIBS) $(ZLIB_LIBS) $(ZSTD_LIBS) \
	$(MHD_LIBS) core/libtextpipe.la
textpipe_LDFLAGS = -Wl,--no-as-needed -Wl,--dynamic-list=$(srcdir)/core/cli/exports.list
EXTRA_DIST += core/cli/exports.list
EXTRA_textpipe_DEPENDENCIES = $(srcdir)/core/cli/exports.list

# The runner's pieces, for unit tests of the command's own modules.
noinst_LTLIBRARIES += core/cli/libtextpipe-cli.la
core_cli_libtextpipe_cli_la_SOURCES = \
	core/cli/decompress.c core/cli/idset.c core/cli/input.c core/cli/outfile.c core/cli/resume.c \
	core/cli/sink.c core/cli/wire.c core/cli/serve/body.c core/cli/serve/metrics.c
core_cli_libtextpipe_cli_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/cli $(CJSON_CFLAGS) $(ZLIB_CFLAGS) \
	$(ZSTD_CFLAGS)
core_cli_libtextpipe_cli_la_LIBADD = $(ZLIB_LIBS) $(ZSTD_LIBS)
