#!/bin/sh
# Extractive summaries (issue 6), scored as the work is judged: textpipe's
# default pipeline (sentences, ner, currency, summary) over the shared dev
# files, score_output.py summ, then rouge.py (ROUGE-1/2/Lsum F1).
#   cnndm_dev:        R-1 >= 40.5, R-2 and R-Lsum above Lead-3 (39.4 / 17.2 / 35.8)
#   cnndm_raw250_dev: at most 3 sentences per summary, a sensible length
#   bbc_dev:          figures reported
# and the summary works without the ner stage.  Lead-3 (shared/tools/lead_n.py)
# is printed beside each figure.
. "$TESTS_SRCDIR/e2e/lib.sh"
. "$TESTS_SRCDIR/eval/lib.sh"

S=$DATA/summ
ROUGE="python3 $TEXTPIPE_SHARED/tools/rouge.py"

# rouge GOLD PRED_RECORDS NAME: scores textpipe output; sets r1 r2 rl
rouge() {
    $SCORE summ "$1" "$2" "$WORK/$3.pred" &&
        $ROUGE --pred "$WORK/$3.pred" --ref "$1" --json >"$WORK/$3.rouge"
    r1=$("$JQ" '.rouge1 * 10000 | round / 100' "$WORK/$3.rouge")
    r2=$("$JQ" '.rouge2 * 10000 | round / 100' "$WORK/$3.rouge")
    rl=$("$JQ" '.rougeLsum * 10000 | round / 100' "$WORK/$3.rouge")
}

# lead3 GOLD NAME: Lead-3 with the shared baseline; sets l1 l2 ll
lead3() {
    python3 "$TEXTPIPE_SHARED/tools/lead_n.py" --in "$1" --out "$WORK/$2.lead" 2>/dev/null &&
        $ROUGE --pred "$WORK/$2.lead" --ref "$1" --json >"$WORK/$2.leadrouge"
    l1=$("$JQ" '.rouge1 * 10000 | round / 100' "$WORK/$2.leadrouge")
    l2=$("$JQ" '.rouge2 * 10000 | round / 100' "$WORK/$2.leadrouge")
    ll=$("$JQ" '.rougeLsum * 10000 | round / 100' "$WORK/$2.leadrouge")
}

# above NAME VALUE BAR: VALUE > BAR
above() {
    if awk -v v="$2" -v m="$3" 'BEGIN { exit !(v + 0 > m + 0) }'; then
        ok "$1: $2 (above $3)"
    else
        not_ok "$1: $2, not above $3"
    fi
}

# at_most NAME MAX VALUE: VALUE <= MAX
at_most() {
    if awk -v v="$3" -v m="$2" 'BEGIN { exit !(v + 0 <= m + 0) }'; then
        ok "$1: $3 (at most $2)"
    else
        not_ok "$1: $3, above $2"
    fi
}

# shape NAME OUT: every record has 1..3 summary spans, ranks 1..n, in
# document order; prints the mean and largest summary length in words
shape() {
    bad=$("$JQ" -c 'select(.error != null or ((.annotations.summary // []) as $s
            | ($s | length) < 1 or ($s | length) > 3
              or ([$s[].rank] | sort) != [range(1; ($s | length) + 1)]
              or ([$s[].start] | sort) != [$s[].start])) | .id' "$2" | head -3)
    expect_eq "$1: 1 to 3 sentences, ranks 1..n, document order" "" "$bad"
    words=$("$JQ" -r '[.annotations.summary[]?.text | split(" ") | map(select(. != "")) | length] | add // 0' "$2" |
        awk '{ n++; s += $1; if ($1 > m) m = $1 } END { printf "%.1f %d", s / n, m }')
}

# ---- CNN/DailyMail dev: the accuracy targets.
f=$S/cnndm_dev.jsonl
"$TEXTPIPE" run --quiet "$f" >"$WORK/cnndm.out" 2>"$WORK/err"
rouge "$f" "$WORK/cnndm.out" cnndm
lead3 "$f" cnndm
echo "# cnndm_dev: R-1 $r1  R-2 $r2  R-Lsum $rl   (Lead-3: $l1 / $l2 / $ll)"
at_least "cnndm_dev ROUGE-1" 40.5 "$r1"
above "cnndm_dev ROUGE-2 above Lead-3" "$r2" "$l2"
above "cnndm_dev ROUGE-Lsum above Lead-3" "$rl" "$ll"
shape cnndm_dev "$WORK/cnndm.out"
echo "# cnndm_dev summary words: mean, largest: $words"
if $SCORE schema "$WORK/cnndm.out" --input "$f" >"$WORK/schema" 2>&1; then
    ok "cnndm_dev output passes the schema check"
else
    not_ok "cnndm_dev output passes the schema check" "$(head -c 600 "$WORK/schema")"
fi

# Without the ner stage (entity is an optional input): still above the bar.
c=$(cfg noner.cfg 'stages = ( { plugin = "sentences"; }, { plugin = "currency"; }, { plugin = "summary"; } );')
"$TEXTPIPE" run --quiet -c "$c" "$f" >"$WORK/noner.out" 2>"$WORK/err"
rouge "$f" "$WORK/noner.out" noner
echo "# cnndm_dev without ner: R-1 $r1  R-2 $r2  R-Lsum $rl"
at_least "cnndm_dev without ner: ROUGE-1" 40.5 "$r1"

# ---- Raw CNN/DM text (captions without full stops): shape and length.
f=$S/cnndm_raw250_dev.jsonl
"$TEXTPIPE" run --quiet "$f" >"$WORK/raw.out" 2>"$WORK/err"
rouge "$f" "$WORK/raw.out" raw
lead3 "$f" raw
echo "# cnndm_raw250_dev: R-1 $r1  R-2 $r2  R-Lsum $rl   (Lead-3: $l1 / $l2 / $ll)"
shape cnndm_raw250_dev "$WORK/raw.out"
echo "# cnndm_raw250_dev summary words: mean, largest: $words"
at_most "cnndm_raw250_dev: mean summary words" 100 "${words% *}"
at_most "cnndm_raw250_dev: longest summary, words" 160 "${words#* }"

# ---- BBC News Summary dev: figures only (its references are ~8 sentences).
f=$S/bbc_dev.jsonl
"$TEXTPIPE" run --quiet "$f" >"$WORK/bbc.out" 2>"$WORK/err"
rouge "$f" "$WORK/bbc.out" bbc
lead3 "$f" bbc
echo "# bbc_dev: R-1 $r1  R-2 $r2  R-Lsum $rl   (Lead-3: $l1 / $l2 / $ll)"
shape bbc_dev "$WORK/bbc.out"

finish
