#!/bin/sh
# Dev ROUGE of the summary stage beside Lead-3 on the three shared dev files,
# as the work is judged: textpipe with conf/default.cfg, score_output.py
# summ, rouge.py; Lead-3 is shared/tools/lead_n.py.  Extra arguments go to
# textpipe run (e.g. --set summary.sentences=2).
#
#   sh plugins/summary/dev/score.sh BUILD_DIR [SHARED_DIR] [TEXTPIPE ARGS...]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: score.sh BUILD_DIR [SHARED_DIR] [ARGS...]}" && pwd)
shift
shared=$top/../shared
if [ $# -gt 0 ] && [ -d "$1/data" ]; then shared=$1; shift; fi
work=$(mktemp -d "${TMPDIR:-/tmp}/summary-score.XXXXXX")
trap 'rm -rf "$work"' EXIT

fig() {
    python3 "$shared/tools/rouge.py" --pred "$1" --ref "$2" --json |
        python3 -c 'import json, sys; r = json.load(sys.stdin); print("%.2f / %.2f / %.2f" % tuple(100 * r[k] for k in ("rouge1", "rouge2", "rougeLsum")))'
}

printf '%-18s %-24s %s\n' "file" "summary R-1/R-2/R-Lsum" "Lead-3 R-1/R-2/R-Lsum"
for f in cnndm_dev cnndm_raw250_dev bbc_dev; do
    gold=$shared/data/summ/$f.jsonl
    TEXTPIPE_PLUGIN_PATH=$build/plugins TEXTPIPE_DATA_DIR=$top/plugins \
        "$build/textpipe" run --quiet -c "$top/conf/default.cfg" "$@" "$gold" >"$work/$f.out"
    python3 "$shared/tools/score_output.py" summ "$gold" "$work/$f.out" "$work/$f.pred"
    python3 "$shared/tools/lead_n.py" --in "$gold" --out "$work/$f.lead" 2>/dev/null
    printf '%-18s %-24s %s\n' "$f" "$(fig "$work/$f.pred" "$gold")" "$(fig "$work/$f.lead" "$gold")"
done
