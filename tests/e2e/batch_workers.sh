#!/bin/sh
# Parallel workers: output identical to -j 1; a stage that crashes, aborts,
# exits or hangs costs only its document (named in the error record with the
# stage), the worker is replaced and every other record equals the clean
# run's; duplicate ids; progress and the summary line.
. "$TESTS_SRCDIR/e2e/lib.sh"

# 60 documents; a few carry markers that make testcrash misbehave.
i=0
: >"$WORK/clean.jsonl"
: >"$WORK/bad.jsonl"
while [ $i -lt 60 ]; do
    i=$((i + 1))
    text="Story $i about markets and weather in town number $i"
    printf '{"id":"d%d","text":"%s"}\n' $i "$text" >>"$WORK/clean.jsonl"
    case $i in
    7) text="$text SEGV_ME" ;;
    19) text="$text ABORT_ME" ;;
    33) text="$text HANG_ME" ;;
    41) text="$text EXIT_ME" ;;
    esac
    printf '{"id":"d%d","text":"%s"}\n' $i "$text" >>"$WORK/bad.jsonl"
done
c=$(cfg crash.cfg 'stages = ( { plugin = "testwords"; }, { plugin = "testpairs"; id = "pairs"; }, { plugin = "testcrash"; id = "fragile"; } );')

tp run -c "$c" -j 1 --quiet "$WORK/clean.jsonl"
expect_rc "clean run -j 1" 0
cp "$WORK/out" "$WORK/clean-j1.out"
tp run -c "$c" -j 3 --quiet "$WORK/clean.jsonl"
expect_rc "clean run -j 3" 0
expect_eq "-j 3 output identical to -j 1" "$(cat "$WORK/clean-j1.out")" "$(cat "$WORK/out")"

tp run -c "$c" -j 2 --doc-timeout 2 --quiet "$WORK/bad.jsonl"
expect_rc "run with misbehaving stage" 1
expect_eq "one record per document" 60 "$(wc -l <"$WORK/out" | tr -d ' ')"
expect_eq "records in input order" "$(seq 1 60 | sed 's/^/"d/; s/$/"/' | paste -sd, -)" "$(jqo .id | paste -sd, -)"
expect_eq "segfault: error record" '{"stage":"fragile","code":"crashed"}' "$(jqo 'select(.id=="d7") | .error | {stage,code}')"
expect_eq "abort: error record" '{"stage":"fragile","code":"crashed"}' "$(jqo 'select(.id=="d19") | .error | {stage,code}')"
expect_eq "hang: error record" '{"stage":"fragile","code":"timeout"}' "$(jqo 'select(.id=="d33") | .error | {stage,code}')"
expect_eq "exit: error record" '{"stage":"fragile","code":"crashed"}' "$(jqo 'select(.id=="d41") | .error | {stage,code}')"
if jqo 'select(.id=="d33") | .error.message' | grep -q 'did not finish within the document.s deadline (2 s, --doc-timeout)'; then ok "timeout message"; else not_ok "timeout message"; fi
if jqo 'select(.id=="d41") | .error.message' | grep -q 'while stage \\"fragile\\" was running'; then ok "crash message names the stage"; else not_ok "crash message names the stage" "$(jqo 'select(.id=="d41") | .error.message')"; fi
# Every other record equals the clean run's.
grep -v -e '"d7"' -e '"d19"' -e '"d33"' -e '"d41"' "$WORK/clean-j1.out" >"$WORK/expect"
"$JQ" -c 'select(.error|not)' "$WORK/out" | sed 's/ SEGV_ME\| ABORT_ME\| HANG_ME\| EXIT_ME//' >"$WORK/got"
expect_eq "other records equal the clean run's" "$(cat "$WORK/expect")" "$(cat "$WORK/got")"

# --unordered: the same records, in whatever order they finished.
tp run -c "$c" -j 2 --unordered --quiet "$WORK/clean.jsonl"
expect_eq "--unordered: same records" "$(sort "$WORK/clean-j1.out")" "$(sort "$WORK/out")"

# --errors: dead letters in their own file.
tp run -c "$c" -j 2 --doc-timeout 2 --quiet --errors "$WORK/dead.jsonl" "$WORK/bad.jsonl"
expect_eq "--errors: results" 56 "$(wc -l <"$WORK/out" | tr -d ' ')"
expect_eq "--errors: dead letters" '"d7","d19","d33","d41"' "$("$JQ" -c .id "$WORK/dead.jsonl" | paste -sd, -)"

# Duplicate ids and a binary file in an input directory.
printf '%s\n' '{"id":"a","text":"one"}' '{"id":"b","text":"two"}' '{"id":"a","text":"three"}' >"$WORK/dup.jsonl"
tp run -c "$c" --quiet "$WORK/dup.jsonl"
expect_rc "duplicate id" 1
expect_eq "duplicate id record" '{"stage":"input","code":"duplicate_id"}' "$(jqo 'select(.error) | .error | {stage,code}')"
if jqo 'select(.error) | .error.message' | grep -q 'dup.jsonl:3: duplicate id \\"a\\": input record 1 has the same id'; then ok "duplicate id message"; else not_ok "duplicate id message" "$(jqo 'select(.error) | .error.message')"; fi
mkdir "$WORK/in"
printf 'A normal story.' >"$WORK/in/a.txt"
head -c 2000 /bin/sh >"$WORK/in/b.txt"
printf 'Another story.' >"$WORK/in/c.txt"
tp run -c "$c" --quiet "$WORK/in"
expect_eq "binary file: error record, others processed" '"a"|"b":"input"|"c"' \
    "$(jqo -r 'if .error then "\"\(.id)\":\"\(.error.stage)\"" else (.id|tojson) end' | paste -sd'|' -)"

# Documents and answers far larger than a pipe's buffer, several in flight
# per worker: no deadlock, same records at -j 1 and -j 2.
python3 -c "
import json
for i in range(6):
    print(json.dumps({'id': 'big%d' % i, 'text': ('Word%d and more words here. ' % i) * 12000}))" >"$WORK/big.jsonl"
big=$(cfg big.cfg 'stages = ( { plugin = "testwords"; } );')
timeout 120 "$TEXTPIPE" run -c "$big" -j 1 --quiet "$WORK/big.jsonl" >"$WORK/big1.out" 2>"$WORK/err"
rc=$?
expect_rc "big documents, -j 1" 0
timeout 120 "$TEXTPIPE" run -c "$big" -j 2 --quiet "$WORK/big.jsonl" >"$WORK/big2.out" 2>"$WORK/err"
rc=$?
expect_rc "big documents, -j 2" 0
expect_eq "big documents: six records, -j 2 equal to -j 1" "6 $(md5sum <"$WORK/big1.out")" "$(wc -l <"$WORK/big2.out" | tr -d ' ') $(md5sum <"$WORK/big2.out")"

# Progress and summary on stderr.
tp run -c "$c" -j 2 --progress "$WORK/clean.jsonl"
expect_err "progress shows docs/s" "docs/s"
expect_err "progress shows the total" "60/60 docs"
expect_err "summary line" "textpipe: 60 documents, 0 failed, in"
tp run -c "$c" --quiet "$WORK/clean.jsonl"
expect_eq "--quiet: nothing on stderr" "" "$(cat "$WORK/err")"

# Workers start their stages together, not one after another (each init
# waits until all three have entered init; one at a time, the first would
# give up).
mkdir "$WORK/rendezvous"
c3=$(cfg together.cfg "stages = ( { plugin = \"testcrash\"; options = { rendezvous = \"$WORK/rendezvous\"; peers = 3; }; } );")
tp run -c "$c3" -j 3 --quiet "$WORK/clean.jsonl"
expect_rc "-j 3: stages start in all workers at once" 0
expect_eq "-j 3: three workers started" 3 "$(ls "$WORK/rendezvous" | wc -l | tr -d ' ')"

# No more workers than documents when that is known up front (plain-text
# files are one document each): each worker signs in to the folder.
mkdir "$WORK/few"
c4=$(cfg few.cfg "stages = ( { plugin = \"testcrash\"; options = { rendezvous = \"$WORK/few\"; peers = 1; }; } );")
printf 'One document.\n' >"$WORK/one.txt"
printf 'Another.\n' >"$WORK/two.txt"
tp run -c "$c4" -j 3 --quiet "$WORK/one.txt"
expect_rc "-j 3, one text file" 0
expect_eq "-j 3, one text file: one worker" 1 "$(ls "$WORK/few" | wc -l | tr -d ' ')"
rm -f "$WORK/few"/*
tp run -c "$c4" -j 3 --quiet "$WORK/one.txt" "$WORK/two.txt"
expect_rc "-j 3, two text files" 0
expect_eq "-j 3, two text files: two workers" 2 "$(ls "$WORK/few" | wc -l | tr -d ' ')"
expect_eq "-j 3, two text files: two records" 2 "$(wc -l <"$WORK/out" | tr -d ' ')"

# A stage whose init fails in the workers: exit 2, nothing processed.
c2=$(cfg initfail.cfg 'stages = ( { plugin = "testfail"; options = { init_error = "no model"; }; } );')
tp run -c "$c2" -j 2 "$WORK/clean.jsonl"
expect_rc "init failure in workers" 2
expect_err "init failure message" 'failed to start: no model'
expect_eq "init failure: no output" "" "$(cat "$WORK/out")"

finish
