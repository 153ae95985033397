// TEST: the user's rule and inactivity registrations in every reverse-mode route: __enzyme_function_like (a black-box log), __enzyme_inactivefn (a helper whose result is frozen), __enzyme_inactive_global (a statistic accumulated with active values, a gain set by the caller) and a __enzyme_register_gradient rule, in combined __enzyme_autodiff, in split mode with the tape carried in a struct between two functions, and batched at enzyme_width 2 (rules without a user gradient), against finite differences of the frozen objective
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_width;
double __enzyme_autodiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

/* A log hidden behind inline asm: only the function_like registration differentiates it. */
__attribute__((noinline)) double black_log(double x) {
  double r = x;
  __asm__ volatile("" : "+x"(r));
  return log(r);
}
void *__enzyme_function_like[] = {(void *)black_log, (void *)"log"};

/* Inactive: the gradient treats its result as a constant. */
__attribute__((noinline)) double damping(double x) { return 0.05 * x * x + 0.1; }
void *__enzyme_inactivefn[] = {(void *)damping};

/* Inactive globals: a statistic written with active values (never read back inside: a value
   LLVM forwards from the store would be active again), and a gain the caller sets. */
double energy_log = 0.0;
double gain = 0.25;
void *__enzyme_inactive_global[] = {(void *)&energy_log};
void *__enzyme_inactive_global_gain[] = {(void *)&gain};

/* A black-box cube with a user reverse rule (no tape). */
__attribute__((noinline)) double black_cube(double x) {
  double r = x * x * x;
  __asm__ volatile("" : "+x"(r));
  return r;
}
double black_cube_aug(double x) { return x * x * x; }
double black_cube_rev(double x, double dret) { return 3.0 * x * x * dret; }
void *__enzyme_register_gradient_black_cube[] = {(void *)black_cube, (void *)black_cube_aug, (void *)black_cube_rev};

#define N 4
static const double X0[N] = {0.5, -0.7, 1.1, 0.35};
/* The reference freezes what the registration makes constant: damping's results, taken at
   the evaluation point. */
static int frozen;
static double frozen_damp[N];

static double body(double *x, int n) {
  energy_log = 0.0;
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double d = frozen ? frozen_damp[i] : damping(x[i]);
    energy_log += x[i] * x[i];
    s += black_log(x[i] * x[i] + 1.0) * (1.0 + d) + sin(x[i]) * x[(i + 1) % n];
  }
  return s + gain * x[0] * x[1];
}
static double model(double *x, int n) {
  double s = body(x, n);
  for (int i = 0; i < n; i++) s += 0.2 * black_cube(x[i] - 0.3 * x[(i + 2) % n]);
  return s;
}
static double model_nocube(double *x, int n) { return body(x, n); }
static double F(double *x) { frozen = 1; double r = model(x, N); frozen = 0; return r; }
static double F_nocube(double *x) { frozen = 1; double r = model_nocube(x, N); frozen = 0; return r; }

/* Split mode: the tape travels in a struct with other fields, from one function to another. */
typedef struct {
  int id;
  void *tape;
  double value;
} Pending;
__attribute__((noinline)) Pending start(double *x, double *dx, int id) {
  ck_aug a = __enzyme_augmentfwd((void *)model, enzyme_dup, x, dx, enzyme_const, N);
  Pending p = {id, a.tape, a.primal};
  return p;
}
__attribute__((noinline)) void finish(const Pending *p, double *x, double *dx, double seed) {
  __enzyme_reverse((void *)model, enzyme_dup, x, dx, enzyme_const, N, seed, p->tape);
}

int main(void) {
  double x[N];
  memcpy(x, X0, sizeof x);
  for (int i = 0; i < N; i++) frozen_damp[i] = damping(X0[i]);

  double dx[N] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("combined", dx, F, x, N);

  double ds[N] = {0};
  Pending p = start(x, ds, 7);
  CHECK_PRIMAL("split: primal", p.value, model(x, N));
  CHECK_PRIMAL("split: id kept", p.id, 7);
  finish(&p, x, ds, 2.0);
  for (int i = 0; i < N; i++) ds[i] *= 0.5;
  ck_gradient("split, seed 2 halved", ds, F, x, N);

  double d0[N] = {0}, d1[N] = {0};
  __enzyme_autodiff((void *)model_nocube, enzyme_width, 2, enzyme_dup, x, d0, d1, enzyme_const, N);
  ck_gradient("width 2: lane 0", d0, F_nocube, x, N);
  ck_gradient("width 2: lane 1", d1, F_nocube, x, N);
  return ck_done();
}
