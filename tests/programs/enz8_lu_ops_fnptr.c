// TEST: reverse and forward mode through an LU solve with partial pivoting written against an abstract matrix: a struct of function pointers (get, set, swap_rows) over row-pointer storage, chosen at run time from a table by strcmp on a storage name, with the pivot permutation kept in an int array; the solve's result feeds a weighted norm; gradients with respect to the matrix and the right-hand side against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 4

typedef struct matrix matrix;
typedef struct {
  const char *name;
  double (*get)(const matrix *, int, int);
  void (*set)(matrix *, int, int, double);
  void (*swap_rows)(matrix *, int, int);
} matrix_ops;

struct matrix {
  int n;
  double **rows;
  const matrix_ops *ops;
};

static double rp_get(const matrix *m, int i, int j) { return m->rows[i][j]; }
static void rp_set(matrix *m, int i, int j, double v) { m->rows[i][j] = v; }
static void rp_swap(matrix *m, int i, int j) {
  double *t = m->rows[i];
  m->rows[i] = m->rows[j];
  m->rows[j] = t;
}
/* a second storage that swaps element by element */
static void el_swap(matrix *m, int i, int j) {
  for (int k = 0; k < m->n; k++) {
    double t = m->rows[i][k];
    m->rows[i][k] = m->rows[j][k];
    m->rows[j][k] = t;
  }
}

static const matrix_ops op_table[] = {
    {"rowptr", rp_get, rp_set, rp_swap},
    {"elementwise", rp_get, rp_set, el_swap},
};

static const matrix_ops *find_ops(const char *name) {
  for (unsigned i = 0; i < sizeof op_table / sizeof op_table[0]; i++)
    if (strcmp(op_table[i].name, name) == 0) return &op_table[i];
  return &op_table[0];
}

static void lu_factor(matrix *m, int *perm) {
  const matrix_ops *o = m->ops;
  for (int i = 0; i < m->n; i++) perm[i] = i;
  for (int k = 0; k < m->n; k++) {
    int p = k;
    double best = fabs(o->get(m, k, k));
    for (int i = k + 1; i < m->n; i++) {
      double a = fabs(o->get(m, i, k));
      if (a > best) { best = a; p = i; }
    }
    if (p != k) {
      o->swap_rows(m, p, k);
      int t = perm[p]; perm[p] = perm[k]; perm[k] = t;
    }
    for (int i = k + 1; i < m->n; i++) {
      double l = o->get(m, i, k) / o->get(m, k, k);
      o->set(m, i, k, l);
      for (int j = k + 1; j < m->n; j++) o->set(m, i, j, o->get(m, i, j) - l * o->get(m, k, j));
    }
  }
}

static void lu_apply(const matrix *m, const int *perm, const double *b, double *x) {
  const matrix_ops *o = m->ops;
  for (int i = 0; i < m->n; i++) {
    double s = b[perm[i]];
    for (int j = 0; j < i; j++) s -= o->get(m, i, j) * x[j];
    x[i] = s;
  }
  for (int i = m->n - 1; i >= 0; i--) {
    double s = x[i];
    for (int j = i + 1; j < m->n; j++) s -= o->get(m, i, j) * x[j];
    x[i] = s / o->get(m, i, i);
  }
}

static double solve_norm(const double *A, const double *b, const char *storage) {
  double store[N * N], *rows[N], x[N];
  int perm[N];
  for (int i = 0; i < N; i++) {
    rows[i] = store + i * N;
    for (int j = 0; j < N; j++) store[i * N + j] = A[i * N + j];
  }
  matrix m = {N, rows, find_ops(storage)};
  lu_factor(&m, perm);
  lu_apply(&m, perm, b, x);
  double r = 0.0;
  for (int i = 0; i < N; i++) r += (1.0 + 0.5 * i) * x[i] * x[i] + 0.2 * x[i];
  return r;
}

static double gA[N * N], gb[N];
static const char *gname;
static double FA(double *A) { return solve_norm(A, gb, gname); }
static double Fb(double *b) { return solve_norm(gA, b, gname); }

int main(void) {
  double A[N * N] = {0.3, 2.0, -0.5, 0.4, 1.7, 0.2, 0.6, -0.3, -0.4, 0.5, 0.1, 2.2, 0.6, -0.2, 1.9, 0.35};
  double b[N] = {1.0, -0.7, 0.4, 0.9};
  const char *names[2] = {"rowptr", "elementwise"};
  memcpy(gA, A, sizeof A);
  memcpy(gb, b, sizeof b);
  for (int s = 0; s < 2; s++) {
    char label[64];
    gname = names[s];
    double dA[N * N] = {0}, db[N] = {0}, vA[N * N], vb[N];
    __enzyme_autodiff((void *)solve_norm, enzyme_dup, A, dA, enzyme_dup, b, db, enzyme_const, names[s]);
    snprintf(label, sizeof label, "lu ops %s: d/dA", names[s]);
    ck_gradient(label, dA, FA, A, N * N);
    snprintf(label, sizeof label, "lu ops %s: d/db", names[s]);
    ck_gradient(label, db, Fb, b, N);
    for (int i = 0; i < N * N; i++) vA[i] = 0.1 * ((i * 3) % 5) - 0.2;
    for (int i = 0; i < N; i++) vb[i] = 0.25 * i - 0.4;
    double jv = __enzyme_fwddiff((void *)solve_norm, enzyme_dup, A, vA, enzyme_dup, b, vb, enzyme_const, names[s]);
    snprintf(label, sizeof label, "lu ops %s: dot test", names[s]);
    CHECK(label, ck_dot(dA, vA, N * N) + ck_dot(db, vb, N), jv);
  }
  return ck_done();
}
