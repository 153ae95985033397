// TEST: split mode as a small framework uses it: each layer's forward function (non-inlined) calls __enzyme_augmentfwd and keeps the tape in the layer's struct, and a separate backward function calls __enzyme_reverse with it later; dense layers (weights and inputs active), an in-place tanh activation on a heap buffer, and a loss returning double whose differential return is passed in the reverse call; the layers run forward in order and backward in reverse order, the dense layer twice with different sizes (two tapes of one function alive together); gradients of the whole network against finite differences and the dot-product test against forward mode of the composed function
#include <stdlib.h>
#include <string.h>

#include "include/ck_array.h"
#include "include/ck_split.h"

void *__enzyme_augmentfwd(void *, ...);
ck_aug __enzyme_augmentfwd_d(void *, ...) __asm__("__enzyme_augmentfwd");
void __enzyme_reverse(void *, ...);
double __enzyme_fwddiff(void *, ...);

static void dense(const double *w, const double *x, double *y, int nin, int nout) {
  for (int o = 0; o < nout; o++) {
    double s = w[o * (nin + 1) + nin]; /* bias */
    for (int i = 0; i < nin; i++) s += w[o * (nin + 1) + i] * x[i];
    y[o] = s;
  }
}
static void act(double *y, int n) {
  for (int i = 0; i < n; i++) y[i] = tanh(y[i]);
}
static double loss(const double *y, int n) {
  double m = y[0];
  for (int i = 1; i < n; i++) m = fmax(m, y[i]);
  double s = 0.0;
  for (int i = 0; i < n; i++) s += exp(y[i] - m);
  return log(s) + m - y[0];
}

typedef struct {
  int nin, nout;
  double *w, *dw;
  double *x, *dx; /* input and its shadow: the previous layer's output */
  double *y, *dy;
  void *tape, *tape_act;
} layer;

__attribute__((noinline)) static void layer_forward(layer *L) {
  L->tape = __enzyme_augmentfwd((void *)dense, enzyme_dup, L->w, L->dw, enzyme_dup, L->x, L->dx, enzyme_dup, L->y,
                                L->dy, enzyme_const, L->nin, enzyme_const, L->nout);
  L->tape_act = __enzyme_augmentfwd((void *)act, enzyme_dup, L->y, L->dy, enzyme_const, L->nout);
}
__attribute__((noinline)) static void layer_backward(layer *L) {
  __enzyme_reverse((void *)act, enzyme_dup, L->y, L->dy, enzyme_const, L->nout, L->tape_act);
  __enzyme_reverse((void *)dense, enzyme_dup, L->w, L->dw, enzyme_dup, L->x, L->dx, enzyme_dup, L->y, L->dy,
                   enzyme_const, L->nin, enzyme_const, L->nout, L->tape);
}

#define N0 4
#define N1 5
#define N2 3
#define NW1 (N1 * (N0 + 1))
#define NW2 (N2 * (N1 + 1))
#define NP (N0 + NW1 + NW2)

/* The whole network on one parameter vector p = [x0 | w1 | w2], for the references. */
static double net(double *p) {
  double h1[N1], h2[N2];
  dense(p + N0, p, h1, N0, N1);
  act(h1, N1);
  dense(p + N0 + NW1, h1, h2, N1, N2);
  act(h2, N2);
  return loss(h2, N2);
}

int main(void) {
  double p[NP], dp[NP] = {0};
  for (int i = 0; i < NP; i++) p[i] = 0.9 * sin(1.3 * i + 0.2) + 0.1 * (i % 3);
  double *h1 = calloc(N1, sizeof(double)), *dh1 = calloc(N1, sizeof(double));
  double *h2 = calloc(N2, sizeof(double)), *dh2 = calloc(N2, sizeof(double));
  layer L1 = {N0, N1, p + N0, dp + N0, p, dp, h1, dh1, 0, 0};
  layer L2 = {N1, N2, p + N0 + NW1, dp + N0 + NW1, h1, dh1, h2, dh2, 0, 0};
  layer_forward(&L1);
  layer_forward(&L2);
  ck_aug la = __enzyme_augmentfwd_d((void *)loss, enzyme_dup, h2, dh2, enzyme_const, N2);
  CHECK_PRIMAL("network primal through the tapes", la.primal, net(p));
  __enzyme_reverse((void *)loss, enzyme_dup, h2, dh2, enzyme_const, N2, 1.0, la.tape);
  layer_backward(&L2);
  layer_backward(&L1);
  ck_gradient("layered split gradient", dp, net, p, NP);
  double v[NP], one = 1.0;
  for (int i = 0; i < NP; i++) v[i] = cos(0.7 * i);
  double jv = __enzyme_fwddiff((void *)net, enzyme_dup, p, v);
  ck_dot_test("layered split gradient", &one, &jv, 1, dp, v, NP);
  free(h1);
  free(dh1);
  free(h2);
  free(dh2);
  return ck_done();
}
