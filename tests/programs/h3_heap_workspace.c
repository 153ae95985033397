// TEST: reverse mode through heap shapes C users write: a workspace struct that owns its buffers (made by an init function, freed by a destroy function), a callee returning a calloc'd block that the caller frees, one scratch buffer memset and reused in every loop iteration, a matrix as an array of pointers to malloc'd rows whose pointer array grows by realloc while rows are added, and rows freed in a different function than the one that made them; gradients against finite differences, the dot-product test against forward mode, and split mode through the corpus leg
#include <stdlib.h>
#include <string.h>

#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  int n;
  double *a;   /* n values */
  double *acc; /* n running sums */
} workspace;

__attribute__((noinline)) static void ws_init(workspace *w, int n) {
  w->n = n;
  w->a = malloc(n * sizeof(double));
  w->acc = calloc(n, sizeof(double));
}
__attribute__((noinline)) static void ws_destroy(workspace *w) {
  free(w->a);
  free(w->acc);
}
__attribute__((noinline)) static double *smooth(const double *x, int n) {
  double *y = calloc(n, sizeof *y);
  for (int i = 0; i < n; i++) y[i] = 0.5 * x[i] + 0.25 * (x[(i + n - 1) % n] + x[(i + 1) % n]);
  return y;
}

static double f_workspace(const double *x, int n) {
  workspace w;
  ws_init(&w, n);
  double *y = smooth(x, n);
  for (int i = 0; i < n; i++) w.a[i] = y[i] * y[i];
  free(y);
  double run = 0.0;
  for (int i = 0; i < n; i++) {
    run += w.a[i];
    w.acc[i] = run * x[i];
  }
  double s = 0.0;
  for (int i = 0; i < n; i++) s += sin(w.acc[i]);
  ws_destroy(&w);
  return s;
}

/* One scratch buffer, cleared and refilled each round; the rounds chain through `carry`. */
static double f_scratch(const double *x, int n) {
  double *scr = malloc(n * sizeof *scr);
  double carry = 1.0, s = 0.0;
  for (int r = 0; r < 4; r++) {
    memset(scr, 0, n * sizeof *scr);
    for (int i = 0; i < n; i++) scr[i] += x[i] * carry + (i > 0 ? scr[i - 1] * 0.3 : 0.0);
    carry = 0.0;
    for (int i = 0; i < n; i++) carry += scr[i] * scr[i];
    carry = sqrt(carry) * 0.2;
    s += carry;
  }
  free(scr);
  return s;
}

/* Rows added one at a time; the pointer array doubles by realloc. */
static double **add_row(double **rows, int *cap, int k, double *row) {
  if (k == *cap) {
    *cap *= 2;
    rows = realloc(rows, *cap * sizeof *rows);
  }
  rows[k] = row;
  return rows;
}
__attribute__((noinline)) static void free_rows(double **rows, int m) {
  for (int k = 0; k < m; k++) free(rows[k]);
  free(rows);
}
static double f_rows(const double *x, int n) {
  int cap = 1, m = 0;
  double **rows = malloc(cap * sizeof *rows);
  for (int k = 0; k < n - 1; k++) {
    double *row = malloc(3 * sizeof *row);
    row[0] = x[k];
    row[1] = x[k + 1] * x[k];
    row[2] = exp(-x[k + 1] * x[k + 1]);
    rows = add_row(rows, &cap, m++, row);
  }
  double s = 0.0;
  for (int k = 0; k < m; k++)
    for (int j = 0; j < 3; j++) s += rows[k][j] * rows[(k + j) % m][(j + 1) % 3];
  free_rows(rows, m);
  return s;
}

#define N 7
static double F_ws(double *x) { return f_workspace(x, N); }
static double F_scr(double *x) { return f_scratch(x, N); }
static double F_rows(double *x) { return f_rows(x, N); }

static inline __attribute__((always_inline)) void one(const char *what, void *f, ck_objective F, double *x, const double *v) {
  double dx[N] = {0}, one = 1.0;
  __enzyme_autodiff(f, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient(what, dx, F, x, N);
  double jv = __enzyme_fwddiff(f, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test(what, &one, &jv, 1, dx, v, N);
}

int main(void) {
  double x[N] = {0.4, -0.8, 1.2, 0.3, -1.5, 0.9, 0.15};
  double v[N] = {1.0, -0.5, 0.25, 2.0, 0.3, -1.2, 0.8};
  one("workspace struct owning its buffers", (void *)f_workspace, F_ws, x, v);
  one("scratch buffer reused per round", (void *)f_scratch, F_scr, x, v);
  one("row pointers grown by realloc", (void *)f_rows, F_rows, x, v);
  return ck_done();
}
