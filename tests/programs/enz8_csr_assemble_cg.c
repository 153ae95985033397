// TEST: reverse and forward mode through a sparse finite-element pipeline: element stiffness contributions (active conductivities) appended to a COO triplet list that grows with realloc, a counting-sort conversion to CSR with int row pointers and column indices (duplicates summed by a linear scan), then a fixed number of conjugate-gradient iterations with CSR products; gradient of a weighted sum of the solution with respect to the conductivities and the loads against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NE 6
#define NN (NE + 1)
#define NI (NN - 1) /* node 0 is fixed */

typedef struct {
  int n, cap;
  int *r, *c;
  double *v;
} coo;

static void coo_push(coo *m, int r, int c, double v) {
  if (m->n == m->cap) {
    m->cap = m->cap ? 2 * m->cap : 2;
    m->r = realloc(m->r, m->cap * sizeof(int));
    m->c = realloc(m->c, m->cap * sizeof(int));
    m->v = realloc(m->v, m->cap * sizeof(double));
  }
  m->r[m->n] = r;
  m->c[m->n] = c;
  m->v[m->n] = v;
  m->n++;
}

typedef struct {
  int n, nnz;
  int *ptr, *col;
  double *val;
} csr;

static void coo_to_csr(const coo *m, int n, csr *out) {
  out->n = n;
  out->ptr = calloc(n + 1, sizeof(int));
  for (int k = 0; k < m->n; k++) out->ptr[m->r[k] + 1]++;
  for (int i = 0; i < n; i++) out->ptr[i + 1] += out->ptr[i];
  int *fill = malloc(n * sizeof(int));
  memcpy(fill, out->ptr, n * sizeof(int));
  int *col = malloc(m->n * sizeof(int));
  double *val = malloc(m->n * sizeof(double));
  for (int k = 0; k < m->n; k++) {
    int d = fill[m->r[k]]++;
    col[d] = m->c[k];
    val[d] = m->v[k];
  }
  /* sum duplicates within each row (linear scan: rows are short) */
  out->col = malloc(m->n * sizeof(int));
  out->val = malloc(m->n * sizeof(double));
  int w = 0;
  for (int i = 0; i < n; i++) {
    int start = w;
    for (int k = out->ptr[i]; k < out->ptr[i + 1]; k++) {
      int j;
      for (j = start; j < w; j++)
        if (out->col[j] == col[k]) break;
      if (j < w) out->val[j] += val[k];
      else { out->col[w] = col[k]; out->val[w] = val[k]; w++; }
    }
    out->ptr[i] = start;
  }
  out->ptr[n] = w;
  out->nnz = w;
  free(fill); free(col); free(val);
}

static void spmv(const csr *A, const double *x, double *y) {
  for (int i = 0; i < A->n; i++) {
    double s = 0.0;
    for (int k = A->ptr[i]; k < A->ptr[i + 1]; k++) s += A->val[k] * x[A->col[k]];
    y[i] = s;
  }
}

static double fem(const double *kappa, const double *load, int iters) {
  coo m = {0, 0, NULL, NULL, NULL};
  double h = 1.0 / NE;
  for (int e = 0; e < NE; e++) {
    double k = kappa[e] / h;
    int a = e - 1, b = e; /* unknown index = node - 1 */
    if (a >= 0) { coo_push(&m, a, a, k); coo_push(&m, a, b, -k); coo_push(&m, b, a, -k); }
    coo_push(&m, b, b, k);
  }
  csr A;
  coo_to_csr(&m, NI, &A);
  double x[NI] = {0}, r[NI], p[NI], Ap[NI];
  for (int i = 0; i < NI; i++) r[i] = p[i] = load[i] * h;
  double rr = ck_dot(r, r, NI);
  for (int it = 0; it < iters; it++) {
    spmv(&A, p, Ap);
    double alpha = rr / ck_dot(p, Ap, NI);
    for (int i = 0; i < NI; i++) { x[i] += alpha * p[i]; r[i] -= alpha * Ap[i]; }
    double rr2 = ck_dot(r, r, NI);
    for (int i = 0; i < NI; i++) p[i] = r[i] + rr2 / rr * p[i];
    rr = rr2;
  }
  double out = 0.0;
  for (int i = 0; i < NI; i++) out += (1.0 + 0.3 * i) * x[i];
  free(m.r); free(m.c); free(m.v);
  free(A.ptr); free(A.col); free(A.val);
  return out;
}

static double gk[NE], gl[NI];
static double Fk(double *k) { return fem(k, gl, 4); }
static double Fl(double *l) { return fem(gk, l, 4); }

int main(void) {
  double kap[NE], load[NI], dk[NE] = {0}, dl[NI] = {0}, vk[NE], vl[NI];
  for (int e = 0; e < NE; e++) { kap[e] = 1.0 + 0.3 * sin(1.7 * e); vk[e] = 0.1 * e - 0.2; }
  for (int i = 0; i < NI; i++) { load[i] = 1.0 + 0.2 * cos(0.9 * i); vl[i] = 0.3 - 0.05 * i; }
  memcpy(gk, kap, sizeof kap);
  memcpy(gl, load, sizeof load);
  /* 4 CG iterations on a 6x6 SPD system: not yet converged, so every iteration carries derivative */
  __enzyme_autodiff((void *)fem, enzyme_dup, kap, dk, enzyme_dup, load, dl, enzyme_const, 4);
  ck_gradient("fem csr cg: d/dkappa", dk, Fk, kap, NE);
  ck_gradient("fem csr cg: d/dload", dl, Fl, load, NI);
  double jv = __enzyme_fwddiff((void *)fem, enzyme_dup, kap, vk, enzyme_dup, load, vl, enzyme_const, 4);
  CHECK("fem csr cg: dot test", ck_dot(dk, vk, NE) + ck_dot(dl, vl, NI), jv);
  return ck_done();
}
