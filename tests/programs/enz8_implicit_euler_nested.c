// TEST: reverse over forward mode as stiff-ODE users write it: an implicit Euler integrator whose Newton iterations build the Jacobian of the right-hand side column by column with __enzyme_fwddiff inside the function that the outer __enzyme_autodiff differentiates (the Robertson-like kinetics with active rate constants), a 3x3 Gaussian elimination for the Newton step, a fixed number of Newton iterations per step; gradients of the final concentrations with respect to the rate constants against finite differences, dot-product test against an outer forward mode (forward over forward)
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");

static void rhs(const double *y, const double *k, double *f) {
  f[0] = -k[0] * y[0] + k[1] * y[1] * y[2];
  f[1] = k[0] * y[0] - k[1] * y[1] * y[2] - k[2] * y[1] * y[1];
  f[2] = k[2] * y[1] * y[1];
}

static void solve3(double A[3][3], double *b) {
  for (int c = 0; c < 3; c++) {
    int p = c;
    for (int r = c + 1; r < 3; r++)
      if (fabs(A[r][c]) > fabs(A[p][c])) p = r;
    if (p != c) {
      for (int j = 0; j < 3; j++) { double t = A[c][j]; A[c][j] = A[p][j]; A[p][j] = t; }
      double t = b[c]; b[c] = b[p]; b[p] = t;
    }
    for (int r = c + 1; r < 3; r++) {
      double m = A[r][c] / A[c][c];
      for (int j = c; j < 3; j++) A[r][j] -= m * A[c][j];
      b[r] -= m * b[c];
    }
  }
  for (int r = 2; r >= 0; r--) {
    double s = b[r];
    for (int j = r + 1; j < 3; j++) s -= A[r][j] * b[j];
    b[r] = s / A[r][r];
  }
}

/* k = 3 rate constants; integrate from y0 = (1, 0, 0) with implicit Euler */
static double integrate(const double *k) {
  double y[3] = {1.0, 0.0, 0.0};
  const double h = 0.05;
  for (int s = 0; s < 10; s++) {
    double z[3] = {y[0], y[1], y[2]};
    for (int it = 0; it < 4; it++) {
      double f[3], J[3][3], G[3][3], r[3];
      rhs(z, k, f);
      for (int c = 0; c < 3; c++) {
        double e[3] = {0, 0, 0}, col[3] = {0, 0, 0}, tmp[3];
        e[c] = 1.0;
        __enzyme_fwddiff_v((void *)rhs, enzyme_dup, z, e, enzyme_const, k, enzyme_dup, tmp, col);
        for (int i = 0; i < 3; i++) J[i][c] = col[i];
      }
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) G[i][j] = (i == j ? 1.0 : 0.0) - h * J[i][j];
        r[i] = -(z[i] - y[i] - h * f[i]);
      }
      solve3(G, r);
      for (int i = 0; i < 3; i++) z[i] += r[i];
    }
    for (int i = 0; i < 3; i++) y[i] = z[i];
  }
  return y[0] + 2.0 * y[1] * 1e2 + 0.5 * y[2];
}

static double F(double *k) { return integrate(k); }

int main(void) {
  double k[3] = {0.8, 3.0, 2.5}, dk[3] = {0}, v[3] = {0.3, -0.2, 0.5};
  __enzyme_autodiff((void *)integrate, enzyme_dup, k, dk);
  ck_gradient("implicit euler (reverse over forward): d/dk", dk, F, k, 3);
  double jv = __enzyme_fwddiff((void *)integrate, enzyme_dup, k, v);
  CHECK("implicit euler: dot test (forward over forward)", ck_dot(dk, v, 3), jv);
  return ck_done();
}
