#!/bin/sh
# textpipe serve and signals.  SIGHUP reloads the configs: requests in
# flight finish on the old pipeline, new ones get the new one, none is
# dropped (also under load); a broken config is refused, logged, and the
# old one keeps serving.  SIGTERM drains: no new connection, the requests
# in flight finish, exit 0; past --drain-timeout they get error records.
. "$TESTS_SRCDIR/e2e/lib.sh"
. "$TESTS_SRCDIR/e2e/serve_lib.sh"

c="$WORK/news.cfg"
config() {
    printf 'stages = ( { plugin = "testwords"; options = { tag = "%s"; }; }, { plugin = "testcrash"; id = "fragile"; } );\n' \
        "$1" >"$c"
}
config one
printf 'Some words' >"$WORK/doc"
printf 'SLOW_ME words' >"$WORK/slow"
printf '{"id":"doc","text":"Some words"}\n' >"$WORK/doc.jsonl"
"$TEXTPIPE" run -c "$c" "$WORK/doc.jsonl" >"$WORK/cli.one" 2>"$WORK/err"
config two
"$TEXTPIPE" run -c "$c" "$WORK/doc.jsonl" >"$WORK/cli.two" 2>"$WORK/err"
config one

serve_start -c "$c" -j 2 --access-log off || { not_ok "the server starts"; finish; }
post /v1/annotate text/plain "$WORK/doc"
expect_eq "before the reload: the first config's record" "$(cat "$WORK/cli.one")" "$(cat "$WORK/body")"

# generation: the generation /readyz reports.
generation() {
    curl -s -m 5 "http://127.0.0.1:$PORT/readyz" | "$JQ" -r .generation
}
# wait_generation N: up to 10 s.
wait_generation() {
    i=0
    while [ "$(generation)" != "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}

# A slow request in flight, then the reload.
curl -s -m 20 -o "$WORK/slowbody" -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$WORK/slow" \
    "http://127.0.0.1:$PORT/v1/annotate" >"$WORK/slowcode" &
cpid=$!
sleep 0.5
config two
kill -HUP "$SERVER_PID"
wait_generation 2
expect_eq "SIGHUP: generation 2 serves" 2 "$(generation)"
post /v1/annotate text/plain "$WORK/doc"
expect_eq "after the reload: the new config's record" "$(cat "$WORK/cli.two")" "$(cat "$WORK/body")"
wait $cpid
expect_eq "the request in flight finished on the old pipeline" '200 "one"' \
    "$(cat "$WORK/slowcode") $("$JQ" -c '.annotations.word[0].tag' "$WORK/slowbody")"
# The old generation's workers end once nothing refers to it.
i=0
while [ "$(workers | wc -l)" -ne 2 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
expect_eq "the old workers ended: two workers" 2 "$(workers | wc -l)"

# A broken config: refused, logged, generation 2 keeps serving.
printf 'stages = ( { plugin = "testwords"; options = { tag = ; }; } );\n' >"$c"
kill -HUP "$SERVER_PID"
i=0
while ! grep -q 'reload refused' "$WORK/serve.err" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if grep -q 'reload refused' "$WORK/serve.err"; then ok "a broken config: the refusal is logged"; else
    not_ok "a broken config: the refusal is logged" "$(tail -n 5 "$WORK/serve.err")"
fi
if grep -q "$c" "$WORK/serve.err"; then ok "the log names the broken file"; else not_ok "the log names the broken file"; fi
expect_eq "a broken config: generation 2 still serves" 2 "$(generation)"
post /v1/annotate text/plain "$WORK/doc"
expect_eq "a broken config: the running config answers" "200 $(cat "$WORK/cli.two")" "$code $(cat "$WORK/body")"
# A config whose plugin is missing: refused the same way.
printf 'stages = ( { plugin = "no_such_plugin_anywhere"; } );\n' >"$c"
kill -HUP "$SERVER_PID"
sleep 0.5
post /v1/annotate text/plain "$WORK/doc"
expect_eq "a missing plugin: the running config answers" "200 $(cat "$WORK/cli.two")" "$code $(cat "$WORK/body")"
# A config whose stage cannot start (in the new workers): refused the same
# way, the old workers keep serving.
printf 'stages = ( { plugin = "testfail"; options = { init_error = "no licence key"; }; } );\n' >"$c"
kill -HUP "$SERVER_PID"
i=0
while [ "$(grep -c 'reload refused' "$WORK/serve.err")" -lt 3 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if grep -A 3 'reload refused' "$WORK/serve.err" | grep -q 'no licence key'; then ok "a stage that cannot start: refused, its error logged"; else
    not_ok "a stage that cannot start: refused, its error logged" "$(tail -n 5 "$WORK/serve.err")"
fi
post /v1/annotate text/plain "$WORK/doc"
expect_eq "a stage that cannot start: the running config answers" "200 $(cat "$WORK/cli.two")" "$code $(cat "$WORK/body")"
expect_eq "a stage that cannot start: its workers are gone" 2 "$(workers | wc -l)"
get /metrics
expect_eq "reloads counted" "1 3" \
    "$(awk '$1 == "textpipe_reloads_total{result=\"ok\"}" { a = $2 } $1 == "textpipe_reloads_total{result=\"refused\"}" { b = $2 } END { print a, b }' "$WORK/body")"

# reloads_ok: how many reloads took over.
reloads_ok() {
    curl -s -m 5 "http://127.0.0.1:$PORT/metrics" | awk '$1 == "textpipe_reloads_total{result=\"ok\"}" { print $2 }'
}
# Reloads under load: four clients send 40 requests each while the config
# flips between one and two every 0.3 s; every request gets 200 and one of
# the two records.
for k in 1 2 3 4; do
    (
        n=0
        while [ $n -lt 40 ]; do
            curl -s -m 20 -w ' %{http_code}\n' -H 'Content-Type: text/plain' --data-binary "@$WORK/doc" \
                "http://127.0.0.1:$PORT/v1/annotate"
            n=$((n + 1))
        done
    ) >"$WORK/load.$k" &
    clients="${clients:-} $!"
done
for t in one two one two; do
    config $t
    kill -HUP "$SERVER_PID"
    sleep 0.3
done
wait $clients
cat "$WORK/load.1" "$WORK/load.2" "$WORK/load.3" "$WORK/load.4" >"$WORK/load"
# Each answer is its record (a line) then " STATUS".
expect_eq "under load: 160 answers, all 200" 160 "$(grep -cx ' 200' "$WORK/load")"
expect_eq "under load: every answer one of the two records" 160 \
    "$(grep -cxF -e "$(cat "$WORK/cli.one")" -e "$(cat "$WORK/cli.two")" "$WORK/load")"
expect_eq "under load: nothing else" 320 "$(wc -l <"$WORK/load")"
# A reload sent while the previous one still starts replaces it, so count
# at least one that took over, and the last config serving.
i=0
while [ "$(curl -s -m 5 -H 'Content-Type: text/plain' --data-binary "@$WORK/doc" "http://127.0.0.1:$PORT/v1/annotate")" != "$(cat "$WORK/cli.two")" ] && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
r=$(reloads_ok)
if [ "$r" -ge 2 ]; then ok "under load: the reloads took over ($((r - 1)) of 4)"; else not_ok "under load: the reloads took over" "$r"; fi
post /v1/annotate text/plain "$WORK/doc"
expect_eq "under load: the last config serves" "$(cat "$WORK/cli.two")" "$(cat "$WORK/body")"

# SIGTERM with a slow request in flight: it finishes, new connections are
# refused meanwhile, exit 0.
config one
kill -HUP "$SERVER_PID"
i=0
while [ "$(reloads_ok)" != $((r + 1)) ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
curl -s -m 20 -o "$WORK/slowbody" -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$WORK/slow" \
    "http://127.0.0.1:$PORT/v1/annotate" >"$WORK/slowcode" &
cpid=$!
sleep 0.5
kill -TERM "$SERVER_PID"
sleep 0.3
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")
expect_eq "draining: a new connection is refused" 000 "$code"
wait $cpid
expect_eq "draining: the request in flight gets its record" '200 "SLOW_ME words"' \
    "$(cat "$WORK/slowcode") $("$JQ" -c .text "$WORK/slowbody")"
serve_stop
expect_eq "SIGTERM: exit 0 after the drain" 0 "$src"
if grep -q 'serve: stopped' "$WORK/serve.err"; then ok "SIGTERM: said so"; else not_ok "SIGTERM: said so"; fi

# Past --drain-timeout: the request that hangs gets an error record, and
# the server still exits 0, within the bound.
serve_start -c "$c" -j 1 --drain-timeout 1 --access-log off || { not_ok "the server starts again"; finish; }
printf 'HANG_ME' >"$WORK/hang"
curl -s -m 20 -o "$WORK/hangbody" -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$WORK/hang" \
    "http://127.0.0.1:$PORT/v1/annotate" >"$WORK/hangcode" &
cpid=$!
sleep 0.5
t0=$(date +%s)
serve_stop
t1=$(date +%s)
wait $cpid
expect_eq "drain time out: exit 0" 0 "$src"
if [ $((t1 - t0)) -le 5 ]; then ok "drain time out: stopped within the bound"; else
    not_ok "drain time out: stopped within the bound" "$((t1 - t0)) s"
fi
expect_eq "drain time out: the hanging request gets an error record" '503 "shutdown"' \
    "$(cat "$WORK/hangcode") $("$JQ" -c .error.code "$WORK/hangbody")"
finish
