// TEST: reverse and forward mode through a function whose local struct holds active doubles next to an inactive long double counter, updated by noinline callees (two levels deep): they load the long double field through their pointer arguments; the caller passes only pointers into its own memory, whose long double slots hold no derivative, so each callee's derivative is asked for with Request::fp80_clean and is not refused (it was, before the request carried it).
#include "../programs/include/catalase_check.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

struct acc {
  double s;
  long double h;
  double t;
};
__attribute__((noinline)) static void bump(long double *h, double v) { *h += 1.0L + (v > 2.5); }
__attribute__((noinline)) static void step(struct acc *a, double v) {
  a->s += v * v;
  bump(&a->h, v);
  a->t += v;
}
static double f(double *x) {
  struct acc a = {0, 0, 0};
  for (int i = 0; i < 3; i++) step(&a, x[i]);
  return a.s * (double)a.h + a.t * x[0];
}

static double X[3] = {1.0, 2.0, 3.0};
static double along(double t) {
  double y[3] = {X[0] + t, X[1], X[2]};
  return f(y);
}

int main(void) {
  double dx[3] = {0}, v[3] = {1, 0, 0};
  __enzyme_autodiff((void *)f, enzyme_dup, X, dx);
  CHECK("reverse: d/dx0", dx[0], ck_fd1(along, 0.0));
  CHECK("forward: d/dx0", __enzyme_fwddiff((void *)f, enzyme_dup, X, v), ck_fd1(along, 0.0));
  return ck_done();
}
