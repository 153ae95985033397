// TEST: a small neural network trained the way frameworks do it: each dense+tanh layer's forward pass is an __enzyme_augmentfwd call whose tape is kept, the loss's gradient is pushed back layer by layer with __enzyme_reverse (weights' gradients accumulated into their shadows, activations' adjoints passed between layers), checked against finite differences of the whole network's loss for every weight
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
ck_aug __enzyme_augmentfwd_loss(void *, ...);
void __enzyme_reverse_loss(void *, ...);

#define I 3
#define H 4
#define O 2

/* out[j] = tanh(b[j] + sum_i W[j*n+i] in[i]) */
static void dense(const double *w, const double *in, double *out, int n, int m) {
  for (int j = 0; j < m; j++) {
    double z = w[m * n + j];
    for (int i = 0; i < n; i++) z += w[j * n + i] * in[i];
    out[j] = tanh(z);
  }
}

static double loss(const double *y, const double *target) {
  double s = 0.0;
  for (int k = 0; k < O; k++) s += (y[k] - target[k]) * (y[k] - target[k]);
  return s;
}

#define N1 (H * I + H)
#define N2 (O * H + O)
static const double X[I] = {0.5, -1.0, 0.25};
static const double T[O] = {0.3, -0.2};

static double net(double *w) {
  double h[H], y[O];
  dense(w, X, h, I, H);
  dense(w + N1, h, y, H, O);
  return loss(y, T);
}

int main(void) {
  double w[N1 + N2], dw[N1 + N2] = {0};
  for (int i = 0; i < N1 + N2; i++) w[i] = 0.4 * sin(1.3 * i + 0.2);
  double x[I], dx[I] = {0}, h[H], dh[H] = {0}, y[O], dy[O] = {0}, t[O], dt[O] = {0};
  memcpy(x, X, sizeof x);
  memcpy(t, T, sizeof t);
  void *t1 = __enzyme_augmentfwd((void *)dense, enzyme_dup, w, dw, enzyme_dup, x, dx, enzyme_dup, h, dh, enzyme_const, I, enzyme_const, H);
  void *t2 = __enzyme_augmentfwd((void *)dense, enzyme_dup, w + N1, dw + N1, enzyme_dup, h, dh, enzyme_dup, y, dy, enzyme_const, H, enzyme_const, O);
  ck_aug l = __enzyme_augmentfwd_loss((void *)loss, enzyme_dup, y, dy, enzyme_const, t);
  double wr[N1 + N2];
  memcpy(wr, w, sizeof wr);
  CHECK_PRIMAL("network loss: primal", l.primal, net(wr));
  __enzyme_reverse_loss((void *)loss, enzyme_dup, y, dy, enzyme_const, t, 1.0, l.tape);
  __enzyme_reverse((void *)dense, enzyme_dup, w + N1, dw + N1, enzyme_dup, h, dh, enzyme_dup, y, dy, enzyme_const, H, enzyme_const, O, t2);
  __enzyme_reverse((void *)dense, enzyme_dup, w, dw, enzyme_dup, x, dx, enzyme_dup, h, dh, enzyme_const, I, enzyme_const, H, t1);
  ck_gradient("network loss: d/dweights", dw, net, wr, N1 + N2);
  return ck_done();
}
