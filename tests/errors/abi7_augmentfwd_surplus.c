// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: Had too many arguments to __enzyme_augmentfwd
// ABI §3.2: surplus arguments are only allowed in __enzyme_reverse.
#include <stdio.h>
extern int enzyme_dup;
void *__enzyme_augmentfwd(void *, ...);
void sq(double *x) { x[0] *= x[0]; }
int main(void) { double x = 1.5, d = 0; void *t = __enzyme_augmentfwd((void *)sq, enzyme_dup, &x, &d, 2.0); printf("%p\n", t); return 0; }
