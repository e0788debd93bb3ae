#!/bin/sh
# Newsroom configs: @include by absolute path and nested relative includes
# (each against the folder of the file holding the @include), errors that
# say which include failed and where it was looked for, plugin start-up
# errors at the line that set the value, integers as parsed, and every
# error in file order in one report.
. "$TESTS_SRCDIR/e2e/lib.sh"

printf 'Aa Bb CCC ddd EEEE\n' >"$WORK/doc.txt"
R=$WORK/conf
mkdir -p "$R/city/desks" "$R/elsewhere"
cat >"$R/default.cfg" <<'CFG'
stages = (
  { plugin = "testwords"; options = { min_len = 1; tag = "base"; }; },
  { plugin = "testpairs"; id = "pairs"; }
);
CFG

# 1. An absolute @include (say, the installed default) from a newsroom
#    file in a folder of its own.
cat >"$R/elsewhere/abs.cfg" <<CFG
base = {
  @include "$R/default.cfg"
};
overrides = { testwords = { min_len = 3; }; };
CFG
tp run -c "$R/elsewhere/abs.cfg" "$WORK/doc.txt"
expect_rc "absolute @include" 0
expect_eq "absolute @include: base read, override applied" '["CCC","ddd","EEEE"]' "$(jqo '[.annotations.word[].text]')"

# 2. Nested includes, each relative to the file that holds it:
#    city/desks/sport.cfg -> ../brisbane.cfg -> ../default.cfg.
cat >"$R/city/brisbane.cfg" <<'CFG'
base = {
  @include "../default.cfg"
};
overrides = { testwords = { tag = "brisbane"; }; };
CFG
cat >"$R/city/desks/sport.cfg" <<'CFG'
base = {
  @include "../brisbane.cfg"
};
overrides = { testwords = { min_len = 4; }; };
CFG
(cd / && "$TEXTPIPE" run -c "$R/city/desks/sport.cfg" "$WORK/doc.txt" >"$WORK/out" 2>"$WORK/err")
rc=$?
expect_rc "nested relative includes" 0
expect_eq "nested includes: every level applied" '["EEEE"]|"brisbane"' \
    "$(jqo '[.annotations.word[].text]')|$(jqo '.annotations.word[0].tag')"
tp check -c "$R/city/desks/sport.cfg"
expect_out "check: the middle level's value and its file:line" "tag = \"brisbane\"    ($R/city/brisbane.cfg:4)"
expect_out "check: the base's stage line" "defined at $R/default.cfg:2"

# 3. An include that cannot be opened: the file as written, where it was
#    looked for, and the including file:line - also two levels down.
cat >"$R/city/desks/missing.cfg" <<'CFG'
# the Brisbane desk, mistyped
base = {
  @include "../brisbne.cfg"
};
CFG
tp run -c "$R/city/desks/missing.cfg" "$WORK/doc.txt"
expect_rc "missing include" 2
expect_err "missing include: file, place looked, includer:line" \
    "$R/city/desks/missing.cfg:3: error: cannot open include file \"../brisbne.cfg\" (looked for $R/city/desks/../brisbne.cfg): No such file or directory"
cat >"$R/city/deep.cfg" <<'CFG'
base = {
  @include "../nodefault.cfg"
};
CFG
cat >"$R/city/desks/deep.cfg" <<'CFG'
base = {
  @include "../deep.cfg"
};
CFG
tp run -c "$R/city/desks/deep.cfg" "$WORK/doc.txt"
expect_err "missing nested include: named at the middle file" \
    "$R/city/deep.cfg:2: error: cannot open include file \"../nodefault.cfg\" (looked for $R/city/../nodefault.cfg)"
cat >"$R/city/folder.cfg" <<'CFG'
base = {
  @include "desks"
};
CFG
tp run -c "$R/city/folder.cfg" "$WORK/doc.txt"
expect_rc "a folder as include" 2
expect_err "a folder as include: said plainly" \
    "$R/city/folder.cfg:2: error: cannot open include file \"desks\" (looked for $R/city/desks): it is a folder, not a file"
cat >"$R/loop.cfg" <<'CFG'
base = {
  @include "loop.cfg"
};
CFG
tp run -c "$R/loop.cfg" "$WORK/doc.txt"
expect_rc "an include loop" 2
expect_err "an include loop: said" "$R/loop.cfg:2: error: @include \"loop.cfg\": $R/loop.cfg includes itself"

# 4. A value a plugin rejects when it starts is reported where it was set,
#    together with the other errors of the same run.
mkdir -p "$R/cur"
printf '%s\n' 'stages = ( { plugin = "currency"; } );' >"$R/cur/default.cfg"
cat >"$R/cur/sydney.cfg" <<'CFG'
base = {
  @include "default.cfg"
};
overrides = {
  currency = { dollar = "AUS"; };
};
extra_stages = ( { plugin = "testwords"; options = { min_lenn = 2; }; } );
CFG
tp run -c "$R/cur/sydney.cfg" "$WORK/doc.txt"
expect_rc "plugin start-up error" 2
expect_err "start-up error at the newsroom line that set it" \
    "$R/cur/sydney.cfg:5: error: stage \"currency\" (plugin \"currency\") failed to start: option dollar"
expect_err "reported with the other errors" "$R/cur/sydney.cfg:7: error: stage \"testwords\": unknown option \"min_lenn\""
tp check -c "$R/cur/sydney.cfg"
expect_rc "check: start-up error" 2
expect_err "check: start-up error at its line" "$R/cur/sydney.cfg:5: error: stage \"currency\""
tp run -c "$R/cur/default.cfg" --set currency.dollar=AUS "$WORK/doc.txt"
expect_rc "--set rejected at start-up" 2
# Where the value came from, as for an option error: "--set ARG: error: …".
expect_err "start-up error names the --set argument" \
    "--set currency.dollar=AUS: error: stage \"currency\" (plugin \"currency\") failed to start: option dollar"
cat >"$R/cur/typo.cfg" <<'CFG'
base = {
  @include "default.cfg"
};
overrides = { currency = { dollar = "AUS"; }; curency = { pound = "GBP"; }; };
CFG
tp run -c "$R/cur/typo.cfg" "$WORK/doc.txt"
expect_err "a config error ..." "typo.cfg:4: error: override for stage \"curency\""
expect_err "... and a start-up error in one report" "typo.cfg:4: error: stage \"currency\" (plugin \"currency\") failed to start"

# 5. Integers are the parsed values: a string on the same line that looks
#    like an assignment of the same name does not change them.
c=$(cfg sameline.cfg 'stages = ( { plugin = "testwords"; options = { tag = "min_len = 4294967298"; min_len = 2; }; } );')
tp run -c "$c" "$WORK/doc.txt"
expect_rc "a look-alike in a string" 0
expect_eq "the integer as parsed" '["Aa","Bb","CCC","ddd","EEEE"]' "$(jqo '[.annotations.word[].text]')"
c=$(cfg big.cfg 'stages = ( { plugin = "testwords"; options = { min_len = 4294967298; }; } );')
tp run -c "$c" "$WORK/doc.txt"
expect_err "a 64-bit literal is not truncated to 2" 'option "min_len" = 4294967298 is out of range [1, 100]'

# 6. Every error of a run, in file order.
c=$(cfg order.cfg 'stages = (
  { plugin = "testwords"; options = { min_len = "x"; }; },
  { plugin = "testwords"; id = "w2"; options = { case = "title"; }; }
);
foo = 1;')
tp run -c "$c" "$WORK/doc.txt"
expect_eq "errors in file order" "2 3 5" "$(sed -n 's/^[^:]*order\.cfg:\([0-9]*\): error.*/\1/p' "$WORK/err" | tr '\n' ' ' | sed 's/ $//')"
cat >"$R/news-order.cfg" <<'CFG'
base = {
  @include "default.cfg"
};
overrides = { nosuch = { x = 1; }; };
extra_stages = ( { plugn = "testwords"; } );
CFG
tp run -c "$R/news-order.cfg" "$WORK/doc.txt"
expect_eq "overrides before extra_stages, as written" "4 5" \
    "$(sed -n 's/^[^:]*news-order\.cfg:\([0-9]*\): error.*/\1/p' "$WORK/err" | tr '\n' ' ' | sed 's/ $//')"

finish
