/* The interface between bench/driver.c and one kernel of bench/kernels/ (one kernel per file).
 * A kernel defines the five entries below; the driver times `kernel_primal` and
 * `kernel_tangent` (forward mode through `__enzyme_fwddiff`) and prints `kernel_results`, the
 * tangent values that must agree between tools. */
#ifndef CATALASE_BENCH_H
#define CATALASE_BENCH_H

extern int enzyme_dup, enzyme_const, enzyme_width, enzyme_dupnoneed;
void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...) __asm__("__enzyme_fwddiff");

#define BENCH_ENTRY __attribute__((noinline))

extern const char *kernel_name;
void kernel_init(void);
BENCH_ENTRY void kernel_primal(void);
BENCH_ENTRY void kernel_tangent(void);
/* Writes at most `max` tangent values to `out`, returns how many. */
int kernel_results(double *out, int max);

/* Runs the benchmark; fills out[0..] with: reps per sample, runs, median/min/max of
 * tangent÷primal over the runs, median primal and tangent sample times (seconds per call),
 * the number of results, then the results. Returns the number of doubles written. */
int bench_run(double *out, int max);

#endif
