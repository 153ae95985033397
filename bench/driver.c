/* Timing driver shared by every kernel and every tool: warm-up, then RUNS runs; each run times
 * one sample of the primal and one of the tangent (interleaved, so that drift in the machine's
 * load affects both alike), each sample `reps` calls long, `reps` chosen so that a primal sample
 * takes at least MIN_SAMPLE seconds (2 ms: thread CPU time resolves far finer; longer samples
 * made the full suite too slow for 2 cores). The ratio is the median over runs of tangent ÷ primal.
 * Time is the calling thread's CPU time, so time slices given to other jobs on a shared machine
 * are not counted (their effect on caches still is). */
#include <stdlib.h>
#include <time.h>

#include "bench.h"

enum { RUNS = 11, WARMUP = 2 };
static const double MIN_SAMPLE = 0.002;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Seconds for `reps` calls of `f`; the memory clobber keeps the calls in the loop. */
static double sample(void (*f)(void), long reps) {
  double start = now();
  for (long i = 0; i < reps; i++) {
    f();
    __asm__ volatile("" ::: "memory");
  }
  return now() - start;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, by_value);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int bench_run(double *out, int max) { return bench_run_with(out, max, kernel_tangent, kernel_results); }

int bench_run_with(double *out, int max, void (*derivative)(void), int (*results)(double *, int)) {
  kernel_init();
  long reps = 1;
  while (sample(kernel_primal, reps) < MIN_SAMPLE && reps < (1L << 30)) reps *= 2;
  for (int i = 0; i < WARMUP; i++) {
    sample(kernel_primal, reps);
    sample(derivative, reps);
  }
  double ratio[RUNS], primal[RUNS], tangent[RUNS];
  for (int r = 0; r < RUNS; r++) {
    primal[r] = sample(kernel_primal, reps) / (double)reps;
    tangent[r] = sample(derivative, reps) / (double)reps;
    ratio[r] = tangent[r] / primal[r];
  }
  double lo = ratio[0], hi = ratio[0];
  for (int r = 1; r < RUNS; r++) {
    lo = ratio[r] < lo ? ratio[r] : lo;
    hi = ratio[r] > hi ? ratio[r] : hi;
  }
  out[0] = (double)reps;
  out[1] = RUNS;
  out[2] = median(ratio, RUNS);
  out[3] = lo;
  out[4] = hi;
  out[5] = median(primal, RUNS);
  out[6] = median(tangent, RUNS);
  derivative();
  int n = results(out + 8, max - 8);
  out[7] = n;
  return 8 + n;
}
