#!/bin/sh
# Options bound to fields (ABI 1.1, tp_init_bind in plugin.h): the test
# plugin bindall binds one option of every pairing of option type and C
# type; its output shows what arrived in each field - defaults, config
# values, unset options, a bound path resolved against the config's folder.
# bindbad binds a string to an int64_t and is refused at load, by name.
. "$TESTS_SRCDIR/sdk/lib.sh"
: "${TEXTPIPE:?run through make check}"

sdk=$TOP_BUILDDIR/tests/sdk
printf 'hello\n' >"$WORK/doc.txt"

# run CONFIG-OPTIONS: one bindall stage; output in $WORK/out, status $rc.
run_bindall() {
    printf 'stages = ( { plugin = "bindall"; options = { %s }; } );\n' "$1" >"$WORK/b.cfg"
    env -u TEXTPIPE_PLUGIN_PATH "$TEXTPIPE" run --quiet -j 1 --plugin-path "$sdk" -c "$WORK/b.cfg" \
        "$WORK/doc.txt" >"$WORK/out" 2>"$WORK/err"
    rc=$?
}

run_bindall ""
expect_eq "defaults: runs" 0 "$rc"
expect_in "defaults arrive in every field; unset is NULL; a default path stays as given" \
    '"bound":[{"start":0,"end":0,"text":"","label":"hello","mode":1,"count":7,"small":-3,"size":4,"ratio":0.25,"loud":false,"nwords":2,"first_word":"a","note":"(null)","path":"as given"}]' \
    "$WORK/out"

run_bindall 'label = "bye"; mode = "wild"; count = 5000000000L; small = 10; size = 0; ratio = 2;
  loud = true; words = ["z"]; note = "set"; path = "y.txt";'
expect_eq "config values: runs" 0 "$rc"
expect_in "config values arrive; a choice as its index; a path set in a file resolves" \
    '"label":"bye","mode":2,"count":5000000000,"small":10,"size":0,"ratio":2,"loud":true,"nwords":1,"first_word":"z","note":"set","path":"resolved"' \
    "$WORK/out"

run_bindall 'small = 11;'
expect_eq "a bound option is still checked against its table (exit 2)" 2 "$rc"
expect_in "… with the table's range" 'option "small" = 11 is out of range' "$WORK/err"

run_bindall 'label = "!";'
expect_eq "tp_init_bind() without a state fails the stage's start" 2 "$rc"
expect_in "… saying so" "plugin bug: tp_init_bind() was given no state" "$WORK/err"

printf 'stages = ( { plugin = "bindbad"; } );\n' >"$WORK/bad.cfg"
env -u TEXTPIPE_PLUGIN_PATH "$TEXTPIPE" run --quiet -j 1 --plugin-path "$sdk" -c "$WORK/bad.cfg" \
    "$WORK/doc.txt" >"$WORK/out" 2>"$WORK/err"
expect_eq "a field of the wrong type is refused at load (exit 2)" 2 "$?"
expect_in "… naming the option and both types" \
    'bad option table: option "name" (string) binds a field of type int64_t' "$WORK/err"
if grep -q "must not run" "$WORK/err"; then not_ok "… before init() runs"; else ok "… before init() runs"; fi

env -u TEXTPIPE_PLUGIN_PATH "$TEXTPIPE" plugins --plugin-path "$sdk" >"$WORK/out" 2>&1
expect_in "textpipe plugins lists bound options like any other" "size" "$WORK/out"
finish
