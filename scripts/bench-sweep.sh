#!/usr/bin/env bash
# `ddbsim sweep` on every core against one thread, side by side: the shipped example
# (scenarios/examples/sweep-write-capacity.json) with 4 seeds per point — 36 runs — timed with
# --jobs 1 and --jobs N alternately, three times each, and the reports compared byte for
# byte. Prints the median wall times and the speed-up. Usage: bench-sweep.sh [ddbsim] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release/cli/ddbsim}
jobs=${2:-$(nproc)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/study.json" <<'PY'
import json, sys
d = json.load(open("scenarios/examples/sweep-write-capacity.json"))
d["sweep"]["seeds"] = 4
json.dump(d, open(sys.argv[1], "w"))
PY
seconds() {
    local s=$EPOCHREALTIME
    "$@" >/dev/null
    python3 -c "print(round($EPOCHREALTIME - $s, 2))"
}
one=() many=()
for round in 1 2 3; do
    one+=("$(seconds "$bin" sweep "$work/study.json" --jobs 1 --quiet --out "$work/one")")
    many+=("$(seconds "$bin" sweep "$work/study.json" --jobs "$jobs" --quiet --out "$work/many")")
done
for f in sweep.csv sweep.json sweep.md sweep.html; do
    cmp -s "$work/one/$f" "$work/many/$f" || { echo "bench-sweep: $f differs between --jobs 1 and --jobs $jobs"; exit 1; }
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
m1=$(median "${one[@]}"); mn=$(median "${many[@]}")
echo "36 runs: --jobs 1 median ${m1} s, --jobs ${jobs} median ${mn} s, speed-up $(python3 -c "print(round($m1 / $mn, 2))")x (reports identical)"
