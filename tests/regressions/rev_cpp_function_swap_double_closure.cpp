// TEST: reverse mode through a std::function rebound to a lambda that captures a double by value and then copied into a std::array element: std::function's assignment swaps the 16 bytes of _Any_data with memcpy, and the captured double is read only by the lambda's invoker and cloned only by its manager, both called through pointers
// KNOWN-BUG: MISMATCH
// KNOWN-BUG: cannot tell what bytes
// Open: at -O1 type analysis finds `ptr` at offsets 0 and 8 of the std::function objects (their
// closure bytes, which nothing it sees reads with a type), so the swap copies shadow bits and
// the captured double's adjoint is lost: the gradient of x[1] is silently 0. At -O2/-O3 the
// swap is refused (the _Any_data's declared `{i64, i64}` no longer answers for memory handed to
// a call through a pointer), at -O0 too. A fix must not trust bytes of an object handed to
// indirect calls that no typed access it sees reaches; the sound outcome is a refusal at every
// level, a gradient would need to know which lambda the manager copies.
#include <array>
#include <cmath>
#include <functional>

#include "../programs/include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);

static double pipe(const double *x) {
  double scale = x[1];
  std::array<std::function<double(double)>, 2> st;
  st[0] = [](double t) { return std::sin(t) + t; };
  std::function<double(double)> last = [](double t) { return t * t; };
  if (x[0] > 0) last = [scale](double t) { return std::log1p(t * t) * scale; };
  st[1] = last;
  double t = x[0];
  for (const auto &f : st) t = f(t);
  return t;
}

static double F(double *x) { return pipe(x); }

int main() {
  double x[2] = {0.3, 1.7}, dx[2] = {0, 0};
  __enzyme_autodiff((void *)pipe, enzyme_dup, x, dx);
  ck_gradient("std::function swapped with a double closure", dx, F, x, 2);
  return ck_done();
}
