// TEST: second derivatives of a small network loss (dense tanh layer, dense layer, numerically stable softmax with its running max, cross-entropy against an integer label, heap activations) by three routes: forward over reverse (__enzyme_fwddiff of a function that calls __enzyme_autodiff), reverse over forward (__enzyme_autodiff of a function that calls __enzyme_fwddiff) and reverse over reverse (the gradient's dot with a direction, differentiated again); each Hessian-vector product against finite differences of the gradient, the gradient against finite differences of the loss
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define D 3
#define H 4
#define K 3
#define NP (H * D + H + K * H + K)

static const double X[D] = {0.5, -1.1, 0.8};
static const int LABEL = 1;

/* parameters: W1 (H x D), b1 (H), W2 (K x H), b2 (K) */
__attribute__((noinline)) double loss(const double *p) {
  const double *W1 = p, *b1 = p + H * D, *W2 = b1 + H, *b2 = W2 + K * H;
  double *h = malloc(sizeof(double) * H), *z = malloc(sizeof(double) * K);
  for (int i = 0; i < H; i++) {
    double s = b1[i];
    for (int j = 0; j < D; j++) s += W1[i * D + j] * X[j];
    h[i] = tanh(s);
  }
  double m = -INFINITY;
  for (int k = 0; k < K; k++) {
    double s = b2[k];
    for (int i = 0; i < H; i++) s += W2[k * H + i] * h[i];
    z[k] = s;
    if (s > m) m = s;
  }
  double se = 0.0;
  for (int k = 0; k < K; k++) se += exp(z[k] - m);
  double l = log(se) + m - z[LABEL];
  free(h);
  free(z);
  return l;
}

/* the gradient, by reverse mode */
__attribute__((noinline)) void grad(const double *p, double *g) {
  for (int i = 0; i < NP; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)loss, enzyme_dup, p, g);
}

/* the directional derivative along u, by forward mode */
__attribute__((noinline)) double dirderiv(const double *p, const double *u) {
  return __enzyme_fwddiff((void *)loss, enzyme_dup, p, u);
}

/* <grad(p), u>, by reverse mode */
__attribute__((noinline)) double grad_dot(const double *p, const double *u) {
  double g[NP];
  grad(p, g);
  return ck_dot(g, u, NP);
}

static double U[NP];
static double P0[NP];
static double G_dir(double *p) {
  double g[NP];
  grad(p, g);
  return ck_dot(g, U, NP);
}

int main(void) {
  double p[NP];
  for (int i = 0; i < NP; i++) {
    p[i] = 0.6 * sin(1.7 * i + 0.3);
    U[i] = cos(0.9 * i - 0.2);
  }
  memcpy(P0, p, sizeof p);
  double g[NP];
  grad(p, g);
  ck_gradient("gradient", g, (ck_objective)loss, p, NP);

  /* H u by forward over reverse: dg = d/dt grad(p + t u) */
  double gdummy[NP], hu1[NP];
  __enzyme_fwddiff((void *)grad, enzyme_dup, p, U, enzyme_dup, gdummy, hu1);
  /* H u by reverse over forward: d/dp <grad(p), u> with u const */
  double hu2[NP] = {0};
  __enzyme_autodiff((void *)dirderiv, enzyme_dup, p, hu2, enzyme_const, U);
  /* H u by reverse over reverse */
  double hu3[NP] = {0};
  __enzyme_autodiff((void *)grad_dot, enzyme_dup, p, hu3, enzyme_const, U);

  /* finite differences of the gradient along u give H u; row i of H u is d/dp <e_i, ...> by symmetry:
     (H u)_i = d/dp_i <grad(p), u>. */
  ck_gradient("forward over reverse: H u", hu1, G_dir, p, NP);
  ck_gradient("reverse over forward: H u", hu2, G_dir, p, NP);
  ck_gradient("reverse over reverse: H u", hu3, G_dir, p, NP);
  for (int i = 0; i < NP; i++) CHECK_PRIMAL("forward over reverse leaves the gradient", gdummy[i], g[i]);
  return ck_done();
}
