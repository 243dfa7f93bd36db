#!/usr/bin/env bash
# `ddbsim serve --throttling off` and dynalite (npm) side by side on this machine: the same
# load generator (bench/serve_load), the same PutItem/GetItem mix over keep-alive
# connections, alternating runs A B A B so both see the same machine. Prints each run and the
# ratio of the medians. Usage: bench/serve-vs-dynalite.sh DDBSIM SERVE_LOAD [SECONDS] [CONNECTIONS]
set -euo pipefail
DDBSIM=${1:?usage: serve-vs-dynalite.sh DDBSIM SERVE_LOAD [SECONDS] [CONNECTIONS]}
LOAD=${2:?}
SECONDS_PER_RUN=${3:-5}
CONNECTIONS=${4:-16}
here=$(cd "$(dirname "$0")/.." && pwd)
DYNALITE="$here/tests/server/js/node_modules/dynalite/cli.js"
[[ -f $DYNALITE ]] || { echo "dynalite is missing: run scripts/setup.sh --with-server-clients"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
start_ddbsim() {
    local out; out=$(mktemp)
    "$DDBSIM" serve --throttling off --port 0 --quiet >"$out" 2>/dev/null &
    pids+=($!)
    for _ in $(seq 100); do grep -q listening "$out" && break; sleep 0.05; done
    PORT=$(sed -n 's/.*127.0.0.1://p' "$out")
}
start_dynalite() {
    local port; port=$(free_port)
    node "$DYNALITE" --host 127.0.0.1 --port "$port" --createTableMs 0 >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.05; done
    PORT=$port
}
results=()
for round in 1 2; do
    for server in ddbsim dynalite; do
        start_"$server"
        line=$("$LOAD" --port "$PORT" --seconds "$SECONDS_PER_RUN" --connections "$CONNECTIONS" \
               --table "load$round" || true)
        kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
        echo "$server round $round: $line"
        results+=("$server $line")
    done
done
printf '%s\n' "${results[@]}" | python3 -c '
import json, statistics, sys
runs = {}
for line in sys.stdin:
    name, _, data = line.partition(" ")
    runs.setdefault(name, []).append(json.loads(data))
med = {k: {m: statistics.median(r[m] for r in v) for m in ("requests_per_second", "p50_us", "p99_us")} for k, v in runs.items()}
d, y = med["ddbsim"], med["dynalite"]
print("median of 2 runs each: ddbsim serve %.0f req/s (p50 %.0f us, p99 %.0f us); dynalite %.0f req/s (p50 %.0f us, p99 %.0f us)"
      % (d["requests_per_second"], d["p50_us"], d["p99_us"], y["requests_per_second"], y["p50_us"], y["p99_us"]))
print("ratio ddbsim/dynalite: throughput %.1fx, p99 latency %.2fx" % (d["requests_per_second"] / y["requests_per_second"], d["p99_us"] / y["p99_us"]))
'
