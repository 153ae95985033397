// TEST: ABI §6.3: a forward rule whose call site passes a pointer without a shadow (enzyme_const weights): Enzyme warns "Cannot use provided custom derivative pass" and differentiates the body instead; the tangent against finite differences
#include "include/catalase_check.h"

typedef struct { double p, t; } PT;
double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) double wdot(const double *w, const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += w[i] * x[i] * x[i];
  return s;
}
PT wdot_fwd(const double *w, const double *dw, const double *x, const double *dx, int n, int dn) {
  (void)dn;
  PT r = {0, 0};
  for (int i = 0; i < n; i++) {
    r.p += w[i] * x[i] * x[i];
    r.t += dw[i] * x[i] * x[i] + 2 * w[i] * x[i] * dx[i];
  }
  return r;
}
void *__enzyme_register_derivative_wdot[] = {(void *)wdot, (void *)wdot_fwd};

static double W[3] = {1.0, 2.0, 3.0};
static double g(const double *w, const double *x) { return sin(wdot(w, x, 3)); }
static double X[3] = {0.5, 1.0, 1.5};
static double g0(double t) { double x[3] = {X[0] + t, X[1], X[2]}; return g(W, x); }

int main(void) {
  double dx[3] = {1.0, 0.0, 0.0};
  CHECK("const weights: d/dx0", __enzyme_fwddiff((void *)g, enzyme_const, W, enzyme_dup, X, dx), ck_fd1(g0, 0.0));
  CHECK_PRIMAL("weights unchanged", W[0] + W[1] + W[2], 6.0);
  return ck_done();
}
