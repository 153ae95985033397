// TEST: reverse and forward mode through a 1-D finite-volume Burgers solver as scientific codes write it: heap cell arrays with two ghost cells per side refilled each stage (periodic), MUSCL reconstruction with a minmod limiter (sign tests and fmin of magnitudes), a Rusanov flux whose wave speed is fmax(|uL|,|uR|), SSP-RK2 stages through a stage function writing into a caller's buffer, and a CFL-limited dt computed from the active state; gradient of the final energy against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NC 12
#define NG 2

static double minmod(double a, double b) {
  if (a * b <= 0.0) return 0.0;
  double m = fmin(fabs(a), fabs(b));
  return a > 0.0 ? m : -m;
}

static void fill_ghosts(double *u) {
  for (int g = 0; g < NG; g++) {
    u[g] = u[NC + g];
    u[NC + NG + g] = u[NG + g];
  }
}

static double flux(double uL, double uR) {
  double fL = 0.5 * uL * uL, fR = 0.5 * uR * uR;
  double a = fmax(fabs(uL), fabs(uR));
  return 0.5 * (fL + fR) - 0.5 * a * (uR - uL);
}

/* rhs[i] = -(F_{i+1/2} - F_{i-1/2}) / dx for the interior cells */
static void stage_rhs(double *u, double *rhs, double dx) {
  fill_ghosts(u);
  double slope[NC + 2 * NG];
  for (int i = 1; i < NC + 2 * NG - 1; i++) slope[i] = minmod(u[i] - u[i - 1], u[i + 1] - u[i]);
  for (int i = NG; i < NC + NG; i++) {
    double uLp = u[i] + 0.5 * slope[i], uRp = u[i + 1] - 0.5 * slope[i + 1];
    double uLm = u[i - 1] + 0.5 * slope[i - 1], uRm = u[i] - 0.5 * slope[i];
    rhs[i] = -(flux(uLp, uRp) - flux(uLm, uRm)) / dx;
  }
}

static double burgers(const double *u0, int steps) {
  int n = NC + 2 * NG;
  double *u = malloc(n * sizeof(double)), *u1 = malloc(n * sizeof(double));
  double *k = calloc(n, sizeof(double));
  double dx = 1.0 / NC;
  for (int i = 0; i < NC; i++) u[NG + i] = u0[i];
  for (int s = 0; s < steps; s++) {
    double amax = 0.0;
    for (int i = NG; i < NC + NG; i++) amax = fmax(amax, fabs(u[i]));
    double dt = 0.4 * dx / (amax + 1e-3);
    stage_rhs(u, k, dx);
    for (int i = NG; i < NC + NG; i++) u1[i] = u[i] + dt * k[i];
    stage_rhs(u1, k, dx);
    for (int i = NG; i < NC + NG; i++) u[i] = 0.5 * (u[i] + u1[i] + dt * k[i]);
  }
  double e = 0.0;
  for (int i = NG; i < NC + NG; i++) e += 0.5 * u[i] * u[i] * dx + 0.01 * i * u[i];
  free(u); free(u1); free(k);
  return e;
}

static double F(double *u0) { return burgers(u0, 5); }

int main(void) {
  double u0[NC], du0[NC] = {0}, v[NC];
  for (int i = 0; i < NC; i++) {
    u0[i] = 0.6 + 0.5 * sin(2.0 * M_PI * (i + 0.37) / NC) + 0.05 * cos(5.1 * i);
    v[i] = 0.2 * cos(1.3 * i) - 0.05 * i;
  }
  __enzyme_autodiff((void *)burgers, enzyme_dup, u0, du0, enzyme_const, 5);
  ck_gradient("burgers muscl: d/du0", du0, F, u0, NC);
  double jv = __enzyme_fwddiff((void *)burgers, enzyme_dup, u0, v, enzyme_const, 5);
  CHECK("burgers muscl: <J^T 1, v> = Jv", ck_dot(du0, v, NC), jv);
  return ck_done();
}
