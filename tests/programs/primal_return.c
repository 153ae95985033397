// TEST: enzyme_primal_return: the marker returns struct {double primal, tangent}
#include "include/catalase_check.h"

typedef struct { double primal, tangent; } dual;
dual __enzyme_fwddiff(void *, ...);

static double f(double x, const double *w) { return w[0] * sin(x) + w[1] * x * x * x; }

static double W[2] = {1.5, -0.4};
static double fx(double x) { return f(x, W); }

int main(void) {
  const double xs[] = {0.6, -1.9};
  double dw[2] = {0.0, 0.0};
  for (int i = 0; i < 2; i++) {
    dual r = __enzyme_fwddiff((void *)f, enzyme_primal_return, xs[i], 1.0, enzyme_dup, W, dw);
    char name[48];
    snprintf(name, sizeof name, "primal at %g", xs[i]);
    CHECK_PRIMAL(name, r.primal, f(xs[i], W));
    snprintf(name, sizeof name, "tangent at %g", xs[i]);
    CHECK(name, r.tangent, ck_fd1(fx, xs[i]));
  }
  return ck_done();
}
