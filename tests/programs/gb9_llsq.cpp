// TEST: a GradBench-llsq-like least-squares objective in C++ (my own code after the published problem definition): points t_i evenly in [-1, 1], targets s_i = sign(t_i), the residual of a degree-(m-1) polynomial with coefficients x evaluated by a Horner loop over a std::vector<double> of powers kept for reuse, through a templated functor; reverse-mode gradient against finite differences and forward mode's tangent by the dot-product test
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

template <typename T> struct Polynomial {
  const T *coef;
  int m;
  T operator()(T t) const {
    T y = coef[m - 1];
    for (int j = m - 2; j >= 0; j--) y = y * t + coef[j];
    return y;
  }
};

template <typename T> static T sign_of(T v) { return v > 0 ? T(1) : (v < 0 ? T(-1) : T(0)); }

__attribute__((noinline)) double llsq(const double *x, int m, int n) {
  std::vector<double> t(n);
  for (int i = 0; i < n; i++) t[i] = -1.0 + 2.0 * i / (n - 1);
  Polynomial<double> p{x, m};
  double total = 0.0;
  for (int i = 0; i < n; i++) {
    double r = sign_of(t[i]) - p(t[i]);
    total += r * r;
  }
  return 0.5 * total;
}

enum { M = 6, NPTS = 41 };
static double F(double *x) { return llsq(x, M, NPTS); }

int main() {
  double x[M] = {0.1, 0.9, -0.2, -0.4, 0.05, 0.3}, dx[M] = {0}, v[M] = {0.4, -0.2, 0.9, 0.1, 0.3, -0.6};
  __enzyme_autodiff((void *)llsq, enzyme_dup, x, dx, enzyme_const, M, enzyme_const, NPTS);
  ck_gradient("llsq", dx, F, x, M);
  double jv = __enzyme_fwddiff((void *)llsq, enzyme_dup, x, v, enzyme_const, M, enzyme_const, NPTS);
  CHECK("llsq: <grad, v> = Jv", ck_dot(dx, v, M), jv);
  return ck_done();
}
