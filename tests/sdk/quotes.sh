#!/bin/sh
# The example plugin, sdk/examples/quotes, built the way the guide
# (sdk/GUIDE.md) builds it: out of tree, against the SDK quickstart.sh
# installed (TEXTPIPE_INSTALLED; skipped without it).  Its own make check
# and make distcheck, then textpipe runs it on its sample - and on the
# seed article of the shared data ($TEXTPIPE_SHARED/data/seed, skipped
# when absent), where it must find the five quotations, all Mark Rutte's.
. "$TESTS_SRCDIR/sdk/lib.sh"
need_installed
command -v jq >/dev/null 2>&1 || skip "jq is not installed"

cp -R "$TOP_SRCDIR/sdk/examples/quotes" "$WORK/quotes"
chmod -R u+w "$WORK/quotes" # the source tree is read-only under distcheck
cd "$WORK/quotes" || exit 1
run "autogen.sh" ./autogen.sh || finish
run "configure" ./configure --prefix="$WORK/inst" || finish
run "make" make || finish
run "make check" make check
expect_in "… ran the plugin's tests" "PASS: test_quotes" "$WORK/log"
run "make distcheck" make distcheck
run "make install" make install
TEXTPIPE_PLUGIN_PATH=$WORK/inst/lib/textpipe/plugins
export TEXTPIPE_PLUGIN_PATH

"$tp_bin" plugins >"$WORK/log" 2>&1
expect_in "textpipe plugins lists quotes" "quotes 1.0.0  (plugin ABI" "$WORK/log"
expect_in "… and what it reads if present" "uses if present: sentence entity" "$WORK/log"

"$tp_bin" run --quiet -c quotes.cfg sample.txt >"$WORK/out" 2>"$WORK/log"
expect_eq "runs on its sample" 0 $?
expect_eq "… three quotations, the scare quote left out" 3 "$(jq '.annotations.quote | length' "$WORK/out")"
expect_eq "… all Visser's (one through \"she\")" '["Visser","Visser","Visser"]' \
    "$(jq -c '[.annotations.quote[].speaker]' "$WORK/out")"
expect_eq "… the pronoun marked as such" 'true' \
    "$(jq -c '[.annotations.speaker[] | select(.text == "she") | .pronoun] | .[0]' "$WORK/out")"

# The seed article.  Which quotations it holds is read from the article
# itself (its “…” passages, a comma before the closing mark left out),
# not copied here.
shared=${TEXTPIPE_SHARED:-}
if [ -z "$shared" ] && [ -d "$TOP_SRCDIR/../shared/data" ]; then shared=$TOP_SRCDIR/../shared; fi
seed=$shared/data/seed/nato-ministers.txt
if [ -n "$shared" ] && [ -f "$seed" ]; then
    grep -o '“[^”]*”' "$seed" | sed -e 's/^“//' -e 's/”$//' -e 's/,$//' >"$WORK/expected"
    expect_eq "the seed article has five double-quoted passages" 5 "$(wc -l <"$WORK/expected" | tr -d ' ')"
    "$tp_bin" run --quiet -c quotes.cfg "$seed" >"$WORK/out" 2>"$WORK/log"
    expect_eq "seed: runs" 0 $?
    jq -r '.annotations.quote[].text' "$WORK/out" >"$WORK/found"
    if cmp -s "$WORK/expected" "$WORK/found"; then
        ok "seed: finds the five quotations, exactly"
    else
        not_ok "seed: finds the five quotations, exactly" "$(diff "$WORK/expected" "$WORK/found" | head -12)"
    fi
    expect_eq "seed: each said by Mark Rutte" '["Mark Rutte","Mark Rutte","Mark Rutte","Mark Rutte","Mark Rutte"]' \
        "$(jq -c '[.annotations.quote[].speaker]' "$WORK/out")"
    expect_eq "seed: two through a pronoun" 2 \
        "$(jq '[.annotations.speaker[] | select(.pronoun)] | length' "$WORK/out")"
    expect_eq "seed: reporting verbs" '["says","says","says","says","says"]' \
        "$(jq -c '[.annotations.quote[].cue]' "$WORK/out")"
    # With the shipped sentence splitter (and named-entity tagger) in front,
    # when they are installed: quotes then uses their layers.
    "$tp_bin" plugins >"$WORK/plugins" 2>&1
    front=""
    grep -q '^sentences ' "$WORK/plugins" && front="$front { plugin = \"sentences\"; },"
    grep -q '^ner ' "$WORK/plugins" && front="$front { plugin = \"ner\"; },"
    if [ -n "$front" ]; then
        printf 'stages = (%s { plugin = "quotes"; } );\n' "$front" >"$WORK/full.cfg"
        what=$(grep -o '"[a-z]*"' "$WORK/full.cfg" | tr -d '"' | tr '\n' ' ' | sed 's/ $//')
        "$tp_bin" run --quiet -c "$WORK/full.cfg" "$seed" >"$WORK/out" 2>"$WORK/log"
        expect_eq "seed, stages $what: runs" 0 $?
        jq -r '.annotations.quote[].text' "$WORK/out" >"$WORK/found"
        if cmp -s "$WORK/expected" "$WORK/found"; then
            ok "seed, stages $what: the five quotations"
        else
            not_ok "seed, stages $what: the five quotations" "$(diff "$WORK/expected" "$WORK/found" | head -12)"
        fi
        expect_eq "seed, stages $what: each said by Mark Rutte" \
            '["Mark Rutte","Mark Rutte","Mark Rutte","Mark Rutte","Mark Rutte"]' \
            "$(jq -c '[.annotations.quote[].speaker]' "$WORK/out")"
    else
        echo "# no sentences or ner plugin installed: the seed checked with quotes alone"
    fi
else
    echo "# no shared data (TEXTPIPE_SHARED): the seed article is not checked"
fi
finish
