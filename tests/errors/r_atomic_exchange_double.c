// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: a floating-point value is moved through the integer type i64 by `atomicrmw xchg`
// Reverse mode: __atomic_exchange of a double is an i64 exchange whose old value (a float) the
// activity analysis gives no adjoint; refused rather than dropping its gradient.
#include <stdio.h>
extern int enzyme_dup;
double __enzyme_autodiff(void *, ...);
double swap_in(double *p, double v) {
  double r, w = v * v;
  __atomic_exchange(p, &w, &r, __ATOMIC_SEQ_CST);
  return r * v + p[1];
}
int main(void) {
  double p[2] = {1.5, -0.5}, dp[2] = {0.3, -0.2};
  printf("%g\n", __enzyme_autodiff((void *)swap_in, enzyme_dup, p, dp, 0.7));
  return 0;
}
