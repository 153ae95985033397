// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: marker `enzyme_dup` has no meaning in __enzyme_batch
// EXPECT-ALSO: enzyme_scalar
// __enzyme_batch computes no derivative: an activity marker of the derivative entry points
// is a mistake (the user meant enzyme_vector or enzyme_scalar), refused with the batch markers.
#include <stdio.h>
typedef struct { double a, b; } two;
two __enzyme_batch(void *, ...);
extern int enzyme_width, enzyme_dup;
static double cube(double x) { return x * x * x; }
int main(void) {
  two r = __enzyme_batch((void *)cube, enzyme_width, 2, enzyme_dup, 1.0, 2.0);
  printf("%g %g\n", r.a, r.b);
  return 0;
}
