// TEST: reverse mode through calls via function pointers: a trapezoid and a Simpson quadrature that take the integrand as a pointer (the integrand is an enzyme_const argument of the marker call, named there or loaded from a table the caller built; inside, every call goes through the pointer), gradients in the integrand's parameter and the interval ends
#include "include/ck_array.h"

typedef struct { double da, db, dp; } G3;
G3 __enzyme_autodiff_g3(void *, ...);

typedef double (*Integrand)(double, double);
static double gauss_bump(double x, double p) { return exp(-p * x * x); }
static double damped(double x, double p) { return sin(p * x) / (1.0 + x * x); }

static double trapezoid(Integrand f, double a, double b, double p, int n) {
  double h = (b - a) / n, s = 0.5 * (f(a, p) + f(b, p));
  for (int i = 1; i < n; i++) s += f(a + i * h, p);
  return s * h;
}
static double simpson(Integrand f, double a, double b, double p, int n) {
  double h = (b - a) / n, s = f(a, p) + f(b, p);
  for (int i = 1; i < n; i++) s += (i % 2 ? 4.0 : 2.0) * f(a + i * h, p);
  return s * h / 3.0;
}

static Integrand CUR;
static double F_t(double *v) { return trapezoid(CUR, v[0], v[1], v[2], 64); }
static double F_s(double *v) { return simpson(CUR, v[0], v[1], v[2], 64); }

/* Differentiate both quadratures of integrand f (named at the marker call, as users write it). */
#define CHECK_INTEGRAND(f)                                                                         \
  do {                                                                                             \
    CUR = f;                                                                                       \
    G3 g = __enzyme_autodiff_g3((void *)trapezoid, enzyme_const, f, v[0], v[1], v[2], enzyme_const, 64); \
    double gt[3] = {g.da, g.db, g.dp};                                                             \
    ck_gradient("trapezoid through a function pointer: " #f, gt, F_t, v, 3);                       \
    g = __enzyme_autodiff_g3((void *)simpson, enzyme_const, f, v[0], v[1], v[2], enzyme_const, 64); \
    double gs[3] = {g.da, g.db, g.dp};                                                             \
    ck_gradient("Simpson through a function pointer: " #f, gs, F_s, v, 3);                         \
    CHECK("Simpson: d/db = f(b)", g.db, f(v[1], v[2]));                                            \
  } while (0)

int main(void) {
  double v[3] = {-0.4, 1.7, 1.3};
  CHECK_INTEGRAND(gauss_bump);
  CHECK_INTEGRAND(damped);
  /* The pointer loaded from a table the caller built. */
  Integrand fs[2] = {gauss_bump, damped};
  for (int k = 0; k < 2; k++) CHECK_INTEGRAND(fs[k]);
  return ck_done();
}
