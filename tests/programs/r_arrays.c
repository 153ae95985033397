// TEST: reverse mode through memory: arrays passed with enzyme_dup (gradients accumulated into their shadows), an in-place update, a matrix-vector product into an output array, a heap temporary, a stack buffer, an explicit Euler integrator over many steps, pointers stored in a struct
#include <stdlib.h>

#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_out;
double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_void(void *, ...);

#define N 5

static double sumsq(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[i] * x[i] * (1.0 + 0.1 * i);
  return s;
}

/* Overwrites x[1] after reading it. */
static void inplace(double *x) {
  x[0] += x[1] * x[1];
  x[1] = -x[1];
}

static void matvec(const double *A, const double *x, double *y, int n) {
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int j = 0; j < n; j++) s += A[i * n + j] * x[j];
    y[i] = s;
  }
}

static double heap_temp(const double *x, int n) {
  double *t = malloc(sizeof(double) * (size_t)n);
  for (int i = 0; i < n; i++) t[i] = sin(x[i]) + x[i];
  double s = 0.0;
  for (int i = 0; i < n; i++) s += t[i] * t[(i + 1) % n];
  free(t);
  return s;
}

static double stack_buf(const double *x) {
  double buf[4];
  for (int i = 0; i < 4; i++) buf[i] = x[i] * x[(i + 1) % 4];
  double s = 0.0;
  for (int i = 3; i >= 0; i--) s = s * 0.5 + exp(-buf[i]);
  return s;
}

/* u' = (u1, -u0 - 0.1 u1 + 0.05 u0^3): explicit Euler, overwriting the state each step. */
static void euler(double *u, int steps) {
  const double h = 0.01;
  for (int s = 0; s < steps; s++) {
    double du[2];
    du[0] = u[1];
    du[1] = -u[0] - 0.1 * u[1] + 0.05 * u[0] * u[0] * u[0];
    for (int k = 0; k < 2; k++) u[k] += h * du[k];
  }
}

typedef struct {
  const double *a;
  double *out;
  int n;
} Work;

static void scale_into(Work *w) {
  for (int i = 0; i < w->n; i++) w->out[i] = w->a[i] * w->a[(i + 2) % w->n] + cos(w->a[i]);
}

static const double W[N] = {0.7, -1.3, 0.4, 2.1, -0.6};
static double A0[N * N];

static double F_sumsq(double *x) { return sumsq(x, N); }
static double F_inplace(double *x) {
  double y[2] = {x[0], x[1]};
  inplace(y);
  return ck_dot(W, y, 2);
}
static double F_matvec_x(double *x) {
  double y[N];
  matvec(A0, x, y, N);
  return ck_dot(W, y, N);
}
static double F_heap(double *x) { return heap_temp(x, N); }
static double F_stack(double *x) { return stack_buf(x); }
static double F_euler(double *x) {
  double u[2] = {x[0], x[1]};
  euler(u, 300);
  return ck_dot(W, u, 2);
}
static double F_struct(double *x) {
  double out[N];
  Work w = {x, out, N};
  scale_into(&w);
  return ck_dot(W, out, N);
}

int main(void) {
  double x[N] = {0.3, -1.1, 0.8, 1.7, -0.4};
  double dx[N] = {0};
  __enzyme_autodiff((void *)sumsq, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("sumsq", dx, F_sumsq, x, N);

  double y[2] = {x[0], x[1]}, dy[2] = {W[0], W[1]};
  __enzyme_autodiff_void((void *)inplace, enzyme_dup, y, dy);
  ck_gradient("inplace", dy, F_inplace, x, 2);
  CHECK_PRIMAL("inplace: primal x[1]", y[1], -x[1]);

  for (int i = 0; i < N * N; i++) A0[i] = 0.1 * (i % 7) - 0.25 * (i % 3);
  double dA[N * N] = {0}, out[N], dout[N];
  memset(dx, 0, sizeof dx);
  memcpy(dout, W, sizeof dout);
  __enzyme_autodiff_void((void *)matvec, enzyme_dup, A0, dA, enzyme_dup, x, dx, enzyme_dup, out, dout, enzyme_const, N);
  ck_gradient("matvec", dx, F_matvec_x, x, N);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) CHECK("matvec: d/dA[i][j] = w[i] x[j]", dA[i * N + j], W[i] * x[j]);

  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)heap_temp, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("heap temporary", dx, F_heap, x, N);

  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)stack_buf, enzyme_dup, x, dx);
  ck_gradient("stack buffer", dx, F_stack, x, 4);

  double u[2] = {x[0], x[1]}, du[2] = {W[0], W[1]};
  __enzyme_autodiff_void((void *)euler, enzyme_dup, u, du, enzyme_const, 300);
  ck_gradient("euler, 300 steps", du, F_euler, x, 2);

  double o[N], dox[N] = {0}, dout2[N];
  memcpy(dout2, W, sizeof dout2);
  Work w = {x, o, N}, dw = {dox, dout2, N};
  __enzyme_autodiff_void((void *)scale_into, enzyme_dup, &w, &dw);
  ck_gradient("pointers in a struct", dox, F_struct, x, N);
  return ck_done();
}
