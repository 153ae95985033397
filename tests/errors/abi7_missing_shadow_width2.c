// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: missing argument shadow
// ABI §8 MissingArgShadow: width 2, one shadow given.
#include <stdio.h>
extern int enzyme_dup, enzyme_width;
typedef struct { double a, b; } G;
G __enzyme_fwddiff(void *, ...);
double sum2(double *p) { return p[0] * p[1]; }
int main(void) { double x[2] = {1, 2}, d0[2] = {1, 0}; G g = __enzyme_fwddiff((void *)sum2, enzyme_width, 2, enzyme_dup, x, d0); printf("%g\n", g.a); return 0; }
