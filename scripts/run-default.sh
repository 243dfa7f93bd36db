#!/usr/bin/env bash
# The main job: the bundled default scenario — Pinehead Records' storefront for a day with a
# record launch at 18:00, run under fixed provisioned capacity, auto scaling and on-demand —
# with its reports (HTML, CSV, JSON, Markdown, JUnit) written to ddbsim-report/.
set -euo pipefail
ddbsim=${1:-build/release/cli/ddbsim}
out=${2:-ddbsim-report}
cd "$(dirname "$0")/.."
echo "== ddbsim run scenarios/pinehead/storefront-launch.json --out $out"
"$ddbsim" run scenarios/pinehead/storefront-launch.json --out "$out"
echo
echo "Open $(pwd)/$out/report.html in a browser for the charts and the cost comparison."
