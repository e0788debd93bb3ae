#!/bin/sh
# Memory grows with the text at a bounded rate: peak RSS (the run and its
# worker, -j 1) for a 0.5 MB and a 2 MB document, for news-like text and for
# pathological text (currency symbols; "Ab1$.,"), through each shipped
# stage.  The growth per input byte, (RSS(2 MB) - RSS(0.5 MB)) / 1.5 MB,
# must stay under a limit per pipeline, so growth like 700 bytes of RSS per
# input byte is caught.  The figures are printed.
#
# Limits (bytes of RSS per byte of text): 128 for the core with sentences,
# currency or summary, 200 through ner.  Measured: sentences 18 (news) to
# 45 (pathological), summary up to 97, ner 43 (news) to 122 (pathological;
# 693 before its per-sentence scratch was bounded and unknown words shared).
. "$TESTS_SRCDIR/e2e/lib.sh"

if [ -n "${ASAN_OPTIONS:-}" ]; then
    echo "SKIP: resident memory under AddressSanitizer says nothing about the program's"
    exit 77
fi
if [ ! -x /usr/bin/time ]; then
    echo "SKIP: /usr/bin/time is not installed (Debian package time)"
    exit 77
fi
"$PYTHON3" - "$WORK" <<'EOF'
import json, sys
work = sys.argv[1]
units = {
    'news': 'The Prime Minister said on Tuesday that the economy grew 2.5% to $1.2 trillion, and Mr. Smith agreed. ',
    'symbols': '\u20ac\u00a3\u00a5$',
    'letters': 'Ab1$.,',
}
for name, unit in units.items():
    for label, size in (('small', 512 * 1024), ('large', 2048 * 1024)):
        n = size // len(unit.encode()) + 1
        with open('%s/%s-%s.jsonl' % (work, name, label), 'w') as f:
            f.write(json.dumps({'id': name, 'text': unit * n}, ensure_ascii=False) + '\n')
EOF

# rss CONFIG FILE: peak RSS in KB of a -j 1 run.
rss() {
    /usr/bin/time -f '%M' -o "$WORK/rss" "$TEXTPIPE" run -c "$1" -j 1 --quiet --doc-timeout 0 --worker-memory 0 \
        -o "$WORK/rss.out" "$2" 2>"$WORK/err"
    tail -1 "$WORK/rss"
}

for stages in "sentences" "sentences currency" "sentences summary" "sentences ner"; do
    c=""
    for p in $stages; do c="$c { plugin = \"$p\"; },"; done
    cfgfile=$(cfg "mem.cfg" "stages = ( ${c%,} );")
    case $stages in *ner*) limit=200 ;; *) limit=128 ;; esac
    for text in news symbols letters; do
        small=$(rss "$cfgfile" "$WORK/$text-small.jsonl")
        large=$(rss "$cfgfile" "$WORK/$text-large.jsonl")
        # KB per 1.5 MB of text -> bytes per byte.
        per=$(((large - small) * 1024 / (1536 * 1024)))
        echo "# $stages, $text: ${small} KB at 0.5 MB, ${large} KB at 2 MB: $per bytes of RSS per input byte"
        if [ "$per" -le "$limit" ]; then
            ok "$stages, $text: $per B/B (limit $limit)"
        else
            not_ok "$stages, $text: RSS growth per input byte" "$per B/B, limit $limit"
        fi
    done
done

finish
