// TEST: row-pointer matrices and stack arrays of run-time size: Gaussian elimination with partial pivoting that swaps row pointers (double ** passed enzyme_dup with a double ** of shadow rows, a heap copy of the row table and the right-hand side freed inside), a variable-length array and an alloca inside a loop whose size grows with the iteration, a recursion that allocates a shorter VLA per level, and a function returning a pointer into its argument through split mode (augmented {tape, p, dp}); reverse against finite differences, forward against reverse (dot-product test)
#include <alloca.h>

#include "include/ck_array.h"
#include "include/ck_split.h"

#define N 4

__attribute__((noinline)) double solve(double **A, double *b, int n) {
  double **r = malloc((size_t)n * sizeof(double *));
  double *rhs = malloc((size_t)n * sizeof(double));
  for (int i = 0; i < n; i++) {
    r[i] = A[i];
    rhs[i] = b[i];
  }
  for (int k = 0; k < n; k++) {
    int p = k;
    for (int i = k + 1; i < n; i++)
      if (fabs(r[i][k]) > fabs(r[p][k])) p = i;
    if (p != k) {
      double *t = r[p];
      r[p] = r[k];
      r[k] = t;
      double tb = rhs[p];
      rhs[p] = rhs[k];
      rhs[k] = tb;
    }
    for (int i = k + 1; i < n; i++) {
      double m = r[i][k] / r[k][k];
      for (int j = k; j < n; j++) r[i][j] -= m * r[k][j];
      rhs[i] -= m * rhs[k];
    }
  }
  double s = 0.0;
  for (int i = n - 1; i >= 0; i--) {
    double v = rhs[i];
    for (int j = i + 1; j < n; j++) v -= r[i][j] * b[j];
    b[i] = v / r[i][i]; /* the solution overwrites b */
    s += b[i] * (i + 1);
  }
  free(r);
  free(rhs);
  return s;
}

static double A0[N][N] = {{1.0, 2.0, 0.5, -1.0}, {3.0, -1.0, 2.0, 0.3}, {-2.0, 0.7, 4.0, 1.0}, {0.5, 1.5, -0.5, 2.5}};
static double solve_obj(double *x) { /* x = A (row major) then b */
  double M[N][N], b[N], *rows[N];
  memcpy(M, x, sizeof M);
  memcpy(b, x + N * N, sizeof b);
  for (int i = 0; i < N; i++) rows[i] = M[i];
  return solve(rows, b, N);
}

__attribute__((noinline)) static double shrink(const double *x, int n) {
  if (n <= 1) return x[0];
  double t[n - 1];
  for (int i = 0; i < n - 1; i++) t[i] = sin(x[i] * x[i + 1]);
  return shrink(t, n - 1) + t[0] * x[n - 1];
}
__attribute__((noinline)) double stacky(const double *x, int n) {
  double s = 0.0;
  for (int k = 1; k <= n; k++) {
    double tmp[k];
    for (int i = 0; i < k; i++) tmp[i] = x[i] * (k - i);
    double *a = alloca(sizeof(double) * (size_t)k);
    for (int i = 0; i < k; i++) a[i] = exp(0.1 * tmp[(i + 1) % k]) * tmp[i];
    for (int i = 0; i < k; i++) s += a[i] * tmp[k - 1 - i];
  }
  return s + shrink(x, n);
}
#define M 5
static double stacky_obj(double *x) { return stacky(x, M); }

__attribute__((noinline)) double *biggest(double *x, int n) {
  int k = 0;
  for (int i = 1; i < n; i++)
    if (x[i] * x[i] > x[k] * x[k]) k = i;
  x[k] = sin(x[k]) * x[(k + 1) % n];
  return x + k;
}
static double biggest_obj(double *x0) {
  double x[N];
  memcpy(x, x0, sizeof x);
  double *p = biggest(x, N);
  return *p * *p + x[0];
}

typedef struct {
  void *tape;
  double *p, *dp;
} aug_ptr;
aug_ptr __enzyme_augmentfwd_p(void *, ...) __asm__("__enzyme_augmentfwd");
void __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

int main(void) {
  double x[N * N + N], g[N * N + N] = {0};
  memcpy(x, A0, sizeof A0);
  for (int i = 0; i < N; i++) x[N * N + i] = 0.5 * i - 1.0;
  double Mx[N][N], dM[N][N], b[N], db[N] = {0}, *rows[N], *drows[N];
  memcpy(Mx, A0, sizeof Mx);
  memset(dM, 0, sizeof dM);
  memcpy(b, x + N * N, sizeof b);
  for (int i = 0; i < N; i++) {
    rows[i] = Mx[i];
    drows[i] = dM[i];
  }
  __enzyme_autodiff((void *)solve, enzyme_dup, rows, drows, enzyme_dup, b, db, enzyme_const, N);
  memcpy(g, dM, sizeof dM);
  memcpy(g + N * N, db, sizeof db);
  ck_gradient("pivoting solve through row pointers", g, solve_obj, x, N * N + N);
  double v[N * N + N], tM[N][N], tb[N], *trows[N];
  for (int i = 0; i < N * N + N; i++) v[i] = 0.01 * ((i * 7) % 11) - 0.05;
  memcpy(Mx, A0, sizeof Mx);
  memcpy(b, x + N * N, sizeof b);
  memcpy(tM, v, sizeof tM);
  memcpy(tb, v + N * N, sizeof tb);
  for (int i = 0; i < N; i++) {
    rows[i] = Mx[i];
    trows[i] = tM[i];
  }
  double jv = __enzyme_fwddiff((void *)solve, enzyme_dup, rows, trows, enzyme_dup, b, tb, enzyme_const, N);
  double one = 1.0;
  ck_dot_test("pivoting solve fwd vs rev", &one, &jv, 1, g, v, N * N + N);

  double y[M] = {0.3, -0.5, 0.8, 0.1, -0.9}, dy[M] = {0}, vy[M] = {0.2, 1, -0.4, 0.6, 0.1};
  __enzyme_autodiff((void *)stacky, enzyme_dup, y, dy, enzyme_const, M);
  ck_gradient("VLA, alloca in a loop, VLA recursion", dy, stacky_obj, y, M);
  double jy = __enzyme_fwddiff((void *)stacky, enzyme_dup, y, vy, enzyme_const, M);
  ck_dot_test("VLA fwd vs rev", &one, &jy, 1, dy, vy, M);

  double z0[N] = {0.3, -1.8, 1.1, 0.5}, z[N], dz[N] = {0};
  memcpy(z, z0, sizeof z);
  aug_ptr a = __enzyme_augmentfwd_p((void *)biggest, enzyme_dup, z, dz, enzyme_const, N);
  CHECK("returned pointer is x + 1", (double)(a.p - z), 1.0);
  CHECK("returned shadow is dx + 1", (double)(a.dp - dz), 1.0);
  *a.dp += 2.0 * *a.p; /* the caller's loss: (*p)^2 + x[0] */
  dz[0] += 1.0;
  __enzyme_reverse((void *)biggest, enzyme_dup, z, dz, enzyme_const, N, a.tape);
  ck_gradient("split, pointer result", dz, biggest_obj, z0, N);
  return ck_done();
}
