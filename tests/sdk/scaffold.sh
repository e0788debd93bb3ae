#!/bin/sh
# `textpipe new-plugin` end to end, as a plugin author outside textpipe's
# tree would use it: against the SDK quickstart.sh installed
# (TEXTPIPE_INSTALLED; skipped without it), found only through pkg-config.
# Scaffold, build, make check, make distcheck, install (into a scratch
# prefix, then into textpipe's own plugin folder), see it in `textpipe
# plugins`, run a pipeline that uses it, uninstall.
. "$TESTS_SRCDIR/sdk/lib.sh"
need_installed

name=scaffoldcheck
proj=$WORK/$name
tpdir=$(pkg-config --variable=plugindir textpipe)
# Whatever happens, leave no test plugin in textpipe's plugin folder.
cleanup() {
    rm -f "$tpdir/$name.so" "$tpdir/$name.la"
    rm -rf "$WORK"
}
cd "$WORK" || exit 1

# ---- The command.
run "new-plugin writes the project" "$tp_bin" new-plugin "$name" "$proj"
for f in autogen.sh configure.ac Makefile.am $name.c test_$name.c $name.cfg sample.txt \
    tests/$name.golden.json README.md .gitignore; do
    if [ -f "$proj/$f" ]; then ok "wrote $f"; else not_ok "wrote $f"; fi
done
if [ -x "$proj/autogen.sh" ]; then ok "autogen.sh is executable"; else not_ok "autogen.sh is executable"; fi
expect_in "it says what to do next" "make check" "$WORK/log"
expect_in "… with the pkg-config path of this textpipe" "PKG_CONFIG_PATH=$TEXTPIPE_INSTALLED/lib/pkgconfig" "$WORK/log"

cp "$proj/$name.c" "$WORK/before.c"
"$tp_bin" new-plugin "$name" "$proj" >"$WORK/log" 2>&1
expect_eq "never overwrites (exit 2)" 2 $?
expect_in "… saying which file exists" "$proj/autogen.sh already exists" "$WORK/log"
if cmp -s "$WORK/before.c" "$proj/$name.c"; then ok "… and leaves it alone"; else not_ok "… and leaves it alone"; fi
"$tp_bin" new-plugin My-Plugin "$WORK/bad" >"$WORK/log" 2>&1
expect_eq "refuses a name that cannot be a C identifier (exit 2)" 2 $?
expect_in "… saying what a name may hold" "use lower case letters, digits and _" "$WORK/log"
if [ ! -e "$WORK/bad" ]; then ok "… writing nothing"; else not_ok "… writing nothing"; fi
"$tp_bin" new-plugin >"$WORK/log" 2>&1
expect_eq "usage error without a name (exit 2)" 2 $?

# The example plugin (sdk/examples/quotes) is this template's project with
# its own source and tests: its build files must not drift from it.
"$tp_bin" new-plugin quotes "$WORK/quotes-template" >/dev/null 2>&1
for f in autogen.sh configure.ac Makefile.am .gitignore; do
    if cmp -s "$WORK/quotes-template/$f" "$TOP_SRCDIR/sdk/examples/quotes/$f"; then
        ok "sdk/examples/quotes/$f is the template's"
    else
        not_ok "sdk/examples/quotes/$f is the template's" "$(diff "$WORK/quotes-template/$f" "$TOP_SRCDIR/sdk/examples/quotes/$f" | head -10)"
    fi
done

# ---- The project, built as its README says.
cd "$proj" || exit 1
run "autogen.sh" ./autogen.sh || finish
run "configure finds textpipe with pkg-config" ./configure --prefix="$WORK/inst" || finish
expect_in "configure says where make install puts the plugin" \
    "make install puts $name into $WORK/inst/lib/textpipe/plugins" "$WORK/log"
run "make" make || finish
run "make check" make check
expect_in "… ran the plugin's cmocka tests" "PASS: test_$name" "$WORK/log"
run "make distcheck" make distcheck
if [ -f "textpipe-$name-0.1.0.tar.gz" ]; then ok "… made the tarball"; else not_ok "… made the tarball"; fi

# --prefix is honoured: the plugin lands in textpipe's plugindir re-rooted.
run "make install (scratch prefix)" make install
plugdir=$WORK/inst/lib/textpipe/plugins
if [ -f "$plugdir/$name.so" ]; then ok "installed under --prefix"; else not_ok "installed under --prefix" "$(find "$WORK/inst" -type f)"; fi
TEXTPIPE_PLUGIN_PATH=$plugdir "$tp_bin" plugins >"$WORK/log" 2>&1
expect_in "textpipe plugins lists it from there" "$name 0.1.0  (plugin ABI" "$WORK/log"

# Without --prefix it goes where textpipe looks, with no path to set.
run "configure without --prefix" ./configure || finish
run "make install (textpipe's plugin folder)" make install
if [ -f "$tpdir/$name.so" ]; then ok "installed into textpipe's plugindir"; else not_ok "installed into textpipe's plugindir" "$tpdir"; fi
"$tp_bin" plugins >"$WORK/log" 2>&1
expect_in "textpipe plugins lists it" "$name 0.1.0  (plugin ABI" "$WORK/log"
expect_in "… with its options" "option terms (list of strings, default [\"textpipe\"])" "$WORK/log"
"$tp_bin" run --quiet -c "$name.cfg" sample.txt >"$WORK/out" 2>"$WORK/log"
expect_eq "a pipeline that uses it runs" 0 $?
if command -v jq >/dev/null 2>&1; then
    expect_eq "… and finds the terms of its example config" '["NATO","EU","Nato","EU"]' \
        "$(jq -c "[.annotations.$name[].text]" "$WORK/out")"
else
    expect_in "… and finds the terms of its example config" "\"$name\":[{\"start\":0,\"end\":4" "$WORK/out"
fi
run "make uninstall" make uninstall
if [ ! -e "$tpdir/$name.so" ] && [ ! -e "$tpdir/$name.la" ]; then ok "… removes it"; else not_ok "… removes it"; fi
finish
