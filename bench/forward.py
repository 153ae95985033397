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
import sys

from common import BENCH, RESULTS, TOOL_HEADERS, Build, machine_line, max_rel_error, measure, ratio_cell, unpack

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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernels", default=",".join(k for k, _ in KERNELS))
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--cpu", type=int, default=0)
    args = ap.parse_args()
    kernels = [(k, label) for k, label in KERNELS if k in args.kernels.split(",")]
    tools = [t for t in TOOLS + OPTIONAL_TOOLS if t in args.tools.split(",")]
    notes = []
    rows = []
    for stem, label in kernels:
        work = RESULTS / "build" / stem
        work.mkdir(parents=True, exist_ok=True)
        build = Build(BENCH / "kernels" / f"{stem}.c", work, [BENCH / "driver.c"], [BENCH / "main.c"])
        got = {}
        for tool in tools:
            print(f"[{stem}] {tool} ...", file=sys.stderr, flush=True)
            try:
                got[tool] = unpack(measure(build, tool, args.cpu)["values"])
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
            cells.append(ratio_cell(r, agrees))
        primal = " / ".join(f"{got[t]['primal_s'] * 1e6:.1f}" for t in tools if got.get(t))
        rows.append(f"| {label} | " + " | ".join(cells) + f" | {primal} |")
    header = "| kernel | " + " | ".join(TOOL_HEADERS[t] for t in tools) + " | primal µs (" + " / ".join(tools) + ") |"
    table = [header, "|---" * (len(tools) + 2) + "|", *rows]
    text = "\n".join([
        machine_line("Forward mode, tangent time ÷ primal time", args.cpu),
        "",
        *table,
        *([""] + [f"- {n}" for n in notes] if notes else []),
    ])
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"forward-{datetime.date.today()}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
