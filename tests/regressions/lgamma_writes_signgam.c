// TEST: lgamma writes the global signgam (glibc): a sign read after each lgamma in a loop is the sign of that iteration's call in the reverse sweep too (not the last call's, read again), and a derivative that runs the primal leaves signgam as the primal would (the call is not dropped as if it touched no memory)
#define _DEFAULT_SOURCE
#include "../programs/include/catalase_check.h"

extern int signgam;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

enum { N = 4 };
/* Γ < 0 on (-1, 0) and (-3, -2): the signs alternate, the last one is +1. */
static const double XS[N] = {-0.5, 1.5, -2.5, 3.2};

/* Σ lgamma(x_i)² · sign(Γ(x_i)), the sign read from signgam after each call. */
static double signed_squares(const double *x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    double l = lgamma(x[i]);
    s += l * l * signgam;
  }
  return s;
}

static double lg(double x) { return lgamma(x); }

static double along(int k, double x) {
  double y[N];
  for (int i = 0; i < N; i++) y[i] = XS[i];
  y[k] = x;
  return signed_squares(y);
}
static int axis;
static double along_axis(double x) { return along(axis, x); }

int main(void) {
  double x[N], dx[N] = {0};
  for (int i = 0; i < N; i++) x[i] = XS[i];
  __enzyme_autodiff((void *)signed_squares, enzyme_dup, x, dx);
  for (axis = 0; axis < N; axis++) {
    char what[64];
    snprintf(what, sizeof what, "signed lgamma squares: d/dx%d", axis);
    CHECK(what, dx[axis], ck_fd1(along_axis, XS[axis]));
  }
  /* The derivative runs the primal: signgam is what lgamma(x) leaves, as after lg(x). */
  for (int i = 0; i < N; i++) {
    signgam = 7;
    double d = __enzyme_autodiff((void *)lg, XS[i]);
    CHECK("lgamma: d/dx (reverse)", d, ck_fd1(lg, XS[i]));
    int after_gradient = signgam;
    signgam = 7;
    double t = __enzyme_fwddiff((void *)lg, XS[i], 1.0);
    CHECK("lgamma: d/dx (forward)", t, ck_fd1(lg, XS[i]));
    int after_tangent = signgam;
    signgam = 7;
    (void)lg(XS[i]);
    CHECK_PRIMAL("signgam after the gradient", after_gradient, signgam);
    CHECK_PRIMAL("signgam after the tangent", after_tangent, signgam);
  }
  return ck_done();
}
