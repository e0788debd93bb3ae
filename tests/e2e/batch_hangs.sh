#!/bin/sh
# Nothing hangs, nothing leaks into records, memory is bounded, and the exit
# status tells the truth:
#   - a worker that sent part of an answer and then hangs or is stopped
#     (SIGSTOP) is caught by the document's deadline;
#   - a looping stage without --doc-timeout meets the default deadline;
#   - SIGTERM with a stuck stage ends the run within the grace time, a second
#     signal at once; the parent's SIGKILL takes its busy workers with it;
#   - a plugin's printf (or exit() with output buffered) never reaches the
#     record stream;
#   - a leaking plugin is stopped by --worker-memory (its document fails with
#     code "memory", naming the stage) or outlived by --worker-max-docs;
#   - a replacement worker whose init fails: the others finish; with none
#     left, documents read get error records, exit 1, --resume completes;
#   - an early failure leaves no empty FILE.part; the summary counts what
#     reached the disk.
. "$TESTS_SRCDIR/e2e/lib.sh"

crash=$(cfg crash.cfg 'stages = ( { plugin = "testwords"; }, { plugin = "testcrash"; id = "fragile"; } );')

# feed N MARKER_AT MARKER: N documents, MARKER in document MARKER_AT.
feed() {
    i=0
    while [ "$i" -lt "$1" ]; do
        i=$((i + 1))
        if [ "$i" -eq "$2" ]; then m=" $3"; else m=""; fi
        printf '{"id":"d%d","text":"Story %d about the weather%s"}\n' "$i" "$i" "$m"
    done
}

# ---- A half-written answer, then a hang or SIGSTOP: the deadline applies.
for marker in PARTIAL_ME PARTIAL_STOP_ME; do
    feed 6 3 "$marker" >"$WORK/partial.jsonl"
    timeout 60 "$TEXTPIPE" run -c "$crash" -j 1 --doc-timeout 2 --quiet "$WORK/partial.jsonl" >"$WORK/out" 2>"$WORK/err"
    rc=$?
    expect_rc "$marker: run ends" 1
    expect_eq "$marker: six records" 6 "$(wc -l <"$WORK/out" | tr -d ' ')"
    expect_eq "$marker: timeout record" '{"stage":"fragile","code":"timeout"}' \
        "$(jqo 'select(.id=="d3") | .error | {stage,code}')"
    expect_eq "$marker: the others are results" 5 "$(jqo 'select(.annotations)' | wc -l | tr -d ' ')"
done

# ---- The default deadline (60 s for a small document) ends a stage that
# loops, without --doc-timeout.
feed 2 1 SPIN_ME >"$WORK/spin.jsonl"
timeout 200 "$TEXTPIPE" run -c "$crash" -j 1 --quiet "$WORK/spin.jsonl" >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc "default deadline: run ends" 1
expect_eq "default deadline: timeout record" '{"stage":"fragile","code":"timeout"}' \
    "$(jqo 'select(.id=="d1") | .error | {stage,code}')"
if jqo 'select(.id=="d1") | .error.message' | grep -q 'deadline (60\(\.[0-9]*\)\? s'; then
    ok "default deadline: 60 s for a small document"
else
    not_ok "default deadline: 60 s for a small document" "$(jqo 'select(.id=="d1") | .error.message')"
fi
expect_eq "default deadline: the other document" '"d2"' "$(jqo 'select(.annotations) | .id')"

# Waits (up to 20 s) until FILE has at least N lines.
wait_lines() {
    n=0
    while [ $n -lt 200 ] && [ "$(cat "$1" 2>/dev/null | wc -l)" -lt "$2" ]; do sleep 0.1; n=$((n + 1)); done
}

# ---- SIGTERM with a stuck stage and no deadline: the first signal drains
# for the grace time (5 s), then the workers are stopped.
feed 5 3 HANG_ME >"$WORK/hang.jsonl"
start=$(date +%s)
timeout 60 "$TEXTPIPE" run -c "$crash" -j 1 --doc-timeout 0 --quiet -o "$WORK/hang.out" "$WORK/hang.jsonl" 2>"$WORK/err" &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
rc=$?
took=$(($(date +%s) - start))
expect_rc "stuck stage, SIGTERM" 143
if [ "$took" -lt 30 ]; then ok "stuck stage, SIGTERM: ended after ${took} s"; else not_ok "stuck stage, SIGTERM: ended" "after ${took} s"; fi
expect_eq "stuck stage, SIGTERM: finished records kept" '"d1","d2"' \
    "$("$JQ" -c .id "$WORK/hang.out.part" | paste -sd, -)"
expect_err "stuck stage, SIGTERM: how to resume" "run again with --resume to finish"

# A second signal stops at once.
timeout 60 "$TEXTPIPE" run -c "$crash" -j 1 --doc-timeout 0 --quiet -o "$WORK/hang2.out" "$WORK/hang.jsonl" 2>"$WORK/err" &
pid=$!
sleep 1
kill -TERM $pid
sleep 0.3
kill -INT $pid
wait $pid
rc=$?
if [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ]; then ok "two signals: stopped ($rc)"; else not_ok "two signals: stopped" "status $rc"; fi

# ---- The parent killed with SIGKILL takes its busy workers with it.
feed 4 1 SPIN_ME >"$WORK/spin2.jsonl"
"$TEXTPIPE" run -c "$crash" -j 2 --doc-timeout 0 --quiet "$WORK/spin2.jsonl" >/dev/null 2>&1 &
pid=$!
sleep 1
workers=$(pgrep -P $pid | tr '\n' ' ')
kill -KILL $pid
wait $pid 2>/dev/null
n=0
alive=$workers
while [ $n -lt 50 ] && [ -n "$alive" ]; do
    alive=""
    for w in $workers; do kill -0 "$w" 2>/dev/null && alive="$alive $w"; done
    [ -n "$alive" ] && sleep 0.1
    n=$((n + 1))
done
if [ -n "$workers" ] && [ -z "$alive" ]; then ok "parent SIGKILL: workers ($workers) gone"; else not_ok "parent SIGKILL: workers gone" "workers: '$workers', alive: '$alive'"; fi

# ---- A plugin's printf never reaches records, on a pipe or in a file.
feed 8 2 PRINT_ME >"$WORK/print.jsonl"
printf '{"id":"d9","text":"more PRINT_ME"}\n{"id":"d10","text":"and PRINT_EXIT_ME"}\n{"id":"d11","text":"last"}\n' >>"$WORK/print.jsonl"
"$TEXTPIPE" run -c "$crash" -j 2 --quiet "$WORK/print.jsonl" 2>"$WORK/err" | cat >"$WORK/out"
expect_eq "plugin stdout: eleven records" 11 "$(wc -l <"$WORK/out" | tr -d ' ')"
if "$JQ" -e . "$WORK/out" >/dev/null 2>&1 && ! grep -q junk "$WORK/out"; then ok "plugin stdout: records are clean JSON"; else not_ok "plugin stdout: records are clean JSON" "$(grep junk "$WORK/out" | head -2)"; fi
expect_err "plugin stdout goes to stderr" "junk from a plugin"
expect_eq "plugin exit(): its document fails" '{"stage":"fragile","code":"crashed"}' \
    "$(jqo 'select(.id=="d10") | .error | {stage,code}')"
tp run -c "$crash" -j 1 --quiet -o "$WORK/print.out" "$WORK/print.jsonl"
if "$JQ" -e . "$WORK/print.out" >/dev/null 2>&1 && ! grep -q junk "$WORK/print.out" &&
    [ "$(wc -l <"$WORK/print.out")" -eq 11 ]; then ok "plugin stdout: -o file clean"; else not_ok "plugin stdout: -o file clean"; fi

# ---- Memory: 64 MiB leaked per LEAK_ME document.
i=0
: >"$WORK/leak.jsonl"
while [ $i -lt 12 ]; do
    i=$((i + 1))
    printf '{"id":"m%d","text":"Document %d LEAK_ME"}\n' $i $i >>"$WORK/leak.jsonl"
done
tp run -c "$crash" -j 1 --quiet --worker-memory 300M "$WORK/leak.jsonl"
expect_rc "leak: some documents fail" 1
expect_eq "leak: one record each" 12 "$(wc -l <"$WORK/out" | tr -d ' ')"
mem=$(jqo 'select(.error.code=="memory") | .id' | wc -l | tr -d ' ')
if [ "$mem" -ge 2 ] && [ "$mem" -le 4 ]; then ok "leak: $mem documents hit the limit"; else not_ok "leak: documents hit the limit" "$mem"; fi
if jqo 'select(.error.code=="memory") | .error' | head -1 | grep -q '"stage":"fragile".*memory limit'; then
    ok "leak: memory record names the stage"
else
    not_ok "leak: memory record names the stage" "$(jqo 'select(.error) | .error' | head -1)"
fi
tp run -c "$crash" -j 1 --worker-memory 300M --worker-max-docs 2 "$WORK/leak.jsonl"
expect_rc "leak with --worker-max-docs 2" 0
expect_eq "leak with --worker-max-docs 2: all results" 12 "$(jqo 'select(.annotations)' | wc -l | tr -d ' ')"
expect_err "recycled workers counted" "workers were replaced"

# The parent does not keep its largest buffers: 80 documents of 3 MB
# (was 951 MB of parent RSS).
if command -v /usr/bin/time >/dev/null 2>&1; then
    python3 -c "
import json
for i in range(80):
    print(json.dumps({'id': 'big%d' % i, 'text': ('Word%d and more words here. ' % i) * 110000}))" >"$WORK/big.jsonl"
    big=$(cfg big.cfg 'stages = ( { plugin = "noop"; } );')
    /usr/bin/time -f '%M' -o "$WORK/rss" "$TEXTPIPE" run -c "$big" -j 2 --quiet -o "$WORK/big.out" "$WORK/big.jsonl" 2>"$WORK/err"
    kb=$(tail -1 "$WORK/rss")
    if [ "$kb" -lt 400000 ]; then ok "80 x 3 MB documents: peak RSS $((kb / 1024)) MB"; else not_ok "80 x 3 MB documents: peak RSS" "$((kb / 1024)) MB"; fi
    expect_eq "80 x 3 MB documents: 80 records" 80 "$(wc -l <"$WORK/big.out" | tr -d ' ')"
fi

# ---- A replacement worker that cannot start.
flag=$WORK/flag
frag=$(cfg frag.cfg "stages = ( { plugin = \"testwords\"; }, { plugin = \"testcrash\"; id = \"fragile\"; options = { init_fail_flag = \"$flag\"; delay_ms = 50; }; } );")
feed 20 5 FLAGFAIL_ME >"$WORK/flag.jsonl"
# -j 2: the other worker finishes the batch.
rm -f "$flag"
tp run -c "$frag" -j 2 --quiet "$WORK/flag.jsonl"
expect_rc "one replacement fails, -j 2" 1
expect_eq "one replacement fails, -j 2: twenty records" 20 "$(wc -l <"$WORK/out" | tr -d ' ')"
expect_eq "one replacement fails, -j 2: nineteen results" 19 "$(jqo 'select(.annotations)' | wc -l | tr -d ' ')"
# -j 1: none left.  Records written are kept, documents read get error
# records, the rest is left for --resume; status 1, not 2.
rm -f "$flag"
tp run -c "$frag" -j 1 -o "$WORK/flag.out" "$WORK/flag.jsonl"
expect_rc "no worker left" 1
expect_err "no worker left: says so" "no worker is left"
expect_err "no worker left: says how to resume" "run again with --resume"
n=$(wc -l <"$WORK/flag.out.part" | tr -d ' ')
if [ "$n" -ge 5 ] && [ "$n" -lt 20 ]; then ok "no worker left: $n records kept"; else not_ok "no worker left: records kept" "$n"; fi
expect_eq "no worker left: the first four are results" '"d1","d2","d3","d4"' \
    "$("$JQ" -c 'select(.annotations) | .id' "$WORK/flag.out.part" | head -4 | paste -sd, -)"
expect_eq "no worker left: documents read get no_worker records" "$((n - 5))" \
    "$("$JQ" -c 'select(.error.code=="no_worker")' "$WORK/flag.out.part" | wc -l | tr -d ' ')"
if grep -q "textpipe: $n documents" "$WORK/err"; then ok "no worker left: summary counts records on disk"; else not_ok "no worker left: summary counts records on disk" "$(grep documents "$WORK/err")"; fi
rm -f "$flag"
tp run -c "$frag" -j 1 --quiet --resume -o "$WORK/flag.out" "$WORK/flag.jsonl"
expect_rc "no worker left: --resume" 0
expect_eq "no worker left: --resume completes" 20 "$(wc -l <"$WORK/flag.out" | tr -d ' ')"
expect_eq "no worker left: every id once" "$(seq 1 20 | sed 's/^/"d/; s/$/"/' | sort | paste -sd, -)" \
    "$("$JQ" -c .id "$WORK/flag.out" | sort | paste -sd, -)"

# ---- An early failure leaves nothing behind.
bad=$(cfg bad.cfg 'stages = ( { plugin = "testfail"; options = { init_error = "no model"; }; } );')
tp run -c "$bad" -o "$WORK/early.jsonl" "$WORK/flag.jsonl"
expect_rc "init fails" 2
expect_eq "init fails: no output files" "" "$(ls "$WORK" | grep '^early')"

# ---- The summary counts what reached the disk.
if [ -w /dev/full ]; then
    tp run -c "$crash" -o /dev/full "$WORK/flag.jsonl"
    expect_rc "/dev/full" 3
    expect_err "/dev/full: the error" "No space left on device"
    expect_err "/dev/full: nothing reached the disk" "textpipe: 0 documents"
fi

finish
