// TEST: reverse mode on a small two-layer perceptron (tanh hidden layer, softplus output, squared loss over a batch held in arrays): gradients in all weights and biases in one sweep, checked against finite differences, and the dot-product test against forward mode along a random direction
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define IN 3
#define HID 4
#define BATCH 5
#define NPAR (HID * IN + HID + HID + 1)

static double loss(const double *theta, const double *xs, const double *ys, int batch) {
  const double *W1 = theta, *b1 = theta + HID * IN, *w2 = b1 + HID, *b2 = w2 + HID;
  double total = 0.0;
  for (int n = 0; n < batch; n++) {
    double h[HID];
    for (int j = 0; j < HID; j++) {
      double a = b1[j];
      for (int k = 0; k < IN; k++) a += W1[j * IN + k] * xs[n * IN + k];
      h[j] = tanh(a);
    }
    double o = b2[0];
    for (int j = 0; j < HID; j++) o += w2[j] * h[j];
    double pred = log1p(exp(o));
    total += (pred - ys[n]) * (pred - ys[n]);
  }
  return total / batch;
}

static double XS[BATCH * IN], YS[BATCH];
static double F(double *th) { return loss(th, XS, YS, BATCH); }

int main(void) {
  double th[NPAR], dth[NPAR] = {0}, v[NPAR];
  for (int i = 0; i < NPAR; i++) th[i] = 0.4 * sin(1.9 * i + 0.3), v[i] = cos(0.7 * i);
  for (int i = 0; i < BATCH * IN; i++) XS[i] = 0.5 * cos(1.1 * i);
  for (int n = 0; n < BATCH; n++) YS[n] = 0.2 + 0.3 * n;
  __enzyme_autodiff((void *)loss, enzyme_dup, th, dth, enzyme_const, XS, enzyme_const, YS, enzyme_const, BATCH);
  ck_gradient("MLP loss: d/dtheta", dth, F, th, NPAR);
  double one = 1.0;
  double jv = __enzyme_fwddiff((void *)loss, enzyme_dup, th, v, enzyme_const, XS, enzyme_const, YS, enzyme_const, BATCH);
  ck_dot_test("MLP loss", &one, &jv, 1, dth, v, NPAR);
  return ck_done();
}
