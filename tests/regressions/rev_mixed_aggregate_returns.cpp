// TEST: reverse mode through calls that return a mixed aggregate at -O0: std::valarray's `2.0 * v` returns libstdc++'s expression template _Expr<_BinClos<_Constant, _ValArray>> by value, which the x86-64 ABI returns as {double, ptr} (the constant by value, the array by reference); a std::optional<double> returned from a noinline helper is {double, i8} (in split mode, CATALASE_OPTIONS=split-autodiff, even where combined mode passes). Reverse mode refused calls returning an aggregate of floats and non-floats ("does not differentiate values of aggregate type {f64, ptr} yet"); now, as in Enzyme, the float fields carry adjoints, the pointer fields shadows and the integer fields nothing. At -O1 and above the helpers are inlined.
#include "../programs/include/ck_array.h"
#include <optional>
#include <valarray>

extern "C" double __enzyme_autodiff(void *, ...);

static double with_valarray(const double *x) {
  std::valarray<double> v(x, 4);
  std::valarray<double> w = v * v + 2.0 * v;
  return w.sum();
}
static double F(double *x) { return with_valarray(x); }

__attribute__((noinline)) static std::optional<double> safe_log(double x) {
  if (x <= 0) return std::nullopt;
  return std::log(x);
}
static double with_optional(double x) { return safe_log(x * x + 1.0).value_or(0.0) * x; }

int main() {
  double x[4] = {0.3, -0.7, 1.1, 0.45}, dx[4] = {0, 0, 0, 0};
  __enzyme_autodiff((void *)with_valarray, x, dx);
  ck_gradient("std::valarray reverse", dx, F, x, 4);
  CHECK("std::optional<double> returned", __enzyme_autodiff((void *)with_optional, 0.8), ck_fd1(with_optional, 0.8));
  return ck_done();
}
