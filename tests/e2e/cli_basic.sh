#!/bin/sh
# textpipe run: inputs (text files, directories, JSON Lines, stdin), output
# records, offsets in three units, -o, --pretty, --version, --help.
. "$TESTS_SRCDIR/e2e/lib.sh"

words=$(cfg words.cfg 'stages = ( { plugin = "testwords"; } );')

# The ABI this build provides, as <textpipe/version.h> says.
abi=$(sed -n 's/^#define TP_ABI_MAJOR \([0-9]*\)/\1/p' "$TOP_SRCDIR/sdk/include/textpipe/version.h").$(sed -n 's/^#define TP_ABI_MINOR \([0-9]*\)/\1/p' "$TOP_SRCDIR/sdk/include/textpipe/version.h")
tp --version
expect_rc "--version" 0
expect_out "--version names the ABI" "plugin ABI $abi"

tp --help
expect_rc "--help" 0
expect_out "--help lists run" "textpipe run"

# Each command's synopsis is written once: what `textpipe CMD --help` shows
# (its usage line and the indented lines after it) is what `textpipe --help`
# lists, whitespace aside.
tp --help
all=$(tr -s ' \n' '  ' <"$WORK/out")
for c in run check plugins eval new-plugin serve view; do
    tp "$c" --help
    syn=$(awk 'NR == 1 { sub(/^[Uu]sage: /, ""); print; next } /^ / { print; next } { exit }' "$WORK/out" |
        tr -s ' \n' '  ' | sed 's/ $//')
    case "$all" in
    *"$syn"*) ok "$c --help synopsis is the one textpipe --help lists" ;;
    *) not_ok "$c --help synopsis is the one textpipe --help lists" "not in textpipe --help: $syn" ;;
    esac
done

tp rnu
expect_rc "unknown command" 2
expect_err "unknown command suggests run" 'did you mean "run"?'

# A plain text file: id is the file name without extension.
printf 'Alpha beta\n' >"$WORK/first-story.txt"
tp run -c "$words" "$WORK/first-story.txt"
expect_rc "text file" 0
expect_eq "text file id" '"first-story"' "$(jqo .id)"
expect_eq "text file text" '"Alpha beta\n"' "$(jqo .text)"
expect_eq "text file words" '["Alpha","beta"]' "$(jqo '[.annotations.word[].text]')"
expect_eq "word offsets" '[[0,5],[6,10]]' "$(jqo '[.annotations.word[] | [.start,.end]]')"

# A directory: its *.txt files in name order, other files ignored.
mkdir "$WORK/dir"
printf 'two' >"$WORK/dir/b.txt"
printf 'one' >"$WORK/dir/a.txt"
printf 'not an article' >"$WORK/dir/notes.md"
tp run -c "$words" "$WORK/dir"
expect_rc "directory" 0
expect_eq "directory ids in order" '"a","b"' "$(jqo .id | paste -sd, -)"

# JSON Lines: ids, extra fields carried under meta, blank lines skipped.
printf '%s\n' '{"id":"n1","text":"Hello there","date":"2026-01-02","tags":["a",1]}' '' \
    '{"text":"Second one","id":42}' >"$WORK/in.jsonl"
tp run -c "$words" "$WORK/in.jsonl"
expect_rc "jsonl" 0
expect_eq "jsonl ids" '"n1","42"' "$(jqo .id | paste -sd, -)"
expect_eq "jsonl meta carried" '{"date":"2026-01-02","tags":["a",1]}' "$(jqo 'select(.id=="n1") | .meta')"
expect_eq "jsonl record count" 2 "$(wc -l <"$WORK/out" | tr -d ' ')"

# stdin: text by default, JSON Lines with --input jsonl; one line per record.
tp_in 'From stdin' run -c "$words"
expect_eq "stdin text id" '"stdin"' "$(jqo .id)"
tp_in '{"id":"s1","text":"One"}
{"id":"s2","text":"Two"}
' run -c "$words" --input jsonl -
expect_eq "stdin jsonl" '"s1","s2"' "$(jqo .id | paste -sd, -)"

# Offsets: code points by default, bytes and UTF-16 units on request.
# "é" is 2 bytes / 1 unit; the emoji is 4 bytes / 2 UTF-16 units.
printf 'Caf\303\251 \360\237\230\200 ok' >"$WORK/uni.txt"
tp run -c "$words" "$WORK/uni.txt"
expect_eq "code point offsets" '[[0,3],[7,9]]' "$(jqo '[.annotations.word[] | [.start,.end]]')"
expect_eq "span text repeats the text" '["Caf","ok"]' "$(jqo '[.annotations.word[].text]')"
tp run -c "$words" --offsets bytes "$WORK/uni.txt"
expect_eq "byte offsets" '[[0,3],[11,13]]' "$(jqo '[.annotations.word[] | [.start,.end]]')"
tp run -c "$words" --offsets utf16 "$WORK/uni.txt"
expect_eq "utf16 offsets" '[[0,3],[8,10]]' "$(jqo '[.annotations.word[] | [.start,.end]]')"
tp run -c "$words" --offsets lines "$WORK/uni.txt"
expect_rc "bad --offsets" 2

# -o writes through a temporary name, renamed at the end.
tp run -c "$words" -o "$WORK/result.jsonl" "$WORK/first-story.txt"
expect_rc "-o" 0
expect_eq "-o output" '"first-story"' "$("$JQ" -c .id "$WORK/result.jsonl")"
expect_eq "-o leaves no temporary file" "" "$(ls "$WORK" | grep '\.part' || true)"
expect_eq "-o keeps stdout empty" "" "$(cat "$WORK/out")"

# --pretty: the same record, indented.
tp run -c "$words" --pretty "$WORK/first-story.txt"
expect_eq "--pretty parses to the same record" '["Alpha","beta"]' "$("$JQ" -c '[.annotations.word[].text]' "$WORK/out")"
if [ "$(wc -l <"$WORK/out")" -gt 3 ]; then ok "--pretty spans lines"; else not_ok "--pretty spans lines"; fi

# Features: int, bool, string, nested (info.first) and a reference.
tp run -c "$words" "$WORK/first-story.txt"
expect_eq "features" '{"len":4,"upper":false,"tag":"w","info":{"first":"b"},"prev":{"layer":"word","index":0}}' \
    "$(jqo '.annotations.word[1] | del(.start,.end,.text)')"

# Tokens-like hidden layers: output.hide, and "_" layers never written.
hidden=$(cfg hidden.cfg 'stages = ( { plugin = "testwords"; } ); output = { hide = ["word"]; text = false; };')
tp run -c "$hidden" "$WORK/first-story.txt"
expect_eq "output.hide and output.text" '{"id":"first-story","annotations":{}}' "$(jqo 'del(.pipeline)')"

finish
