#!/usr/bin/env bash
# scripts/fuzz.sh - libFuzzer harnesses of tests/fuzz (clang, ASan + UBSan).
#   scripts/fuzz.sh --seeds     run every harness over its committed seeds (scripts/test.sh does)
#   scripts/fuzz.sh SECONDS     fuzz every harness for SECONDS each (by hand; record the runs in
#                               tests/fuzz/README.md); new inputs go to build-fuzz/corpus-NAME
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
zj_install_deps clang libclang-rt-14-dev
b=build-fuzz
mkdir -p $b/obj
flags=(-g -O1 -std=c11 -fsanitize=fuzzer-no-link,address,undefined -D_POSIX_C_SOURCE=200809L
       -D_DEFAULT_SOURCE -DPCRE2_CODE_UNIT_WIDTH=8 -DZJ_VERSION=\"fuzz\"
       -DZJ_SOURCE_DICT_DIR=\""$PWD/dict"\" -Isrc $(pkg-config --cflags libpcre2-8 libutf8proc gsl xlsxwriter libzip libxml-2.0))
libs=($(pkg-config --libs libpcre2-8 libutf8proc gsl xlsxwriter libzip libxml-2.0) -lcsv -lm -lpthread -ldl)
objs=()
# an object is rebuilt when its source or any header changed (a header can change a struct's
# layout), a harness when its source or any object changed
newest_h=$(find src -name '*.h' -printf '%T@\n' | sort -n | tail -1)
for src in src/util/*.c src/text/*.c src/doc/*.c src/terms/*.c src/stats/*.c src/table/*.c src/reuse/*.c src/discover/*.c; do
  o=$b/obj/$(echo "${src%.c}" | tr / _).o
  if [ ! "$o" -nt "$src" ] || awk -v o="$(stat -c %Y "$o" 2>/dev/null || echo 0)" -v h="$newest_h" 'BEGIN {exit !(h > o)}'; then
    clang "${flags[@]}" -c "$src" -o "$o"
  fi
  objs+=("$o")
done
newest_o=$(ls -t "${objs[@]}" | head -1)
status=0 passed=0 failed=0
for h in tests/fuzz/fuzz_*.c; do
  name=$(basename "$h" .c)
  bin=$b/$name
  [ "$bin" -nt "$h" ] && [ "$bin" -nt "$newest_o" ] || clang "${flags[@]}" -fsanitize=fuzzer "$h" "${objs[@]}" "${libs[@]}" -o "$bin"
  seeds=tests/fuzz/seeds/${name#fuzz_}
  if [ "${1:-}" = --seeds ]; then
    if "$bin" -runs=0 "$seeds" >$b/$name.log 2>&1; then echo "ok $name ($(ls "$seeds" | wc -l) seeds)"; passed=$((passed + 1))
    else echo "FAIL $name"; tail -30 $b/$name.log; status=1; failed=$((failed + 1)); fi
  else
    mkdir -p $b/corpus-${name#fuzz_}
    "$bin" -max_total_time="${1:-60}" -print_final_stats=1 $b/corpus-${name#fuzz_} "$seeds" 2>&1 | tail -12
  fi
done
[ "${1:-}" = --seeds ] && echo "fuzz seeds: $passed passed, $failed failed"
exit $status
