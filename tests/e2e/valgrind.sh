#!/bin/sh
# The textpipe command under valgrind memcheck: no leaks, no memory errors,
# on the paths a batch takes (documents, error records, config errors,
# plugin listing).  Skipped without valgrind and in sanitizer builds.
. "$TESTS_SRCDIR/e2e/lib.sh"

command -v valgrind >/dev/null 2>&1 || { echo "SKIP: valgrind not installed"; exit 77; }
if grep -q 'fsanitize' "$TOP_BUILDDIR/Makefile" 2>/dev/null && grep -q '^CFLAGS = .*-fsanitize' "$TOP_BUILDDIR/Makefile"; then
    echo "SKIP: sanitizer build"
    exit 77
fi

vg() {
    name=$1
    shift
    $LIBTOOL --mode=execute valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
        "$TEXTPIPE" "$@" >"$WORK/out" 2>"$WORK/err"
    rc=$?
    if [ "$rc" -eq 99 ]; then not_ok "$name: valgrind reports errors" "$(head -c 2000 "$WORK/err")"; else ok "$name: clean under valgrind"; fi
}

c=$(cfg words.cfg 'stages = ( { plugin = "testwords"; options = { reverse = true; }; }, { plugin = "testpairs"; }, { plugin = "testfail"; } );')
printf '%s\n' '{"id":"a","text":"Caf\u00e9 one two","date":"x"}' '{"id":"b","text":"FAILME"}' 'not json' \
    '{"id":"c","text":"BADSPAN here"}' '{"id":"d"}' >"$WORK/in.jsonl"
vg "run with good and bad documents" run -c "$c" "$WORK/in.jsonl" "$TOP_SRCDIR/samples/markets-brief.txt"
vg "run with --pretty and --errors" run -c "$c" --pretty --errors "$WORK/dead.jsonl" "$WORK/in.jsonl"
c2=$(cfg bad.cfg 'stages = ( { plugin = "testwords"; options = { min_len = "x"; bogus = 1; }; }, { plugin = "missing"; } );')
vg "config errors" run -c "$c2" "$WORK/in.jsonl"
vg "check" check -c "$c"
vg "plugins" plugins
vg "built-in default" run "$TOP_SRCDIR/samples/council-budget.txt"
vg "view" view --sentences --page-size 2 -o "$WORK/v.html" "$TESTS_SRCDIR/e2e/view/layers.jsonl" "$TESTS_SRCDIR/e2e/view/hostile.jsonl"
vg "run --format html" run -c "$c" --format html -o "$WORK/r.html" "$WORK/in.jsonl"

# The server: good, bad and batch requests, a reload, then a drain.  Its
# workers are forks, which valgrind follows; each process is checked at exit.
if command -v curl >/dev/null 2>&1; then
    rm -f "$WORK/port"
    $LIBTOOL --mode=execute valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
        "$TEXTPIPE" serve -c "$c" -j 1 --listen 127.0.0.1:0 --port-file "$WORK/port" --access-log off \
        >"$WORK/out" 2>"$WORK/err" &
    vpid=$!
    i=0
    while [ $i -lt 600 ] && [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(cat "$WORK/port" 2>/dev/null)/readyz")" != 200 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    url="http://127.0.0.1:$(cat "$WORK/port" 2>/dev/null)"
    printf 'Some words' >"$WORK/doc"
    printf '{"id":"x","text":' >"$WORK/bad.json"
    codes=""
    for req in "text/plain $WORK/doc" "application/json $WORK/bad.json" "application/x-ndjson $WORK/in.jsonl"; do
        # shellcheck disable=SC2086
        set -- $req
        codes="$codes $(curl -s -m 60 -o /dev/null -w '%{http_code}' -H "Content-Type: $1" --data-binary "@$2" "$url/v1/annotate")"
    done
    curl -s -m 60 -o /dev/null "$url/metrics"
    kill -HUP $vpid
    sleep 3
    codes="$codes $(curl -s -m 60 -o /dev/null -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "@$WORK/doc" "$url/v1/annotate")"
    expect_eq "serve under valgrind answers" " 200 400 200 200" "$codes"
    kill -TERM $vpid
    wait $vpid
    rc=$?
    # A worker's report shows only in the output (its status is not ours).
    if [ "$rc" -eq 99 ] || grep -q '^==[0-9]*== ' "$WORK/err"; then
        not_ok "serve: valgrind reports errors" "$(head -c 2000 "$WORK/err")"
    elif [ "$rc" -ne 0 ]; then not_ok "serve under valgrind: exit $rc" "$(head -c 2000 "$WORK/err")"
    else ok "serve: clean under valgrind"; fi
fi

finish
