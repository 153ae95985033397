// TEST: batched derivatives through a mutable global: each lane has its own shadow of the global (forward __enzyme_fwddiff at width 2 and 3 stores each lane's tangent, batched __enzyme_autodiff at width 2 accumulates each lane's adjoint); a shared shadow would mix the lanes. Also a constant lookup table read at width 4. Against finite differences
#include <math.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_dupnoneed, enzyme_const, enzyme_out, enzyme_width;
typedef struct { double d[2]; } lanes2;
typedef struct { double d[3]; } lanes3;
lanes2 __enzyme_fwddiff2(void *, ...) __asm__("__enzyme_fwddiff");
lanes3 __enzyme_fwddiff3(void *, ...) __asm__("__enzyme_fwddiff");
void __enzyme_autodiff(void *, ...);

static double acc;
static double state[3];
static const double TABLE[4] = {0.5, -1.25, 2.0, 0.75};

__attribute__((noinline)) static void stash(double a, double b) {
  acc = a * b + sin(a);
  state[0] = acc * b;
  state[1] = cos(acc);
  state[2] = a - b;
}
static double scalar(double a, double b) {
  stash(a, b);
  return acc * state[0] + state[1] * state[2];
}
static double S_a(double a) { return scalar(a, -0.6); }
static double S_b(double b) { return scalar(1.1, b); }

static void vec(const double *x, double *y, int n) {
  stash(x[0], x[1]);
  for (int i = 0; i < n; i++) y[i] = state[i % 3] * x[i] + TABLE[i % 4] * x[(i + 1) % n] * acc;
}
#define N 4
static const double X0[N] = {0.7, -0.4, 1.3, 0.2};
static const double W[2][N] = {{1, 0, -0.5, 2}, {0, 1.5, 0.25, 0}};
static int lane;
static double objective(double *x) {
  double y[N];
  vec(x, y, N);
  return ck_dot(W[lane], y, N);
}

int main(void) {
  lanes2 t2 = __enzyme_fwddiff2((void *)scalar, enzyme_width, 2, 1.1, 1.0, 0.0, -0.6, 0.0, 1.0);
  CHECK("forward width 2 lane 0: d/da", t2.d[0], ck_fd1(S_a, 1.1));
  CHECK("forward width 2 lane 1: d/db", t2.d[1], ck_fd1(S_b, -0.6));
  lanes3 t3 = __enzyme_fwddiff3((void *)scalar, enzyme_width, 3, 1.1, 1.0, 0.0, 2.0, -0.6, 0.0, 1.0, -1.0);
  CHECK("forward width 3 lane 0: d/da", t3.d[0], ck_fd1(S_a, 1.1));
  CHECK("forward width 3 lane 1: d/db", t3.d[1], ck_fd1(S_b, -0.6));
  CHECK("forward width 3 lane 2: 2 d/da - d/db", t3.d[2], 2.0 * ck_fd1(S_a, 1.1) - ck_fd1(S_b, -0.6));

  double x[N], y[N], dx[2][N] = {{0}}, dy[2][N];
  memcpy(x, X0, sizeof x);
  memcpy(dy, W, sizeof dy);
  __enzyme_autodiff((void *)vec, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_dupnoneed, y, dy[0], dy[1],
                    enzyme_const, N);
  char label[64];
  for (lane = 0; lane < 2; lane++) {
    double x0[N];
    memcpy(x0, X0, sizeof x0);
    snprintf(label, sizeof label, "reverse width 2 lane %d", lane);
    ck_gradient(label, dx[lane], objective, x0, N);
  }
  return ck_done();
}
