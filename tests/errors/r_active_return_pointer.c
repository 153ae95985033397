// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_active_return given but `shift` returns a pointer
// Reverse mode: enzyme_active_return on a function returning a pointer, which has no adjoint.
#include <stdio.h>
extern int enzyme_active_return, enzyme_dup;
void __enzyme_autodiff(void *, ...);
double *shift(double *x) {
  x[0] = x[0] * x[1];
  return x + 1;
}
int main(void) {
  double x[2] = {0.5, 0.9}, dx[2] = {1, 0};
  __enzyme_autodiff((void *)shift, enzyme_active_return, enzyme_dup, x, dx);
  printf("%g\n", dx[1]);
  return 0;
}
