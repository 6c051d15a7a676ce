#!/usr/bin/env bash
# Installs the Debian packages NeuroSim builds and tests with, and only the missing ones.
set -euo pipefail

packages=(
  g++ make cmake pkg-config
  libimgui-dev libglfw3-dev python3-glad libeigen3-dev doctest-dev libstb-dev
  nlohmann-json3-dev libcli11-dev zlib1g-dev libhdf5-dev
  libgl1-mesa-dri xvfb xauth python3-h5py python3-numpy python3-pynn python3-brian
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
  done
else
  missing=("${packages[@]}")
fi

[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "NeuroSim needs these Debian/Ubuntu packages (or your system's equivalents):" >&2
  printf '  %s\n' "${missing[@]}" >&2
  echo "This system has no apt-get; install them with its package manager, then run make again." >&2
  exit 1
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "Installing ${missing[*]} needs root, and sudo is not available." >&2; exit 1
  fi
fi

echo "Installing missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have empty package lists; update once, then install.
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
