// TEST: functions returning pointers into active memory, as Enzyme's differential_pointer_return and rwrloop tests use them: a noinline helper returning &x[i] of the largest |x[i]| (the caller reads and writes through it), a helper returning a malloc'd block it filled from active data (the caller frees it), a helper returning one of two row pointers of a double ** matrix chosen by a comparison, a triple loop updating a 2D array read-write-read through row pointers, and __enzyme_fwddiff of a function returning a pointer (the tangent result is the shadow pointer: the caller reads the tangent through it); against finite differences and the dot-product test
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
double *__enzyme_fwddiff_p(void *, ...) __asm__("__enzyme_fwddiff");

__attribute__((noinline)) static double *argmax_abs(double *x, int n) {
  double *b = x;
  for (int i = 1; i < n; i++)
    if (fabs(x[i]) > fabs(*b)) b = &x[i];
  return b;
}
__attribute__((noinline)) static double *squares(const double *x, int n) {
  double *r = malloc(n * sizeof(double));
  for (int i = 0; i < n; i++) r[i] = x[i] * x[i] + sin(x[i]);
  return r;
}
__attribute__((noinline)) static double *pick_row(double **rows, int a, int b) { return rows[a][0] > rows[b][0] ? rows[a] : rows[b]; }

#define N 6
#define M 3
__attribute__((noinline)) double ptrs(double *x, int n) {
  double *m = argmax_abs(x, n);
  *m = *m * 0.5 + 1.0;
  double s = *m * *m;
  double *q = squares(x, n);
  for (int i = 0; i < n; i++) s += q[i] * (i + 1);
  free(q);
  double *rows[M];
  double store[M][N];
  for (int r = 0; r < M; r++) {
    rows[r] = store[r];
    for (int c = 0; c < n; c++) rows[r][c] = x[(c + r) % n] * (r + 1);
  }
  for (int it = 0; it < 2; it++)
    for (int r = 0; r < M; r++)
      for (int c = 1; c < n; c++) rows[r][c] = rows[r][c] * 0.5 + rows[r][c - 1] * rows[(r + 1) % M][c];
  double *p = pick_row(rows, 0, 2);
  for (int c = 0; c < n; c++) s += p[c] * rows[1][c];
  return s;
}
static double buf[N];
static double o_p(double *x) {
  memcpy(buf, x, sizeof buf);
  return ptrs(buf, N);
}

__attribute__((noinline)) double *scale_into(double *out, const double *x, int n) {
  for (int i = 0; i < n; i++) out[i] = x[i] * exp(0.1 * x[(i + 1) % n]);
  return out + 2;
}
static int fi;
static double o_s(double *x) {
  double out[N];
  return scale_into(out, x, N)[fi];
}

int main(void) {
  double x0[N] = {0.4, -1.3, 0.75, 0.2, -0.6, 1.1}, x[N], d[N] = {0}, v[N] = {1, -0.5, 0.3, 0.8, -0.2, 0.6}, one = 1.0;
  memcpy(x, x0, sizeof x);
  __enzyme_autodiff((void *)ptrs, enzyme_dup, x, d, enzyme_const, N);
  ck_gradient("pointer-returning helpers", d, o_p, x0, N);
  memcpy(x, x0, sizeof x);
  double vv[N];
  memcpy(vv, v, sizeof vv);
  double jv = __enzyme_fwddiff((void *)ptrs, enzyme_dup, x, vv, enzyme_const, N);
  ck_dot_test("pointer-returning helpers fwd", &one, &jv, 1, d, v, N);

  double out[N], dout[N] = {0};
  double *t = __enzyme_fwddiff_p((void *)scale_into, enzyme_dup, out, dout, enzyme_dup, x0, v, enzyme_const, N);
  CHECK("returned shadow pointer is dout + 2", (double)(t - dout), 2.0);
  char lab[64];
  for (fi = 0; fi < N - 2; fi++) {
    double g[N];
    for (int j = 0; j < N; j++) g[j] = ck_fd_partial(o_s, x0, j);
    snprintf(lab, sizeof lab, "tangent through returned pointer [%d]", fi);
    CHECK(lab, t[fi], ck_dot(g, v, N));
  }
  return ck_done();
}
