// TEST: reverse and forward mode through a function that computes an inactive long double value (a harmonic sum over the loop index, in x86_fp80) next to its active double work: the long double arithmetic carries no derivative and is cloned as it is, as Enzyme does (it was refused while Catalase IR could not carry x86_fp80 arithmetic).
#include "../programs/include/catalase_check.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double weighted(const double *x, int n) {
  long double h = 0;
  double s = 0;
  for (int i = 0; i < n; i++) {
    h += 1.0L / (i + 1);
    s += x[i] * x[i];
  }
  return s * (double)h;
}

static double X[3] = {0.5, -1.25, 2.0};
static double along(double t) {
  double y[3] = {X[0] + t, X[1], X[2]};
  return weighted(y, 3);
}

int main(void) {
  double dx[3] = {0}, v[3] = {1, 0, 0};
  __enzyme_autodiff((void *)weighted, enzyme_dup, X, dx, enzyme_const, 3);
  CHECK("reverse: d/dx0", dx[0], ck_fd1(along, 0.0));
  CHECK("forward: d/dx0", __enzyme_fwddiff((void *)weighted, enzyme_dup, X, v, enzyme_const, 3), ck_fd1(along, 0.0));
  return ck_done();
}
