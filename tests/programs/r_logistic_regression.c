// TEST: reverse mode on a regularised logistic-regression negative log-likelihood (log1p(exp(-z)) written stably with a branch on the sign of z), weights enzyme_dup and the regularisation weight enzyme_out, with the gradient identity X^T (sigma(z) - y)
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define D 3
#define M 7

static double nll(const double *w, const double *X, const int *y, int m, double lambda) {
  double s = 0.0;
  for (int i = 0; i < m; i++) {
    double z = 0.0;
    for (int k = 0; k < D; k++) z += w[k] * X[i * D + k];
    if (!y[i]) z = -z;
    s += z > 0.0 ? log1p(exp(-z)) : -z + log1p(exp(z));
  }
  double r = 0.0;
  for (int k = 0; k < D; k++) r += w[k] * w[k];
  return s + 0.5 * lambda * r;
}

static double X[M * D];
static int Y[M] = {1, 0, 1, 1, 0, 0, 1};
static double LAMBDA = 0.1;
static double F(double *w) { return nll(w, X, Y, M, LAMBDA); }

int main(void) {
  for (int i = 0; i < M * D; i++) X[i] = 1.5 * sin(0.9 * i + 0.4);
  double w[D] = {0.8, -1.2, 0.5}, dw[D] = {0};
  double dl = __enzyme_autodiff((void *)nll, enzyme_dup, w, dw, enzyme_const, X, enzyme_const, Y, enzyme_const, M, LAMBDA);
  ck_gradient("logistic regression: d/dw", dw, F, w, D);
  CHECK("logistic regression: d/dlambda = |w|^2/2", dl, 0.5 * ck_dot(w, w, D));
  for (int k = 0; k < D; k++) {
    double ref = LAMBDA * w[k];
    for (int i = 0; i < M; i++) {
      double z = ck_dot(w, X + i * D, D);
      ref += (1.0 / (1.0 + exp(-z)) - Y[i]) * X[i * D + k];
    }
    CHECK("logistic regression: X^T (sigma(z) - y) + lambda w", dw[k], ref);
  }
  return ck_done();
}
