// TEST: reverse and forward mode through memory functions on mixed structs: memset of an array of {int, double, double*} records then fields filled, memcpy of a partial range of doubles between heap blocks, memmove shifting a window of records by one inside the same block, calloc'd rows of a 2D array reached through a row-pointer array, a struct assignment copying a record that holds a pointer to an active array, and realloc growing a block kept in a record
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  int tag;
  double w;
  double *src;
} rec;

static double records(double *x) {
  rec r[6];
  memset(r, 0, sizeof r);
  for (int i = 0; i < 6; i++) {
    r[i].tag = i % 3;
    r[i].w = x[i] * (1.0 + 0.2 * i);
    r[i].src = x + (i + 2) % 8;
  }
  memmove(r + 1, r, sizeof(rec) * 4);
  rec c = r[3];
  double s = c.w * *c.src;
  for (int i = 0; i < 6; i++) s += r[i].w * r[i].src[0] * (r[i].tag + 1);
  return s;
}

static double blocks(double *x) {
  double *a = malloc(sizeof(double) * 8), *b = malloc(sizeof(double) * 12);
  for (int i = 0; i < 8; i++) a[i] = exp(0.3 * x[i]);
  memset(b, 0, sizeof(double) * 12);
  memcpy(b + 3, a + 2, sizeof(double) * 5);
  memcpy(b, x, sizeof(double) * 3);
  double s = 0.0;
  for (int i = 0; i < 12; i++) s += b[i] * b[(i + 4) % 12];
  free(a);
  free(b);
  return s;
}

static double rows2d(double *x) {
  int R = 3, C = 4;
  double **rows = malloc(sizeof(double *) * R);
  for (int r = 0; r < R; r++) rows[r] = calloc(C, sizeof(double));
  for (int r = 0; r < R; r++)
    for (int c = 0; c < C; c++) rows[r][c] += x[(r * C + c) % 8] * (r + 1) + (c ? rows[r][c - 1] * 0.5 : 0.0);
  double *t = rows[0];
  rows[0] = rows[2];
  rows[2] = t;
  double s = 0.0;
  for (int r = 0; r < R; r++)
    for (int c = 0; c < C; c++) s += rows[r][c] * rows[r][c] * (r * C + c + 1);
  for (int r = 0; r < R; r++) free(rows[r]);
  free(rows);
  return s;
}

typedef struct {
  int n, cap;
  double *buf;
} vec;

static void push(vec *v, double d) {
  if (v->n == v->cap) {
    v->cap = v->cap ? 2 * v->cap : 1;
    v->buf = realloc(v->buf, sizeof(double) * v->cap);
  }
  v->buf[v->n++] = d;
}

static double growing(double *x) {
  vec v = {0, 0, 0};
  for (int i = 0; i < 8; i++) push(&v, x[i] * x[(i + 1) % 8]);
  for (int i = 0; i < 8; i++) push(&v, sin(v.buf[i]));
  double s = 0.0;
  for (int i = 0; i < v.n; i++) s += v.buf[i] * (i % 5 + 1);
  free(v.buf);
  return s;
}

static const double V[8] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35};

#define BOTH(what, fn, x, n)                                           \
  do {                                                                 \
    double dx_[8] = {0}, v_[8], one_ = 1.0;                            \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, dx_);                 \
    ck_gradient(what, dx_, fn, x, n);                                  \
    memcpy(v_, V, sizeof v_);                                          \
    double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_);      \
    ck_dot_test(what, &one_, &jv_, 1, dx_, V, n);                      \
  } while (0)

int main(void) {
  double x[8] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.1, -0.15};
  BOTH("memset/memmove records", records, x, 8);
  BOTH("partial memcpy between blocks", blocks, x, 8);
  BOTH("calloc rows swapped", rows2d, x, 8);
  BOTH("realloc-grown vector", growing, x, 8);
  return ck_done();
}
