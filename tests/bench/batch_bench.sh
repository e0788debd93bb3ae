#!/bin/sh
# make bench-batch: the batch runner with the full default pipeline on news
# text - docs/s and MB/s at -j 1 and -j 2, the runner's own share of the
# time (a no-op pipeline through the same runner), peak memory for 100 MB
# and 1 GB of input, and 10k vs 100k documents.  Prints figures; never
# fails on timing.  Needs $TEXTPIPE_SHARED (CNN/DM texts) or uses samples.
set -eu
: "${TEXTPIPE:?run through make bench-batch}"
work=$(mktemp -d "${TMPDIR:-/tmp}/textpipe-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

src="$work/src.jsonl"
if [ -n "${TEXTPIPE_SHARED:-}" ] && [ -f "$TEXTPIPE_SHARED/data/summ/cnndm_dev.jsonl" ]; then
    jq -c '{id, text}' "$TEXTPIPE_SHARED/data/summ/cnndm_dev.jsonl" >"$src"
    what="CNN/DM dev articles"
else
    for f in "$TOP_SRCDIR"/samples/*.txt; do jq -Rsc --arg id "$(basename "$f")" '{id: $id, text: .}' "$f"; done >"$src"
    what="samples"
fi
# rename_copy N: the JSONL on stdin with "-N" added to each id.
rename_copy() {
    sed "s/^{\"id\":\"\([^\"]*\)\"/{\"id\":\"\1-$1\"/"
}
# make_input FILE MB|-nDOCS: the source articles repeated (fresh ids) to a size or count.
make_input() {
    out=$1
    : >"$out"
    n=0
    case $2 in
    -n*)
        want=${2#-n}
        while [ "$(wc -l <"$out")" -lt "$want" ]; do
            n=$((n + 1))
            jq -c --arg r "$n" '.id = "\(.id)-\($r)"' "$src" >>"$out"
        done
        head -n "$want" "$out" >"$out.tmp" && mv "$out.tmp" "$out"
        ;;
    *)
        # Double the file while that stays within the size (fast for 1 GB),
        # then top it up with whole lines of one more renamed copy.
        want=$(($2 * 1024 * 1024))
        jq -c '.id = "\(.id)-0"' "$src" >"$out"
        while :; do
            n=$((n + 1))
            have=$(wc -c <"$out")
            [ "$have" -lt "$want" ] || break
            if [ $((have * 2)) -le "$want" ]; then
                rename_copy $n <"$out" >"$out.tmp"
                cat "$out.tmp" >>"$out"
                rm -f "$out.tmp"
            else
                rename_copy $n <"$out" | head -c $((want - have)) | sed '$d' >"$out.tmp"
                cat "$out.tmp" >>"$out"
                rm -f "$out.tmp"
                break
            fi
        done
        ;;
    esac
}
printf 'stages = ( { plugin = "noop"; } );\n' >"$work/noop.cfg"

# run NAME ARGS...: wall seconds and peak RSS (KB) of textpipe and its workers.
run() {
    /usr/bin/env time -f "%e %M" -o "$work/time" "$TEXTPIPE" run --quiet "$@" >/dev/null
    read -r secs rss <"$work/time"
}

make_input "$work/100.jsonl" 100
mb=$(awk -v b="$(wc -c <"$work/100.jsonl")" 'BEGIN { printf "%.1f", b / 1048576 }')
docs=$(wc -l <"$work/100.jsonl")
echo "batch benchmark: full default pipeline ($("$TEXTPIPE" check | sed -n 's/^[0-9]*\. \([^:]*\):.*/\1/p' | paste -sd, -)) on $what"
echo "  input: $mb MB, $docs documents"
run -j 1 "$work/100.jsonl"
j1=$secs
rss100=$rss
printf '  -j 1: %6.2f s  %7.0f docs/s  %6.1f MB/s\n' "$j1" "$(echo "$docs $j1" | awk '{print $1/$2}')" "$(echo "$mb $j1" | awk '{print $1/$2}')"
run -j 2 "$work/100.jsonl"
j2=$secs
printf '  -j 2: %6.2f s  %7.0f docs/s  %6.1f MB/s   speed-up over -j 1: %.2fx\n' "$j2" \
    "$(echo "$docs $j2" | awk '{print $1/$2}')" "$(echo "$mb $j2" | awk '{print $1/$2}')" "$(echo "$j1 $j2" | awk '{print $1/$2}')"
# What this machine gives two processes at once: two independent -j 1 runs
# over the two halves of the input, side by side.  -j 2 cannot beat this.
half=$(((docs + 1) / 2))
head -n "$half" "$work/100.jsonl" >"$work/half1.jsonl"
tail -n +"$((half + 1))" "$work/100.jsonl" >"$work/half2.jsonl"
/usr/bin/env time -f "%e" -o "$work/time1" "$TEXTPIPE" run --quiet -j 1 "$work/half1.jsonl" >/dev/null &
/usr/bin/env time -f "%e" -o "$work/time2" "$TEXTPIPE" run --quiet -j 1 "$work/half2.jsonl" >/dev/null
wait
pair=$(cat "$work/time1" "$work/time2" | sort -n | tail -n 1)
rm -f "$work/half1.jsonl" "$work/half2.jsonl"
printf '  two independent -j 1 runs on the halves, side by side: %.2f s (%.2fx; the machine'"'"'s ceiling for -j 2)\n' \
    "$pair" "$(echo "$j1 $pair" | awk '{print $1/$2}')"
run -j 1 -c "$work/noop.cfg" "$work/100.jsonl"
printf '  runner alone (no-op stage, -j 1): %.2f s = %.1f%% of the pipeline run\n' "$secs" "$(echo "$secs $j1" | awk '{print 100*$1/$2}')"

# Peak memory must not grow with the input.
echo "  peak RSS, -j 2: 100 MB input: $((rss100 / 1024)) MB (at -j 1)"
run -j 2 "$work/100.jsonl"
echo "                  100 MB input: $((rss / 1024)) MB"
if [ "${BENCH_SKIP_1G:-}" != 1 ]; then
    make_input "$work/1g.jsonl" 1024
    run -j 2 "$work/1g.jsonl"
    echo "                  $(awk -v b="$(wc -c <"$work/1g.jsonl")" 'BEGIN { printf "%.0f", b / 1048576 }') MB input: $((rss / 1024)) MB ($secs s)"
    rm -f "$work/1g.jsonl"
fi

# Linear in the number of documents.
make_input "$work/10k.jsonl" -n10000
make_input "$work/100k.jsonl" -n100000
head -n 1 "$work/10k.jsonl" >"$work/1.jsonl"
run -j 2 "$work/1.jsonl"
t1=$secs
run -j 2 "$work/10k.jsonl"
t10=$secs
run -j 2 "$work/100k.jsonl"
printf '  10k documents: %.2f s; 100k documents: %.2f s (ratio %.1f; linear is 10)\n' "$t10" "$secs" "$(echo "$secs $t10" | awk '{print $1/$2}')"
printf '  less the start-up (one document: %.2f s): ratio %.1f\n' "$t1" "$(echo "$secs $t10 $t1" | awk '{print ($1-$3)/($2-$3)}')"
