#!/usr/bin/env python3
"""Instruction counts of the benchmark kernels, the same in every run (timings on a shared
machine are not): for each workload of bench/kernels, the primal and one derivative (the reverse
gradient, or forward width 1 or 8) built through Catalase's plugin, the CLI route (-O3 IR →
`catalase opt` → -O3) and real Enzyme, each run under `valgrind --tool=callgrind` by
bench/icount_main.c (kernel_init, then CALLS calls of each; nothing timed). Prints, per call,
the instructions of the primal and of the derivative with everything they call, the part of the
derivative's spent in libraries (libm's sin, exp, …; the rest is the compiled code itself), and
derivative ÷ primal.

Real Enzyme's code is the module that enzyme-ad (bench/.venv) produces from the same -O3 IR:
lowered by Enzyme and optimized at O3 by enzyme-ad's LLVM, written out by its `compile_to_llvm`
instead of being JIT-compiled, moved to LLVM 22's text syntax (`rewrite_llvm24`) and compiled by
llc-22 for the same target as the other routes. Its instruction selection is LLVM 22's, not the
JIT's, so its counts are close to, not exactly, what the timed JIT code runs.

  bench/icount.py [--workloads ba_grad,gmm_grad] [--tools plugin,cli,enzyme] [--mode 0|1|8] [--calls 2]

Builds go to bench/results/icount/<workload>/ (gitignored)."""
import argparse
import re
import sys
from pathlib import Path

from common import BENCH, CC, CFLAGS, RESULTS, VENV_PYTHON, Build, build_cli, build_plugin, kernel_ir, run

MAIN = BENCH / "icount_main.c"
NAMES = {0: "kernel_tangent", 1: "kernel_forward1", 8: "kernel_forward8"}


def build_for(stem):
    """The kernel linked with the driver (and bench/gradient.c for gradient kernels) and
    bench/icount_main.c, bound at load time so that no lazy symbol binding is counted."""
    work = RESULTS / "icount" / stem
    work.mkdir(parents=True, exist_ok=True)
    grad = [BENCH / "gradient.c"] if stem.endswith("_grad") else []
    return Build(BENCH / "kernels" / f"{stem}.c", work, [BENCH / "driver.c", *grad], [MAIN], ["-Wl,-z,now"])


def rewrite_llvm24(text):
    """enzyme-ad's LLVM (24) writes a few things LLVM 22 cannot read: hexadecimal doubles as
    `f0x…` and infinities as `±inf` (22: `0x…`), the `target_mem` location of memory effects (22
    has none of that name), and alias scope domains with an extra `i1` operand. Drops or rewrites
    each (doubles only: the kernels here have no other float constants written that way)."""
    text = re.sub(r"\bf0x([0-9A-Fa-f]{16})\b", r"0x\1", text)
    text = re.sub(r"(?<=[ (,])\+inf\b", "0x7FF0000000000000", text)
    text = re.sub(r"(?<=[ (,])-inf\b", "0xFFF0000000000000", text)
    text = re.sub(r",? ?target_mem: \w+", "", text).replace("memory(, ", "memory(")
    return re.sub(r"distinct !\{(![0-9]+), i1 (?:true|false), (![^}]*)\}", r"distinct !{\1, \2}", text)


def build_enzyme(b):
    """Real Enzyme's module for the kernel (see the module's doc), compiled natively."""
    if not VENV_PYTHON.exists():
        raise RuntimeError("bench/.venv missing: run bench/setup.sh")
    work, parts = b.work, [kernel_ir(b)]
    for src in b.sources:
        ll = work / f"{src.stem}.O3.ll"
        run([CC, *CFLAGS, "-S", "-emit-llvm", src, "-o", ll])
        parts.append(ll)
    entry = work / "icount_entry.ll"
    run([CC, *CFLAGS, "-DICOUNT_ENTRY", f"-I{BENCH}", "-S", "-emit-llvm", MAIN, "-o", entry])
    linked, lowered, native = work / "enzyme.in.ll", work / "enzyme.out.ll", work / "enzyme.ll"
    run(["llvm-link-22", "-S", *parts, entry, "-o", linked])
    run([VENV_PYTHON, Path(__file__).resolve(), "--enzyme-lower", linked, lowered])
    native.write_text(rewrite_llvm24(lowered.read_text()))
    asm, exe = work / "enzyme.s", work / "enzyme.exe"
    run(["llc-22", "-O3", "-relocation-model=pic", native, "-o", asm])
    run([CC, "-O2", "-DICOUNT_CALLS_ENTRY", f"-I{BENCH}", MAIN, asm, *b.link, "-lm", "-ldl", "-o", exe])
    return exe


def enzyme_lower(linked, out):
    """In bench/.venv: lower the module's marker calls with real Enzyme and optimize it, as
    bench/enzyme_run.py's JIT does, but write the module to `out` instead of compiling it."""
    import ctypes
    for lib in ("libstdc++.so.6", "libgcc_s.so.1", "libm.so.6"):
        ctypes.CDLL(lib, mode=ctypes.RTLD_GLOBAL)
    from enzyme_ad.jax import enzyme_call, primitives
    source = open(linked).read()
    # As bench/enzyme_run.py: LLVM 24's verifier rejects LLVM 22's loop-versioning scope domains.
    source = re.sub(r", !(alias\.scope|noalias) !\d+", "", source)
    argv = ("-resource-dir", primitives.resource_dir()) + tuple(primitives.cflags())
    enzyme_call.compile_to_llvm(out, source, "bench_entry", [("double", [1])], [("double", [2])], argv,
                                primitives.LANG_LLVM, False, "")


def callgrind(exe, mode, calls, *options):
    """The profile of one run of `exe` (bench/icount_main.c) under callgrind."""
    profile = exe.with_suffix(f".m{mode}{'t' if options else ''}.callgrind")
    run(["valgrind", "--tool=callgrind", *options, f"--callgrind-out-file={profile}", exe, str(mode), str(calls)])
    return profile


def annotate(profile, inclusive):
    """(instructions, function, object) per line of callgrind_annotate's listing."""
    text = run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}", "--threshold=100", profile])
    return [(int(m.group(1).replace(",", "")), m.group(2), m.group(3))
            for m in re.finditer(r"^\s*([\d,]+) \([^)]*\)\s+\S*?:(\w+)(?: \[(.*)\])?$", text, re.M)]


def count(exe, mode, calls):
    """(primal, derivative, derivative's share in libraries) instructions per call of `exe`: the
    inclusive counts of kernel_primal and of the derivative, and, from a second run that counts
    only while the derivative runs, what it spends outside the executable (libm's sin, exp, …)."""
    inclusive = {name: n for n, name, _ in annotate(callgrind(exe, mode, calls), True)}
    name = NAMES[mode]
    if "kernel_primal" not in inclusive or name not in inclusive:
        raise RuntimeError(f"{exe}: callgrind saw no kernel_primal or {name}")
    only = annotate(callgrind(exe, mode, calls, f"--toggle-collect={name}"), False)
    inside = sum(n for n, _, obj in only if obj and Path(obj) == exe.resolve())
    return inclusive["kernel_primal"] / calls, inclusive[name] / calls, (inclusive[name] - inside) / calls


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--enzyme-lower":
        return enzyme_lower(sys.argv[2], sys.argv[3])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workloads", default="ba_grad")
    ap.add_argument("--tools", default="plugin,cli,enzyme")
    ap.add_argument("--mode", type=int, choices=sorted(NAMES), default=0)
    ap.add_argument("--calls", type=int, default=2)
    args = ap.parse_args()
    builders = {"plugin": build_plugin, "cli": build_cli, "enzyme": build_enzyme}
    print(f"| workload | tool | primal Ir/call | {NAMES[args.mode]} Ir/call | of which in libraries | ÷ primal |")
    print("|---|---|---|---|---|---|")
    for stem in args.workloads.split(","):
        b = build_for(stem)
        for tool in args.tools.split(","):
            try:
                primal, derivative, libraries = count(builders[tool](b), args.mode, args.calls)
            except RuntimeError as e:
                print(f"| {stem} | {tool} | failed: {str(e).splitlines()[0][:200]} | | | |")
                continue
            print(f"| {stem} | {tool} | {primal:,.0f} | {derivative:,.0f} | {libraries:,.0f} | {derivative / primal:.2f} |",
                  flush=True)


if __name__ == "__main__":
    main()
