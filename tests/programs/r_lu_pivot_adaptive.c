// TEST: reverse and forward mode through numerical codes with data-dependent control: LU with partial pivoting (row swaps chosen by comparing active magnitudes) then a solve, a tridiagonal (Thomas) solve, bisection for a root (the derivative through the converged root comes from the last bracket), and an adaptive Runge-Kutta-Fehlberg integration whose step size and number of steps depend on the state (while loop, rejected steps); gradients against finite differences, dot-product tests against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct { double a, b; } pair;
pair __enzyme_autodiff_pair(void *, ...) __asm__("__enzyme_autodiff");

#define N 5

/* solve A z = b by LU with partial pivoting (in a local copy), return sum_i c_i z_i^2 */
static double lu_solve(const double *A, const double *b) {
  double a[N * N], z[N];
  int piv[N];
  memcpy(a, A, sizeof a);
  for (int i = 0; i < N; i++) { z[i] = b[i]; piv[i] = i; }
  for (int k = 0; k < N; k++) {
    int p = k;
    double best = fabs(a[k * N + k]);
    for (int i = k + 1; i < N; i++)
      if (fabs(a[i * N + k]) > best) { best = fabs(a[i * N + k]); p = i; }
    if (p != k) {
      for (int j = 0; j < N; j++) { double t = a[k * N + j]; a[k * N + j] = a[p * N + j]; a[p * N + j] = t; }
      double t = z[k]; z[k] = z[p]; z[p] = t;
      int ti = piv[k]; piv[k] = piv[p]; piv[p] = ti;
    }
    for (int i = k + 1; i < N; i++) {
      double l = a[i * N + k] / a[k * N + k];
      a[i * N + k] = l;
      for (int j = k + 1; j < N; j++) a[i * N + j] -= l * a[k * N + j];
      z[i] -= l * z[k];
    }
  }
  for (int i = N - 1; i >= 0; i--) {
    double s = z[i];
    for (int j = i + 1; j < N; j++) s -= a[i * N + j] * z[j];
    z[i] = s / a[i * N + i];
  }
  double r = 0.0;
  for (int i = 0; i < N; i++) r += (i + 1.5) * z[i] * z[i] + 0.1 * piv[i] * z[i];
  return r;
}
static double gA[N * N], gb[N];
static double F_A(double *A) { return lu_solve(A, gb); }
static double F_b(double *b) { return lu_solve(gA, b); }

/* Thomas algorithm on a heap scratch; diagonals lo/di/up, right-hand side d */
#define M 7
static double thomas(const double *lo, const double *di, const double *up, const double *d) {
  double *c = malloc(sizeof(double) * M), *e = malloc(sizeof(double) * M), *xs = malloc(sizeof(double) * M);
  c[0] = up[0] / di[0];
  e[0] = d[0] / di[0];
  for (int i = 1; i < M; i++) {
    double m = di[i] - lo[i] * c[i - 1];
    c[i] = (i < M - 1) ? up[i] / m : 0.0;
    e[i] = (d[i] - lo[i] * e[i - 1]) / m;
  }
  xs[M - 1] = e[M - 1];
  for (int i = M - 2; i >= 0; i--) xs[i] = e[i] - c[i] * xs[i + 1];
  double r = 0.0;
  for (int i = 0; i < M; i++) r += sin(xs[i]) * (1.0 + 0.2 * i);
  free(c); free(e); free(xs);
  return r;
}
static double glo[M], gdi[M], gup[M], gd[M];
static double F_di(double *di) { return thomas(glo, di, gup, gd); }
static double F_d(double *d) { return thomas(glo, gdi, gup, d); }
static double F_lo(double *lo) { return thomas(lo, gdi, gup, gd); }

/* bisection: root of x^3 + p x - q on [lo, hi]; 60 halvings or until the bracket is tiny */
static double bisect(double p, double q) {
  double lo = -10.0, hi = 10.0;
  double flo = lo * lo * lo + p * lo - q;
  int it = 0;
  while (hi - lo > 1e-13 && it < 200) {
    double mid = 0.5 * (lo + hi);
    double fm = mid * mid * mid + p * mid - q;
    if ((fm < 0) == (flo < 0)) { lo = mid; flo = fm; } else hi = mid;
    it++;
  }
  double r = 0.5 * (lo + hi);
  /* one Newton step carries the dependence on p, q (the bracket itself is piecewise constant) */
  r -= (r * r * r + p * r - q) / (3 * r * r + p);
  return r * r;
}
static double F_bis_p(double p) { return bisect(p, 2.3); }
static double F_bis_q(double q) { return bisect(1.7, q); }

/* adaptive RKF45 on y' = -k y + sin(t) y^2 / (1 + y^2), tol-controlled step, to t = T */
static void rhs(double t, double y, double k, double *out) { *out = -k * y + sin(t) * y * y / (1.0 + y * y); }
static double rkf45(double y0, double k) {
  double t = 0.0, y = y0, h = 0.1;
  const double T = 3.0, tol = 1e-9;
  int steps = 0;
  while (t < T && steps < 10000) {
    if (t + h > T) h = T - t;
    double k1, k2, k3, k4, k5, k6;
    rhs(t, y, k, &k1);
    rhs(t + h / 4, y + h * k1 / 4, k, &k2);
    rhs(t + 3 * h / 8, y + h * (3 * k1 + 9 * k2) / 32, k, &k3);
    rhs(t + 12 * h / 13, y + h * (1932 * k1 - 7200 * k2 + 7296 * k3) / 2197, k, &k4);
    rhs(t + h, y + h * (439 * k1 / 216 - 8 * k2 + 3680 * k3 / 513 - 845 * k4 / 4104), k, &k5);
    rhs(t + h / 2, y + h * (-8 * k1 / 27 + 2 * k2 - 3544 * k3 / 2565 + 1859 * k4 / 4104 - 11 * k5 / 40), k, &k6);
    double y4 = y + h * (25 * k1 / 216 + 1408 * k3 / 2565 + 2197 * k4 / 4104 - k5 / 5);
    double y5 = y + h * (16 * k1 / 135 + 6656 * k3 / 12825 + 28561 * k4 / 56430 - 9 * k5 / 50 + 2 * k6 / 55);
    double err = fabs(y5 - y4);
    steps++;
    if (err <= tol || h < 1e-6) {
      t += h;
      y = y5;
    }
    /* step-size control uses primal values only: treated as a constant step (a passive
       computation in Enzyme terms would still differentiate it; the formula is smooth
       except at accept/reject switches, so the test point keeps away from them) */
    double fac = err > 0 ? 0.9 * pow(tol / err, 0.2) : 2.0;
    if (fac > 2.0) fac = 2.0;
    if (fac < 0.2) fac = 0.2;
    h *= fac;
  }
  return y;
}
static double F_rk_y0(double y0) { return rkf45(y0, 0.8); }
static double F_rk_k(double k) { return rkf45(1.2, k); }

int main(void) {
  double A[N * N] = {0.2, 1.5, -0.3, 0.7, 0.1,
                     2.1, 0.4, 0.9, -0.5, 0.3,
                     -0.6, 0.8, 0.1, 1.9, -0.2,
                     0.5, -0.1, 2.4, 0.3, 0.6,
                     0.9, 0.2, -0.4, 0.5, 1.8};
  double b[N] = {1.0, -0.5, 0.8, 1.3, -0.9};
  memcpy(gA, A, sizeof A); memcpy(gb, b, sizeof b);
  double dA[N * N] = {0}, db[N] = {0};
  __enzyme_autodiff((void *)lu_solve, enzyme_dup, A, dA, enzyme_dup, b, db);
  ck_gradient("lu pivot solve: d/dA", dA, F_A, A, N * N);
  ck_gradient("lu pivot solve: d/db", db, F_b, b, N);
  double vA[N * N], vb[N];
  for (int i = 0; i < N * N; i++) vA[i] = 0.1 * ((i * 7) % 11) - 0.5;
  for (int i = 0; i < N; i++) vb[i] = 0.3 * i - 0.6;
  double jv = __enzyme_fwddiff((void *)lu_solve, enzyme_dup, A, vA, enzyme_dup, b, vb);
  double rhsd = ck_dot(dA, vA, N * N) + ck_dot(db, vb, N);
  CHECK("lu pivot solve: <J^T 1, v> = Jv", rhsd, jv);

  double lo[M] = {0, 0.3, -0.2, 0.5, 0.1, -0.4, 0.25}, di[M] = {2.1, 2.5, 3.0, 2.2, 2.8, 3.3, 2.6};
  double up[M] = {0.4, -0.3, 0.6, 0.2, -0.5, 0.35, 0}, d[M] = {1.0, -0.4, 0.7, 1.2, -0.8, 0.3, 0.9};
  memcpy(glo, lo, sizeof lo); memcpy(gdi, di, sizeof di); memcpy(gup, up, sizeof up); memcpy(gd, d, sizeof d);
  double dlo[M] = {0}, ddi[M] = {0}, dd[M] = {0};
  __enzyme_autodiff((void *)thomas, enzyme_dup, lo, dlo, enzyme_dup, di, ddi, enzyme_const, up, enzyme_dup, d, dd);
  ck_gradient("thomas: d/dlo", dlo, F_lo, lo, M);
  ck_gradient("thomas: d/ddi", ddi, F_di, di, M);
  ck_gradient("thomas: d/dd", dd, F_d, d, M);

  pair gp = __enzyme_autodiff_pair((void *)bisect, 1.7, 2.3);
  CHECK("bisection: d/dp", gp.a, ck_fd1(F_bis_p, 1.7));
  CHECK("bisection: d/dq", gp.b, ck_fd1(F_bis_q, 2.3));
  double tq = __enzyme_fwddiff((void *)bisect, 1.7, 0.0, 2.3, 1.0);
  CHECK("bisection fwd: d/dq", tq, gp.b);

  pair gr = __enzyme_autodiff_pair((void *)rkf45, 1.2, 0.8);
  CHECK("rkf45: d/dy0", gr.a, ck_fd1(F_rk_y0, 1.2));
  CHECK("rkf45: d/dk", gr.b, ck_fd1(F_rk_k, 0.8));
  double tk = __enzyme_fwddiff((void *)rkf45, 1.2, 0.0, 0.8, 1.0);
  CHECK("rkf45 fwd: d/dk", tk, gr.b);
  return ck_done();
}
