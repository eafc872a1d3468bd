#!/usr/bin/env bash
# run_case.sh BINARY CASE_DIR - one CLI golden test.
#
# CASE_DIR/cmd is a shell snippet run in CASE_DIR with `zongjie` bound to the
# binary under test.  Its standard output must equal CASE_DIR/expected.out,
# its standard error CASE_DIR/expected.err (when that file exists; otherwise
# stderr is shown but not compared), and its exit status the number in
# CASE_DIR/expected.status (default 0).  UPDATE=1 rewrites the expectations
# from the actual run: read every rewrite before committing it.
# A cmd that cannot run here (a tool it needs is missing) writes the reason to
# "$tmp/skip": the case is then skipped (exit 77, ctest's SKIP_RETURN_CODE).
# ZJ_WRAP, when set, is a command line put before the binary (scripts/valgrind.sh
# sets it to valgrind with its options); it is split on spaces.
set -u
bin=$(realpath "$1")
dir=$2
cd "$dir" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
zongjie() { ${ZJ_WRAP:-} "$bin" "$@"; }
export -f zongjie
export bin
( . ./cmd ) >"$tmp/out" 2>"$tmp/err"
status=$?
if [ -f "$tmp/skip" ]; then echo "skipped: $(cat "$tmp/skip")"; exit 77; fi
if [ "${UPDATE:-0}" = 1 ]; then
  cp "$tmp/out" expected.out
  [ -f expected.err ] && cp "$tmp/err" expected.err
  if [ "$status" -ne 0 ]; then echo "$status" >expected.status; else rm -f expected.status; fi
  echo "updated $dir"
  exit 0
fi
want_status=0
[ -f expected.status ] && want_status=$(cat expected.status)
fail=0
if ! diff -u expected.out "$tmp/out"; then echo "FAIL: stdout differs"; fail=1; fi
if [ -f expected.err ] && ! diff -u expected.err "$tmp/err"; then echo "FAIL: stderr differs"; fail=1; fi
if [ "$status" != "$want_status" ]; then echo "FAIL: exit status $status, want $want_status"; fail=1; fi
if [ "$fail" = 0 ] && [ ! -f expected.err ] && [ -s "$tmp/err" ]; then cat "$tmp/err" >&2; fi
exit $fail
