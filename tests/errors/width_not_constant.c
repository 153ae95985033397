// EXPECT-ERROR: [catalase::illegal-vector-width]
// The width must be a compile-time constant; here it is read from a volatile at run time.
#include <stdio.h>
extern int enzyme_width;
typedef struct { double d[2]; } v2;
v2 __enzyme_fwddiff(void *, ...);
double sq(double x) { return x * x; }
volatile int runtime_width = 2;
int main(void) {
  int n = runtime_width;
  v2 r = __enzyme_fwddiff((void *)sq, enzyme_width, n, 2.0, 1.0, 0.5);
  printf("%g %g\n", r.d[0], r.d[1]);
  return 0;
}
