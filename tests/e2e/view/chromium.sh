# Headless Chromium for the view tests: sourced after ../lib.sh, not run.
# Skips the test (77) without Chromium or python3.  Chromium runs offline,
# with a throw-away profile in $WORK, and never longer than two minutes.

PY=${PYTHON3:-python3}
command -v "$PY" >/dev/null 2>&1 || { echo "SKIP: python3 checks the pages"; exit 77; }
CHROMIUM=
for c in ${CHROMIUM_BIN:-} chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then
        CHROMIUM=$c
        break
    fi
done
[ -n "$CHROMIUM" ] || { echo "SKIP: chromium is not installed (quickstart.sh check installs it)"; exit 77; }
V=$TESTS_SRCDIR/e2e/view
profiles=0

# chrome ARGS... URL: headless Chromium; its own messages go to $WORK/chrome.log.
chrome() {
    profiles=$((profiles + 1))
    HOME=$WORK timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
        --disable-extensions --no-default-browser-check --hide-scrollbars \
        --user-data-dir="$WORK/profile$profiles" "$@" 2>>"$WORK/chrome.log"
}

# dom PAGE OUT [FRAGMENT]: the DOM after the page's script ran.
dom() {
    chrome --virtual-time-budget=3000 --dump-dom "file://$1${3:-}" >"$2"
}

# shot PAGE PNG [WIDTH,HEIGHT]
shot() {
    chrome --window-size="${3:-1200,1600}" --screenshot="$2" "file://$1" >/dev/null
}

# probe PAGE OUT: the DOM of PAGE with probe.js run in it (without the
# page's Content-Security-Policy, which admits only the page's own script).
probe() {
    "$PY" - "$1" "$V/probe.js" "$WORK/probe.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page, count=1)
open(sys.argv[3], "w", encoding="utf-8").write(page + "<script>" + open(sys.argv[2]).read() + "</script>\n")
PY
    dom "$WORK/probe.html" "$2"
}

# expect_check NAME CHECK ARGS...: check.py CHECK passes.
expect_check() {
    name=$1
    shift
    if "$PY" "$V/check.py" "$@" >"$WORK/check" 2>&1; then ok "$name"; else not_ok "$name" "$(head -c 1500 "$WORK/check")"; fi
}
