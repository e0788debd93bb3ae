# core/cli/: the textpipe command - the batch runner (workers, wire format,
# inputs, outputs, resume, manifest, progress), the HTML viewer and the
# commands.  It links the core's convenience library and exports the public
# API to the plugins it loads (as lua does), so a plugin binds to the same
# code the program runs.

bin_PROGRAMS += textpipe
textpipe_SOURCES = \
	core/cli/cli.h core/cli/command.c core/cli/command.h core/cli/main.c core/cli/cmd_run.c core/cli/cmd_info.c core/cli/cmd_view.c \
	core/cli/cmd_eval.c core/cli/cmd_new_plugin.c \
	core/cli/batch.c core/cli/batch.h core/cli/batch_state.h core/cli/batch_outputs.c \
	core/cli/decompress.c core/cli/decompress.h \
	core/cli/digest.c core/cli/digest.h \
	core/cli/idset.c core/cli/idset.h \
	core/cli/input.c core/cli/input.h \
	core/cli/manifest.c core/cli/manifest.h \
	core/cli/outfile.c core/cli/outfile.h \
	core/cli/progress.c core/cli/progress.h \
	core/cli/report.c core/cli/report.h \
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
textpipe_LDADD = core/cli/libtextpipe-view.la core/libtextpipe-core.la $(CJSON_LIBS) $(NETTLE_LIBS) $(ZLIB_LIBS) \
	$(ZSTD_LIBS) $(MHD_LIBS) core/libtextpipe.la
textpipe_LDFLAGS = -Wl,--no-as-needed -Wl,--dynamic-list=$(srcdir)/core/cli/exports.list
EXTRA_DIST += core/cli/exports.list
EXTRA_textpipe_DEPENDENCIES = $(srcdir)/core/cli/exports.list

# The runner's pieces, for unit tests of the command's own modules.
noinst_LTLIBRARIES += core/cli/libtextpipe-cli.la
core_cli_libtextpipe_cli_la_SOURCES = \
	core/cli/decompress.c core/cli/idset.c core/cli/input.c core/cli/outfile.c core/cli/report.c \
	core/cli/resume.c core/cli/sink.c core/cli/wire.c core/cli/serve/body.c core/cli/serve/metrics.c
core_cli_libtextpipe_cli_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/cli $(CJSON_CFLAGS) $(ZLIB_CFLAGS) \
	$(ZSTD_CFLAGS)
core_cli_libtextpipe_cli_la_LIBADD = $(ZLIB_LIBS) $(ZSTD_LIBS)

# The viewer (textpipe view, run --format html): html.h is its front door,
# view/ its rooms (html.c lists them).  A library of its own, so its unit
# tests and fuzz target link the viewer and not the runner.
noinst_LTLIBRARIES += core/cli/libtextpipe-view.la
core_cli_libtextpipe_view_la_SOURCES = \
	core/cli/html.c core/cli/html.h \
	core/cli/view/article.c core/cli/view/article.h \
	core/cli/view/assets.h \
	core/cli/view/esc.c core/cli/view/esc.h \
	core/cli/view/index.c core/cli/view/index.h \
	core/cli/view/layout.c core/cli/view/layout.h \
	core/cli/view/out.c core/cli/view/out.h \
	core/cli/view/palette.c core/cli/view/palette.h \
	core/cli/view/record.c core/cli/view/record.h \
	core/cli/view/spans.c core/cli/view/spans.h \
	core/cli/view/style.c core/cli/view/style.h \
	core/cli/view/tags.c core/cli/view/tags.h \
	core/cli/view/values.c core/cli/view/values.h
nodist_core_cli_libtextpipe_view_la_SOURCES = core/cli/view/assets.c
core_cli_libtextpipe_view_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/cli $(CJSON_CFLAGS)

# The page's fixed style sheet and script are real files, compiled in as C
# strings (view/assets.h).  Whole-line comment blocks are left out: one-line
# ones by the first expression, longer ones by the range.
VIEW_ASSETS = core/cli/view/page.css core/cli/view/print.css core/cli/view/page.js
EXTRA_DIST += $(VIEW_ASSETS)
core/cli/view/assets.c: $(top_srcdir)/core/cli/view/page.css $(top_srcdir)/core/cli/view/print.css \
		$(top_srcdir)/core/cli/view/page.js
	$(AM_V_GEN)$(MKDIR_P) core/cli/view && \
	{ echo '/* Generated from core/cli/view/page.css, print.css and page.js; do not edit. */'; \
	  echo '#include "view/assets.h"'; \
	  for a in page_css:page.css print_css:print.css page_js:page.js; do \
	    echo "const char tp__view_$${a%%:*}[] ="; \
	    $(SED) -e '/^\/\*.*\*\/$$/d' -e '/^\/\*/,/\*\/$$/d' \
	      -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$$/\\n"/' \
	      $(top_srcdir)/core/cli/view/$${a#*:}; \
	    echo ';'; \
	  done; } > $@.tmp && mv $@.tmp $@
BUILT_SOURCES += core/cli/view/assets.c
CLEANFILES += core/cli/view/assets.c
