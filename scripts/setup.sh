#!/usr/bin/env bash
# Installs the Debian packages ddbsim needs, if any are missing.
# Idempotent and silent when everything is already present.
# Usage: scripts/setup.sh [--with-fuzz] [--with-browser]
set -euo pipefail

packages=(cmake g++ make pkg-config qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libeigen3-dev
          libboost-random-dev nlohmann-json3-dev catch2 libbenchmark-dev xvfb)
for arg in "$@"; do
    case "$arg" in
        --with-fuzz) packages+=(clang libclang-rt-14-dev) ;;
        --with-browser) packages+=(chromium) ;;
        *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
