#!/usr/bin/env bash
# Issue 5's floor, measured: a month of the shipped 1,000-partition table at the aggregate
# fidelity on one core (pinned with taskset), under 60 s and 2 GB resident. Prints the
# summary, then wall and CPU time and peak memory. Usage: bench-month.sh [ddbsim binary]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release/cli/ddbsim}
scenario=scenarios/month-1000-partitions.json
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f 'month: wall %e s, user %U s, peak resident %M KB' \
        "${pin[@]}" "$bin" run "$scenario" --fidelity aggregate --no-reports
else
    TIMEFORMAT='month: wall %R s, user %U s (install the "time" package for peak memory)'
    time "${pin[@]}" "$bin" run "$scenario" --fidelity aggregate --no-reports
fi
