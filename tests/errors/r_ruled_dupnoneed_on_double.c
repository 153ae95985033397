// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_dupnoneed on argument 0 of `sq`, a value
// EXPECT-ALSO: --> in function `main`
// EXPECT-ALSO: @__enzyme_autodiff(ptr
// A misused marker on a function with a gradient rule, which Catalase differentiates through a
// thunk (`__catalase_ruled_sq`): the diagnostic names the user's function and marker call.
#include <stdio.h>
extern int enzyme_dupnoneed;
double __enzyme_autodiff(void *, ...);
__attribute__((noinline)) double sq(double x) { return x * x; }
void *aug_sq(double x) { (void)x; return 0; }
double rev_sq(double x, double dr, void *tape) { (void)tape; return 2.0 * x * dr; }
void *__enzyme_register_gradient_sq[] = {(void *)sq, (void *)aug_sq, (void *)rev_sq};
int main(void) {
  double x = 2.0, dx = 1.0;
  printf("%g\n", __enzyme_autodiff((void *)sq, enzyme_dupnoneed, x, dx));
  return 0;
}
