"""Machinery shared by bench/forward.py and bench/reverse.py: building one kernel of bench/kernels
through Catalase's plugin, through the CLI (-O3 IR → `catalase opt` → -O3) and for real Enzyme
(enzyme-ad in bench/.venv, on the same -O3 IR), running the program pinned to one core, reading
bench_run's numbers (bench/bench.h) and comparing derivative values between tools."""
import datetime
import json
import os
import platform
import subprocess
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
CC = os.environ.get("CC_CATALASE", "clang-22")
# Single-threaded comparisons: every child (the C programs, real Enzyme's and JAX's XLA) sees these.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
CFLAGS = ["-O3"]
PLUGIN = ROOT / "target/release/libcatalase_plugin.so"
CATALASE = ROOT / "target/release/catalase"
VENV_PYTHON = BENCH / ".venv/bin/python"
TOOL_HEADERS = {"plugin": "plugin", "cli": "CLI (O3 IR → catalase → O3)", "enzyme": "real Enzyme",
                "start": "differentiate at pipeline start (before)"}


class Build:
    """How one kernel is built: its C file, the C sources every route links (the driver and, for
    gradients, bench/gradient.c), those only native executables link (`native`: the main file and
    heap counting), extra link flags, and a work folder."""

    def __init__(self, kernel, work, sources, native, link=(), entry="entry.c"):
        self.kernel, self.work, self.link, self.entry = kernel, work, list(link), BENCH / entry
        self.sources, self.native = list(sources), list(native)
        self.ir = None
        self.transform_s = None

    def program(self):
        return [*self.sources, *self.native, *self.link, "-lm"]


def run(cmd, **kw):
    out = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if out.returncode != 0:
        raise RuntimeError(f"`{' '.join(map(str, cmd))}` failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return out.stdout


def pinned(cpu):
    return ["taskset", "-c", str(cpu)]


def cpu_seconds(cmd):
    """Runs `cmd`; returns the user + system CPU time its child processes took."""
    before = os.times()
    run(cmd)
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def build_plugin(b):
    exe = b.work / "plugin.exe"
    run([CC, *CFLAGS, f"-fpass-plugin={PLUGIN}", b.kernel, *b.program(), "-o", exe])
    return exe


def kernel_ir(b):
    """The kernel's -O3 IR, compiled once per build and shared by the CLI and Enzyme routes."""
    if b.ir is None:
        b.ir = b.work / "kernel.O3.ll"
        run([CC, *CFLAGS, "-S", "-emit-llvm", b.kernel, "-o", b.ir])
    return b.ir


def build_cli(b):
    out_ll, exe = b.work / "kernel.cli.ll", b.work / "cli.exe"
    b.transform_s = cpu_seconds([CATALASE, "opt", kernel_ir(b), "-o", out_ll])
    run([CC, *CFLAGS, out_ll, *b.program(), "-o", exe])
    return exe


def build_start(b):
    raw, out_ll, exe = b.work / "kernel.raw.ll", b.work / "kernel.start.ll", b.work / "start.exe"
    run([CC, *CFLAGS, "-Xclang", "-disable-llvm-passes", "-S", "-emit-llvm", b.kernel, "-o", raw])
    run(["opt-22", f"-load-pass-plugin={PLUGIN}", "-passes=catalase,default<O3>", raw, "-S", "-o", out_ll])
    run([CC, *CFLAGS, "-Xclang", "-disable-llvm-optzns", out_ll, *b.program(), "-o", exe])
    return exe


def run_exe(exe, cpu, *args):
    return json.loads(run([*pinned(cpu), exe, *args]).strip().splitlines()[-1])


HEAP_PRELOAD = BENCH / "heap_preload.c"
_preload_lock = threading.Lock()


def heap_preload():
    """bench/heap_preload.c as a shared library for LD_PRELOAD, built once into the results folder
    (rebuilt when the source is newer; two workloads may ask at once)."""
    so = RESULTS / "build" / "heap_preload.so"
    with _preload_lock:
        if not so.exists() or so.stat().st_mtime < HEAP_PRELOAD.stat().st_mtime:
            so.parent.mkdir(parents=True, exist_ok=True)
            tmp = so.with_suffix(".so.tmp")
            run([CC, "-O2", "-shared", "-fPIC", HEAP_PRELOAD, "-o", tmp])
            tmp.replace(so)
    return so


def run_enzyme(b, cpu, modes=(0,), heap=False):
    """Links the kernel's -O3 IR with the driver sources and the build's entry (bench/entry.c or
    bench/entry_grad.c) and runs it under real Enzyme (bench/enzyme_run.py) in each of `modes`;
    returns its JSON object, with `wall_s` the whole run's wall time. With `heap` (gradient
    kernels), the process runs with bench/heap_preload.c preloaded and, after the timed modes,
    counts the heap a primal call and a gradient call hold (the object's "heap")."""
    if not VENV_PYTHON.exists():
        raise RuntimeError("bench/.venv missing: python3 -m venv bench/.venv && "
                           "bench/.venv/bin/pip install enzyme-ad==0.0.16")
    parts = [kernel_ir(b)]
    for src in [*b.sources, b.entry]:
        ll = b.work / f"{Path(src).stem}.O3.ll"
        run([CC, *CFLAGS, "-S", "-emit-llvm", src, "-o", ll])
        parts.append(ll)
    linked = b.work / "enzyme.ll"
    run(["llvm-link-22", "-S", *parts, "-o", linked])
    env = {**os.environ, "LD_PRELOAD": str(heap_preload())} if heap else None
    started = time.time()
    got = json.loads(run([*pinned(cpu), VENV_PYTHON, BENCH / "enzyme_run.py", linked, b.kernel.stem,
                          ",".join(map(str, [*modes, -1] if heap else modes))], env=env).strip().splitlines()[-1])
    got["wall_s"] = time.time() - started
    return got


def measure(b, tool, cpu):
    if tool == "enzyme":
        return run_enzyme(b, cpu)
    build = {"plugin": build_plugin, "cli": build_cli, "start": build_start}[tool]
    return run_exe(build(b), cpu)


def unpack(values):
    """bench_run's layout (bench/bench.h)."""
    n = int(values[7])
    return {"reps": int(values[0]), "runs": int(values[1]), "ratio": values[2], "lo": values[3],
            "hi": values[4], "primal_s": values[5], "tangent_s": values[6], "results": values[8:8 + n]}


def max_rel_error(a, b, floor=1e-300):
    """Largest |a_i − b_i| / max(|b_i|, floor) (infinite when the lengths differ or are zero)."""
    if len(a) != len(b) or not a:
        return float("inf")
    return max(abs(x - y) / max(abs(y), floor) for x, y in zip(a, b))


def ratio_cell(r, agrees):
    if r is None:
        return "failed"
    text = f"{r['ratio']:.2f} ({r['lo']:.2f}–{r['hi']:.2f})"
    return text if agrees else f"~~{text}~~ (derivative differs)"


def machine_line(what, cpu):
    """One sentence naming the measurement, the compiler, the pinning, the machine and its load."""
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{what} (median of 11 runs, thread CPU time, min–max in parentheses); {CC} {' '.join(CFLAGS)}; "
            f"taskset -c {cpu}; {platform.node()}, {platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} CPUs, load average {load:.1f} at the end; {when}.")
