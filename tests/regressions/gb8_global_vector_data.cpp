// TEST: reverse and forward mode of a function that reads constant data from a namespace-scope std::vector<double> (filled by its dynamic initializer before main) and a std::valarray<double> (filled in main), the usual way GradBench-style C++ holds a problem's data; gradients against finite differences, the dot-product test against forward mode
// KNOWN-BUG: killed by SIGSEGV
// KNOWN-BUG: a derivative stopped at run time
// KNOWN-BUG: AddressSanitizer: SEGV
// Open: the same cause as tests/regressions/rev_cpp_static_vector_cache.cpp. Each global is
// mutable, so it gets a zero-filled shadow global (`__catalase_shadow_<g>`); the shadow vector's
// data pointer stays null while the primal's points at the heap buffer, and the reverse sweep
// accumulates the derivative of `g_data[i] * x[i]` with respect to g_data[i] into `null + 8*i`
// (no diagnostic, at every level and on both routes). Enzyme makes the same zero shadow for an
// unmarked mutable global; marking them `__enzyme_inactive_global` avoids it. A fix: treat a
// global whose shadow pointer field is still null as inactive at run time, or refuse the access
// with a diagnostic naming the global and suggesting the inactive marking.
#include <valarray>
#include <vector>

#include "../programs/include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 3
static std::vector<double> g_data = {1.0, 0.5, 2.0};
static std::valarray<double> g_weights;

__attribute__((noinline)) static double f(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += g_data[i] * x[i] * x[i] + g_weights[i] * x[i];
  return s;
}

static double F(double *x) { return f(x, N); }

int main() {
  g_weights = {0.3, -0.7, 1.1};
  double x[N] = {0.3, 0.5, 0.7}, dx[N] = {0}, v[N] = {0.4, -0.2, 0.9};
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("global vector data", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v, enzyme_const, N);
  CHECK("global vector data: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
