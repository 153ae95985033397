// TEST: reverse mode through iterations run to convergence: the arithmetic-geometric mean (and the complete elliptic integral K from it), and the fixed point of x = p cos(x), against finite differences and the closed-form implicit derivative
#include "include/ck_array.h"

typedef struct { double da, db; } G2;
G2 __enzyme_autodiff_g2(void *, ...);
double __enzyme_autodiff(void *, ...);

static double agm(double a, double b) {
  for (int it = 0; it < 64 && fabs(a - b) > 4e-16 * a; it++) {
    double m = 0.5 * (a + b);
    b = sqrt(a * b);
    a = m;
  }
  return a;
}

static double ellipk(double k) {
  double a = 1.0, b = sqrt(1.0 - k * k);
  for (int it = 0; it < 64 && fabs(a - b) > 4e-16; it++) {
    double m = 0.5 * (a + b);
    b = sqrt(a * b);
    a = m;
  }
  return M_PI / (2.0 * a);
}

static double fixed_point(double p) {
  double x = 0.5, prev;
  int it = 0;
  do {
    prev = x;
    x = p * cos(x);
  } while (fabs(x - prev) > 1e-15 && ++it < 1000);
  return x;
}

static double F_agm(double *v) { return agm(v[0], v[1]); }

int main(void) {
  double ab[2] = {2.5, 0.9};
  G2 g = __enzyme_autodiff_g2((void *)agm, ab[0], ab[1]);
  double ga[2] = {g.da, g.db};
  ck_gradient("AGM", ga, F_agm, ab, 2);
  CHECK("AGM is homogeneous: a dM/da + b dM/db = M", ab[0] * g.da + ab[1] * g.db, agm(ab[0], ab[1]));
  CHECK("elliptic K(k): d/dk", __enzyme_autodiff((void *)ellipk, 0.6), ck_fd1(ellipk, 0.6));
  double p = 0.8, x = fixed_point(p);
  double d = __enzyme_autodiff((void *)fixed_point, p);
  CHECK("fixed point x = p cos x: d/dp", d, ck_fd1(fixed_point, p));
  CHECK("fixed point: implicit derivative cos x / (1 + p sin x)", d, cos(x) / (1.0 + p * sin(x)));
  return ck_done();
}
