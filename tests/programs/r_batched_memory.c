// TEST: batched reverse mode (enzyme_width 2 and 3) through memory: pointers stored in a struct and loaded back (shadow pointers mirrored per lane), heap blocks, realloc growth, a recursive helper, an in-place update and a loop of run-time length; each lane's gradient of <w_l, out> against finite differences
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_dupnoneed, enzyme_const, enzyme_out, enzyme_width;
void __enzyme_autodiff(void *, ...);

#define N 5

struct view { double *data; int n; };

__attribute__((noinline)) static double horner(const double *c, int k, double t) {
  return k == 0 ? c[0] : c[k] + t * horner(c, k - 1, t);
}

static void kernel(const double *x, double *out, int n) {
  struct view v;
  v.data = malloc(2 * sizeof(double));
  v.n = 2;
  for (int i = 0; i < n; i++) {
    if (i >= v.n) {
      v.n *= 2;
      v.data = realloc(v.data, v.n * sizeof(double));
    }
    v.data[i] = x[i] * x[i] + sin(x[(i + 1) % n]);
  }
  struct view *pv = &v;
  double *d = pv->data;
  for (int i = 1; i < n; i++) d[i] += 0.5 * d[i - 1] * x[i];
  for (int i = 0; i < n; i++) out[i] = horner(d, i, x[i]) + exp(-d[(i + 2) % n]);
  free(v.data);
}

static const double X0[N] = {0.3, -0.6, 0.8, 0.45, -0.2};
static const double W[3][N] = {{1, 0.5, -0.25, 2, 0}, {0, 0, 1, 0, 0}, {-1, 0.3, 0.7, 0.1, 1.2}};
static int lane;
static double objective(double *x) {
  double out[N];
  kernel(x, out, N);
  return ck_dot(W[lane], out, N);
}

int main(void) {
  char label[96];
  {
    double x[N], out[N], dx[2][N] = {{0}}, dout[2][N];
    memcpy(x, X0, sizeof x);
    memcpy(dout, W, sizeof dout);
    __enzyme_autodiff((void *)kernel, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1],
                      enzyme_dup, out, dout[0], dout[1], enzyme_const, N);
    for (lane = 0; lane < 2; lane++) {
      snprintf(label, sizeof label, "width 2 lane %d", lane);
      double x0[N];
      memcpy(x0, X0, sizeof x0);
      ck_gradient(label, dx[lane], objective, x0, N);
      for (int i = 0; i < N; i++) CHECK("output seeds consumed", dout[lane][i], 0.0);
    }
  }
  {
    double x[N], out[N], dx[3][N] = {{0}}, dout[3][N];
    memcpy(x, X0, sizeof x);
    memcpy(dout, W, sizeof dout);
    __enzyme_autodiff((void *)kernel, enzyme_width, 3, enzyme_dup, x, dx[0], dx[1], dx[2],
                      enzyme_dupnoneed, out, dout[0], dout[1], dout[2], enzyme_const, N);
    for (lane = 0; lane < 3; lane++) {
      snprintf(label, sizeof label, "width 3 lane %d", lane);
      double x0[N];
      memcpy(x0, X0, sizeof x0);
      ck_gradient(label, dx[lane], objective, x0, N);
    }
  }
  return ck_done();
}
