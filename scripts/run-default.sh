#!/usr/bin/env bash
# The main job on the bundled scenarios, until the default what-if scenario and its reports
# land (issue 6): the storage-core demo (the course's Pinehead Records v1 album table, real
# DynamoDB requests, each response with the capacity DynamoDB would bill), the capacity
# arithmetic of the course's weather app, and a simulation of a hot key.
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

echo
echo "== ddbsim run scenarios/examples/hot-key.json   (the simulator: a hot key above one partition's limit)"
"$ddbsim" run scenarios/examples/hot-key.json
