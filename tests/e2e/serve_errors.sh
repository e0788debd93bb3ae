#!/bin/sh
# textpipe serve: clear HTTP errors with a JSON body (413 body size, 400
# bad JSON or bad UTF-8 with the byte offset, 404 unknown newsroom, 415
# unknown type), and the prefork pool's isolation: a worker that crashes
# (a stage's SIGSEGV, or kill -9 from outside) costs only the request it
# was working on (500 with the error record) and is replaced.
. "$TESTS_SRCDIR/e2e/lib.sh"
. "$TESTS_SRCDIR/e2e/serve_lib.sh"

# Start-up errors: exit status and a message, before anything listens.
tp serve --listen nonsense
expect_rc "--listen nonsense" 2
expect_err "--listen nonsense: said so" "not ADDR:PORT"
tp serve --listen 127.0.0.1:0 stray.txt
expect_rc "an INPUT argument" 2
tp serve --listen 127.0.0.1:0 -c "$(cfg broken.cfg 'stages = ( { plugin = "testwords"; options = { nope = 1; }; } );')"
expect_rc "a config error at start" 2
expect_err "a config error at start: the file named" "broken.cfg"
tp serve --listen 127.0.0.1:0 -c "$(cfg noinit.cfg 'stages = ( { plugin = "testfail"; options = { init_error = "no licence key"; }; } );')"
expect_rc "a stage that cannot start" 2
expect_err "a stage that cannot start: its message" "no licence key"

c=$(cfg crash.cfg 'stages = ( { plugin = "testwords"; }, { plugin = "testfail"; }, { plugin = "testcrash"; id = "fragile"; } );')
serve_start -c "$c" -j 2 --max-body 1K || { not_ok "the server starts"; finish; }

# err_is NAME STATUS CODE [OFFSET]: the last answer is an error of that
# status and code, in the JSON error body (offset: its byte offset).
err_is() {
    want="$2 {\"status\":$2,\"code\":\"$3\",\"message\":true${4:+,\"offset\":$4}}"
    got="$code $(body_jq '.error | with_entries(if .key == "message" then .value |= (type == "string" and length > 0) else . end)')"
    expect_eq "$1" "$want" "$got"
    if grep -qi '^content-type: application/json' "$WORK/headers"; then :; else
        not_ok "$1: the error body is application/json" "$(cat "$WORK/headers")"
    fi
}

printf '{"id":"a","text":"bad' >"$WORK/b1"
post /v1/annotate application/json "$WORK/b1"
err_is "an unterminated string: 400 at its start" 400 bad_json 17
printf '{"id":"a",,"text":"x"}' >"$WORK/b2"
post /v1/annotate application/json "$WORK/b2"
err_is "a stray comma: 400 at the comma" 400 bad_json 10
printf '{"id":"a","text":"x"} x' >"$WORK/b3"
post /v1/annotate application/json "$WORK/b3"
err_is "junk after the document: 400 at the junk" 400 bad_json 22
printf '{"id":"a","text":"ab\377"}' >"$WORK/b4"
post /v1/annotate application/json "$WORK/b4"
err_is "bad UTF-8 in JSON: 400 at the byte" 400 bad_utf8 20
printf 'ab\303(cd' >"$WORK/b5"
post /v1/annotate text/plain "$WORK/b5"
err_is "bad UTF-8 in text/plain: 400 at the byte" 400 bad_utf8 2
printf '{"text":"no id"}' >"$WORK/b6"
post /v1/annotate application/json "$WORK/b6"
err_is "a document without an id: 400" 400 no_id 0

head -c 1025 /dev/zero | tr '\0' a >"$WORK/big"
head -c 1024 /dev/zero | tr '\0' a >"$WORK/fits"
post /v1/annotate text/plain "$WORK/big"
err_is "a body one byte over --max-body: 413" 413 too_large
post /v1/annotate text/plain "$WORK/big" -H 'Transfer-Encoding: chunked'
err_is "a chunked body over --max-body: 413" 413 too_large
post /v1/annotate text/plain "$WORK/fits"
expect_eq "a body of exactly --max-body: 200" 200 "$code"

printf 'x' >"$WORK/x"
post '/v1/annotate?newsroom=atlantis' text/plain "$WORK/x"
err_is "an unknown newsroom: 404" 404 unknown_newsroom
post /v1/annotate text/plain "$WORK/x" -H 'X-Textpipe-Newsroom: atlantis'
err_is "an unknown newsroom in the header: 404" 404 unknown_newsroom
post /v1/annotate application/xml "$WORK/x"
err_is "an unknown Content-Type: 415" 415 unsupported_type
post '/v1/annotate?offsets=furlongs' text/plain "$WORK/x"
err_is "an unknown offsets unit: 400" 400 bad_offsets

# A stage that crashes: that request gets 500 and the error record run
# writes (the same pipeline hash), the next ones are served.
printf '{"id":"c1","text":"fine"}\n{"id":"c2","text":"SEGV_ME"}\n{"id":"c3","text":"FAILME"}\n' >"$WORK/crash.jsonl"
"$TEXTPIPE" run -c "$c" "$WORK/crash.jsonl" >"$WORK/cli" 2>"$WORK/err"
before=$(workers | sort | tr '\n' ' ')
expect_eq "two workers" 2 "$(echo $before | wc -w)"
printf '{"id":"c2","text":"SEGV_ME"}' >"$WORK/segv"
post /v1/annotate application/json "$WORK/segv"
expect_eq "a crashing stage: 500 with run's error record" "500 $(sed -n 2p "$WORK/cli")" "$code $(cat "$WORK/body")"
printf '{"id":"c3","text":"FAILME"}' >"$WORK/failme"
post /v1/annotate application/json "$WORK/failme"
expect_eq "a stage that fails the document: 422 with run's error record" "422 $(sed -n 3p "$WORK/cli")" \
    "$code $(cat "$WORK/body")"
printf '{"id":"c1","text":"fine"}' >"$WORK/fine"
good=0
for i in 1 2 3 4 5 6; do
    post /v1/annotate application/json "$WORK/fine"
    [ "$code" = 200 ] && [ "$(cat "$WORK/body")" = "$(sed -n 1p "$WORK/cli")" ] && good=$((good + 1))
done
expect_eq "after the crash, every request is served" 6 "$good"
sleep 0.3
after=$(workers | sort | tr '\n' ' ')
expect_eq "the crashed worker was replaced: two workers" 2 "$(echo $after | wc -w)"
if [ "$before" != "$after" ]; then ok "a new worker process"; else not_ok "a new worker process" "$before"; fi

# kill -9 of a worker from outside while it works (SLOW_ME takes 3 s):
# 500 with an error record for that request only.
printf '{"id":"slow","text":"SLOW_ME"}' >"$WORK/slow"
curl -s -m 20 -o "$WORK/slowbody" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary "@$WORK/slow" "http://127.0.0.1:$PORT/v1/annotate" >"$WORK/slowcode" &
cpid=$!
# The worker holding it sleeps in the stage; the other waits on its pipe.
victim=""
i=0
while [ -z "$victim" ] && [ $i -lt 50 ]; do
    sleep 0.1
    for w in $(workers); do
        case $(cat /proc/$w/wchan 2>/dev/null) in *sleep*) victim=$w ;; esac
    done
    i=$((i + 1))
done
other=$(workers | grep -vx "$victim")
# A good request at the same time, on the other worker.
post /v1/annotate application/json "$WORK/fine"
expect_eq "a request beside the slow one is served" 200 "$code"
kill -9 $victim
wait $cpid
expect_eq "kill -9 of the worker: 500" 500 "$(cat "$WORK/slowcode")"
expect_eq "kill -9 of the worker: an error record" '"slow" "crashed" "fragile"' \
    "$("$JQ" -c '.id, .error.code, .error.stage' "$WORK/slowbody" | tr '\n' ' ' | sed 's/ $//')"
good=0
for i in 1 2 3 4; do
    post /v1/annotate application/json "$WORK/fine"
    [ "$code" = 200 ] && good=$((good + 1))
done
expect_eq "after kill -9, requests are served" 4 "$good"
if workers | grep -qx "$other"; then ok "the other worker lives on"; else not_ok "the other worker lives on"; fi
expect_eq "the killed worker was replaced" 2 "$(workers | wc -l)"

get /healthz
expect_eq "the server is up" 200 "$code"
# Its port is taken: a second server cannot listen there.
tp serve -c "$c" --listen "127.0.0.1:$PORT"
expect_rc "a port in use" 3
expect_err "a port in use: said so" "cannot listen on 127.0.0.1:$PORT"
serve_stop
expect_eq "SIGTERM: exit 0" 0 "$src"

# A document's deadline and a worker's memory cap, as in a batch run: 500
# with the error record naming the stage; the worker is replaced.
serve_start -c "$c" -j 1 --doc-timeout 1 --worker-memory 48M || { not_ok "the server starts again"; finish; }
printf 'HANG_ME' >"$WORK/hang"
post /v1/annotate text/plain "$WORK/hang"
expect_eq "past --doc-timeout: 500 timeout" '500 "timeout" "fragile"' "$code $(body_jq '.error.code, .error.stage' | tr '\n' ' ' | sed 's/ $//')"
printf 'LEAK_ME' >"$WORK/leak"
post /v1/annotate text/plain "$WORK/leak"
expect_eq "past --worker-memory: 500 memory" '500 "memory" "fragile"' "$code $(body_jq '.error.code, .error.stage' | tr '\n' ' ' | sed 's/ $//')"
post /v1/annotate application/json "$WORK/fine"
expect_eq "then served again" "200 $(sed -n 1p "$WORK/cli")" "$code $(cat "$WORK/body")"
serve_stop
expect_eq "SIGTERM: exit 0" 0 "$src"
finish
