// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: does not have the shape
// The forward rule of sq takes (x) instead of (x, dx): ABI §6.3 requires (p1, dp1, ...).
#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
__attribute__((noinline)) double sq(double x) { return x * x; }
typedef struct { double p, t; } dual;
dual sq_fwd(double x) {
  dual o = {x * x, 2.0 * x};
  return o;
}
void *__enzyme_register_derivative_sq[] = {(void *)sq, (void *)sq_fwd};
double f(double x) { return sq(x) + x; }
int main(void) {
  printf("%g\n", __enzyme_fwddiff((void *)f, 2.0, 1.0));
  return 0;
}
