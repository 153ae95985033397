// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: takes markers only, one per parameter, and no values
// ABI §3.3: __enzyme_augmentsize given values as well as markers.
#include <stdio.h>
extern int enzyme_dup;
int __enzyme_augmentsize(void *, ...);
void sq(double *x) { x[0] *= x[0]; }
int main(void) { double x = 1.5, d = 0; printf("%d\n", __enzyme_augmentsize((void *)sq, enzyme_dup, &x, &d)); return 0; }
