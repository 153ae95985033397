// TEST: reverse mode on the Black-Scholes call price (erfc, exp, log, sqrt): the five first-order Greeks (delta, strike sensitivity, rho, vega, theta) from one __enzyme_autodiff call through an sret struct, checked against finite differences and against closed forms
#include "include/ck_array.h"

typedef struct { double dS, dK, dr, dsigma, dT; } Greeks;
Greeks __enzyme_autodiff_greeks(void *, ...);

static double ncdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

static double call_price(double S, double K, double r, double sigma, double T) {
  double st = sigma * sqrt(T);
  double d1 = (log(S / K) + (r + 0.5 * sigma * sigma) * T) / st;
  double d2 = d1 - st;
  return S * 0.5 * erfc(-d1 / sqrt(2.0)) - K * exp(-r * T) * 0.5 * erfc(-d2 / sqrt(2.0));
}

static double F(double *p) { return call_price(p[0], p[1], p[2], p[3], p[4]); }

int main(void) {
  double p[5] = {105.0, 100.0, 0.03, 0.22, 1.5};
  Greeks g = __enzyme_autodiff_greeks((void *)call_price, p[0], p[1], p[2], p[3], p[4]);
  double grad[5] = {g.dS, g.dK, g.dr, g.dsigma, g.dT};
  ck_gradient("Black-Scholes", grad, F, p, 5);
  double st = p[3] * sqrt(p[4]);
  double d1 = (log(p[0] / p[1]) + (p[2] + 0.5 * p[3] * p[3]) * p[4]) / st;
  CHECK("Black-Scholes: delta = N(d1)", g.dS, ncdf(d1));
  CHECK("Black-Scholes: vega = S phi(d1) sqrt(T)", g.dsigma, p[0] * exp(-0.5 * d1 * d1) / sqrt(2.0 * M_PI) * sqrt(p[4]));
  return ck_done();
}
