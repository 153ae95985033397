// TEST: long double (x86_fp80) bookkeeping next to active double work, in reverse and forward mode: a per-iteration long double factor the reverse pass needs again, long double comparisons that steer branches, l-suffixed libm calls (sqrtl, expl, fabsl, powl, logl) on inactive values, noinline helpers that take and return long double, a long double next to an active double in one local struct, a long double global counter and snprintf of a long double; the long double arithmetic carries no derivative and is cloned as it is; gradients against finite differences and the dot-product test against forward mode
#include "include/ck_array.h"
#include <math.h>
#include <stdio.h>

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 5
static long double calls = 0;
static char note[64];

/* A harmonic weight, one per iteration: the reverse pass needs (double)h of each iteration. */
static double k_steps(double *x) {
  long double h = 0;
  double s = 0;
  for (int i = 0; i < N; i++) {
    h += 1.0L / (i + 1);
    s += sin(x[i]) * (double)h;
  }
  calls += 1.0L;
  return s;
}

/* A long double budget decides which branch each iteration takes. */
static double k_branch(double *x) {
  long double budget = 2.5L;
  double s = 0;
  for (int i = 0; i < N; i++) {
    if (budget > 1.0L)
      s += x[i] * x[i];
    else
      s += 3.0 * x[i] * x[0];
    budget -= 0.75L;
  }
  return s;
}

/* libm in long double on the loop index only. */
static double k_libm(double *x) {
  double s = 0;
  for (int i = 0; i < N; i++) {
    long double w = sqrtl((long double)(i + 2)) + fabsl(-0.5L * i) + expl(-(long double)i) + powl(1.5L, i) +
                    logl(2.0L + i);
    s += (double)w * x[i] * x[i];
  }
  return s;
}

__attribute__((noinline)) static long double lfactor(int i) { return 1.0L + i / 3.0L; }
__attribute__((noinline)) static double scaled(double v, long double c) { return v * (double)(c * c); }

/* Helpers that take and return long double, and a printed long double. */
static double k_helpers(double *x) {
  double s = 0;
  long double total = 0;
  for (int i = 0; i < N; i++) {
    long double c = lfactor(i);
    total += c;
    s += scaled(x[i] * x[(i + 1) % N], c);
  }
  snprintf(note, sizeof note, "%.6Lf", total);
  return s * cos(x[2]);
}

/* A local struct holds an active double next to an inactive long double (one alloca at -O0). */
struct acc {
  double s;
  long double h;
};
static double k_struct(double *x) {
  struct acc a = {0, 0};
  for (int i = 0; i < N; i++) {
    a.s += x[i] * x[i] * x[(i + 2) % N];
    a.h += 1.0L / (i + 1);
  }
  return a.s * (double)a.h;
}

/* The gradient (reverse), the derivative along v (forward) and the dot-product test of one kernel
   (a macro: the function handed to __enzyme_autodiff must be known at compile time). */
#define CHECK_KERNEL(name, k, x)                                                 \
  do {                                                                           \
    double dx[N] = {0}, v[N] = {0.3, -0.7, 1.1, 0.25, -0.4}, w = 1.0, fd = 0;    \
    __enzyme_autodiff((void *)k, enzyme_dup, x, dx);                             \
    ck_gradient(name " reverse", dx, k, x, N);                                   \
    double jv = __enzyme_fwddiff((void *)k, enzyme_dup, x, v);                   \
    for (int i = 0; i < N; i++) fd += v[i] * ck_fd_partial(k, x, i);            \
    CHECK(name " forward", jv, fd);                                              \
    ck_dot_test(name, &w, &jv, 1, dx, v, N);                                     \
  } while (0)

int main(void) {
  double x[N] = {0.5, -1.25, 2.0, 0.75, -0.3};
  CHECK_KERNEL("steps", k_steps, x);
  CHECK_KERNEL("branch", k_branch, x);
  CHECK_KERNEL("libm", k_libm, x);
  CHECK_KERNEL("helpers", k_helpers, x);
  CHECK_KERNEL("struct", k_struct, x);
  CHECK_PRIMAL("counter", (double)(calls > 0), 1.0);
  printf("total %s\n", note);
  return ck_done();
}
