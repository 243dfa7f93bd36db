#!/usr/bin/env bash
# The main job on the bundled default scenario. Until the simulator lands (issue 4), the
# main job is the storage-core demo: the course's Pinehead Records v1 album table, a batch
# of real DynamoDB requests, each response with the capacity DynamoDB would bill.
set -euo pipefail
ddbsim=${1:-build/release/cli/ddbsim}
cd "$(dirname "$0")/.."
echo "== ddbsim exec scenarios/demo/album-requests.jsonl --table scenarios/demo/album-table.json"
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
"$ddbsim" exec scenarios/demo/album-requests.jsonl --table scenarios/demo/album-table.json --summary 2>"$summary" |
    cut -c1-160
echo
cat "$summary"
echo
echo "== ddbsim capacity --item-size 7KB --reads 10 --consistency eventual   (course: weather app)"
"$ddbsim" capacity --item-size 7KB --reads 10 --consistency eventual
