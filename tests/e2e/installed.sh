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

# The installed server, started as the installed systemd unit starts it
# (on a free port): it serves the installed newsroom configs, and its
# record is the installed `run`'s.
unit=$TEXTPIPE_INSTALLED/share/textpipe/systemd/textpipe-serve.service
if [ ! -f "$unit" ]; then
    not_ok "installed systemd unit"
elif ! command -v curl >/dev/null 2>&1; then
    skip "the installed server" "curl is not installed"
else
    ok "installed systemd unit"
    # systemd's own check of the unit (directives, times, the command is
    # executable), where systemd-analyze is present.
    if command -v systemd-analyze >/dev/null 2>&1; then
        timeout 30 systemd-analyze verify --man=no "$unit" >"$WORK/verify" 2>&1
        rc=$?
        if [ $rc -eq 0 ] && [ ! -s "$WORK/verify" ]; then
            ok "systemd-analyze verify: the unit is clean"
        else
            not_ok "systemd-analyze verify" "status $rc: $(head -c 400 "$WORK/verify")"
        fi
    fi
    cmdline=$(sed -n 's/^ExecStart=//p' "$unit" | sed 's/--listen [^ ]*/--listen 127.0.0.1:0/')
    # shellcheck disable=SC2086
    env -u TEXTPIPE_PLUGIN_PATH -u TEXTPIPE_DATA_DIR $cmdline -j 1 --port-file "$WORK/port" 2>"$WORK/serve.err" &
    spid=$!
    i=0
    while [ $i -lt 100 ] && [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(cat "$WORK/port" 2>/dev/null)/readyz")" != 200 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    printf '{"id":"markets-brief","text":%s}\n' "$("$JQ" -Rsc . "$TOP_SRCDIR/samples/markets-brief.txt")" >"$WORK/doc.jsonl"
    env -u TEXTPIPE_PLUGIN_PATH -u TEXTPIPE_DATA_DIR "$bin" run -c "$TEXTPIPE_INSTALLED/share/textpipe/conf/newsrooms/sydney.cfg" \
        "$WORK/doc.jsonl" >"$WORK/cli" 2>"$WORK/err"
    code=$(curl -s -m 20 -o "$WORK/body" -w '%{http_code}' -H 'Content-Type: application/x-ndjson' \
        --data-binary "@$WORK/doc.jsonl" "http://127.0.0.1:$(cat "$WORK/port")/v1/annotate?newsroom=sydney")
    expect_eq "the installed server: run's record for newsroom sydney" "200 $(cat "$WORK/cli")" "$code $(cat "$WORK/body")"
    kill -TERM $spid
    wait $spid
    expect_eq "the installed server: SIGTERM, exit 0" 0 "$?"
fi

finish
