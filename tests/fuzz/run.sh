#!/bin/sh
# make fuzz [FUZZ_SECONDS=N]: builds each libFuzzer target with clang and
# runs it for N seconds (default 60) on a corpus seeded from tests/fuzz/seeds
# and the test fixtures.  Fails when a target finds a crash; the input is
# kept in tests/fuzz/findings/ of the build tree.
set -eu
: "${TOP_SRCDIR:?run through make fuzz}"
: "${TOP_BUILDDIR:?run through make fuzz}"
seconds=${FUZZ_SECONDS:-60}
clang=${CLANG:-clang}
if ! command -v "$clang" >/dev/null 2>&1; then
    echo "make fuzz: clang is not installed (apt-get install clang)" >&2
    exit 1
fi
out=$TOP_BUILDDIR/tests/fuzz
mkdir -p "$out/bin" "$out/corpus" "$out/findings"

flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -std=c11 -D_GNU_SOURCE
 -I$TOP_BUILDDIR -I$TOP_SRCDIR/core -I$TOP_SRCDIR/sdk/include $(pkg-config --cflags libconfig libcjson nettle)"
libs="$(pkg-config --libs libconfig libcjson nettle) -lltdl -ldl -lm"
core=""
for f in "$TOP_SRCDIR"/core/*.c; do
    case $(basename "$f") in cli_*) ;; *) core="$core $f" ;; esac
done

# build NAME MAIN.c [PLUGIN_SOURCES...] [-- EXTRA_FLAGS...]
build() {
    name=$1
    shift
    echo "== building fuzz_$name"
    # shellcheck disable=SC2086
    "$clang" $flags "$@" $core $libs -o "$out/bin/fuzz_$name"
}

# Plugin sources get their entry renamed, so several link into one binary.
plugin_objs() {
    for p in "$@"; do
        for src in "$TOP_SRCDIR"/plugins/"$p"/*.c; do
            case $(basename "$src") in test_* | fuzz_*) continue ;; esac
            obj="$out/bin/$p-$(basename "$src" .c).o"
            # shellcheck disable=SC2086
            "$clang" $flags -c -Dtp_plugin_entry=tp_plugin_entry_"$p" -I"$TOP_SRCDIR/plugins/$p" "$src" -o "$obj"
            echo "$obj"
        done
    done
}

targets="config jsonl"
build config "$TOP_SRCDIR/tests/fuzz/fuzz_config.c"
build jsonl "$TOP_SRCDIR/tests/fuzz/fuzz_jsonl.c"

# Each shipped plugin's process() on arbitrary bytes, in the pipeline it
# needs (listed in plugins/fuzz.list: NAME<TAB>PLUGINS<TAB>CONFIG).
if [ -f "$TOP_SRCDIR/plugins/fuzz.list" ]; then
    while IFS='	' read -r name plugins config; do
        case $name in '#'* | '') continue ;; esac
        builtins=""
        for p in $plugins; do builtins="$builtins X($p)"; done
        # shellcheck disable=SC2046
        build "$name" -DFUZZ_BUILTINS="$builtins" -DFUZZ_CONFIG="\"$config\"" \
            "$TOP_SRCDIR/tests/fuzz/fuzz_stage.c" $(plugin_objs $plugins)
        targets="$targets $name"
    done <"$TOP_SRCDIR/plugins/fuzz.list"
fi
# Extra targets a plugin ships (plugins/NAME/fuzz_*.c, with their sources).
for f in "$TOP_SRCDIR"/plugins/*/fuzz_*.c; do
    [ -f "$f" ] || continue
    p=$(basename "$(dirname "$f")")
    name=$(basename "$f" .c | sed 's/^fuzz_//')
    srcs=""
    for src in "$TOP_SRCDIR"/plugins/"$p"/*.c; do
        case $(basename "$src") in test_* | fuzz_* | plugin.c) ;; *) srcs="$srcs $src" ;; esac
    done
    # shellcheck disable=SC2086
    build "$name" -I"$TOP_SRCDIR/plugins/$p" "$f" $srcs
    targets="$targets $name"
done

seed() {
    dir=$out/corpus/$1
    mkdir -p "$dir"
    shift
    for s in "$@"; do
        [ -e "$s" ] && cp -r "$s"/. "$dir"/ 2>/dev/null || { [ -f "$s" ] && cp "$s" "$dir"/; } || true
    done
}

status=0
export TEXTPIPE_DATA_DIR="$TOP_SRCDIR/plugins"
export LSAN_OPTIONS="suppressions=$TOP_SRCDIR/tests/fuzz/lsan.supp"
export SBD_DATA="$TOP_SRCDIR/plugins/sentences/data/abbrev_en.txt"
export MONEY_DATA_DIR="$TOP_SRCDIR/plugins/currency/data"
for t in $targets; do
    case $t in
    config) seed config "$TOP_SRCDIR/tests/fuzz/seeds/config" "$TOP_SRCDIR/conf/default.cfg" ;;
    jsonl) seed jsonl "$TOP_SRCDIR/tests/fuzz/seeds/jsonl" ;;
    *) seed "$t" "$TOP_SRCDIR/tests/fuzz/seeds/text" "$TOP_SRCDIR"/samples/*.txt "$TOP_SRCDIR/tests/fuzz/seeds/$t" ;;
    esac
    echo "== fuzz_$t for $seconds s"
    if ! "$out/bin/fuzz_$t" "$out/corpus/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$out/findings/$t-" -print_final_stats=1 >"$out/$t.log" 2>&1; then
        echo "fuzz_$t: FOUND A PROBLEM (input in $out/findings/):"
        tail -40 "$out/$t.log"
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$out/$t.log" | sed "s/^/  fuzz_$t /"
    fi
done
exit $status
