#!/bin/sh
# textpipe serve, POST /v1/annotate: a JSON document and a text/plain one
# get the record `textpipe run` writes for the same document with the same
# config (byte for byte), in each offsets unit (?offsets=); GET /healthz and
# /readyz answer.
. "$TESTS_SRCDIR/e2e/lib.sh"
. "$TESTS_SRCDIR/e2e/serve_lib.sh"

# The default pipeline; texts with characters of 2, 3 and 4 UTF-8 bytes so
# the three offsets units differ.
printf '%s\n' \
    '{"id":"a1","text":"Apple paid $5 million to John Smith in Sydney on Monday.","section":"business","n":3}' \
    '{"id":"a2","text":"Zoë Müller — the “Berlin” office 🚀 — sold €12,5 Mio. to Siemens AG.","tags":["x",1]}' \
    '{"id":"a3","text":""}' >"$WORK/docs.jsonl"
printf '%s\n' '{"id":"p1","text":"Café owners in Paris paid 3 million euros. 🎉 Jean Dupont agreed."}' >"$WORK/plain.jsonl"
printf '%s' 'Café owners in Paris paid 3 million euros. 🎉 Jean Dupont agreed.' >"$WORK/plain.txt"

for unit in codepoints bytes utf16; do
    "$TEXTPIPE" run --offsets $unit "$WORK/docs.jsonl" >"$WORK/cli.$unit" 2>"$WORK/err" &&
        "$TEXTPIPE" run --offsets $unit "$WORK/plain.jsonl" >"$WORK/cliplain.$unit" 2>"$WORK/err" ||
        not_ok "textpipe run --offsets $unit" "exit $?"
done

serve_start -j 2 || { not_ok "the server starts"; finish; }
ok "the server starts on a free port and becomes ready"

get /healthz
expect_eq "GET /healthz" '200 {"status":"ok"}' "$code $(body_jq .)"
get /readyz
expect_eq "GET /readyz" '200 "ready" 1' "$code $(body_jq -r '.status' | "$JQ" -R .) $(body_jq .generation)"

for unit in codepoints bytes utf16; do
    : >"$WORK/srv.$unit"
    n=0
    while IFS= read -r line; do
        n=$((n + 1))
        printf '%s' "$line" >"$WORK/doc$n.json"
        if [ $unit = codepoints ]; then q=""; else q="?offsets=$unit"; fi
        post "/v1/annotate$q" application/json "$WORK/doc$n.json"
        [ "$code" = 200 ] || not_ok "document $n ($unit): status" "expected 200, got $code: $(cat "$WORK/body")"
        cat "$WORK/body" >>"$WORK/srv.$unit"
    done <"$WORK/docs.jsonl"
    if cmp -s "$WORK/cli.$unit" "$WORK/srv.$unit"; then
        ok "JSON documents, offsets $unit: the records textpipe run writes"
    else
        not_ok "JSON documents, offsets $unit: the records textpipe run writes" \
            "run:   $(head -c 400 "$WORK/cli.$unit")" "serve: $(head -c 400 "$WORK/srv.$unit")"
    fi
    post "/v1/annotate?id=p1&offsets=$unit" "text/plain; charset=utf-8" "$WORK/plain.txt"
    if [ "$code" = 200 ] && cmp -s "$WORK/cliplain.$unit" "$WORK/body"; then
        ok "text/plain, offsets $unit: the record textpipe run writes"
    else
        not_ok "text/plain, offsets $unit" "status $code" "run:   $(cat "$WORK/cliplain.$unit")" \
            "serve: $(cat "$WORK/body")"
    fi
done

# The three units give three different records (the test above would not
# notice a server that ignored ?offsets= if they did not).
if ! cmp -s "$WORK/srv.bytes" "$WORK/srv.codepoints" && ! cmp -s "$WORK/srv.utf16" "$WORK/srv.codepoints"; then
    ok "offsets change the record"
else
    not_ok "offsets change the record"
fi

# A JSON document spread over lines, with spaces: the same record.
printf '{\n  "id": "a1",\n  "text": "Apple paid $5 million to John Smith in Sydney on Monday.",\n  "section": "business",\n  "n": 3\n}\n' >"$WORK/pretty.json"
post /v1/annotate application/json "$WORK/pretty.json"
expect_eq "a JSON body spread over lines" "$(head -n 1 "$WORK/cli.codepoints")" "$(cat "$WORK/body")"

# text/plain without ?id=: the id is "doc".
post /v1/annotate text/plain "$WORK/plain.txt"
expect_eq "text/plain without ?id=" '200 "doc"' "$code $(body_jq .id)"
# A body without a Content-Type: JSON when it starts with '{'.
code=$(curl -s -m 20 -o "$WORK/body" -w '%{http_code}' -H 'Content-Type:' --data-binary "@$WORK/doc1.json" \
    "http://127.0.0.1:$PORT/v1/annotate")
expect_eq "a body without a Content-Type, JSON" "200 $(head -n 1 "$WORK/cli.codepoints" | "$JQ" -c .)" \
    "$code $(body_jq .)"
get /v1/annotate
expect_eq "GET /v1/annotate" '405 "method_not_allowed"' "$code $(body_jq .error.code)"
get /nowhere
expect_eq "an unknown path" '404 "not_found"' "$code $(body_jq .error.code)"

serve_stop
expect_eq "SIGTERM: exit 0" 0 "$src"
finish
