#!/bin/sh
# Past one machine: the stdin -> stdout contract under GNU parallel --pipe
# (as across hosts with --sshlogin) gives the same records as a direct run;
# streaming mode flushes each record as soon as it is written.
. "$TESTS_SRCDIR/e2e/lib.sh"

i=0
: >"$WORK/in.jsonl"
while [ $i -lt 500 ]; do
    i=$((i + 1))
    printf '{"id":"p%d","text":"Paragraph %d: prices rose in Lyon and Graz","src":"wire"}\n' $i $i >>"$WORK/in.jsonl"
done
c=$(cfg words.cfg 'stages = ( { plugin = "testwords"; }, { plugin = "testpairs"; } );')
tp run -c "$c" --quiet "$WORK/in.jsonl"
cp "$WORK/out" "$WORK/direct"

# Streaming: one line in gives one line out before stdin is closed.
mkfifo "$WORK/fifo"
"$TEXTPIPE" run -c "$c" --quiet --input jsonl -j 1 <"$WORK/fifo" >"$WORK/stream.out" &
pid=$!
exec 9>"$WORK/fifo"
printf '%s\n' '{"id":"s1","text":"first line"}' >&9
n=0
while [ ! -s "$WORK/stream.out" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
expect_eq "a record comes out while stdin is still open" '"s1"' "$("$JQ" -c .id "$WORK/stream.out" 2>/dev/null)"
exec 9>&-
wait $pid

if ! command -v parallel >/dev/null 2>&1; then
    echo "# GNU parallel is not installed (quickstart.sh check installs it)"
    finish
fi
parallel --will-cite --pipe -N 37 -k -j 3 "$TEXTPIPE" run -c "$c" --quiet --input jsonl -j 1 <"$WORK/in.jsonl" >"$WORK/par" 2>"$WORK/err"
rc=$?
expect_rc "GNU parallel --pipe" 0
expect_eq "GNU parallel --pipe -k equals a direct run" "$(cat "$WORK/direct")" "$(cat "$WORK/par")"

finish
