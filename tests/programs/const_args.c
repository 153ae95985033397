// TEST: enzyme_const on double and pointer arguments (no shadow passed; their tangent is zero)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

#define N 4
static double f(double x, double c, const double *w, const double *v) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += w[i] * sin(x * v[i]) + c * v[i] * x;
  return s * c;
}

static double W[N] = {0.5, -1.0, 2.0, 0.25};
static double Vv[N] = {1.0, 0.3, -0.7, 1.5};
static double C = 1.7;
static double DV[N] = {0.2, -0.4, 0.6, 1.0};
static double fx(double x) { return f(x, C, W, Vv); }
static double along_v(double t) {
  double v[N];
  for (int i = 0; i < N; i++) v[i] = Vv[i] + t * DV[i];
  return f(0.9, C, W, v);
}

int main(void) {
  /* x active; c, w, v constant. */
  double d1 = __enzyme_fwddiff((void *)f, 0.9, 1.0, enzyme_const, C, enzyme_const, W,
                               enzyme_const, Vv);
  CHECK("df/dx with const c, w, v", d1, ck_fd1(fx, 0.9));
  /* only v active (x constant as well). */
  double d2 = __enzyme_fwddiff((void *)f, enzyme_const, 0.9, enzyme_const, C, enzyme_const, W,
                               enzyme_dup, Vv, DV);
  CHECK("df/dv.dir with everything else const", d2, ck_fd1(along_v, 0.0));
  return ck_done();
}
