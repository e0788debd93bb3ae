#!/bin/sh
# make bench: the core's own throughput - JSON Lines in, one no-op stage,
# JSON Lines out - on ~5 KB news documents, beside `wc -w` on the same input
# in the same run.  Prints figures; never fails on timing.
#
# Input: the CNN/DM dev texts from $TEXTPIPE_SHARED when present (news
# text, repeated to ~SIZE_MB), else the project's samples.
set -eu
: "${TEXTPIPE:?run through make bench}"
size_mb=${BENCH_MB:-100}
work=$(mktemp -d "${TMPDIR:-/tmp}/textpipe-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

src="$work/src.jsonl"
if [ -n "${TEXTPIPE_SHARED:-}" ] && [ -f "$TEXTPIPE_SHARED/data/summ/cnndm_dev.jsonl" ]; then
    jq -c '{id, text: ((.text + "\n\n") * (5000 / ((.text | length) + 2) | ceil + 1))[0:5000]}' \
        "$TEXTPIPE_SHARED/data/summ/cnndm_dev.jsonl" >"$src"
    what="CNN/DM dev texts, each repeated or cut to 5,000 characters"
else
    for f in "$TOP_SRCDIR"/samples/*.txt; do
        jq -Rsc --arg id "$(basename "$f")" '{id: $id, text: (. * 6)}' "$f"
    done >"$src"
    what="samples/*.txt, each repeated to ~5 KB"
fi
input="$work/input.jsonl"
: >"$input"
n=0
while [ "$(wc -c <"$input")" -lt $((size_mb * 1024 * 1024)) ]; do
    n=$((n + 1))
    jq -c --arg r "$n" '.id = "\(.id)-\($r)"' "$src" >>"$input"
done
bytes=$(wc -c <"$input")
docs=$(wc -l <"$input")

printf 'stages = ( { plugin = "noop"; } );\n' >"$work/noop.cfg"

now() { date +%s.%N; }
t0=$(now)
"$TEXTPIPE" run -j 1 --quiet -c "$work/noop.cfg" "$input" >/dev/null
t1=$(now)
wc -w "$input" >/dev/null
t2=$(now)

awk -v b="$bytes" -v d="$docs" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v what="$what" 'BEGIN {
    tp = t1 - t0; wc = t2 - t1
    mb = b / 1048576
    printf "core benchmark (JSONL in, no-op stage, JSONL out): %s\n", what
    printf "  input: %.1f MB, %d documents (%.1f KB each)\n", mb, d, b / d / 1024
    printf "  textpipe run -j 1: %.2f s  %.1f MB/s  %.0f docs/s\n", tp, mb / tp, d / tp
    printf "  wc -w:        %.2f s  %.1f MB/s\n", wc, mb / wc
    printf "  textpipe / wc -w speed: %.2f\n", (mb / tp) / (mb / wc)
}'
