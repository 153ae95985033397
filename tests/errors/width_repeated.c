// EXPECT-ERROR: [catalase::illegal-vector-width]
// enzyme_width may appear only once per call.
#include <stdio.h>
extern int enzyme_width;
typedef struct { double d[2]; } v2;
v2 __enzyme_fwddiff(void *, ...);
double sq(double x) { return x * x; }
int main(void) {
  v2 r = __enzyme_fwddiff((void *)sq, enzyme_width, 2, enzyme_width, 2, 2.0, 1.0, 0.5);
  printf("%g %g\n", r.d[0], r.d[1]);
  return 0;
}
