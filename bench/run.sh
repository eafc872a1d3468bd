#!/usr/bin/env bash
# bench/run.sh - zongjie against the tools users would otherwise pick, on
# generated corpora of the given sizes (MB).  Run by hand; never in CI.
#   bench/run.sh [SIZE_MB ...]        default: 10 100
#   RUNS=3 PEERS=1 JIEBA_MAX_MB=10 bench/run.sh 10 100 1000
# Prints one table per size: tool, median seconds, MB/s, peak RSS, hits,
# ratio to `zongjie count -j1`.  Two rows time the scans alone, zongjie's
# matcher and Hyperscan on the same text in memory (bench/scan_only.c).
# Paste the output and the command into bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
zj_install_deps libhyperscan-dev python3-jieba python3-ahocorasick g++
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10 100)
runs=${RUNS:-3}; peers=${PEERS:-1}; jieba_max=${JIEBA_MAX_MB:-10}
b=build-bench
cmake -S . -B $b -DCMAKE_BUILD_TYPE=Release -DZJ_TESTS=OFF >/dev/null
cmake --build $b -j"$(nproc)" >/dev/null
[ $b/hs_count -nt bench/hs_count.c ] || g++ -O2 -x c bench/hs_count.c -o $b/hs_count $(pkg-config --cflags --libs libhs)
# the matcher alone against Hyperscan alone, on the same normalized text in memory
[ $b/scan_only -nt bench/scan_only.c ] && [ $b/scan_only -nt $b/libzjcore.a ] ||
  g++ -O2 -x c bench/scan_only.c -x none -Isrc -o $b/scan_only $b/libzjcore.a \
    $(pkg-config --cflags --libs libhs libutf8proc) -lpthread

# ~1,000 literal terms: the shipped dictionary's terms and aliases, plus
# filler made by splicing two terms (plausible, rarely matching).
/usr/bin/python3 - "$b" <<'PY'
import sys, random
out = sys.argv[1]
terms = []
for line in open("dict/terms.tsv", encoding="utf-8"):
    if not line.strip() or line.startswith("#") or line.startswith("re:"): continue
    f = line.rstrip("\n").split("\t")
    terms.append(f[0]); terms += [a for a in (f[2].split("|") if len(f) > 2 else []) if a]
random.seed(1); seen = set(terms); filler = []
while len(terms) + len(filler) < 1000:
    a, c = random.sample(terms, 2); t = a[:2] + c[-2:]
    if len(t) >= 3 and t not in seen: seen.add(t); filler.append(t)
open(f"{out}/terms1000.txt", "w", encoding="utf-8").write("\n".join(terms + filler) + "\n")
with open(f"{out}/dict1000.tsv", "w", encoding="utf-8") as d:
    d.write(open("dict/terms.tsv", encoding="utf-8").read())
    for t in filler: d.write(f"{t}\t填充/filler\n")
PY

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_tool NAME CMD...: runs CMD $runs times; prints "name secs rss_kb hits"
time_tool() {
  local name=$1; shift
  local times=() rss=0 out=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o $b/time.txt "$@" >$b/out.txt 2>$b/err.txt || { echo "$name failed:"; cat $b/err.txt; return 1; }
    read -r t m <$b/time.txt; times+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
  done
  out=$(grep -oE '^[0-9]+ hits' $b/out.txt | cut -d' ' -f1 || true)
  [ -n "$out" ] || out=$(awk -F, 'NR>1 {s+=$9} END {print s+0}' $b/out.txt)
  printf '%s %s %s %s\n' "$name" "$(printf '%s\n' "${times[@]}" | median)" "$rss" "$out"
}

for mb in "${sizes[@]}"; do
  dir=$b/corpus-$mb
  [ -d "$dir" ] || scripts/gen_corpus --out "$dir" --mb "$mb" --seed 1 --manifest >/dev/null
  bytes=$(du -sbL --exclude=manifest.tsv "$dir" | cut -f1)
  zj=$b/zongjie
  common=(--quiet --dict $b/dict1000.tsv)
  mf=(); [ -f "$dir/manifest.tsv" ] && mf=(--manifest "$dir/manifest.tsv")
  {
    time_tool "zongjie count --docs -j1" $zj count --docs -j1 "${common[@]}" "$dir"
    time_tool "zongjie count --docs (all cores)" $zj count --docs "${common[@]}" "$dir"
    time_tool "zongjie count (long table) -j1" sh -c "$zj count -j1 ${common[*]} $dir | wc -l"
    if [ "$peers" = 1 ]; then
      time_tool "hyperscan (literal events)" $b/hs_count $b/terms1000.txt "$dir"
      $b/scan_only $b/terms1000.txt "$dir" "$runs" # its own medians: two rows
      time_tool "grep -oFf | sort | uniq -c" sh -c "grep -rhoFf $b/terms1000.txt --include='*.txt' $dir | sort | uniq -c | awk '{s+=\$1} END {print s \" hits\"}'"
      time_tool "pyahocorasick iter_long" /usr/bin/python3 bench/peers.py ahocorasick $b/terms1000.txt "$dir"
      [ "$mb" -le "$jieba_max" ] && time_tool "jieba (user dict, HMM off)" /usr/bin/python3 bench/peers.py jieba $b/terms1000.txt "$dir"
    fi
    time_tool "zongjie sections" $zj sections "${common[@]}" "$dir" -o /dev/null
    time_tool "zongjie compare" $zj compare "${common[@]}" "${mf[@]}" "$dir" -o /dev/null
    time_tool "zongjie reuse" $zj reuse "${common[@]}" "${mf[@]}" "$dir" -o /dev/null
    time_tool "zongjie compare --similarity --top 10" $zj compare --similarity --top 10 "${common[@]}" "${mf[@]}" "$dir" -o /dev/null
    time_tool "zongjie kwic --category 纪律建设" $zj kwic --category 纪律建设 "${common[@]}" "${mf[@]}" "$dir" -o /dev/null
    time_tool "zongjie discover" $zj discover "${common[@]}" "${mf[@]}" "$dir" -o /dev/null
    time_tool "zongjie report" $zj report "${common[@]}" "${mf[@]}" "$dir" -o $b/report-$mb
  } >$b/results-$mb.txt
  echo "## $mb MB ($bytes bytes, $(find -L "$dir" -name '*.txt' | wc -l) files), median of $runs runs, $(nproc) cores"
  echo
  echo "| tool | median s | MB/s | peak RSS MB | hits | time / zongjie -j1 |"
  echo "|---|---:|---:|---:|---:|---:|"
  ref=$(awk 'NR==1 {print $(NF-2)}' $b/results-$mb.txt)
  while read -r line; do
    read -r secs rss hits <<<"$(echo "$line" | awk '{print $(NF-2), $(NF-1), $NF}')"
    name=$(echo "$line" | awk '{NF-=3; print}')
    awk -v n="$name" -v s="$secs" -v r="$rss" -v h="$hits" -v b="$bytes" -v ref="$ref" \
      'BEGIN {printf "| %s | %.2f | %.0f | %.0f | %s | %.2f |\n", n, s, (s > 0 ? b / 1e6 / s : 0), r / 1024, h, (ref > 0 ? s / ref : 0)}'
  done <$b/results-$mb.txt
  echo
done
