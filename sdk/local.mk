# sdk/: what plugin authors build against: headers and textpipe.pc.

tpincludedir = $(includedir)/textpipe
tpinclude_HEADERS = \
	sdk/include/textpipe/textpipe.h \
	sdk/include/textpipe/plugin.h \
	sdk/include/textpipe/doc.h \
	sdk/include/textpipe/version.h

pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = sdk/textpipe.pc
EXTRA_DIST += sdk/textpipe.pc.in
