#!/bin/sh
# textpipe serve's limits: 503 with Retry-After when the queue is full;
# slow clients are cut off (--client-timeout for an idle one,
# --request-timeout for one that trickles its body); --max-connections;
# the access log: one JSON object per request, reopened on SIGHUP.
. "$TESTS_SRCDIR/e2e/lib.sh"
. "$TESTS_SRCDIR/e2e/serve_lib.sh"

c=$(cfg slow.cfg 'stages = ( { plugin = "testwords"; }, { plugin = "testcrash"; id = "fragile"; } );')
serve_start -c "$c" -j 1 --queue 1 --client-timeout 2 --request-timeout 1 --max-connections 4 \
    --access-log "$WORK/access.log" || { not_ok "the server starts"; finish; }

# Overload: one worker holds two documents (two slow ones), one more waits
# in the queue (--queue 1); the next is refused at once.
printf 'SLOW_ME' >"$WORK/slow"
printf 'fine words' >"$WORK/fine"
bg=""
for f in slow slow fine; do
    curl -s -m 20 -o "$WORK/bg.$f.body" -w '%{http_code}\n' -H 'Content-Type: text/plain' \
        --data-binary "@$WORK/$f" "http://127.0.0.1:$PORT/v1/annotate" >>"$WORK/bgcodes" &
    bg="$bg $!"
    sleep 0.2
done
post /v1/annotate text/plain "$WORK/fine"
expect_eq "a full queue: 503 overloaded" '503 "overloaded"' "$code $(body_jq .error.code)"
if grep -qi '^retry-after: [0-9]' "$WORK/headers"; then ok "503 has Retry-After"; else
    not_ok "503 has Retry-After" "$(cat "$WORK/headers")"
fi
wait $bg
expect_eq "the queued requests were all served" "200 200 200" "$(sort "$WORK/bgcodes" | tr '\n' ' ' | sed 's/ $//')"
post /v1/annotate text/plain "$WORK/fine"
expect_eq "after the load: served again" 200 "$code"

# slow MODE: a raw client.  idle: the headers and part of the body, then
# nothing.  trickle: one byte every 0.3 s.  Prints how many seconds until
# the server closed the connection (or "open" after 10 s).
slow() {
    "$PYTHON3" - "$PORT" "$1" <<'PY'
import socket, sys, time
port, mode = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(('127.0.0.1', port), timeout=10)
s.sendall(b'POST /v1/annotate HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nabc')
t0 = time.time()
s.settimeout(0.3)
while time.time() - t0 < 10:
    try:
        if s.recv(4096) == b'':
            print('%.0f' % (time.time() - t0)); sys.exit(0)
    except socket.timeout:
        if mode == 'trickle':
            try: s.sendall(b'x')
            except OSError: print('%.0f' % (time.time() - t0)); sys.exit(0)
    except OSError:
        print('%.0f' % (time.time() - t0)); sys.exit(0)
print('open')
PY
}
t=$(slow idle)
case $t in [0-4]) ok "an idle client is cut off after --client-timeout (${t} s)" ;; *) not_ok "an idle client is cut off" "$t" ;; esac
t=$(slow trickle)
case $t in [0-3]) ok "a trickling client is cut off after --request-timeout (${t} s)" ;; *) not_ok "a trickling client is cut off" "$t" ;; esac

# --max-connections 4: four idle connections are held; a fifth is answered
# 503 (too_many_connections) and closed; once they go, requests are served
# again.
"$PYTHON3" - "$PORT" >"$WORK/conns" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
held = [socket.create_connection(('127.0.0.1', port), timeout=5) for _ in range(4)]
time.sleep(0.3)
s = socket.create_connection(('127.0.0.1', port), timeout=5)
s.sendall(b'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
data = b''
try:
    while True:
        d = s.recv(4096)
        if not d:
            break
        data += d
except OSError:
    data += b' (not closed)'
head, _, body = data.partition(b'\r\n\r\n')
lines = head.split(b'\r\n')
print(lines[0].decode().split(' ')[1] if lines[0] else 'none')
print('close' if any(l.lower() == b'connection: close' for l in lines) else 'keep')
print(body.decode(errors='replace'))
PY
expect_eq "a connection over --max-connections: 503, closed" "503 close" "$(head -n 2 "$WORK/conns" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "a connection over --max-connections: the error body" '"too_many_connections"' \
    "$(sed -n 3p "$WORK/conns" | "$JQ" -c .error.code)"
get /healthz
expect_eq "then served again" 200 "$code"

# The access log: JSON lines with the documented members.
printf '{"id":' >"$WORK/bad"
post '/v1/annotate?newsroom=default' application/json "$WORK/bad"
post /v1/annotate text/plain "$WORK/fine"
sleep 0.2
bad=$("$JQ" -c 'select((.time | test("^[0-9-]{10}T[0-9:.]{12}Z$") | not) or (.status | type) != "number" or (.ms | type) != "number" or .method == null or .path == null)' "$WORK/access.log" 2>&1)
expect_eq "access log: every line a JSON object with time, method, path, status, ms" "" "$bad"
expect_eq "access log: the bad JSON request" \
    '{"method":"POST","path":"/v1/annotate","newsroom":"default","status":400,"error":"bad_json","bytes_in":6,"docs":0}' \
    "$("$JQ" -c 'select(.status == 400) | {method, path, newsroom, status, error, bytes_in, docs}' "$WORK/access.log")"
expect_eq "access log: the 503" 1 "$("$JQ" -c 'select(.status == 503 and .error == "overloaded")' "$WORK/access.log" | wc -l)"
expect_eq "access log: a good request" '{"status":200,"docs":1,"generation":1,"remote":"127.0.0.1"}' \
    "$("$JQ" -c 'select(.status == 200 and .path == "/v1/annotate") | {status, docs, generation, remote}' "$WORK/access.log" | tail -n 1)"
# Rotation: the file moved away, SIGHUP, the next lines go to a new file.
mv "$WORK/access.log" "$WORK/access.log.1"
kill -HUP "$SERVER_PID"
sleep 0.5
post /v1/annotate text/plain "$WORK/fine"
sleep 0.2
expect_eq "after SIGHUP: the log reopened" 1 "$("$JQ" -c 'select(.status == 200)' "$WORK/access.log" 2>/dev/null | wc -l)"
serve_stop
expect_eq "SIGTERM: exit 0" 0 "$src"
finish
