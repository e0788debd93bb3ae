#!/bin/sh
# The installed textpipe (quickstart.sh installs into build/root and sets
# TEXTPIPE_INSTALLED): runs the built-in default pipeline on a sample
# without any environment pointing into the build tree.
. "$TESTS_SRCDIR/e2e/lib.sh"

if [ -z "${TEXTPIPE_INSTALLED:-}" ] || [ ! -x "$TEXTPIPE_INSTALLED/bin/textpipe" ]; then
    echo "SKIP: TEXTPIPE_INSTALLED does not name an installed textpipe"
    exit 77
fi
bin=$TEXTPIPE_INSTALLED/bin/textpipe

env -u TEXTPIPE_PLUGIN_PATH -u TEXTPIPE_DATA_DIR "$bin" run "$TOP_SRCDIR/samples/markets-brief.txt" >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc "installed run" 0
expect_eq "installed run: one record" 1 "$(wc -l <"$WORK/out" | tr -d ' ')"
expect_eq "installed run: the sample's id" '"markets-brief"' "$(jqo .id)"
expect_eq "installed run: text round-trips" "$(cat "$TOP_SRCDIR/samples/markets-brief.txt" | jq -Rsc .)" "$(jqo .text)"

env -u TEXTPIPE_PLUGIN_PATH "$bin" plugins >"$WORK/out" 2>"$WORK/err"
expect_out "installed plugin directory searched" "$TEXTPIPE_INSTALLED/lib/textpipe/plugins (installed)"

# The SDK is installed beside it.
for f in include/textpipe/plugin.h include/textpipe/doc.h include/textpipe/version.h lib/pkgconfig/textpipe.pc \
    share/textpipe/conf/default.cfg share/textpipe/conf/newsrooms/sydney.cfg; do
    if [ -f "$TEXTPIPE_INSTALLED/$f" ]; then ok "installed $f"; else not_ok "installed $f"; fi
done

# A newsroom file that includes the installed default.
env -u TEXTPIPE_PLUGIN_PATH "$bin" check -c "$TEXTPIPE_INSTALLED/share/textpipe/conf/newsrooms/sydney.cfg" >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc "installed newsroom config checks" 0

finish
