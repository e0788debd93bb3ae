#!/bin/sh
# Named entities on CoNLL-2003 development data and the seed article
# (issue 5): eng.testa F1 >= 92 on the given tokens, >= 90 on raw text
# through sentences -> ner, seed PER/ORG/LOC F1 >= 90; textpipe eval agrees
# with the shared scorer.
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
at_least "eng.testa F1 on the given tokens" 92 "$f1"

# Raw text through the sentences -> ner pipeline, character offsets.
c=$(cfg ner.cfg 'stages = ( { plugin = "sentences"; }, { plugin = "ner"; } );')
"$TEXTPIPE" run -c "$c" --quiet "$C/testa_docs.jsonl" >"$WORK/raw.out" 2>"$WORK/err"
r=$($SCORE ner "$C/testa_docs.jsonl" "$WORK/raw.out")
echo "# testa_docs.jsonl, raw text: $r"
at_least "testa raw-text F1" 90 "$(json_get "$r" f1)"
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
at_least "seed PER/ORG/LOC F1" 90 "$(json_get "$r" f1)"

finish
