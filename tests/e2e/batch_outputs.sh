#!/bin/sh
# Output targets are never clobbered: devices, FIFOs and /dev/stdout are
# written in place (no FILE.part, --resume refused); a symlink is followed
# (its target replaced, FILE.part beside the target); a FILE.part that is a
# link, has other hard links or is held by another run is refused; an output
# that is also an input is refused; the same for --errors and HTML pages.
. "$TESTS_SRCDIR/e2e/lib.sh"

words=$(cfg words.cfg 'stages = ( { plugin = "testwords"; } );')
slow=$(cfg slow.cfg 'stages = ( { plugin = "testwords"; }, { plugin = "testcrash"; options = { delay_ms = 30; }; } );')
i=0
: >"$WORK/in.jsonl"
while [ $i -lt 40 ]; do
    i=$((i + 1))
    printf '{"id":"r%d","text":"Record %d of the archive"}\n' $i $i >>"$WORK/in.jsonl"
done
tp run -c "$words" --quiet "$WORK/in.jsonl"
cp "$WORK/out" "$WORK/reference"
tp run -c "$slow" -j 2 --quiet "$WORK/in.jsonl"
cp "$WORK/out" "$WORK/reference-slow"
is_reference() { cmp -s "$WORK/reference" "$1"; }
is_reference_slow() { cmp -s "$WORK/reference-slow" "$1"; }

# ---- A character device (as root, the old runner replaced /dev/null with a
# regular file).  The test makes its own null device rather than risk the
# system's.
if [ "$(id -u)" -eq 0 ] && mknod "$WORK/null" c 1 3 2>/dev/null; then
    dev=$WORK/null
    tp run -c "$words" --quiet -o "$dev" "$WORK/in.jsonl"
    expect_rc "-o a device" 0
    if [ -c "$dev" ]; then ok "the device is still a character device"; else not_ok "the device is still a character device" "$(ls -l "$dev")"; fi
    if [ -e "$dev.part" ]; then not_ok "no DEVICE.part"; else ok "no DEVICE.part"; fi
    tp run -c "$words" --quiet --resume -o "$dev" "$WORK/in.jsonl"
    expect_rc "--resume -o a device" 2
    expect_err "--resume -o a device: why" "cannot be resumed"
fi
tp run -c "$words" --quiet --resume -o /dev/stdout "$WORK/in.jsonl"
expect_rc "--resume -o /dev/stdout" 2
expect_err "--resume -o /dev/stdout: why" "cannot be resumed"

# ---- A FIFO is written in place, and stays a FIFO.
mkfifo "$WORK/fifo"
cat "$WORK/fifo" >"$WORK/from-fifo" &
reader=$!
tp run -c "$words" --quiet -o "$WORK/fifo" "$WORK/in.jsonl"
wait $reader
expect_rc "-o FIFO" 0
if [ -p "$WORK/fifo" ]; then ok "the FIFO is still a FIFO"; else not_ok "the FIFO is still a FIFO"; fi
if is_reference "$WORK/from-fifo"; then ok "the FIFO's reader got every record"; else not_ok "the FIFO's reader got every record"; fi
expect_eq "no FIFO.part" "" "$(ls "$WORK" | grep 'fifo\.')"

# ---- /dev/stdout and /dev/fd/1: the descriptor itself (appending to a
# redirection, not starting the file over).
echo "first line" >"$WORK/stdout-file"
"$TEXTPIPE" run -c "$words" --quiet -o /dev/stdout "$WORK/in.jsonl" >>"$WORK/stdout-file" 2>"$WORK/err"
rc=$?
expect_rc "-o /dev/stdout" 0
expect_eq "-o /dev/stdout appends to the redirection" "first line" "$(head -1 "$WORK/stdout-file")"
tail -n +2 "$WORK/stdout-file" >"$WORK/stdout-records"
if is_reference "$WORK/stdout-records"; then ok "-o /dev/stdout: the records"; else not_ok "-o /dev/stdout: the records"; fi
"$TEXTPIPE" run -c "$words" --quiet -o /dev/fd/1 "$WORK/in.jsonl" >"$WORK/fd1" 2>"$WORK/err"
if is_reference "$WORK/fd1"; then ok "-o /dev/fd/1"; else not_ok "-o /dev/fd/1" "$(cat "$WORK/err")"; fi

# ---- A symlink is followed: its target is replaced, the link stays.
mkdir "$WORK/real" "$WORK/links"
echo "old" >"$WORK/real/out.jsonl"
ln -s ../real/out.jsonl "$WORK/links/out.jsonl"
tp run -c "$slow" -j 2 --quiet -o "$WORK/links/out.jsonl" "$WORK/in.jsonl" &
pid=$!
n=0
while [ $n -lt 100 ] && [ ! -e "$WORK/real/out.jsonl.part" ]; do sleep 0.05; n=$((n + 1)); done
if [ -e "$WORK/real/out.jsonl.part" ] && [ ! -e "$WORK/links/out.jsonl.part" ]; then
    ok "symlink: FILE.part beside the real file"
else
    not_ok "symlink: FILE.part beside the real file" "$(ls "$WORK/real" "$WORK/links")"
fi
wait $pid
if [ -L "$WORK/links/out.jsonl" ]; then ok "symlink: the link is still a link"; else not_ok "symlink: the link is still a link"; fi
if is_reference_slow "$WORK/real/out.jsonl"; then ok "symlink: the target holds the records"; else not_ok "symlink: the target holds the records"; fi

# ---- A symlink planted at FILE.part is never written through.
echo "precious" >"$WORK/victim"
ln -s "$WORK/victim" "$WORK/planted.jsonl.part"
tp run -c "$words" --quiet -o "$WORK/planted.jsonl" "$WORK/in.jsonl"
expect_rc "planted FILE.part symlink" 2
expect_err "planted FILE.part symlink: why" "is a symbolic link"
expect_eq "planted FILE.part symlink: victim untouched" "precious" "$(cat "$WORK/victim")"
tp run -c "$words" --quiet --resume -o "$WORK/planted.jsonl" "$WORK/in.jsonl"
expect_eq "planted FILE.part symlink, --resume: victim untouched" "precious" "$(cat "$WORK/victim")"
# ... nor a hard link to somebody's file.
ln "$WORK/victim" "$WORK/hard.jsonl.part"
tp run -c "$words" --quiet -o "$WORK/hard.jsonl" "$WORK/in.jsonl"
expect_rc "hard-linked FILE.part" 2
expect_err "hard-linked FILE.part: why" "other hard links"
expect_eq "hard-linked FILE.part: victim untouched" "precious" "$(cat "$WORK/victim")"
# A stale FILE.part of ours (a killed run's) is replaced, with a warning.
echo '{"id":"stale"' >"$WORK/stale.jsonl.part"
tp run -c "$words" --quiet -o "$WORK/stale.jsonl" "$WORK/in.jsonl"
expect_rc "stale FILE.part" 0
expect_err "stale FILE.part: warning" "left by an interrupted run"
if is_reference "$WORK/stale.jsonl"; then ok "stale FILE.part: replaced"; else not_ok "stale FILE.part: replaced"; fi

# ---- A second run on the same output is refused at once; the first one
# finishes with every record.
"$TEXTPIPE" run -c "$slow" -j 1 --quiet -o "$WORK/twice.jsonl" "$WORK/in.jsonl" 2>"$WORK/err1" &
pid=$!
n=0
while [ $n -lt 100 ] && [ ! -e "$WORK/twice.jsonl.part" ]; do sleep 0.05; n=$((n + 1)); done
start=$(date +%s)
tp run -c "$words" --quiet -o "$WORK/twice.jsonl" "$WORK/in.jsonl"
expect_rc "second run on the same -o" 2
expect_err "second run: why" "another textpipe run is writing this output"
if [ $(($(date +%s) - start)) -lt 5 ]; then ok "second run: refused at once"; else not_ok "second run: refused at once"; fi
tp run -c "$slow" --quiet --resume -o "$WORK/twice.jsonl" "$WORK/in.jsonl"
expect_rc "second run with --resume" 2
expect_err "second run with --resume: why" "another textpipe run is writing this output"
wait $pid
if is_reference_slow "$WORK/twice.jsonl"; then ok "the first run's output is whole"; else not_ok "the first run's output is whole"; fi

# ---- An output that is an input.
cp "$WORK/in.jsonl" "$WORK/self.jsonl"
tp run -c "$words" --quiet -o "$WORK/self.jsonl" "$WORK/self.jsonl"
expect_rc "-o names an input" 2
expect_err "-o names an input: why" "is also an input"
if cmp -s "$WORK/in.jsonl" "$WORK/self.jsonl"; then ok "-o names an input: input untouched"; else not_ok "-o names an input: input untouched"; fi
ln -s self.jsonl "$WORK/self-link.jsonl"
tp run -c "$words" --quiet -o "$WORK/self-link.jsonl" "$WORK/self.jsonl"
expect_rc "-o is a link to an input" 2
tp run -c "$words" --quiet --errors "$WORK/self.jsonl" "$WORK/self.jsonl"
expect_rc "--errors names an input" 2
"$TEXTPIPE" run -c "$words" --input jsonl --quiet -o "$WORK/self.jsonl" <"$WORK/self.jsonl" >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc "-o is standard input" 2
tp run -c "$words" --quiet -o "$WORK/same.jsonl" --errors "$WORK/same.jsonl" "$WORK/in.jsonl"
expect_rc "-o and --errors the same file" 2
expect_err "-o and --errors the same: why" "name the same file"
if cmp -s "$WORK/in.jsonl" "$WORK/self.jsonl"; then ok "inputs untouched"; else not_ok "inputs untouched"; fi

# ---- --errors: a symlink is followed, a planted FILE.part refused.
printf '{"id":"bad"\n' >>"$WORK/self.jsonl"
echo "old" >"$WORK/real/dead.jsonl"
ln -s ../real/dead.jsonl "$WORK/links/dead.jsonl"
tp run -c "$words" --quiet -o "$WORK/ok.jsonl" --errors "$WORK/links/dead.jsonl" "$WORK/self.jsonl"
expect_rc "--errors through a symlink" 1
expect_eq "--errors through a symlink: the target holds the error" 'bad' "$("$JQ" -r .id "$WORK/real/dead.jsonl")"
if [ -L "$WORK/links/dead.jsonl" ]; then ok "--errors: the link is still a link"; else not_ok "--errors: the link is still a link"; fi
ln -s "$WORK/victim" "$WORK/dead2.jsonl.part"
tp run -c "$words" --quiet --errors "$WORK/dead2.jsonl" "$WORK/self.jsonl"
expect_rc "--errors with a planted FILE.part" 2
expect_eq "--errors with a planted FILE.part: victim untouched" "precious" "$(cat "$WORK/victim")"

# ---- HTML pages: the same rules.
ln -s "$WORK/victim" "$WORK/page.html.part"
tp run -c "$words" --quiet --format html -o "$WORK/page.html" "$WORK/in.jsonl"
expect_eq "html: planted page.part, victim untouched" "precious" "$(cat "$WORK/victim")"
if [ "$rc" -ne 0 ]; then ok "html: planted page.part refused ($rc)"; else not_ok "html: planted page.part refused"; fi
tp view -o "$WORK/reference" "$WORK/reference"
expect_rc "view: the page would replace its input" 2
if "$JQ" -e . "$WORK/reference" >/dev/null 2>&1; then ok "view: input untouched"; else not_ok "view: input untouched"; fi
if [ -c "$WORK/null" ]; then
    tp view -o "$WORK/null" "$WORK/reference"
    expect_rc "view -o a device" 0
    if [ -c "$WORK/null" ]; then ok "view: the device is still a device"; else not_ok "view: the device is still a device"; fi
fi

finish
