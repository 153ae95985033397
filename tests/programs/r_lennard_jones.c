// TEST: reverse mode on a pair potential with a cutoff (Lennard-Jones, shifted, zero beyond r_c): six coordinate gradients (the forces) through an sret struct, on both sides of the cutoff, and Newton's third law
#include "include/ck_array.h"

typedef struct { double d[6]; } G6;
G6 __enzyme_autodiff_g6(void *, ...);

static double lj(double x1, double y1, double z1, double x2, double y2, double z2) {
  double dx = x1 - x2, dy = y1 - y2, dz = z1 - z2;
  double r2 = dx * dx + dy * dy + dz * dz;
  const double rc2 = 2.5 * 2.5;
  if (r2 > rc2) return 0.0;
  double s6 = 1.0 / (r2 * r2 * r2), c6 = 1.0 / (rc2 * rc2 * rc2);
  return 4.0 * (s6 * s6 - s6) - 4.0 * (c6 * c6 - c6);
}

static double F(double *p) { return lj(p[0], p[1], p[2], p[3], p[4], p[5]); }

int main(void) {
  double inside[6] = {0.1, 0.2, -0.1, 0.9, 0.7, 0.3};
  G6 g = __enzyme_autodiff_g6((void *)lj, inside[0], inside[1], inside[2], inside[3], inside[4], inside[5]);
  ck_gradient("Lennard-Jones inside the cutoff", g.d, F, inside, 6);
  for (int k = 0; k < 3; k++) CHECK("Newton's third law", g.d[k] + g.d[k + 3], 0.0);
  double outside[6] = {0.0, 0.0, 0.0, 2.0, 1.5, 0.5};
  g = __enzyme_autodiff_g6((void *)lj, outside[0], outside[1], outside[2], outside[3], outside[4], outside[5]);
  ck_gradient("Lennard-Jones beyond the cutoff", g.d, F, outside, 6);
  return ck_done();
}
