// TEST: a time loop whose state lives both in an argument and in a mutable global array (as Fortran codes keep state in COMMON blocks): a noinline step overwrites both every iteration, the loss reads both; reverse, forward and split gradients for several step counts, and the state left after the gradient call equals the plain run's
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 6
double glob[N];
static double kappa = 0.15;

__attribute__((noinline)) static void step(long i, double *u) {
  double tmp[N];
  for (int k = 0; k < N; k++)
    tmp[k] = u[k] + kappa * (u[(k + 1) % N] - 2 * u[k] + u[(k + N - 1) % N]) + 0.05 * sin(glob[k] + 0.1 * (double)i);
  for (int k = 0; k < N; k++) {
    glob[k] = 0.9 * glob[k] + 0.1 * tmp[k] * tmp[k];
    u[k] = tmp[k];
  }
}
static double loss(const double *u) {
  double s = 0.0;
  for (int k = 0; k < N; k++) s += u[k] * u[k] + glob[k];
  return s;
}
static double run(double *u, long n) {
  for (long i = 0; i < n; i++) step(i, u);
  return loss(u);
}
static void init(double *u) {
  for (int k = 0; k < N; k++) {
    u[k] = 1.0 + 0.5 * sin((double)k);
    glob[k] = 0.25 * k;
  }
}
static long STEPS;
static double F(double *u0) {
  double u[N];
  memcpy(u, u0, sizeof u);
  double keep[N];
  memcpy(keep, glob, sizeof keep);
  double r = run(u, STEPS);
  memcpy(glob, keep, sizeof keep);
  return r;
}

int main(void) {
  long steps[] = {0, 1, 3, 25};
  for (int s = 0; s < 4; s++) {
    STEPS = steps[s];
    double u[N], du[N] = {0}, ref_u[N], ref_g[N], u0[N];
    init(ref_u);
    run(ref_u, STEPS);
    memcpy(ref_g, glob, sizeof ref_g);
    init(u);
    memcpy(u0, u, sizeof u0);
    __enzyme_autodiff((void *)run, enzyme_dup, u, du, enzyme_const, STEPS);
    double same = 1.0;
    for (int k = 0; k < N; k++) same *= (u[k] == ref_u[k] && glob[k] == ref_g[k]);
    char label[96];
    snprintf(label, sizeof label, "%ld steps: state after the gradient call", STEPS);
    CHECK_PRIMAL(label, same, 1.0);
    init(u);
    snprintf(label, sizeof label, "%ld steps: gradient", STEPS);
    ck_gradient(label, du, F, u0, N);
    double v[N], t[N];
    for (int k = 0; k < N; k++) v[k] = t[k] = cos(0.4 * k + 0.3);
    init(u);
    double jv = __enzyme_fwddiff((void *)run, enzyme_dup, u, t, enzyme_const, STEPS);
    snprintf(label, sizeof label, "%ld steps: forward vs reverse", STEPS);
    CHECK(label, jv, ck_dot(du, v, N));
  }
  return ck_done();
}
