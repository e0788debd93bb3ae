# conf/: the default pipeline (also compiled into textpipe) and example
# newsroom files that inherit it.
dist_conf_DATA = conf/default.cfg
newsroomsdir = $(confdir)/newsrooms
dist_newsrooms_DATA = conf/newsrooms/sydney.cfg conf/newsrooms/london.cfg conf/newsrooms/london-abbreviations.txt

# A systemd unit for `textpipe serve`, with the installed paths.
systemddir = $(pkgdatadir)/systemd
systemd_DATA = conf/systemd/textpipe-serve.service
EXTRA_DIST += conf/systemd/textpipe-serve.service.in
CLEANFILES += conf/systemd/textpipe-serve.service
conf/systemd/textpipe-serve.service: $(srcdir)/conf/systemd/textpipe-serve.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) conf/systemd && \
	$(SED) -e 's|@bindir[@]|$(bindir)|g' -e 's|@confdir[@]|$(confdir)|g' \
		$(srcdir)/conf/systemd/textpipe-serve.service.in >$@.tmp && mv $@.tmp $@
