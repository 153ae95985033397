// TEST: reverse and forward mode through Eigen's vectorised coefficient-wise exp of an Eigen::Array (a log-sum-exp as GMM code writes it: `std::log((v - mx).exp().sum()) + mx`)
// CFLAGS: -I/usr/include/eigen3
// LEVELS: O1,O2,O3
// Eigen built by clang writes its SSE pmin/pmax as inline assembly (`maxpd $1, $0`), guards
// pexp's magic-number rounding with an empty asm barrier, and rounds with `x + 2^52 - 2^52`.
// Catalase rewrites the known assembly as IR (crates/llvm/src/known_asm.rs) and gives the
// rounding a zero derivative (activity's `rounds_to_integer`). Was refused for the assembly;
// without the rounding rule the gradient would have been silently zero. Eigen's vectorised
// log is still refused (tests/errors/eigen_array_log_bits.cpp).
#include <Eigen/Dense>
#include <cmath>

#include "../programs/include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 6

__attribute__((noinline)) static double lse(const double *x, int n) {
  Eigen::Map<const Eigen::ArrayXd> v(x, n);
  double mx = v(0);
  for (int i = 1; i < n; i++) mx = v(i) > mx ? v(i) : mx;
  return std::log((v - mx).exp().sum()) + mx + 0.1 * (v * v).sum();
}

static double F(double *x) { return lse(x, N); }

int main() {
  double x[N] = {0.3, -0.5, 0.7, 1.1, -0.2, 0.4}, dx[N] = {0}, v[N] = {0.4, -0.2, 0.9, 0.1, 0.3, -0.6};
  __enzyme_autodiff((void *)lse, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("Eigen array exp", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)lse, enzyme_dup, x, v, enzyme_const, N);
  CHECK("Eigen array exp: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
