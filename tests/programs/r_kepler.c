// TEST: reverse mode through Newton's method for Kepler's equation E - e sin E = M (loop until converged), and the true anomaly and radius derived from it: gradients in M and e against finite differences and the implicit-function derivatives
#include "include/ck_array.h"

typedef struct { double dM, de; } G2;
G2 __enzyme_autodiff_g2(void *, ...);

static double eccentric(double M, double e) {
  double E = M + e * sin(M);
  for (;;) {
    double dE = (E - e * sin(E) - M) / (1.0 - e * cos(E));
    E -= dE;
    if (fabs(dE) < 1e-15) break;
  }
  return E;
}

static double radius(double M, double e) {
  double E = M;
  double dE;
  do {
    dE = (E - e * sin(E) - M) / (1.0 - e * cos(E));
    E -= dE;
  } while (fabs(dE) > 1e-15);
  double nu = 2.0 * atan2(sqrt(1.0 + e) * sin(0.5 * E), sqrt(1.0 - e) * cos(0.5 * E));
  return (1.0 - e * e) / (1.0 + e * cos(nu));
}

static double F_E(double *p) { return eccentric(p[0], p[1]); }
static double F_r(double *p) { return radius(p[0], p[1]); }

int main(void) {
  double p[2] = {1.1, 0.35};
  G2 g = __enzyme_autodiff_g2((void *)eccentric, p[0], p[1]);
  double ge[2] = {g.dM, g.de};
  ck_gradient("Kepler E(M, e)", ge, F_E, p, 2);
  double E = eccentric(p[0], p[1]);
  CHECK("Kepler: dE/dM = 1/(1 - e cos E)", g.dM, 1.0 / (1.0 - p[1] * cos(E)));
  CHECK("Kepler: dE/de = sin E/(1 - e cos E)", g.de, sin(E) / (1.0 - p[1] * cos(E)));
  g = __enzyme_autodiff_g2((void *)radius, p[0], p[1]);
  double gr[2] = {g.dM, g.de};
  ck_gradient("orbit radius r(M, e)", gr, F_r, p, 2);
  return ck_done();
}
