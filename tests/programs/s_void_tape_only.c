// TEST: split mode of void functions: __enzyme_augmentfwd returns the tape pointer itself, outputs written through enzyme_dup pointers and seeded by the caller between the calls (the reverse call takes no differential return), enzyme_out scalars' gradients returned by the reverse call
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

void *__enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

#define N 3

/* y = A(theta) x: a rotation-scaling of x by angle theta. */
static void rotate(const double *x, double *y, double theta) {
  double c = cos(theta), s = sin(theta);
  y[0] = c * x[0] - s * x[1];
  y[1] = s * x[0] + c * x[1];
  y[2] = exp(0.1 * theta) * x[2] + x[0] * x[1];
}

static const double X0[N] = {0.8, -0.4, 1.5};
static const double W[N] = {0.3, -1.2, 0.7};
static double TH = 0.6;
static double F_x(double *x) { double y[N]; rotate(x, y, TH); return ck_dot(W, y, N); }
static double F_t(double t) { double y[N]; rotate(X0, y, t); return ck_dot(W, y, N); }

int main(void) {
  double x[N], dx[N] = {0}, y[N], dy[N] = {0};
  memcpy(x, X0, sizeof x);
  void *tape = __enzyme_augmentfwd((void *)rotate, enzyme_dup, x, dx, enzyme_dup, y, dy, TH);
  double yr[N];
  rotate(X0, yr, TH);
  for (int i = 0; i < N; i++) CHECK_PRIMAL("rotate: primal output", y[i], yr[i]);
  memcpy(dy, W, sizeof dy); /* seed: the weights of the objective <W, y> */
  double dth = __enzyme_reverse((void *)rotate, enzyme_dup, x, dx, enzyme_dup, y, dy, TH, tape);
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  ck_gradient("<W, rotate(x)>", dx, F_x, xr, N);
  CHECK("<W, rotate(x)>: d/dtheta", dth, ck_fd1(F_t, TH));
  for (int i = 0; i < N; i++) CHECK_PRIMAL("output seed consumed", dy[i], 0.0);
  return ck_done();
}
