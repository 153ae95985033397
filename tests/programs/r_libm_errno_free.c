// TEST: reverse mode through libm calls that may write errno (sin, cos, tan, atan2, pow, exp, log, tanh) in a loop with a branch; the module never uses errno, so the gradient calls them as intrinsics
#include "include/catalase_check.h"

double __enzyme_autodiff(void *, ...);

#define N 10

/* A rotation-like loop: sin/cos of a shared angle under a branch, and the other libm calls. */
static double rot(const double *x, double a) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    double v = x[i];
    if (i % 3 != 0) v = v * cos(a) - x[(i + 1) % N] * sin(a);
    s += pow(fabs(v) + 0.5, 1.5) + exp(0.3 * v) * tanh(v) + atan2(v, 1.0 + a * a) + tan(0.2 * v);
    s += log(1.0 + v * v);
  }
  return s;
}

static double X[N] = {0.5, -0.4, 1.3, 2.0, -1.1, 0.7, 0.9, -0.3, 1.7, 0.2};
static double ANGLE = 0.6;
static int I;
static double rot_i(double t) {
  double x[N];
  for (int k = 0; k < N; k++) x[k] = X[k] + (k == I ? t : 0.0);
  return rot(x, ANGLE);
}
static double rot_a(double a) { return rot(X, a); }

int main(void) {
  char name[48];
  double dx[N] = {0};
  double da = __enzyme_autodiff((void *)rot, enzyme_dup, X, dx, ANGLE);
  for (I = 0; I < N; I++) {
    snprintf(name, sizeof name, "rot: d/dx[%d]", I);
    CHECK(name, dx[I], ck_fd1(rot_i, 0.0));
  }
  CHECK("rot: d/da", da, ck_fd1(rot_a, ANGLE));
  return ck_done();
}
