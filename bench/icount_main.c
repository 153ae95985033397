/* The program bench/icount.py counts instructions in: kernel_init, then CALLS calls of the primal
 * and CALLS calls of the derivative that MODE names (0: kernel_tangent, the reverse gradient of a
 * *_grad.c kernel or the tangent of a forward kernel; 1 or 8: kernel_forward1 or kernel_forward8 of
 * a gradient kernel), nothing timed, so that callgrind's count for each function divided by CALLS
 * is the cost of one call, the same in every run. The derivative's results are read afterwards
 * (kernel_results or kernel_forward_results), so that no optimizer may drop its stores.
 *   native:             exe MODE CALLS
 *   -DICOUNT_ENTRY:     no main; the XLA custom-call entry `bench_entry` that enzyme-ad wraps for
 *                       real Enzyme's module (buffers[1] holds MODE and CALLS as doubles)
 *   -DICOUNT_CALLS_ENTRY: a main that passes MODE and CALLS to the `entry` wrapper enzyme-ad
 *                       writes around `bench_entry` (real Enzyme's module compiled natively) */
#include <stdlib.h>

#include "bench.h"

#if !defined(ICOUNT_CALLS_ENTRY)
/* Weak: forward kernels have no kernel_forward1/8. */
__attribute__((weak)) void kernel_forward1(void);
__attribute__((weak)) void kernel_forward8(void);
__attribute__((weak)) int kernel_forward_results(double *out, int max);

/* Runs the calls; returns the sum of the derivative's results (0 when MODE names none). */
static double count_run(int mode, int calls) {
  static double out[4096];
  void (*derivative)(void) = mode == 1 ? kernel_forward1 : mode == 8 ? kernel_forward8 : kernel_tangent;
  int (*results)(double *, int) = mode == 0 ? kernel_results : kernel_forward_results;
  if (!derivative || !results) return 0.0;
  kernel_init();
  for (int i = 0; i < calls; i++) {
    kernel_primal();
    derivative();
  }
  double sum = 0.0;
  for (int i = 0, n = results(out, 4096); i < n; i++) sum += out[i];
  return sum;
}
#endif

#if defined(ICOUNT_ENTRY)
void bench_entry(void *ret, void *run_options, void *params, void **buffers, void *status, void *prof) {
  (void)ret; (void)run_options; (void)params; (void)status; (void)prof;
  const double *in = (const double *)buffers[1];
  ((double *)buffers[0])[0] = count_run((int)in[0], (int)in[1]);
}
#elif defined(ICOUNT_CALLS_ENTRY)
void entry(void **outs, void **ins);

int main(int argc, char **argv) {
  static double out[1], in[2];
  in[0] = argc > 1 ? atof(argv[1]) : 0.0;
  in[1] = argc > 2 ? atof(argv[2]) : 1.0;
  void *outs[1] = {out}, *ins[1] = {in};
  entry(outs, ins);
  return 0;
}
#else
int main(int argc, char **argv) {
  volatile double sink = count_run(argc > 1 ? atoi(argv[1]) : 0, argc > 2 ? atoi(argv[2]) : 1);
  (void)sink;
  return 0;
}
#endif
