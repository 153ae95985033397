#!/usr/bin/env bash
# Installs the system packages Catalase needs (LLVM 22 toolchain and build tools; clang's headers,
# for the plugin's -fplugin= half; Eigen 3's headers for the test programs written against it).
# Idempotent: quiet when everything is already installed.
set -euo pipefail

PKGS=(llvm-22-dev llvm-22 clang-22 libclang-22-dev lld-22 libclang-rt-22-dev libpolly-22-dev zlib1g-dev libzstd-dev libxml2-dev libffi-dev libedit-dev libncurses-dev g++ make pkg-config libeigen3-dev)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Catalase's C++ interface (`#include <enzyme/enzyme>`, docs/CPP-INTERFACE.md), where clang finds
# it without -I, as Enzyme's plugin provides its own. Copied only when it differs.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest=/usr/local/include/enzyme
if ! diff -rq "$here/include/enzyme" "$dest" >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; fi
  if $SUDO mkdir -p "$dest" 2>/dev/null && $SUDO cp "$here"/include/enzyme/* "$dest"/ 2>/dev/null; then
    echo "install-deps: installed <enzyme/enzyme> (Catalase's C++ interface) in $dest" >&2
  else
    echo "install-deps: could not write $dest; pass -I$here/include to use <enzyme/enzyme>" >&2
  fi
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "install-deps: cargo not found; install a Rust toolchain (rustup) first" >&2
  exit 1
fi
