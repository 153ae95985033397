// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_dupv stride must be an integer
// ABI §8 IllegalVectorOffset: enzyme_dupv's stride is a double.
#include <stdio.h>
extern int enzyme_dupv, enzyme_width;
typedef struct { double a, b; } G;
G __enzyme_fwddiff(void *, ...);
double sq(double *x) { return x[0] * x[0]; }
int main(void) { double x = 1.5, d[2] = {1, 0}; G g = __enzyme_fwddiff((void *)sq, enzyme_width, 2, enzyme_dupv, 8.0, &x, d); printf("%g\n", g.a); return 0; }
