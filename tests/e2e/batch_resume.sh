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


# ---- (a) A duplicate id's error record is not lost when the kill falls
# between the two copies: "a" is written, "b" is slow, the copy of "a"
# waits behind it.
crash=$(cfg crash.cfg 'stages = ( { plugin = "testwords"; }, { plugin = "testcrash"; } );')
printf '%s\n' '{"id":"a","text":"first"}' '{"id":"b","text":"slow SLOW_ME"}' '{"id":"a","text":"copy"}' \
    '{"id":"c","text":"last"}' >"$WORK/dup.jsonl"
tp run -c "$crash" -j 1 --quiet "$WORK/dup.jsonl"
cp "$WORK/out" "$WORK/dup.reference"
"$TEXTPIPE" run -c "$crash" -j 1 --quiet -o "$WORK/dup.out" "$WORK/dup.jsonl" 2>/dev/null &
pid=$!
wait_for_records "$WORK/dup.out.part"
kill -KILL $pid
wait $pid 2>/dev/null
expect_eq "duplicate: killed between the copies" 1 "$(wc -l <"$WORK/dup.out.part" | tr -d ' ')"
tp run -c "$crash" -j 1 --quiet --resume -o "$WORK/dup.out" "$WORK/dup.jsonl"
if cmp -s "$WORK/dup.reference" "$WORK/dup.out"; then ok "duplicate: --resume writes the duplicate's error record"; else not_ok "duplicate: --resume writes the duplicate's error record" "$(cat "$WORK/dup.out")"; fi

# ---- (b) An id that is not UTF-8 is written repaired; resuming a finished
# file appends nothing, however often.
printf '{"id":"ok1","text":"fine"}\n{"id":"bad\377id","text":"bad id"}\n{"id":"ok2","text":"fine"}\n' >"$WORK/badid.jsonl"
tp run -c "$fast" --quiet -o "$WORK/badid.out" "$WORK/badid.jsonl"
expect_rc "id not UTF-8" 1
cp "$WORK/badid.out" "$WORK/badid.reference"
tp run -c "$fast" --quiet --resume -o "$WORK/badid.out" "$WORK/badid.jsonl"
tp run -c "$fast" --resume -o "$WORK/badid.out" "$WORK/badid.jsonl"
expect_rc "id not UTF-8: --resume of a finished file" 0
expect_err "id not UTF-8: nothing to resume" "is complete: nothing to resume"
if cmp -s "$WORK/badid.reference" "$WORK/badid.out"; then ok "id not UTF-8: nothing appended"; else not_ok "id not UTF-8: nothing appended" "$(wc -l <"$WORK/badid.out") lines"; fi

# ---- (c) --pretty records span lines: resume keeps them whole.
i=0
: >"$WORK/fifty.jsonl"
while [ $i -lt 50 ]; do i=$((i + 1)); printf '{"id":"p%d","text":"Pretty %d"}\n' $i $i >>"$WORK/fifty.jsonl"; done
tp run -c "$slow" -j 2 --pretty --quiet "$WORK/fifty.jsonl"
cp "$WORK/out" "$WORK/pretty.reference"
"$TEXTPIPE" run -c "$slow" -j 2 --pretty --quiet -o "$WORK/pretty.out" "$WORK/fifty.jsonl" 2>/dev/null &
pid=$!
wait_for_records "$WORK/pretty.out.part"
sleep 0.2
kill -KILL $pid
wait $pid 2>/dev/null
tp run -c "$slow" -j 2 --pretty --quiet --resume -o "$WORK/pretty.out" "$WORK/fifty.jsonl"
expect_eq "--pretty --resume: 50 records" 50 "$("$JQ" -s length "$WORK/pretty.out")"
if cmp -s "$WORK/pretty.reference" "$WORK/pretty.out"; then ok "--pretty --resume: identical to an uninterrupted run"; else not_ok "--pretty --resume: identical to an uninterrupted run"; fi

# ---- (4) The manifest: what made the output, checked by --resume.
m=$WORK/out1.jsonl.manifest.json
expect_eq "manifest: complete" true "$("$JQ" .complete "$m")"
expect_eq "manifest: record count" 200 "$("$JQ" .counts.records "$m")"
expect_eq "manifest: the input's size" "$(wc -c <"$WORK/in.jsonl" | tr -d ' ')" "$("$JQ" '.inputs[0].size' "$m")"
plugin=$("$JQ" -r '.plugins[0].path' "$m")
expect_eq "manifest: the plugin file's SHA-256" "$(sha256sum "$plugin" | cut -d' ' -f1)" "$("$JQ" -r '.plugins[0].sha256' "$m")"
expect_eq "manifest: the effective config (defaults included)" '6' "$("$JQ" '.config.stages[0].options | length' "$m")"
expect_eq "records carry the manifest's pipeline hash" "$("$JQ" -r .pipeline "$m")" "$("$JQ" -r .pipeline "$WORK/out1.jsonl" | sort -u)"
for k in textpipe started ended config_sha256; do
    if "$JQ" -e ".$k" "$m" >/dev/null; then ok "manifest: $k"; else not_ok "manifest: $k"; fi
done

# Another config: refused, saying what differs; --resume-anyway overrides.
"$TEXTPIPE" run -c "$slow" -j 2 --quiet -o "$WORK/cfg.jsonl" "$WORK/in.jsonl" 2>/dev/null &
pid=$!
wait_for_records "$WORK/cfg.jsonl.part"
kill -KILL $pid
wait $pid 2>/dev/null
cp "$WORK/cfg.jsonl.part" "$WORK/cfg.before"
tp run -c "$slow" -j 2 --quiet --set testwords.tag=X --resume -o "$WORK/cfg.jsonl" "$WORK/in.jsonl"
expect_rc "another config: refused" 2
expect_err "another config: what differs" 'config: stage testwords, option tag: "w" then, "X" now'
expect_err "another config: the way out" "--resume-anyway"
if cmp -s "$WORK/cfg.before" "$WORK/cfg.jsonl.part"; then ok "another config: output untouched"; else not_ok "another config: output untouched"; fi
tp run -c "$slow" -j 2 --quiet --set testwords.tag=X --resume-anyway -o "$WORK/cfg.jsonl" "$WORK/in.jsonl"
expect_rc "another config, --resume-anyway" 0
expect_eq "another config, --resume-anyway: every id once" "$all_ids" "$("$JQ" -c .id "$WORK/cfg.jsonl" | sort)"

# Another input: refused; --resume-anyway matches ids (new documents only).
cp "$WORK/in.jsonl" "$WORK/grow.jsonl"
tp run -c "$fast" --quiet -o "$WORK/grow.out" "$WORK/grow.jsonl"
printf '{"id":"r201","text":"Record 201 of the archive"}\n' >>"$WORK/grow.jsonl"
tp run -c "$fast" --quiet --resume -o "$WORK/grow.out" "$WORK/grow.jsonl"
expect_rc "another input: refused" 2
expect_err "another input: what differs" "input 1:"
tp run -c "$fast" --resume-anyway -o "$WORK/grow.out" "$WORK/grow.jsonl"
expect_rc "another input, --resume-anyway" 0
expect_err "another input, --resume-anyway: only the new document" "200 documents were already in the output"
expect_eq "another input, --resume-anyway: 201 records" 201 "$(wc -l <"$WORK/grow.out" | tr -d ' ')"

# From standard input, the stream cannot be checked ahead: its ids are.
"$TEXTPIPE" run -c "$slow" -j 1 --input jsonl --quiet -o "$WORK/stdin.out" <"$WORK/in.jsonl" 2>/dev/null &
pid=$!
wait_for_records "$WORK/stdin.out.part"
kill -KILL $pid
wait $pid 2>/dev/null
sed 's/"r/"x/' "$WORK/in.jsonl" >"$WORK/other.jsonl"
"$TEXTPIPE" run -c "$slow" -j 1 --input jsonl --quiet --resume -o "$WORK/stdin.out" <"$WORK/other.jsonl" >/dev/null 2>"$WORK/err"
rc=$?
expect_rc "another stream on stdin: refused" 2
expect_err "another stream on stdin: why" "the input is not the one the output was made from"
"$TEXTPIPE" run -c "$slow" -j 2 --input jsonl --quiet --resume -o "$WORK/stdin.out" <"$WORK/in.jsonl" >/dev/null 2>"$WORK/err"
rc=$?
expect_rc "the same stream on stdin: resumed" 0
if cmp -s "$WORK/reference" "$WORK/stdin.out"; then ok "the same stream on stdin: identical"; else not_ok "the same stream on stdin: identical"; fi

tp run -c "$fast" --resume "$WORK/in.jsonl"
expect_rc "--resume without -o" 2

finish
