#!/bin/sh
# Output is always valid JSON Lines in UTF-8 (RFC 8259): input meta that is
# not UTF-8 becomes an error record naming the byte, plugin type and
# feature names the output could not carry are refused when the stage
# starts, and a byte order mark does not spoil the first record.
. "$TESTS_SRCDIR/e2e/lib.sh"

# utf8_ok NAME: the output decodes as UTF-8.
utf8_ok() {
    if iconv -f UTF-8 -t UTF-8 "$WORK/out" >/dev/null 2>&1; then ok "$1"; else not_ok "$1" "output is not UTF-8"; fi
}

c=$(cfg words.cfg 'stages = ( { plugin = "testwords"; } );')

# Meta that is not UTF-8: a value, a name, deep inside a value.
printf '{"id":"v","text":"one","src":"caf\351"}\n{"id":"k","text":"one","\376x":1}\n{"id":"n","text":"one","m":{"a":["\303"]}}\n{"id":"good","text":"one","m":"caf\303\251"}\n' >"$WORK/meta.jsonl"
tp run -c "$c" "$WORK/meta.jsonl"
expect_rc "bad meta: documents fail, the run goes on" 1
utf8_ok "bad meta: the output is UTF-8"
expect_eq "bad meta value: error record with its byte" '"bad_utf8"|true' \
    "$(jqo -r 'select(.id=="v") | .error.code' | sed 's/.*/"&"/')|$(jqo 'select(.id=="v") | .error.message | test("byte 33: ")')"
expect_eq "bad meta name: error record" '"bad_utf8"' "$(jqo 'select(.id=="k") | .error.code')"
expect_eq "bad nested meta: error record" '"bad_utf8"' "$(jqo 'select(.id=="n") | .error.code')"
expect_eq "good meta still carried" '"café"' "$(jqo 'select(.id=="good") | .meta.m')"

# A byte order mark at the start of the file.
printf '\357\273\277{"id":"first","text":"one two"}\n{"id":"second","text":"three"}\n' >"$WORK/bom.jsonl"
tp run -c "$c" "$WORK/bom.jsonl"
expect_rc "BOM: every record processed" 0
expect_eq "BOM: the first record is read" '"first"|2' "$(jqo 'select(.id=="first") | .id')|$(jqo 'select(.id=="first") | .annotations.word | length')"

printf 'one two\n' >"$WORK/doc.txt"
# Names a plugin gives that the output could not carry: refused at start.
printf 'stages = ( { plugin = "testnames"; options = { type = "caf\351"; }; } );\n' >"$WORK/badtype.cfg"
tp run -c "$WORK/badtype.cfg" "$WORK/doc.txt"
expect_rc "type name not UTF-8" 2
expect_err "type name not UTF-8: said" 'failed to start: an annotation type name is not valid UTF-8'
printf 'stages = ( { plugin = "testnames"; options = { feats = ["ok", "\377"]; }; } );\n' >"$WORK/badfeat.cfg"
tp run -c "$WORK/badfeat.cfg" "$WORK/doc.txt"
expect_rc "feature name not UTF-8" 2
expect_err "feature name not UTF-8: said" 'failed to start: a feature name is not valid UTF-8'
c=$(cfg clash.cfg 'stages = ( { plugin = "testnames"; options = { feats = ["f", "f.x"]; }; } );')
tp run -c "$c" "$WORK/doc.txt"
expect_rc "features f and f.x" 2
expect_err "features f and f.x: said" 'feature names "f" and "f.x" clash'
expect_eq "nothing written" "" "$(cat "$WORK/out")"
c=$(cfg clash2.cfg 'stages = ( { plugin = "testnames"; id = "a"; options = { feats = ["g.y.z"]; }; },
  { plugin = "testnames"; id = "b"; options = { type = "other"; feats = ["g.y"]; }; } );')
tp check -c "$c"
expect_rc "a clash across stages" 2
expect_err "a clash across stages: said" 'feature names "g.y" and "g.y.z" clash'
deep=$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "a."; printf "a" }')
c=$(cfg deep.cfg "stages = ( { plugin = \"testnames\"; options = { feats = [\"$deep\"]; }; } );")
tp run -c "$c" "$WORK/doc.txt"
expect_rc "deeply dotted feature name" 2
expect_err "deeply dotted feature name: said" "nests 201 levels deep; at most 16"
c=$(cfg reserved.cfg 'stages = ( { plugin = "testnames"; options = { feats = ["start"]; }; } );')
tp run -c "$c" "$WORK/doc.txt"
expect_rc "a feature named like a span member" 2
expect_err "a feature named like a span member: said" 'feature name "start" would clash with the span'"'"'s own "start"'
c=$(cfg empty.cfg 'stages = ( { plugin = "testnames"; options = { feats = ["a..b"]; }; } );')
tp run -c "$c" "$WORK/doc.txt"
expect_rc "empty part in a feature name" 2
expect_err "empty part: said" 'feature name "a..b" has an empty part between dots'

# What is allowed still works: dotted names nest; NaN is written as null
# (documented in doc.h and textpipe(1)).
c=$(cfg fine.cfg 'stages = ( { plugin = "testnames"; options = { feats = ["conv.amount", "conv.rate"]; nan = true; }; } );')
tp run -c "$c" "$WORK/doc.txt"
expect_rc "dotted names" 0
expect_eq "dotted names nest" '{"amount":1,"rate":1}|null' "$(jqo '.annotations.names[0].conv')|$(jqo '.annotations.names[0].ratio')"

finish
