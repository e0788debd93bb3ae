#!/bin/sh
# textpipe serve --config-dir: one pipeline per DIR/NAME.cfg, picked with
# ?newsroom=NAME or the X-Textpipe-Newsroom header, each giving the record
# `textpipe run -c DIR/NAME.cfg` writes; an application/x-ndjson batch is
# answered with one record per line in input order (error records for bad
# lines in place, as run writes them), streamed as they are ready.
. "$TESTS_SRCDIR/e2e/lib.sh"
. "$TESTS_SRCDIR/e2e/serve_lib.sh"

mkdir "$WORK/rooms"
printf '%s\n' 'stages = ( { plugin = "testwords"; options = { tag = "syd"; }; } );' >"$WORK/rooms/sydney.cfg"
printf '%s\n' 'stages = ( { plugin = "testwords"; options = { tag = "lon"; }; },' \
    '           { plugin = "testcrash"; id = "fragile"; } );' >"$WORK/rooms/london.cfg"
printf '%s\n' 'not a config' >"$WORK/rooms/notes.txt"

printf '{"id":"n1","text":"Harbour bridge traffic, day 3."}' >"$WORK/doc.json"
{ cat "$WORK/doc.json"; echo; } >"$WORK/doc.jsonl"
for room in sydney london; do
    "$TEXTPIPE" run -c "$WORK/rooms/$room.cfg" "$WORK/doc.jsonl" >"$WORK/cli.$room" 2>"$WORK/err" ||
        not_ok "run -c $room.cfg" "exit $?"
done
if cmp -s "$WORK/cli.sydney" "$WORK/cli.london"; then not_ok "the two configs give different records"; fi

serve_start --config-dir "$WORK/rooms" -j 2 || { not_ok "the server starts"; finish; }
for room in sydney london; do
    post "/v1/annotate?newsroom=$room" application/json "$WORK/doc.json"
    expect_eq "?newsroom=$room: run -c $room.cfg's record" "200 $(cat "$WORK/cli.$room")" "$code $(cat "$WORK/body")"
    post /v1/annotate application/json "$WORK/doc.json" -H "X-Textpipe-Newsroom: $room"
    expect_eq "X-Textpipe-Newsroom: $room" "200 $(cat "$WORK/cli.$room")" "$code $(cat "$WORK/body")"
done
post /v1/annotate application/json "$WORK/doc.json"
expect_eq "no newsroom and no default.cfg: 404" '404 "no_newsroom"' "$code $(body_jq .error.code)"
get /v1/pipelines
expect_eq "/v1/pipelines lists the configs, sorted" '["london","sydney"]' "$(body_jq '[.pipelines[].newsroom]')"
expect_eq "/v1/pipelines: the hash in the records" \
    "$("$JQ" -c .pipeline "$WORK/cli.london") $("$JQ" -c .pipeline "$WORK/cli.sydney")" \
    "$(body_jq '.pipelines[].pipeline' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "/v1/pipelines: stages, plugins and versions" \
    '[{"id":"testwords","plugin":"testwords","version":true},{"id":"fragile","plugin":"testcrash","version":true}]' \
    "$(body_jq '.pipelines[0].stages | map({id, plugin, version: (.version | type == "string")})')"

# A batch: documents of many sizes (so workers finish out of order), a
# malformed line, a duplicate id, a blank line and a crashing document.
"$PYTHON3" - "$WORK/batch.jsonl" <<'PY'
import sys
out = open(sys.argv[1], 'w')
for i in range(1, 61):
    out.write('{"id":"b%d","text":"%s","n":%d}\n' % (i, ('word%d ' % i) * ((i * 37) % 200 + 1), i))
    if i == 10: out.write('{"id": "broken", \n')
    if i == 20: out.write('{"id":"b5","text":"a copy"}\n')
    if i == 30: out.write('\n')
    if i == 40: out.write('{"id":"crash","text":"SEGV_ME"}\n')
PY
# Error messages name the input: run's file, the server's "request".
"$TEXTPIPE" run -c "$WORK/rooms/london.cfg" "$WORK/batch.jsonl" 2>"$WORK/err" |
    sed "s|$WORK/batch.jsonl:|request:|" >"$WORK/cli.batch"
post '/v1/annotate?newsroom=london' application/x-ndjson "$WORK/batch.jsonl"
expect_eq "a batch: 200" 200 "$code"
if grep -qi '^content-type: application/x-ndjson' "$WORK/headers"; then ok "a batch: NDJSON back"; else
    not_ok "a batch: NDJSON back" "$(cat "$WORK/headers")"
fi
if cmp -s "$WORK/cli.batch" "$WORK/body"; then
    ok "a batch: the records run writes, in order ($(wc -l <"$WORK/body") lines)"
else
    not_ok "a batch: the records run writes, in order" "$(diff "$WORK/cli.batch" "$WORK/body" | head -5)"
fi
expect_eq "a batch: the crash and the bad lines are error records" '["bad_json","crashed","duplicate_id"]' \
    "$("$JQ" -sc '[.[] | .error.code // empty] | sort' "$WORK/body")"

# Streamed: the first records arrive while a later document still runs
# (SLOW_ME takes 3 s).  Each line is stamped when it arrives.
printf '%s\n' '{"id":"f1","text":"first"}' '{"id":"f2","text":"second"}' '{"id":"f3","text":"SLOW_ME"}' >"$WORK/stream.jsonl"
curl -s -N -m 20 -H 'Content-Type: application/x-ndjson' --data-binary "@$WORK/stream.jsonl" \
    "http://127.0.0.1:$PORT/v1/annotate?newsroom=london" | while IFS= read -r line; do
    echo "$(date +%s.%N) $(printf '%s' "$line" | "$JQ" -r .id)"
done >"$WORK/stamps"
expect_eq "streamed: three records in order" "f1 f2 f3" "$(cut -d' ' -f2 "$WORK/stamps" | tr '\n' ' ' | sed 's/ $//')"
gap=$(awk 'NR == 1 { a = $1 } NR == 3 { printf "%d", ($1 - a) * 10 }' "$WORK/stamps")
if [ "${gap:-0}" -ge 15 ]; then
    ok "streamed: the first record came before the slow one ended (${gap}00 ms earlier)"
else
    not_ok "streamed: the first record came before the slow one ended" "gap ${gap}00 ms"
fi

serve_stop
expect_eq "SIGTERM: exit 0" 0 "$src"
finish
