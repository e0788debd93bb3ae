#!/bin/sh
# Inputs that are not regular files never hang the run or lose records:
#   - a pipe (<(zcat feed.gz)) or a named FIFO with --progress: every record,
#     progress without a total (the old pre-count read the pipe: 0 records);
#   - a FIFO whose writer comes late, or never (SIGTERM still stops it);
#   - a *.txt FIFO or a link to /dev/zero in an input folder is skipped with
#     a warning; /dev/zero named as an input is an error record;
#   - progress with regular files knows its total.
. "$TESTS_SRCDIR/e2e/lib.sh"

words=$(cfg words.cfg 'stages = ( { plugin = "testwords"; } );')
i=0
: >"$WORK/feed.jsonl"
while [ $i -lt 30 ]; do
    i=$((i + 1))
    printf '{"id":"f%d","text":"Feed item %d"}\n' $i $i >>"$WORK/feed.jsonl"
done
gzip -c "$WORK/feed.jsonl" >"$WORK/feed.jsonl.gz"
tp run -c "$words" --quiet "$WORK/feed.jsonl"
cp "$WORK/out" "$WORK/reference"

# ---- Process substitution (a pipe named /dev/fd/N) with --progress.
if command -v bash >/dev/null 2>&1; then
    TEXTPIPE="$TEXTPIPE" words="$words" WORK="$WORK" timeout 60 bash -c \
        '"$TEXTPIPE" run -c "$words" --progress --input jsonl <(zcat "$WORK/feed.jsonl.gz") -o "$WORK/subst.jsonl"' \
        2>"$WORK/err"
    rc=$?
    expect_rc "<(zcat) with --progress" 0
    if cmp -s "$WORK/reference" "$WORK/subst.jsonl"; then ok "<(zcat) with --progress: every record"; else not_ok "<(zcat) with --progress: every record" "$(wc -l <"$WORK/subst.jsonl") lines"; fi
    if grep -q '30 docs' "$WORK/err" && ! grep -q '/30 docs\|ETA' "$WORK/err"; then ok "<(zcat): progress without a total"; else not_ok "<(zcat): progress without a total" "$(tr '\r' '\n' <"$WORK/err" | tail -3)"; fi
fi

# ---- A named FIFO with --progress; its writer comes a second later.
mkfifo "$WORK/feed.fifo"
(sleep 1; cat "$WORK/feed.jsonl" >"$WORK/feed.fifo") &
timeout 60 "$TEXTPIPE" run -c "$words" --progress --input jsonl "$WORK/feed.fifo" -o "$WORK/fifo.jsonl" 2>"$WORK/err"
rc=$?
wait
expect_rc "named FIFO with --progress" 0
if cmp -s "$WORK/reference" "$WORK/fifo.jsonl"; then ok "named FIFO: every record"; else not_ok "named FIFO: every record"; fi

# A FIFO nobody ever writes: the run waits for it, as cat would, but a
# signal still stops it.
mkfifo "$WORK/silent.fifo"
timeout 60 "$TEXTPIPE" run -c "$words" --quiet --input jsonl "$WORK/feed.jsonl" "$WORK/silent.fifo" -o "$WORK/silent.jsonl" 2>"$WORK/err" &
pid=$!
n=0
while [ $n -lt 100 ] && [ "$(cat "$WORK/silent.jsonl.part" 2>/dev/null | wc -l)" -lt 30 ]; do sleep 0.1; n=$((n + 1)); done
kill -TERM $pid
wait $pid
rc=$?
expect_rc "FIFO without a writer, SIGTERM" 143
expect_eq "FIFO without a writer: the file before it was done" 30 "$(wc -l <"$WORK/silent.jsonl.part" | tr -d ' ')"

# A text document from a FIFO (one document, id from its name).
mkfifo "$WORK/story.fifo"
(sleep 0.5; printf 'A story that arrives late.' >"$WORK/story.fifo") &
timeout 60 "$TEXTPIPE" run -c "$words" --quiet "$WORK/story.fifo" >"$WORK/out" 2>"$WORK/err"
rc=$?
wait
expect_rc "text from a FIFO" 0
expect_eq "text from a FIFO: its record" '{"id":"story","text":"A story that arrives late."}' "$(jqo '{id,text}')"

# ---- A folder with a *.txt FIFO and a *.txt link to /dev/zero.
mkdir "$WORK/dir"
printf 'One story.' >"$WORK/dir/a.txt"
mkfifo "$WORK/dir/b.txt"
ln -s /dev/zero "$WORK/dir/c.txt"
printf 'Another story.' >"$WORK/dir/d.txt"
timeout 60 "$TEXTPIPE" run -c "$words" --progress "$WORK/dir" -o "$WORK/dir.jsonl" 2>"$WORK/err"
rc=$?
expect_rc "folder with a FIFO and /dev/zero" 0
expect_eq "folder: the regular files" '"a","d"' "$("$JQ" -c .id "$WORK/dir.jsonl" | paste -sd, -)"
expect_err "folder: FIFO skipped with a warning" "skipping $WORK/dir/b.txt: not a regular file"
expect_err "folder: /dev/zero link skipped with a warning" "skipping $WORK/dir/c.txt: not a regular file"
if tr '\r' '\n' <"$WORK/err" | grep -q '2/2 docs'; then ok "folder: progress counts the regular files"; else not_ok "folder: progress counts the regular files" "$(tr '\r' '\n' <"$WORK/err" | tail -3)"; fi

# ---- /dev/zero named as an input: an error record, and the run ends.
timeout 60 "$TEXTPIPE" run -c "$words" --quiet /dev/zero "$WORK/dir/a.txt" >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc "/dev/zero as input" 1
expect_eq "/dev/zero: an error record, then the next input" '"zero"|"a"' "$(jqo .id | paste -sd'|' -)"
expect_eq "/dev/zero: code" '"cannot_read"' "$(jqo 'select(.error) | .error.code')"

# ---- Progress with regular files knows its total.
tp run -c "$words" --progress "$WORK/feed.jsonl" -o "$WORK/p.jsonl"
if tr '\r' '\n' <"$WORK/err" | grep -q '30/30 docs'; then ok "regular file: progress with its total"; else not_ok "regular file: progress with its total"; fi

finish
