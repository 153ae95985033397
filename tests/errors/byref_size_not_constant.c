// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: illegal enzyme byref size
// EXPECT-ALSO: positive constant integer
// The size after enzyme_byref is known only at run time.
#include <stdio.h>
extern int enzyme_byref, enzyme_out;
double __enzyme_autodiff(void *, ...);
static double sq(double x) { return x * x; }
int main(int argc, char **argv) {
  (void)argv;
  double x = 3.0;
  printf("%g\n", __enzyme_autodiff((void *)sq, enzyme_byref, (long)argc * 8, enzyme_out, &x));
  return 0;
}
