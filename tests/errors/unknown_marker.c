// EXPECT-ERROR: [catalase::illegal-marker]
// EXPECT-ALSO: enzyme_foo
// enzyme_foo is not a marker Catalase knows.
#include <stdio.h>
extern int enzyme_foo;
double __enzyme_fwddiff(void *, ...);
double sq(double x) { return x * x; }
int main(void) {
  printf("%g\n", __enzyme_fwddiff((void *)sq, enzyme_foo, 2.0, 1.0));
  return 0;
}
