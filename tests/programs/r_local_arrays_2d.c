// TEST: reverse mode through fixed-size 2-D arrays on the stack (a 3x3 matrix built from the arguments, its square, trace and determinant by cofactors) with scalar enzyme_out inputs, and a static const 2-D table read with data-dependent indices
#include "include/ck_array.h"

typedef struct { double da, db, dc; } G3;
G3 __enzyme_autodiff_g3(void *, ...);
double __enzyme_autodiff(void *, ...);

static double mat_stats(double a, double b, double c) {
  double m[3][3] = {{a, b, 0.5}, {c, a * b, -0.25}, {1.0, c * c, b - a}};
  double sq[3][3];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      double s = 0.0;
      for (int k = 0; k < 3; k++) s += m[i][k] * m[k][j];
      sq[i][j] = s;
    }
  double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
               m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  return sq[0][0] + sq[1][1] + sq[2][2] + det;
}

static const double TABLE[4][5] = {
    {0.1, 0.4, -0.2, 0.9, 1.3}, {0.5, -0.7, 0.3, 0.2, 0.8}, {1.1, 0.6, -0.4, 0.05, -0.9}, {0.25, 0.35, 0.45, -0.55, 0.65}};

static double table_blend(double x) {
  int row = (int)floor(x) & 3;
  double s = 0.0;
  for (int j = 0; j < 5; j++) s += TABLE[row][j] * pow(x, (double)j);
  return s;
}

static double F(double *p) { return mat_stats(p[0], p[1], p[2]); }

int main(void) {
  double p[3] = {0.7, -1.2, 0.45};
  G3 g = __enzyme_autodiff_g3((void *)mat_stats, p[0], p[1], p[2]);
  double grad[3] = {g.da, g.db, g.dc};
  ck_gradient("3x3 matrix trace(m^2) + det(m)", grad, F, p, 3);
  double xs[4] = {0.3, 1.4, 2.6, 3.7};
  for (int i = 0; i < 4; i++) CHECK("table row chosen by floor(x): d/dx", __enzyme_autodiff((void *)table_blend, xs[i]), ck_fd1(table_blend, xs[i]));
  return ck_done();
}
