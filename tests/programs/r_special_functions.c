// TEST: reverse mode through special functions computed by their textbook algorithms: the Lanczos approximation of log-gamma (coefficient table loop), a continued fraction for tan by the modified Lentz method (loop until converged), and Miller's backward recurrence for Bessel J_n normalised by a sum
#include "include/catalase_check.h"

double __enzyme_autodiff(void *, ...);

static const double LANCZOS[9] = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
                                  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};

static double lgamma_lanczos(double x) { /* x > 0.5 */
  x -= 1.0;
  double a = LANCZOS[0], t = x + 7.5;
  for (int i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * log(2.0 * M_PI) + (x + 0.5) * log(t) - t + log(a);
}

static double tan_lentz(double x) {
  double tiny = 1e-300, f = tiny, C = f, D = 0.0;
  for (int j = 1; j < 300; j++) {
    double a = j == 1 ? x : -x * x, b = 2.0 * j - 1.0;
    D = b + a * D;
    if (fabs(D) < tiny) D = tiny;
    C = b + a / C;
    if (fabs(C) < tiny) C = tiny;
    D = 1.0 / D;
    double delta = C * D;
    f *= delta;
    if (fabs(delta - 1.0) < 1e-16) break;
  }
  return f;
}

static double bessel_miller(double x) { /* J_2(x) */
  int start = 40;
  double jp1 = 0.0, j = 1e-30, sum = 0.0, j2 = 0.0;
  for (int n = start; n > 0; n--) {
    double jm1 = 2.0 * n / x * j - jp1;
    jp1 = j;
    j = jm1;
    if (n - 1 == 2) j2 = j;
    if ((n - 1) % 2 == 0 && n - 1 > 0) sum += 2.0 * j;
  }
  sum += j;
  return j2 / sum;
}

int main(void) {
  double xs[3] = {1.3, 2.7, 6.1};
  for (int i = 0; i < 3; i++) {
    CHECK("Lanczos log-gamma: d/dx", __enzyme_autodiff((void *)lgamma_lanczos, xs[i]), ck_fd1(lgamma_lanczos, xs[i]));
    CHECK("Lanczos log-gamma vs lgamma: d/dx", __enzyme_autodiff((void *)lgamma_lanczos, xs[i]), ck_fd1(lgamma, xs[i]));
  }
  double ts[3] = {0.3, 1.1, 1.4};
  for (int i = 0; i < 3; i++) CHECK("tan by Lentz continued fraction: d/dx = 1 + tan^2", __enzyme_autodiff((void *)tan_lentz, ts[i]), 1.0 + tan(ts[i]) * tan(ts[i]));
  double bs[3] = {0.8, 2.5, 4.2};
  for (int i = 0; i < 3; i++) CHECK("Bessel J_2 by Miller's recurrence: d/dx", __enzyme_autodiff((void *)bessel_miller, bs[i]), ck_fd1(bessel_miller, bs[i]));
  return ck_done();
}
