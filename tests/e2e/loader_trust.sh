#!/bin/sh
# Plugins are code: a module is loaded only when its file and every folder
# above it can be changed by nobody but root and the user (core/trust.h),
# and the file loaded is the file checked.  Each refusal exits 2 before any
# document is read; --allow-insecure-plugins overrides.
. "$TESTS_SRCDIR/e2e/lib.sh"

so="$TOP_BUILDDIR/tests/plugins/.libs/testwords.so"
c=$(cfg trust.cfg 'stages = ( { plugin = "testwords"; } );')
printf 'one two' >"$WORK/doc.txt"

# tw DIR [ARGS...]: runs the testwords pipeline with DIR as the only plugin
# folder searched (plus the installed one, which has no testwords).
tw() {
    dir=$1
    shift
    env TEXTPIPE_PLUGIN_PATH= "$TEXTPIPE" run -c "$c" --plugin-path "$dir" "$@" "$WORK/doc.txt" \
        >"$WORK/out" 2>"$WORK/err"
    rc=$?
}

# plugdir PATH [MODE]: a folder holding a copy of testwords.so, both 0755.
plugdir() {
    mkdir -p "$1"
    cp "$so" "$1/testwords.so"
    chmod 755 "$1" "$1/testwords.so"
}

# The control: a folder only we can write loads.
plugdir "$WORK/good"
tw "$WORK/good"
expect_rc "a plugin only root and the user can change" 0

# Group-writable file and folder.
plugdir "$WORK/gfile"
chmod g+w "$WORK/gfile/testwords.so"
tw "$WORK/gfile"
expect_rc "group-writable plugin file" 2
expect_err "group-writable plugin file: named" "the plugin file $WORK/gfile/testwords.so is writable by its group"
plugdir "$WORK/gdir"
chmod g+w "$WORK/gdir"
tw "$WORK/gdir"
expect_rc "group-writable plugin folder" 2
expect_err "group-writable plugin folder: named" "the folder $WORK/gdir, which holds $WORK/gdir/testwords.so, is writable by its group"

# A world-writable folder anywhere above: anyone could rename the plugin's
# folder away and put their own in its place.
mkdir -p "$WORK/ww"
chmod 777 "$WORK/ww"
plugdir "$WORK/ww/deep/plugins"
tw "$WORK/ww/deep/plugins"
expect_rc "world-writable ancestor folder" 2
expect_err "world-writable ancestor folder: named" "the folder $WORK/ww, which holds $WORK/ww/deep/plugins/testwords.so, is writable by other users (mode 0777"
tw "$WORK/ww/deep/plugins" --allow-insecure-plugins
expect_rc "--allow-insecure-plugins loads it anyway" 0

# A sticky folder on the way (like /tmp) is fine when what lies below it
# is ours: nobody else can rename or remove it.  A folder of another user's
# inside it is not.
mkdir -p "$WORK/sticky"
chmod 1777 "$WORK/sticky"
plugdir "$WORK/sticky/mine"
tw "$WORK/sticky/mine"
expect_rc "sticky ancestor folder, our folder below it" 0
if [ "$(id -u)" -eq 0 ]; then
    plugdir "$WORK/sticky/theirs"
    chown nobody "$WORK/sticky/theirs"
    tw "$WORK/sticky/theirs"
    expect_rc "sticky ancestor folder, another user's folder below it" 2
    expect_err "sticky: the other user's folder named" "the folder $WORK/sticky/theirs, which holds"
fi

# A symbolic link from a safe folder into a world-writable one: the real
# path is what counts, for the file and for the folder.
plugdir "$WORK/ww/lib"
mkdir -p "$WORK/links"
ln -s "$WORK/ww/lib/testwords.so" "$WORK/links/testwords.so"
tw "$WORK/links"
expect_rc "NAME.so symlinked into a world-writable folder" 2
expect_err "symlinked file: the real folder named" "the folder $WORK/ww, which holds $WORK/ww/lib/testwords.so"
ln -s "$WORK/ww/lib" "$WORK/linkdir"
tw "$WORK/linkdir"
expect_rc "plugin folder symlinked into a world-writable folder" 2
expect_err "symlinked folder: the real folder named" "the folder $WORK/ww, which holds $WORK/ww/lib/testwords.so"

# A .la file whose libdir points into a world-writable folder: libltdl
# would load libdir/dlname; textpipe only ever loads the object beside the
# .la (or in its .libs/), after checking it.
plugdir "$WORK/ww/evil"
mkdir -p "$WORK/la"
cat >"$WORK/la/testwords.la" <<EOF
# testwords.la - a libtool library file
dlname='testwords.so'
library_names='testwords.so'
installed=yes
libdir='$WORK/ww/evil'
EOF
tw "$WORK/la"
expect_rc ".la with libdir in a world-writable folder" 2
expect_err ".la: libdir not followed" "$WORK/la/testwords.la names the shared object testwords.so, which is not in $WORK/la (a .la file's libdir= is not followed)"
# The same .la, uninstalled, with its object in .libs/: that one loads.
mkdir -p "$WORK/la/.libs"
cp "$so" "$WORK/la/.libs/testwords.so"
sed 's/^installed=yes/installed=no/' "$WORK/la/testwords.la" >"$WORK/la/x" && mv "$WORK/la/x" "$WORK/la/testwords.la"
env TEXTPIPE_PLUGIN_PATH= "$TEXTPIPE" check -c "$c" --plugin-path "$WORK/la" >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc ".la: the object beside it, checked" 0
expect_out ".la: the object loaded is .libs/dlname" "($WORK/la/.libs/testwords.so)"
# A group-writable .la is refused too: it decides which file is loaded.
chmod g+w "$WORK/la/testwords.la"
tw "$WORK/la"
expect_rc "group-writable .la file" 2
expect_err "group-writable .la file: named" "the plugin file $WORK/la/testwords.la is writable by its group"

# Files and folders owned by another user (not root): needs root to set up.
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
    plugdir "$WORK/ofile"
    chown nobody "$WORK/ofile/testwords.so"
    tw "$WORK/ofile"
    expect_rc "plugin file owned by another user" 2
    expect_err "plugin file owned by another user: named" "the plugin file $WORK/ofile/testwords.so belongs to user nobody"
    plugdir "$WORK/odir"
    chown nobody "$WORK/odir"
    tw "$WORK/odir"
    expect_rc "plugin folder owned by another user" 2
    expect_err "plugin folder owned by another user: named" "the folder $WORK/odir, which holds $WORK/odir/testwords.so, belongs to user nobody"
    plugdir "$WORK/oparent/plugins"
    chown nobody "$WORK/oparent"
    tw "$WORK/oparent/plugins"
    expect_rc "ancestor folder owned by another user" 2
else
    skip "plugin file owned by another user" "not root: cannot chown"
    skip "plugin folder owned by another user" "not root: cannot chown"
    skip "ancestor folder owned by another user" "not root: cannot chown"
fi

# TEXTPIPE_PLUGIN_PATH with relative entries would search the current
# folder (textpipe(1): never): refused, and said so.
plugdir "$WORK/cwd/plugins"
for rel in . plugins; do
    (cd "$WORK/cwd/plugins/.." && cd "$([ "$rel" = . ] && echo plugins || echo .)" &&
        env TEXTPIPE_PLUGIN_PATH="$rel" "$TEXTPIPE" run -c "$c" "$WORK/doc.txt" >"$WORK/out" 2>"$WORK/err")
    rc=$?
    expect_rc "TEXTPIPE_PLUGIN_PATH=$rel" 2
    expect_err "TEXTPIPE_PLUGIN_PATH=$rel: refused" "TEXTPIPE_PLUGIN_PATH: \"$rel\" not searched: a relative folder"
done
# textpipe plugins says so too.
(cd "$WORK/cwd" && env TEXTPIPE_PLUGIN_PATH="plugins" "$TEXTPIPE" plugins >"$WORK/out" 2>"$WORK/err")
rc=$?
expect_err "textpipe plugins: relative entry refused" "\"plugins\" not searched"
if grep -q "$WORK/cwd/plugins" "$WORK/out"; then
    not_ok "textpipe plugins does not list the relative folder"
else
    ok "textpipe plugins does not list the relative folder"
fi

finish
