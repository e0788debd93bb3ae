#!/bin/sh
# Bad input and failing stages: every input yields exactly one record, an
# error record in place of a failed document (or in --errors FILE); exit
# codes 0/1/3.
. "$TESTS_SRCDIR/e2e/lib.sh"

pipeline=$(cfg fail.cfg 'stages = ( { plugin = "testwords"; }, { plugin = "testfail"; } );')

# One JSONL file with one good record and one of each kind of bad input.
{
    printf '%s\n' '{"id":"good1","text":"fine text"}'
    printf '%s\n' '{"id":"badjson","text":"unterminated}'
    printf '%s\n' '{"text":"no id here"}'
    printf '%s\n' '{"id":"notext"}'
    printf '%s\n' '{"id":"nul","text":"a\u0000b"}'
    printf '%s\n' '{"id":"fails","text":"please FAILME now"}'
    printf '%s\n' '{"id":"badspan","text":"BADSPAN"}'
    printf '%s\n' '{"id":"good2","text":"also fine"}'
    printf '%s\n' '{"id":"empty","text":""}'
} >"$WORK/mixed.jsonl"
tp run -c "$pipeline" "$WORK/mixed.jsonl"
expect_rc "some documents failed" 1
expect_eq "one record per input line" 9 "$(wc -l <"$WORK/out" | tr -d ' ')"
expect_eq "records in input order" '"good1","badjson","mixed.jsonl:3","notext","nul","fails","badspan","good2","empty"' \
    "$(jqo .id | sed 's|"[^"]*/mixed|"mixed|' | paste -sd, -)"
expect_eq "malformed JSON names line and byte" '{"stage":"input","code":"bad_json"}' \
    "$(jqo 'select(.id=="badjson") | .error | {stage,code}')"
if jqo 'select(.id=="badjson") | .error.message' | grep -q 'mixed.jsonl:2: byte 23: unterminated string'; then
    ok "malformed JSON message"
else
    not_ok "malformed JSON message" "got $(jqo 'select(.id=="badjson") | .error.message')"
fi
expect_eq "missing id" '"no_id"' "$(jqo 'select(.id|endswith("mixed.jsonl:3")) | .error.code')"
expect_eq "missing text keeps the id" '"no_text"' "$(jqo 'select(.id=="notext") | .error.code')"
expect_eq "NUL in text" '{"stage":"input","code":"nul_byte","message":"NUL byte at byte 1 of the text"}' \
    "$(jqo 'select(.id=="nul") | .error')"
expect_eq "tp_fail names the stage" '{"stage":"testfail","code":"marker_found","message":"found FAILME at byte 7"}' \
    "$(jqo 'select(.id=="fails") | .error')"
expect_eq "a refused span fails the document" '"bad_span"' "$(jqo 'select(.id=="badspan") | .error.code')"
if jqo 'select(.id=="badspan") | .error.message' | grep -q 'mark span \[0, 17) is outside the text (7 bytes)'; then
    ok "bad span message"
else
    not_ok "bad span message" "got $(jqo 'select(.id=="badspan") | .error.message')"
fi
expect_eq "good documents unaffected" '["fine","text"]' "$(jqo 'select(.id=="good1") | [.annotations.word[].text]')"
expect_eq "empty text is a document" '{}' "$(jqo 'select(.id=="empty") | .annotations')"

# --errors FILE: error records go there; the output holds only results.
tp run -c "$pipeline" --errors "$WORK/dead.jsonl" "$WORK/mixed.jsonl"
expect_rc "--errors" 1
expect_eq "--errors: results" '"good1","good2","empty"' "$(jqo .id | paste -sd, -)"
expect_eq "--errors: dead letters" 6 "$(wc -l <"$WORK/dead.jsonl" | tr -d ' ')"

# Invalid UTF-8 in a text file: the error names the byte offset.
printf 'ok \303\050 bad' >"$WORK/latin.txt"
tp run -c "$pipeline" "$WORK/latin.txt"
expect_rc "invalid UTF-8" 1
expect_eq "invalid UTF-8 error" '{"stage":"input","code":"bad_utf8","message":"invalid UTF-8 sequence at byte 3 of the text"}' \
    "$(jqo 'select(.id=="latin") | .error')"

# A missing input file is an error record too, and the rest still runs.
printf 'still here' >"$WORK/present.txt"
tp run -c "$pipeline" "$WORK/absent.txt" "$WORK/present.txt"
expect_rc "missing input file" 1
expect_eq "missing file record" '"cannot_read"' "$(jqo 'select(.id=="absent") | .error.code')"
expect_eq "next file processed" '["still","here"]' "$(jqo 'select(.id=="present") | [.annotations.word[].text]')"

# Documents over --max-doc-bytes.
printf 'a%.0s' $(seq 1 300) >"$WORK/big.txt"
tp run -c "$pipeline" --max-doc-bytes 100 "$WORK/big.txt" "$WORK/present.txt"
expect_eq "file too large" '"too_large"' "$(jqo 'select(.id=="big") | .error.code')"
expect_eq "after a large file" '"present"' "$(jqo 'select(.id=="present") | .id')"
tp run -c "$pipeline" --max-doc-bytes 1x "$WORK/big.txt"
expect_rc "bad --max-doc-bytes" 2

# Fatal I/O: a full disk.
if [ -w /dev/full ]; then
    "$TEXTPIPE" run -c "$pipeline" "$WORK/present.txt" >/dev/full 2>"$WORK/err"
    rc=$?
    expect_rc "output to /dev/full" 3
    expect_err "disk full message" "writing standard output: No space left on device"
fi
tp run -c "$pipeline" -o "$WORK/no/such/dir/out.jsonl" "$WORK/present.txt"
expect_rc "unwritable -o" 3

# The reader of our output goes away (| head): a filter stops quietly, with
# the status a process killed by SIGPIPE has, and no message.
i=0
while [ $i -lt 3000 ]; do i=$((i + 1)); echo "{\"id\":\"c$i\",\"text\":\"some words to annotate here\"}"; done >"$WORK/many.jsonl"
("$TEXTPIPE" run -c "$pipeline" "$WORK/many.jsonl" 2>"$WORK/err"; echo $? >"$WORK/rc") | head -n 1 >/dev/null
rc=$(cat "$WORK/rc")
expect_rc "closed output pipe" 141
expect_eq "closed output pipe: nothing on stderr" "" "$(cat "$WORK/err")"

finish
