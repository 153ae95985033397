// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: `atomicrmw xchg` moves a floating-point value as the integer type i64
// Forward mode: __atomic_exchange of a double is an i64 exchange whose old value gets no
// tangent; refused rather than dropping it (the tangent came out without the old value's part).
#include <stdio.h>
extern int enzyme_dup;
double __enzyme_fwddiff(void *, ...);
double swap_in(double *p, double v) {
  double r, w = v * v;
  __atomic_exchange(p, &w, &r, __ATOMIC_SEQ_CST);
  return r * v + p[0];
}
int main(void) {
  double p[1] = {1.5}, dp[1] = {1.0};
  printf("%g\n", __enzyme_fwddiff((void *)swap_in, enzyme_dup, p, dp, 0.7, 0.0));
  return 0;
}
