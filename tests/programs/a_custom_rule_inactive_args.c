// TEST: forward rules called from sites where some arguments are inactive (constant double gets a 0 tangent, int gets its primal again as "shadow")
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static int BAD_INT_SHADOW;
__attribute__((noinline)) double scaled(double x, double s, int k) {
  double r = s * sin(k * x);
  __asm__ volatile("" : "+x"(r));
  return r;
}
typedef struct { double p, t; } dual;
dual scaled_fwd(double x, double dx, double s, double ds, int k, int dk) {
  if (dk != k) BAD_INT_SHADOW++;
  dual o = {s * sin(k * x), ds * sin(k * x) + s * k * cos(k * x) * dx};
  return o;
}
void *__enzyme_register_derivative_scaled[] = {(void *)scaled, (void *)scaled_fwd};

static const double S = 1.7; /* a constant, so the rule sees a zero tangent for s */
static double f(double x) { return scaled(x, S, 3) + scaled(x * x, 0.5, 2); }

int main(void) {
  const double xs[] = {0.2, -0.9, 1.4};
  char name[48];
  for (int i = 0; i < 3; i++) {
    snprintf(name, sizeof name, "rule with const double/int args at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0), ck_fd1(f, xs[i]));
  }
  CHECK_PRIMAL("int 'shadow' equals the primal", (double)BAD_INT_SHADOW, 0.0);
  return ck_done();
}
