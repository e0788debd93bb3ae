#!/bin/sh
# Whether the C sources of core/, plugins/, sdk/ and tests/ are laid out as
# the checked-in .clang-format says: `clang-format --dry-run -Werror` over
# every tracked *.c and *.h there.  Prints each difference; exits 1 if any.
#
#   tests/style/format_check.sh            all of them
#   tests/style/format_check.sh FILE...    only these
#   tests/style/format_check.sh --count    how many lines clang-format would
#                                          change (what .clang-format was tuned on)
#
# Not part of `make check` (a layout is not a behaviour); run it before a
# commit, and .ci/run runs it.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
command -v "$CLANG_FORMAT" >/dev/null 2>&1 || {
    echo "clang-format is not installed (quickstart.sh check installs it)" >&2
    exit 77
}
count=false
if [ "${1:-}" = --count ]; then
    count=true
    shift
fi
if [ $# -eq 0 ]; then
    # sdk/template/ holds templates with {{NAME}} placeholders, not C.
    set -- $(git ls-files 'core/*.[ch]' 'plugins/*.[ch]' 'sdk/*.[ch]' 'tests/*.[ch]' ':!sdk/template/*')
fi
if $count; then
    changed=0
    lines=0
    for f in "$@"; do
        n=$("$CLANG_FORMAT" --style=file "$f" | diff "$f" - | grep -c '^>')
        changed=$((changed + n))
        lines=$((lines + $(wc -l <"$f")))
    done
    echo "format_check: clang-format would change $changed of $lines lines in $# files"
    exit 0
fi
bad=0
for f in "$@"; do
    "$CLANG_FORMAT" --style=file --dry-run -Werror "$f" || bad=$((bad + 1))
done
echo "format_check: $# files, $bad not as .clang-format lays them out"
[ "$bad" -eq 0 ]
