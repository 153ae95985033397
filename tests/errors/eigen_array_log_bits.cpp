// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: on an active value
// CFLAGS: -I/usr/include/eigen3
// LEVELS: O1,O2,O3
// Eigen's vectorised log (`ArrayXd::log`, plog) takes each double apart with integer masks
// (pfrexp: `bits & 0x800fffffffffffff | 0x3fe0000000000000`), a new number whose derivative is
// not the masks applied to the input's. Refused in both modes; before, the masked bits lost
// their derivative and the gradient was silently zero. Workaround: scalar std::log in a loop,
// or -DEIGEN_DONT_VECTORIZE.
#include <Eigen/Dense>
#include <cstdio>

extern "C" double __enzyme_autodiff(void *, ...);
extern int enzyme_dup, enzyme_const;

__attribute__((noinline)) double log_sum(const double *x, int n) {
  Eigen::Map<const Eigen::ArrayXd> v(x, n);
  return v.log().sum();
}

int main() {
  double x[4] = {0.3, 0.5, 0.7, 1.1}, dx[4] = {0};
  __enzyme_autodiff((void *)log_sum, enzyme_dup, x, dx, enzyme_const, 4);
  std::printf("%g\n", dx[0]);
  return 0;
}
