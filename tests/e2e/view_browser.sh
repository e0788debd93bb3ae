#!/bin/sh
# The page in headless Chromium (skipped without it): after the page's
# script ran, the DOM still holds every span of every layer once, with its
# text; a screenshot shows the highlights; what the browser draws meets WCAG
# AA contrast and the legend's switches work; hostile records run no script
# (with the page's Content-Security-Policy and without it); pagination shows
# one page at a time and follows links to documents on other pages; the
# print style makes a PDF.  The seed article: view_seed.sh.
. "$TESTS_SRCDIR/e2e/lib.sh"
. "$TESTS_SRCDIR/e2e/view/chromium.sh"

keep=$TOP_BUILDDIR/tests/e2e
mkdir -p "$keep"

# ---- A small batch: the samples through the default pipeline and a layer
# of a plugin of our own (any layer is drawn).
cp "$TOP_SRCDIR/conf/default.cfg" "$WORK/default.cfg"
c=$(cfg batch.cfg "base = {
  @include \"default.cfg\"
};
extra_stages = ( { plugin = \"testwords\"; options = { min_len = 9; }; } );")
tp run -c "$c" --quiet -o "$WORK/batch.jsonl" "$TOP_SRCDIR/samples"
expect_rc "the samples through the default pipeline" 0
tp run -c "$c" --quiet --format html -o "$keep/view-batch.html" "$TOP_SRCDIR/samples"
expect_rc "the samples as a page" 0
dom "$keep/view-batch.html" "$WORK/batch-dom.html"
expect_check "batch: the DOM in Chromium holds every span, with its text" spans "$WORK/batch-dom.html" "$WORK/batch.jsonl"
for layer in entity money sentence word; do
    n=$("$JQ" -s "[.[].annotations.$layer // [] | length] | add" "$WORK/batch.jsonl")
    expect_eq "batch: $layer elements in the DOM = $layer spans in the records ($n)" "$layer $n" \
        "$(grep "^$layer " "$WORK/check" || echo "$layer 0")"
done
shot "$keep/view-batch.html" "$keep/view-batch.png" 1200,1600
# The colours that must show: money, the word layer, and each entity label found.
colours="#cdeff0 #ffe0c2"
for pair in PER:#ffdde1 ORG:#d9e8ff LOC:#d5f2dc; do
    label=${pair%%:*}
    [ "$("$JQ" -s "[.[0].annotations.entity // [] | .[] | select(.label == \"$label\")] | length" "$WORK/batch.jsonl")" -gt 0 ] &&
        colours="$colours ${pair#*:}"
done
expect_check "batch: a screenshot with the highlights ($colours)" png "$keep/view-batch.png" $colours
probe "$keep/view-batch.html" "$WORK/batch-probe.html"
expect_check "batch: WCAG AA contrast of all text drawn; the switches work; print rules" probe "$WORK/batch-probe.html"
chrome --no-pdf-header-footer --print-to-pdf="$WORK/batch.pdf" "file://$keep/view-batch.html" >/dev/null
expect_eq "batch: prints to PDF" "%PDF" "$(head -c 4 "$WORK/batch.pdf" 2>/dev/null)"

# ---- Hand-made layers, sentences shown: crossing spans in the browser.
tp view --sentences -o "$WORK/layers.html" "$V/layers.jsonl"
dom "$WORK/layers.html" "$WORK/layers-dom.html"
expect_check "layers: the DOM holds every span, fragments well nested" spans "$WORK/layers-dom.html" "$V/layers.jsonl"
probe "$WORK/layers.html" "$WORK/layers-probe.html"
expect_check "layers: contrast (sentence numbers shown); the switches work" probe "$WORK/layers-probe.html"

# ---- Hostile records run nothing: with the page's Content-Security-Policy,
# and - escaping alone - without it.
tp view -o "$WORK/hostile.html" "$V/hostile.jsonl"
dom "$WORK/hostile.html" "$WORK/hostile-dom.html"
expect_eq "hostile: no payload ran" 0 "$(grep -oF 'data-pwned="' "$WORK/hostile-dom.html" | wc -l | tr -d ' ')"
expect_check "hostile: the DOM has only the page's own elements" safe "$WORK/hostile-dom.html"
expect_check "hostile: the payloads are text" spans "$WORK/hostile-dom.html" "$V/hostile.jsonl"
sed 's/<meta http-equiv="Content-Security-Policy"[^>]*>//' "$WORK/hostile.html" >"$WORK/hostile-nocsp.html"
dom "$WORK/hostile-nocsp.html" "$WORK/hostile-nocsp-dom.html"
expect_eq "hostile, without the CSP: no payload ran" 0 \
    "$(grep -oF 'data-pwned="' "$WORK/hostile-nocsp-dom.html" | wc -l | tr -d ' ')"

# ---- A large batch stays usable: one page of 100 at a time.
i=0
while [ $i -lt 250 ]; do
    if [ $((i % 50)) -eq 7 ]; then
        printf '{"id":"n%d","error":{"stage":"ner","code":"timeout","message":"slow"}}\n' $i
    else
        printf '{"id":"n%d","text":"Item %d costs $5.","annotations":{"money":[{"start":%d,"end":%d,"text":"$5","amount":5,"currency":"USD"}]}}\n' \
            $i $i $((12 + ${#i})) $((14 + ${#i}))
    fi
    i=$((i + 1))
done >"$WORK/many.jsonl"
tp view -o "$WORK/many.html" "$WORK/many.jsonl"
dom "$WORK/many.html" "$WORK/many-dom.html"
expect_eq "250 documents: page 1 shown; pages 2 and 3 and their index rows hidden" "1 2,3 2,3" \
    "$("$PY" "$V/check.py" shown "$WORK/many-dom.html")"
expect_check "250 documents: every span is in the DOM (pages are hidden, not left out)" \
    spans "$WORK/many-dom.html" "$WORK/many.jsonl"
dom "$WORK/many.html" "$WORK/many-dom2.html" "#d150"
expect_eq "a link to document 150 shows page 2" "2 1,3 1,3" "$("$PY" "$V/check.py" shown "$WORK/many-dom2.html")"
dom "$WORK/many.html" "$WORK/many-dom3.html" "#page-3"
expect_eq "a link to page 3 shows it" "3 1,2 1,2" "$("$PY" "$V/check.py" shown "$WORK/many-dom3.html")"
# Scripts off (Chromium's own switch also stops --dump-dom): the page without its one script.
"$PY" -c 'import re, sys; s = open(sys.argv[1]).read(); open(sys.argv[2], "w").write(re.sub(r"<script>.*?</script>", "", s, flags=re.S))' \
    "$WORK/many.html" "$WORK/many-noscript.html"
dom "$WORK/many-noscript.html" "$WORK/many-nojs.html"
expect_eq "scripts off: every page and index row shown" "- - -" "$("$PY" "$V/check.py" shown "$WORK/many-nojs.html")"
expect_eq "scripts off: the page is not marked for the script" 1 "$(grep -c '<html lang="en">' "$WORK/many-nojs.html")"
expect_check "scripts off: every span" spans "$WORK/many-nojs.html" "$WORK/many.jsonl"
probe "$WORK/many.html" "$WORK/many-probe.html"
expect_check "250 documents: contrast of the pager and error rows" probe "$WORK/many-probe.html"

finish
