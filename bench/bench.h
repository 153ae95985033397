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

/* Gradient kernels also time forward mode: kernel_forward1 computes one tangent (width 1) and
 * kernel_forward8 eight at once (enzyme_width 8). For a scalar objective these are directional
 * derivatives along fixed directions; for a Jacobian workload (BA, dense Jacobian) each builds the
 * whole Jacobian, by n width-1 or n/8 width-8 sweeps. */
BENCH_ENTRY void kernel_forward1(void);
BENCH_ENTRY void kernel_forward8(void);
/* Writes the values the last kernel_forward{1,8} computed; returns how many. */
int kernel_forward_results(double *out, int max);
/* Writes the same values taken from the reverse gradient (after kernel_tangent) for `width`. */
int kernel_forward_expected(int width, double *out, int max);

/* bench/driver.c: bench_run timing `derivative` instead of kernel_tangent; the results are what
 * `results` writes after one more call of `derivative`. */
int bench_run_with(double *out, int max, void (*derivative)(void), int (*results)(double *, int));
/* bench/gradient.c: bench_run_with for mode 0 (reverse gradient), 1 (forward width 1), 8 (width 8). */
int bench_run_mode(double *out, int max, int mode);

/* Forward width 8 of a scalar function returns its 8 tangents as [8 x double]. */
typedef struct {
  double d[8];
} bench_w8;
bench_w8 __enzyme_fwddiff_w8(void *, ...) __asm__("__enzyme_fwddiff");
#define LANES8(a) a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]

/* For timing the transformation of one mode alone (bench/reverse.py), a kernel compiled with
 * BENCH_ONLY_REVERSE or BENCH_ONLY_FORWARD has the other mode's marker calls removed. */
#ifdef BENCH_ONLY_REVERSE
#define __enzyme_fwddiff(...) ((void)0)
#define __enzyme_fwddiff_d(...) 0.0
#define __enzyme_fwddiff_w8(...) ((bench_w8){{0}})
#endif
#ifdef BENCH_ONLY_FORWARD
#define __enzyme_autodiff(...) ((void)0)
#endif

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
/* gradient_fd with another step than FD_STEP. */
int gradient_fd_step(const struct bench_array *a, int na, double (*value)(void), double *out, int max, double step);
/* The step of bench/gradient.c's finite differences (times max(1, |x|)) and its stencil. */
#define FD_STEP 1e-3
double fd_stencil(const double f[4], double h);
/* 2 × the number of inputs: a central-difference gradient's cost in primal calls. */
double gradient_fd_cost(const struct bench_array *a, int na);
/* `exe dump` (bench/main_grad.c): kernel_dump prints the kernel's inputs and data as one JSON
 * object, through dump_array, for the peers that rebuild the problem in their own language
 * (bench/jax_peers.py, bench/adolc/). */
void kernel_dump(void);
void dump_array(const char *name, const double *v, long n);

/* Directions of a scalar objective's forward kernels: dirs[l * na + i] is lane l's tangent of
 * input array i (a[i].n entries). direction_fill writes fixed pseudo-random entries into lanes
 * 0..7; direction_dots writes, for lanes 0..width-1, the gradient (the a[i].dx) dotted with the
 * lane's direction: what the forward kernels must compute. */
void direction_fill(const struct bench_array *a, int na, double *const *dirs);
int direction_dots(const struct bench_array *a, int na, double *const *dirs, int width, double *out, int max);

#endif
