#!/bin/sh
# The ner stage: entities with labels and scores, a newsroom gazetteer, a
# corrupt or truncated model reported at init with its path, training that
# is deterministic for a seed, and textpipe eval's arithmetic.
. "$TESTS_SRCDIR/e2e/lib.sh"

c=$(cfg ner.cfg 'stages = ( { plugin = "sentences"; }, { plugin = "ner"; } );')
printf 'Angela Merkel met Emmanuel Macron in Berlin on Tuesday, the German government said.\n' >"$WORK/a.txt"
tp run -c "$c" --quiet "$WORK/a.txt"
expect_rc "ner" 0
expect_eq "entities and labels" '[["Angela Merkel","PER"],["Emmanuel Macron","PER"],["Berlin","LOC"],["German","MISC"]]' \
    "$(jqo '[.annotations.entity[] | [.text, .label]]')"
if jqo '[.annotations.entity[].score] | all(. > 0 and . <= 1)' | grep -q true; then ok "scores in (0, 1]"; else not_ok "scores in (0, 1]"; fi

# A gazetteer forces its names (and O keeps one untagged).
printf 'Kestrel Quay\tORG\nBerlin\tO\n' >"$WORK/gaz.tsv"
printf 'Kestrel Quay said profits rose in Berlin.\n' >"$WORK/b.txt"
tp run -c "$c" --quiet --set "ner.gazetteer=$WORK/gaz.tsv" "$WORK/b.txt"
expect_eq "gazetteer entries tagged as listed" '[["Kestrel Quay","ORG",1]]' "$(jqo '[.annotations.entity[] | [.text, .label, .score]]')"
printf 'Kestrel Quay\tCOMPANY\n' >"$WORK/badgaz.tsv"
tp run -c "$c" --quiet --set "ner.gazetteer=$WORK/badgaz.tsv" "$WORK/b.txt"
expect_rc "a bad gazetteer" 2
expect_err "a bad gazetteer names file and line" "badgaz.tsv:1"

# A bracket the name itself opens stays in it; a stray one is trimmed.
printf 'Rad (B)\tORG\nKestrel)\tORG\n' >"$WORK/brgaz.tsv"
printf 'Zemun beat Rad (B) and Kestrel) in Belgrade.\n' >"$WORK/br.txt"
tp run -c "$c" --quiet --set "ner.gazetteer=$WORK/brgaz.tsv" "$WORK/br.txt"
expect_eq "brackets in names" '["Rad (B)","Kestrel"]' "$(jqo -c '[.annotations.entity[] | select(.text | startswith("Rad") or startswith("Kestrel")) | .text]')"

# Damaged model files: a clear error at init naming the path, never a crash.
model="$TOP_SRCDIR/plugins/ner/data/ner-conll03-en.model"
head -c 100000 "$model" >"$WORK/truncated.model"
tp run -c "$c" --quiet --set "ner.model=$WORK/truncated.model" "$WORK/a.txt"
expect_rc "truncated model" 2
expect_err "truncated model: the path" "$WORK/truncated.model"
cp "$model" "$WORK/corrupt.model"
printf 'XXXXXXXX' | dd of="$WORK/corrupt.model" bs=1 seek=5000 conv=notrunc 2>/dev/null
tp run -c "$c" --quiet --set "ner.model=$WORK/corrupt.model" "$WORK/a.txt"
expect_rc "corrupt model" 2
expect_err "corrupt model: the path" "$WORK/corrupt.model"
printf 'not a model at all\n' >"$WORK/text.model"
tp run -c "$c" --quiet --set "ner.model=$WORK/text.model" "$WORK/a.txt"
expect_rc "not a model" 2
tp run -c "$c" --quiet --set "ner.model=$WORK/absent.model" "$WORK/a.txt"
expect_err "missing model: the path" "$WORK/absent.model"

# Training: deterministic for a seed; the model it writes loads and runs.
mini="$TESTS_SRCDIR/e2e/ner/mini.conll"
"$TEXTPIPE" train ner --train "$mini" --out "$WORK/m1.model" --seed 7 --models 1 --folds 2 --epochs 3 --epochs2 3 --bits 12 >"$WORK/train1" 2>&1
rc=$?
expect_rc "textpipe train ner" 0
"$TEXTPIPE" train ner --train "$mini" --out "$WORK/m2.model" --seed 7 --models 1 --folds 2 --epochs 3 --epochs2 3 --bits 12 >"$WORK/train2" 2>&1
if cmp -s "$WORK/m1.model" "$WORK/m2.model"; then ok "same seed, same model bytes"; else not_ok "same seed, same model bytes"; fi
"$TEXTPIPE" train ner --train "$mini" --out "$WORK/m3.model" --seed 8 --models 1 --folds 2 --epochs 3 --epochs2 3 --bits 12 >"$WORK/train3" 2>&1
if cmp -s "$WORK/m1.model" "$WORK/m3.model"; then not_ok "another seed, another model"; else ok "another seed, another model"; fi
expect_err_file() { # NAME FILE TEXT: FILE holds TEXT
    if grep -qF -- "$3" "$2"; then ok "$1"; else not_ok "$1 (no \"$3\" in $2)"; fi
}
expect_err_file "training uses the shipped name lists" "$WORK/train1" "name lists from"
# Name lists as features: a folder of lists, "none", or a missing folder.
mkdir -p "$WORK/lists"
printf '# test list\nAnna Berg\nOslo\n' >"$WORK/lists/a-test.txt"
"$TEXTPIPE" train ner --train "$mini" --out "$WORK/m4.model" --gazetteers "$WORK/lists" --seed 7 --models 1 --folds 2 --epochs 3 --epochs2 3 --bits 12 >"$WORK/train4" 2>&1
rc=$?
expect_rc "train with --gazetteers" 0
expect_err_file "train --gazetteers compiles the lists" "$WORK/train4" "2 names in 1 lists: a-test"
if cmp -s "$WORK/m1.model" "$WORK/m4.model"; then not_ok "other lists, another model"; else ok "other lists, another model"; fi
"$TEXTPIPE" train ner --train "$mini" --out "$WORK/m5.model" --gazetteers none --seed 7 --models 1 --folds 2 --epochs 3 --epochs2 3 --bits 12 >"$WORK/train5" 2>&1
rc=$?
expect_rc "train with --gazetteers none" 0
expect_err_file "--gazetteers none: no lists" "$WORK/train5" "0 names in 0 lists"
"$TEXTPIPE" train ner --train "$mini" --out "$WORK/m6.model" --gazetteers "$WORK/no-such-lists" --models 1 --folds 2 --epochs 1 --epochs2 1 --bits 12 >"$WORK/train6" 2>&1
rc=$?
expect_rc "train with a missing list folder" 1
expect_err_file "a missing list folder is named" "$WORK/train6" "$WORK/no-such-lists"
# Up to twelve lists (the shipped model has eleven); a thirteenth is refused.
mkdir -p "$WORK/lists12"
for k in 01 02 03 04 05 06 07 08 09 10 11 12; do printf 'Anna Berg\nOslo %s\n' "$k" >"$WORK/lists12/l$k.txt"; done
"$TEXTPIPE" train ner --train "$mini" --out "$WORK/m7.model" --gazetteers "$WORK/lists12" --seed 7 --models 1 --folds 2 --epochs 1 --epochs2 1 --bits 12 >"$WORK/train7" 2>&1
rc=$?
expect_rc "train with twelve lists" 0
expect_err_file "twelve lists compiled" "$WORK/train7" "13 names in 12 lists"
printf 'Bergen\n' >"$WORK/lists12/l13.txt"
"$TEXTPIPE" train ner --train "$mini" --out "$WORK/m8.model" --gazetteers "$WORK/lists12" --models 1 --folds 2 --epochs 1 --epochs2 1 --bits 12 >"$WORK/train8" 2>&1
rc=$?
expect_rc "train with thirteen lists" 1
expect_err_file "thirteen lists refused" "$WORK/train8" "at most 12 lists"
printf 'Anna Berg flew to Oslo.\n' >"$WORK/c.txt"
tp run -c "$c" --quiet --set "ner.model=$WORK/m1.model" "$WORK/c.txt"
expect_rc "a trained model runs" 0
"$TEXTPIPE" train ner --help >"$WORK/out" 2>&1
expect_out "train --help" "--train FILE"

# textpipe eval: P/R/F1 from counts worked out by hand.  Gold: 4 entities;
# predicted: 2 exact, 1 with the wrong label, 1 with the wrong end, 1 extra.
printf '%s\n' '{"id":"d1","text":"Ann met Bob in Rome and Paris.","entities":[{"start":0,"end":3,"type":"PER"},{"start":8,"end":11,"type":"PER"},{"start":15,"end":19,"type":"LOC"},{"start":24,"end":29,"type":"LOC"}]}' >"$WORK/gold.jsonl"
printf '%s\n' '{"id":"d1","annotations":{"entity":[{"start":0,"end":3,"label":"PER"},{"start":8,"end":11,"label":"ORG"},{"start":15,"end":19,"label":"LOC"},{"start":24,"end":30,"label":"LOC"},{"start":4,"end":7,"label":"MISC"}]}}' >"$WORK/pred.jsonl"
tp eval --layer entity --gold "$WORK/gold.jsonl" --json "$WORK/pred.jsonl"
expect_rc "textpipe eval" 0
# tp=2 fp=3 fn=2: P=40.00 R=50.00 F1=44.44; LOC tp1 fp1 fn1: 50/50/50; PER tp1 fn1: 100/50/66.67
expect_eq "overall P/R/F1" '[40,50,44.44]' "$(jqo -c '[.p,.r,.f1]')"
expect_eq "per label F1" '{"LOC":50,"MISC":0,"ORG":0,"PER":66.67}' "$(jqo -c '.per_label | map_values(.f1)')"
tp eval --layer entity --gold "$WORK/gold.jsonl" --types PER --json "$WORK/pred.jsonl"
expect_eq "--types" '[100,50,66.67]' "$(jqo -c '[.p,.r,.f1]')"
tp eval --layer entity "$WORK/pred.jsonl"
expect_rc "eval without --gold" 2

finish
