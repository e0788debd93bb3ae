# plugins/currency: money expressions (money.h is the library, plugin.c the
# textpipe glue).  Data: currencies.tsv, locales.tsv and the ECB's reference
# rates since 1999 (eurofxref-hist.csv.gz, the ECB file gzipped); the ISO
# 4217 table comes from Debian's iso-codes package at run time.  The SAMPLE
# rates file (invented numbers) is a test fixture and is not installed.

plugin_LTLIBRARIES += plugins/currency.la
plugins_currency_la_SOURCES = plugins/currency/plugin.c \
	plugins/currency/money.h plugins/currency/money_internal.h \
	plugins/currency/money.c plugins/currency/numparse.c plugins/currency/currency_table.c \
	plugins/currency/scan.c plugins/currency/rates.c plugins/currency/unpack.c
plugins_currency_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/currency $(CJSON_CFLAGS) $(ZLIB_CFLAGS)
plugins_currency_la_LIBADD = core/libtextpipe.la $(CJSON_LIBS) $(ZLIB_LIBS) -lm
plugins_currency_la_LDFLAGS = $(TP_MODULE_FLAGS)

currencydatadir = $(pkgdatadir)/currency
dist_currencydata_DATA = plugins/currency/data/currencies.tsv plugins/currency/data/locales.tsv \
	plugins/currency/data/eurofxref-hist.csv.gz

# The library's own tests: cmocka cases and the plain checks (254 cases,
# pathological and randomised inputs).
noinst_LTLIBRARIES += plugins/currency/libmoney.la
plugins_currency_libmoney_la_SOURCES = plugins/currency/money.c plugins/currency/numparse.c \
	plugins/currency/currency_table.c plugins/currency/scan.c plugins/currency/rates.c \
	plugins/currency/unpack.c
plugins_currency_libmoney_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/currency $(CJSON_CFLAGS) $(ZLIB_CFLAGS)
# Characters are read through <textpipe/utf8.h>, which libtextpipe holds.
plugins_currency_libmoney_la_LIBADD = core/libtextpipe.la $(CJSON_LIBS) $(ZLIB_LIBS) -lm

check_PROGRAMS += plugins/currency/test_money plugins/currency/unit_checks
plugins_currency_test_money_SOURCES = plugins/currency/test_money.c
plugins_currency_test_money_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/currency $(CMOCKA_CFLAGS) \
	-DMONEY_TEST_DATA_DIR='"$(abs_top_srcdir)/plugins/currency/data"'
plugins_currency_test_money_LDADD = plugins/currency/libmoney.la $(CMOCKA_LIBS) $(ZLIB_LIBS)
plugins_currency_unit_checks_SOURCES = plugins/currency/dev/unit_checks.c
plugins_currency_unit_checks_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/currency
plugins_currency_unit_checks_LDADD = plugins/currency/libmoney.la
TESTS += plugins/currency/test_money plugins/currency/unit_checks.sh

# Development driver: scoring (dev/score.sh) and make bench.
EXTRA_PROGRAMS += plugins/currency/money_dev
plugins_currency_money_dev_SOURCES = plugins/currency/dev/money_dev.c
plugins_currency_money_dev_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/plugins/currency $(CJSON_CFLAGS)
plugins_currency_money_dev_LDADD = plugins/currency/libmoney.la $(CJSON_LIBS)
CLEANFILES += plugins/currency/money_dev

EXTRA_DIST += plugins/currency/README.md plugins/currency/unit_checks.sh plugins/currency/fuzz_money.c \
	plugins/currency/data/SAMPLE-eurofxref-hist.csv \
	plugins/currency/dev/Makefile plugins/currency/dev/score.sh plugins/currency/dev/bench.sh \
	plugins/currency/dev/news_cases.jsonl
