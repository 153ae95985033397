#!/usr/bin/env python3
"""Forward-mode benchmark: tangent time ÷ primal time of the same C kernels, built three ways.

  plugin   clang-22 -O3 -fpass-plugin=libcatalase_plugin.so kernel.c driver.c main.c
  cli      clang-22 -O3 -S -emit-llvm kernel.c → catalase opt → clang-22 -O3 (+ driver, main)
  start    (only when asked for) the plugin's earlier order, differentiating at the start of the
           pipeline: clang-22 -O3 -Xclang -disable-llvm-passes IR → opt-22 -passes='catalase,default<O3>'
           → code generation at -O3 without IR passes
  enzyme   the same -O3 IR of kernel.c, linked with driver.c and entry.c, differentiated,
           optimized (O3) and JIT-compiled by real Enzyme (PyPI enzyme-ad 0.0.16, in bench/.venv)

Each program times its own primal and tangent (bench/driver.c: warm-up, 11 interleaved runs,
medians of thread CPU time) pinned to one core with `taskset -c 0`, and prints the tangent values; a tool's ratio
counts only when its tangents match the other tools' (relative error ≤ 1e-8). Prints a markdown
table and writes it to bench/results/forward-<date>.md.

  bench/forward.py [--kernels gmm,dot] [--tools plugin,cli,enzyme,start] [--cpu 0]

Set up real Enzyme once: python3 -m venv bench/.venv && bench/.venv/bin/pip install enzyme-ad==0.0.16
Kernels are bench/kernels/<name>.c (one per file, interface in bench/bench.h); add one by adding
a file and a row to KERNELS.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CC = os.environ.get("CC_CATALASE", "clang-22")
CFLAGS = ["-O3"]
TOLERANCE = 1e-8

# (file stem in bench/kernels, row label)
KERNELS = [
    ("gmm", "GMM objective, d=10, K=25, n=1000"),
    ("dot", "dot product, n=2048, `#pragma clang fp reassociate`"),
    ("brusselator", "Brusselator 32×32, width 8"),
    ("brusselator_1x8", "Brusselator 32×32, 8 × width 1"),
    ("lotka_volterra", "Lotka–Volterra RK4, width 8"),
    ("lotka_volterra_1x8", "Lotka–Volterra RK4, 8 × width 1"),
    ("lstm", "LSTM, l=2, c=1024"),
]
TOOLS = ["plugin", "cli", "enzyme"]
OPTIONAL_TOOLS = ["start"]
TOOL_HEADERS = {"plugin": "plugin", "cli": "CLI (O3 IR → catalase → O3)", "enzyme": "real Enzyme",
                "start": "differentiate at pipeline start (before)"}


def run(cmd, **kw):
    out = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if out.returncode != 0:
        raise RuntimeError(f"`{' '.join(map(str, cmd))}` failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return out.stdout


def pinned(cpu):
    return ["taskset", "-c", str(cpu)]


def build_plugin(kernel, work):
    exe = work / "plugin.exe"
    run([CC, *CFLAGS, f"-fpass-plugin={ROOT / 'target/release/libcatalase_plugin.so'}", kernel,
         BENCH / "driver.c", BENCH / "main.c", "-lm", "-o", exe])
    return exe


_fresh_ir = set()


def kernel_ir(kernel, work):
    """The kernel's -O3 IR, compiled once per run and shared by the CLI and Enzyme routes."""
    ll = work / "kernel.O3.ll"
    if ll not in _fresh_ir:
        run([CC, *CFLAGS, "-S", "-emit-llvm", kernel, "-o", ll])
        _fresh_ir.add(ll)
    return ll


def build_cli(kernel, work):
    out_ll, exe = work / "kernel.cli.ll", work / "cli.exe"
    run([ROOT / "target/release/catalase", "opt", kernel_ir(kernel, work), "-o", out_ll])
    run([CC, *CFLAGS, out_ll, BENCH / "driver.c", BENCH / "main.c", "-lm", "-o", exe])
    return exe


def build_start(kernel, work):
    raw, out_ll, exe = work / "kernel.raw.ll", work / "kernel.start.ll", work / "start.exe"
    plugin = ROOT / "target/release/libcatalase_plugin.so"
    run([CC, *CFLAGS, "-Xclang", "-disable-llvm-passes", "-S", "-emit-llvm", kernel, "-o", raw])
    run(["opt-22", f"-load-pass-plugin={plugin}", "-passes=catalase,default<O3>", raw, "-S", "-o", out_ll])
    run([CC, *CFLAGS, "-Xclang", "-disable-llvm-optzns", out_ll, BENCH / "driver.c", BENCH / "main.c", "-lm",
         "-o", exe])
    return exe


def run_exe(exe, cpu):
    return json.loads(run([*pinned(cpu), exe]).strip().splitlines()[-1])


def run_enzyme(kernel, work, cpu):
    python = BENCH / ".venv/bin/python"
    if not python.exists():
        raise RuntimeError("bench/.venv missing: python3 -m venv bench/.venv && "
                           "bench/.venv/bin/pip install enzyme-ad==0.0.16")
    parts = [kernel_ir(kernel, work)]
    for name in ("driver", "entry"):
        ll = work / f"{name}.O3.ll"
        run([CC, *CFLAGS, "-S", "-emit-llvm", BENCH / f"{name}.c", "-o", ll])
        parts.append(ll)
    linked = work / "enzyme.ll"
    run(["llvm-link-22", "-S", *parts, "-o", linked])
    return json.loads(run([*pinned(cpu), python, BENCH / "enzyme_run.py", linked, kernel.stem]).strip().splitlines()[-1])


def measure(stem, tool, cpu, work):
    kernel = BENCH / "kernels" / f"{stem}.c"
    if tool == "plugin":
        return run_exe(build_plugin(kernel, work), cpu)
    if tool == "cli":
        return run_exe(build_cli(kernel, work), cpu)
    if tool == "start":
        return run_exe(build_start(kernel, work), cpu)
    return run_enzyme(kernel, work, cpu)


def unpack(values):
    """bench_run's layout (bench/bench.h)."""
    n = int(values[7])
    return {"reps": int(values[0]), "runs": int(values[1]), "ratio": values[2], "lo": values[3],
            "hi": values[4], "primal_s": values[5], "tangent_s": values[6], "results": values[8:8 + n]}


def max_rel_error(a, b):
    if len(a) != len(b) or not a:
        return float("inf")
    return max(abs(x - y) / max(abs(y), 1e-300) for x, y in zip(a, b))


def cell(r, agrees):
    if r is None:
        return "failed"
    text = f"{r['ratio']:.2f} ({r['lo']:.2f}–{r['hi']:.2f})"
    return text if agrees else f"~~{text}~~ (derivative differs)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernels", default=",".join(k for k, _ in KERNELS))
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--cpu", type=int, default=0)
    args = ap.parse_args()
    kernels = [(k, label) for k, label in KERNELS if k in args.kernels.split(",")]
    tools = [t for t in TOOLS + OPTIONAL_TOOLS if t in args.tools.split(",")]
    results_dir = BENCH / "results"
    notes = []
    rows = []
    for stem, label in kernels:
        work = results_dir / "build" / stem
        work.mkdir(parents=True, exist_ok=True)
        got = {}
        for tool in tools:
            print(f"[{stem}] {tool} ...", file=sys.stderr, flush=True)
            try:
                got[tool] = unpack(measure(stem, tool, args.cpu, work)["values"])
            except (RuntimeError, ValueError, IndexError) as err:
                got[tool] = None
                notes.append(f"{stem} / {tool}: {str(err).strip().splitlines()[0][:300]}")
        reference = next((got[t]["results"] for t in tools if got.get(t)), None)
        cells = []
        for tool in tools:
            r = got[tool]
            err = max_rel_error(r["results"], reference) if r else None
            agrees = r is not None and all(
                max_rel_error(r["results"], got[o]["results"]) <= TOLERANCE for o in tools if got.get(o))
            if r is not None and not agrees:
                notes.append(f"{stem} / {tool}: tangents differ from another tool (max rel. error vs first "
                             f"tool {err:.2e}); its time does not count")
            cells.append(cell(r, agrees))
        primal = " / ".join(f"{got[t]['primal_s'] * 1e6:.1f}" for t in tools if got.get(t))
        rows.append(f"| {label} | " + " | ".join(cells) + f" | {primal} |")
    header = "| kernel | " + " | ".join(TOOL_HEADERS[t] for t in tools) + " | primal µs (" + " / ".join(tools) + ") |"
    table = [header, "|---" * (len(tools) + 2) + "|", *rows]
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    text = "\n".join([
        f"Forward mode, tangent time ÷ primal time (median of 11 runs, thread CPU time, min–max in parentheses); "
        f"{CC} {' '.join(CFLAGS)}; taskset -c {args.cpu}; {platform.node()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {load:.1f} at the end; {when}.",
        "",
        *table,
        *([""] + [f"- {n}" for n in notes] if notes else []),
    ])
    print(text)
    results_dir.mkdir(exist_ok=True)
    (results_dir / f"forward-{datetime.date.today()}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
