// TEST: reverse mode through a std::function whose lambda captures a double by value ([scale]) assigned into a std::array element: at -O1 and above InstCombine copies the captured double from the input into the closure as an `i64` load and store (tagged `double` by TBAA), and only the lambda's invoker, called through a pointer, reads it as a double
// LEVELS: O1,O2,O3
// (At -O0 std::function's swap copies the 16 bytes of _Any_data that hold a double in one
// closure and a pointer or nothing in another: refused with a diagnostic.)
// Fixed: the copied word was taken for pointer bits (type analysis knew nothing of the input's
// bytes it was loaded from, and the closure's bytes are read only through the indirect call), so
// the gradient of the captured input was silently 0 at -O1; an integer load or store whose TBAA
// access type is `double`/`float` is now lowered as the float access and a bitcast, as Enzyme
// reads the tag.
#include <array>
#include <cmath>
#include <functional>

#include "../programs/include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);

static double pipe(const double *x) {
  double scale = x[1];
  std::array<std::function<double(double)>, 2> st;
  st[0] = [scale](double t) { return scale * t; };
  st[1] = [](double t) { return std::sin(t) + t; };
  double t = x[0];
  for (const auto &f : st) t = f(t);
  return t;
}

static double F(double *x) { return pipe(x); }

int main() {
  double x[2] = {0.3, 1.7}, dx[2] = {0, 0};
  __enzyme_autodiff((void *)pipe, enzyme_dup, x, dx);
  ck_gradient("std::function capturing a double", dx, F, x, 2);
  return ck_done();
}
