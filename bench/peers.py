"""The peers of bench/reverse.py, each run on the workload's own inputs: real Enzyme (the same
-O3 IR, bench/enzyme_run.py), JAX (bench/jax_peers.py in bench/.venv), ADOL-C (bench/adolc/,
built against Debian's libadolc-dev) and the Rust crates num-dual (forward) and ad_trait (reverse)
(bench/rust/, its own cargo project). JAX, ADOL-C and the Rust peers rebuild the problem from the
inputs the C program dumps (`exe dump`). A peer that is not installed raises RuntimeError with the reason,
which the report prints in its cell's note."""
import json
import os
from pathlib import Path

from common import BENCH, CC, VENV_PYTHON, pinned, run, run_enzyme

ADOLC_SOURCE = BENCH / "adolc" / "adolc_peers.cpp"
ADOLC_HEADER = Path("/usr/include/adolc/adolc.h")
RUST_DIR = BENCH / "rust"
RUST_EXE = RUST_DIR / "target/release/rust_peers"
# bench/reverse.py's tool name → the crate bench/rust/ runs.
RUST_CRATES = {"numdual": "num-dual", "adtrait": "ad_trait"}


def enzyme(b, cpu, modes, heap=False):
    return run_enzyme(b, cpu, modes, heap)


def dump(b):
    """The workload's inputs as JSON (from the plugin build's program), written once per build."""
    path = b.work / "inputs.json"
    if not path.exists():
        path.write_text(run([b.work / "plugin.exe", "dump"]))
    return path


def jax(b, family, cpu):
    if not VENV_PYTHON.exists():
        raise RuntimeError("JAX not installed: run bench/setup.sh (bench/.venv)")
    out = run([*pinned(cpu), VENV_PYTHON, BENCH / "jax_peers.py", family, dump(b)], timeout=900)
    return json.loads(out.strip().splitlines()[-1])


def adolc_program(work):
    """bench/adolc/adolc_peers.cpp compiled once per results folder."""
    exe = work / "adolc_peers"
    if not ADOLC_SOURCE.exists():
        raise RuntimeError("no ADOL-C versions of the workloads yet")
    if not ADOLC_HEADER.exists():
        raise RuntimeError("ADOL-C not installed: run bench/setup.sh (apt-get install libadolc-dev)")
    if not exe.exists() or exe.stat().st_mtime < ADOLC_SOURCE.stat().st_mtime:
        cxx = "clang++-22" if CC == "clang-22" else os.environ.get("CXX", "c++")
        run([cxx, "-O3", "-std=c++17", ADOLC_SOURCE, "-ladolc", "-o", exe])
    return exe


# Workloads ADOL-C is not run on, and why.
ADOLC_SKIPPED = {
    "gmm_d64_n10000_grad": "not run: its tape (~10^8 recorded operations, several GiB) does not fit the shared machine",
    "fft_18_grad": "not run: its tape (N log N butterflies, ~10^8 operations) is too large; see N=2^16",
    "fft_20_grad": "not run: its tape (N log N butterflies, ~10^8 operations) is too large; see N=2^16",
    "ba_large_grad": "not run: the same per-observation tape as p=10,000, 10× the run time",
}


def inputs_text(b):
    """The dumped inputs as plain text, one array per line, `name count values...` (what the C++
    and Rust peers read), written once per build."""
    text = b.work / "inputs.txt"
    if not text.exists():
        data = json.loads(dump(b).read_text())
        text.write_text("".join(f"{k} {len(v)} {' '.join(repr(x) for x in v)}\n"
                                for k, v in data.items() if isinstance(v, list)))
    return text


def adolc(b, family, cpu):
    if b.kernel.stem in ADOLC_SKIPPED:
        raise RuntimeError(ADOLC_SKIPPED[b.kernel.stem])
    if family not in ("gmm", "lstm", "ode", "ba", "jacobian", "fft"):
        raise RuntimeError(f"no ADOL-C version of {family}")
    text = inputs_text(b)
    exe = adolc_program(b.work.parent)
    # In the workload's own folder: ADOL-C spills large tapes to ADOLC-*.tap files in the working
    # directory, and two workloads run side by side.
    out = run([*pinned(cpu), exe, family, text], timeout=900, cwd=b.work)
    return json.loads(out.strip().splitlines()[-1])


def rust_program():
    """bench/rust/'s program, rebuilt if its sources changed (a no-op otherwise); bench/setup.sh
    builds it first (crates.io), so that a benchmark run does not wait on the download."""
    if not RUST_EXE.exists():
        raise RuntimeError("Rust peers not installed: run bench/setup.sh (builds bench/rust)")
    run(["cargo", "build", "--release", "--quiet", "--locked", "--manifest-path", RUST_DIR / "Cargo.toml"],
        timeout=900)
    return RUST_EXE


# Workloads ad_trait is not run on, and why (its tape node is 40 bytes, plus 8 for its adjoint;
# GMM d=64, n=1000 takes 1.7 GB).
RUST_SKIPPED = {
    "adtrait": {
        "gmm_d64_n10000_grad": "not run: its tape (~4·10^8 nodes, ~17 GB) does not fit the shared machine",
        "fft_20_grad": "not run: its tape (~10^8 nodes, ~4.5 GB) is too large for the shared machine; see N=2^16, 2^18",
    },
}


def rust(tool, b, family, cpu):
    why = RUST_SKIPPED.get(tool, {}).get(b.kernel.stem)
    if why:
        raise RuntimeError(why)
    if not RUST_EXE.exists():
        raise RuntimeError("Rust peers not installed: run bench/setup.sh (builds bench/rust)")
    out = run([*pinned(cpu), RUST_EXE, family, inputs_text(b), RUST_CRATES[tool]], timeout=900)
    return json.loads(out.strip().splitlines()[-1])


def run_peer(tool, b, family, cpu):
    if tool in RUST_CRATES:
        return rust(tool, b, family, cpu)
    return {"jax": jax, "adolc": adolc}[tool](b, family, cpu)
