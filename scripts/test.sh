#!/usr/bin/env bash
# scripts/test.sh - install what is missing, build with AddressSanitizer and
# UBSan, and run every test (cmocka unit tests, CLI golden tests) via ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
# the workbook tests read cells back with openpyxl and with Gnumeric's ssconvert
zj_install_deps python3-openpyxl gnumeric

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DZJ_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
# every fuzz harness over its committed seeds (clang libFuzzer, ASan + UBSan)
scripts/fuzz.sh --seeds
