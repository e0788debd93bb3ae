#!/bin/sh
# Hostile input (issue 9): each bad input gets its expected error record or
# is processed, nothing crashes or hangs, memory stays bounded.  Runs the
# built-in default pipeline (every shipped plugin) plus testwords, so the
# shipped plugins see the pathological texts too.  Timing is not asserted
# (make bench measures); a generous `timeout` only turns a hang into a
# failure.
. "$TESTS_SRCDIR/e2e/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 generates the inputs"; exit 77; }
# Bound the address space (not under sanitizers, which reserve terabytes).
if ! grep -q '^CFLAGS = .*-fsanitize' "$TOP_BUILDDIR/Makefile" 2>/dev/null; then
    ulimit -v 4000000 2>/dev/null || true
fi

# The default pipeline with testwords appended: one file that includes the
# installed default is not available from the build tree, so run both.
words=$(cfg words.cfg 'stages = ( { plugin = "testwords"; } );')

runboth() { # NAME INPUT [ARGS]: default pipeline, then testwords
    name=$1
    in=$2
    shift 2
    timeout 300 "$TEXTPIPE" run --quiet "$@" "$in" >"$WORK/out" 2>"$WORK/err"
    rc=$?
    if [ $rc -ge 124 ]; then not_ok "$name: default pipeline did not finish (status $rc)"; return; fi
    cp "$WORK/out" "$WORK/out.default"
    timeout 300 "$TEXTPIPE" run --quiet -c "$words" "$@" "$in" >"$WORK/out" 2>"$WORK/err"
    rc=$?
    if [ $rc -ge 124 ]; then not_ok "$name: testwords did not finish (status $rc)"; return; fi
    if "$JQ" -e . "$WORK/out.default" >/dev/null 2>&1 && "$JQ" -e . "$WORK/out" >/dev/null 2>&1; then
        ok "$name: finished, output is JSON"
    else
        not_ok "$name: output is JSON"
    fi
}

# Invalid and overlong UTF-8, NUL bytes: one error record each, with the offset.
python3 - "$WORK/utf8.jsonl" <<'PY'
import json, sys
bad = {
    "lone-continuation": b"ab\x80cd",
    "overlong-slash": b"x\xc0\xafy",
    "overlong-3": b"\xe0\x80\xaf",
    "surrogate": b"ok \xed\xa0\x80",
    "above-max": b"\xf4\x90\x80\x80",
    "truncated": b"end \xe2\x82",
}
with open(sys.argv[1], "wb") as f:
    for k, v in bad.items():
        # JSON can only carry bytes as text: write the raw bytes into the line.
        f.write(b'{"id":"' + k.encode() + b'","text":"' + v + b'"}\n')
    f.write(b'{"id":"nul-escaped","text":"a\\u0000b"}\n')
    f.write(b'{"id":"nul-raw","text":"a\x00b"}\n')
    f.write(b'{"id":"fine","text":"Caf\xc3\xa9"}\n')
PY
tp run -c "$words" --quiet "$WORK/utf8.jsonl"
expect_rc "bad UTF-8 and NUL" 1
expect_eq "bad UTF-8: codes and offsets" \
    '["lone-continuation","bad_utf8","invalid UTF-8 sequence at byte 2 of the text"]
["overlong-slash","bad_utf8","invalid UTF-8 sequence at byte 1 of the text"]
["overlong-3","bad_utf8","invalid UTF-8 sequence at byte 0 of the text"]
["surrogate","bad_utf8","invalid UTF-8 sequence at byte 3 of the text"]
["above-max","bad_utf8","invalid UTF-8 sequence at byte 0 of the text"]
["truncated","bad_utf8","truncated UTF-8 sequence at byte 4 of the text"]
["nul-escaped","nul_byte","NUL byte at byte 1 of the text"]' \
    "$(jqo 'select(.error and .error.code != "bad_json") | [.id, .error.code, .error.message]' | head -7)"
expect_eq "raw NUL in a JSON line" '"bad_json"' "$(jqo 'select(.id=="nul-raw") | .error.code')"
expect_eq "the good record survives" '["Caf"]' "$(jqo 'select(.id=="fine") | [.annotations.word[].text]')"
printf 'text with a NUL \000 inside' >"$WORK/nul.txt"
tp run -c "$words" --quiet "$WORK/nul.txt"
expect_eq "NUL in a text file" '["nul_byte","NUL byte at byte 16 of the text"]' "$(jqo '[.error.code, .error.message]')"

# Deeply nested JSON in a meta field.
python3 -c "import sys; sys.stdout.write('{\"id\":\"deep\",\"text\":\"x\",\"m\":' + '['*100000 + ']'*100000 + '}\n')" >"$WORK/deep.jsonl"
tp run -c "$words" --quiet "$WORK/deep.jsonl"
expect_eq "deep nesting" '"bad_json"' "$(jqo .error.code)"
if jqo .error.message | grep -q "nesting deeper than 200 levels"; then ok "deep nesting message"; else not_ok "deep nesting message"; fi

# Control characters and bidirectional overrides are text: kept and escaped.
printf '{"id":"ctl","text":"a\\u0001b\\u001fc \\u202eevil\\u202c \\u2066iso\\u2069 d\\u007f"}\n' >"$WORK/ctl.jsonl"
tp run -c "$words" --quiet "$WORK/ctl.jsonl"
expect_rc "control and bidi characters" 0
expect_eq "control and bidi characters round-trip" "$("$JQ" -c .text "$WORK/ctl.jsonl")" "$(jqo .text)"

# Pathological punctuation: 10^6 dots, quotes, brackets, one long word.
python3 - "$WORK" <<'PY'
import sys
d = sys.argv[1]
n = 1000000
texts = {
    "dots": "." * n,
    "dots-spaced": ". " * (n // 2),
    "quotes": "\u201c" * (n // 3) + '"' * (n // 3),
    "brackets": "(" * (n // 2) + ")" * (n // 2),
    "mixed": "Mr. A. " * (n // 7),
    "word": "a" * n,
    "dollars": "$9" * (n // 2),
    "overflow": "$99999999999999999999999 trillion and 1e999999 euros " * 1000,
    "newlines": "\n" * n,
}
for k, v in texts.items():
    open(f"{d}/{k}.txt", "w", encoding="utf-8").write(v)
PY
for k in dots dots-spaced quotes brackets mixed word dollars overflow newlines; do
    runboth "pathological $k" "$WORK/$k.txt"
done

# 100 MB on one line: over the default --max-doc-bytes (64 MiB), dropped
# while reading, so memory stays bounded; the next record still runs.
python3 -c "
import sys
sys.stdout.write('{\"id\":\"huge\",\"text\":\"' + 'word ' * 20971520 + '\"}\n')
sys.stdout.write('{\"id\":\"after\",\"text\":\"still fine\"}\n')" >"$WORK/huge.jsonl"
tp run -c "$words" --quiet "$WORK/huge.jsonl"
expect_rc "100 MB line" 1
expect_eq "100 MB line: error record, then the next one" '"huge":"too_large"|"after"' \
    "$(jqo -r 'if .error then "\"\(.id)\":\"\(.error.code)\"" else (.id|tojson) end' | paste -sd'|' -)"
rm -f "$WORK/huge.jsonl"

# One million tiny documents.
python3 -c "
import sys
w = sys.stdout.write
for i in range(1000000):
    w('{\"id\":\"t%d\",\"text\":\"Hi %d.\"}\n' % (i, i))" >"$WORK/tiny.jsonl"
timeout 600 "$TEXTPIPE" run --quiet -c "$words" -o "$WORK/tiny.out" "$WORK/tiny.jsonl" 2>"$WORK/err"
rc=$?
expect_rc "a million tiny documents" 0
expect_eq "a million records" 1000000 "$(wc -l <"$WORK/tiny.out" | tr -d ' ')"
expect_eq "the last one is there" '"t999999"' "$(tail -n 1 "$WORK/tiny.out" | "$JQ" -c .id)"

finish
