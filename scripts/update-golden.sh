#!/usr/bin/env bash
# Regenerates the golden results of the shipped scenarios (tests/golden/), deliberately:
# run it after a change that is meant to change results, and review the diff before
# committing. The month-long benchmark scenario is left out (it takes a minute and more).
set -euo pipefail
cd "$(dirname "$0")/.."
ddbsim=${1:-build/release/cli/ddbsim}
mkdir -p tests/golden
find scenarios -name '*.json' ! -name schema.json ! -name 'month-*' ! -path 'scenarios/demo/*' ! -path 'scenarios/course/*' | sort | while read -r s; do
    name=$(echo "${s#scenarios/}" | sed 's|/|__|g')
    "$ddbsim" run "$s" --no-reports --json --quiet >"tests/golden/$name" || [[ $? -eq 1 ]]
    python3 -m json.tool --indent 1 "tests/golden/$name" >"tests/golden/$name.tmp"
    mv "tests/golden/$name.tmp" "tests/golden/$name"
    echo "golden: tests/golden/$name"
done
