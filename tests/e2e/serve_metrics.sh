#!/bin/sh
# textpipe serve: GET /metrics in the Prometheus text format (0.0.4):
# requests by newsroom and status, documents and bytes, error records by
# code, a latency histogram per stage, worker restarts, reloads; counts
# that follow the traffic this test sends.
. "$TESTS_SRCDIR/e2e/lib.sh"
. "$TESTS_SRCDIR/e2e/serve_lib.sh"

mkdir "$WORK/rooms"
printf '%s\n' 'stages = ( { plugin = "testwords"; }, { plugin = "testcrash"; id = "fragile"; } );' \
    >"$WORK/rooms/sydney.cfg"
printf '%s\n' 'stages = ( { plugin = "testwords"; } );' >"$WORK/rooms/default.cfg"
serve_start --config-dir "$WORK/rooms" -j 2 || { not_ok "the server starts"; finish; }

printf 'Twelve bytes' >"$WORK/t12"
printf 'SEGV_ME' >"$WORK/segv"
printf '{"id":' >"$WORK/bad"
for i in 1 2 3; do post '/v1/annotate?newsroom=sydney' text/plain "$WORK/t12"; done
post /v1/annotate text/plain "$WORK/t12"
post '/v1/annotate?newsroom=sydney' text/plain "$WORK/segv"
expect_eq "the crash: 500" 500 "$code"
post '/v1/annotate?newsroom=sydney' application/json "$WORK/bad"
expect_eq "bad JSON: 400" 400 "$code"
# The crashed worker's replacement starts its stages (5 s at most).
i=0
while [ $i -lt 50 ]; do
    get /metrics
    grep -qx 'textpipe_workers{state="ready"} 2' "$WORK/body" && break
    sleep 0.1
    i=$((i + 1))
done
expect_eq "GET /metrics: 200" 200 "$code"
if grep -qi '^content-type: text/plain; version=0.0.4' "$WORK/headers"; then ok "the exposition format's type"; else
    not_ok "the exposition format's type" "$(cat "$WORK/headers")"
fi
m="$WORK/body"
# value SERIES: the value of a series (exact name and labels).
value() {
    awk -v s="$1" '$1 == s { print $2 }' "$m"
}
expect_eq "requests, sydney, 200" 3 "$(value 'textpipe_http_requests_total{newsroom="sydney",status="200"}')"
expect_eq "requests, default, 200" 1 "$(value 'textpipe_http_requests_total{newsroom="default",status="200"}')"
expect_eq "requests, sydney, 500" 1 "$(value 'textpipe_http_requests_total{newsroom="sydney",status="500"}')"
expect_eq "requests, sydney, 400" 1 "$(value 'textpipe_http_requests_total{newsroom="sydney",status="400"}')"
expect_eq "documents, sydney (the crash included)" 4 "$(value 'textpipe_documents_total{newsroom="sydney"}')"
expect_eq "text bytes, sydney" 43 "$(value 'textpipe_document_bytes_total{newsroom="sydney"}')"
expect_eq "error records by code" 1 "$(value 'textpipe_document_errors_total{newsroom="sydney",code="crashed"}')"
expect_eq "worker restarts, crashed" 1 "$(value 'textpipe_worker_restarts_total{reason="crashed"}')"
expect_eq "a histogram per stage: the documents it ran" 3 \
    "$(value 'textpipe_stage_duration_seconds_count{newsroom="sydney",stage="fragile"}')"
expect_eq "a histogram per stage: +Inf bucket = count" 3 \
    "$(value 'textpipe_stage_duration_seconds_bucket{newsroom="sydney",stage="testwords",le="+Inf"}')"
expect_eq "request latency histogram" 5 "$(value 'textpipe_request_duration_seconds_count{newsroom="sydney"}')"
expect_eq "workers ready" 2 "$(value 'textpipe_workers{state="ready"}')"
expect_eq "the config generation" 1 "$(value 'textpipe_config_generation')"

# The format: every sample line is NAME{LABELS} VALUE, every family has
# HELP and TYPE before its samples, buckets never decrease.
bad=$(awk '
    /^# HELP / { help[$3] = 1; next }
    /^# TYPE / { type[$3] = $4; next }
    /^#/ { next }
    {
        if ($0 !~ /^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [-+0-9.eInf]+$/) { print "line: " $0; next }
        name = $1; sub(/\{.*/, "", name); fam = name
        if (!(fam in type)) { sub(/_(bucket|sum|count)$/, "", fam) }
        if (!(fam in type) || !(fam in help)) print "no HELP/TYPE: " name
        if (name ~ /_bucket$/) {
            key = $1; sub(/,?le="[^"]*"/, "", key)
            if ((key in last) && $2 + 0 < last[key]) print "decreasing: " $0
            last[key] = $2 + 0
        }
    }' "$m")
expect_eq "the exposition parses" "" "$bad"
serve_stop
expect_eq "SIGTERM: exit 0" 0 "$src"
finish
