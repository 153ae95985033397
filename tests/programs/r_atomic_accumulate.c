// TEST: reverse mode through atomic updates of active memory, as OpenMP reductions emit them (atomicrmw fadd/fsub from __atomic_fetch_add/__atomic_fetch_sub on doubles): a weighted sum accumulated atomically into two bins, an atomic subtraction whose old value is used, and the bins read back afterwards; gradients in the samples, the weights and the bins' seeds
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);

#define N 7

static double reduce(const double *x, const double *w, double *acc, int n) {
  for (int i = 0; i < n; i++) __atomic_fetch_add(&acc[i % 2], w[i] * x[i] * x[i], __ATOMIC_RELAXED);
  double old = __atomic_fetch_sub(&acc[2], sin(x[0]) * acc[1], __ATOMIC_SEQ_CST);
  acc[1] *= old;
  return acc[0] * acc[2] + old;
}

static double X0[N], W0[N], ACC0[3] = {0.5, -0.25, 1.5};
static const double SEED[3] = {0.3, -0.7, 1.1};
/* The result plus <seed, acc after the call>, as a function of x, of w, of acc before. */
static double J(const double *x, const double *w, const double *acc0) {
  double acc[3] = {acc0[0], acc0[1], acc0[2]};
  double r = reduce(x, w, acc, N);
  return r + SEED[0] * acc[0] + SEED[1] * acc[1] + SEED[2] * acc[2];
}
static double F_x(double *x) { return J(x, W0, ACC0); }
static double F_w(double *w) { return J(X0, w, ACC0); }
static double F_acc(double *acc) { return J(X0, W0, acc); }

int main(void) {
  for (int i = 0; i < N; i++) {
    X0[i] = 0.8 * sin(0.9 * i + 0.2) + 0.1;
    W0[i] = 0.5 + 0.1 * i;
  }
  double dx[N] = {0}, dw[N] = {0}, acc[3], dacc[3];
  memcpy(acc, ACC0, sizeof acc);
  memcpy(dacc, SEED, sizeof dacc);
  __enzyme_autodiff((void *)reduce, enzyme_dup, X0, dx, enzyme_dup, W0, dw, enzyme_dup, acc, dacc, enzyme_const, N);
  ck_gradient("atomic accumulation: d/dx", dx, F_x, X0, N);
  ck_gradient("atomic accumulation: d/dw", dw, F_w, W0, N);
  ck_gradient("atomic accumulation: d/d(acc before)", dacc, F_acc, ACC0, 3);
  return ck_done();
}
