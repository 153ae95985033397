// TEST: enzyme_interleave as MFEM's C++ calls it: a quadrature function object passed enzyme_const, one enzyme_dup for every argument after it, the arguments' addresses expanded from a parameter pack, enzyme_interleave, the shadows' addresses in the same order, then enzyme_runtime_activity; the entry point declared as a variadic template; tangents against finite differences
#include "include/catalase_check.h"

extern "C" int enzyme_interleave, enzyme_runtime_activity;
template <typename R, typename... A> R __enzyme_fwddiff(void *, A...);

/* A small hyperelastic-like quadrature function: stress from a 2x2 gradient and a scalar. */
struct QFunction {
  double mu;
  void operator()(const double &lam, const double (&grad)[4], double (&stress)[4]) const {
    double tr = grad[0] + grad[3];
    double det = grad[0] * grad[3] - grad[1] * grad[2];
    for (int i = 0; i < 4; i++) stress[i] = mu * grad[i] * grad[i] + lam * tr * (i == 0 || i == 3) + std::log(1.0 + det * det);
  }
};

template <typename qf_t, typename... Args> __attribute__((noinline)) static void qf_wrapper(const qf_t *qf, Args &...args) {
  (*qf)(args...);
}

/* args... then shadows..., as MFEM's fwddiff_apply_enzyme builds the call. */
template <typename qf_t, typename... Args> static void fwddiff(const qf_t &qf, Args &...args, Args &...shadows) {
  __enzyme_fwddiff<void>((void *)qf_wrapper<qf_t, Args...>, enzyme_const, &qf, enzyme_dup, &args..., enzyme_interleave,
                         &shadows..., enzyme_runtime_activity);
}

static const double LAM = 0.7, G0[4] = {1.1, 0.2, -0.3, 0.9};
static int K, OUT;
static double along(double t) {
  QFunction qf{1.3};
  double lam = LAM + (K == 4 ? t : 0.0), grad[4], stress[4];
  for (int i = 0; i < 4; i++) grad[i] = G0[i] + (K == i ? t : 0.0);
  qf_wrapper(&qf, lam, grad, stress);
  return stress[OUT];
}

int main() {
  QFunction qf{1.3};
  char label[64];
  for (K = 0; K < 5; K++) {
    double lam = LAM, grad[4], stress[4];
    double dlam = K == 4 ? 1.0 : 0.0, dgrad[4], dstress[4];
    for (int i = 0; i < 4; i++) {
      grad[i] = G0[i];
      dgrad[i] = K == i ? 1.0 : 0.0;
    }
    fwddiff<QFunction, const double, const double[4], double[4]>(qf, lam, grad, stress, dlam, dgrad, dstress);
    for (OUT = 0; OUT < 4; OUT++) {
      snprintf(label, sizeof label, "d stress[%d] / d input %d", OUT, K);
      CHECK(label, dstress[OUT], ck_fd1(along, 0.0));
    }
  }
  return ck_done();
}
