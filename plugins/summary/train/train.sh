#!/bin/sh
# Retrains data/summary_model.tsv from shared/data/summ/cnndm_train.jsonl.gz:
# the stages before summary (dev/tokens.cfg) over the training articles,
# the C library's features (summary_dev features), then train_summary.py.
#
#   sh plugins/summary/train/train.sh BUILD_DIR [SHARED_DIR] [ARGS...]
#
# BUILD_DIR is a configured build tree (make there first, and
# `make plugins/summary/summary_dev`); SHARED_DIR defaults to ../shared
# beside the checkout.  ARGS go to train_summary.py (--valid-from 8000 to
# hold out the last 1393 articles and report on them; --out FILE to write
# elsewhere than data/summary_model.tsv).  About five minutes on one core.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: train.sh BUILD_DIR [SHARED_DIR] [ARGS...]}" && pwd)
shift
shared=$top/../shared
if [ $# -gt 0 ] && [ -d "$1/data" ]; then shared=$1; shift; fi
shared=$(cd "$shared" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/summary-train.XXXXXX")
trap 'rm -rf "$work"' EXIT

out=$here/data/summary_model.tsv
gzip -dc "$shared/data/summ/cnndm_train.jsonl.gz" >"$work/train.jsonl"
TEXTPIPE_PLUGIN_PATH=$build/plugins TEXTPIPE_DATA_DIR=$top/plugins \
    "$build/textpipe" run --quiet --offsets bytes -c "$here/dev/tokens.cfg" "$work/train.jsonl" >"$work/tp.jsonl"
"$build/plugins/summary/summary_dev" --stopwords "$here/data/stopwords_en.txt" features "$work/tp.jsonl" >"$work/feat.tsv"
python3 "$here/train/train_summary.py" --features "$work/feat.tsv" --docs "$work/tp.jsonl" \
    --gold "$work/train.jsonl" --rouge "$shared/tools/rouge.py" --out "$out" "$@"
