#!/bin/sh
# Output through FILE.part, renamed when complete; --resume after SIGKILL
# (even mid-write) completes the output with no id missing or duplicated;
# SIGTERM and SIGINT stop cleanly with what was written flushed.
. "$TESTS_SRCDIR/e2e/lib.sh"

i=0
: >"$WORK/in.jsonl"
while [ $i -lt 200 ]; do
    i=$((i + 1))
    printf '{"id":"r%d","text":"Record %d of the archive"}\n' $i $i >>"$WORK/in.jsonl"
done
fast=$(cfg fast.cfg 'stages = ( { plugin = "testwords"; } );')
slow=$(cfg slow.cfg 'stages = ( { plugin = "testwords"; }, { plugin = "testcrash"; options = { delay_ms = 20; }; } );')
all_ids=$(seq 1 200 | sed 's/^/"r/; s/$/"/' | sort)

# Waits (up to 20 s) until FILE has at least one complete record.
wait_for_records() {
    n=0
    while [ $n -lt 200 ] && ! grep -q . "$1" 2>/dev/null; do sleep 0.1; n=$((n + 1)); done
}

tp run -c "$slow" -j 2 --quiet "$WORK/in.jsonl"
cp "$WORK/out" "$WORK/reference"

# SIGKILL mid-run, then --resume.
"$TEXTPIPE" run -c "$slow" -j 2 --quiet -o "$WORK/out1.jsonl" "$WORK/in.jsonl" 2>/dev/null &
pid=$!
wait_for_records "$WORK/out1.jsonl.part"
kill -KILL $pid
wait $pid 2>/dev/null
if [ -f "$WORK/out1.jsonl.part" ] && [ ! -f "$WORK/out1.jsonl" ]; then ok "killed run leaves only FILE.part"; else not_ok "killed run leaves only FILE.part"; fi
partial=$(wc -l <"$WORK/out1.jsonl.part" | tr -d ' ')
if [ "$partial" -gt 0 ] && [ "$partial" -lt 200 ]; then ok "killed mid-run ($partial records)"; else not_ok "killed mid-run" "records: $partial"; fi
# Cut the last record in half, as a kill in the middle of a write would.
head -c -17 "$WORK/out1.jsonl.part" >"$WORK/cut" && cat "$WORK/cut" >"$WORK/out1.jsonl.part"
tp run -c "$slow" -j 2 --quiet --resume -o "$WORK/out1.jsonl" "$WORK/in.jsonl"
expect_rc "--resume" 0
if [ -f "$WORK/out1.jsonl" ] && [ ! -f "$WORK/out1.jsonl.part" ]; then ok "--resume renames when complete"; else not_ok "--resume renames when complete"; fi
expect_eq "--resume: every id exactly once" "$all_ids" "$("$JQ" -c .id "$WORK/out1.jsonl" | sort)"
expect_eq "--resume: records equal a clean run's" "$(sort "$WORK/reference")" "$(sort "$WORK/out1.jsonl")"
if "$JQ" -e . "$WORK/out1.jsonl" >/dev/null 2>&1; then ok "--resume: every line is JSON"; else not_ok "--resume: every line is JSON"; fi

# --resume on a finished file: nothing new to do, nothing duplicated.
tp run -c "$slow" --quiet --resume -o "$WORK/out1.jsonl" "$WORK/in.jsonl"
expect_eq "--resume on a complete file" "$all_ids" "$("$JQ" -c .id "$WORK/out1.jsonl" | sort)"

# SIGTERM: a clean stop, exit 143, records flushed to FILE.part.
"$TEXTPIPE" run -c "$slow" -j 2 --quiet -o "$WORK/out2.jsonl" "$WORK/in.jsonl" 2>"$WORK/err" &
pid=$!
wait_for_records "$WORK/out2.jsonl.part"
kill -TERM $pid
wait $pid
rc=$?
expect_rc "SIGTERM" 143
expect_err "SIGTERM message" "run again with --resume to finish"
n=$(wc -l <"$WORK/out2.jsonl.part" | tr -d ' ')
if "$JQ" -e . "$WORK/out2.jsonl.part" >/dev/null 2>&1 && [ "$n" -gt 0 ] && [ "$n" -lt 200 ]; then
    ok "SIGTERM: $n complete records flushed"
else
    not_ok "SIGTERM: complete records flushed" "$n lines"
fi
expect_eq "SIGTERM: records are a prefix of the input" "$(head -n "$n" "$WORK/reference" | "$JQ" -c .id)" "$("$JQ" -c .id "$WORK/out2.jsonl.part")"
tp run -c "$slow" -j 2 --quiet --resume -o "$WORK/out2.jsonl" "$WORK/in.jsonl"
expect_eq "after SIGTERM, --resume completes" "$(cat "$WORK/reference")" "$(cat "$WORK/out2.jsonl")"

# SIGINT likewise (exit 130).  A background job ignores SIGINT unless job
# control is on, so the test enables it for the child.
(set -m; "$TEXTPIPE" run -c "$slow" -j 1 --quiet -o "$WORK/out3.jsonl" "$WORK/in.jsonl" 2>/dev/null & echo $! >"$WORK/pid"; wait $!; echo $? >"$WORK/rc") &
wait_for_records "$WORK/out3.jsonl.part"
kill -INT "$(cat "$WORK/pid")"
wait
expect_eq "SIGINT" 130 "$(cat "$WORK/rc")"

# --format html to standard output keeps its records in a scratch file,
# removed on SIGTERM: the message must not offer a --resume of it.
mkdir "$WORK/scratch"
TMPDIR="$WORK/scratch" "$TEXTPIPE" run -c "$slow" -j 2 --quiet --format html "$WORK/in.jsonl" >"$WORK/page" 2>"$WORK/err" &
pid=$!
n=0
while [ $n -lt 200 ] && ! grep -qs . "$WORK"/scratch/*.part; do sleep 0.1; n=$((n + 1)); done
kill -TERM $pid
wait $pid
rc=$?
expect_rc "html to stdout, SIGTERM" 143
expect_err "html to stdout, SIGTERM message" "interrupted after"
if grep -q -e "--resume" -e "\.part" "$WORK/err"; then not_ok "html to stdout: no --resume offered" "$(cat "$WORK/err")"; else ok "html to stdout: no --resume offered"; fi
expect_eq "html to stdout: scratch file removed" "" "$(ls "$WORK/scratch")"

tp run -c "$fast" --resume "$WORK/in.jsonl"
expect_rc "--resume without -o" 2

finish
