#!/bin/sh
# make fuzz [FUZZ_SECONDS=N]: builds each libFuzzer target with clang and
# runs it for N seconds (default 60) on a corpus seeded from tests/fuzz/seeds
# and the test fixtures.  Targets: the config reader (from memory, and from
# files with includes, --set and real option tables), the JSONL reader, the
# writer fed plugin-supplied names and values, the loader's .la reader and
# descriptor checks, textpipe view and textpipe eval, every plugin's
# data-file parsers, and each shipped plugin's process().  Fails when a target finds a crash; the input is
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
 -I$TOP_BUILDDIR -I$TOP_SRCDIR/core -I$TOP_SRCDIR/core/cli -I$TOP_SRCDIR/sdk/include $(pkg-config --cflags libconfig libcjson nettle zlib libzstd)"
libs="$(pkg-config --libs libconfig libcjson nettle zlib libzstd) -lltdl -ldl -lm"
# The core is compiled once into an archive that every target links.
echo "== building the core"
objs=""
for f in "$TOP_SRCDIR"/core/*.c "$TOP_SRCDIR"/core/cli/*.c "$TOP_SRCDIR"/core/cli/view/*.c \
    "$TOP_BUILDDIR"/core/default_cfg.c "$TOP_BUILDDIR"/core/cli/view/assets.c; do
    case $(basename "$f") in main.c | cmd_*) continue ;; esac
    o="$out/bin/core-$(basename "$f" .c).o"
    # shellcheck disable=SC2086
    "$clang" $flags -c "$f" -o "$o"
    objs="$objs $o"
done
rm -f "$out/bin/libcore.a"
# shellcheck disable=SC2086
ar rcs "$out/bin/libcore.a" $objs

# build NAME MAIN.c [SOURCES_OR_OBJECTS...] [EXTRA_FLAGS...]
build() {
    name=$1
    shift
    echo "== building fuzz_$name"
    # shellcheck disable=SC2086
    "$clang" $flags "$@" "$out/bin/libcore.a" $libs -o "$out/bin/fuzz_$name"
}

# A plugin's library sources (everything but its textpipe glue, tests and
# fuzz targets), compiled once into an archive; prints its path.
plugin_lib() {
    a="$out/bin/lib$1.a"
    if [ ! -f "$a.done" ]; then
        objs=""
        for src in "$TOP_SRCDIR"/plugins/"$1"/*.c; do
            case $(basename "$src") in test_* | fuzz_* | plugin.c) continue ;; esac
            o="$out/bin/lib$1-$(basename "$src" .c).o"
            # shellcheck disable=SC2086
            "$clang" $flags -c -I"$TOP_SRCDIR/plugins/$1" "$src" -o "$o"
            objs="$objs $o"
        done
        rm -f "$a"
        # shellcheck disable=SC2086
        ar rcs "$a" $objs
        touch "$a.done"
    fi
    echo "$a"
}
rm -f "$out"/bin/lib*.a.done

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

# The core's other readers of untrusted input.
build loader "$TOP_SRCDIR/tests/fuzz/fuzz_loader.c"
build writer "$TOP_SRCDIR/tests/fuzz/fuzz_writer.c"
build view "$TOP_SRCDIR/tests/fuzz/fuzz_view.c"
build eval "$TOP_SRCDIR/tests/fuzz/fuzz_eval.c" "$TOP_SRCDIR/core/cli/cmd_eval.c"
# shellcheck disable=SC2046
build config_files -DFUZZ_BUILTINS="X(sentences) X(currency)" "$TOP_SRCDIR/tests/fuzz/fuzz_config_files.c" \
    $(plugin_objs sentences currency)
targets="$targets loader writer view eval config_files"
# The batch runner's pieces: resume recovery, input framing, frames.
build resume "$TOP_SRCDIR/tests/fuzz/fuzz_resume.c"
build input "$TOP_SRCDIR/tests/fuzz/fuzz_input.c"
build wire "$TOP_SRCDIR/tests/fuzz/fuzz_wire.c"
targets="$targets resume input wire"

# Each plugin's data-file parsers, through the plugin's own load functions.
for t in abbrev:sentences ner_model:ner clusters:ner gazetteer:ner rates:currency money_tables:currency \
    summary_model:summary; do
    name=${t%%:*}
    p=${t#*:}
    build "$name" -I"$TOP_SRCDIR/plugins/$p" "$TOP_SRCDIR/tests/fuzz/fuzz_$name.c" "$(plugin_lib "$p")"
    targets="$targets $name"
done

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
    build "$name" -I"$TOP_SRCDIR/plugins/$p" "$f" "$(plugin_lib "$p")"
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
export SBD_LOWER="$TOP_SRCDIR/plugins/sentences/data/lowercase_en.txt"
export MONEY_DATA_DIR="$TOP_SRCDIR/plugins/currency/data"
for t in $targets; do
    case $t in
    config) seed config "$TOP_SRCDIR/tests/fuzz/seeds/config" "$TOP_SRCDIR/conf/default.cfg" ;;
    jsonl) seed jsonl "$TOP_SRCDIR/tests/fuzz/seeds/jsonl" ;;
    loader | writer | view | eval | config_files | gazetteer | resume | input | wire) seed "$t" "$TOP_SRCDIR/tests/fuzz/seeds/$t" ;;
    abbrev) seed abbrev "$TOP_SRCDIR/plugins/sentences/data/abbrev_en.txt" ;;
    rates) seed rates "$TOP_SRCDIR/plugins/currency/data/SAMPLE-eurofxref-hist.csv" ;;
    # Large data files seed through their first few kilobytes.
    ner_model | clusters | summary_model | money_tables)
        mkdir -p "$out/corpus/$t"
        d=$TOP_SRCDIR/plugins
        case $t in
        ner_model) head -c 4096 "$d/ner/data/ner-conll03-en.model" >"$out/corpus/$t/seed-head" ;;
        clusters) head -c 4096 "$d/ner/data/brown-cnndm-c1000.txt" >"$out/corpus/$t/seed-head" ;;
        summary_model)
            { cat "$d/summary/data/stopwords_en.txt"; echo "----"; head -c 3000 "$d/summary/data/summary_model.tsv"; } \
                >"$out/corpus/$t/seed-head"
            ;;
        money_tables)
            { printf '\000'; head -c 4096 "$d/currency/data/currencies.tsv"; } >"$out/corpus/$t/seed-currencies"
            { printf '\001'; cat "$d/currency/data/locales.tsv"; } >"$out/corpus/$t/seed-locales"
            { printf '\002'; head -c 4096 /usr/share/iso-codes/json/iso_4217.json 2>/dev/null; } >"$out/corpus/$t/seed-iso"
            ;;
        esac
        ;;
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
