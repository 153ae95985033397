// TEST: reverse mode through a growing heap buffer (malloc, realloc doubling, memmove to shift, memcpy out, memset to clear a tail, free) with an early exit from the fill loop on a data-dependent condition
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double *data;
  int len, cap;
} buf_t;

static void push(buf_t *b, double v) {
  if (b->len == b->cap) {
    b->cap = b->cap ? 2 * b->cap : 2;
    b->data = (double *)realloc(b->data, sizeof(double) * b->cap);
  }
  b->data[b->len++] = v;
}

static void process(const double *x, int n, double *out) {
  buf_t b = {0, 0, 0};
  for (int i = 0; i < n; i++) {
    if (x[i] > 5.0) break;
    push(&b, x[i] * x[i] + 0.1 * i);
    push(&b, sin(x[i]));
  }
  /* shift right by one and put a new head in front */
  push(&b, 0.0);
  memmove(b.data + 1, b.data, sizeof(double) * (b.len - 1));
  b.data[0] = x[0] * x[1];
  double tmp[32];
  memset(tmp, 0, sizeof tmp);
  memcpy(tmp, b.data, sizeof(double) * (b.len < 32 ? b.len : 32));
  memset(b.data + 2, 0, sizeof(double) * 2);
  for (int i = 0; i < 4; i++) out[i] = tmp[i] * tmp[b.len - 1 - i] + b.data[i];
  free(b.data);
}

#define N 5
static const double W[4] = {1.0, -0.5, 0.25, 2.0};
static double F(double *x) {
  double out[4];
  process(x, N, out);
  return ck_dot(W, out, 4);
}

int main() {
  double x[N] = {0.3, -1.2, 0.8, 2.1, -0.4};
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) x[3] = 7.0; /* early exit after three elements */
    double dx[N] = {0}, out[4], dout[4];
    for (int i = 0; i < 4; i++) dout[i] = W[i];
    __enzyme_autodiff((void *)process, enzyme_dup, x, dx, enzyme_const, N, enzyme_dup, out, dout);
    ck_gradient(pass ? "realloc buffer (break)" : "realloc buffer", dx, F, x, N);
    for (int i = 0; i < N; i++) {
      double v[N] = {0}, o[4], dO[4];
      v[i] = 1.0;
      __enzyme_fwddiff((void *)process, enzyme_dup, x, v, enzyme_const, N, enzyme_dup, o, dO);
      CHECK("realloc buffer forward vs reverse", ck_dot(W, dO, 4), dx[i]);
    }
  }
  return ck_done();
}
