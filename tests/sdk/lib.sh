# Shared helpers for the SDK tests (tests/sdk/*.sh): sourced, not run.
#
# Each script prints one "ok N - …" or "not ok N - …" line per check and
# exits 1 if any failed, 77 (skip) when something it needs is absent, 0
# otherwise.  `make check` sets TEXTPIPE (the command just built),
# TESTS_SRCDIR, TOP_SRCDIR and TOP_BUILDDIR.

set -u
: "${TESTS_SRCDIR:?run through make check}"

failures=0
checks=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/textpipe-sdk.XXXXXX")
chmod 700 "$WORK"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

ok() {
    checks=$((checks + 1))
    echo "ok $checks - $1"
}

# not_ok NAME [DETAIL...]: a failed check; prints the details and the tail
# of $WORK/log (the last command's output) when there is one.
not_ok() {
    checks=$((checks + 1))
    failures=$((failures + 1))
    echo "not ok $checks - $1"
    shift
    for line in "$@"; do echo "#   $line"; done
    if [ -s "$WORK/log" ]; then
        tail -n 25 "$WORK/log" | sed 's/^/#   | /'
    fi
}

skip() {
    echo "SKIP: $1"
    exit 77
}

# run NAME CMD...: runs CMD with its output in $WORK/log; a check that it
# succeeded.  Returns CMD's status.
run() {
    run_name_=$1
    shift
    "$@" >"$WORK/log" 2>&1
    run_status_=$?
    if [ "$run_status_" -eq 0 ]; then
        ok "$run_name_"
    else
        not_ok "$run_name_ (exit $run_status_)" "command: $*"
    fi
    return "$run_status_"
}

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "actual:   $3"; fi
}

# expect_in NAME TEXT FILE: FILE contains TEXT (fixed string).
expect_in() {
    if grep -qF -- "$2" "$3"; then ok "$1"; else not_ok "$1" "$3 lacks: $2"; fi
}

# need_installed: the textpipe installed by quickstart.sh (TEXTPIPE_INSTALLED),
# and the tools an out-of-tree plugin project needs; skips otherwise.  Sets
# tp_bin and points pkg-config at the installed SDK only.  Nothing of the
# build tree leaks into what runs next.
need_installed() {
    if [ -z "${TEXTPIPE_INSTALLED:-}" ] || [ ! -x "$TEXTPIPE_INSTALLED/bin/textpipe" ] ||
        [ ! -f "$TEXTPIPE_INSTALLED/lib/pkgconfig/textpipe.pc" ]; then
        skip "TEXTPIPE_INSTALLED does not name an installed textpipe (quickstart.sh check sets it)"
    fi
    for tool in autoreconf automake libtoolize pkg-config make; do
        command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
    done
    tp_bin=$TEXTPIPE_INSTALLED/bin/textpipe
    PKG_CONFIG_PATH=$TEXTPIPE_INSTALLED/lib/pkgconfig
    export PKG_CONFIG_PATH
    unset TEXTPIPE_PLUGIN_PATH TEXTPIPE_DATA_DIR LIBTOOL MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES \
        DESTDIR CFLAGS CPPFLAGS LDFLAGS srcdir
}

finish() {
    echo "1..$checks"
    if [ "$failures" -ne 0 ]; then
        echo "# $failures of $checks checks failed"
        exit 1
    fi
    exit 0
}
