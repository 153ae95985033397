// TEST: dynamically sized matrices as Enzyme's eigen-style tests use them, written in C: a struct {int rows, cols; double *data;} allocated with malloc inside the differentiated function, a matrix product of two such matrices, the sum of squares of the product, a transpose into a third matrix, a matrix-vector product through a helper taking the struct by pointer, a row-pointer (double **) matrix built with a malloc per row, all freed inside; reverse against finite differences and the dot-product test with forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  int rows, cols;
  double *data;
} Mat;
static Mat *mat_new(int r, int c) {
  Mat *m = malloc(sizeof(Mat));
  m->rows = r;
  m->cols = c;
  m->data = calloc((size_t)r * c, sizeof(double));
  return m;
}
static void mat_free(Mat *m) {
  free(m->data);
  free(m);
}
__attribute__((noinline)) static void matmul(Mat *c, const Mat *a, const Mat *b) {
  for (int i = 0; i < a->rows; i++)
    for (int j = 0; j < b->cols; j++) {
      double s = 0.0;
      for (int k = 0; k < a->cols; k++) s += a->data[i * a->cols + k] * b->data[k * b->cols + j];
      c->data[i * c->cols + j] = s;
    }
}
__attribute__((noinline)) static void transpose(Mat *t, const Mat *a) {
  for (int i = 0; i < a->rows; i++)
    for (int j = 0; j < a->cols; j++) t->data[j * t->cols + i] = a->data[i * a->cols + j];
}
static double sumsq(const Mat *m) {
  double s = 0.0;
  for (int i = 0; i < m->rows * m->cols; i++) s += m->data[i] * m->data[i];
  return s;
}

#define R 3
#define K 4
__attribute__((noinline)) double prod_sumsq(const double *x, int r, int k) {
  Mat *a = mat_new(r, k), *at = mat_new(k, r), *c = mat_new(r, r);
  for (int i = 0; i < r * k; i++) a->data[i] = x[i];
  transpose(at, a);
  for (int i = 0; i < k * r; i++) at->data[i] = sin(at->data[i]) + 0.5 * at->data[i];
  matmul(c, a, at);
  double s = sumsq(c);
  mat_free(a);
  mat_free(at);
  mat_free(c);
  return s;
}
static double o_prod(double *x) { return prod_sumsq(x, R, K); }

__attribute__((noinline)) double rowmat(const double *x, const double *v, int n) {
  double **rows = malloc(n * sizeof(double *));
  for (int i = 0; i < n; i++) {
    rows[i] = malloc(n * sizeof(double));
    for (int j = 0; j < n; j++) rows[i][j] = x[i] * x[j] + (i == j ? exp(x[i]) : 0.0);
  }
  double *w = malloc(n * sizeof(double));
  for (int i = 0; i < n; i++) {
    w[i] = 0.0;
    for (int j = 0; j < n; j++) w[i] += rows[i][j] * v[j];
  }
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    s += w[i] * w[i] / (1.0 + rows[i][i]);
    free(rows[i]);
  }
  free(rows);
  free(w);
  return s;
}
#define NR 5
static double VR[NR] = {0.3, -0.7, 1.1, 0.25, -0.4};
static double o_row(double *x) { return rowmat(x, VR, NR); }

int main(void) {
  double x[R * K], dx[R * K] = {0}, v[R * K], one = 1.0;
  for (int i = 0; i < R * K; i++) {
    x[i] = 0.4 * sin(1.7 * i + 0.3);
    v[i] = cos(0.9 * i);
  }
  __enzyme_autodiff((void *)prod_sumsq, enzyme_dup, x, dx, enzyme_const, R, enzyme_const, K);
  ck_gradient("A * f(A)^T sumsq", dx, o_prod, x, R * K);
  double jv = __enzyme_fwddiff((void *)prod_sumsq, enzyme_dup, x, v, enzyme_const, R, enzyme_const, K);
  ck_dot_test("A * f(A)^T sumsq fwd", &one, &jv, 1, dx, v, R * K);

  double y[NR] = {0.2, -0.5, 0.8, 0.1, -0.3}, dy[NR] = {0}, gv[NR] = {0}, vy[NR] = {1, 0.5, -0.25, 0.75, -1};
  __enzyme_autodiff((void *)rowmat, enzyme_dup, y, dy, enzyme_dup, VR, gv, enzyme_const, NR);
  ck_gradient("row-pointer matrix d/dx", dy, o_row, y, NR);
  double jr = __enzyme_fwddiff((void *)rowmat, enzyme_dup, y, vy, enzyme_const, VR, enzyme_const, NR);
  ck_dot_test("row-pointer matrix fwd", &one, &jr, 1, dy, vy, NR);
  return ck_done();
}
