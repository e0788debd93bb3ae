#!/bin/sh
# Plugin loading failures, each with a message that says what to do, and
# exit status 2 before any document is read.
. "$TESTS_SRCDIR/e2e/lib.sh"

# Not found: did-you-mean, and every directory searched.
c=$(cfg nf.cfg 'stages = ( { plugin = "testword"; } );')
tp run -c "$c" /dev/null
expect_rc "plugin not found" 2
expect_err "not found: file and line" "nf.cfg:1: error: stage \"testword\": plugin \"testword\" not found"
expect_err "not found: suggestion" 'did you mean "testwords"?'
expect_err "not found: directories searched" "(TEXTPIPE_PLUGIN_PATH)"
expect_err "not found: installed directory searched" "(installed)"

c=$(cfg nf2.cfg 'stages = ( { plugin = "nothing_like_it"; } );')
mkdir -p "$WORK/plugdir"
tp run -c "$c" --plugin-path "$WORK/plugdir" /dev/null
expect_err "--plugin-path is searched first" "searched: $WORK/plugdir (--plugin-path)"

# Plugin names are not paths.
c=$(cfg path.cfg 'stages = ( { plugin = "../tests/plugins/testwords"; } );')
tp run -c "$c" /dev/null
expect_rc "path as plugin name" 2
expect_err "path as plugin name message" "is not a plugin name"

# ABI mismatch: both versions named.
c=$(cfg abi.cfg 'stages = ( { plugin = "testabi"; } );')
tp run -c "$c" /dev/null
expect_rc "ABI mismatch" 2
# The ABI this build provides, as <textpipe/version.h> says.
abi=$(sed -n 's/^#define TP_ABI_MAJOR \([0-9]*\)/\1/p' "$TOP_SRCDIR/sdk/include/textpipe/version.h").$(sed -n 's/^#define TP_ABI_MINOR \([0-9]*\)/\1/p' "$TOP_SRCDIR/sdk/include/textpipe/version.h")
expect_err "ABI mismatch message" "was built for plugin ABI 2.0, but this textpipe provides ABI $abi: rebuild the plugin"

# A shared object without the entry symbol.
c=$(cfg nosym.cfg 'stages = ( { plugin = "testnosym"; } );')
tp run -c "$c" /dev/null
expect_rc "missing entry symbol" 2
expect_err "missing entry symbol message" "is not a textpipe plugin: it does not export tp_plugin_entry()"

# A plugin whose library dependency is missing: the dynamic linker's own
# message, not "file not found".
if [ -n "${CC:-}" ]; then
    mkdir -p "$WORK/dep" "$WORK/nd"
    if $CC -shared -fPIC -o "$WORK/dep/libtpgone.so.1" -Wl,-soname,libtpgone.so.1 "$TESTS_SRCDIR/plugins/gone.c" &&
        $CC -shared -fPIC -I"$TOP_SRCDIR/sdk/include" -o "$WORK/nd/needsdep.so" "$TESTS_SRCDIR/plugins/needsdep.c" \
            "$WORK/dep/libtpgone.so.1"; then
        rm -f "$WORK/dep/libtpgone.so.1"
        c=$(cfg nd.cfg 'stages = ( { plugin = "needsdep"; } );')
        tp run -c "$c" --plugin-path "$WORK/nd" /dev/null
        expect_rc "missing dependency" 2
        expect_err "missing dependency: the loader's real error" "libtpgone.so.1: cannot open shared object file"
        expect_err "missing dependency: absolute plugin path" "from $WORK/nd/needsdep.so"
    else
        not_ok "building the needsdep test plugin with $CC"
    fi
fi

# Plugins that other users could modify are refused, unless allowed.
mkdir -p "$WORK/shared-plugins"
cp "$TOP_BUILDDIR/tests/plugins/.libs/testwords.so" "$WORK/shared-plugins/"
chmod 755 "$WORK/shared-plugins"
c=$(cfg insecure.cfg 'stages = ( { plugin = "testwords"; } );')
printf 'one two' >"$WORK/doc.txt"
chmod o+w "$WORK/shared-plugins/testwords.so"
tp run -c "$c" --plugin-path "$WORK/shared-plugins" "$WORK/doc.txt"
expect_rc "world-writable plugin file" 2
expect_err "world-writable plugin file message" "refusing to load plugin \"testwords\": the plugin file $WORK/shared-plugins/testwords.so is writable by other users"
tp run -c "$c" --plugin-path "$WORK/shared-plugins" --allow-insecure-plugins "$WORK/doc.txt"
expect_rc "--allow-insecure-plugins" 0
chmod o-w "$WORK/shared-plugins/testwords.so"
chmod o+w "$WORK/shared-plugins"
tp run -c "$c" --plugin-path "$WORK/shared-plugins" "$WORK/doc.txt"
expect_rc "world-writable plugin folder" 2
expect_err "world-writable plugin folder message" "the folder $WORK/shared-plugins, which holds $WORK/shared-plugins/testwords.so, is writable by other users"
chmod o-w "$WORK/shared-plugins"
tp run -c "$c" --plugin-path "$WORK/shared-plugins" "$WORK/doc.txt"
expect_rc "the same plugin, once fixed" 0

# Never the current directory: a plugin there is not found.
c=$(cfg cwd.cfg 'stages = ( { plugin = "testwords"; } );')
(cd "$WORK/shared-plugins" && env TEXTPIPE_PLUGIN_PATH= "$TEXTPIPE" run -c "$c" "$WORK/doc.txt" >"$WORK/out" 2>"$WORK/err")
rc=$?
expect_rc "a plugin in the current directory is not loaded" 2
expect_err "not found although in the current directory" 'plugin "testwords" not found'
(cd "$WORK/shared-plugins" && env TEXTPIPE_PLUGIN_PATH=":" "$TEXTPIPE" run -c "$c" "$WORK/doc.txt" >"$WORK/out" 2>"$WORK/err")
rc=$?
expect_rc "an empty TEXTPIPE_PLUGIN_PATH entry is not the current directory" 2

# textpipe plugins lists the usable ones and says why others are not.
tp plugins
expect_rc "plugins" 0
expect_out "plugins: name and version" "testwords 1.0"
expect_out "plugins: options" "option min_len (integer, default 1, 1 to 100): shortest word marked"
expect_out "plugins: consumes" "consumes: word"
expect_out "plugins: broken plugin reported" "testabi  (cannot be used)"

finish
