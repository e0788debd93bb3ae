#!/bin/sh
# The seed article as a page (shared data: skipped without TEXTPIPE_SHARED).
# The default pipeline's page marks exactly the entities and money amounts
# of its records; the gold file's annotations drawn on the article give the
# gold counts.  In headless Chromium (when installed) the DOM holds the same
# numbers, and the screenshot (kept as tests/e2e/view-seed.png in the build
# tree), the contrast and the print style are checked.
. "$TESTS_SRCDIR/e2e/lib.sh"

PY=${PYTHON3:-python3}
command -v "$PY" >/dev/null 2>&1 || { echo "SKIP: python3 checks the pages"; exit 77; }
seed=${TEXTPIPE_SHARED:-/nonexistent}/data/seed/nato-ministers.txt
gold=${TEXTPIPE_SHARED:-/nonexistent}/data/seed/nato-ministers.gold.json
if [ -z "${TEXTPIPE_SHARED:-}" ] || [ ! -f "$seed" ] || [ ! -f "$gold" ]; then
    echo "SKIP: the seed article is shared data (set TEXTPIPE_SHARED)"
    exit 77
fi
V=$TESTS_SRCDIR/e2e/view
keep=$TOP_BUILDDIR/tests/e2e
mkdir -p "$keep"
expect_check() {
    name=$1
    shift
    if "$PY" "$V/check.py" "$@" >"$WORK/check" 2>&1; then ok "$name"; else not_ok "$name" "$(head -c 1500 "$WORK/check")"; fi
}
# layer_count LAYER: its line in the last check's output ("LAYER N").
layer_count() {
    grep "^$1 " "$WORK/check" || echo "$1 0"
}

# ---- The default pipeline.
tp run --quiet -o "$WORK/seed.jsonl" "$seed"
expect_rc "the seed article through the default pipeline" 0
tp run --quiet --format html -o "$keep/view-seed.html" "$seed"
expect_rc "the seed article as a page" 0
expect_check "seed: every span marked once, with its text" spans "$keep/view-seed.html" "$WORK/seed.jsonl"
expect_check "seed: well-formed" wellformed "$keep/view-seed.html"
expect_check "seed: only the page's own markup" safe "$keep/view-seed.html"
tp view -o "$WORK/seed.html" "$WORK/seed.jsonl"
expect_check "seed, view of the records: every span" spans "$WORK/seed.html" "$WORK/seed.jsonl"
expect_eq "entities marked = entities in the records" \
    "entity $("$JQ" '.annotations.entity // [] | length' "$WORK/seed.jsonl")" "$(layer_count entity)"
expect_eq "money amounts marked = money in the records" \
    "money $("$JQ" '.annotations.money // [] | length' "$WORK/seed.jsonl")" "$(layer_count money)"

# ---- The gold annotations, drawn on the article.
"$PY" "$V/check.py" gold "$seed" "$gold" >"$WORK/gold.jsonl"
tp view -o "$WORK/gold.html" "$WORK/gold.jsonl"
expect_rc "view the gold annotations" 0
expect_check "gold: every span marked once, with its text" spans "$WORK/gold.html" "$WORK/gold.jsonl"
for pair in entity:entities money:money sentence:sentences; do
    expect_eq "gold: ${pair%%:*} elements = the gold file's ${pair#*:}" \
        "${pair%%:*} $("$JQ" ".${pair#*:} | length" "$gold")" "$(layer_count "${pair%%:*}")"
done

# ---- In Chromium.
for c in ${CHROMIUM_BIN:-} chromium chromium-browser google-chrome; do
    command -v "$c" >/dev/null 2>&1 && have_chromium=1 && break
done
if [ -z "${have_chromium:-}" ]; then
    echo "# chromium is not installed: the browser checks are skipped"
    [ "$failures" -eq 0 ] && { echo "1..$checks"; exit 77; }
    finish
fi
. "$TESTS_SRCDIR/e2e/view/chromium.sh"
dom "$keep/view-seed.html" "$WORK/seed-dom.html"
expect_check "seed in Chromium: the DOM holds every span" spans "$WORK/seed-dom.html" "$WORK/seed.jsonl"
expect_eq "seed in Chromium: marked entities" \
    "entity $("$JQ" '.annotations.entity // [] | length' "$WORK/seed.jsonl")" "$(layer_count entity)"
expect_eq "seed in Chromium: money spans" \
    "money $("$JQ" '.annotations.money // [] | length' "$WORK/seed.jsonl")" "$(layer_count money)"
dom "$WORK/gold.html" "$WORK/gold-dom.html"
expect_check "gold in Chromium: the DOM holds every span" spans "$WORK/gold-dom.html" "$WORK/gold.jsonl"
expect_eq "gold in Chromium: marked entities" "entity $("$JQ" '.entities | length' "$gold")" "$(layer_count entity)"
expect_eq "gold in Chromium: money spans" "money $("$JQ" '.money | length' "$gold")" "$(layer_count money)"
shot "$keep/view-seed.html" "$keep/view-seed.png" 1200,1800
colours="#cdeff0"
for pair in PER:#ffdde1 ORG:#d9e8ff LOC:#d5f2dc MISC:#ece0ff; do
    [ "$("$JQ" "[.annotations.entity // [] | .[] | select(.label == \"${pair%%:*}\")] | length" "$WORK/seed.jsonl")" -gt 0 ] &&
        colours="$colours ${pair#*:}"
done
expect_check "seed: a screenshot showing the highlights ($colours)" png "$keep/view-seed.png" $colours
probe "$keep/view-seed.html" "$WORK/seed-probe.html"
expect_check "seed: WCAG AA contrast of all text drawn; the switches work; print rules" probe "$WORK/seed-probe.html"
chrome --no-pdf-header-footer --print-to-pdf="$keep/view-seed.pdf" "file://$keep/view-seed.html" >/dev/null
expect_eq "seed: prints to PDF" "%PDF" "$(head -c 4 "$keep/view-seed.pdf" 2>/dev/null)"

finish
