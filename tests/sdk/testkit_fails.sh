#!/bin/sh
# Every testkit assertion fails when it should, at the caller's line, with
# a message that shows what was expected and what the document holds.
# tests/sdk/testkit_fails.c holds one cmocka test per assertion, each meant
# to fail at the line marked "FAIL:name".
. "$TESTS_SRCDIR/sdk/lib.sh"

prog=$TOP_BUILDDIR/tests/sdk/testkit_fails
src=$TESTS_SRCDIR/sdk/testkit_fails.c
[ -x "$prog" ] || skip "$prog not built"

# From a scratch folder (a failing golden comparison writes its .actual
# file into the current one), with srcdir absolute; these tests leak by
# design, so no leak report.
(
    cd "$WORK" &&
        srcdir=$TOP_SRCDIR CMOCKA_MESSAGE_OUTPUT=STDOUT \
            ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$prog"
) >"$WORK/out" 2>&1
st=$?
if [ "$st" -ne 0 ]; then ok "the program reports failures"; else not_ok "the program reports failures" "exit 0"; fi

# check NAME TEXT...: test NAME failed at its FAIL line, saying each TEXT.
check() {
    name=$1
    shift
    line=$(grep -n "FAIL:$name\b" "$src" | cut -d: -f1)
    if grep -q "^\[  FAILED  \] $name\$" "$WORK/out"; then ok "$name fails"; else not_ok "$name fails"; fi
    expect_in "$name: at its line" "testkit_fails.c:$line: " "$WORK/out"
    for text in "$@"; do
        expect_in "$name: says $text" "$text" "$WORK/out"
    done
}

check missing_span 'expected a "word" span [0, 4); layer "word" holds 2 spans:' '[0, 5) "alpha"'
check unexpected_span 'expected no "word" span [6, 10)'
check wrong_count 'expected 3 "word" spans, found 2'
check wrong_str 'word [0, 5) feature "info.first": expected "b", got "a"'
check wrong_int 'feature "len": expected 4, got 5 (an integer)'
check wrong_bool 'feature "upper": expected true, got false (a boolean)'
check wrong_double 'feature "len": expected 5.5 (± 0.1), got 5 (an integer)'
check feature_present 'feature "tag": expected none, got "w"'
check no_error 'expected the document to fail with "marker_found", but it was processed'
check document_fails 'the document failed: stage "testfail": found FAILME at byte 0 (code "marker_found")'
check bad_option 'cannot load and start plugin "testwords"' 'options of testwords:1: error:'
check not_found 'plugin "nosuchplugin" not found'
check stage_error_loads 'loaded and started, but the test expected an error'
check golden_differs 'output differs from' 'at text: expected "Hi “you” é", got "Hi you there"' 'actual output in testwords.golden.json.actual'
check golden_missing 'cannot read golden file' 'TPK_UPDATE_GOLDEN=1 writes it'
check span_outside 'is not a span of a text of 5 code points'
check bad_utf8 'the test document is not a valid textpipe document'

if [ -f "$WORK/testwords.golden.json.actual" ]; then ok "actual output written beside the test"; else not_ok "actual output written beside the test"; fi
finish
