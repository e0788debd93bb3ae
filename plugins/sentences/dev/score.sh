#!/bin/sh
# Accuracy figures: GRS-48, GRS-52 (per-case options / all hard / all soft) and
# the seed article.  From plugins/sentences, after `make -f dev/dev.mk`:
#     sh dev/score.sh
set -e
B=${B:-/tmp/sbd-build}
W=${W:-/tmp/sbd-work}
SHARED=${SHARED:-/work/shared}
D=$B/sbd_dev
S="python3 $SHARED/tools/score_output.py sbd"
G=$SHARED/data/sbd/golden_rules_en.jsonl
mkdir -p "$W"
$D --honor-options pred "$G" > "$W/grs_pred.jsonl"
$D pred "$G" > "$W/grs_pred_hard.jsonl"
$D --soft pred "$G" > "$W/grs_pred_soft.jsonl"
printf 'GRS-48 (per-case options): '; $S "$G" "$W/grs_pred.jsonl" --grs48
printf 'GRS-52 (per-case options): '; $S "$G" "$W/grs_pred.jsonl"
printf 'GRS-52 (all hard):         '; $S "$G" "$W/grs_pred_hard.jsonl"
printf 'GRS-52 (all soft):         '; $S "$G" "$W/grs_pred_soft.jsonl"
# 40 news sentences written for this splitter (dev/news_cases.jsonl)
$D pred dev/news_cases.jsonl > "$W/news_pred.jsonl"
printf 'news cases (ours):         '; $S dev/news_cases.jsonl "$W/news_pred.jsonl"
# the seed gold file is one JSON object: make a one-line gold record
python3 - "$SHARED/data/seed/nato-ministers.gold.json" "$SHARED/data/seed/nato-ministers.txt" "$W/seed_gold.jsonl" <<'PY'
import json, sys
g = json.load(open(sys.argv[1], encoding="utf-8"))
t = open(sys.argv[2], encoding="utf-8").read()
assert all(t[s["start"]:s["end"]] == s["text"] for s in g["sentences"])
with open(sys.argv[3], "w", encoding="utf-8") as o:
    o.write(json.dumps({"id": g["id"], "text": t, "sentences": [s["text"] for s in g["sentences"]]}, ensure_ascii=False) + "\n")
PY
$D pred "$W/seed_gold.jsonl" > "$W/seed_pred.jsonl"
printf 'seed nato-ministers:       '; $S "$W/seed_gold.jsonl" "$W/seed_pred.jsonl"
python3 - "$W/seed_gold.jsonl" "$W/seed_pred.jsonl" <<'PY'
import json, sys
g = json.loads(open(sys.argv[1]).readline()); p = json.loads(open(sys.argv[2]).readline())
got = [s["text"] for s in p["annotations"]["sentence"]]
print("seed sentences: %d predicted, %d gold, %d exact" % (len(got), len(g["sentences"]), sum(a == b for a, b in zip(got, g["sentences"]))))
PY
