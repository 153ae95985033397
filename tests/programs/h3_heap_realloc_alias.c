// TEST: reverse mode through heap use beyond plain malloc/free: realloc(NULL, n) as malloc, a shrinking realloc that keeps the first elements and a growing one after it, free(NULL), a calloc'd array of structs whose pointer fields point into the active input, an array of row pointers in which two rows are the same heap block (updates through one row are seen through the other), and a heap block whose address is kept in a file-scope pointer while it is used; gradients against finite differences, the dot-product test against forward mode (and split and AddressSanitizer legs through the corpus)
#include <stdlib.h>
#include <string.h>

#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double f_realloc(double *x, int n) {
  double *b = realloc(NULL, 2 * n * sizeof(double));
  for (int i = 0; i < 2 * n; i++) b[i] = x[i % n] * (i + 1);
  b = realloc(b, 3 * sizeof(double)); /* shrink */
  double s = b[0] * b[1] + b[2];
  b = realloc(b, 5 * n * sizeof(double)); /* grow */
  for (int i = 3; i < 5 * n; i++) b[i] = sin(b[i - 3]);
  for (int i = 0; i < 5 * n; i++) s += b[i] * 0.1;
  free(b);
  free(NULL);
  return s;
}
typedef struct { double *v; double w; } node;
static double f_calloc_ptrs(double *x, int n) {
  node *nodes = calloc(n, sizeof(node));
  for (int i = 0; i < n; i++) { nodes[i].v = &x[(i * 2) % n]; nodes[i].w = x[i] * 0.5; }
  double s = 0;
  for (int i = 0; i < n; i++) s += *nodes[i].v * nodes[i].w + nodes[(i + 1) % n].w;
  free(nodes);
  return s;
}
static double f_alias_rows(double *x, int n) {
  double *row = malloc(n * sizeof(double));
  double **m = malloc(3 * sizeof(double *));
  m[0] = row; m[1] = x; m[2] = row;  /* rows 0 and 2 alias */
  for (int j = 0; j < n; j++) m[0][j] = x[j] * x[j];
  for (int j = 0; j < n; j++) m[2][j] += m[1][(j + 1) % n];
  double s = 0;
  for (int j = 0; j < n; j++) s += m[0][j] * m[2][j];
  free(m); free(row);
  return s;
}
static double *gbuf;
static double f_global_heap(double *x, int n) {
  gbuf = malloc(n * sizeof(double));
  for (int i = 0; i < n; i++) gbuf[i] = exp(0.2 * x[i]);
  double s = 0;
  for (int i = 0; i < n; i++) s += gbuf[i] * gbuf[(i + 2) % n];
  free(gbuf);
  gbuf = NULL;
  return s;
}
#define N 6
typedef double (*kernel)(double *, int);
static kernel K;
static double F(double *x) { double y[N]; memcpy(y, x, sizeof y); return K(y, N); }
static inline __attribute__((always_inline)) void one(const char *what, kernel f, const double *x0, const double *v) {
  double x[N], dx[N] = {0}, one = 1.0;
  memcpy(x, x0, sizeof x);
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, N);
  K = f;
  double xr[N]; memcpy(xr, x0, sizeof xr);
  ck_gradient(what, dx, F, xr, N);
  double vx[N], vv[N]; memcpy(vx, x0, sizeof vx); memcpy(vv, v, sizeof vv);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, vx, vv, enzyme_const, N);
  ck_dot_test(what, &one, &jv, 1, dx, v, N);
}
int main(void) {
  const double x[N] = {0.83, -0.61, 1.17, 0.37, -1.29, 1.61};
  const double v[N] = {0.4, 1.0, -0.7, 0.2, 1.3, -0.9};
  one("realloc from NULL, shrink, grow", f_realloc, x, v);
  one("calloc'd structs pointing into the input", f_calloc_ptrs, x, v);
  one("row pointers, two rows the same block", f_alias_rows, x, v);
  one("heap block held by a global pointer", f_global_heap, x, v);
  return ck_done();
}
