#!/bin/sh
# Runs the NER library's own checks (dev/ner_test.c) against the shipped model.
exec "$TOP_BUILDDIR/plugins/ner/ner_test" "$TOP_SRCDIR/plugins/ner/data/ner-conll03-en.model"
