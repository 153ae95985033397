// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: Had too many arguments to __enzyme_reverse
// ABI §5: after the parameters __enzyme_reverse takes [d_ret] and the tape, nothing more.
#include <stdio.h>
extern int enzyme_dup;
void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
void sq(double *x) { x[0] *= x[0]; }
int main(void) { double x = 1.5, d = 0; void *t = __enzyme_augmentfwd((void *)sq, enzyme_dup, &x, &d); __enzyme_reverse((void *)sq, enzyme_dup, &x, &d, t, t); printf("%g\n", d); return 0; }
