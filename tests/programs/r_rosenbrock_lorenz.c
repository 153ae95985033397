// TEST: reverse mode on the n-dimensional Rosenbrock function (against its closed-form gradient and with the dot-product test against forward mode) and on the Lorenz system integrated by RK4 over a short horizon, gradient in the initial state and the three parameters (enzyme_dup arrays)
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 6

static double rosenbrock(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n - 1; i++) s += 100.0 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1.0 - x[i]) * (1.0 - x[i]);
  return s;
}

static double lorenz(const double *u0, const double *p, int steps) {
  double x = u0[0], y = u0[1], z = u0[2], h = 0.004;
  for (int s = 0; s < steps; s++) {
#define FX(x, y, z) (p[0] * ((y) - (x)))
#define FY(x, y, z) ((x) * (p[1] - (z)) - (y))
#define FZ(x, y, z) ((x) * (y) - p[2] * (z))
    double ax = FX(x, y, z), ay = FY(x, y, z), az = FZ(x, y, z);
    double bx = FX(x + 0.5 * h * ax, y + 0.5 * h * ay, z + 0.5 * h * az), by = FY(x + 0.5 * h * ax, y + 0.5 * h * ay, z + 0.5 * h * az), bz = FZ(x + 0.5 * h * ax, y + 0.5 * h * ay, z + 0.5 * h * az);
    double cx = FX(x + 0.5 * h * bx, y + 0.5 * h * by, z + 0.5 * h * bz), cy = FY(x + 0.5 * h * bx, y + 0.5 * h * by, z + 0.5 * h * bz), cz = FZ(x + 0.5 * h * bx, y + 0.5 * h * by, z + 0.5 * h * bz);
    double dx = FX(x + h * cx, y + h * cy, z + h * cz), dy = FY(x + h * cx, y + h * cy, z + h * cz), dz = FZ(x + h * cx, y + h * cy, z + h * cz);
#undef FX
#undef FY
#undef FZ
    x += h / 6.0 * (ax + 2 * bx + 2 * cx + dx);
    y += h / 6.0 * (ay + 2 * by + 2 * cy + dy);
    z += h / 6.0 * (az + 2 * bz + 2 * cz + dz);
  }
  return x + 0.5 * y - 0.25 * z;
}

static double F_r(double *x) { return rosenbrock(x, N); }
static double U0[3] = {1.0, 1.5, 20.0}, P0[3] = {10.0, 28.0, 8.0 / 3.0};
static double F_u(double *u) { return lorenz(u, P0, 250); }
static double F_p(double *p) { return lorenz(U0, p, 250); }

int main(void) {
  double x[N] = {-1.2, 1.0, 0.8, 0.5, 1.3, 0.9}, dx[N] = {0}, v[N] = {0.3, -0.2, 1.0, 0.5, -0.7, 0.1};
  __enzyme_autodiff((void *)rosenbrock, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("Rosenbrock", dx, F_r, x, N);
  for (int i = 0; i < N; i++) {
    double g = (i < N - 1 ? -400.0 * x[i] * (x[i + 1] - x[i] * x[i]) - 2.0 * (1.0 - x[i]) : 0.0) + (i > 0 ? 200.0 * (x[i] - x[i - 1] * x[i - 1]) : 0.0);
    CHECK("Rosenbrock: closed-form gradient", dx[i], g);
  }
  double one = 1.0, jv = __enzyme_fwddiff((void *)rosenbrock, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("Rosenbrock", &one, &jv, 1, dx, v, N);
  double du[3] = {0}, dp[3] = {0};
  __enzyme_autodiff((void *)lorenz, enzyme_dup, U0, du, enzyme_dup, P0, dp, enzyme_const, 250);
  ck_gradient("Lorenz RK4, t = 1: d/du0", du, F_u, U0, 3);
  ck_gradient("Lorenz RK4, t = 1: d/dparameters", dp, F_p, P0, 3);
  return ck_done();
}
