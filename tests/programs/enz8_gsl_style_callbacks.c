// TEST: reverse and forward mode through GSL-style numerical interfaces: a gsl_function-like struct {double (*function)(double, void *); void *params} whose params point to a struct of active model parameters, a fixed 7/15-point Gauss-Kronrod integrator and a secant root finder taking it by pointer, and a gsl_odeiv2-like system {int (*function)(double t, const double y[], double dydt[], void *params); size_t dimension; void *params} driven by a classical RK4 stepper with heap work arrays; gradients of a combined objective with respect to the parameters against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double (*function)(double x, void *params);
  void *params;
} xfunction;
#define XFN_EVAL(F, x) ((F)->function((x), (F)->params))

typedef struct {
  int (*function)(double t, const double y[], double dydt[], void *params);
  size_t dimension;
  void *params;
} xsystem;

/* 7-point Gauss / 15-point Kronrod on [a, b]; returns the Kronrod value, *err the difference */
static double qk15(const xfunction *f, double a, double b, double *err) {
  static const double xk[8] = {0.991455371120812639, 0.949107912342758525, 0.864864423359769073,
                               0.741531185599394440, 0.586087235467691130, 0.405845151377397167,
                               0.207784955007898468, 0.0};
  static const double wk[8] = {0.022935322010529225, 0.063092092629978553, 0.104790010322250184,
                               0.140653259715525919, 0.169004726639267903, 0.190350578064785410,
                               0.204432940075298892, 0.209482141084727828};
  static const double wg[4] = {0.129484966168869693, 0.279705391489276668, 0.381830050505118945,
                               0.417959183673469388};
  double c = 0.5 * (a + b), h = 0.5 * (b - a);
  double fc = XFN_EVAL(f, c), rk = fc * wk[7], rg = fc * wg[3];
  for (int j = 0; j < 7; j++) {
    double fs = XFN_EVAL(f, c - h * xk[j]) + XFN_EVAL(f, c + h * xk[j]);
    rk += wk[j] * fs;
    if (j % 2 == 1) rg += wg[j / 2] * fs;
  }
  *err = fabs((rk - rg) * h);
  return rk * h;
}

static double secant(const xfunction *f, double x0, double x1) {
  double f0 = XFN_EVAL(f, x0), f1 = XFN_EVAL(f, x1);
  for (int it = 0; it < 60 && fabs(f1) > 1e-14; it++) {
    double x2 = x1 - f1 * (x1 - x0) / (f1 - f0);
    x0 = x1; f0 = f1;
    x1 = x2; f1 = XFN_EVAL(f, x1);
  }
  return x1;
}

static int rk4_apply(const xsystem *sys, double t, double h, double *y) {
  size_t n = sys->dimension;
  double *k = malloc(4 * n * sizeof(double)), *tmp = malloc(n * sizeof(double));
  int st = sys->function(t, y, k, sys->params);
  for (size_t i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * h * k[i];
  st |= sys->function(t + 0.5 * h, tmp, k + n, sys->params);
  for (size_t i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * h * k[n + i];
  st |= sys->function(t + 0.5 * h, tmp, k + 2 * n, sys->params);
  for (size_t i = 0; i < n; i++) tmp[i] = y[i] + h * k[2 * n + i];
  st |= sys->function(t + h, tmp, k + 3 * n, sys->params);
  for (size_t i = 0; i < n; i++) y[i] += h / 6.0 * (k[i] + 2 * k[n + i] + 2 * k[2 * n + i] + k[3 * n + i]);
  free(k);
  free(tmp);
  return st;
}

typedef struct {
  double amp, freq, damp, shift;
} model;

static double integrand(double x, void *params) {
  model *m = params;
  return m->amp * exp(-m->damp * x) * sin(m->freq * x) + m->shift * x;
}

static double residual(double x, void *params) {
  model *m = params;
  return x * x * x + m->freq * x - m->amp * 2.0;
}

static int oscillator(double t, const double y[], double dydt[], void *params) {
  (void)t;
  const model *m = params;
  dydt[0] = y[1];
  dydt[1] = -m->freq * m->freq * y[0] - m->damp * y[1] + m->shift * sin(y[0]);
  return 0;
}

static double objective(const double *p) {
  model m = {p[0], p[1], p[2], p[3]};
  xfunction fi = {integrand, &m}, fr = {residual, &m};
  double err, total = 0.0;
  for (int s = 0; s < 3; s++) total += qk15(&fi, s, s + 1.0, &err);
  double root = secant(&fr, 0.5, 1.5);
  double y[2] = {1.0, 0.0};
  xsystem sys = {oscillator, 2, &m};
  for (int s = 0; s < 20; s++)
    if (rk4_apply(&sys, 0.05 * s, 0.05, y) != 0) return -1.0;
  return total + root * root + y[0] + 0.5 * y[1];
}

static double F(double *p) { return objective(p); }

int main(void) {
  double p[4] = {1.3, 2.2, 0.4, 0.15}, dp[4] = {0}, v[4] = {0.3, -0.2, 0.5, 0.7};
  __enzyme_autodiff((void *)objective, enzyme_dup, p, dp);
  ck_gradient("gsl-style callbacks: d/dp", dp, F, p, 4);
  double jv = __enzyme_fwddiff((void *)objective, enzyme_dup, p, v);
  CHECK("gsl-style callbacks: dot test", ck_dot(dp, v, 4), jv);
  return ck_done();
}
