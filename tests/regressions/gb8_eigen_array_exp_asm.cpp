// TEST: reverse and forward mode through Eigen's vectorised coefficient-wise exp and log of an Eigen::Array (a log-sum-exp as GMM code writes it: `std::log((v - mx).exp().sum()) + mx`)
// CFLAGS: -I/usr/include/eigen3
// LEVELS: O1,O2,O3
// KNOWN-BUG: inline assembly
// Open (a refusal, with a clear diagnostic naming PacketMath.h): Eigen's SSE pexp/plog clamp
// with `minpd`/`maxpd` written as inline assembly (PacketMath.h pmin/pmax, for NaN semantics)
// and use an empty asm as an optimisation barrier (`asm("" : "+x"(a))`), and Catalase refuses
// every inline asm on an active path. The empty barrier is the identity on its operand and could
// be lowered as such; `minpd $1, $0`/`maxpd $1, $0` are `x < y ? x : y` per lane (SSE's operand
// order) and could get those rules. Enzyme refuses inline asm too. Workaround: scalar std::exp
// in a loop, or -DEIGEN_DONT_VECTORIZE.
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
  return std::log((v - mx).exp().sum()) + mx + 0.1 * v.abs().log().sum();
}

static double F(double *x) { return lse(x, N); }

int main() {
  double x[N] = {0.3, -0.5, 0.7, 1.1, -0.2, 0.4}, dx[N] = {0}, v[N] = {0.4, -0.2, 0.9, 0.1, 0.3, -0.6};
  __enzyme_autodiff((void *)lse, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("Eigen array exp/log", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)lse, enzyme_dup, x, v, enzyme_const, N);
  CHECK("Eigen array exp/log: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
