#!/usr/bin/env python3
"""Forward width 1 and 8 on the FFT (N = 2^16) with the lane arrays at aliasing and at
non-aliasing addresses: the Catalase plugin and real Enzyme, same program, same inputs.

bench/kernels/fft_grad.c callocs each of its 40 arrays (512 KiB) separately. glibc serves a block
that large with its own mmap, page-aligned, so every array starts at the same offset modulo 4 KiB
and element k of every lane falls in the same L1 set; from the heap (brk) the arrays sit 16 bytes
apart modulo 4 KiB. Which one a process gets depends on glibc's dynamic mmap threshold, which a
process that has freed large blocks before (the Python host real Enzyme runs in) has raised. This
script fixes it both ways for both tools with MALLOC_MMAP_THRESHOLD_ (131072: every array mmap'd;
1e9: every array from the heap) and prints, per tool and layout, the medians of --reps runs of
tangent time ÷ primal time at width 1 and 8 and one width-8 call ÷ eight width-1 calls.

  bench/forward_layout.py [--reps 3] [--cpu 0]
"""
import argparse
import os
import statistics

from common import build_plugin, machine_line, run_enzyme, run_exe, unpack
from reverse import build_for

LAYOUTS = {"mmap'd, page-aligned": "131072", "heap, 16 bytes apart": "1000000000"}


def with_env(value, work):
    saved = os.environ.get("MALLOC_MMAP_THRESHOLD_")
    os.environ["MALLOC_MMAP_THRESHOLD_"] = value
    try:
        return work()
    finally:
        if saved is None:
            del os.environ["MALLOC_MMAP_THRESHOLD_"]
        else:
            os.environ["MALLOC_MMAP_THRESHOLD_"] = saved


def ratios(tool, exe, build, cpu):
    """{width: tangent ÷ primal} of one run of `tool`."""
    if tool == "plugin":
        return {w: unpack(run_exe(exe, cpu, str(w))["values"])["ratio"] for w in (1, 8)}
    modes = run_enzyme(build, cpu, (1, 8))["modes"]
    return {int(w): unpack(v)["ratio"] for w, v in modes.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--cpu", type=int, default=0)
    args = ap.parse_args()
    build = build_for("fft_grad")
    exe = build_plugin(build)
    rows = []
    for tool in ("plugin", "enzyme"):
        for layout, threshold in LAYOUTS.items():
            runs = [with_env(threshold, lambda: ratios(tool, exe, build, args.cpu)) for _ in range(args.reps)]
            w1, w8 = (statistics.median(r[w] for r in runs) for w in (1, 8))
            rows.append(f"| {'Catalase plugin' if tool == 'plugin' else 'real Enzyme'} | {layout} | {w1:.2f} | "
                        f"{w8:.2f} | {w8 / (8 * w1):.2f} |")
    what = f"FFT N=2^16, forward, tangent time ÷ primal time, the median over {args.reps} runs of each run's"
    print(machine_line(what, args.cpu).replace(", min–max in parentheses", ""))
    print()
    print("| tool | lane arrays | width 1 | width 8 | width 8 ÷ 8 × width 1 |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
