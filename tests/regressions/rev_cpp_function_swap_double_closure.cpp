// TEST: reverse mode through a std::function rebound to a lambda that captures a double by value and then copied into a std::array element: std::function's assignment swaps the 16 bytes of _Any_data with memcpy, and the captured double is read only by the lambda's invoker and cloned only by its manager, both called through pointers
// KNOWN-BUG: cannot tell what bytes
// Refused at every level, the sound outcome (a gradient would need to know which lambda the
// manager copies). At -O1 the gradient of x[1] was silently 0: type analysis found `ptr` at
// offsets 0 and 8 of the std::function objects' _Any_data (the managers store a type_info pointer
// or the closure's address there for other operations), so the swap's memcpy copied shadow bits
// and the captured double's adjoint was lost. Bytes of an object handed to a call through a
// pointer, in a function that stores a float into such an object, are no longer settled as
// integers or pointers by what type analysis finds (reverse/copy.rs, `kind`).
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
