#!/bin/sh
# Configuration: options checked against each plugin's table, stage order,
# every error as file:line all at once (exit 2), newsroom files that inherit
# a base and override single options, --set, textpipe check.
. "$TESTS_SRCDIR/e2e/lib.sh"

printf 'Aa Bb CCC ddd EEEE\n' >"$WORK/doc.txt"

# Unknown option with did-you-mean, on the option's own line.
c=$(cfg unknown.cfg 'stages = (
  { plugin = "testwords";
    options = { min_lenght = 2; }; }
);')
tp run -c "$c" "$WORK/doc.txt"
expect_rc "unknown option" 2
expect_err "unknown option message" "unknown.cfg:3: error: stage \"testwords\": unknown option \"min_lenght\" (did you mean \"min_len\"?)"
expect_eq "nothing processed" "" "$(cat "$WORK/out")"

# Every kind of option error, all reported in one run.
c=$(cfg many.cfg 'stages = (
  { plugin = "testwords";
    options = {
      min_len = "two";
      case = "title";
      ratio = 1.5;
      reverse = 1;
      stopwords = [1, 2];
    };
  },
  { plugin = "testpairs"; id = "p"; options = { anything = true; }; }
);')
tp run -c "$c" "$WORK/doc.txt"
expect_rc "several option errors" 2
expect_err "wrong type" 'many.cfg:4: error: stage "testwords": option "min_len" must be an integer, not a string'
expect_err "not a choice" 'many.cfg:5: error: stage "testwords": option "case" must be one of "any", "upper", "lower", not "title"'
expect_err "out of range" 'many.cfg:6: error: stage "testwords": option "ratio" = 1.5 is out of range [0, 1]'
expect_err "bool expected" 'many.cfg:7: error: stage "testwords": option "reverse" must be true or false, not an integer'
expect_err "list of strings expected" 'many.cfg:8: error: stage "testwords": option "stopwords" must be a list of strings, not a list with non-string items'
expect_err "plugin without options" 'many.cfg:11: error: stage "p": unknown option "anything" (plugin "testpairs" takes no options)'
expect_eq "all six at once" 6 "$(grep -c ': error: ' "$WORK/err")"

# Integer range and 64-bit values.
c=$(cfg range.cfg 'stages = ( { plugin = "testwords"; options = { min_len = 5000000000; }; } );')
tp run -c "$c" "$WORK/doc.txt"
expect_err "64-bit integer range-checked" 'option "min_len" = 5000000000 is out of range [1, 100]'

# Stage order: a consumed type no earlier stage produces.
c=$(cfg order.cfg 'stages = (
  { plugin = "testpairs"; },
  { plugin = "testwords"; }
);')
tp run -c "$c" "$WORK/doc.txt"
expect_rc "consumes before produced" 2
expect_err "consumes message" 'order.cfg:2: error: stage "testpairs" consumes "word", which no earlier stage produces (stage "testwords" produces it but comes later)'
c=$(cfg alone.cfg 'stages = ( { plugin = "testpairs"; } );')
tp run -c "$c" "$WORK/doc.txt"
expect_err "consumes, nobody produces" 'alone.cfg:1: error: stage "testpairs" consumes "word", which no earlier stage produces'

# Config-level errors: syntax, unknown settings, duplicates.
c=$(cfg syntax.cfg 'stages = (
  { plugin = "testwords"; options = { min_len = ; }; }
);')
tp run -c "$c" "$WORK/doc.txt"
expect_rc "syntax error" 2
expect_err "syntax error file:line" "syntax.cfg:2: error: syntax error"
c=$(cfg keys.cfg 'stagez = ( );
stages = (
  { plugin = "testwords"; optoins = { }; },
  { plugin = "testwords"; log_level = "loud"; },
  { id = "x"; }
);')
tp run -c "$c" "$WORK/doc.txt"
expect_err "unknown top-level setting" 'keys.cfg:1: error: unknown setting "stagez" in the configuration (did you mean "stages"?)'
expect_err "unknown stage setting" 'keys.cfg:3: error: unknown setting "optoins" in a stage (did you mean "options"?)'
expect_err "bad log level" 'keys.cfg:4: error: log_level "loud" is not one of error, warn, info, debug'
expect_err "stage without plugin" 'keys.cfg:5: error: stage has no "plugin"'
c=$(cfg dup.cfg 'stages = ( { plugin = "testwords"; },
  { plugin = "testwords"; } );')
tp run -c "$c" "$WORK/doc.txt"
expect_err "duplicate stage id" 'dup.cfg:2: error: duplicate stage id "testwords" (first at'
tp run -c "$WORK/missing.cfg" "$WORK/doc.txt"
expect_rc "missing config" 2
expect_err "missing config message" "missing.cfg: error: cannot read the configuration: No such file or directory"

# A newsroom file: base + override of one option of one stage.
mkdir -p "$WORK/conf/newsrooms"
cat >"$WORK/conf/default.cfg" <<'CFG'
stages = (
  { plugin = "testwords"; options = { min_len = 1; tag = "base"; }; },
  { plugin = "testpairs"; id = "pairs"; }
);
CFG
cat >"$WORK/conf/newsrooms/desk.cfg" <<'CFG'
# a desk that only wants long words
base = {
  @include "../default.cfg"
};
overrides = {
  testwords = { min_len = 3; };
};
CFG
tp run -c "$WORK/conf/default.cfg" "$WORK/doc.txt"
expect_eq "base config" '["Aa","Bb","CCC","ddd","EEEE"]' "$(jqo '[.annotations.word[].text]')"
tp run -c "$WORK/conf/newsrooms/desk.cfg" "$WORK/doc.txt"
expect_rc "newsroom config" 0
expect_eq "override applied" '["CCC","ddd","EEEE"]' "$(jqo '[.annotations.word[].text]')"
expect_eq "other options inherited" '"base"' "$(jqo '.annotations.word[0].tag')"
expect_eq "other stages inherited" 2 "$(jqo '.annotations.pair | length')"
tp check -c "$WORK/conf/newsrooms/desk.cfg"
expect_rc "check" 0
expect_out "check shows where the override came from" "min_len = 3    ($WORK/conf/newsrooms/desk.cfg:6)"
expect_out "check shows inherited values' origin" 'tag = "base"'

# An override for a stage the base does not have.
cat >"$WORK/conf/newsrooms/typo.cfg" <<'CFG'
base = {
  @include "../default.cfg"
};
overrides = { pair = { x = 1; }; };
CFG
tp run -c "$WORK/conf/newsrooms/typo.cfg" "$WORK/doc.txt"
expect_err "override of unknown stage" 'typo.cfg:4: error: override for stage "pair", which the pipeline does not have (did you mean "pairs"?)'

# --set applies last, with the same checks.
tp run -c "$WORK/conf/newsrooms/desk.cfg" --set testwords.min_len=4 "$WORK/doc.txt"
expect_eq "--set int" '["EEEE"]' "$(jqo '[.annotations.word[].text]')"
tp run -c "$WORK/conf/default.cfg" --set testwords.case=upper --set testwords.tag=cli "$WORK/doc.txt"
expect_eq "--set bare strings" '["CCC","EEEE"]|"cli"' "$(jqo '[.annotations.word[].text]')|$(jqo '.annotations.word[0].tag')"
tp run -c "$WORK/conf/default.cfg" --set 'testwords.stopwords=["Aa","ddd"]' "$WORK/doc.txt"
expect_eq "--set list" '["Bb","CCC","EEEE"]' "$(jqo '[.annotations.word[].text]')"
tp run -c "$WORK/conf/default.cfg" --set testword.min_len=2 "$WORK/doc.txt"
expect_rc "--set unknown stage" 2
expect_err "--set unknown stage message" 'the pipeline has no stage "testword" (did you mean "testwords"?)'
tp run -c "$WORK/conf/default.cfg" --set testwords.min_len=many "$WORK/doc.txt"
expect_err "--set wrong type" '--set testwords.min_len=many: error: stage "testwords": option "min_len" must be an integer, not a string'
tp run -c "$WORK/conf/default.cfg" --set nodot=1 "$WORK/doc.txt"
expect_err "--set malformed" "expected STAGE_ID.OPTION=VALUE"

# init failures are reported with the stage and its file:line.
c=$(cfg init.cfg 'stages = ( { plugin = "testfail"; options = { init_error = "model file is corrupt"; }; } );')
tp run -c "$c" "$WORK/doc.txt"
expect_rc "init failure" 2
expect_err "init failure message" 'init.cfg:1: error: stage "testfail" (plugin "testfail") failed to start: model file is corrupt'

# Relative paths in options resolve against the folder of the file that set them.
mkdir -p "$WORK/desk2/data"
printf 'x\n' >"$WORK/desk2/data/list.txt"
printf '%s\n' 'stages = ( { plugin = "testfail"; options = { data_file = "data/list.txt"; }; } );' >"$WORK/desk2/rel.cfg"
(cd / && "$TEXTPIPE" run -c "$WORK/desk2/rel.cfg" "$WORK/doc.txt" >"$WORK/out" 2>"$WORK/err")
rc=$?
expect_rc "relative data path" 0

# The built-in default pipeline runs without -c.
tp run "$WORK/doc.txt"
expect_rc "built-in default" 0
expect_eq "built-in default output" '"doc"' "$(jqo .id)"

finish
