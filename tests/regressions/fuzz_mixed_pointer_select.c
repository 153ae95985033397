// TEST: fuzz seed 130 (reduced by hand): a select between a dup pointer and an enzyme_const pointer crashed (null shadow); accesses through such merged pointers are now guarded at run time
#include "../programs/include/catalase_check.h"

extern int enzyme_const;
double __enzyme_fwddiff(void *, ...);

static double f(double *x, double y, const double *w) {
  const double *p = y > 0.5 ? x : w; /* active or inactive memory, decided at run time */
  double t0 = tanh(p[0] * y);
  double *q = y > 1.5 ? x : (double *)w;
  double s = 0.0;
  for (int i = 0; i < 3; i++) s += q[i] * y;
  return t0 + s;
}

static const double W[3] = {0.25, -0.5, 0.75};
static double xs[3] = {0.4, 0.9, -0.3};
static double fy(double y) { return f(xs, y, W); }

int main(void) {
  const double ys[] = {0.3, 0.9, 1.8};
  for (int i = 0; i < 3; i++) {
    double dx[3] = {0.0, 0.0, 0.0};
    char name[48];
    snprintf(name, sizeof name, "d f / d y at y=%g", ys[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs, dx, ys[i], 1.0, enzyme_const, W), ck_fd1(fy, ys[i]));
  }
  return ck_done();
}
