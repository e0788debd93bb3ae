#!/bin/sh
# textpipe quickstart: everything a fresh Debian machine needs.
#
#   ./quickstart.sh         install build dependencies, build out of tree in
#                           build/, install into build/root/, run the default
#                           pipeline on a sample article and print its JSON
#   ./quickstart.sh check   the same set-up, then `make check` and
#                           `make distcheck`
#
# Dependencies are installed with apt-get when run as root; otherwise the
# script prints the exact apt-get line to run and stops.
set -eu

mode=${1:-run}
case "$mode" in
run | check) ;;
*)
    echo "usage: ./quickstart.sh [check]" >&2
    exit 2
    ;;
esac

top=$(cd "$(dirname "$0")" && pwd)
cd "$top"

# Build dependencies (Debian package names), then what the tests use.
build_deps="gcc make autoconf automake libtool pkg-config libltdl-dev libconfig-dev libcjson-dev libcmocka-dev iso-codes zlib1g-dev libzstd-dev nettle-dev libmicrohttpd-dev"
check_deps="jq python3 parallel valgrind clang time chromium curl wrk procps clang-format cppcheck"

missing=""
for pkg in $build_deps $( [ "$mode" = check ] && echo "$check_deps" ); do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $pkg"
    fi
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "quickstart: installing:$missing"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
        echo "quickstart: missing packages:$missing"
        echo "Install them, then run ./quickstart.sh again:"
        echo
        echo "    sudo apt-get install -y$missing"
        exit 1
    fi
fi

jobs=$(nproc 2>/dev/null || echo 2)

# Generate the build system when configure.ac or a Makefile fragment is
# newer than configure (or it is missing).
if [ ! -x configure ] || [ -n "$(find configure.ac Makefile.am -name '*' -newer configure 2>/dev/null)" ] ||
    [ -n "$(find . -name local.mk -newer configure 2>/dev/null)" ]; then
    ./autogen.sh >/dev/null
fi

mkdir -p build
cd build
if [ ! -f Makefile ] || [ ../configure -nt config.status ]; then
    ../configure --prefix="$top/build/root" --quiet
fi
make -j"$jobs" >/dev/null
make install >/dev/null
echo "quickstart: built and installed into build/root"

if [ "$mode" = run ]; then
    echo "quickstart: build/root/bin/textpipe run samples/markets-brief.txt"
    echo
    ./root/bin/textpipe run "$top/samples/markets-brief.txt"
    exit $?
fi

# check: the test suite (it uses ../shared/data when TEXTPIPE_SHARED names
# it or it sits beside this checkout), then a full distribution check.
if [ -z "${TEXTPIPE_SHARED:-}" ] && [ -d "$top/../shared/data" ]; then
    TEXTPIPE_SHARED=$(cd "$top/../shared" && pwd)
    export TEXTPIPE_SHARED
fi
TEXTPIPE_INSTALLED=$top/build/root
export TEXTPIPE_INSTALLED
status=0
make -j"$jobs" check || status=$?
make -j"$jobs" distcheck || status=$?
exit $status
