#!/bin/sh
# ABI discipline (DESIGN §3, textpipe/version.h): within one ABI major, a
# plugin built against an older minor loads; a newer minor, another major
# or a descriptor smaller than ABI 1.0's is refused before any of its code
# runs, with a message naming both versions and what to do.
#
# abi_old pins abi_minor 0 and the 1.0 descriptor size: a plugin built for
# 1.0 still loads into this 1.1 core, and the core reads nothing a later
# minor added from it; abi_newer claims the core's minor plus one.
. "$TESTS_SRCDIR/sdk/lib.sh"
: "${TEXTPIPE:?run through make check}"

sdk=$TOP_BUILDDIR/tests/sdk
abi=$("$TEXTPIPE" --version | sed -n 's/.*plugin ABI \([0-9]*\.[0-9]*\).*/\1/p')
major=${abi%.*}
minor=${abi#*.}
expect_eq "textpipe --version names the ABI" "1" "$([ -n "$abi" ] && echo 1)"
printf 'hello world\n' >"$WORK/doc.txt"

# tpr NAME PLUGIN DIR: runs a one-stage pipeline, output in $WORK/out and
# $WORK/err, status in $rc.
tpr() {
    printf 'stages = ( { plugin = "%s"; } );\n' "$2" >"$WORK/$2.cfg"
    env -u TEXTPIPE_PLUGIN_PATH "$TEXTPIPE" run --quiet -j 1 --plugin-path "$3" -c "$WORK/$2.cfg" \
        "$WORK/doc.txt" >"$WORK/out" 2>"$WORK/err"
    rc=$?
    cp "$WORK/err" "$WORK/log"
}

tpr older abi_old "$sdk"
expect_eq "a 1.0 descriptor loads and runs" 0 "$rc"
expect_in "… and its stage ran" '"old":[{"start":0,"end":12' "$WORK/out"
expect_in "… its option table read as 1.0's (the reserved bytes are not a binding)" \
    '"old":[{"start":0,"end":12,"text":"hello world\n","n":3}]' "$WORK/out"

tpr newer abi_newer "$sdk"
expect_eq "a newer minor is refused before anything runs (exit 2)" 2 "$rc"
expect_in "… naming both versions and what to do" \
    "needs plugin ABI $major.$((minor + 1)), newer than this textpipe's $abi: upgrade textpipe, or rebuild the plugin" \
    "$WORK/err"

tpr small abi_small "$sdk"
expect_eq "a descriptor smaller than 1.0's is refused (exit 2)" 2 "$rc"
expect_in "… saying so" "is smaller than ABI $major.0's" "$WORK/err"

# tests/plugins/testabi claims the next major (loader_errors.sh checks it
# too); here: the message says what to do.
tpr major testabi "$TOP_BUILDDIR/tests/plugins"
expect_eq "another major is refused (exit 2)" 2 "$rc"
expect_in "… naming both versions and what to do" \
    "was built for plugin ABI $((major + 1)).0, but this textpipe provides ABI $abi: rebuild the plugin against this textpipe's SDK" \
    "$WORK/err"
expect_in "… and how to get the SDK" "(pkg-config --cflags --libs textpipe)" "$WORK/err"

# textpipe plugins shows which ABI each plugin was built for.
env -u TEXTPIPE_PLUGIN_PATH "$TEXTPIPE" plugins --plugin-path "$sdk" >"$WORK/out" 2>"$WORK/err"
expect_in "plugins: the ABI of a loadable plugin" "abi_old 1.0  (plugin ABI 1.0)" "$WORK/out"
expect_in "plugins: a refused one, and why" "abi_newer  (cannot be used)" "$WORK/out"

# The same from outside: a 1.0 plugin compiled against the installed SDK
# headers alone loads into the installed textpipe.
if [ -n "${TEXTPIPE_INSTALLED:-}" ] && [ -x "$TEXTPIPE_INSTALLED/bin/textpipe" ] && [ -n "${CC:-}" ]; then
    pc="env PKG_CONFIG_PATH=$TEXTPIPE_INSTALLED/lib/pkgconfig pkg-config"
    mkdir -p "$WORK/inst"
    if run "abi_old builds against the installed SDK" \
        $CC -shared -fPIC -o "$WORK/inst/abi_old.so" "$TESTS_SRCDIR/sdk/abi_old.c" \
        $($pc --cflags textpipe) $($pc --libs textpipe); then
        env -u TEXTPIPE_PLUGIN_PATH "$TEXTPIPE_INSTALLED/bin/textpipe" run --quiet -j 1 \
            --plugin-path "$WORK/inst" -c "$WORK/abi_old.cfg" "$WORK/doc.txt" >"$WORK/out" 2>"$WORK/log"
        rc=$?
        expect_eq "… and loads into the installed textpipe" 0 "$rc"
    fi
fi
finish
