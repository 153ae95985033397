#!/usr/bin/env python3
"""Cross-check the program corpus against real Enzyme (optional; not part of the test suite).

Each program is compiled with clang-22 -O2 to LLVM IR (main renamed), handed to Enzyme
through the enzyme-ad package (Enzyme + LLVM JIT inside a JAX extension), and run; its
"K checks, M failed" line is read back.  This validates the programs themselves (their C,
their use of the calling interface and their finite-difference references) independently
of Catalase.

Setup (once, outside the repo):
    python3.11 -m venv /tmp/eadvenv && /tmp/eadvenv/bin/pip install enzyme-ad==0.0.16
Run:
    /tmp/eadvenv/bin/python tests/harness/enzyme_crosscheck.py [files...]
    (default: every tests/programs/*.c|*.cpp; one subprocess per program)

Known difference from Catalase, not a program bug:
  - float_variadic_promotion.c: Enzyme rejects floats promoted through `...` (ABI decision 5).
The tool strips `noinline` (enzyme-ad forces always-inline, which fails verification on
noinline functions).
"""

import ctypes
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENTRY = """
define void @crosscheck_entry(ptr %ret, ptr %ro, ptr %params, ptr %buffers, ptr %status, ptr %prof) {
  %r = call i32 @MAIN(i32 1, ptr null)
  %s = call i32 @fflush(ptr null)
  ret void
}
declare i32 @fflush(ptr)
"""


def program_ir(src):
    cc = "clang++-22" if src.suffix == ".cpp" else "clang-22"
    ll = subprocess.run([cc, "-O2", "-S", "-emit-llvm", "-Dmain=prog_main", "-fno-exceptions",
                         "-I", str(ROOT / "tests/programs"), str(src), "-o", "-"],
                        check=True, capture_output=True, text=True).stdout
    ll = re.sub(r"^target datalayout.*$", "", ll, flags=re.M)
    ll = re.sub(r"^(attributes #\d+ = \{.*)\bnoinline\b", r"\1", ll, flags=re.M)
    ll = re.sub(r", !alias\.scope ![0-9]+|, !noalias ![0-9]+", "", ll)
    main = re.search(r"define [^@]*@(\w*prog_main\w*)\(", ll).group(1)
    return ll + ENTRY.replace("MAIN", main)


def run_one(src):
    """Runs inside the child process: JIT the program with Enzyme and execute it."""
    ctypes.CDLL("libstdc++.so.6", mode=ctypes.RTLD_GLOBAL)
    ctypes.CDLL("libgcc_s.so.1", mode=ctypes.RTLD_GLOBAL)
    import jax
    import jax.numpy as jnp
    from enzyme_ad.jax import primitives as P

    ll = program_ir(src)
    shape = [jax.core.ShapedArray((1,), jnp.float32)]
    f = jax.jit(lambda x: P.ffi_call(x, out_shapes=shape, source=ll, fn="crosscheck_entry",
                                     lang=P.LANG_LLVM,
                                     argv=("-isystem", "/usr/lib/llvm-22/lib/clang/22/include")))
    jax.block_until_ready(f(jnp.zeros((1,), jnp.float32)))


def main(argv):
    if argv[:1] == ["--one"]:
        run_one(Path(argv[1]))
        return 0
    files = [Path(a) for a in argv] or sorted(
        p for p in (ROOT / "tests/programs").iterdir() if p.suffix in (".c", ".cpp"))
    bad = 0
    for src in files:
        try:
            p = subprocess.run([sys.executable, __file__, "--one", str(src)], capture_output=True,
                               text=True, timeout=300)
            out = p.stdout + p.stderr
        except subprocess.TimeoutExpired:
            out = "timeout"
        summary = re.findall(r"^(\d+) checks, (\d+) failed$", out, re.M)
        ok = bool(summary) and summary[-1][1] == "0"
        bad += not ok
        status = f"{summary[-1][0]} checks, {summary[-1][1]} failed" if summary else "no summary"
        print(f"{'PASS' if ok else 'FAIL'} {src.name}: {status}", flush=True)
        if not ok:
            for line in out.splitlines():
                if "MISMATCH" in line or "Enzyme:" in line:
                    print("     " + line[:200])
    print(f"{len(files) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
