# Shared helpers for the end-to-end tests: sourced, not run.
#
# Each test script runs textpipe ($TEXTPIPE, set by `make check`) and checks
# what it prints.  A check that fails prints what was expected and what came;
# the script exits 1 if any failed, 77 (skip) when a tool it needs is absent.

set -u
: "${TEXTPIPE:?run through make check}"
JQ=${JQ:-jq}
if ! command -v "$JQ" >/dev/null 2>&1; then
    echo "SKIP: jq is not installed (quickstart.sh installs it)"
    exit 77
fi

failures=0
checks=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/textpipe-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# tp ARGS...: runs textpipe with stdout in $WORK/out, stderr in $WORK/err,
# the exit status in $rc.
tp() {
    "$TEXTPIPE" "$@" >"$WORK/out" 2>"$WORK/err"
    rc=$?
}

# tp_in INPUT ARGS...: the same with INPUT on stdin.
tp_in() {
    input=$1
    shift
    printf '%s' "$input" | "$TEXTPIPE" "$@" >"$WORK/out" 2>"$WORK/err"
    rc=$?
}

ok() {
    checks=$((checks + 1))
    echo "ok $checks - $1"
}

not_ok() {
    checks=$((checks + 1))
    failures=$((failures + 1))
    echo "not ok $checks - $1"
    shift
    for line in "$@"; do echo "#   $line"; done
    echo "#   stderr: $(head -c 600 "$WORK/err" 2>/dev/null)"
}

# skip NAME WHY: a check that cannot run here (TAP "# SKIP").
skip() {
    checks=$((checks + 1))
    echo "ok $checks - $1 # SKIP $2"
}

# expect_rc NAME N: the last command exited with N.
expect_rc() {
    if [ "$rc" -eq "$2" ]; then ok "$1: exit $2"; else not_ok "$1: exit status" "expected $2, got $rc"; fi
}

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "actual:   $3"; fi
}

# expect_err NAME TEXT: stderr contains TEXT (fixed string).
expect_err() {
    if grep -qF -- "$2" "$WORK/err"; then ok "$1"; else not_ok "$1" "stderr lacks: $2"; fi
}

# expect_out NAME TEXT: stdout contains TEXT (fixed string).
expect_out() {
    if grep -qF -- "$2" "$WORK/out"; then ok "$1"; else not_ok "$1" "stdout lacks: $2"; fi
}

# jqo FILTER: applies a jq filter to the output (compact).
jqo() {
    "$JQ" -c "$@" "$WORK/out"
}

# cfg NAME TEXT: writes a config file into the work dir, prints its path.
cfg() {
    printf '%s\n' "$2" >"$WORK/$1"
    echo "$WORK/$1"
}

finish() {
    echo "1..$checks"
    if [ "$failures" -ne 0 ]; then
        echo "# $failures of $checks checks failed"
        exit 1
    fi
    exit 0
}
