// TEST: reverse mode through a Newton iteration with a convergence test (while loop of data-dependent length): the cube root of a and a parametrised root of x^3 + p x - q
#include "include/ck_array.h"

typedef struct { double dp, dq; } G2;
double __enzyme_autodiff(void *, ...);
G2 __enzyme_autodiff_g2(void *, ...);

static double cbrt_newton(double a) {
  double x = a > 1.0 ? a / 3.0 : 1.0;
  double step;
  do {
    step = (x * x * x - a) / (3.0 * x * x);
    x -= step;
  } while (fabs(step) > 1e-15 * fabs(x));
  return x;
}

/* The real root of x^3 + p x - q (p > 0: exactly one), by Newton from x = q / p. */
static double root(double p, double q) {
  double x = q / (p + 1.0);
  for (int it = 0; it < 100; it++) {
    double f = x * x * x + p * x - q, df = 3.0 * x * x + p;
    double nx = x - f / df;
    if (fabs(nx - x) <= 1e-15 * (1.0 + fabs(nx))) return nx;
    x = nx;
  }
  return x;
}

static double F_root(double *v) { return root(v[0], v[1]); }

int main(void) {
  double as[3] = {0.3, 2.0, 27.5};
  for (int i = 0; i < 3; i++) {
    double a = as[i], r = cbrt(a);
    CHECK("cube root by Newton: d/da = 1/(3 a^(2/3))", __enzyme_autodiff((void *)cbrt_newton, a), 1.0 / (3.0 * r * r));
  }
  double pq[2] = {1.5, 2.25};
  G2 g = __enzyme_autodiff_g2((void *)root, pq[0], pq[1]);
  double grad[2] = {g.dp, g.dq};
  ck_gradient("root of x^3 + p x - q", grad, F_root, pq, 2);
  return ck_done();
}
