// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: the augmented function `tick_aug` registered for `tick` does not return the primal result (f64), and `tick` may write memory
// EXPECT-ALSO: help: return the result
// A reverse rule whose augmented function returns nothing for a function that also counts its
// calls in a global: calling it again for its result would count twice.
double __enzyme_autodiff(void *, ...);
static int calls;
__attribute__((noinline)) double tick(double x) { calls++; return x * x; }
void tick_aug(double x) { (void)x; }
double tick_rev(double x, double d) { return 2.0 * x * d; }
void *__enzyme_register_gradient_tick[] = {(void *)tick, (void *)tick_aug, (void *)tick_rev};
static double f(double x) { return tick(x) * 3.0; }
int main(void) { return (int)__enzyme_autodiff((void *)f, 1.5) + calls; }
