#!/usr/bin/env bash
# Installs the benchmark peers that bench/reverse.py compares with (not needed by the tests or CI):
#   bench/.venv   Python 3.11 with enzyme-ad 0.0.16 (real Enzyme; pulls jax/jaxlib 0.10.2) and matplotlib
#   libadolc-dev  ADOL-C 2.7.2 from Debian (taped operator overloading)
#   bench/rust    the Rust peers (num-dual 0.15, ad_trait 0.3 from crates.io; bench/rust/Cargo.lock),
#                 built into bench/rust/target
# Idempotent and quiet when everything is there already. Usage: bench/setup.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"

python311() {
  for p in python3.11 "$HOME/.pyenv/versions/3.11.7/bin/python3" python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$p"
      return
    fi
  done
  echo "bench/setup.sh: enzyme-ad 0.0.16 needs Python 3.11, none found" >&2
  exit 1
}

if ! "$venv/bin/python" -c 'import enzyme_ad, jax, matplotlib' >/dev/null 2>&1; then
  echo "bench/setup.sh: creating $venv (enzyme-ad 0.0.16, jax 0.10.2, matplotlib)"
  "$(python311)" -m venv "$venv"
  "$venv/bin/pip" install -q enzyme-ad==0.0.16 jax==0.10.2 jaxlib==0.10.2 matplotlib
fi

if [ ! -f /usr/include/adolc/adolc.h ]; then
  echo "bench/setup.sh: installing libadolc-dev (ADOL-C)"
  sudo_=""
  [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq libadolc-dev >/dev/null
fi

# Fresh and fetched already: a quiet no-op; otherwise fetch from crates.io and build (~1.5 min).
if ! cargo build --release --quiet --locked --offline --manifest-path "$here/rust/Cargo.toml" >/dev/null 2>&1; then
  echo "bench/setup.sh: building bench/rust (num-dual, ad_trait from crates.io)"
  cargo build --release --quiet --locked --manifest-path "$here/rust/Cargo.toml"
fi
