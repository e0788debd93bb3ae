# Shared by the evaluation tests: they score textpipe's output on the shared
# development data with ../shared/tools, exactly as the work is judged, and
# skip (exit 77) when that data is absent.  Sourced after e2e/lib.sh.

if [ -z "${TEXTPIPE_SHARED:-}" ] || [ ! -d "$TEXTPIPE_SHARED/data" ]; then
    echo "SKIP: TEXTPIPE_SHARED does not name the shared data folder"
    exit 77
fi
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 runs the scorers"; exit 77; }
DATA=$TEXTPIPE_SHARED/data
SCORE="python3 $TEXTPIPE_SHARED/tools/score_output.py"

# at_least NAME MIN VALUE: VALUE (a number) >= MIN
at_least() {
    if awk -v v="$3" -v m="$2" 'BEGIN { exit !(v + 0 >= m + 0) }'; then
        ok "$1: $3 (target >= $2)"
    else
        not_ok "$1: $3, below the target $2"
    fi
}

# json_get JSON KEY: one top-level field of a JSON object
json_get() {
    printf '%s' "$1" | "$JQ" -r ".$2"
}
