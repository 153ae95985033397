// TEST: enzyme_dupnoneed at width 3 (three shadow pointers) on an output, dupnoneed on a by-value double at width 3, and enzyme_primal_return with every argument const (tangent 0)
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
typedef struct { double p, d; } pd;
pd __enzyme_fwddiff_pd(void *, ...);

static void sm(const double *x, double s, double *y) {
  double m = x[0] > x[1] ? x[0] : x[1];
  double e0 = exp(s * (x[0] - m)), e1 = exp(s * (x[1] - m));
  y[0] = e0 / (e0 + e1);
  y[1] = e1 / (e0 + e1);
}
static double X[2] = {0.4, -0.3}, S = 1.5;
static double DX[3][2] = {{1, 0}, {0, 1}, {0.5, 0.5}}, DS[3] = {0.0, 0.0, 1.0};
static int LANE, OUT;
static double along(double t) {
  double x[2] = {X[0] + t * DX[LANE][0], X[1] + t * DX[LANE][1]}, y[2];
  sm(x, S + t * DS[LANE], y);
  return y[OUT];
}
static double dot(const double *a, double b) { return a[0] * b + a[1] * b * b; }

int main(void) {
  char name[64];
  double y[2], d0[2], d1[2], d2[2];
  __enzyme_fwddiff((void *)sm, enzyme_width, 3, X, DX[0], DX[1], DX[2], enzyme_dupnoneed, S, DS[0], DS[1], DS[2],
                   enzyme_dupnoneed, y, d0, d1, d2);
  double *ds[3] = {d0, d1, d2};
  for (LANE = 0; LANE < 3; LANE++)
    for (OUT = 0; OUT < 2; OUT++) {
      snprintf(name, sizeof name, "width3 dupnoneed lane%d y%d", LANE, OUT);
      CHECK(name, ds[LANE][OUT], ck_fd1(along, 0.0));
    }
  double a[2] = {0.3, 0.9};
  pd r = __enzyme_fwddiff_pd((void *)dot, enzyme_primal_return, enzyme_const, a, enzyme_const, 1.1);
  CHECK_PRIMAL("all const: primal", r.p, dot(a, 1.1));
  CHECK("all const: tangent is 0", r.d, 0.0);
  return ck_done();
}
