// EXPECT-ERROR: [catalase::no-derivative]
// EXPECT-ALSO: has a reverse rule
// EXPECT-ALSO: --> in function `main`
// EXPECT-ALSO: @__enzyme_fwddiff(ptr
// sq, with a reverse rule and no forward rule, handed to __enzyme_fwddiff itself: as for a call
// inside differentiated code, its body is not differentiated in place of the missing rule.
double __enzyme_fwddiff(void *, ...);
__attribute__((noinline)) double sq(double x) { return x * x; }
void *aug_sq(double x) { (void)x; return 0; }
double rev_sq(double x, double dr, void *tape) { (void)tape; return 2.0 * x * dr; }
void *__enzyme_register_gradient_sq[] = {(void *)sq, (void *)aug_sq, (void *)rev_sq};
int main(void) { return (int)__enzyme_fwddiff((void *)sq, 2.0, 1.0); }
