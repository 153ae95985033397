#!/usr/bin/env bash
# Installs the system packages Catalase needs (LLVM 22 toolchain and build tools; Eigen 3's
# headers for the test programs written against it).
# Idempotent: quiet when everything is already installed.
set -euo pipefail

PKGS=(llvm-22-dev llvm-22 clang-22 lld-22 libclang-rt-22-dev libpolly-22-dev zlib1g-dev libzstd-dev libxml2-dev libffi-dev libedit-dev libncurses-dev g++ make pkg-config libeigen3-dev)

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

if ! command -v cargo >/dev/null 2>&1; then
  echo "install-deps: cargo not found; install a Rust toolchain (rustup) first" >&2
  exit 1
fi
