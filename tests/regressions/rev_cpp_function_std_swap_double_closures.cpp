// TEST: reverse mode through two std::function objects, each rebound to a lambda that captures a double by value, swapped with std::swap and called: the swap moves the 16 bytes of each _Any_data with memcpy; the captured doubles are read only by the invokers and cloned only by the managers, called through pointers
// KNOWN-BUG: cannot tell what bytes
// A refusal at every level is the sound outcome (a gradient would need to know which lambda each
// _Any_data holds). At -O0 the gradients of both captured doubles were silently 0: type analysis
// found a double and other kinds in the bytes std::swap<_Any_data> copies, and the declared
// {i64, i64} of the _Any_data, reached through the callers, settled them as integers, so the copy
// moved shadow bits and the adjoints were lost. A declared integer no longer settles bytes where
// type analysis met a float (reverse/copy.rs, `kind`).
#include <functional>
#include <utility>

#include "../programs/include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);

static double twist(const double *x) {
  double a = x[0], b = x[1];
  std::function<double(double)> f = [](double t) { return t; };
  std::function<double(double)> g = [](double t) { return 2.0 * t; };
  if (x[2] > 0) {
    f = [a](double t) { return a * sin(t); };
    g = [b](double t) { return b * t * t; };
  }
  std::swap(f, g);
  return f(x[2]) + 0.5 * g(x[2]);
}

static double F(double *x) { return twist(x); }

int main() {
  double x[3] = {0.3, 1.7, 0.8}, dx[3] = {0, 0, 0};
  __enzyme_autodiff((void *)twist, enzyme_dup, x, dx);
  ck_gradient("std::swap of two std::function with double closures", dx, F, x, 3);
  return ck_done();
}
