#!/bin/sh
# A plugin upgraded in place - a new file renamed over the old one, as
# package managers do - is what a SIGHUP reload loads.  Asked for the same
# path again, the dynamic linker would hand back the code it mapped first;
# the loader opens each checked file through its own descriptor instead
# (core/loadname.h).  A reload that changes nothing keeps no new descriptor.
. "$TESTS_SRCDIR/e2e/lib.sh"
. "$TESTS_SRCDIR/e2e/serve_lib.sh"

top=$(dirname "$TEXTPIPE")
v1="$top/tests/plugins/.libs/testwords.so"
v2="$top/tests/plugins/upgraded/.libs/testwords.so"
if [ ! -f "$v1" ] || [ ! -f "$v2" ]; then
    echo "SKIP: the test plugins are not built"
    exit 77
fi

# install SO: puts SO in the plugin folder as package managers do.
install_plugin() {
    cp "$1" "$WORK/plug/testwords.so.new"
    chmod 644 "$WORK/plug/testwords.so.new"
    mv -f "$WORK/plug/testwords.so.new" "$WORK/plug/testwords.so"
}
mkdir "$WORK/plug"
chmod 755 "$WORK/plug"
install_plugin "$v1"
printf 'stages = ( { plugin = "testwords"; } );\n' >"$WORK/news.cfg"
printf 'Some words' >"$WORK/doc"

serve_start -c "$WORK/news.cfg" --plugin-path "$WORK/plug" -j 1 --access-log off ||
    { not_ok "the server starts"; finish; }

version() {
    get /v1/pipelines
    body_jq -r '.pipelines[0].stages[0].version'
}
generation() {
    curl -s -m 5 "http://127.0.0.1:$PORT/readyz" | "$JQ" -r .generation
}
# reload N: SIGHUP, then up to 10 s for generation N.
reload() {
    kill -HUP "$SERVER_PID"
    i=0
    while [ "$(generation)" != "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}
fds() {
    ls "/proc/$SERVER_PID/fd" | wc -l
}

expect_eq "version 1.0 serves" 1.0 "$(version)"
install_plugin "$v2"
reload 2
expect_eq "SIGHUP after an upgrade: version 2.0 serves" 2.0 "$(version)"
post /v1/annotate text/plain "$WORK/doc"
expect_eq "the upgraded plugin answers" '200 ["Some","words"]' \
    "$code $(body_jq '[.annotations.word[] | .text]')"

before=$(fds)
reload 3
reload 4
expect_eq "reloads that change nothing: version 2.0" 2.0 "$(version)"
expect_eq "reloads that change nothing keep no new descriptor" "$before" "$(fds)"

finish
