// TEST: reverse mode reading a std::vector passed enzyme_const through its data() pointer at -O0: the call's pointer result gets a stand-in shadow (the primal) that the activity analysis does not mark mixed, so the loads' adjoints are added into the constant vector itself (the gradient is right, the caller's input changes). At -O1 and above data() is inlined and the case passes.
#include "../programs/include/catalase_check.h"
#include <vector>

extern "C" double __enzyme_autodiff(void *, ...);

static double weighted(double *w, const std::vector<double> *x) {
  const double *p = x->data();
  double s = 0.0;
  for (int i = 0; i < 3; i++) s += p[i] * w[i] * p[i];
  return s;
}

int main() {
  const double x0[3] = {0.5, -0.3, 0.8};
  std::vector<double> x(x0, x0 + 3);
  double w[3] = {1.5, 2.0, -1.0}, dw[3] = {0};
  __enzyme_autodiff((void *)weighted, enzyme_dup, w, dw, enzyme_const, &x);
  for (int i = 0; i < 3; i++) CHECK("d/dw[i] = x[i]^2", dw[i], x0[i] * x0[i]);
  for (int i = 0; i < 3; i++) CHECK_PRIMAL("constant input unchanged", x[i], x0[i]);
  return ck_done();
}
