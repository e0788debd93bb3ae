#!/bin/sh
# Runs the currency library's plain checks (dev/unit_checks.c) on the
# plugin's data files.
exec "$TOP_BUILDDIR/plugins/currency/unit_checks" "$TOP_SRCDIR/plugins/currency/data"
