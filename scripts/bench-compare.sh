#!/usr/bin/env bash
# Two commits' speed side by side (issue 19; docs/benchmarks.md): builds OLD and NEW in
# Release with the bench programs (git worktrees under build/compare/, kept for later runs),
# then runs one benchmark of one program alternately — OLD, NEW, OLD, NEW… — pinned to one
# core, so both see the same machine state, and prints each side's median and NEW/OLD.
#
# usage: scripts/bench-compare.sh OLD NEW [PROGRAM] [FILTER] [ROUNDS]
#   PROGRAM  bench_simulation (default), bench_storage, bench_storage_ops, bench_service
#   FILTER   a --benchmark_filter regex (default BM_RequestLevelZipfGetPut)
#   ROUNDS   alternations (default 5)
# The figure compared is the benchmark's rate (items_per_second, or a counter named *_per_s)
# when it reports one, else real_time (then NEW/OLD is the speed-up OLD time / NEW time).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n 2,12p "$0" | sed 's/^# \{0,1\}//'; exit 2; }
old=$1 new=$2 program=${3:-bench_simulation} filter=${4:-BM_RequestLevelZipfGetPut} rounds=${5:-5}
root=$PWD/build/compare
mkdir -p "$root"
build() {  # $1 = commit-ish → prints the build directory
    local sha dir
    sha=$(git rev-parse --verify "$1^{commit}") || { echo "bench-compare: no commit '$1'" >&2; exit 2; }
    dir=$root/$sha
    if [ ! -d "$dir/src" ]; then
        git worktree add --detach "$dir/src" "$sha" >/dev/null 2>&1
    fi
    cmake -S "$dir/src" -B "$dir/build" -DCMAKE_BUILD_TYPE=Release -DDDBSIM_BENCH=ON \
          -DDDBSIM_TESTS=OFF -DDDBSIM_GUI=OFF -DDDBSIM_MPI=OFF >/dev/null
    env -u MAKEFLAGS cmake --build "$dir/build" -j "$(nproc)" --target "$program" >&2
    echo "$dir/build/bench/$program"
}
old_bin=$(build "$old")
new_bin=$(build "$new")
core=$(( $(nproc) - 1 ))
measure() {  # $1 = binary → prints the figure
    taskset -c "$core" "$1" --benchmark_filter="$filter" --benchmark_format=json 2>/dev/null |
        python3 -c '
import json, sys
b = [x for x in json.load(sys.stdin)["benchmarks"] if x.get("run_type") != "aggregate"]
if not b: sys.exit("bench-compare: the filter matched no benchmark")
x = b[0]
rates = [k for k in x if k == "items_per_second" or k.endswith("_per_s")]
print(x[rates[0]] if rates else -x["real_time"])'
}
olds=() news=()
for ((i = 1; i <= rounds; ++i)); do
    olds+=("$(measure "$old_bin")")
    news+=("$(measure "$new_bin")")
    echo "round $i: old ${olds[-1]}  new ${news[-1]}" >&2
done
python3 - "$filter" "$old" "$new" "${olds[*]}" "${news[*]}" <<'PY'
import statistics, sys
name, old, new, o, n = sys.argv[1:]
o = [float(v) for v in o.split()]; n = [float(v) for v in n.split()]
mo, mn = statistics.median(o), statistics.median(n)
if mo < 0:  # times (negated): speed-up = old time / new time
    print(f"{name}: {old} {-mo:.4g} vs {new} {-mn:.4g} (time per iteration, medians): NEW is {mo / mn:.2f}x as fast")
else:
    print(f"{name}: {old} {mo:,.0f}/s vs {new} {mn:,.0f}/s (medians): NEW/OLD = {mn / mo:.2f}x")
PY
