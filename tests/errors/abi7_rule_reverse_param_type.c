// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: `rev_sq`, registered in the gradient of `sq`, takes ptr as parameter 0
// ABI §6.2: a reverse function taking a pointer where the primal takes a double.
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
__attribute__((noinline)) double sq(double x) { return x * x; }
void *aug_sq(const double x) { return 0; }
double rev_sq(const double *x, double dret, void *tape) { return 2 * *x * dret; }
void *__enzyme_register_gradient_sq[] = {(void *)sq, (void *)aug_sq, (void *)rev_sq};
double g(double x) { return sq(x) + x; }
int main(void) { printf("%g\n", __enzyme_autodiff((void *)g, 1.5)); return 0; }
