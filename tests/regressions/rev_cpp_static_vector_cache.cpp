// TEST: reverse and forward mode through a function-local static std::vector<double> of constant coefficients filled on the first call (a cache whose contents never depend on the inputs), read by the differentiated function
// KNOWN-BUG: a derivative stopped at run time
// Open: the static vector is a mutable global, so it gets a shadow global, which the boundary
// zeroes before each marker call. Filled by the plain call first, the primal vector holds a
// buffer and its shadow holds none: reading the shadow of c[k] dereferenced null (a SEGV at
// every level; at -O1, once LLVM optimized the gradient, undefined behaviour that dropped it).
// Now the derivative checks each loaded shadow pointer through which type analysis sees floats
// and stops with the diagnostic (function, instruction, source line, help: mark the global
// inactive, as cpp7_static_cache_inactive.cpp does). Inferring that the cache holds constants
// (every store into it, at every level, stores values that depend on no input) would fix it.
#include <cmath>
#include <vector>

#include "../programs/include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 4

static const std::vector<double> &coefficients() {
  static std::vector<double> c;
  if (c.empty())
    for (int k = 0; k < N; k++) c.push_back(1.0 / (1.0 + k * k));
  return c;
}

static double series(const double *x) {
  const std::vector<double> &c = coefficients();
  double s = 0.0;
  for (int k = 0; k < N; k++) s += c[k] * std::sin((k + 1) * x[k]);
  return s;
}

static double F_series(double *x) { return series(x); }

int main() {
  double x[N] = {0.7, -0.4, 1.1, 0.25}, dx[N] = {0}, v[N] = {0.3, -0.2, 0.5, 0.1};
  printf("plain call first: %g\n", series(x)); /* the cache is filled outside any derivative */
  __enzyme_autodiff((void *)series, enzyme_dup, x, dx);
  ck_gradient("static vector cache", dx, F_series, x, N);
  double jv = __enzyme_fwddiff((void *)series, enzyme_dup, x, v);
  CHECK("static vector cache: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
