#!/bin/sh
# make bench: issue 20's figures - the pipeline end to end as a user runs it
# (`textpipe run`, JSON Lines in and out, one core), each beside `wc -w` on
# the same input in the same run, then callgrind's instruction counts per KB
# of input for each stage (stable where wall-clock time on this shared
# machine is not).  Prints figures; never fails on timing.
#
#   full default pipeline          MB/s, and the ratio to wc -w
#   ner inside the pipeline        tokens/s (sentences+ner minus sentences)
#   sentences alone, one big doc   MB/s end to end (BENCH_BIG_MB, default 11.5)
#   peak RSS                       that document; 4 MB of "€£¥$"; 10 MB of
#                                  "Ab1$.,": as (RSS - RSS with a tiny
#                                  document, i.e. the models) / text size
#   start-up to first record       `textpipe run seed.txt`, default pipeline
#   -j 2 over -j 1                 on BENCH_J_MB (default 20) MB of news
#   callgrind                      instructions per KB, per stage (skipped
#                                  with BENCH_NO_CALLGRIND=1 or no valgrind)
#
# The NER model is used as installed: its memory-mapped image beside the
# compact file (built in plugins/ner/), in a data folder made here.
set -eu
: "${TEXTPIPE:?run through make bench}"
: "${TOP_BUILDDIR:?run through make bench}"
work=$(mktemp -d "${TMPDIR:-/tmp}/textpipe-bench.XXXXXX")
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# An installed-like data folder: the shipped data, plus the model image.
mkdir -p "$work/data/ner/data"
for d in "$TOP_SRCDIR"/plugins/*/; do
    name=$(basename "$d")
    [ "$name" = ner ] || ln -s "$d" "$work/data/$name"
done
for f in "$TOP_SRCDIR"/plugins/ner/data/*; do ln -s "$f" "$work/data/ner/data/"; done
img=$TOP_BUILDDIR/plugins/ner/ner-conll03-en.model.img
if [ -f "$img" ]; then
    ln -s "$img" "$work/data/ner/data/"
    model_note="memory-mapped model image"
else
    model_note="compact model file (no image built: slow start-up)"
fi
TEXTPIPE_DATA_DIR=$work/data
export TEXTPIPE_DATA_DIR

# News text: the CNN/DM dev articles, else the samples.
if [ -n "${TEXTPIPE_SHARED:-}" ] && [ -f "$TEXTPIPE_SHARED/data/summ/cnndm_dev.jsonl" ]; then
    jq -c '{id, text}' "$TEXTPIPE_SHARED/data/summ/cnndm_dev.jsonl" >"$work/docs.jsonl"
    what="CNN/DM dev articles"
else
    for f in "$TOP_SRCDIR"/samples/*.txt; do jq -Rsc --arg id "$(basename "$f")" '{id: $id, text: .}' "$f"; done >"$work/docs.jsonl"
    what="samples/*.txt"
fi
# repeat FILE N OUT: the JSONL FILE repeated N times under fresh ids
repeat() {
    i=0
    while [ "$i" -lt "$2" ]; do
        jq -c --arg r "$i" '.id += "-\($r)"' "$1"
        i=$((i + 1))
    done >"$3"
}
mb_of() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.2f", b / 1048576 }'; }
# now: wall clock in nanoseconds (time(1)'s %e has 10 ms steps: start-up
# and wc -w on small files read 0)
now() { date +%s%N; }
# bestn N OUTVAR CMD...: the best wall time of N runs, in seconds
bestn() {
    runs=$1
    var=$2
    shift 2
    _best=""
    i=0
    while [ "$i" -lt "$runs" ]; do
        t0=$(now)
        "$@" >"$work/out" 2>"$work/err" || echo "  (failed: $*: $(head -c 300 "$work/err"))" >&2
        t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
        if [ -z "$_best" ] || awk -v a="$t" -v b="$_best" 'BEGIN { exit !(a < b) }'; then _best=$t; fi
        i=$((i + 1))
    done
    eval "$var=\$_best"
}
best3() { bestn 3 "$@"; }
# ratio A B: A/B, or "-" when B is 0
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "0" }'; }

printf 'stages = ( { plugin = "sentences"; } );\n' >"$work/s.cfg"
printf 'stages = ( { plugin = "sentences"; } ); output = { hide = []; };\n' >"$work/s_tokens.cfg"
printf 'stages = ( { plugin = "sentences"; }, { plugin = "ner"; } );\n' >"$work/sn.cfg"

echo "pipeline benchmark (issue 20) on $what; NER: $model_note"

# ---- full default pipeline ------------------------------------------------
repeat "$work/docs.jsonl" "${BENCH_REPEAT:-4}" "$work/news.jsonl"
mb=$(mb_of "$work/news.jsonl")
cat "$work/news.jsonl" >/dev/null
best3 t_full "$TEXTPIPE" run -j 1 --quiet --input jsonl "$work/news.jsonl"
best3 t_wc wc -w "$work/news.jsonl"
echo "  full default pipeline, -j 1, $mb MB of JSONL news:"
printf '    textpipe run: %.2f s = %.1f MB/s;  wc -w: %.2f s = %.1f MB/s;  textpipe/wc -w speed: %s\n' \
    "$t_full" "$(ratio "$mb" "$t_full")" "$t_wc" "$(ratio "$mb" "$t_wc")" "$(ratio "$t_wc" "$t_full")"

# ---- ner inside the pipeline ------------------------------------------------
tokens=$("$TEXTPIPE" run -j 1 --quiet -c "$work/s_tokens.cfg" "$work/news.jsonl" | jq -s 'map(.annotations.token | length) | add')
best3 t_s "$TEXTPIPE" run -j 1 --quiet -c "$work/s.cfg" "$work/news.jsonl"
best3 t_sn "$TEXTPIPE" run -j 1 --quiet -c "$work/sn.cfg" "$work/news.jsonl"
awk -v n="$tokens" -v a="$t_s" -v b="$t_sn" -v w="$t_wc" 'BEGIN {
    printf "  ner inside the pipeline: %d tokens; sentences %.2f s, sentences+ner %.2f s (wc -w %.2f s)", n, a, b, w
    if (b > a) printf ": ner %.2f M tokens/s\n", n / (b - a) / 1e6; else printf ": within timing noise\n"
}'

# ---- sentences alone, one big document ----------------------------------------
big_mb=${BENCH_BIG_MB:-11.5}
jq -r '.text' "$work/docs.jsonl" >"$work/one.txt"
want=$(awk -v m="$big_mb" 'BEGIN { printf "%d", m * 1048576 }')
: >"$work/big.txt"
while [ "$(wc -c <"$work/big.txt")" -lt "$want" ]; do cat "$work/one.txt" >>"$work/big.txt"; done
head -c "$want" "$work/big.txt" | iconv -f UTF-8 -t UTF-8 -c >"$work/big.cut" 2>/dev/null || head -c "$want" "$work/big.txt" >"$work/big.cut"
jq -Rsc '{id: "big", text: .}' "$work/big.cut" >"$work/big.jsonl"
bmb=$(mb_of "$work/big.jsonl")
best3 t_big "$TEXTPIPE" run -j 1 --quiet -c "$work/s.cfg" "$work/big.jsonl"
best3 t_bigwc wc -w "$work/big.jsonl"
printf '  sentences alone, one %s MB document: textpipe run %.2f s = %.1f MB/s;  wc -w %.2f s = %.1f MB/s;  ratio %s\n' \
    "$bmb" "$t_big" "$(ratio "$bmb" "$t_big")" "$t_bigwc" "$(ratio "$bmb" "$t_bigwc")" "$(ratio "$t_bigwc" "$t_big")"

# ---- peak RSS ------------------------------------------------------------------
# rss CFG FILE: peak RSS in KB of a -j 1 run (the largest of its processes)
rss() {
    /usr/bin/env time -f '%M' -o "$work/rss" "$TEXTPIPE" run -c "$1" -j 1 --quiet --doc-timeout 0 \
        --worker-memory 0 -o /dev/null "$2" 2>"$work/err" || true
    tail -1 "$work/rss"
}
conf=$("$TEXTPIPE" check 2>/dev/null | sed -n 's/^[0-9]*\. \([^:]*\):.*/\1/p' | paste -sd, -)
printf 'stages = ( %s );\n' "$(echo "$conf" | tr ',' '\n' | sed 's/.*/{ plugin = "&"; }/' | paste -sd, -)" >"$work/full.cfg"
echo '{"id":"tiny","text":"Hello."}' >"$work/tiny.jsonl"
python3 - "$work" <<'EOF'
import json, sys
w = sys.argv[1]
for name, unit, mb in (('symbols', '\u20ac\u00a3\u00a5$', 4), ('letters', 'Ab1$.,', 10)):
    n = mb * 1048576 // len(unit.encode())
    with open('%s/%s.jsonl' % (w, name), 'w') as f:
        f.write(json.dumps({'id': name, 'text': unit * n}, ensure_ascii=False) + '\n')
EOF
echo "  peak RSS (-j 1; x = (peak - peak with a tiny document) / text bytes; the goal is <= 4x):"
base_s=$(rss "$work/s.cfg" "$work/tiny.jsonl")
base_f=$(rss "$work/full.cfg" "$work/tiny.jsonl")
r=$(rss "$work/s.cfg" "$work/big.jsonl")
awk -v r="$r" -v b="$base_s" -v t="$(wc -c <"$work/big.cut")" 'BEGIN {
    printf "    sentences, the %.1f MB document: %d MB (tiny document: %d MB): %.1fx the text\n", t / 1048576, r / 1024, b / 1024, (r - b) * 1024 / t }'
r=$(rss "$work/full.cfg" "$work/big.jsonl")
awk -v r="$r" -v b="$base_f" -v t="$(wc -c <"$work/big.cut")" 'BEGIN {
    printf "    default pipeline, the same document: %d MB (tiny document, i.e. the models: %d MB): %.1fx the text\n", r / 1024, b / 1024, (r - b) * 1024 / t }'
for p in symbols letters; do
    [ "${BENCH_SKIP_PATHOLOGICAL:-}" = 1 ] && break
    r=$(rss "$work/full.cfg" "$work/$p.jsonl")
    awk -v r="$r" -v b="$base_f" -v t="$(jq -j .text "$work/$p.jsonl" | wc -c)" -v p="$p" 'BEGIN {
        printf "    default pipeline, %.0f MB of %s: %d MB: %.1fx the text\n", t / 1048576, p == "symbols" ? "\"€£¥$\"" : "\"Ab1$.,\"", r / 1024, (r - b) * 1024 / t }'
done

# ---- start-up to first record ---------------------------------------------------
seed=${TEXTPIPE_SHARED:+$TEXTPIPE_SHARED/data/seed/nato-ministers.txt}
[ -n "$seed" ] && [ -f "$seed" ] || seed=$TOP_SRCDIR/samples/markets-brief.txt
# the program itself, not libtool's wrapper script (whose shell start-up
# would be counted)
tp_bin=$TEXTPIPE
if [ -x "$TOP_BUILDDIR/.libs/textpipe" ] && [ -d "$TOP_BUILDDIR/core/.libs" ]; then
    tp_bin="env LD_LIBRARY_PATH=$TOP_BUILDDIR/core/.libs $TOP_BUILDDIR/.libs/textpipe"
fi
# shellcheck disable=SC2086 # tp_bin is a command and its arguments
bestn 5 t_start $tp_bin run --quiet "$seed"
best3 t_wcs wc -w "$seed"
printf '  start-up to first record, `textpipe run %s` (default pipeline): %.0f ms (best of 5; wc -w: %.0f ms)\n' \
    "$(basename "$seed")" "$(awk -v t="$t_start" 'BEGIN { print t * 1000 }')" "$(awk -v t="$t_wcs" 'BEGIN { print t * 1000 }')"

# ---- -j 2 over -j 1 -----------------------------------------------------------------
jmb=${BENCH_J_MB:-20}
n=$(awk -v w="$jmb" -v h="$(wc -c <"$work/docs.jsonl")" 'BEGIN { printf "%d", w * 1048576 / h + 1 }')
repeat "$work/docs.jsonl" "$n" "$work/j.jsonl"
best3 t_j1 "$TEXTPIPE" run -j 1 --quiet "$work/j.jsonl"
best3 t_j2 "$TEXTPIPE" run -j 2 --quiet "$work/j.jsonl"
best3 t_jwc wc -w "$work/j.jsonl"
printf '  -j 2 over -j 1, default pipeline, %s MB: -j 1 %.2f s, -j 2 %.2f s: %sx  (wc -w %.2f s)\n' \
    "$(mb_of "$work/j.jsonl")" "$t_j1" "$t_j2" "$(ratio "$t_j1" "$t_j2")" "$t_jwc"

# ---- callgrind instructions per KB, per stage ------------------------------------------
if [ "${BENCH_NO_CALLGRIND:-}" = 1 ] || ! command -v valgrind >/dev/null 2>&1; then
    echo "  callgrind: skipped"
    exit 0
fi
head -n "${BENCH_CG_DOCS:-100}" "$work/docs.jsonl" >"$work/cg.jsonl"
kb=$(awk -v b="$(wc -c <"$work/cg.jsonl")" 'BEGIN { printf "%.1f", b / 1024 }')
mkdir -p "$work/cg"
nice valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$work/cg/cg.%p" $tp_bin run -j 1 --quiet \
    -c "$work/full.cfg" "$work/cg.jsonl" >/dev/null 2>"$work/cg.err" || true
for f in "$work"/cg/cg.*; do callgrind_annotate --inclusive=yes --threshold=100 "$f" 2>/dev/null; done >"$work/cg.txt"
# cost FUNCTION-REGEX: summed inclusive instructions of the first match per process
cost() {
    grep -E "$1 \[" "$work/cg.txt" | awk '{ gsub(",", "", $1); s += $1 } END { printf "%d", s }'
}
wcg=$(valgrind --tool=callgrind --callgrind-out-file="$work/cg/wc.out" wc -w "$work/cg.jsonl" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
echo "  callgrind, default pipeline on the first $(wc -l <"$work/cg.jsonl") documents ($kb KB): instructions per KB of input"
awk -v i="$wcg" -v k="$kb" 'BEGIN { printf "    wc -w:                      %10.0f\n", i / k }'
for st in sentences ner currency summary; do
    c=$(cost "plugins/$st/plugin.c:[a-z_]*_process")
    awk -v i="$c" -v k="$kb" -v s="$st" 'BEGIN { if (i > 0) printf "    %-27s %10.0f\n", s ":", i / k; else printf "    %-27s %10s\n", s ":", "n/a" }'
done
awk -v i="$(cost 'json_out.c:tp__json_write_doc')" -v k="$kb" 'BEGIN { printf "    writer (JSON out):          %10.0f\n", i / k }'
awk -v i="$(cost 'jsonl.c:tp__jsonl_parse_fields')" -v k="$kb" 'BEGIN { printf "    reader (JSON in):           %10.0f\n", i / k }'
awk -v i="$(cost 'pipeline.c:tp__pipeline_run')" -v k="$kb" 'BEGIN { printf "    all stages (pipeline_run):  %10.0f\n", i / k }'
total=$(sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' "$work/cg.txt" | tr -d , | awk '{ s += $1 } END { printf "%d", s }')
start=$(cost 'pipeline.c:tp__pipeline_start')
awk -v t="$total" -v s="$start" -v k="$kb" 'BEGIN {
    printf "    everything, all processes:  %10.0f  (of which start-up, loading the stages: %.0f M instructions)\n", t / k, s / 1e6 }'
