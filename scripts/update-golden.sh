#!/usr/bin/env bash
# Regenerates the golden results of the shipped scenarios (tests/golden/), deliberately:
# run it after a change that is meant to change results, and review the diff before
# committing. The month-long benchmark scenario is left out (it takes a minute and more).
#
# A scenario whose expectations fail (exit 1) is not frozen as golden unless it is listed
# in tests/golden/EXPECTED-TO-FAIL (one path under scenarios/ per line, # comments): a
# failing expectation is a finding to look at, not a result to keep. Any other exit code
# stops the script.
set -euo pipefail
cd "$(dirname "$0")/.."
ddbsim=${1:-build/release/cli/ddbsim}
allowed=tests/golden/EXPECTED-TO-FAIL
mkdir -p tests/golden
refused=0
while read -r s; do
    name=$(echo "${s#scenarios/}" | sed 's|/|__|g')
    rc=0
    "$ddbsim" run "$s" --no-reports --json --quiet >"tests/golden/$name.new" || rc=$?
    if [[ $rc -eq 1 ]]; then
        if [[ -f $allowed ]] && grep -qxF "${s#scenarios/}" <(sed 's/#.*//; s/[[:space:]]*$//' "$allowed"); then
            echo "golden: $s fails its expectations, as $allowed says it should"
        else
            echo "golden: REFUSED $s: its expectations fail (exit 1); fix the scenario or the model," \
                 "or list ${s#scenarios/} in $allowed" >&2
            rm -f "tests/golden/$name.new"
            refused=$((refused + 1))
            continue
        fi
    elif [[ $rc -ne 0 ]]; then
        echo "golden: $s exited $rc" >&2
        rm -f "tests/golden/$name.new"
        exit "$rc"
    fi
    python3 -m json.tool --indent 1 "tests/golden/$name.new" >"tests/golden/$name"
    rm -f "tests/golden/$name.new"
    echo "golden: tests/golden/$name"
done < <(find scenarios -name '*.json' ! -name schema.json ! -name 'month-*' ! -path 'scenarios/demo/*' \
              ! -path 'scenarios/course/*' | sort)
if [[ $refused -gt 0 ]]; then
    echo "golden: $refused scenario(s) refused; their old golden files are unchanged" >&2
    exit 1
fi
