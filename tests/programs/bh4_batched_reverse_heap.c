// TEST: batched reverse mode (enzyme_width 2 and 3 in __enzyme_autodiff) through recursion, heap blocks (malloc, realloc, posix_memalign) and a sort: each lane seeds a different output combination, checked against the width-1 gradients and finite differences
#include <stdlib.h>
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
int posix_memalign(void **memptr, size_t alignment, size_t size);

#define N 6
#define M 3

static void insertion_sort(double *a, int n) {
  for (int i = 1; i < n; i++) {
    double key = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > key) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = key;
  }
}
static double rec_poly(const double *c, int n, double t) {
  return n == 0 ? 0.0 : c[0] + t * rec_poly(c + 1, n - 1, t);
}
/* out[0..M) from x[0..N): a grown buffer, a sort, a recursive polynomial. */
static void model(const double *x, double *out) {
  double *buf = NULL;
  int cap = 0, len = 0;
  for (int i = 0; i < N; i++) {
    if (len == cap) {
      cap = cap ? 2 * cap : 2;
      buf = realloc(buf, cap * sizeof(double));
    }
    buf[len++] = x[i] * x[(i + 2) % N];
  }
  double *s;
  if (posix_memalign((void **)&s, 32, N * sizeof(double)) != 0) abort();
  memcpy(s, buf, N * sizeof(double));
  insertion_sort(s, N);
  out[0] = s[0] + 2.0 * s[N - 1];
  out[1] = rec_poly(buf, N, 0.7);
  out[2] = rec_poly(s, N, -0.4) * x[1];
  free(s);
  free(buf);
}

static const double *W;
static double F_w(double *x) {
  double o[M];
  model(x, o);
  return ck_dot(W, o, M);
}

int main(void) {
  double x[N] = {0.8, -0.3, 1.2, 0.45, -1.1, 0.6};
  double w[3][M] = {{1.0, 0.0, 0.0}, {0.3, -1.0, 0.5}, {0.0, 0.2, 1.0}};
  double out[M];
  /* width 1 references */
  double g1[3][N] = {{0}};
  for (int l = 0; l < 3; l++) {
    double dout[M];
    memcpy(dout, w[l], sizeof dout);
    __enzyme_autodiff((void *)model, enzyme_dup, x, g1[l], enzyme_dupnoneed, out, dout);
    W = w[l];
    ck_gradient("width 1", g1[l], F_w, x, N);
  }
  /* width 2 */
  double a[N] = {0}, b[N] = {0}, da[M], db[M];
  memcpy(da, w[0], sizeof da);
  memcpy(db, w[1], sizeof db);
  __enzyme_autodiff((void *)model, enzyme_width, 2, enzyme_dup, x, a, b, enzyme_dupnoneed, out, da, db);
  for (int i = 0; i < N; i++) {
    CHECK("width 2 lane 0 = width 1", a[i], g1[0][i]);
    CHECK("width 2 lane 1 = width 1", b[i], g1[1][i]);
  }
  /* width 3 */
  double c[3][N] = {{0}}, dc[3][M];
  memcpy(dc, w, sizeof dc);
  __enzyme_autodiff((void *)model, enzyme_width, 3, enzyme_dup, x, c[0], c[1], c[2], enzyme_dup, out, dc[0], dc[1], dc[2]);
  for (int l = 0; l < 3; l++)
    for (int i = 0; i < N; i++) CHECK("width 3 lane = width 1", c[l][i], g1[l][i]);
  return ck_done();
}
