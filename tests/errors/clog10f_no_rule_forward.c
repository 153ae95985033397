// EXPECT-ERROR: [catalase::no-derivative]
// EXPECT-ALSO: No forward mode derivative found for `clog10f`
// EXPECT-ALSO: clog10f_no_rule_forward.c:12
// EXPECT-ALSO: __enzyme_register_derivative_clog10f
// CFLAGS: -g -D_GNU_SOURCE
// clog10f (a GNU extension) has no rule: forward mode through its float complex form
// (<2 x float> in and out) is refused as a call without a derivative, naming the function.
#include <complex.h>
float __enzyme_fwddiff(void *, ...);
static float f(float a, float b) {
  float complex z = __builtin_complex(a, b);
  float complex w = clog10f(z);
  return crealf(w) + cimagf(w);
}
int main(void) { return __enzyme_fwddiff((void *)f, 0.4f, 1.0f, 0.7f, 0.0f) > 0; }
