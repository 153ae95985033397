#!/usr/bin/env python3
"""Reverse-mode benchmark: gradient time ÷ primal time of C workloads, built the ways
bench/forward.py builds them (bench/common.py): Catalase's plugin, the CLI route (-O3 IR →
`catalase opt` → -O3) and real Enzyme (enzyme-ad 0.0.16 in bench/.venv, on the same -O3 IR).

For each workload and route it reports the in-program median ratio (bench/driver.c: warm-up,
11 interleaved runs of thread CPU time, pinned with taskset), checks the gradient against central
finite differences (`exe check`, bench/main_grad.c) and real Enzyme's against Catalase's
(relative error ≤ 1e-8, else Enzyme's time does not count), and measures the heap bytes the
gradient holds beyond the primal's (Catalase's tape, bench/heap_count.c) and the peak RSS
(`exe mem`). Finite differences are the naive baseline: their ratio is their cost in primal calls.
Writes bench/results/reverse-<date>.md (+ .json, + .png when bench/.venv has matplotlib).

  bench/reverse.py [--quick] [--check] [--workloads gmm_grad,...] [--tools plugin,cli,enzyme] [--cpu 0]

--quick runs the four small workloads (under 3 minutes) and ends with the line
`geomean reverse gradient/primal: X.XX` (the plugin's ratios of the workloads whose gradient
matches finite differences). --check builds through the plugin and the CLI and checks each gradient
against finite differences only, without timing anything (CI, scripts/test).
"""
import argparse
import datetime
import json
import math
import subprocess
import sys

from common import (BENCH, RESULTS, TOOL_HEADERS, VENV_PYTHON, Build, build_cli, build_plugin, machine_line,
                    max_rel_error, run_enzyme, run_exe, unpack)

PEER_TOLERANCE = 1e-8  # Enzyme's gradient vs Catalase's
# Catalase's gradient vs finite differences: |g − fd| ≤ FD_TOLERANCE × max(|fd|, FD_FLOOR × the
# largest |fd|): entries far below the largest are compared on that floor's scale, where the
# differences' own rounding error lives.
FD_TOLERANCE, FD_FLOOR = 1e-5, 1e-3

# (file stem in bench/kernels, row label, in --quick)
WORKLOADS = [
    ("gmm_grad", "GMM objective, d=10, K=25, n=1000", True),
    ("gmm_d64_grad", "GMM objective, d=64, K=10, n=1000", False),
    ("ba_grad", "BA, 2×15 block per observation, p=10,000", True),
    ("ba_large_grad", "BA, 2×15 block per observation, p=100,000", False),
    ("lstm_grad", "LSTM, l=2, c=1024", True),
    ("lstm_l4_grad", "LSTM, l=4, c=4096", False),
    ("ode_grad", "Brusselator 32×32, 10 RK4 steps, w.r.t. (A, B, α, u0, v0)", True),
]
TOOLS = ["plugin", "cli", "enzyme"]
NATIVE = {"plugin": build_plugin, "cli": build_cli}
WRAP = "-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free"


def build_for(stem):
    work = RESULTS / "build" / stem
    work.mkdir(parents=True, exist_ok=True)
    return Build(BENCH / "kernels" / f"{stem}.c", work, [BENCH / "driver.c", BENCH / "gradient.c"],
                 [BENCH / "heap_count.c", BENCH / "main_grad.c"], [WRAP])


def fd_error(gradient, fd):
    scale = max((abs(x) for x in fd), default=0.0)
    return max_rel_error(gradient, fd, floor=FD_FLOOR * scale if scale else 1e-300)


def first_line(err):
    lines = [l for l in str(err).strip().splitlines() if l.strip()]
    picked = [l for l in lines if "error" in l.lower()] or lines
    return " ".join(picked[:2])[:400]


def measure_native(b, tool, cpu, timed):
    """Builds through `tool`, checks against finite differences; with `timed`, times and measures memory."""
    exe = NATIVE[tool](b)
    got = {"check": run_exe(exe, cpu, "check"), "transform_s": b.transform_s if tool == "cli" else None}
    got["fd_error"] = fd_error(got["check"]["gradient"], got["check"]["fd"])
    got["results"] = got["check"]["gradient"]
    if timed:
        got.update(unpack(run_exe(exe, cpu)["values"]))
        got["mem"] = run_exe(exe, cpu, "mem")
    return got


def measure_workload(stem, tools, cpu, timed, notes):
    b = build_for(stem)
    got = {}
    for tool in tools:
        print(f"[{stem}] {tool} ...", file=sys.stderr, flush=True)
        try:
            got[tool] = (unpack(run_enzyme(b, cpu)["values"]) if tool == "enzyme"
                         else measure_native(b, tool, cpu, timed))
        except (RuntimeError, ValueError, IndexError, KeyError, json.JSONDecodeError) as err:
            got[tool] = None
            notes.append(f"{stem} / {tool}: {first_line(err)}")
    for tool in NATIVE:
        r = got.get(tool)
        if r is not None:
            r["ok"] = r["fd_error"] <= FD_TOLERANCE
            if not r["ok"]:
                notes.append(f"{stem} / {tool}: gradient differs from finite differences (max rel. error "
                             f"{r['fd_error']:.2e} > {FD_TOLERANCE:g}); counted as failing")
    ours = next((got[t] for t in NATIVE if got.get(t)), None)
    if got.get("enzyme"):
        r = got["enzyme"]
        err = max_rel_error(r["results"], ours["results"]) if ours else float("inf")
        r["ok"] = err <= PEER_TOLERANCE
        if not r["ok"]:
            vs_fd = fd_error(r["results"], ours["check"]["fd"]) if ours else float("nan")
            notes.append(f"{stem} / enzyme: gradient differs from Catalase's (max rel. error {err:.2e}; "
                         f"vs finite differences {vs_fd:.2e}); its time does not count")
    return got


def fmt_bytes(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024.0


def row(label, got, tools):
    cells = []
    for tool in tools:
        r = got.get(tool)
        cells.append("failed" if r is None else
                     (f"{r['ratio']:.2f} ({r['lo']:.2f}–{r['hi']:.2f})" if r["ok"]
                      else f"~~{r['ratio']:.2f}~~ (gradient wrong)"))
    ref = next((got[t] for t in tools if got.get(t) and t in NATIVE), None)
    primal = " / ".join(f"{got[t]['primal_s'] * 1e6:.1f}" if got.get(t) else "—" for t in tools)
    fd = f"{ref['check']['fd_cost']:.0f}" if ref else "—"
    fd_err = f"{ref['fd_error']:.1e}" if ref else "—"
    tape = rss = transform = "—"
    if ref:
        m = ref["mem"]
        tape = fmt_bytes(m["gradient_heap"] - m["primal_heap"])
        rss = f"{m['primal_rss_kib'] / 1024:.1f} / {m['gradient_rss_kib'] / 1024:.1f}"
    if got.get("cli"):
        transform = f"{got['cli']['transform_s']:.2f}"
    return f"| {label} | {primal} | " + " | ".join(cells) + f" | {fd} | {fd_err} | {tape} | {rss} | {transform} |"


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def chart(data, path):
    """Draws gradient/primal by workload and tool with bench/.venv's matplotlib (skipped without it)."""
    if not VENV_PYTHON.exists():
        return "no chart: bench/.venv missing"
    out = subprocess.run([VENV_PYTHON, BENCH / "chart.py", "-", path], input=json.dumps(data), text=True,
                         capture_output=True)
    return None if out.returncode == 0 else f"no chart: {first_line(out.stderr) or 'chart.py failed'}"


def check_only(workloads, cpu):
    failed = 0
    for stem, label, _ in workloads:
        b = build_for(stem)
        for tool in NATIVE:
            try:
                err = measure_native(b, tool, cpu, timed=False)["fd_error"]
                status = "ok" if err <= FD_TOLERANCE else "WRONG"
            except (RuntimeError, ValueError, KeyError, json.JSONDecodeError) as e:
                err, status = float("nan"), f"FAILED: {first_line(e)}"
            failed += status != "ok"
            print(f"{stem} / {tool}: max rel. error vs finite differences {err:.1e}: {status}")
    print(f"{2 * len(workloads) - failed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workloads", default=None)
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--cpu", type=int, default=0)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    chosen = args.workloads.split(",") if args.workloads else None
    workloads = [w for w in WORKLOADS if (w[0] in chosen if chosen else (w[2] or not (args.quick or args.check)))]
    if args.check:
        sys.exit(check_only(workloads, args.cpu))
    tools = [t for t in TOOLS if t in args.tools.split(",")]
    notes, rows, data = [], [], []
    for stem, label, _ in workloads:
        got = measure_workload(stem, tools, args.cpu, True, notes)
        rows.append(row(label, got, tools))
        data.append({"workload": label, **{t: (got[t]["ratio"] if got.get(t) and got[t]["ok"] else None)
                                           for t in tools}})
    header = (f"| workload | primal µs ({' / '.join(tools)}) | "
              + " | ".join(f"{TOOL_HEADERS[t]} gradient/primal" for t in tools)
              + " | finite differences (primal calls) | Catalase vs FD (max rel. error)"
              " | tape (heap, gradient − primal) | peak RSS MiB (primal / gradient) | `catalase opt` CPU s |")
    table = [header, "|---" * (len(tools) + 7) + "|", *rows]
    ours = [d["plugin"] for d in data if d.get("plugin")]
    stamp = datetime.date.today()
    png = RESULTS / f"reverse-{stamp}.png"
    RESULTS.mkdir(exist_ok=True)
    chart_note = chart(data, png)
    text = "\n".join([
        machine_line("Reverse mode, gradient time ÷ primal time", args.cpu),
        "",
        *table,
        *([""] + [f"- {n}" for n in notes + ([chart_note] if chart_note else [])]
          if notes or chart_note else []),
        "",
        f"geomean reverse gradient/primal: {geomean(ours):.2f}",
    ])
    (RESULTS / f"reverse-{stamp}.md").write_text(text + "\n")
    (RESULTS / f"reverse-{stamp}.json").write_text(json.dumps(data, indent=1) + "\n")
    print(text)


if __name__ == "__main__":
    main()
