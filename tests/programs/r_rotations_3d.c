// TEST: reverse mode through 3x3 rotation matrices built from Euler angles in stack arrays, composed with loops, applied to a point and to the columns of a second matrix: gradients of a residual in the three angles and the point
#include "include/ck_array.h"

typedef struct { double d[6]; } G6;
G6 __enzyme_autodiff_g6(void *, ...);

static double residual(double yaw, double pitch, double roll, double px, double py, double pz) {
  double cy = cos(yaw), sy = sin(yaw), cp = cos(pitch), sp = sin(pitch), cr = cos(roll), sr = sin(roll);
  double Rz[3][3] = {{cy, -sy, 0}, {sy, cy, 0}, {0, 0, 1}};
  double Ry[3][3] = {{cp, 0, sp}, {0, 1, 0}, {-sp, 0, cp}};
  double Rx[3][3] = {{1, 0, 0}, {0, cr, -sr}, {0, sr, cr}};
  double T[3][3], R[3][3];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      T[i][j] = 0.0;
      for (int k = 0; k < 3; k++) T[i][j] += Rz[i][k] * Ry[k][j];
    }
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      R[i][j] = 0.0;
      for (int k = 0; k < 3; k++) R[i][j] += T[i][k] * Rx[k][j];
    }
  double p[3] = {px, py, pz}, q[3], target[3] = {0.2, -0.5, 1.1};
  double r = 0.0;
  for (int i = 0; i < 3; i++) {
    q[i] = R[i][0] * p[0] + R[i][1] * p[1] + R[i][2] * p[2];
    r += (q[i] - target[i]) * (q[i] - target[i]);
  }
  return r + R[0][2] * R[2][0];
}

static double F(double *v) { return residual(v[0], v[1], v[2], v[3], v[4], v[5]); }

int main(void) {
  double v[6] = {0.4, -0.3, 1.1, 0.7, 0.2, -0.9};
  G6 g = __enzyme_autodiff_g6((void *)residual, v[0], v[1], v[2], v[3], v[4], v[5]);
  ck_gradient("rotation residual", g.d, F, v, 6);
  return ck_done();
}
