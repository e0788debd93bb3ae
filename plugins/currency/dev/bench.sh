#!/bin/sh
# Scan speed on news text beside `wc -w` on the same bytes (one core each).
# usage: bench.sh BUILD_DIR [CORPUS.jsonl]
set -e
B=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
CORPUS=${2:-${SHARED:-/work/shared}/data/summ/cnndm_dev.jsonl}
# the same texts as plain text, repeated to ~40 MB so wc -w runs long enough
python3 - "$CORPUS" "$B/bench.txt" <<'PY'
import json, sys
texts = [json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
one = '\n\n'.join(texts) + '\n\n'
reps = max(1, (40 << 20) // len(one.encode('utf-8')))
with open(sys.argv[2], 'w', encoding='utf-8') as o:
    o.write(one * reps)
PY
BYTES=$(wc -c < "$B/bench.txt")
# wc -w: best of 5 runs, CPU time (user+sys) of the child, file in the page cache
cat "$B/bench.txt" > /dev/null
python3 - "$B/bench.txt" "$BYTES" <<'PY'
import os, subprocess, sys
best = 1e9
for _ in range(5):
    t0 = os.times()
    subprocess.run(['wc', '-w', sys.argv[1]], check=True, capture_output=True)
    t1 = os.times()
    best = min(best, (t1.children_user - t0.children_user) + (t1.children_system - t0.children_system))
print('{"tool":"wc -w","bytes":%s,"cpu_seconds":%.3f,"mb_per_s":%.1f}' % (sys.argv[2], best, int(sys.argv[2]) / best / 1e6))
PY
"$B/money_dev" --data "$HERE/../data" bench "$B/bench.txt" 3
