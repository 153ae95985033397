// TEST: reverse mode through C++ values that hold doubles beside pointers and integers, returned by value from noinline functions: std::optional<double> ({double, i8} at -O0; present and absent), std::pair<double, const double *> ({double, ptr}), a std::pair<double, int> ({double, i32}), std::valarray's expression templates (returned as {double, ptr} at -O0) and a struct of a double, an int and a pointer (sret); valarray code inlined at -O2 allocates with an `invoke` of operator new; checked against finite differences and forward mode
#include <cmath>
#include <optional>
#include <utility>
#include <valarray>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) static std::optional<double> safe_log(double x) {
  if (x <= 0) return std::nullopt;
  return std::log(x);
}
__attribute__((noinline)) static std::pair<double, const double *> largest(const double *x, int n) {
  int k = 0;
  for (int i = 1; i < n; i++)
    if (x[i] > x[k]) k = i;
  return {x[k] * x[k], x + k};
}
__attribute__((noinline)) static std::pair<double, int> scaled_count(double v, int n) { return {v * n, n + 1}; }

struct Triple {
  double v;
  int k;
  const double *p;
};
__attribute__((noinline)) static Triple triple(const double *x, int k) { return {std::exp(x[k]), k, x + k}; }

__attribute__((noinline)) static double with_valarray(const double *x) {
  std::valarray<double> v(x, 5);
  std::valarray<double> w = v * v + 2.0 * v;
  return w.sum() + (v * 3.0).max();
}

// Inlined into f at -O2: `operator new` of w's array is an `invoke` (v's destructor runs on
// unwind), whose memory holds active values that nothing reads back.
static double valarray_inlined(const double *x) {
  std::valarray<double> v(x, 5);
  std::valarray<double> w = v * v + 2.0 * v;
  return w.sum();
}

static double f(double *x) {
  double t = safe_log(x[0] * x[0] + 1.0).value_or(0.0) * x[1];
  t += safe_log(-x[2] * x[2] - 1.0).value_or(2.0) * x[2];
  std::pair<double, const double *> m = largest(x, 5);
  t += m.first * m.second[0] + std::sin(*m.second);
  std::pair<double, int> c = scaled_count(x[3], 3);
  t += c.first * c.second;
  Triple r = triple(x, 4);
  t += r.v * r.p[0] * r.k;
  return t + with_valarray(x) + valarray_inlined(x);
}

int main() {
  double x[5] = {0.3, -0.7, 1.1, 0.45, 0.9}, dx[5] = {0, 0, 0, 0, 0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);
  ck_gradient("C++ mixed aggregates: d/dx", dx, f, x, 5);
  double v[5] = {0.3, -1.0, 0.5, 2.0, -0.25};
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
  double one = 1.0;
  ck_dot_test("C++ mixed aggregates: forward against reverse", &one, &jv, 1, dx, v, 5);
  return ck_done();
}
