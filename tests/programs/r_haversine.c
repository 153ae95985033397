// TEST: reverse mode on the great-circle (haversine) distance between two points: four angle gradients (sret struct) through sin, cos, asin and sqrt, and the planar polar-to-Cartesian distance through atan2 and hypot
#include "include/ck_array.h"

typedef struct { double d[4]; } G4;
G4 __enzyme_autodiff_g4(void *, ...);

static double haversine(double lat1, double lon1, double lat2, double lon2) {
  double a = sin(0.5 * (lat2 - lat1)), b = sin(0.5 * (lon2 - lon1));
  double h = a * a + cos(lat1) * cos(lat2) * b * b;
  return 2.0 * 6371.0 * asin(sqrt(h));
}

static double polar(double r1, double t1, double r2, double t2) {
  double dx = r1 * cos(t1) - r2 * cos(t2), dy = r1 * sin(t1) - r2 * sin(t2);
  return hypot(dx, dy) + atan2(dy, dx);
}

static double F_h(double *p) { return haversine(p[0], p[1], p[2], p[3]); }
static double F_p(double *p) { return polar(p[0], p[1], p[2], p[3]); }

int main(void) {
  double p[4] = {0.83, 0.04, 0.71, -1.29};
  G4 g = __enzyme_autodiff_g4((void *)haversine, p[0], p[1], p[2], p[3]);
  ck_gradient("haversine (km)", g.d, F_h, p, 4);
  double q[4] = {1.5, 0.3, 2.2, 2.0};
  g = __enzyme_autodiff_g4((void *)polar, q[0], q[1], q[2], q[3]);
  ck_gradient("polar distance + angle", g.d, F_p, q, 4);
  return ck_done();
}
