#!/bin/sh
# The inputs newsrooms have: gzip and zstd feeds (also on a pipe, in
# concatenated members, cut short, and for --resume), folders with
# --recursive, feeds whose fields are called guid/body/headline, and JSON
# Lines piped as text by mistake.
. "$TESTS_SRCDIR/e2e/lib.sh"

words=$(cfg words.cfg 'stages = ( { plugin = "testwords"; } );')
slow=$(cfg slow.cfg 'stages = ( { plugin = "testwords"; }, { plugin = "testcrash"; options = { delay_ms = 20; }; } );')
i=0
: >"$WORK/feed.jsonl"
while [ $i -lt 120 ]; do
    i=$((i + 1))
    printf '{"id":"f%d","text":"Feed item %d about trade"}\n' $i $i >>"$WORK/feed.jsonl"
done
gzip -c "$WORK/feed.jsonl" >"$WORK/feed.jsonl.gz"
tp run -c "$words" --quiet "$WORK/feed.jsonl"
cp "$WORK/out" "$WORK/reference"

# ---- Compressed files, by their first bytes.
tp run -c "$words" --quiet "$WORK/feed.jsonl.gz"
expect_rc ".jsonl.gz" 0
if cmp -s "$WORK/reference" "$WORK/out"; then ok ".jsonl.gz: the same records"; else not_ok ".jsonl.gz: the same records"; fi
if command -v zstd >/dev/null 2>&1; then
    zstd -q -c "$WORK/feed.jsonl" >"$WORK/feed.jsonl.zst"
    tp run -c "$words" --quiet "$WORK/feed.jsonl.zst"
    expect_rc ".jsonl.zst" 0
    if cmp -s "$WORK/reference" "$WORK/out"; then ok ".jsonl.zst: the same records"; else not_ok ".jsonl.zst: the same records"; fi
fi
# On a pipe, and in two gzip members (cat a.gz b.gz).
head -n 60 "$WORK/feed.jsonl" | gzip -c >"$WORK/two.gz"
tail -n 60 "$WORK/feed.jsonl" | gzip -c >>"$WORK/two.gz"
"$TEXTPIPE" run -c "$words" --quiet --input jsonl <"$WORK/two.gz" >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc "two gzip members on stdin" 0
if cmp -s "$WORK/reference" "$WORK/out"; then ok "two gzip members: the same records"; else not_ok "two gzip members: the same records"; fi
# A cut file: the lines before are read, the damage is one error record,
# and the next input is read.
size=$(wc -c <"$WORK/feed.jsonl.gz")
head -c $((size / 2)) "$WORK/feed.jsonl.gz" >"$WORK/cut.jsonl.gz"
printf '{"id":"after","text":"The next input"}\n' >"$WORK/after.jsonl"
tp run -c "$words" --quiet "$WORK/cut.jsonl.gz" "$WORK/after.jsonl"
expect_rc "cut .jsonl.gz" 1
expect_eq "cut .jsonl.gz: one error record" '"corrupt_input"' "$(jqo 'select(.error) | .error.code')"
expect_eq "cut .jsonl.gz: then the next input" '"after"' "$(jqo .id | tail -1)"
n=$(jqo 'select(.annotations) | .id' | wc -l | tr -d ' ')
if [ "$n" -gt 1 ] && [ "$n" -lt 120 ]; then ok "cut .jsonl.gz: $n records before the cut"; else not_ok "cut .jsonl.gz: records before the cut" "$n"; fi
# --resume over a compressed feed.
"$TEXTPIPE" run -c "$slow" -j 2 --quiet -o "$WORK/gz.out" "$WORK/feed.jsonl.gz" 2>/dev/null &
pid=$!
n=0
while [ $n -lt 200 ] && ! grep -qs . "$WORK/gz.out.part"; do sleep 0.05; n=$((n + 1)); done
kill -KILL $pid
wait $pid 2>/dev/null
tp run -c "$slow" -j 2 --quiet --resume -o "$WORK/gz.out" "$WORK/feed.jsonl.gz"
expect_rc ".jsonl.gz --resume" 0
expect_eq ".jsonl.gz --resume: every id once" "$(jq -c .id "$WORK/reference" | sort | paste -sd, -)" \
    "$("$JQ" -c .id "$WORK/gz.out" | sort | paste -sd, -)"

# ---- Folders: *.txt files; --recursive reads subfolders (sorted by path);
# other entries are counted in a warning.
mkdir -p "$WORK/desk/sport/cricket" "$WORK/desk/world"
printf 'Top story.' >"$WORK/desk/a.txt"
printf 'Cricket story.' >"$WORK/desk/sport/cricket/c.txt"
printf 'Sport story.' >"$WORK/desk/sport/b.txt"
printf 'World story.' >"$WORK/desk/world/w.txt"
printf 'notes' >"$WORK/desk/notes.md"
printf 'x' >"$WORK/desk/world/photo.jpg"
ln -s "$WORK/desk" "$WORK/desk/world/loop"
tp run -c "$words" --quiet "$WORK/desk"
expect_eq "folder: its own *.txt" '"a"' "$(jqo .id | paste -sd, -)"
expect_err "folder: other entries counted" "$WORK/desk: 3 other entries skipped"
expect_err "folder: --recursive suggested" "--recursive reads subfolders"
tp run -c "$words" --quiet --recursive "$WORK/desk"
expect_rc "--recursive" 0
expect_eq "--recursive: every *.txt, by path" '"a","b","c","w"' "$(jqo .id | paste -sd, -)"
expect_err "--recursive: other entries counted (a link to a folder is not followed)" "3 other entries skipped"
tp run -c "$words" --progress --recursive "$WORK/desk" -o "$WORK/desk.jsonl"
if tr '\r' '\n' <"$WORK/err" | grep -q '4/4 docs'; then ok "--recursive: progress counts subfolders"; else not_ok "--recursive: progress counts subfolders"; fi

# ---- Feeds with other field names.
printf '%s\n' '{"guid":"g1","headline":"Rates held","body":"The bank held rates.","section":"biz"}' \
    '{"guid":7,"body":"No headline here."}' '{"id":"x","text":"no guid"}' >"$WORK/cms.jsonl"
tp run -c "$words" --quiet --id-field guid --text-field body --title-field headline "$WORK/cms.jsonl"
expect_rc "--id-field/--text-field/--title-field" 1
expect_eq "the title before the text" '{"id":"g1","text":"Rates held\n\nThe bank held rates."}' "$(jqo 'select(.id=="g1") | {id,text}')"
expect_eq "other members in meta" '{"headline":"Rates held","section":"biz"}' "$(jqo 'select(.id=="g1") | .meta')"
expect_eq "a numeric guid, no headline" '{"id":"7","text":"No headline here."}' "$(jqo 'select(.id=="7") | {id,text}')"
if jqo 'select(.error) | .error.message' | grep -q 'record has no \\"guid\\" (--id-field)'; then ok "a record without the id field: named"; else not_ok "a record without the id field: named" "$(jqo 'select(.error)')"; fi

# ---- JSON Lines piped as text by mistake: a warning that names --input jsonl.
"$TEXTPIPE" run -c "$words" --quiet <"$WORK/feed.jsonl" >"$WORK/out" 2>"$WORK/err"
expect_err "JSONL read as text: warning" "looks like JSON Lines but is read as one text document; --input jsonl"
expect_eq "JSONL read as text: still one document" 1 "$(wc -l <"$WORK/out" | tr -d ' ')"
"$TEXTPIPE" run -c "$words" --quiet --input jsonl <"$WORK/feed.jsonl" >"$WORK/out" 2>"$WORK/err"
expect_eq "--input jsonl: no warning" "" "$(cat "$WORK/err")"
printf 'An article {"that": "mentions JSON"} in passing.' | "$TEXTPIPE" run -c "$words" --quiet >/dev/null 2>"$WORK/err"
expect_eq "plain text: no warning" "" "$(cat "$WORK/err")"

finish
