# plugins/: one folder per shipped plugin; modules are built into plugins/
# so the build tree works as a plugin directory.
EXTRA_PROGRAMS =
EXTRA_DIST += plugins/fuzz.list
include plugins/sentences/local.mk
include plugins/ner/local.mk
include plugins/currency/local.mk
include plugins/summary/local.mk
