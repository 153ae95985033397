/* The XLA custom-call entry through which enzyme-ad runs the benchmark with real Enzyme:
 * buffers[0] is the float64 output, buffers[1] a dummy input; the output receives bench_run's numbers
 * (see bench.h). The whole timing loop runs inside the JIT-compiled module. */
#include "bench.h"

enum { OUT_LEN = 512 };

void bench_entry(void *ret, void *run_options, void *params, void **buffers, void *status, void *prof) {
  (void)ret; (void)run_options; (void)params; (void)status; (void)prof;
  double *out = (double *)buffers[0];
  for (int i = 0; i < OUT_LEN; i++) out[i] = 0.0;
  bench_run(out, OUT_LEN);
}
