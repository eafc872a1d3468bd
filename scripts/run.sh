#!/usr/bin/env bash
# scripts/run.sh - install what is missing, build, and run the main job on the
# bundled corpus/ and dict/, writing tables to out/.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
zj_install_deps

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DZJ_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

mkdir -p out
zj=build/zongjie
args=(--manifest corpus/manifest.tsv corpus/)
# The main job: everything as one workbook (out/report/zongjie.xlsx) and CSVs.
"$zj" report --quiet "${args[@]}" -o out/report
# The same tables one command at a time, as a user would ask for them:
"$zj" count "${args[@]}" -o out/counts.csv
"$zj" count --by category "${args[@]}" -o out/categories.csv
"$zj" count --docs "${args[@]}" -o out/documents.csv
"$zj" count --wide "${args[@]}" -o out/matrix.csv
"$zj" sections --outline "${args[@]}" -o out/outline.csv
"$zj" sections "${args[@]}" -o out/coverage.csv
"$zj" sections --topics "${args[@]}" -o out/topics.csv
"$zj" count --by section "${args[@]}" -o out/section-counts.csv
"$zj" compare "${args[@]}" -o out/compare.csv
"$zj" compare --by category "${args[@]}" -o out/compare-categories.csv
"$zj" compare --per unit "${args[@]}" -o out/compare-per-unit.csv
"$zj" compare --coverage --per unit "${args[@]}" -o out/compare-coverage.csv
"$zj" compare --trend --min-count 10 "${args[@]}" -o out/trends.csv
"$zj" compare --similarity "${args[@]}" -o out/similarity.csv
"$zj" reuse --quiet "${args[@]}" -o out/reuse.csv
"$zj" reuse --quiet --passages "${args[@]}" -o out/reuse-passages.csv
"$zj" reuse --quiet --clusters "${args[@]}" -o out/reuse-clusters.csv
"$zj" kwic --quiet --category 纪律建设 "${args[@]}" -o out/kwic-discipline.csv
"$zj" discover --quiet "${args[@]}" -o out/discover.csv
"$zj" discover --quiet --by year "${args[@]}" -o out/discover-by-year.csv
"$zj" dict check --quiet dict/terms.tsv -o out/dictionary.csv

echo "zongjie: workbook out/report/zongjie.xlsx (see out/report/README.txt); tables in out/:"
for f in out/*.csv; do
  printf '  %-28s %6d rows\n' "$f" "$(($(wc -l <"$f") - 1))"
done
