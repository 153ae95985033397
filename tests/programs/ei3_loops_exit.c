// TEST: loops whose trip count depends on the data: a Newton iteration for a cube root that stops when the step is small (while with break), a search loop that leaves through goto on the first element over a threshold, a nested loop with continue and an early return from inside the inner loop, a do-while whose count is computed from an active value through a float-to-int conversion; checked against finite differences (the branches do not change near the points) and the dot-product test against forward mode
#include "include/ck_array.h"

#define N 8

__attribute__((noinline)) static double newton_cbrt(double a) {
  double y = a > 1.0 ? a : 1.0;
  for (int it = 0; it < 100; it++) {
    double step = (y * y * y - a) / (3.0 * y * y);
    y -= step;
    if (fabs(step) < 1e-14 * fabs(y)) break;
  }
  return y;
}

__attribute__((noinline)) static double first_over(const double *x, int n, double thr) {
  int i;
  double acc = 0.0;
  for (i = 0; i < n; i++) {
    if (x[i] > thr) goto found;
    acc += x[i] * x[i];
  }
  return acc;
found:
  return acc + x[i] * exp(0.1 * x[i]) * (i + 1);
}

__attribute__((noinline)) static double nested(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    if (x[i] < -0.5) continue;
    for (int j = i; j < n; j++) {
      if (x[j] > 2.5) return s + x[j];
      if ((i + j) % 3 == 0) continue;
      s += x[i] * x[j] * 0.1;
    }
  }
  return s;
}

__attribute__((noinline)) static double dowhile(double t, const double *x) {
  int k = (int)(fabs(t) * 3.0) + 1; /* inactive count from an active value */
  double acc = t;
  int i = 0;
  do {
    acc = acc * 0.9 + sin(acc + x[i % N]);
    i++;
  } while (i < k);
  return acc;
}

__attribute__((noinline)) double loops(const double *x, double *out) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += newton_cbrt(x[i] * x[i] + 2.0);
  out[0] = s;
  out[1] = first_over(x, N, 1.0);
  out[2] = nested(x, N);
  out[3] = dowhile(x[3] * 2.0, x);
  return out[0] * 0.5 + out[1] + out[2] * out[3];
}

static double obj(double *x) {
  double o[4];
  return loops(x, o);
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

int main(void) {
  /* x[5] > 1.0 is the first over the threshold; x[6] > 2.5 ends nested early; x[3]*2 gives k = 5 */
  double x[N] = {0.4, -0.7, 0.9, 0.8, 0.2, 1.4, 2.8, -0.3};
  double dx[N] = {0}, o[4], dout[4] = {0};
  __enzyme_autodiff((void *)loops, enzyme_dup, x, dx, enzyme_dupnoneed, o, dout);
  ck_gradient("data-dependent loops", dx, obj, x, N);
  double v[N] = {0.3, 1, -0.2, 0.5, -0.6, 0.7, 0.1, -0.4};
  double dO[4] = {0};
  double jv = __enzyme_fwddiff((void *)loops, enzyme_dup, x, v, enzyme_dup, o, dO);
  double one = 1.0;
  ck_dot_test("loops fwd vs rev", &one, &jv, 1, dx, v, N);
  /* the output tangents, each against a finite difference along v */
  double xs[N], op[4], om[4], h = 1e-5;
  for (int i = 0; i < N; i++) xs[i] = x[i] + h * v[i];
  loops(xs, op);
  for (int i = 0; i < N; i++) xs[i] = x[i] - h * v[i];
  loops(xs, om);
  char lab[64];
  for (int k = 0; k < 4; k++) {
    snprintf(lab, sizeof lab, "fwd tangent out[%d]", k);
    CHECK(lab, dO[k], (op[k] - om[k]) / (2 * h));
  }
  return ck_done();
}
