#!/usr/bin/env python3
"""The benchmark suite (one command): for each workload of bench/kernels/*_grad.c, the primal,
Catalase's reverse gradient and its forward derivatives at width 1 and 8, through the plugin and
the CLI route (-O3 IR → `catalase opt` → -O3), beside real Enzyme (enzyme-ad 0.0.16 in
bench/.venv, on the same -O3 IR), JAX (jit, CPU, one thread, float64; bench/jax_peers.py),
ADOL-C (bench/adolc/, when libadolc-dev is installed), the Rust crates num-dual (forward) and
ad_trait (reverse) on the workloads written in Rust (bench/rust/) and finite differences, all in
the same run.

Every derivative is checked before its time counts: Catalase's gradient against central finite
differences, its forward tangents against the same directions dotted with its gradient (or, for
Jacobians, the same entries), and each peer's values against Catalase's (relative error ≤ 1e-8).
The dense Jacobians are also taken by batched reverse (ceil(m/8) sweeps at `enzyme_width 8`,
bench/kernels/jacobian*_batched.c), checked against forward mode on every entry and against the
per-row reverse Jacobian before they are timed (plugin, CLI and real Enzyme; --check too).
Times are in-program medians of 11 interleaved runs of thread CPU time after a warm-up
(bench/driver.c), pinned with `taskset -c CPU`, OMP_NUM_THREADS=1 and XLA's one-thread flags.
Memory: the heap bytes a gradient call holds beyond a primal call (malloc wrapped,
bench/heap_count.c: Catalase's tape plus the shadow memory it allocates) and the peak RSS of each
(`exe mem`, a separate process); the same heap figure for real Enzyme's gradient (its caches plus
the shadow memory it allocates), counted in its JIT by bench/heap_preload.c (LD_PRELOAD); the tape's size formula from `catalase opt --print=tape` goes
to the results folder. Transform time: `catalase opt` CPU seconds on the module with both modes'
markers, with reverse-mode markers only and with forward-mode markers only.

  bench/reverse.py [--quick] [--check] [--heap] [--workloads gmm_grad,...] [--tools plugin,cli,enzyme,jax,adolc,numdual,adtrait]
                   [--cpu 0] [--jobs 2]

With --jobs 2 (the default) two workloads are measured at once, one pinned to each core: the
machine's two cores are both used, and each measurement still has a core of its own.

Writes bench/results/<date>/ (report.md, results.json, PNG charts). With the forward kernels of
bench/forward.py too unless --quick. --quick runs the four small workloads, their gradients only, through
Catalase, real Enzyme and ad_trait (under 3 minutes), and ends with `geomean reverse gradient/primal: X.XX` (the plugin's ratios of the workloads whose
gradient matches finite differences). --check builds through the plugin and the CLI and checks
every derivative against finite differences (and forward against reverse) without timing
anything (CI, scripts/test). --heap prints only the heap table, Catalase's (plugin) beside real
Enzyme's (checked against Catalase's gradient), timing nothing. Set up the peers once with
bench/setup.sh.
"""
import argparse
import concurrent.futures
import json
import math
import os
import queue
import subprocess
import sys
import threading
import time

import peers
import report
from common import BENCH, RESULTS, Build, build_cli, build_plugin, cpu_seconds, kernel_ir, run, run_exe, unpack

# Catalase's gradient vs finite differences: |g − fd| ≤ FD_TOLERANCE × max(|fd|, FD_FLOOR × the
# largest |fd|): entries far below the largest are compared on that floor's scale, where the
# differences' own rounding error lives.
FD_TOLERANCE, FD_FLOOR = 1e-5, 1e-3
# Two exact derivatives (forward vs reverse, a peer vs Catalase), on the same floor.
EXACT_TOLERANCE = 1e-8

# (file stem in bench/kernels, row label, in --quick, JAX/ADOL-C family)
WORKLOADS = [
    ("gmm_grad", "GMM, d=10, K=25, n=1000", True, "gmm"),
    ("gmm_d20_grad", "GMM, d=20, K=50, n=1000", False, "gmm"),
    ("gmm_d64_grad", "GMM, d=64, K=10, n=1000", False, "gmm"),
    ("gmm_d64_n10000_grad", "GMM, d=64, K=10, n=10000", False, "gmm"),
    ("ba_grad", "BA, 2×15 blocks, p=10,000", True, "ba"),
    ("ba_large_grad", "BA, 2×15 blocks, p=100,000", False, "ba"),
    ("lstm_grad", "LSTM, l=2, c=1024", True, "lstm"),
    ("lstm_l4_grad", "LSTM, l=4, c=4096", False, "lstm"),
    ("ode_grad", "ODE, Brusselator 32×32, 10 RK4 steps", True, "ode"),
    ("fft_grad", "FFT, N=2^16", False, "fft"),
    ("fft_18_grad", "FFT, N=2^18", False, "fft"),
    ("fft_20_grad", "FFT, N=2^20", False, "fft"),
    ("jacobian_16_grad", "dense Jacobian, m=n=16", False, "jacobian"),
    ("jacobian_grad", "dense Jacobian, m=n=32", False, "jacobian"),
    ("jacobian_64_grad", "dense Jacobian, m=n=64", False, "jacobian"),
]
# The order the full run measures them in (see main).
RUN_ORDER = ["gmm_grad", "ba_grad", "lstm_grad", "ode_grad", "gmm_d64_grad", "lstm_l4_grad", "fft_grad",
             "jacobian_16_grad", "jacobian_grad", "jacobian_64_grad", "ba_large_grad", "fft_18_grad", "gmm_d20_grad",
             "fft_20_grad", "gmm_d64_n10000_grad"]
# --check (CI) also covers one FFT, one dense Jacobian (fast to build and check) and GMM d=20
# (its strides once stopped type analysis from settling).
CHECK_EXTRA = {"fft_grad", "jacobian_16_grad", "gmm_d20_grad"}
# The geomean target is over these families.
TARGET_FAMILIES = {"gmm", "ba", "lstm", "ode"}
TOOLS = ["plugin", "cli", "enzyme", "jax", "adolc", "numdual", "adtrait"]
# ad_trait's gradients of the four quick workloads take ~8 s in all: cheap enough for --quick.
QUICK_TOOLS = ["plugin", "cli", "enzyme", "adtrait"]
NATIVE = {"plugin": build_plugin, "cli": build_cli}
MODES = (0, 1, 8)  # bench_run_mode: reverse gradient, forward width 1, forward width 8
# The derivatives timed per tool (the CLI route's forward code is the plugin's, after the same
# pipeline: timing it again would double the run); --quick times the gradient only.
TIMED = {"plugin": MODES, "cli": (0,), "enzyme": MODES}
WRAP = "-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free"


def build_for(stem):
    work = RESULTS / "build" / stem
    work.mkdir(parents=True, exist_ok=True)
    return Build(BENCH / "kernels" / f"{stem}.c", work, [BENCH / "driver.c", BENCH / "gradient.c"],
                 [BENCH / "heap_count.c", BENCH / "main_grad.c"], [WRAP], entry="entry_grad.c")


def rel_error(got, want, floor_share):
    """Largest |got − want| / max(|want|, floor_share × max |want|); infinite when lengths differ."""
    if len(got) != len(want) or not want:
        return float("inf")
    scale = max(abs(w) for w in want)
    floor = max(floor_share * scale, 1e-300)
    return max(abs(g - w) / max(abs(w), floor) for g, w in zip(got, want))


def first_line(err):
    text = str(err).strip()
    if text.startswith("`") and "` failed (" in text:  # common.run's message: drop the command line
        code = text.split("` failed (", 1)[1].split(")", 1)[0]
        if code == "-11":
            return "crashed: exit -11 (SIGSEGV)"
        text = f"exit {code}: " + text.split("\n", 1)[-1]
    lines = [l for l in text.splitlines() if l.strip()]
    picked = [l for l in lines if "error" in l.lower()] or lines
    return " ".join(picked[:2])[:400]


def check_native(exe, cpu):
    """`exe check`: the gradient vs finite differences, forward width 1 and 8 vs the gradient."""
    c = run_exe(exe, cpu, "check")
    errs = {"fd": rel_error(c["gradient"], c["fd"], FD_FLOOR)}
    for w in (1, 8):
        errs[f"fwd{w}"] = rel_error(c[f"fwd{w}"], c[f"fwd{w}_expected"], FD_FLOOR)
    ok = {"grad": errs["fd"] <= FD_TOLERANCE, 1: errs["fwd1"] <= EXACT_TOLERANCE, 8: errs["fwd8"] <= EXACT_TOLERANCE}
    return c, errs, ok


def transform_times(b):
    """`catalase opt` CPU seconds on the module with both modes' markers (measured by build_cli)
    and with one mode's only."""
    times = {"both": b.transform_s}
    for mode in ("reverse", "forward"):
        ll, out = b.work / f"kernel.only_{mode}.ll", b.work / f"kernel.only_{mode}.out.ll"
        run(["clang-22", "-O3", f"-DBENCH_ONLY_{mode.upper()}", "-S", "-emit-llvm", b.kernel, "-o", ll])
        times[mode] = cpu_seconds([BENCH.parent / "target/release/catalase", "opt", ll, "-o", out])
    return times


def tape_formula(b):
    """The `size:` lines of `catalase opt --print=tape` (one per generated reverse function), saved
    whole beside the build."""
    out = subprocess.run([BENCH.parent / "target/release/catalase", "opt", kernel_ir(b), "-o",
                                        b.work / "kernel.tape.ll", "--print=tape"], capture_output=True, text=True)
    (b.work / "tape.txt").write_text(out.stderr)
    return [l.strip("; ").strip() for l in out.stderr.splitlines() if l.lstrip("; ").startswith("size:")]


def measure_native(b, tool, cpu, modes):
    exe = NATIVE[tool](b)
    check, errs, ok = check_native(exe, cpu)
    got = {"check": check, "errors": errs, "ok": ok, "results": check["gradient"], "runs": {}}
    if tool == "cli":
        got["transform_s"] = transform_times(b)
        got["tape_formula"] = tape_formula(b)
    for mode in modes:
        got["runs"][mode] = unpack(run_exe(exe, cpu, str(mode))["values"])
    got["mem"] = run_exe(exe, cpu, "mem")
    return got


def measure_enzyme(b, cpu, ours, notes, stem, modes):
    """Real Enzyme's modes; each counts only when its values match Catalase's. Also the heap its
    gradient call holds beyond a primal call ("mem", as Catalase's `exe mem`; None when the
    counter, bench/heap_preload.c, saw nothing)."""
    raw = peers.enzyme(b, cpu, modes, heap=True)
    got = {"compile_s": raw["compile_s"], "runs": {}, "ok": {}, "mem": counted_heap(raw)}
    for mode in modes:
        r = unpack(raw["modes"][str(mode)])
        want = ours["results"] if mode == 0 else ours["runs"].get(mode, {}).get("results")
        key = "grad" if mode == 0 else mode
        err = rel_error(r["results"], want, FD_FLOOR) if want else float("inf")
        got["runs"][mode], got["ok"][key] = r, err <= EXACT_TOLERANCE
        if not got["ok"][key]:
            what = "gradient" if mode == 0 else f"forward width {mode}"
            vs_fd = (f"; vs finite differences {rel_error(r['results'], ours['check']['fd'], FD_FLOOR):.2e}"
                     if mode == 0 else "")
            notes.append(f"{stem} / enzyme: {what} differs from Catalase's (max rel. error {err:.2e}{vs_fd}); "
                         "its time does not count")
    return got


def counted_heap(raw):
    """enzyme_run.py's heap figures (primal_heap, gradient_heap), or None when nothing counted them."""
    heap = raw.get("heap") or {}
    return {k: heap[k] for k in ("primal_heap", "gradient_heap")} if "gradient_heap" in heap else None


def measure_other_peer(tool, b, family, cpu, ours, notes, stem):
    """JAX or ADOL-C on the same inputs (dumped by the C program); compared with Catalase's values."""
    raw = peers.run_peer(tool, b, family, cpu)
    got = {"runs": raw["runs"], "compile_s": raw.get("compile_s"), "ok": {}, "note": raw.get("note"),
           "tape_bytes": raw.get("tape_bytes")}
    for key, mine in (("grad", ours["check"]["gradient"]), ("fwd1", ours["check"]["fwd1"]),
                      ("fwd8", ours["check"]["fwd8"])):
        if key not in raw["values"]:
            continue
        err = rel_error(raw["values"][key], mine, FD_FLOOR)
        got["ok"][key] = err <= EXACT_TOLERANCE
        if not got["ok"][key]:
            notes.append(f"{stem} / {tool}: {key} differs from Catalase's (max rel. error {err:.2e}); "
                         "its time does not count")
    return got


def measure_workload(stem, family, tools, cpu, notes, quick):
    b = build_for(stem)
    got = {}
    for tool in tools:
        print(f"[{stem}] {tool} ...", file=sys.stderr, flush=True)
        ours = next((got[t] for t in NATIVE if got.get(t)), None)
        try:
            modes = (0,) if quick else TIMED.get(tool)
            if tool in NATIVE:
                got[tool] = measure_native(b, tool, cpu, modes)
            elif ours is None:
                raise RuntimeError("no Catalase derivative to check it against")
            elif tool == "enzyme":
                got[tool] = measure_enzyme(b, cpu, ours, notes, stem, modes)
            else:
                got[tool] = measure_other_peer(tool, b, family, cpu, ours, notes, stem)
        except (RuntimeError, ValueError, IndexError, KeyError, json.JSONDecodeError,
                subprocess.TimeoutExpired) as err:
            got[tool] = None
            got.setdefault("why", {})[tool] = first_line(err)
            notes.append(f"{stem} / {tool}: {first_line(err)}")
    if family == "jacobian" and not quick:
        got["batched"] = measure_batched(stem, tools, cpu, notes, (got.get("plugin") or {}).get("results"))
    for tool in NATIVE:
        r = got.get(tool)
        for what, ok in (r["ok"].items() if r else ()):
            if not ok:
                name = "gradient vs finite differences" if what == "grad" else f"forward width {what} vs reverse"
                key = "fd" if what == "grad" else f"fwd{what}"
                notes.append(f"{stem} / {tool}: {name}: max rel. error {r['errors'][key]:.2e}; counted as failing")
    return got


def batched_stem(stem):
    """The batched-reverse build of a dense-Jacobian workload: jacobian_16_grad → jacobian_16_batched."""
    return stem.replace("_grad", "_batched")


def measure_batched(stem, tools, cpu, notes, rows):
    """Batched reverse on a dense-Jacobian workload (bench/kernels/jacobian*_batched.c: the whole
    Jacobian in ceil(m/8) sweeps at `enzyme_width 8`), through the plugin, the CLI and real Enzyme.
    Checked before it is timed: Catalase's against forward width 1 and 8 on every entry, against
    finite differences and, like Enzyme's, against the per-row reverse Jacobian (`rows`, the
    plugin's sampled entries of jacobian*_grad.c)."""
    b = build_for(batched_stem(stem))
    got = {}
    for tool in (t for t in ("plugin", "cli", "enzyme") if t in tools):
        print(f"[{stem}] batched reverse / {tool} ...", file=sys.stderr, flush=True)
        try:
            if tool in NATIVE:
                exe = NATIVE[tool](b)
                check, errs, ok = check_native(exe, cpu)
                errs["rows"] = rel_error(check["gradient"], rows or [], FD_FLOOR)
                good = all(ok.values()) and errs["rows"] <= EXACT_TOLERANCE
                timed = unpack(run_exe(exe, cpu, "0")["values"]) if good else None
            else:
                timed = unpack(peers.enzyme(b, cpu, (0,))["modes"]["0"])
                errs = {"rows": rel_error(timed["results"], rows or [], FD_FLOOR)}
                good = errs["rows"] <= EXACT_TOLERANCE
            got[tool] = {"run": timed, "errors": errs, "ok": good}
            if not good:
                notes.append(f"{stem} batched reverse / {tool}: wrong (max rel. errors: "
                             + ", ".join(f"{k} {v:.2e}" for k, v in errs.items()) + "); its time does not count")
        except (RuntimeError, ValueError, IndexError, KeyError, json.JSONDecodeError,
                subprocess.TimeoutExpired) as err:
            got[tool] = None
            notes.append(f"{stem} batched reverse / {tool}: {first_line(err)}")
    return got


def check_lines(build, cpu, rows=None):
    """`exe check`'s comparisons, for the executable `build()` makes, as (what, max rel. error,
    ok). With `rows` (the per-row reverse Jacobian's entries) it is a batched-reverse build:
    forward mode is compared with it on every entry, and it with `rows`."""
    try:
        c, errs, ok = check_native(build(), cpu)
    except (RuntimeError, ValueError, KeyError, json.JSONDecodeError) as e:
        return [(f"FAILED: {first_line(e)}", float("nan"), False)], None
    what, vs = ("batched reverse", "batched reverse (every entry)") if rows is not None else ("gradient", "reverse")
    lines = [(f"{what} vs finite differences", errs["fd"], ok["grad"]),
             (f"forward width 1 vs {vs}", errs["fwd1"], ok[1]),
             (f"forward width 8 vs {vs}", errs["fwd8"], ok[8])]
    if rows is not None:
        err = rel_error(c["gradient"], rows, FD_FLOOR)
        lines.append(("batched reverse vs reverse per row", err, err <= EXACT_TOLERANCE))
    return lines, c["gradient"]


def check_only(workloads, cpu):
    failed = passed = 0
    for stem, _, _, family in workloads:
        b = build_for(stem)
        batched = build_for(batched_stem(stem)) if family == "jacobian" else None
        for tool in NATIVE:
            lines, rows = check_lines(lambda: NATIVE[tool](b), cpu)
            if batched:
                more, _ = check_lines(lambda: NATIVE[tool](batched), cpu, rows or [])
                lines += more
            for what, err, good in lines:
                passed += good
                failed += not good
                print(f"{stem} / {tool}: {what}: max rel. error {err:.1e}: {'ok' if good else 'WRONG'}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def heap_only(workloads, cpu):
    """--heap: per workload, the heap a gradient call holds beyond a primal call, Catalase's
    (plugin, `exe mem`) beside real Enzyme's (bench/heap_preload.c), nothing timed; an Enzyme
    figure whose gradient differs from Catalase's is marked. Returns the markdown table."""
    rows = []
    for stem, label, _, _ in workloads:
        print(f"[{stem}] heap ...", file=sys.stderr, flush=True)
        b, cells = build_for(stem), []
        try:
            exe = NATIVE["plugin"](b)
            cells.append(report.held(run_exe(exe, cpu, "mem")))
            ours = run_exe(exe, cpu, "check")["gradient"]
        except (RuntimeError, ValueError, KeyError, json.JSONDecodeError) as err:
            rows.append([label, f"failed: {first_line(err)}", "—"])
            continue
        try:
            raw = peers.enzyme(b, cpu, (), heap=True)
            err = rel_error(raw["heap"]["results"], ours, FD_FLOOR)
            mem = counted_heap(raw)
            text = report.held(mem) if mem else "not counted (bench/heap_preload.c not loaded)"
            cells.append(text if err <= EXACT_TOLERANCE else f"~~{text}~~ (its gradient differs: {err:.1e})")
        except (RuntimeError, ValueError, KeyError, json.JSONDecodeError, subprocess.TimeoutExpired) as err:
            cells.append(f"failed: {first_line(err)}")
        rows.append([label, *cells])
    return report.markdown(["workload", "Catalase plugin: heap held by the gradient beyond the primal",
                            "real Enzyme: the same"], rows)


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workloads", default=None)
    ap.add_argument("--tools", default=None, help=f"default {','.join(TOOLS)}; with --quick {','.join(QUICK_TOOLS)}")
    ap.add_argument("--cpu", type=int, default=0, help="the first core to pin to")
    ap.add_argument("--jobs", type=int, default=2,
                    help="workloads measured side by side, each pinned to its own core (--cpu, --cpu + 1, …)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--heap", action="store_true", help="only the heap figures of the plugin and real Enzyme")
    args = ap.parse_args()
    started = time.time()
    chosen = args.workloads.split(",") if args.workloads else None
    workloads = [w for w in WORKLOADS if (w[0] in chosen if chosen else
                                          (w[2] or not (args.quick or args.check) or (args.check and w[0] in CHECK_EXTRA)))]
    if args.check:
        sys.exit(check_only(workloads, args.cpu))
    if args.heap:
        print(heap_only(workloads, args.cpu))
        return
    named = args.tools.split(",") if args.tools else (QUICK_TOOLS if args.quick else TOOLS)
    tools = [t for t in TOOLS if t in named]
    notes = []
    if "adolc" in tools:
        try:  # built once here, before workloads run side by side
            peers.adolc_program(RESULTS / "build")
        except RuntimeError as err:
            notes.append(f"adolc: {first_line(err)}")
    if any(t in peers.RUST_CRATES for t in tools):
        try:  # rebuilt once here if its sources changed
            peers.rust_program()
        except (RuntimeError, subprocess.TimeoutExpired) as err:
            notes.append(f"rust peers: {first_line(err)}")
    cpus = [args.cpu + i for i in range(max(1, args.jobs))]
    free = queue.Queue()
    for cpu in cpus:
        free.put(cpu)
    folder = report.folder()
    done, lock = {}, threading.Lock()

    def one(w):
        cpu = free.get()  # each workload runs pinned to a core no other workload of this run uses
        try:
            done[w[0]] = (w[0], w[1], w[3], measure_workload(w[0], w[3], tools, cpu, notes, args.quick))
        finally:
            free.put(cpu)
        # A partial report after each workload: an interrupted run still leaves its figures.
        with lock:
            report.write(folder, [done[x[0]] for x in workloads if x[0] in done], tools, notes, None,
                         ",".join(map(str, cpus)), "(partial)", charts=False)
    # The issue's target workloads first, the long ones last; the tables keep WORKLOADS' order.
    with concurrent.futures.ThreadPoolExecutor(len(cpus)) as pool:
        list(pool.map(one, sorted(workloads, key=lambda w: RUN_ORDER.index(w[0]) if w[0] in RUN_ORDER else 0)))
    measured = [done[w[0]] for w in workloads]
    forward_table = None if args.quick or chosen else report.forward_kernels(args.cpu)
    ours = [got["plugin"]["runs"][0]["ratio"] for _, _, family, got in measured
            if family in TARGET_FAMILIES and got.get("plugin") and got["plugin"]["ok"]["grad"]]
    last = f"geomean reverse gradient/primal: {geomean(ours):.2f}"
    spent = os.times()
    notes.append(f"this run: {(time.time() - started) / 60:.1f} min wall, "
                 f"{(spent.children_user + spent.children_system + spent.user + spent.system) / 60:.1f} min CPU "
                 f"(all processes it started), {len(cpus)} workload(s) at a time")
    text = report.write(folder, measured, tools, notes, forward_table, ",".join(map(str, cpus)), last)
    print(f"written to {folder}", file=sys.stderr)
    print(text)


if __name__ == "__main__":
    main()
