/* The interface between bench/driver.c and one kernel of bench/kernels/ (one kernel per file).
 * A kernel defines the five entries below; the driver times `kernel_primal` and
 * `kernel_tangent` (forward mode through `__enzyme_fwddiff`) and prints `kernel_results`, the
 * tangent values that must agree between tools. */
#ifndef CATALASE_BENCH_H
#define CATALASE_BENCH_H

extern int enzyme_dup, enzyme_const, enzyme_width, enzyme_dupnoneed;
void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...) __asm__("__enzyme_fwddiff");
void __enzyme_autodiff(void *, ...);

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

/* Gradient kernels (bench/reverse.py) time a reverse-mode derivative as `kernel_tangent`, and
 * also define: */
/* Writes finite differences of the values kernel_results writes; returns how many. */
int kernel_fd(double *out, int max);
/* The cost of the whole derivative by plain central differences (2 evaluations per input), in
 * primal calls: the naive baseline. */
double kernel_fd_cost(void);

/* bench/gradient.c: the inputs of a scalar objective and their gradient arrays. */
struct bench_array {
  double *x, *dx;
  int n;
};
/* Zeroes every dx. */
void gradient_zero(const struct bench_array *a, int na);
/* Writes up to GRADIENT_SAMPLE gradient entries, spread evenly over all inputs. */
int gradient_sample(const struct bench_array *a, int na, double *out, int max);
/* The same entries by finite differences of `value` (which evaluates the objective at the
 * current inputs). */
int gradient_fd(const struct bench_array *a, int na, double (*value)(void), double *out, int max);
/* The step of bench/gradient.c's finite differences (times max(1, |x|)) and its stencil. */
#define FD_STEP 1e-3
double fd_stencil(const double f[4], double h);
/* 2 × the number of inputs: a central-difference gradient's cost in primal calls. */
double gradient_fd_cost(const struct bench_array *a, int na);

#endif
