/* The XLA custom-call entry of gradient kernels under real Enzyme (bench/enzyme_run.py), as
 * bench/entry.c: buffers[0] is the float64 output, buffers[1] holds the mode (0: the reverse
 * gradient, 1 or 8: forward width 1 or 8) that bench_run_mode times. */
#include "bench.h"

enum { OUT_LEN = 512 };

void bench_entry(void *ret, void *run_options, void *params, void **buffers, void *status, void *prof) {
  (void)ret; (void)run_options; (void)params; (void)status; (void)prof;
  double *out = (double *)buffers[0];
  const double *mode = (const double *)buffers[1];
  for (int i = 0; i < OUT_LEN; i++) out[i] = 0.0;
  bench_run_mode(out, OUT_LEN, (int)mode[0]);
}
