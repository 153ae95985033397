// TEST: reverse mode through a 1-D convolution with a learnable kernel, a ReLU (select on the sign), max pooling (comparisons choose the element) and a quadratic loss: gradients in the signal and the kernel
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);

#define N 16
#define K 3

static void conv_relu_pool(const double *x, const double *w, double *loss, int n) {
  double y[N];
  for (int i = 0; i < n - K + 1; i++) {
    double s = 0.0;
    for (int j = 0; j < K; j++) s += w[j] * x[i + j];
    y[i] = s > 0.0 ? s : 0.01 * s;
  }
  double l = 0.0;
  for (int i = 0; i + 1 < n - K + 1; i += 2) {
    double m = y[i] > y[i + 1] ? y[i] : y[i + 1];
    l += (m - 0.3) * (m - 0.3);
  }
  *loss = l;
}

static double X0[N], W0[K] = {0.6, -0.4, 0.9};
static double F_x(double *x) { double l; conv_relu_pool(x, W0, &l, N); return l; }
static double F_w(double *w) { double l; conv_relu_pool(X0, w, &l, N); return l; }

int main(void) {
  for (int i = 0; i < N; i++) X0[i] = sin(0.9 * i + 0.2) + 0.1 * cos(2.3 * i);
  double dx[N] = {0}, dw[K] = {0}, loss, dloss = 1.0;
  __enzyme_autodiff((void *)conv_relu_pool, enzyme_dup, X0, dx, enzyme_dup, W0, dw, enzyme_dup, &loss, &dloss, enzyme_const, N);
  ck_gradient("conv/ReLU/max-pool loss: d/dx", dx, F_x, X0, N);
  ck_gradient("conv/ReLU/max-pool loss: d/dw", dw, F_w, W0, K);
  CHECK_PRIMAL("conv/ReLU/max-pool loss: primal", loss, F_x(X0));
  return ck_done();
}
