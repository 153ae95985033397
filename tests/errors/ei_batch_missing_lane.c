// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: __enzyme_batch missing argument 1 (lane 2) of `axpy`
// Width 3 wants three values for each vector argument; the second argument has two.
#include <stdio.h>
typedef struct { double v[3]; } three;
three __enzyme_batch(void *, ...);
extern int enzyme_width, enzyme_scalar, enzyme_vector;
static double axpy(double a, double x, double y) { return a * x + y; }
int main(void) {
  three r = __enzyme_batch((void *)axpy, enzyme_width, 3, enzyme_scalar, 2.0, enzyme_vector, 1.0, 2.0,
                           enzyme_vector, 0.5, 0.25, 0.125);
  printf("%g %g %g\n", r.v[0], r.v[1], r.v[2]);
  return 0;
}
