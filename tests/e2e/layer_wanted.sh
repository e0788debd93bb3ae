#!/bin/sh
# tp_init_type_wanted: in `textpipe run` a layer is wanted when the output
# writes it or a later stage (optionally) consumes it; the sentences stage
# then builds its token layer only when wanted, with the same output.
. "$TESTS_SRCDIR/e2e/lib.sh"

printf 'The cat sat. It was Mr. Smith who saw it.\n' >"$WORK/a.txt"
# wanted CONFIG-TEXT: the "is" that testwanted reported
wanted() {
    tp run -j 1 -c "$(cfg w.cfg "$1")" "$WORK/a.txt"
    jqo '.annotations.wanted[0].is'
}
expect_eq "token, hidden by default, no later reader" 0 \
    "$(wanted 'stages = ( { plugin = "testwanted"; options = { type = "token"; }; } );')"
expect_eq "token, written (output.hide empty)" 1 \
    "$(wanted 'stages = ( { plugin = "testwanted"; options = { type = "token"; }; } ); output = { hide = []; };')"
expect_eq "word, written by default" 1 \
    "$(wanted 'stages = ( { plugin = "testwanted"; options = { type = "word"; }; } );')"
expect_eq "word, hidden, read by a later stage" 1 \
    "$(wanted 'stages = ( { plugin = "testwanted"; options = { type = "word"; }; }, { plugin = "testwords"; }, { plugin = "testpairs"; } ); output = { hide = ["word"]; };')"
expect_eq "word, hidden, produced later but read by none after" 0 \
    "$(wanted 'stages = ( { plugin = "testwords"; }, { plugin = "testpairs"; }, { plugin = "testwanted"; options = { type = "word"; }; } ); output = { hide = ["word"]; };')"
expect_eq "a private layer, no reader" 0 \
    "$(wanted 'stages = ( { plugin = "testwanted"; options = { type = "_scratch"; }; } );')"

# The sentences stage: the same records whether tokens are built or not;
# tokens written when shown.
if [ -d "${TEXTPIPE_DATA_DIR:-}/sentences" ]; then
    tp run -j 1 -c "$(cfg s.cfg 'stages = ( { plugin = "sentences"; } );')" "$WORK/a.txt"
    expect_eq "sentences alone: two sentences" 2 "$(jqo '.annotations.sentence | length')"
    expect_eq "sentences alone: no token layer written" null "$(jqo '.annotations.token')"
    tp run -j 1 -c "$(cfg st.cfg 'stages = ( { plugin = "sentences"; } ); output = { hide = []; };')" "$WORK/a.txt"
    expect_eq "tokens shown: built and written (The cat sat . It was Mr. Smith who saw it .)" 12 "$(jqo '.annotations.token | length')"
    expect_eq "tokens shown: the same sentences" 2 "$(jqo '.annotations.sentence | length')"
else
    skip "sentences stage" "no TEXTPIPE_DATA_DIR/sentences"
fi
finish
