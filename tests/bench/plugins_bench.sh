#!/bin/sh
# make bench: each shipped plugin's stage alone on news text, beside `wc -w`
# on the same bytes in the same run.  Prints figures; never fails on timing.
# News text: the CNN/DM dev texts from $TEXTPIPE_SHARED (repeated to ~40 MB),
# else the samples.
set -eu
: "${TOP_BUILDDIR:?run through make bench}"
work=$(mktemp -d "${TMPDIR:-/tmp}/textpipe-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

news="$work/news.txt"
if [ -n "${TEXTPIPE_SHARED:-}" ] && [ -f "$TEXTPIPE_SHARED/data/summ/cnndm_dev.jsonl" ]; then
    jq -r '.text + "\n"' "$TEXTPIPE_SHARED/data/summ/cnndm_dev.jsonl" >"$work/one.txt"
    what="CNN/DM dev texts"
else
    cat "$TOP_SRCDIR"/samples/*.txt >"$work/one.txt"
    what="samples/*.txt"
fi
: >"$news"
while [ "$(wc -c <"$news")" -lt $((40 * 1024 * 1024)) ]; do cat "$work/one.txt" >>"$news"; done
mb=$(awk -v b="$(wc -c <"$news")" 'BEGIN { printf "%.1f", b / 1048576 }')

# wc -w: best of three, CPU seconds.
cat "$news" >/dev/null
best=""
for _ in 1 2 3; do
    t=$( { /usr/bin/env time -f "%U %S" wc -w "$news" >/dev/null; } 2>&1 | awk '{ print $1 + $2 }') || t=0
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
done
echo "plugin benchmarks on $what, $mb MB"
awk -v s="$best" -v mb="$mb" 'BEGIN { if (s > 0) printf "  wc -w:     %.1f MB/s\n", mb / s; else print "  wc -w: (GNU time not installed)" }'

echo "  currency (money_scan, one core):"
"$TOP_BUILDDIR/plugins/currency/money_dev" --data "$TOP_SRCDIR/plugins/currency/data" bench "$news" 3 |
    jq -r '"    \(.mb_per_s) MB/s, \(.spans_per_pass) money spans per pass"'
