#!/usr/bin/env bash
# scripts/valgrind.sh [CASE...] - every CLI golden test (or the named ones) with the
# zongjie binary run under valgrind memcheck: no leak (definite or indirect), no
# invalid read or write, no use of uninitialised memory.
#
# Builds without sanitizers (valgrind and ASan do not mix) in build-valgrind, then runs
# tests/cli/run_case.sh with ZJ_WRAP set to valgrind.  Each case must still give its
# expected output and exit status, and every valgrind log must report no error.
# valgrind's own --error-exitcode is 99, not 1: exit 1 is zongjie's own "input or data
# error", which many cases expect; the logs are checked as well, so an error in a run
# that was meant to fail is caught too.  scripts/valgrind.supp hides one thing only:
# PCRE2 JIT code reading whole words past the end of a subject (frames without an
# object).  Runs as another user (input-unreadable) or under `ulimit -f 0`
# (output-errors-every-command) use the bare binary: valgrind could not write its log.
# Slow (about 25 minutes on 2 cores): not part of scripts/test.sh; run it by hand after
# touching memory handling, and record the result in tests/fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
zj_install_deps valgrind python3-openpyxl gnumeric

b=build-valgrind
cmake -S . -B $b -DCMAKE_BUILD_TYPE=Debug -DZJ_SANITIZE=OFF -DZJ_TESTS=OFF >/dev/null
cmake --build $b -j"$(nproc)" --target zongjie
logs=$(realpath -m $b/vg-logs)
rm -rf "$logs" && mkdir -p "$logs"
export ZJ_WRAP="valgrind -q --error-exitcode=99 --suppressions=$PWD/scripts/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect
 --errors-for-leak-kinds=definite,indirect --track-origins=yes --log-file=$logs/%q{ZJ_CASE}.%p.log"

# the slow cases (200 MB, 100,000 files) would take hours under valgrind: only when named
cases=("$@")
[ ${#cases[@]} -eq 0 ] && for c in tests/cli/*/cmd; do
  [ -f "$(dirname "$c")/slow" ] || cases+=("$(basename "$(dirname "$c")")")
done
passed=0 skipped=0 failed=()
for c in "${cases[@]}"; do
  export ZJ_CASE=$c
  start=$SECONDS
  bash tests/cli/run_case.sh $b/zongjie "tests/cli/$c" >"$logs/$c.out" 2>&1 && rc=0 || rc=$?
  if [ $rc = 77 ]; then echo "skip $c: $(tail -1 "$logs/$c.out")"; skipped=$((skipped + 1)); continue; fi
  ok=$((rc == 0))
  # a valgrind log is empty (-q) unless it found something
  bad=$(find "$logs" -name "$c.*.log" -size +0 | sort)
  if [ $ok = 1 ] && [ -z "$bad" ]; then
    echo "ok   $c ($((SECONDS - start)) s)"; passed=$((passed + 1))
  else
    echo "FAIL $c"; failed+=("$c")
    [ $ok = 1 ] || tail -20 "$logs/$c.out"
    for l in $bad; do head -40 "$l"; done
  fi
done
echo "valgrind: ${passed} passed, ${skipped} skipped, ${#failed[@]} failed${failed:+: ${failed[*]}}"
[ ${#failed[@]} -eq 0 ]
