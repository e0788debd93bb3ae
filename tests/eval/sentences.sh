#!/bin/sh
# Sentence splitting on the English Golden Rules and the seed article
# (issues 3 and 21): GRS-48 48/48, GRS-52 >= 51/52 with the default (hard)
# newlines and 52/52 with each case's options, our news cases all, the
# seed's 18 sentences exactly.  Scored with shared/tools/score_output.py.
. "$TESTS_SRCDIR/e2e/lib.sh"
. "$TESTS_SRCDIR/eval/lib.sh"

G=$DATA/sbd/golden_rules_en.jsonl
c=$(cfg s.cfg 'stages = ( { plugin = "sentences"; } );')
"$TEXTPIPE" run -c "$c" --quiet "$G" >"$WORK/hard.out" 2>"$WORK/err"
r48=$($SCORE sbd "$G" "$WORK/hard.out" --grs48)
r52=$($SCORE sbd "$G" "$WORK/hard.out")
echo "# GRS-48: $r48"
echo "# GRS-52 (hard newlines): $r52"
expect_eq "GRS-48" 48/48 "$(json_get "$r48" passed)/$(json_get "$r48" cases)"
at_least "GRS-52 with hard newlines" 51 "$(json_get "$r52" passed)"

# Each case with the options it carries (doc_type pdf: soft newlines).
"$JQ" -c 'select(.options|not)' "$G" >"$WORK/plain.jsonl"
"$JQ" -c 'select(.options)' "$G" >"$WORK/opts.jsonl"
"$TEXTPIPE" run -c "$c" --quiet "$WORK/plain.jsonl" >"$WORK/case.out" 2>>"$WORK/err"
"$TEXTPIPE" run -c "$c" --quiet --set sentences.newline=soft "$WORK/opts.jsonl" >>"$WORK/case.out" 2>>"$WORK/err"
rc52=$($SCORE sbd "$G" "$WORK/case.out")
echo "# GRS-52 (per-case options): $rc52"
at_least "GRS-52 with per-case options" 52 "$(json_get "$rc52" passed)"

# News sentences written for the splitter (issue 21's categories among them).
N=$TOP_SRCDIR/plugins/sentences/dev/news_cases.jsonl
"$TEXTPIPE" run -c "$c" --quiet "$N" >"$WORK/news.out" 2>>"$WORK/err"
rn=$($SCORE sbd "$N" "$WORK/news.out")
echo "# news cases: $rn"
expect_eq "news cases" "$(json_get "$rn" cases)" "$(json_get "$rn" passed)"

# The seed article through the full default pipeline.
python3 - "$DATA/seed" "$WORK/seed-gold.jsonl" <<'PY'
import json, sys
seed, out = sys.argv[1], sys.argv[2]
g = json.load(open(seed + '/nato-ministers.gold.json', encoding='utf-8'))
text = open(seed + '/nato-ministers.txt', encoding='utf-8').read()
open(out, 'w', encoding='utf-8').write(json.dumps({'id': g['id'], 'text': text, 'sentences': [s['text'] for s in g['sentences']]}) + '\n')
PY
"$TEXTPIPE" run --quiet "$DATA/seed/nato-ministers.txt" >"$WORK/seed.out" 2>>"$WORK/err"
rs=$($SCORE sbd "$WORK/seed-gold.jsonl" "$WORK/seed.out")
echo "# seed: $rs"
expect_eq "seed: all 18 sentences exact" "1/1" "$(json_get "$rs" passed)/$(json_get "$rs" cases)"
expect_eq "seed: 18 sentences" 18 "$("$JQ" '.annotations.sentence | length' "$WORK/seed.out")"
if $SCORE schema "$WORK/seed.out" --input "$WORK/seed-gold.jsonl" >"$WORK/schema" 2>&1; then
    ok "seed output passes the schema check"
else
    not_ok "seed output passes the schema check" "$(cat "$WORK/schema")"
fi

finish
