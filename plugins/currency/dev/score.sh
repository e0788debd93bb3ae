#!/bin/sh
# Scores the dev driver on the shared money files and the seed article.
# usage: score.sh BUILD_DIR   (PRED files go to $BUILD/pred-*.jsonl)
set -e
B=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED:-/work/shared}
M=$SHARED/data/money
S=$SHARED/tools/score_output.py
for f in recognizers_en duckling_en duckling_en_locales; do
    "$B/money_dev" --data "$HERE/../data" jsonl "$M/$f.jsonl" > "$B/pred-$f.jsonl"
    printf '%-22s ' "$f"
    python3 "$S" money "$M/$f.jsonl" "$B/pred-$f.jsonl"
done
# 61 news sentences written for this plugin (dev/news_cases.jsonl)
"$B/money_dev" --data "$HERE/../data" jsonl "$HERE/news_cases.jsonl" > "$B/pred-news.jsonl"
printf '%-22s ' "news_cases"
python3 "$S" money "$HERE/news_cases.jsonl" "$B/pred-news.jsonl"
# the seed article: gold JSON -> one-line gold JSONL for the scorer
python3 - "$SHARED/data/seed" "$B" <<'PY'
import json, sys
seed, b = sys.argv[1], sys.argv[2]
g = json.load(open(seed + '/nato-ministers.gold.json'))
text = open(seed + '/nato-ministers.txt', encoding='utf-8').read()
with open(b + '/gold-nato.jsonl', 'w') as o:
    o.write(json.dumps({'id': g['id'], 'text': text, 'expected': g['money']}) + '\n')
PY
# default: the $ is read from the EUR amount it converts (AUD, as the gold says)
"$B/money_dev" --data "$HERE/../data" text "$SHARED/data/seed/nato-ministers.txt" nato-ministers > "$B/pred-nato.jsonl"
printf '%-22s ' "nato (default)"
python3 "$S" money "$B/gold-nato.jsonl" "$B/pred-nato.jsonl" --dollar AUD
for d in USD AUD; do
    "$B/money_dev" --data "$HERE/../data" --no-infer --dollar $d text "$SHARED/data/seed/nato-ministers.txt" nato-ministers > "$B/pred-nato-$d.jsonl"
    printf '%-22s ' "nato (no-infer, $d)"
    python3 "$S" money "$B/gold-nato.jsonl" "$B/pred-nato-$d.jsonl" --dollar $d
done
