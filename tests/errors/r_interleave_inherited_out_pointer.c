// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_out is not allowed on pointer argument 1 of `scale`
// enzyme_interleave: the pointer after an enzyme_out double inherits enzyme_out, as in Enzyme,
// which a pointer cannot take.
#include <stdio.h>
extern int enzyme_interleave, enzyme_out;
double __enzyme_autodiff(void *, ...);
static double scale(double s, const double *x) { return s * x[0]; }
int main(void) {
  double x[1] = {2.0}, dx[1] = {0.0};
  printf("%g\n", __enzyme_autodiff((void *)scale, enzyme_out, 3.0, x, enzyme_interleave, dx));
  return 0;
}
