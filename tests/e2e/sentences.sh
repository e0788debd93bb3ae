#!/bin/sh
# The sentences stage in a pipeline: tokens on request, hard and soft
# newlines, newsroom abbreviation files, offsets of sentences.
. "$TESTS_SRCDIR/e2e/lib.sh"

c=$(cfg s.cfg 'stages = ( { plugin = "sentences"; options = { token_kinds = true; }; } ); output = { hide = []; };')
printf 'Russia\342\200\231s GDP rose 65.4 per cent, the U.S. said. Mr. Smith left at 5 p.m. on Tuesday.' >"$WORK/a.txt"
tp run -c "$c" --quiet "$WORK/a.txt"
expect_rc "tokens and sentences" 0
expect_eq "sentences" '["Russia’s GDP rose 65.4 per cent, the U.S. said.","Mr. Smith left at 5 p.m. on Tuesday."]' \
    "$(jqo '[.annotations.sentence[].text]')"
expect_eq "tokens" '["Russia","’s","GDP","rose","65.4","per","cent",",","the","U.S.","said","."]' \
    "$(jqo '[.annotations.token[] | select(.end <= 48) | .text]')"
expect_eq "token kinds" '["word","clitic","word","word","number"]' "$(jqo '[.annotations.token[0:5][].kind]')"
expect_eq "sentence offsets in code points" '[[0,47],[48,84]]' "$(jqo '[.annotations.sentence[] | [.start,.end]]')"

# Tokens are not written by default.
tp run --quiet "$WORK/a.txt"
expect_eq "default output hides tokens" 'null' "$(jqo '.annotations.token')"

# Hard newlines end headlines; soft ones join wrapped lines (a line in
# capitals is still a heading).
printf 'MARKETS RALLY\nShares rose on\nMonday in Tokyo.\n\nA new paragraph.' >"$WORK/b.txt"
tp run -c "$c" --quiet "$WORK/b.txt"
expect_eq "hard newlines" '["MARKETS RALLY","Shares rose on","Monday in Tokyo.","A new paragraph."]' \
    "$(jqo '[.annotations.sentence[].text]')"
tp run -c "$c" --quiet --set sentences.newline=soft "$WORK/b.txt"
expect_eq "soft newlines (a line in capitals stays a heading)" '["MARKETS RALLY","Shares rose on\nMonday in Tokyo.","A new paragraph."]' \
    "$(jqo '[.annotations.sentence[].text]')"

# A newsroom word list: a new title, and a removed abbreviation.
printf 'The Supx. Jones spoke. Then Sgt. Lee left.' >"$WORK/c.txt"
tp run -c "$c" --quiet "$WORK/c.txt"
expect_eq "without the newsroom list" 3 "$(jqo '.annotations.sentence | length')"
printf '[prepositive]\nSupx\n' >"$WORK/desk.txt"
tp run -c "$c" --quiet --set "sentences.extra_abbreviations=[\"$WORK/desk.txt\"]" "$WORK/c.txt"
expect_eq "with the newsroom list" '["The Supx. Jones spoke.","Then Sgt. Lee left."]' "$(jqo '[.annotations.sentence[].text]')"
printf '[prepositive]\n!Sgt\n' >"$WORK/nosgt.txt"
tp run -c "$c" --quiet --set "sentences.extra_abbreviations=[\"$WORK/nosgt.txt\"]" "$WORK/c.txt"
expect_eq "an entry removed" 4 "$(jqo '.annotations.sentence | length')"
printf '[nosuchsection]\nX\n' >"$WORK/bad.txt"
tp run -c "$c" --quiet --set "sentences.extra_abbreviations=[\"$WORK/bad.txt\"]" "$WORK/c.txt"
expect_rc "a bad word list" 2
expect_err "a bad word list names file and line" "bad.txt:1"
tp run -c "$TOP_SRCDIR/conf/newsrooms/london.cfg" --quiet "$WORK/c.txt"
expect_rc "the London newsroom file" 0

# The learned lower-case words: "Officials" after "U.S." opens a sentence;
# without the list (lowercase_words = "") only starter words do.
printf 'The family flew to the U.S. Officials granted them visas.' >"$WORK/d.txt"
tp run -c "$c" --quiet "$WORK/d.txt"
expect_eq "learned lower-case words" '["The family flew to the U.S.","Officials granted them visas."]' \
    "$(jqo '[.annotations.sentence[].text]')"
tp run -c "$c" --quiet --set sentences.lowercase_words= "$WORK/d.txt"
expect_eq "without the learned list" 1 "$(jqo '.annotations.sentence | length')"

finish
