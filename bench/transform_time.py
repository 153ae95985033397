#!/usr/bin/env python3
"""Transform time of Catalase against the size of the code.

Generates C files holding one function of N statements (calls to a helper and to libm,
`switch`es, short loops, array reads and writes) that `main` differentiates with
`__enzyme_fwddiff`, and times:

  * `catalase opt` on each file's -O1 IR (one run each; the table gives the IR's instruction
    count of the differentiated function), and
  * `clang-22 -O2 -c` with and without the plugin on a file of the same shape WITHOUT any marker
    (the cost of loading the plugin into a build that has nothing to differentiate).

Usage: bench/transform_time.py [--sizes 1000,8000,14000] [--plain 5000] [--repeat 3] [--keep DIR]
                               [--build target/release]
Prints a Markdown table. Timings are medians over --repeat runs of the child's CPU time
(user + system), which a shared machine disturbs less than wall-clock time. Nothing here is
asserted: it is a measurement, not a test.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLANG = "clang-22"

HEADER = """\
#include <math.h>
#include <stdio.h>
extern double __enzyme_fwddiff(void *, ...);
__attribute__((noinline)) static double helper(double u, double v) { return u * 0.5 + v * v * 0.25; }
"""


def statement(i):
    """The i-th statement of the big function: one of five shapes, cycled."""
    k = i % 5
    j = (i * 7) % 16
    if k == 0:
        return f"  s = s * 0.999 + sin(a[{j}]) * x;"
    if k == 1:
        return f"  s = helper(s, x) * 0.5 + {i % 13} * 0.01;"
    if k == 2:
        return (
            f"  switch ((n + {i}) & 3) {{ case 0: s += x; break; case 1: s *= 1.0001; break;"
            f" case 2: a[{j}] += s * 0.01; break; default: s -= 0.5 * x; }}"
        )
    if k == 3:
        return f"  for (int k = 0; k < 3; k++) b[k] += s * a[k + {j % 13}];"
    return f"  a[{j}] = s * 0.5 + b[{i % 3}] * 0.001;"


def source(statements, marker):
    """A C file with `big` of `statements` statements; `main` differentiates it if `marker`."""
    lines = [HEADER, "double big(double *a, double x, int n) {", "  double s = x, b[3] = {0, 0, 0};"]
    lines += [statement(i) for i in range(statements)]
    lines += ["  return s + b[0] + b[1] + b[2];", "}", "int main(void) {"]
    lines.append("  double a[16], da[16] = {0};")
    lines.append("  for (int i = 0; i < 16; i++) a[i] = 0.1 * i;")
    if marker:
        lines.append("  double d = __enzyme_fwddiff((void *)big, a, da, 0.3, 1.0, 1);")
    else:
        lines.append("  double d = big(a, 0.3, 1);")
    lines += ['  printf("%g\\n", d);', "  return 0;", "}", ""]
    return "\n".join(lines)


def write_if_changed(path, text):
    """Write `text` to `path` unless it already holds it (a kept directory is reused)."""
    if os.path.exists(path):
        with open(path) as f:
            if f.read() == text:
                return False
    with open(path, "w") as f:
        f.write(text)
    return True


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def timed(cmd, repeat):
    """Median CPU time (user + system) of `cmd` over `repeat` runs: on a machine shared with
    other jobs, CPU time varies far less than wall-clock time."""
    times = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run(cmd)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def instructions_of(ll_path, function):
    """Number of instructions in `function`'s body in a .ll file."""
    count, inside = 0, False
    with open(ll_path) as f:
        for line in f:
            if line.startswith("define") and f"@{function}(" in line:
                inside = True
            elif inside and line.startswith("}"):
                break
            elif inside and line.startswith("  ") and not line.lstrip().startswith(";"):
                count += 1
    return count


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,8000,14000", help="statement counts for `catalase opt`")
    ap.add_argument("--plain", type=int, default=5000, help="statements of the marker-free file (0: skip)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    ap.add_argument("--keep", help="write the generated files to this directory")
    ap.add_argument("--build", default=os.path.join(ROOT, "target", "release"),
                    help="directory holding catalase and libcatalase_plugin.so (another build to compare)")
    args = ap.parse_args()
    catalase = os.path.join(args.build, "catalase")
    plugin = os.path.join(args.build, "libcatalase_plugin.so")
    for tool in (catalase, plugin):
        if not os.path.exists(tool):
            sys.exit(f"{tool} is missing: run `cargo build --release` first")
    work = args.keep or tempfile.mkdtemp(prefix="catalase-transform-")
    os.makedirs(work, exist_ok=True)

    print("| statements | instructions (-O1 IR of the function) | `catalase opt` |")
    print("|---|---|---|")
    for n in [int(s) for s in args.sizes.split(",") if s]:
        c_path = os.path.join(work, f"big{n}.c")
        ll_path = os.path.join(work, f"big{n}.ll")
        if write_if_changed(c_path, source(n, marker=True)) or not os.path.exists(ll_path):
            run([CLANG, "-O1", "-S", "-emit-llvm", c_path, "-o", ll_path])
        insts = instructions_of(ll_path, "big")
        secs = timed([catalase, "opt", ll_path, "-o", os.path.join(work, f"big{n}.out.ll")], args.repeat)
        print(f"| {n:,} | {insts:,} | {secs:.2f} s |", flush=True)

    if args.plain:
        c_path = os.path.join(work, f"plain{args.plain}.c")
        write_if_changed(c_path, source(args.plain, marker=False))
        obj = os.path.join(work, "plain.o")
        base = [CLANG, "-O2", "-c", c_path, "-o", obj]
        without = timed(base, args.repeat)
        with_plugin = timed(base + [f"-fpass-plugin={plugin}"], args.repeat)
        print()
        print(f"| {args.plain:,} statements, no marker | clang-22 -O2 | with the plugin | ratio |")
        print("|---|---|---|---|")
        print(f"| | {without:.2f} s | {with_plugin:.2f} s | {with_plugin / without:.3f} |")


if __name__ == "__main__":
    main()
