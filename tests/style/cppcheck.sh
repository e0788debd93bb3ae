#!/bin/sh
# cppcheck over core/ and plugins/: fails on findings of severity "error"
# only (its default checks); warnings are printed for a reader to judge.
# Run from anywhere: tests/style/cppcheck.sh [BUILD_DIR] (BUILD_DIR holds
# autoconfig.h; default build/).  Not part of `make check`; .ci/run runs it.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
command -v cppcheck >/dev/null 2>&1 || {
    echo "cppcheck is not installed (quickstart.sh check installs it)" >&2
    exit 77
}
cd "$top" || exit 2
log=$(mktemp "${TMPDIR:-/tmp}/textpipe-cppcheck.XXXXXX")
trap 'rm -f "$log"' EXIT
# Only error-severity findings are asked for besides cppcheck's defaults, so
# a newer cppcheck's new style opinions never fail CI.
cppcheck -q --std=c11 --inline-suppr --error-exitcode=0 \
    --suppress=missingIncludeSystem \
    --template='{file}:{line}: {severity}: {message} [{id}]' \
    -I core -I core/cli -I sdk/include -I "$build" \
    core plugins 2>"$log"
cat "$log" >&2
errors=$(grep -c ': error: ' "$log")
echo "cppcheck: $errors errors, $(grep -c ': warning: ' "$log") warnings"
[ "$errors" -eq 0 ]
