// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: missing argument shadow
// EXPECT-ALSO: primal argument 0 of `sum2`
// Reverse mode: enzyme_dup on the pointer, but the call ends before its shadow.
#include <stdio.h>
extern int enzyme_dup;
double __enzyme_autodiff(void *, ...);
double sum2(double *p) { return p[0] * p[1]; }
int main(void) {
  double x[2] = {1.0, 2.0};
  printf("%g\n", __enzyme_autodiff((void *)sum2, enzyme_dup, x));
  return 0;
}
