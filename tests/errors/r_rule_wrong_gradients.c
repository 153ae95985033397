// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: `mul3_rev`, registered in the gradient of `mul3`, returns {f64, f64}, not the gradients of the float parameters (f64, f64, f64)
// EXPECT-ALSO: help: return the gradient of the one float parameter, or a struct of the gradients
// A reverse rule that returns two gradients for a function of three doubles.
double __enzyme_autodiff(void *, ...);
__attribute__((noinline)) double mul3(double x, double y, double z) { return x * y * z; }
double mul3_aug(double x, double y, double z) { return x * y * z; }
typedef struct { double dx, dy; } G2;
G2 mul3_rev(double x, double y, double z, double d) { G2 g = {y * z * d, x * z * d}; return g; }
void *__enzyme_register_gradient_mul3[] = {(void *)mul3, (void *)mul3_aug, (void *)mul3_rev};
static double f(double x) { return mul3(x, x, 2.0); }
int main(void) { return (int)__enzyme_autodiff((void *)f, 1.5); }
