// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_dupv on parameter 0 of non-pointer type double
// ABI §8 NonPointerBatch: enzyme_dupv on a double parameter.
#include <stdio.h>
extern int enzyme_dupv, enzyme_width;
typedef struct { double a, b; } G;
G __enzyme_fwddiff(void *, ...);
double square(double x) { return x * x; }
int main(void) { double d[2] = {1, 0}; G g = __enzyme_fwddiff((void *)square, enzyme_width, 2, enzyme_dupv, 8, 1.5, d); printf("%g\n", g.a); return 0; }
