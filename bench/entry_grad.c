/* The XLA custom-call entry of gradient kernels under real Enzyme (bench/enzyme_run.py), as
 * bench/entry.c: buffers[0] is the float64 output, buffers[1] holds the mode (0: the reverse
 * gradient, 1 or 8: forward width 1 or 8) that bench_run_mode times, or MODE_HEAP: the heap bytes
 * one primal call and one gradient call hold at their peaks (and the gradient's values), counted
 * by bench/heap_preload.c (LD_PRELOAD) as bench/main_grad.c's `exe mem` counts Catalase's. */
#define _GNU_SOURCE
#include <dlfcn.h>

#include "bench.h"

enum { OUT_LEN = 512, MODE_HEAP = -1 };

/* Writes out[0] = the primal call's peak heap, out[1] = the gradient call's (bytes beyond those
 * live at its start), or out[0] = -1 when bench/heap_preload.c is not loaded (the functions are
 * looked up at run time, so the module still links and runs without it); then, as bench_run,
 * out[7] = the number of results and out[8..] the gradient's results. */
static void heap_run(double *out, int max) {
  void (*counting)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "bench_heap_counting");
  long (*restart)(void) = (long (*)(void))dlsym(RTLD_DEFAULT, "bench_heap_restart");
  kernel_init();
  if (counting && restart) {
    counting(1);
    restart();
    kernel_primal();
    out[0] = (double)restart();
    kernel_tangent();
    out[1] = (double)restart();
    counting(0);
  } else {
    out[0] = -1.0;
    kernel_tangent();
  }
  out[7] = kernel_results(out + 8, max - 8);
}

void bench_entry(void *ret, void *run_options, void *params, void **buffers, void *status, void *prof) {
  (void)ret; (void)run_options; (void)params; (void)status; (void)prof;
  double *out = (double *)buffers[0];
  const double *mode = (const double *)buffers[1];
  for (int i = 0; i < OUT_LEN; i++) out[i] = 0.0;
  if ((int)mode[0] == MODE_HEAP)
    heap_run(out, OUT_LEN);
  else
    bench_run_mode(out, OUT_LEN, (int)mode[0]);
}
