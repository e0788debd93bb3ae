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

sbd="$TOP_BUILDDIR/plugins/sentences/sbd_dev --abbrev $TOP_SRCDIR/plugins/sentences/data/abbrev_en.txt"
echo "  sentences (tokens and sentences, one core, CPU time):"
if [ -n "${TEXTPIPE_SHARED:-}" ] && [ -f "$TEXTPIPE_SHARED/data/sbd/prose/sherlock_holmes_1661.txt" ]; then
    holmes=$TEXTPIPE_SHARED/data/sbd/prose/sherlock_holmes_1661.txt
    echo "    Sherlock Holmes (one document): $($sbd --repeat 20 bench "$holmes" | sed 's/.*best of/best of/')"
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do cat "$holmes"; done >"$work/holmes20.txt"
    awk -v b="$(wc -c <"$work/holmes20.txt")" -v s="$( { /usr/bin/env time -f "%U %S" wc -w "$work/holmes20.txt" >/dev/null; } 2>&1 | awk '{ print $1 + $2 }')" \
        'BEGIN { if (s > 0) printf "    wc -w on the same text x20: %.1f MB/s\n", b / 1048576 / s }'
    echo "    $($sbd --source "$holmes" --repeat 5 linear | tr '\n' ';' | sed 's/;$//')"
fi
echo "    news ($what, one document): $($sbd --repeat 3 bench "$news" | sed 's/.*best of/best of/')"

echo "  ner (one core):"
model=$TOP_SRCDIR/plugins/ner/data/ner-conll03-en.model
if [ -n "${TEXTPIPE_SHARED:-}" ] && [ -f "$TEXTPIPE_SHARED/data/ner/conll2003/eng.testa" ]; then
    echo "    given tokens (eng.testa): $("$TOP_BUILDDIR/plugins/ner/ner_dev" bench "$model" "$TEXTPIPE_SHARED/data/ner/conll2003/eng.testa" --repeat 10 2>/dev/null | head -1)"
fi
# In a pipeline, on news text: the sentences stage alone, then with ner;
# the difference is the ner stage's time.
if [ -n "${TEXTPIPE:-}" ]; then
    jq -c '{id, text}' "${TEXTPIPE_SHARED:+$TEXTPIPE_SHARED/data/summ/cnndm_dev.jsonl}" >"$work/docs.jsonl" 2>/dev/null ||
        for f in "$TOP_SRCDIR"/samples/*.txt; do jq -Rsc --arg id "$(basename "$f")" '{id: $id, text: .}' "$f"; done >"$work/docs.jsonl"
    for r in 1 2 3; do jq -c --arg r "$r" '.id += "-\($r)"' "$work/docs.jsonl"; done >"$work/docs3.jsonl"
    printf 'stages = ( { plugin = "sentences"; } ); output = { hide = []; };\n' >"$work/s.cfg"
    printf 'stages = ( { plugin = "sentences"; }, { plugin = "ner"; } );\n' >"$work/sn.cfg"
    tokens=$("$TEXTPIPE" run -j 1 --quiet -c "$work/s.cfg" "$work/docs3.jsonl" | jq -s 'map(.annotations.token | length) | add')
    printf 'stages = ( { plugin = "sentences"; } );\n' >"$work/s.cfg"
    best() { # CFG: best wall time of three -j 1 runs
        b=""
        for _ in 1 2 3; do
            /usr/bin/env time -f "%e" -o "$work/t" "$TEXTPIPE" run -j 1 --quiet -c "$1" "$work/docs3.jsonl" >/dev/null
            t=$(cat "$work/t")
            if [ -z "$b" ] || awk -v a="$t" -v b="$b" 'BEGIN { exit !(a < b) }'; then b=$t; fi
        done
        echo "$b"
    }
    ts=$(best "$work/s.cfg")
    tn=$(best "$work/sn.cfg")
    awk -v n="$tokens" -v a="$ts" -v b="$tn" 'BEGIN { if (b > a) printf "    in a pipeline on news text: %d tokens, sentences %.2f s, sentences+ner %.2f s: ner %.0f tokens/s\n", n, a, b, n / (b - a) }'
    /usr/bin/env time -f "%M" -o "$work/rss" "$TEXTPIPE" run -j 1 --quiet -c "$work/sn.cfg" "$work/docs3.jsonl" >/dev/null
    echo "    peak RSS of textpipe -j 1 with the model loaded: $(($(cat "$work/rss") / 1024)) MB"
fi

echo "  currency (money_scan, one core):"
"$TOP_BUILDDIR/plugins/currency/money_dev" --data "$TOP_SRCDIR/plugins/currency/data" bench "$news" 3 |
    jq -r '"    \(.mb_per_s) MB/s, \(.spans_per_pass) money spans per pass"'

# summary: the stage alone.  summary_dev reads the earlier stages' layers
# (tokens, sentences, entities, money) from textpipe output into memory, then
# times only summ_select() - what the plugin's process() does.  Then the same
# in textpipe: a run with the summary stage minus a run without it, on the
# same documents (CPU time, -j 1, best of three each).
echo "  summary (one core, CPU time):"
TEXTPIPE_PLUGIN_PATH=${TEXTPIPE_PLUGIN_PATH:-$TOP_BUILDDIR/plugins}
export TEXTPIPE_PLUGIN_PATH
tp=${TEXTPIPE:-$TOP_BUILDDIR/textpipe}
if [ -n "${TEXTPIPE_SHARED:-}" ] && [ -f "$TEXTPIPE_SHARED/data/summ/cnndm_dev.jsonl" ]; then
    summ_in=$TEXTPIPE_SHARED/data/summ/cnndm_dev.jsonl
    summ_what="cnndm_dev"
else
    for f in "$TOP_SRCDIR"/samples/*.txt; do
        jq -Rsc --arg id "$(basename "$f" .txt)" '{id: $id, text: .}' "$f"
    done >"$work/samples.jsonl"
    summ_in=$work/samples.jsonl
    summ_what="samples/*.txt"
fi
"$tp" run --quiet -j 1 --offsets bytes -c "$TOP_SRCDIR/plugins/summary/dev/tokens.cfg" "$summ_in" >"$work/summ_tp.jsonl"
"$TOP_BUILDDIR/plugins/summary/summary_dev" --data "$TOP_SRCDIR/plugins/summary/data" --repeat 20 \
    bench "$work/summ_tp.jsonl" |
    jq -r --arg w "$summ_what" '"    summ_select alone, \($w): \(.docs_per_s) docs/s (\(.us_per_doc) us per document; best of \(.passes) passes over \(.docs) documents)"'
# The stage inside textpipe: 10,000 or more documents (the input repeated
# under new ids), with and without it.
n=$(wc -l <"$summ_in")
k=$((10000 / (n > 0 ? n : 1) + 1))
i=0
while [ $i -lt $k ]; do
    jq -c --arg r "$i" '.id = "\(.id)#\($r)"' "$summ_in"
    i=$((i + 1))
done >"$work/summ_many.jsonl"
docs=$(wc -l <"$work/summ_many.jsonl")
printf 'stages = (\n  { plugin = "sentences"; },\n  { plugin = "ner"; },\n  { plugin = "currency"; }\n);\n' >"$work/without.cfg"
# (the summary layer is not written, so output formatting does not count)
printf 'stages = (\n  { plugin = "sentences"; },\n  { plugin = "ner"; },\n  { plugin = "currency"; },\n  { plugin = "summary"; }\n);\noutput = { hide = ["token", "summary"]; };\n' >"$work/with.cfg"
cputime() {
    best=""
    for _ in 1 2 3; do
        t=$( { /usr/bin/env time -f "%U %S" "$tp" run --quiet -j 1 -c "$1" -o /dev/null "$work/summ_many.jsonl"; } 2>&1 |
            tail -1 | awk '{ print $1 + $2 }') || t=""
        if [ -n "$t" ] && { [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; }; then best=$t; fi
    done
    echo "${best:-0}"
}
t_without=$(cputime "$work/without.cfg")
t_with=$(cputime "$work/with.cfg")
awk -v a="$t_with" -v b="$t_without" -v n="$docs" -v w="$summ_what" 'BEGIN {
    d = a - b
    if (a <= 0 || b <= 0) { print "    in textpipe: (GNU time not installed)"; exit }
    printf "    in textpipe, %s repeated to %d documents: %.2f s with the stage, %.2f s without", w, n, a, b
    if (d > 0.005) printf ": the stage %.0f docs/s\n", n / d; else printf ": the stage is within timing noise\n"
}'
