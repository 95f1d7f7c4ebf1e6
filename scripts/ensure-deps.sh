#!/usr/bin/env bash
# Install the Debian 12 packages sockbench needs, if any are missing.
# As root: apt-get update, then apt-get install of the missing ones.
# As another user: print the exact apt-get line and fail.
set -euo pipefail

PACKAGES=(
    cmake g++ make                                  # toolchain
    libns3-dev ns3 libgsl-dev                       # ns-3 3.37; its CMake export needs ns3 and gsl
    libboost-test-dev libboost-context-dev          # Boost.Test, Boost.Context
    nlohmann-json3-dev                              # JSON Lines traces
    pybind11-dev python3-dev python3-pytest         # Python module and its tests
    python3-sphinx                                  # documentation
    clang-format                                    # formatting check
)

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "sockbench: these Debian packages are missing: ${missing[*]}" >&2
    echo "Install them as root, then run make again:" >&2
    echo "  $line" >&2
    exit 1
fi
echo "sockbench: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
