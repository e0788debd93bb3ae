#!/bin/sh
# libtextpipe.so exports the public API and nothing else: every dynamic
# symbol it defines is a tp_ name of sdk/include/textpipe/*.h under the
# TEXTPIPE_1 version node - no tp__ internal, nothing of the runner or the
# viewer.  Checked on the library this build made (and, when quickstart.sh
# installed one, on the installed library).
set -u
: "${TOP_BUILDDIR:?run through make check}"
failures=0
n=0
check() {
    lib=$1
    n=$((n + 1))
    if [ ! -f "$lib" ]; then
        echo "ok $n - $lib: not there (skipped)"
        return
    fi
    bad=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^tp_[a-z][a-z0-9_]*@@TEXTPIPE_1$' |
        grep -v '^TEXTPIPE_1$')
    if [ -z "$bad" ]; then
        echo "ok $n - $lib exports only public tp_ names"
    else
        echo "not ok $n - $lib exports more than the public API"
        echo "$bad" | head -20 | sed 's/^/#   /'
        failures=$((failures + 1))
    fi
    # Every exported name is declared in a public header.
    n=$((n + 1))
    missing=""
    for sym in $(nm -D --defined-only "$lib" | awk '{print $3}' | sed -n 's/@@TEXTPIPE_1$//p' | grep '^tp_'); do
        grep -q "\\b$sym(" "$TOP_SRCDIR"/sdk/include/textpipe/*.h || missing="$missing $sym"
    done
    if [ -z "$missing" ]; then echo "ok $n - every export is declared in sdk/include/textpipe"; else echo "not ok $n - exports not in a public header:$missing"; failures=$((failures + 1)); fi
}
check "$TOP_BUILDDIR/core/.libs/libtextpipe.so"
if [ -n "${TEXTPIPE_INSTALLED:-}" ]; then
    check "$TEXTPIPE_INSTALLED/lib/libtextpipe.so"
fi
echo "1..$n"
[ "$failures" -eq 0 ]
