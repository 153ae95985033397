// TEST: reverse mode through series summed until the terms are negligible (loops whose trip count depends on the argument): exp, log(1+x), a Bessel series and the Riemann zeta function by direct summation
#include "include/catalase_check.h"

double __enzyme_autodiff(void *, ...);

static double exp_series(double x) {
  double term = 1.0, sum = 1.0;
  for (int k = 1; k < 200; k++) {
    term *= x / k;
    sum += term;
    if (fabs(term) < 1e-17 * fabs(sum)) break;
  }
  return sum;
}

static double log1p_series(double x) { /* |x| < 1 */
  double p = x, sum = 0.0;
  int k = 1;
  while (fabs(p) / k > 1e-18) {
    sum += (k % 2 ? p : -p) / k;
    p *= x;
    k++;
  }
  return sum;
}

/* J0(x) = sum (-1)^k (x/2)^(2k) / (k!)^2 */
static double bessel_j0(double x) {
  double q = -0.25 * x * x, term = 1.0, sum = 1.0;
  for (int k = 1;; k++) {
    term *= q / ((double)k * k);
    sum += term;
    if (fabs(term) < 1e-18) return sum;
  }
}

static double zeta(double s) {
  double sum = 0.0;
  for (int n = 1; n < 1000000; n++) {
    double t = pow((double)n, -s);
    sum += t;
    if (t < 1e-13 * sum) break;
  }
  return sum;
}

int main(void) {
  double xs[3] = {-1.3, 0.4, 2.2};
  for (int i = 0; i < 3; i++) CHECK("exp series: d/dx = exp(x)", __enzyme_autodiff((void *)exp_series, xs[i]), exp(xs[i]));
  CHECK("log1p series: d/dx = 1/(1+x)", __enzyme_autodiff((void *)log1p_series, 0.35), 1.0 / 1.35);
  CHECK("log1p series: d/dx", __enzyme_autodiff((void *)log1p_series, -0.4), ck_fd1(log1p_series, -0.4));
  CHECK("Bessel J0 series: d/dx", __enzyme_autodiff((void *)bessel_j0, 2.7), ck_fd1(bessel_j0, 2.7));
  CHECK("zeta(s), s = 4.5: d/ds", __enzyme_autodiff((void *)zeta, 4.5), ck_fd1(zeta, 4.5));
  return ck_done();
}
