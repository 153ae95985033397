// TEST: reverse and forward mode through a small classifier as ML users write it for Enzyme: a frozen first layer passed enzyme_const (its weight matrix in a struct with the bias), a trainable second layer and the inputs passed enzyme_dup, ReLU-then-tanh hidden units, a numerically stable softmax (max subtraction, exp, log of the sum) and cross-entropy against int labels over a mini-batch, plus L2 regularisation; gradients with respect to the trainable weights and the input batch against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NB 3
#define NIN 4
#define NH 5
#define NO 3

typedef struct {
  double W[NH][NIN];
  double b[NH];
} layer1;

static void hidden(const layer1 *L, const double *x, double *h) {
  for (int j = 0; j < NH; j++) {
    double s = L->b[j];
    for (int i = 0; i < NIN; i++) s += L->W[j][i] * x[i];
    s = s > 0.0 ? s : 0.01 * s; /* leaky ReLU */
    h[j] = tanh(s);
  }
}

static double xent(const double *logits, int label) {
  double m = logits[0];
  for (int k = 1; k < NO; k++)
    if (logits[k] > m) m = logits[k];
  double z = 0.0;
  for (int k = 0; k < NO; k++) z += exp(logits[k] - m);
  return -(logits[label] - m - log(z));
}

static double loss(const layer1 *L1, const double *W2, const double *X, const int *labels, double lambda) {
  double total = 0.0;
  for (int b = 0; b < NB; b++) {
    double h[NH], o[NO];
    hidden(L1, X + b * NIN, h);
    for (int k = 0; k < NO; k++) {
      double s = W2[k * (NH + 1) + NH];
      for (int j = 0; j < NH; j++) s += W2[k * (NH + 1) + j] * h[j];
      o[k] = s;
    }
    total += xent(o, labels[b]);
  }
  double reg = 0.0;
  for (int i = 0; i < NO * (NH + 1); i++) reg += W2[i] * W2[i];
  return total / NB + lambda * reg;
}

static layer1 gL;
static double gW2[NO * (NH + 1)], gX[NB * NIN];
static const int glab[NB] = {2, 0, 1};
static double FW(double *W2) { return loss(&gL, W2, gX, glab, 1e-2); }
static double FX(double *X) { return loss(&gL, gW2, X, glab, 1e-2); }

int main(void) {
  layer1 L;
  for (int j = 0; j < NH; j++) {
    for (int i = 0; i < NIN; i++) L.W[j][i] = 0.5 * sin(1.3 * j + 0.7 * i + 0.2);
    L.b[j] = 0.1 * j - 0.15;
  }
  double W2[NO * (NH + 1)], X[NB * NIN];
  for (int i = 0; i < NO * (NH + 1); i++) W2[i] = 0.4 * cos(0.9 * i + 0.1);
  for (int i = 0; i < NB * NIN; i++) X[i] = 0.8 * sin(2.1 * i + 0.5);
  gL = L;
  memcpy(gW2, W2, sizeof W2);
  memcpy(gX, X, sizeof X);
  double dW2[NO * (NH + 1)] = {0}, dX[NB * NIN] = {0};
  __enzyme_autodiff((void *)loss, enzyme_const, &L, enzyme_dup, W2, dW2, enzyme_dup, X, dX, enzyme_const, glab,
                    enzyme_const, 1e-2);
  ck_gradient("nn xent: d/dW2", dW2, FW, W2, NO * (NH + 1));
  ck_gradient("nn xent: d/dX", dX, FX, X, NB * NIN);
  double vW[NO * (NH + 1)], vX[NB * NIN];
  for (int i = 0; i < NO * (NH + 1); i++) vW[i] = 0.1 * ((i * 5) % 9) - 0.4;
  for (int i = 0; i < NB * NIN; i++) vX[i] = 0.2 * ((i * 3) % 4) - 0.3;
  double jv = __enzyme_fwddiff((void *)loss, enzyme_const, &L, enzyme_dup, W2, vW, enzyme_dup, X, vX, enzyme_const,
                               glab, enzyme_const, 1e-2);
  CHECK("nn xent: dot test", ck_dot(dW2, vW, NO * (NH + 1)) + ck_dot(dX, vX, NB * NIN), jv);
  return ck_done();
}
