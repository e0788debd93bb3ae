# Helpers for the `textpipe serve` end-to-end tests: sourced after lib.sh.
#
# serve_start ARGS... starts the server on a free loopback port (port 0,
# the port read back from --port-file) and waits until /readyz answers 200
# (20 s at most).  Every curl call has a time limit and the EXIT trap kills
# a server still running, so a broken server fails a test, never hangs it.

if ! command -v curl >/dev/null 2>&1; then
    echo "SKIP: curl is not installed (quickstart.sh check installs it)"
    exit 77
fi

# The server under test: the installed one when TEXTPIPE_INSTALLED names an
# installation (./quickstart.sh check installs before it tests), else the
# build's.  The test plugins are found through TEXTPIPE_PLUGIN_PATH either way.
SERVE_BIN=$TEXTPIPE
if [ -n "${TEXTPIPE_INSTALLED:-}" ] && [ -x "$TEXTPIPE_INSTALLED/bin/textpipe" ]; then
    SERVE_BIN=$TEXTPIPE_INSTALLED/bin/textpipe
fi
echo "# server: $SERVE_BIN"

SERVER_PID=""
PORT=""
trap 'serve_kill; rm -rf "$WORK"' EXIT

serve_kill() {
    if [ -n "$SERVER_PID" ]; then
        kill -9 "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
        SERVER_PID=""
    fi
}

# serve_start ARGS...: server output in $WORK/serve.err; returns 1 if it
# did not become ready.
serve_start() {
    rm -f "$WORK/port"
    "$SERVE_BIN" serve --listen 127.0.0.1:0 --port-file "$WORK/port" "$@" 2>"$WORK/serve.err" &
    SERVER_PID=$!
    i=0
    while [ $i -lt 200 ]; do
        if [ -s "$WORK/port" ]; then
            PORT=$(cat "$WORK/port")
            code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")
            [ "$code" = 200 ] && return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
        i=$((i + 1))
    done
    echo "# the server did not become ready: $(head -c 600 "$WORK/serve.err")"
    return 1
}

# serve_stop: SIGTERM, then wait (10 s at most); $src is its exit status.
serve_stop() {
    kill -TERM "$SERVER_PID" 2>/dev/null
    i=0
    while kill -0 "$SERVER_PID" 2>/dev/null && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        src=124
        serve_kill
    else
        wait "$SERVER_PID"
        src=$?
        SERVER_PID=""
    fi
}

# post PATH TYPE FILE [CURL ARGS...]: the body in $WORK/body, the status
# in $code, the headers in $WORK/headers.
post() {
    p=$1
    t=$2
    f=$3
    shift 3
    code=$(curl -s -m 20 -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -H "Content-Type: $t" \
        --data-binary "@$f" "$@" "http://127.0.0.1:$PORT$p")
}

# get PATH: the same for GET.
get() {
    code=$(curl -s -m 20 -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "http://127.0.0.1:$PORT$1")
}

# body_jq FILTER: a jq filter over the last response body (compact).
body_jq() {
    "$JQ" -c "$@" "$WORK/body"
}

# workers: the server's worker processes.
workers() {
    pgrep -P "$SERVER_PID"
}
