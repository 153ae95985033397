// TEST: optional (NULL) weight pointers passed const or dup, a destination pointer merging a dup output and a local array, a source merging input and a const table
#include "include/catalase_check.h"
#include <stddef.h>

double __enzyme_fwddiff_d(void *, ...);

#define N 8
static const double ZERO[N] = {0};
static double wsum(const double *x, const double *w, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (w ? w[i] : 1.0) * x[i] * x[i];
  return s;
}
static double merge(const double *x, double *out, int n) {
  double loc[N];
  for (int i = 0; i < n; i++) {
    double *dst = (i % 2) ? out : loc;
    dst[i] = sin(x[i]);
  }
  double s = 0.0;
  for (int i = 0; i < n; i += 2) s += loc[i] * out[i + 1];
  return s;
}
static double msrc(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    const double *src = (i % 3 == 0) ? ZERO : x;
    s += src[i] * x[i] + src[(i + 1) % n];
  }
  return s;
}

static double X[N] = {0.1, 0.4, -0.3, 0.8, 0.5, -0.6, 0.7, 0.2}, V[N] = {1, 0.5, -0.3, 0.2, 1, 0.4, -1, 0.3};
static double W[N] = {1, 2, 3, 4, 5, 6, 7, 8}, VW[N] = {0.5, 0, -1, 0, 0.25, 0, 0, 1};
static int WHICH, OUT;
static double along(double t) {
  double x[N], w[N], o[N] = {0};
  for (int i = 0; i < N; i++) {
    x[i] = X[i] + t * V[i];
    w[i] = W[i] + t * VW[i];
  }
  switch (WHICH) {
  case 0: return wsum(x, NULL, N);
  case 1: return wsum(x, w, N);
  case 2: {
    double r = merge(x, o, N);
    return OUT < 0 ? r : o[OUT];
  }
  default: return msrc(x, N);
  }
}

int main(void) {
  double dx[N], dw[N];
  for (int i = 0; i < N; i++) {
    dx[i] = V[i];
    dw[i] = VW[i];
  }
  WHICH = 0;
  CHECK("NULL weights, enzyme_const: d", __enzyme_fwddiff_d((void *)wsum, X, dx, enzyme_const, (double *)NULL, enzyme_const, N),
        ck_fd1(along, 0.0));
  CHECK("NULL weights, dup with NULL shadow: d",
        __enzyme_fwddiff_d((void *)wsum, X, dx, enzyme_dup, (double *)NULL, (double *)NULL, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK("real weights, dup: d", __enzyme_fwddiff_d((void *)wsum, X, dx, W, dw, enzyme_const, N), ck_fd1(along, 0.0));
  WHICH = 2;
  double o[N] = {0}, dout[N] = {0};
  double r = __enzyme_fwddiff_d((void *)merge, X, dx, o, dout, enzyme_const, N);
  OUT = -1;
  CHECK("dst merges dup output and local: d return", r, ck_fd1(along, 0.0));
  char name[48];
  for (OUT = 1; OUT < N; OUT += 2) {
    snprintf(name, sizeof name, "dst merges dup output and local: d out[%d]", OUT);
    CHECK(name, dout[OUT], ck_fd1(along, 0.0));
  }
  WHICH = 3;
  CHECK("src merges input and const table: d", __enzyme_fwddiff_d((void *)msrc, X, dx, enzyme_const, N), ck_fd1(along, 0.0));
  return ck_done();
}
