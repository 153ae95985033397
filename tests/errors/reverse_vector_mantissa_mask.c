// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: on an active value in reverse mode
// A double's mantissa taken out with vector integer masks (as SIMD frexp code does) in reverse
// mode: the result is a new number, not the input's bits moved, so the same masks on the
// adjoint would be lost (it was silently zero). Refused.
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
typedef double v2 __attribute__((vector_size(16)));
typedef long long v2i __attribute__((vector_size(16)));
__attribute__((noinline)) double vmant(double x) {
  v2 a = {x, 2 * x};
  v2i b = (v2i)a;
  b = (b & 0x800FFFFFFFFFFFFFll) | 0x3FE0000000000000ll;
  v2 m = (v2)b;
  return m[0] * m[1];
}
int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)vmant, 3.0));
  return 0;
}
