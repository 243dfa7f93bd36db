#!/usr/bin/env bash
# Installs the Debian packages ddbsim needs, if any are missing.
# Idempotent and silent when everything is already present.
# Usage: scripts/setup.sh [--with-fuzz] [--with-browser] [--with-server-clients]
#   --with-server-clients: the real clients the server tests drive (Debian's python3-boto3
#   and awscli; Node.js with @aws-sdk/client-dynamodb and dynalite from npm, into
#   tests/server/js/node_modules at the versions its package-lock.json pins).
set -euo pipefail

packages=(cmake g++ make pkg-config qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libeigen3-dev
          libboost-random-dev nlohmann-json3-dev catch2 libbenchmark-dev xvfb
          libboost-mpi-dev libopenmpi-dev openmpi-bin)
for arg in "$@"; do
    case "$arg" in
        --with-fuzz) packages+=(clang libclang-rt-14-dev) ;;
        --with-browser) packages+=(chromium) ;;
        --with-server-clients) packages+=(python3-boto3 awscli); with_npm=1 ;;
        *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

install_npm_clients() {
    [[ ${with_npm:-0} -eq 1 ]] || return 0
    local dir
    dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/server/js"
    [[ -d "$dir/node_modules/@aws-sdk/client-dynamodb" && -d "$dir/node_modules/dynalite" ]] && return 0
    echo "setup: npm ci in tests/server/js" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ! command -v npm >/dev/null && [[ ${with_npm:-0} -eq 1 ]]; then missing+=(nodejs npm); fi
if [[ ${#missing[@]} -eq 0 ]]; then install_npm_clients; exit 0; fi

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_npm_clients
