// TEST: reverse and forward mode through a generic explicit RK2 integrator that takes the right-hand side as a function pointer parameter and the model parameters through a void* context struct (a callback API users write for ODE libraries), with the state kept in malloc'd work arrays and an adaptive step count chosen from an integer parameter
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef void (*rhs_fn)(double t, const double *y, double *dy, void *ctx);

typedef struct {
  double k, c, forcing;
  int dim;
} oscillator;

static void osc_rhs(double t, const double *y, double *dy, void *ctx) {
  const oscillator *o = (const oscillator *)ctx;
  for (int i = 0; i < o->dim; i += 2) {
    dy[i] = y[i + 1];
    dy[i + 1] = -o->k * y[i] - o->c * y[i + 1] + o->forcing * sin(t + 0.3 * i);
  }
}

static void integrate(rhs_fn f, void *ctx, double *y, int dim, double t1, int steps) {
  double *k1 = (double *)malloc(sizeof(double) * dim);
  double *tmp = (double *)malloc(sizeof(double) * dim);
  double *k2 = (double *)malloc(sizeof(double) * dim);
  double h = t1 / steps, t = 0.0;
  for (int s = 0; s < steps; s++) {
    f(t, y, k1, ctx);
    for (int i = 0; i < dim; i++) tmp[i] = y[i] + 0.5 * h * k1[i];
    f(t + 0.5 * h, tmp, k2, ctx);
    for (int i = 0; i < dim; i++) y[i] += h * k2[i];
    t += h;
  }
  free(k1);
  free(tmp);
  free(k2);
}

#define DIM 4
static double final_energy(double *params, double *y0, int steps) {
  oscillator o = {params[0], params[1], params[2], DIM};
  double y[DIM];
  for (int i = 0; i < DIM; i++) y[i] = y0[i];
  integrate(osc_rhs, &o, y, DIM, 1.5, steps);
  double e = 0.0;
  for (int i = 0; i < DIM; i += 2) e += 0.5 * (o.k * y[i] * y[i] + y[i + 1] * y[i + 1]);
  return e;
}

static double Y0[DIM] = {1.0, 0.0, -0.5, 0.3};
static double Fp(double *p) { return final_energy(p, Y0, 40); }
static double P0[3] = {2.0, 0.15, 0.4};
static double Fy(double *y) { return final_energy(P0, y, 40); }

int main() {
  double p[3] = {2.0, 0.15, 0.4}, dp[3] = {0}, dy0[DIM] = {0};
  __enzyme_autodiff((void *)final_energy, enzyme_dup, p, dp, enzyme_dup, Y0, dy0, enzyme_const, 40);
  ck_gradient("callback ODE: d/dparams", dp, Fp, p, 3);
  ck_gradient("callback ODE: d/dy0", dy0, Fy, Y0, DIM);
  for (int i = 0; i < 3; i++) {
    double v[3] = {0}, vy[DIM] = {0};
    v[i] = 1.0;
    double t = __enzyme_fwddiff((void *)final_energy, enzyme_dup, p, v, enzyme_dup, Y0, vy, enzyme_const, 40);
    CHECK("callback ODE forward vs reverse", t, dp[i]);
  }
  return ck_done();
}
