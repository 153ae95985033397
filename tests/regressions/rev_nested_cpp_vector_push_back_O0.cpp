// TEST: reverse over reverse through std::vector::push_back: the gradient of <∇f, w> for f summing the squares of a vector filled by push_back (its buffer grows by relocation), against finite differences of the inner gradient
// At -O0 the second order was refused: the first order's augmented std::__relocate_a_1<double> moves the buffer with a memmove whose bytes type analysis of the outer derivative saw as several kinds ("cannot tell what bytes 0..8 of this copy hold"), as facts about every tape record were joined through the tape helpers' one parameter and result. Type analysis no longer joins facts through calls of Catalase's tape helpers.
#include "../programs/include/catalase_check.h"
#include <vector>

extern "C" double __enzyme_autodiff(void *, ...);
extern int enzyme_dup, enzyme_const;

#define N 6
static double f(const double *x, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; i++) v.push_back(sin(x[i]) * x[(i + 1) % n]);
  double s = 0.0;
  for (double a : v) s += a * a;
  return s;
}

static double w[N];
static double inner(const double *x, int n) {
  double g[N] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, g, enzyme_const, n);
  double s = 0.0;
  for (int i = 0; i < n; i++) s += g[i] * w[i];
  return s;
}

int main(void) {
  double x[N], h[N] = {0};
  for (int i = 0; i < N; i++) {
    x[i] = 0.3 * i - 0.5;
    w[i] = 1.0 + 0.1 * i;
  }
  __enzyme_autodiff((void *)inner, enzyme_dup, x, h, enzyme_const, N);
  for (int i = 0; i < N; i++) {
    double xp[N], xm[N];
    for (int j = 0; j < N; j++) xp[j] = xm[j] = x[j];
    double step = ck_step(x[i]);
    xp[i] += step;
    xm[i] -= step;
    CHECK("second order through push_back: (H w)_i", h[i], (inner(xp, N) - inner(xm, N)) / (2.0 * step));
  }
  return ck_done();
}
