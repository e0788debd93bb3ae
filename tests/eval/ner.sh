#!/bin/sh
# Named entities on CoNLL-2003 development data and the seed article
# (issues 5 and 19): eng.testa F1 >= 93.4 on the given tokens and >= 93.45
# through raw text (sentences -> ner; v2 gave 93.19 / 93.13, v3 93.50 /
# 93.45, and 93.47 through raw text once the sentences stage ends a sentence
# at a period before a number and keeps Tel+44 whole); the
# seed's PER/ORG/LOC entities all right, with
# the four v1 errors checked one by one; textpipe eval agrees with the
# shared scorer.
. "$TESTS_SRCDIR/e2e/lib.sh"
. "$TESTS_SRCDIR/eval/lib.sh"

C=$DATA/ner/conll2003
model="$TOP_SRCDIR/plugins/ner/data/ner-conll03-en.model"

# Given tokens: the plugin's own tool tags eng.testa; nereval.py scores it.
"$TEXTPIPE" train ner eval --model "$model" --file "$C/eng.testa" --out "$WORK/testa.pred" >"$WORK/eval.txt" 2>&1
rc=$?
expect_rc "textpipe train ner eval" 0
f1=$(python3 "$TEXTPIPE_SHARED/tools/nereval.py" --single --json "$WORK/testa.pred" | "$JQ" '.micro.f1 * 100 | round / 100')
echo "# eng.testa, given tokens: F1 $f1"
at_least "eng.testa F1 on the given tokens" 93.4 "$f1"

# Raw text through the sentences -> ner pipeline, character offsets.
c=$(cfg ner.cfg 'stages = ( { plugin = "sentences"; }, { plugin = "ner"; } );')
"$TEXTPIPE" run -c "$c" --quiet "$C/testa_docs.jsonl" >"$WORK/raw.out" 2>"$WORK/err"
r=$($SCORE ner "$C/testa_docs.jsonl" "$WORK/raw.out")
echo "# testa_docs.jsonl, raw text: $r"
at_least "testa raw-text F1" 93.45 "$(json_get "$r" f1)"
ours=$("$TEXTPIPE" eval --layer entity --gold "$C/testa_docs.jsonl" --json "$WORK/raw.out" | "$JQ" .f1)
expect_eq "textpipe eval agrees with score_output.py" "$(json_get "$r" f1)" "$ours"

# The seed article through the full default pipeline.
python3 - "$DATA/seed" "$WORK/seed-gold.jsonl" <<'PY'
import json, sys
seed, out = sys.argv[1], sys.argv[2]
g = json.load(open(seed + '/nato-ministers.gold.json', encoding='utf-8'))
text = open(seed + '/nato-ministers.txt', encoding='utf-8').read()
open(out, 'w', encoding='utf-8').write(json.dumps({'id': g['id'], 'text': text, 'entities': g['entities']}) + '\n')
PY
"$TEXTPIPE" run --quiet "$DATA/seed/nato-ministers.txt" >"$WORK/seed.out" 2>>"$WORK/err"
r=$($SCORE ner "$WORK/seed-gold.jsonl" "$WORK/seed.out" --types PER,ORG,LOC)
echo "# seed, PER/ORG/LOC: $r"
at_least "seed PER/ORG/LOC F1" 100 "$(json_get "$r" f1)"
# The v1 errors: "King Abdullah II" as LOC (the title stays outside, the
# name is PER as in sentence 1), "Korean Peninsula" as ORG, "Allies" (a
# capitalised common word after a curly quote) as ORG.
ents=$("$JQ" -c '[.annotations.entity[] | [.text, .label]]' "$WORK/seed.out")
case $ents in
*'"King Abdullah II"'*) not_ok "seed: King outside the name" ;;
*) ok "seed: King outside the name" ;;
esac
n=$(printf '%s' "$ents" | "$JQ" '[.[] | select(. == ["Abdullah II", "PER"])] | length')
expect_eq "seed: Abdullah II is PER twice" 2 "$n"
expect_eq "seed: Korean Peninsula is LOC" 1 "$(printf '%s' "$ents" | "$JQ" '[.[] | select(. == ["Korean Peninsula", "LOC"])] | length')"
expect_eq "seed: Allies is no entity" 0 "$(printf '%s' "$ents" | "$JQ" '[.[] | select(.[0] == "Allies")] | length')"

finish
