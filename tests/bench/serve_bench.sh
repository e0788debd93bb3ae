#!/bin/sh
# make bench-serve: textpipe serve with the default pipeline on the seed
# article (samples/markets-brief.txt) - requests/s and p50/p99 latency at
# concurrency 1, 16 and 64 (wrk when installed, else a small Python
# client), beside the same documents through `textpipe run -j N` with as
# many workers, in the same run.  Prints figures; never fails on timing.
# SERVE_BENCH_SECONDS (10) sets each measurement's length; -j N is
# SERVE_BENCH_JOBS (the number of CPUs).
set -eu
: "${TEXTPIPE:?run through make bench-serve}"
secs=${SERVE_BENCH_SECONDS:-10}
jobs=${SERVE_BENCH_JOBS:-$(nproc)}
work=$(mktemp -d "${TMPDIR:-/tmp}/textpipe-bench.XXXXXX")
spid=""
trap '[ -n "$spid" ] && kill -9 $spid 2>/dev/null; rm -rf "$work"' EXIT

seed=$TOP_SRCDIR/samples/markets-brief.txt
cp "$seed" "$work/body.txt"
bytes=$(wc -c <"$seed")
echo "serve_bench: the seed article ($bytes bytes), default pipeline, -j $jobs, ${secs} s per figure"

# The batch runner on the same document, as many copies as the server is
# likely to answer in the time.
n=20000
jq -Rsc '.' "$seed" >"$work/text.json"
awk -v n=$n 'NR == 1 { t = $0 } END { for (i = 1; i <= n; i++) printf "{\"id\":\"d%d\",\"text\":%s}\n", i, t }' \
    "$work/text.json" >"$work/feed.jsonl"
t0=$(date +%s.%N)
"$TEXTPIPE" run -j "$jobs" --quiet -o "$work/run.out" "$work/feed.jsonl"
t1=$(date +%s.%N)
run_rate=$(echo "$t0 $t1" | awk -v n=$n '{ printf "%.0f", n / ($2 - $1) }')
echo "textpipe run -j $jobs: $n documents in $(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }') s: $run_rate docs/s"

"$TEXTPIPE" serve --listen 127.0.0.1:0 --port-file "$work/port" -j "$jobs" --access-log off \
    --queue 1024 --max-connections 512 2>"$work/serve.err" &
spid=$!
i=0
while [ $i -lt 200 ]; do
    [ -s "$work/port" ] && [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(cat "$work/port")/readyz")" = 200 ] && break
    sleep 0.1
    i=$((i + 1))
done
url="http://127.0.0.1:$(cat "$work/port")/v1/annotate?id=d1"

# The server's record is run's for the same document.
curl -s -m 10 -H 'Content-Type: text/plain' --data-binary "@$work/body.txt" "$url" >"$work/one"
if [ "$(cat "$work/one")" = "$(head -n 1 "$work/run.out")" ]; then
    echo "the server's record = textpipe run's"
else
    echo "WARNING: the server's record differs from textpipe run's"
fi

# measure C: prints "rps p50_ms p99_ms errors" at concurrency C.
if command -v wrk >/dev/null 2>&1; then
    client="wrk"
    cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain"
local f = io.open(os.getenv("SERVE_BENCH_BODY"), "rb")
wrk.body = f:read("*a")
f:close()
LUA
    measure() {
        t=$(($1 < 2 ? 1 : 2))
        SERVE_BENCH_BODY="$work/body.txt" wrk -t $t -c "$1" -d "${secs}s" --latency -s "$work/post.lua" "$url" \
            >"$work/wrk.$1" 2>&1
        awk '
            function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
            $1 == "Requests/sec:" { rps = $2 }
            $1 == "50%" { p50 = ms($2) }
            $1 == "99%" { p99 = ms($2) }
            /Non-2xx/ { err += $NF }
            /Socket errors/ { err += 1 }
            END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, err }' "$work/wrk.$1"
    }
else
    client="python"
    measure() {
        python3 - "$url" "$work/body.txt" "$1" "$secs" <<'PY'
import http.client, sys, threading, time, urllib.parse
url, body, conc, secs = sys.argv[1], open(sys.argv[2], 'rb').read(), int(sys.argv[3]), float(sys.argv[4])
u = urllib.parse.urlsplit(url)
lat, errs, stop = [], [0], time.time() + secs
def run():
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    while time.time() < stop:
        t = time.perf_counter()
        c.request('POST', u.path + '?' + u.query, body, {'Content-Type': 'text/plain'})
        r = c.getresponse(); r.read()
        lat.append(time.perf_counter() - t)
        if r.status != 200: errs[0] += 1
ts = [threading.Thread(target=run) for _ in range(conc)]
t0 = time.time(); [t.start() for t in ts]; [t.join() for t in ts]
lat.sort()
print('%.0f %.2f %.2f %d' % (len(lat) / (time.time() - t0), lat[len(lat) // 2] * 1e3, lat[int(len(lat) * .99)] * 1e3, errs[0]))
PY
    }
fi
echo "client: $client"
printf '%-12s %10s %9s %9s %7s %s\n' concurrency requests/s p50_ms p99_ms errors "vs run -j $jobs"
for c in 1 16 64; do
    set -- $(measure $c)
    printf '%-12s %10s %9s %9s %7s %s\n' "$c" "$1" "$2" "$3" "$4" "$(awk -v a="$1" -v b="$run_rate" 'BEGIN { printf "%.2fx", a / b }')"
done
kill -TERM $spid
wait $spid || true
spid=""

# Under abuse (the issue's scenario): for SERVE_BENCH_CHAOS_SECONDS (30),
# kill -9 a worker every second while four clients send the seed article
# and others send malformed and oversized bodies and stall mid-body.
# Every good request must get run's record or a 5xx error record; the
# server must stay up and its memory flat.
chaos=${SERVE_BENCH_CHAOS_SECONDS:-30}
rm -f "$work/port"
"$TEXTPIPE" serve --listen 127.0.0.1:0 --port-file "$work/port" -j "$jobs" --access-log off \
    --max-body 64K --client-timeout 2 --request-timeout 2 2>"$work/serve.err" &
spid=$!
i=0
while [ $i -lt 200 ]; do
    [ -s "$work/port" ] && [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(cat "$work/port")/readyz")" = 200 ] && break
    sleep 0.1
    i=$((i + 1))
done
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
rss0=$(rss $spid)
(
    end=$(($(date +%s) + chaos))
    while [ "$(date +%s)" -lt "$end" ]; do
        sleep 1
        w=$(pgrep -P $spid | shuf -n 1)
        [ -n "$w" ] && kill -9 "$w" 2>/dev/null
    done
) &
killer=$!
python3 - "$(cat "$work/port")" "$work/body.txt" "$work/run.out" "$chaos" <<'PY'
import http.client, json, socket, sys, threading, time
port, body, expected, secs = int(sys.argv[1]), open(sys.argv[2], 'rb').read(), open(sys.argv[3], 'rb').readline(), float(sys.argv[4])
stop = time.time() + secs
count = {}
lock = threading.Lock()
def note(k):
    with lock: count[k] = count.get(k, 0) + 1
def post(data, ctype='text/plain', q='?id=d1'):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
    c.request('POST', '/v1/annotate' + q, data, {'Content-Type': ctype})
    r = c.getresponse(); b = r.read(); c.close()
    return r.status, b
def good():
    while time.time() < stop:
        try:
            st, b = post(body)
        except Exception as e:
            note('good: connection error'); continue
        if st == 200 and b == expected: note('good: run\'s record')
        elif st >= 500:
            try:
                rec = json.loads(b)
                ok = rec.get('id') == 'd1' and 'code' in rec['error']
            except Exception:
                ok = False
            note('good: 5xx error record (%s)' % rec['error']['code'] if ok else 'good: 5xx WITHOUT an error record')
        else: note('good: WRONG answer %d' % st)
def bad():
    while time.time() < stop:
        try:
            st, _ = post(b'{"id":"x","text":"oops', 'application/json'); note('malformed: %d' % st)
            st, _ = post(b'x' * 100000); note('oversized: %d' % st)
        except Exception: note('bad: connection error')
        time.sleep(0.05)
def slow():
    while time.time() < stop:
        s = socket.create_connection(('127.0.0.1', port))
        s.sendall(b'POST /v1/annotate HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc')
        s.settimeout(10)
        t = time.time()
        try: s.recv(100)
        except OSError: pass
        note('slow client cut off after %.0f s' % (time.time() - t))
        s.close()
ts = [threading.Thread(target=f) for f in [good] * 4 + [bad, slow]]
[t.start() for t in ts]; [t.join() for t in ts]
for k in sorted(count): print('  %-45s %d' % (k, count[k]))
PY
wait $killer
up=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(cat "$work/port")/healthz")
restarts=$(curl -s -m 5 "http://127.0.0.1:$(cat "$work/port")/metrics" | awk '/^textpipe_worker_restarts_total/ { n += $2 } END { print n + 0 }')
echo "after ${chaos} s of kill -9 every second: /healthz $up, $restarts workers replaced," \
    "server RSS ${rss0} kB -> $(rss $spid) kB"
kill -TERM $spid
wait $spid || true
spid=""
