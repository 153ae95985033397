// TEST: reverse and split mode through an LSTM sequence objective written the way benchmark C code writes it (ADBench-style): weights and biases in one flat array, hidden and cell state in heap buffers updated in place each time step, a gate buffer reused per step, sigmoid and tanh through exp, a log-softmax prediction error over the sequence, the sequence data enzyme_const; gradients against finite differences, the dot-product test against forward mode, and a split-mode gradient
#include <stdlib.h>
#include <string.h>

#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

#define B 3 /* features = hidden size */
#define L 2 /* layers */
#define C 4 /* sequence length */
/* per layer: 4 gates x (B weights + B biases) = 8B for the cell, then in/out weights */
#define WL (8 * B)
#define NW (L * WL + 3 * B)

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

/* One LSTM cell: gates from (input, hidden); hidden and cell updated in place. */
static void cell(const double *w, const double *in, double *hidden, double *state, double *gates) {
  for (int i = 0; i < B; i++) {
    gates[i] = sigmoid(in[i] * w[i] + w[B + i]);                      /* forget */
    gates[B + i] = sigmoid(hidden[i] * w[2 * B + i] + w[3 * B + i]);  /* input */
    gates[2 * B + i] = sigmoid(in[i] * w[4 * B + i] + w[5 * B + i]);  /* output */
    gates[3 * B + i] = tanh(hidden[i] * w[6 * B + i] + w[7 * B + i]); /* change */
  }
  for (int i = 0; i < B; i++) {
    state[i] = state[i] * gates[i] + gates[B + i] * gates[3 * B + i];
    hidden[i] = gates[2 * B + i] * tanh(state[i]);
  }
}

static double objective(const double *w, const double *seq) {
  double *hidden = calloc(L * B, sizeof(double));
  double *state = calloc(L * B, sizeof(double));
  double *gates = malloc(4 * B * sizeof(double));
  double *pred = malloc(B * sizeof(double));
  const double *win = w + L * WL, *wout = win + B, *bout = wout + B;
  double total = 0.0;
  for (int t = 0; t < C - 1; t++) {
    double in[B];
    for (int i = 0; i < B; i++) in[i] = seq[t * B + i] * win[i];
    const double *x = in;
    for (int l = 0; l < L; l++) {
      cell(w + l * WL, x, hidden + l * B, state + l * B, gates);
      x = hidden + l * B;
    }
    double mx = -1e300, sum = 0.0;
    for (int i = 0; i < B; i++) {
      pred[i] = x[i] * wout[i] + bout[i];
      mx = fmax(mx, pred[i]);
    }
    for (int i = 0; i < B; i++) sum += exp(pred[i] - mx);
    double lse = log(sum) + mx;
    for (int i = 0; i < B; i++) total -= seq[(t + 1) * B + i] * (pred[i] - lse);
  }
  free(hidden);
  free(state);
  free(gates);
  free(pred);
  return total / (C - 1);
}

static double SEQ[C * B];
static double F(double *w) { return objective(w, SEQ); }

int main(void) {
  double w[NW], dw[NW] = {0}, ds[NW] = {0}, v[NW], one = 1.0;
  for (int i = 0; i < NW; i++) {
    w[i] = 0.6 * sin(0.9 * i + 0.4);
    v[i] = cos(1.7 * i);
  }
  for (int i = 0; i < C * B; i++) SEQ[i] = 0.5 + 0.4 * sin(2.3 * i);
  __enzyme_autodiff((void *)objective, enzyme_dup, w, dw, enzyme_const, SEQ);
  ck_gradient("LSTM objective", dw, F, w, NW);
  double jv = __enzyme_fwddiff((void *)objective, enzyme_dup, w, v, enzyme_const, SEQ);
  ck_dot_test("LSTM objective", &one, &jv, 1, dw, v, NW);
  ck_aug a = __enzyme_augmentfwd((void *)objective, enzyme_dup, w, ds, enzyme_const, SEQ);
  CHECK_PRIMAL("LSTM split: primal", a.primal, F(w));
  __enzyme_reverse((void *)objective, enzyme_dup, w, ds, enzyme_const, SEQ, 1.0, a.tape);
  ck_gradient("LSTM split", ds, F, w, NW);
  return ck_done();
}
