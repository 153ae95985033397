// TEST: default activities without markers: double -> dup (value, tangent), pointer -> dup, int -> const
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f(double x, double *p, int n, float s) {
  double r = 0.0;
  for (int i = 0; i < n; i++) {
    p[i] = p[i] * x + s;
    r += p[i];
  }
  return r * x;
}

static double P[3] = {0.5, -1.0, 2.0}, VP[3] = {1.0, 0.0, -0.5};
static double along(double t) {
  double p[3];
  for (int i = 0; i < 3; i++) p[i] = P[i] + t * VP[i];
  return f(1.2 + 0.3 * t, p, 3, 0.25f);
}

/* Typed prototype so the float argument stays a float. */
double __enzyme_fwddiff_typed(void *, double, double, double *, double *, int, float, float);

int main(void) {
  double p[3], dp[3];
  memcpy(p, P, sizeof p);
  memcpy(dp, VP, sizeof dp);
  double d = __enzyme_fwddiff_typed((void *)f, 1.2, 0.3, p, dp, 3, 0.25f, 0.0f);
  CHECK("directional derivative with default activities", d, ck_fd1(along, 0.0));
  return ck_done();
}
