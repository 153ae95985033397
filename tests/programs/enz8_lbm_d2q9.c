// TEST: reverse and forward mode through a lattice-Boltzmann D2Q9 solver: distribution functions in a heap array f[(y*NX + x)*9 + q] with the lattice velocities and weights in const int/double tables, BGK collision from moments (density, velocity, equilibrium with the quadratic velocity terms), streaming with periodic wrap through modulo index arithmetic into a second buffer and a pointer swap, bounce-back on a solid mask of ints, and an active relaxation time; gradient of the final kinetic energy and a drag-like sum with respect to the initial velocity field and tau against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NX 6
#define NY 5
static const int cx[9] = {0, 1, 0, -1, 0, 1, -1, -1, 1};
static const int cy[9] = {0, 0, 1, 0, -1, 1, 1, -1, -1};
static const int opp[9] = {0, 3, 4, 1, 2, 7, 8, 5, 6};
static const double wq[9] = {4.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 36, 1.0 / 36, 1.0 / 36, 1.0 / 36};
static const int solid[NY][NX] = {{0, 0, 0, 0, 0, 0}, {0, 0, 1, 0, 0, 0}, {0, 0, 1, 1, 0, 0}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}};

static void equilibrium(double rho, double ux, double uy, double *feq) {
  double uu = ux * ux + uy * uy;
  for (int q = 0; q < 9; q++) {
    double cu = cx[q] * ux + cy[q] * uy;
    feq[q] = wq[q] * rho * (1.0 + 3.0 * cu + 4.5 * cu * cu - 1.5 * uu);
  }
}

/* p = [ux(NY*NX), uy(NY*NX), tau] */
static double lbm(const double *p, int steps) {
  int n = NX * NY;
  double *f = malloc(n * 9 * sizeof(double)), *g = malloc(n * 9 * sizeof(double));
  double tau = p[2 * n], drag = 0.0;
  for (int c = 0; c < n; c++) equilibrium(1.0, p[c], p[n + c], f + 9 * c);
  for (int s = 0; s < steps; s++) {
    for (int y = 0; y < NY; y++)
      for (int x = 0; x < NX; x++) {
        double *fc = f + 9 * (y * NX + x);
        if (solid[y][x]) continue;
        double rho = 0, mx = 0, my = 0, feq[9];
        for (int q = 0; q < 9; q++) { rho += fc[q]; mx += cx[q] * fc[q]; my += cy[q] * fc[q]; }
        equilibrium(rho, mx / rho, my / rho, feq);
        for (int q = 0; q < 9; q++) fc[q] -= (fc[q] - feq[q]) / tau;
      }
    for (int y = 0; y < NY; y++)
      for (int x = 0; x < NX; x++)
        for (int q = 0; q < 9; q++) {
          int xn = (x + cx[q] + NX) % NX, yn = (y + cy[q] + NY) % NY;
          double val = f[9 * (y * NX + x) + q];
          if (solid[yn][xn]) {
            g[9 * (y * NX + x) + opp[q]] = val; /* bounce back */
            drag += cx[q] * val;
          } else {
            g[9 * (yn * NX + xn) + q] = val;
          }
        }
    for (int y = 0; y < NY; y++)
      for (int x = 0; x < NX; x++)
        if (solid[y][x])
          for (int q = 0; q < 9; q++) g[9 * (y * NX + x) + q] = 0.0;
    double *t = f;
    f = g;
    g = t;
  }
  double ke = 0.0;
  for (int c = 0; c < n; c++) {
    double rho = 0, mx = 0, my = 0;
    for (int q = 0; q < 9; q++) { rho += f[9 * c + q]; mx += cx[q] * f[9 * c + q]; my += cy[q] * f[9 * c + q]; }
    if (rho > 0) ke += 0.5 * (mx * mx + my * my) / rho;
  }
  free(f);
  free(g);
  return ke + 0.1 * drag;
}

#define NPARAM (2 * NX * NY + 1)
static double F(double *p) { return lbm(p, 4); }

int main(void) {
  double p[NPARAM], dp[NPARAM] = {0}, v[NPARAM];
  for (int c = 0; c < NX * NY; c++) {
    p[c] = 0.05 * sin(0.9 * c + 0.2);
    p[NX * NY + c] = 0.04 * cos(1.3 * c);
  }
  p[2 * NX * NY] = 0.8;
  for (int i = 0; i < NPARAM; i++) v[i] = 0.1 * ((i * 7) % 5) - 0.2;
  __enzyme_autodiff((void *)lbm, enzyme_dup, p, dp, enzyme_const, 4);
  ck_gradient("lbm d2q9: d/dp", dp, F, p, NPARAM);
  double jv = __enzyme_fwddiff((void *)lbm, enzyme_dup, p, v, enzyme_const, 4);
  CHECK("lbm d2q9: dot test", ck_dot(dp, v, NPARAM), jv);
  return ck_done();
}
