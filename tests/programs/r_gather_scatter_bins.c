// TEST: reverse mode through data-dependent indexing of active memory: a gather through a permutation, a scatter-add into histogram bins chosen by (int) of the data, and kernel density weights; gradients in the samples and in the bin weights
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);

#define N 9
#define BINS 5

static void binned(const double *x, const int *perm, const double *bw, double *out, int n) {
  double bins[BINS] = {0};
  for (int i = 0; i < n; i++) {
    double v = x[perm[i]];
    int b = (int)(v * 2.0 + 2.5);
    b = b < 0 ? 0 : (b >= BINS ? BINS - 1 : b);
    bins[b] += bw[b] * exp(-v * v) + v * x[i];
  }
  double s = 0.0;
  for (int b = 0; b < BINS; b++) s += bins[b] * bins[b] * (b + 1);
  *out = s;
}

static const int PERM[N] = {3, 7, 0, 8, 1, 5, 2, 6, 4};
static double X0[N], BW[BINS] = {0.5, 1.2, -0.3, 0.8, 1.5};
static double F_x(double *x) { double o; binned(x, PERM, BW, &o, N); return o; }
static double F_w(double *w) { double o; binned(X0, PERM, w, &o, N); return o; }

int main(void) {
  for (int i = 0; i < N; i++) X0[i] = 1.7 * sin(1.9 * i + 0.3) + 0.03;
  double dx[N] = {0}, dw[BINS] = {0}, out, dout = 1.0;
  __enzyme_autodiff((void *)binned, enzyme_dup, X0, dx, enzyme_const, PERM, enzyme_dup, BW, dw, enzyme_dup, &out, &dout, enzyme_const, N);
  ck_gradient("gather + scatter-add into bins: d/dx", dx, F_x, X0, N);
  ck_gradient("gather + scatter-add into bins: d/dweights", dw, F_w, BW, BINS);
  return ck_done();
}
