#!/bin/sh
# kill -9 at random moments, then --resume: 20 rounds in a row over a mixed
# feed (malformed lines, duplicates before and after, ids and texts that are
# not UTF-8, NUL, an over-long line, blank lines, a stage that crashes) in
# every output mode (ordered, --unordered, --errors, --pretty, -j 1 and 2).
# Each round must end byte-identical to an uninterrupted run of the same
# mode (--unordered: the same lines).  TEXTPIPE_KILL_ROUNDS changes the
# number of rounds; the round's mode and kill times are printed.
. "$TESTS_SRCDIR/e2e/lib.sh"

rounds=${TEXTPIPE_KILL_ROUNDS:-20}
c=$(cfg mixed.cfg 'stages = ( { plugin = "testwords"; }, { plugin = "testcrash"; id = "fragile"; options = { delay_ms = 4; }; } );')
"$PYTHON3" - "$WORK/feed.jsonl" <<'EOF'
import sys
out = open(sys.argv[1], 'wb')
lines = []
for i in range(1, 241):
    t = ('Story %d about the markets and the weather. ' % i) * (1 + i % 5)
    if i % 37 == 0:
        t += ' SEGV_ME'
    lines.append(b'{"id":"s%d","text":"%s","n":%d}' % (i, t.encode(), i))
    if i % 23 == 0:
        lines.append(b'{"id":"s%d","text":"a later copy"}' % (i - 3))   # a duplicate
    if i % 41 == 0:
        lines.append(b'{"id":"broken %d", "text": ' % i)                # malformed
    if i % 53 == 0:
        lines.append(b'{"id":"bad\xff%d","text":"id not UTF-8"}' % i)
        lines.append(b'{"id":"t%d","text":"text not UTF-8 \xc3\x28"}' % i)
        lines.append(b'{"id":"z%d","text":"a NUL \\u0000 here"}' % i)
    if i % 61 == 0:
        lines.append(b'')                                                 # blank
        lines.append(b'{"id":"long%d","text":"%s"}' % (i, b'x' * 5000))  # over the limit
    if i == 100:
        lines.append(b'{"id":"s100","text":"an immediate copy"}')
out.write(b'\n'.join(lines) + b'\n')
EOF

# mode N: the options of mode N.
mode() {
    case $(($1 % 6)) in
    0) echo "-j 2" ;;
    1) echo "-j 2 --unordered" ;;
    2) echo "-j 2 --errors" ;;
    3) echo "-j 1 --pretty" ;;
    4) echo "-j 2 --unordered --errors" ;;
    5) echo "-j 1 --errors --pretty" ;;
    esac
}

# run OUT MODE_OPTIONS...: a run into OUT (errors into OUT.err with --errors).
# In the background (run ... &) it execs, so $! is textpipe itself.
run() {
    o=$1
    shift
    args=""
    for a in "$@"; do
        if [ "$a" = "--errors" ]; then args="$args --errors $o.err"; else args="$args $a"; fi
    done
    # shellcheck disable=SC2086
    "$TEXTPIPE" run -c "$c" --quiet --max-doc-bytes 3000 $args -o "$o" "$WORK/feed.jsonl"
}
run_bg() {
    o=$1
    shift
    args=""
    for a in "$@"; do
        if [ "$a" = "--errors" ]; then args="$args --errors $o.err"; else args="$args $a"; fi
    done
    # shellcheck disable=SC2086
    exec "$TEXTPIPE" run -c "$c" --quiet --max-doc-bytes 3000 $args -o "$o" "$WORK/feed.jsonl"
}

# Reference outputs, one per mode.
m=0
while [ $m -lt 6 ]; do
    # shellcheck disable=SC2046
    run "$WORK/ref$m.jsonl" $(mode $m) 2>/dev/null
    m=$((m + 1))
done
expect_eq "reference: one record per item" "$(grep -c . "$WORK/feed.jsonl")" "$(cat "$WORK/ref0.jsonl" | wc -l | tr -d ' ')"

# A pseudo-random fraction for round R and draw K, from awk's generator.
draw() {
    awk -v s="$1" -v k="$2" 'BEGIN { srand(s * 7919 + k); for (i = 0; i < k; i++) x = rand(); printf "%.2f", 0.05 + rand() * 0.9 }'
}

same() {
    case "$3" in
    *--unordered*) [ "$(sort "$1")" = "$(sort "$2")" ] ;;
    *) cmp -s "$1" "$2" ;;
    esac
}

r=1
while [ "$r" -le "$rounds" ]; do
    m=$((r % 6))
    opts=$(mode $m)
    o=$WORK/round$r.jsonl
    kills=$((1 + r % 3))
    k=0
    when=""
    while [ $k -lt $kills ]; do
        t=$(draw "$r" "$k")
        when="$when $t"
        if [ $k -eq 0 ]; then resume=""; else resume="--resume"; fi
        # shellcheck disable=SC2086
        run_bg "$o" $opts $resume 2>/dev/null &
        pid=$!
        sleep "$t"
        kill -KILL $pid 2>/dev/null
        wait $pid 2>/dev/null
        k=$((k + 1))
    done
    # shellcheck disable=SC2086
    run "$o" $opts --resume 2>"$WORK/err"
    rc=$?
    good=1
    same "$WORK/ref$m.jsonl" "$o" "$opts" || good=0
    case "$opts" in *--errors*) same "$WORK/ref$m.jsonl.err" "$o.err" "$opts" || good=0 ;; esac
    [ "$rc" -eq 1 ] || [ "$rc" -eq 0 ] || good=0 # 0: the killed run had finished
    if [ $good -eq 1 ]; then
        ok "round $r ($opts; killed at$when s): identical to an uninterrupted run"
    else
        not_ok "round $r ($opts; killed at$when s): identical to an uninterrupted run" "status $rc" \
            "$(diff "$WORK/ref$m.jsonl" "$o" 2>&1 | head -5)"
    fi
    r=$((r + 1))
done

finish
