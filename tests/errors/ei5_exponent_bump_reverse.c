// EXPECT-ERROR: cannot differentiate `bitcast` on an active value in reverse mode
// EXPECT-ALSO: in function `bump`
// Scaling by 2^k through an integer add on the exponent bits (a union with uint64_t): forward
// mode carries it (ei5_bytes_punning.c checks the tangent), reverse mode refuses it.
#include <stdint.h>
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
extern int enzyme_const;
__attribute__((noinline)) double bump(double x, int k) {
  union {
    double d;
    uint64_t u;
  } p;
  p.d = x * x;
  p.u += (uint64_t)k << 52;
  return p.d + x;
}
int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)bump, 1.3, enzyme_const, 3));
  return 0;
}
