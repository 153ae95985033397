// TEST: __enzyme_register_derivative_* forward rule (dfn(x, dx) returns {primal, tangent}) used inside a kernel
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

/* A black box whose body cannot be differentiated: the empty inline asm
   hides the value from any AD tool, so only the registered rule can give the
   derivative (without the rule this is an error, not a wrong number). */
__attribute__((noinline)) double softsign_series(double x) {
  double d = 1.0 + fabs(x);
  __asm__ volatile("" : "+x"(d));
  return x / d;
}

typedef struct { double primal, tangent; } dual;
/* d/dx x/(1+|x|) = 1/(1+|x|)^2. */
dual softsign_fwd(double x, double dx) {
  double d = 1.0 + fabs(x);
  dual r = {x / d, dx / (d * d)};
  return r;
}

void *__enzyme_register_derivative_softsign[] = {(void *)softsign_series, (void *)softsign_fwd};

/* A two-argument rule: every parameter followed by its tangent. */
__attribute__((noinline)) double wsum(double a, double b) {
  double r = 2.0 * a + b * b;
  __asm__ volatile("" : "+x"(r));
  return r;
}
dual wsum_fwd(double a, double da, double b, double db) {
  dual r = {2.0 * a + b * b, 2.0 * da + 2.0 * b * db};
  return r;
}
void *__enzyme_register_derivative_wsum[] = {(void *)wsum, (void *)wsum_fwd};

static double f(double x) { return softsign_series(x * x - 1.0) * 3.0 + wsum(sin(x), x); }

int main(void) {
  const double xs[] = {0.4, -1.7, 2.5};
  for (int i = 0; i < 3; i++) {
    char name[48];
    snprintf(name, sizeof name, "d f with custom rules at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0), ck_fd1(f, xs[i]));
  }
  return ck_done();
}
