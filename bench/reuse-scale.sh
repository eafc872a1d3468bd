#!/usr/bin/env bash
# bench/reuse-scale.sh - how `zongjie reuse` grows with the number of summaries.
# Run by hand; never in CI.
#   bench/reuse-scale.sh [DOCS ...]        default: 1000 10000
# Generates corpora with scripts/gen_corpus (seed 1, default plant mix) into
# build-bench/scale-N, runs `zongjie reuse` once per size (all cores) and
# prints: documents, characters, wall seconds, peak RSS, pairs aligned and
# pairs sharing passages, documents per second; then the fingerprinting rate
# on one core (bench/fp_speed.c) over the first size's 2021 folder.  Paste the
# output and the command into bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
zj_install_deps
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
b=build-bench
cmake -S . -B $b -DCMAKE_BUILD_TYPE=Release -DZJ_TESTS=OFF -DZJ_BENCH=ON >/dev/null
cmake --build $b -j"$(nproc)" >/dev/null
echo "| documents | characters (M) | wall s | user s | peak RSS MB | pairs aligned | pairs sharing passages | clusters | documents/s |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  dir=$b/scale-$n
  [ -d "$dir" ] || scripts/gen_corpus --out "$dir" --docs "$n" --seed 1 --manifest >/dev/null 2>&1
  /usr/bin/time -f "%e %U %M" -o $b/scale-time.txt $b/zongjie reuse --manifest "$dir/manifest.tsv" "$dir" \
    -o /dev/null 2>$b/scale-err.txt
  read -r wall user rss <$b/scale-time.txt
  aligned=$(grep -oE '[0-9]+ pairs aligned' $b/scale-err.txt | cut -d' ' -f1)
  pairs=$(grep -oE '[0-9]+ sharing passages' $b/scale-err.txt | cut -d' ' -f1)
  clusters=$(grep -oE '[0-9]+ clusters' $b/scale-err.txt | cut -d' ' -f1)
  chars=$($b/zongjie count --docs --quiet --manifest "$dir/manifest.tsv" "$dir" | awk -F, 'NR > 1 {s += $7} END {printf "%.1f", s / 1e6}')
  awk -v n="$n" -v c="$chars" -v w="$wall" -v u="$user" -v r="$rss" -v al="$aligned" -v p="$pairs" -v k="$clusters" \
    'BEGIN {printf "| %d | %s | %.2f | %.2f | %.0f | %s | %s | %s | %.0f |\n", n, c, w, u, r / 1024, al, p, k, n / w}'
done
echo
$b/fp_speed "$b/scale-${sizes[0]}"/2021/*.txt
