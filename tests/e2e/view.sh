#!/bin/sh
# textpipe view and run --format html, the page as written (no browser:
# view_browser.sh and view_seed.sh load pages in Chromium): every span of
# every layer marked once and holding its text, overlaps well nested,
# errors shown as errors, hostile text escaped, the Content-Security-Policy,
# the palette's contrast, pagination, offsets units, the options.
. "$TESTS_SRCDIR/e2e/lib.sh"

PY=${PYTHON3:-python3}
command -v "$PY" >/dev/null 2>&1 || { echo "SKIP: python3 checks the pages"; exit 77; }
V=$TESTS_SRCDIR/e2e/view

# expect_check NAME CHECK ARGS...: tests/e2e/view/check.py CHECK passes.
expect_check() {
    name=$1
    shift
    if "$PY" "$V/check.py" "$@" >"$WORK/check" 2>&1; then ok "$name"; else not_ok "$name" "$(head -c 1500 "$WORK/check")"; fi
}
# expect_out_file NAME TEXT: layers.html contains TEXT.
expect_out_file() {
    if grep -qF -- "$2" "$WORK/layers.html"; then ok "$1"; else not_ok "$1" "the page lacks: $2"; fi
}
# count FILE TEXT: occurrences of TEXT in FILE.
count() {
    grep -oF -- "$2" "$1" | wc -l | tr -d ' '
}

# ---- Hand-made records: every kind of layer, crossing spans, spans that do
# not fit, a span whose text differs, a record without text, an error.
tp view -o "$WORK/layers.html" "$V/layers.jsonl"
expect_rc "view -o" 0
expect_eq "view -o: nothing on stdout" "" "$(cat "$WORK/out")"
expect_eq "view -o: the page, no .part left" "yes no" \
    "$([ -s "$WORK/layers.html" ] && echo yes || echo no) $([ -e "$WORK/layers.html.part" ] && echo yes || echo no)"
expect_check "layers: each span marked once, holding its text; the text whole; errors as errors" \
    spans "$WORK/layers.html" "$V/layers.jsonl"
expect_eq "layers: marked spans per layer" "cursor 1,entity 4,line 1,money 3,quote 2,sentence 3,summary 1" \
    "$(paste -sd, "$WORK/check")"
expect_eq "a CR LF cut by span boundaries is one line break" True \
    "$("$PY" -c 'import re, sys; s = open(sys.argv[1], encoding="utf-8").read(); print("First line.\nSecond line.\n</div>" in re.sub(r"<(?!/div)[^>]*>", "", s))' "$WORK/layers.html")"
expect_check "layers: well-formed, unique ids" wellformed "$WORK/layers.html"
expect_check "layers: only the page's own markup, CSP hashes match" safe "$WORK/layers.html"
expect_eq "crossing spans are cut into fragments" 3 "$(count "$WORK/layers.html" ' data-cont')"
expect_out_file "spans that do not fit are counted" "3 spans not drawn"
expect_out_file "a span whose text differs is outlined" "1 span (outlined) differs"
expect_out_file "money: range and conversion on hover" \
    'data-norm="5,000,000–7,000,000 EUR ≈ 4,250,000–5,950,000 GBP"'
expect_out_file "money: approximate, currency from the configuration" \
    'title="money: 40,000,000,000 USD (approximate)&#10;currency from the configuration'
expect_out_file "a custom layer's features on hover, references resolved" \
    'title="quote[0]&#10;speaker: → entity[0]&#10;kind: indirect"'
expect_out_file "a custom entity label gets its own colour and legend entry" '<span class="sw sw-e4">EVENT</span>'
expect_out_file "summary listed at the top, linking to the text" '<li><a href="#d1-s1">Prime Minister'
expect_out_file "a record without text says so" "This record has no text"
expect_out_file "an error record shows stage, code and message" \
    'in stage <code>ner</code>, code <code>crashed</code></p><p class="msg">the worker crashed'
expect_out_file "the index counts errors" '<th class="st">4 ok, 1 failed</th>'
expect_out_file "a print style" '@media print{'
expect_check "WCAG AA contrast of the style sheet's colour pairs" palette "$WORK/layers.html"

# ---- Hostile records: markup, javascript: URLs and event handlers in the
# text, id, meta, layer names, labels, features and error messages; control
# and bidi characters; lines that are not JSON.
tp view -o "$WORK/hostile.html" "$V/hostile.jsonl"
expect_rc "view hostile.jsonl" 0
expect_check "hostile: only the page's own markup (no script, img, handler or javascript: link)" \
    safe "$WORK/hostile.html"
expect_check "hostile: well-formed" wellformed "$WORK/hostile.html"
expect_check "hostile: the payloads are shown as text, spans intact" spans "$WORK/hostile.html" "$V/hostile.jsonl"
expect_eq "hostile: no markup from the data" "0 0 0" \
    "$(count "$WORK/hostile.html" '<script>document') $(count "$WORK/hostile.html" '<img') $(count "$WORK/hostile.html" '<svg')"
expect_eq "hostile: three error articles (one record, two unreadable lines)" 3 \
    "$(count "$WORK/hostile.html" '<article class="doc error"')"
expect_eq "control characters shown as control pictures" "1 1" \
    "$(count "$WORK/hostile.html" 'bell␇') $(count "$WORK/hostile.html" 'nul-ish␁')"

# ---- Standard input, the options.
tp_in "$(cat "$V/layers.jsonl")" view --sentences --title 'Desk <review>'
expect_rc "view from standard input" 0
expect_eq "the page goes to standard output" "<!DOCTYPE html>" "$(head -n 1 "$WORK/out")"
expect_out "--title, escaped" "<title>Desk &lt;review&gt;</title>"
expect_out "--sentences: sentence numbers shown when the page opens" 'id="t-sent" checked'
tp view "$V/layers.jsonl"
expect_out "default title: the input's name" "<title>textpipe: layers.jsonl</title>"
tp view --page-size 0 "$V/layers.jsonl"
expect_rc "--page-size 0" 2
tp view --offsets words "$V/layers.jsonl"
expect_rc "--offsets words" 2
expect_err "--offsets message" "expected codepoints, bytes or utf16"
tp view "$WORK/missing.jsonl"
expect_rc "a missing input" 3
expect_err "a missing input is named" "missing.jsonl"
tp view -o "$WORK/d.html" "$WORK"
expect_rc "a directory" 3
expect_eq "nothing written after an input error" "no" "$([ -e "$WORK/d.html" ] || [ -e "$WORK/d.html.part" ] && echo yes || echo no)"
tp vieww
expect_err "did you mean view" 'did you mean "view"?'
tp view --help
expect_rc "view --help" 0

# ---- Pagination: 250 documents, 100 a page.
i=0
while [ $i -lt 250 ]; do
    if [ $((i % 50)) -eq 7 ]; then
        printf '{"id":"n%d","error":{"stage":"ner","code":"timeout","message":"slow"}}\n' $i
    else
        printf '{"id":"n%d","text":"Item %d.","annotations":{"w":[{"start":0,"end":4,"text":"Item"}]}}\n' $i $i
    fi
    i=$((i + 1))
done >"$WORK/many.jsonl"
tp view -o "$WORK/many.html" "$WORK/many.jsonl"
expect_rc "250 documents" 0
expect_eq "three pages, three index groups, three page links, every document" "3 3 3 250" \
    "$(count "$WORK/many.html" '<section class="page"') $(count "$WORK/many.html" '<tbody data-page=') $(count "$WORK/many.html" '<a href="#page-') $(count "$WORK/many.html" '<article ')"
expect_check "250 documents: every span" spans "$WORK/many.html" "$WORK/many.jsonl"
tp view --page-size 1000 -o "$WORK/one.html" "$WORK/many.jsonl"
expect_eq "--page-size 1000: one page, no page links" "1 0" \
    "$(count "$WORK/one.html" '<section class="page"') $(count "$WORK/one.html" 'id="pager"')"

# ---- Offsets in other units: view --offsets must match run --offsets.
w=$(cfg words.cfg 'stages = ( { plugin = "testwords"; options = { min_len = 2; }; } );')
printf '%s\n' '{"id":"astral","text":"\ud83d\ude00 caf\u00e9 \ud835\udd38lpha beta \u20ac5"}' >"$WORK/astral.jsonl"
for unit in codepoints bytes utf16; do
    "$TEXTPIPE" run -c "$w" --quiet --offsets $unit "$WORK/astral.jsonl" >"$WORK/astral-$unit.jsonl"
    tp view --offsets $unit -o "$WORK/astral-$unit.html" "$WORK/astral-$unit.jsonl"
    expect_check "--offsets $unit: spans drawn where run put them" \
        spans "$WORK/astral-$unit.html" "$WORK/astral-$unit.jsonl" --offsets $unit
done
tp view -o "$WORK/astral-wrong.html" "$WORK/astral-bytes.jsonl"
if grep -qE 'spans? not drawn|outlined' "$WORK/astral-wrong.html"; then
    ok "byte offsets viewed as code points: the page says so"
else
    not_ok "byte offsets viewed as code points: the page says so"
fi

# ---- run --format html: the batch, then the page.
tp run --format html -c "$w" --quiet "$TOP_SRCDIR/samples"
expect_rc "run --format html" 0
expect_eq "run --format html: a page on standard output" "<!DOCTYPE html>" "$(head -n 1 "$WORK/out")"
"$TEXTPIPE" run -c "$w" --quiet "$TOP_SRCDIR/samples" >"$WORK/samples.jsonl"
cp "$WORK/out" "$WORK/samples-stdout.html"
expect_check "run --format html: the records' spans" spans "$WORK/samples-stdout.html" "$WORK/samples.jsonl"
tp run --format html -c "$w" --quiet -o "$WORK/samples.html" "$TOP_SRCDIR/samples"
expect_rc "run --format html -o" 0
expect_eq "run --format html -o: the page only (records removed)" "yes no no no" \
    "$([ -s "$WORK/samples.html" ] && echo yes || echo no) $(for f in samples.html.part samples.html.jsonl samples.html.jsonl.part; do [ -e "$WORK/$f" ] && echo yes || echo no; done | paste -sd' ')"
expect_eq "run --format html -o: the same page as on standard output" "" \
    "$(cmp "$WORK/samples.html" "$WORK/samples-stdout.html" 2>&1)"
f=$(cfg fail.cfg 'stages = ( { plugin = "testwords"; }, { plugin = "testfail"; } );')
printf '%s\n' '{"id":"good","text":"fine words"}' '{"id":"bad","text":"FAILME now"}' >"$WORK/mixed.jsonl"
tp run --format html -c "$f" --quiet -o "$WORK/mixed.html" "$WORK/mixed.jsonl"
expect_rc "run --format html with a failing document" 1
expect_eq "the failed document is an error in the page" 1 "$(count "$WORK/mixed.html" '<article class="doc error"')"
tp run --format xml "$WORK/mixed.jsonl"
expect_rc "--format xml" 2
expect_err "--format message" "expected jsonl or html"
tp run --format html --pretty "$WORK/mixed.jsonl"
expect_rc "--format html --pretty" 2

finish
