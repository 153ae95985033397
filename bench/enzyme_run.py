"""Runs one benchmark module with real Enzyme (PyPI enzyme-ad): reads the LLVM IR of a kernel
linked with bench/driver.c and bench/entry.c (its `__enzyme_*` marker calls still in place),
hands it to enzyme-ad, which lowers the markers with Enzyme, optimizes at O3 and JIT-compiles it,
then calls `bench_entry` through XLA once per mode (argv[3], e.g. "0,1,8": bench/entry_grad.c reads
the mode from its input; bench/entry.c ignores it): the timing loop runs inside the compiled module.
Mode -1 (bench/entry_grad.c's MODE_HEAP, run under LD_PRELOAD=heap_preload.so) counts the heap
that one primal call and one gradient call hold instead of timing.
Prints one JSON object: the numbers bench_run wrote per mode ("modes"; "values" is the first mode's;
"heap" for mode -1: {"primal_heap", "gradient_heap"} in bytes, without them when the counter was
not loaded, and the gradient's "results")
and "compile_s", the wall time of lowering and compiling (Enzyme's differentiation, its O3
pipeline and the JIT), apart from the runs. Used by bench/forward.py and bench/reverse.py inside
bench/.venv."""
import ctypes
import json
import os
import re
import sys
import time

OUT_LEN = 512  # bench/entry.c
MODE_HEAP = -1  # bench/entry_grad.c


def main():
    ir_path, kernel = sys.argv[1], sys.argv[2]
    modes = [int(m) for m in sys.argv[3].split(",")] if len(sys.argv) > 3 else [0]
    for lib in ("libstdc++.so.6", "libgcc_s.so.1", "libm.so.6"):
        ctypes.CDLL(lib, mode=ctypes.RTLD_GLOBAL)
    os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
    from enzyme_ad.jax import primitives

    source = open(ir_path).read()
    # LLVM 24's verifier rejects LLVM 22's loop-versioning scope domains (PEERS.md): drop them.
    source = re.sub(r", !(alias\.scope|noalias) !\d+", "", source)
    started = time.time()
    fn = jax.jit(lambda x: primitives.ffi_call(
        x, out_shapes=[jax.core.ShapedArray((OUT_LEN,), jnp.float64)], source=source, fn="bench_entry",
        lang=primitives.LANG_LLVM, argv=()))
    compiled = fn.lower(jnp.zeros((1,), jnp.float64)).compile()
    compile_s = time.time() - started
    got, heap = {}, None
    for mode in modes:
        out = compiled(jnp.full((1,), float(mode), jnp.float64))
        values = [float(v) for v in (out[0] if isinstance(out, (list, tuple)) else out)]
        if mode == MODE_HEAP:
            results = values[8:8 + int(values[7])]
            heap = ({"primal_heap": int(values[0]), "gradient_heap": int(values[1]), "results": results}
                    if values[0] >= 0 else {"results": results})
        else:
            got[str(mode)] = values[:8 + int(values[7])]
    timed = [m for m in modes if m != MODE_HEAP]
    print(json.dumps({"kernel": kernel, "values": got[str(timed[0])] if timed else None, "modes": got,
                      "heap": heap, "compile_s": compile_s, "seconds": time.time() - started}))


if __name__ == "__main__":
    main()
