#!/bin/sh
# The man pages: they render without a single warning (man --warnings, and
# groff with every warning on), and they document what exists: every
# command and long option of `textpipe --help` in textpipe(1), every
# option of `textpipe serve --help` in textpipe-serve(1), every
# setting the config reader knows in textpipe.cfg(5), every public function
# of plugin.h, doc.h, utf8.h and testkit.h in textpipe-plugin(7).
. "$TESTS_SRCDIR/sdk/lib.sh"
: "${TEXTPIPE:?run through make check}"
command -v groff >/dev/null 2>&1 || skip "groff is not installed"

pages="textpipe.1 textpipe-serve.1 textpipe.cfg.5 textpipe-plugin.7"
for p in $pages; do
    f=$TOP_SRCDIR/man/$p
    if command -v man >/dev/null 2>&1; then
        LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$f" >/dev/null 2>"$WORK/log"
        if [ ! -s "$WORK/log" ]; then ok "man --warnings -l $p: no warning"; else not_ok "man --warnings -l $p: no warning"; fi
    fi
    groff -ww -z -man "$f" >"$WORK/log" 2>&1
    if [ ! -s "$WORK/log" ]; then ok "groff -ww $p: no warning"; else not_ok "groff -ww $p: no warning"; fi
    # Plain text (ASCII hyphens) for the checks below.
    groff -man -Tascii -P-cbou "$f" 2>/dev/null >"$WORK/$p.txt"
done

# textpipe(1): every command and every long option of --help.
"$TEXTPIPE" --help >"$WORK/help" 2>&1
sed -n 's/^  textpipe \([a-z-]*\).*/\1/p' "$WORK/help" | sort -u >"$WORK/commands"
expect_eq "textpipe --help lists commands" 1 "$([ -s "$WORK/commands" ] && echo 1)"
while read -r c; do
    expect_in "textpipe.1 documents the $c command" "textpipe $c" "$WORK/textpipe.1.txt"
done <"$WORK/commands"
grep -o -- '--[a-z][a-z-]*' "$WORK/help" | sort -u >"$WORK/options"
while read -r o; do
    expect_in "textpipe.1 documents $o" "$o" "$WORK/textpipe.1.txt"
done <"$WORK/options"
for o in -c -o -j -V -h; do
    expect_in "textpipe.1 documents $o" "$o" "$WORK/textpipe.1.txt"
done
for e in TEXTPIPE_PLUGIN_PATH TEXTPIPE_DATA_DIR; do
    expect_in "textpipe.1 documents \$$e" "$e" "$WORK/textpipe.1.txt"
done

# textpipe-serve(1): every option of `textpipe serve --help`, every path.
"$TEXTPIPE" serve --help >"$WORK/shelp" 2>&1
grep -o -- '--[a-z][a-z-]*' "$WORK/shelp" | sort -u >"$WORK/soptions"
expect_eq "textpipe serve --help lists options" 1 "$([ -s "$WORK/soptions" ] && echo 1)"
while read -r o; do
    expect_in "textpipe-serve.1 documents $o" "$o" "$WORK/textpipe-serve.1.txt"
done <"$WORK/soptions"
for p in /v1/annotate /healthz /readyz /metrics /v1/pipelines SIGHUP SIGTERM Retry-After; do
    expect_in "textpipe-serve.1 documents $p" "$p" "$WORK/textpipe-serve.1.txt"
done

# textpipe.cfg(5): every key the config reader accepts (core/config.c).
keys=$(sed -n 's/^static const char \*const [a-z_]*_keys\[\] = {\(.*\)};/\1/p' "$TOP_SRCDIR/core/config.c" |
    tr -d '" ' | tr ',' '\n' | sort -u)
expect_eq "core/config.c lists its keys" 1 "$([ -n "$keys" ] && echo 1)"
for k in $keys; do
    expect_in "textpipe.cfg.5 documents $k" "$k" "$WORK/textpipe.cfg.5.txt"
done
for w in @include error warn info debug; do
    expect_in "textpipe.cfg.5 documents $w" "$w" "$WORK/textpipe.cfg.5.txt"
done

# textpipe-plugin(7): every function and macro of the installed headers.
inc=$TOP_SRCDIR/sdk/include/textpipe
for fn in $(grep -ohE '\b(tp|tpk)_[a-z_]+\(' "$inc/plugin.h" "$inc/doc.h" "$inc/utf8.h" "$inc/testkit.h" | tr -d '(' | grep -v '^tpk*__' | sort -u); do
    expect_in "textpipe-plugin.7 documents $fn" "$fn" "$WORK/textpipe-plugin.7.txt"
done
for m in TP_PLUGIN_DESCRIPTOR_HEAD TP_PLUGIN_DEFINE TP_OK TP_ERR TP_NO_SPAN TP_ABI_MAJOR TP_ABI_MINOR \
    TP_OPT_STRING TP_OPT_INT TP_OPT_DOUBLE TP_OPT_BOOL TP_OPT_LIST TP_OPT_FIELD tp_opt_list \
    consumes_optional struct_size TP_UTF8_WORD; do
    expect_in "textpipe-plugin.7 documents $m" "$m" "$WORK/textpipe-plugin.7.txt"
done
# The ABI changelog lives in one place, version.h, which lists every minor
# up to the current one; the page sends readers there.
expect_eq "only version.h holds ABI changelog entries" "$inc/version.h" \
    "$(grep -lE '^ \*   [0-9]+\.[0-9]+  ' "$TOP_SRCDIR"/sdk/include/textpipe/*.h)"
major=$(sed -n 's/^#define TP_ABI_MAJOR \([0-9]*\)/\1/p' "$inc/version.h")
minor=$(sed -n 's/^#define TP_ABI_MINOR \([0-9]*\)/\1/p' "$inc/version.h")
expect_eq "version.h's changelog reaches ABI $major.$minor" 1 \
    "$(grep -c "^ \*   $major\.$minor  " "$inc/version.h")"
tr -s ' ' <"$WORK/textpipe-plugin.7.txt" >"$WORK/plugin7.squeezed"
expect_in "textpipe-plugin.7 points to the changelog" "Changelog: <textpipe/version.h>" \
    "$WORK/plugin7.squeezed"
finish
