// EXPECT-ERROR: [catalase::illegal-return-cast]
// EXPECT-ALSO: cannot hold 3 copies of the struct
// Forward mode at enzyme_width 3 of a function that returns a struct through sret writes three tangent structs; the marker declares room for two.
#include <stdio.h>
typedef struct { double a, b, c; } T;
typedef struct { T d[2]; } T2;
T2 __enzyme_fwddiff(void *, ...);
extern int enzyme_width;
T f(double x) { T r = {x * x, 2.0 * x, x}; return r; }
int main(void) {
  T2 r = __enzyme_fwddiff((void *)f, enzyme_width, 3, 1.5, 1.0, 0.0, 0.0);
  printf("%g %g\n", r.d[0].a, r.d[1].b);
  return 0;
}
