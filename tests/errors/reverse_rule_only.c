// EXPECT-ERROR: [catalase::no-derivative]
// EXPECT-ALSO: has a reverse rule
// sq has a reverse rule (augmented forward pass and reverse pass) but no forward rule, and
// forward mode passes it an active value.
#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
__attribute__((noinline)) double sq(double x) { return x * x; }
void *aug_sq(double x) { (void)x; return 0; }
void rev_sq(double x, double dr, void *tape) { (void)x; (void)dr; (void)tape; }
void *__enzyme_register_gradient_sq[] = {(void *)sq, (void *)aug_sq, (void *)rev_sq};
double f(double x) { return sq(x) + x; }
int main(void) {
  printf("%g\n", __enzyme_fwddiff((void *)f, 2.0, 1.0));
  return 0;
}
