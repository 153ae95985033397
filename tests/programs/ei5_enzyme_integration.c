// TEST: kernels in the style of Enzyme's own integration tests: an insertion sort of active data in place through a pointer followed by a weighted sum, read-write-read through a pointer (x[0] read, overwritten, read again, then a helper reads and rewrites it), a Taylor series of exp with a loop that stops once the term is below a tolerance, an explicit-Euler integration of y' = -a*y in a malloc'd state buffer, and a sum-until-threshold loop whose trip count depends on the active data; reverse against finite differences and the dot-product test with forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 7
static void insertsort(double *a, int n) {
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
__attribute__((noinline)) double sort_weighted(double *a, int n) {
  insertsort(a, n);
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (double)(i + 1) * a[i] * a[i];
  return s;
}
static double sortbuf[N];
static double o_sort(double *x) {
  memcpy(sortbuf, x, sizeof sortbuf);
  return sort_weighted(sortbuf, N);
}

__attribute__((noinline)) static void rewrite(double *p) { p[0] = p[0] * p[0] + sin(p[1]); }
__attribute__((noinline)) double rwr(double *x) {
  double a = x[0];
  x[0] = a * x[1] + 2.0;
  double b = x[0] * x[0];
  rewrite(x);
  return a * b + x[0] * x[1];
}
static double rbuf[2];
static double o_rwr(double *x) {
  rbuf[0] = x[0];
  rbuf[1] = x[1];
  return rwr(rbuf);
}

__attribute__((noinline)) double taylor_exp(double x, double tol) {
  double term = 1.0, sum = 1.0;
  for (int k = 1; k < 200; k++) {
    term *= x / k;
    sum += term;
    if (fabs(term) < tol) break;
  }
  return sum;
}
static double o_tay(double x) { return taylor_exp(x, 1e-15); }

__attribute__((noinline)) double integrate_exp(const double *a, int steps) {
  double *y = malloc(3 * sizeof(double));
  for (int i = 0; i < 3; i++) y[i] = 1.0 + 0.5 * i;
  double dt = 1.0 / steps;
  for (int t = 0; t < steps; t++)
    for (int i = 0; i < 3; i++) y[i] += dt * (-a[i] * y[i] + 0.1 * y[(i + 1) % 3]);
  double r = y[0] + 2.0 * y[1] + 3.0 * y[2];
  free(y);
  return r;
}
static double o_int(double *a) { return integrate_exp(a, 250); }

__attribute__((noinline)) double sumtil(const double *x, int n, double limit) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    s += x[i] * x[i];
    if (s > limit) break;
  }
  return s;
}
static double o_til(double *x) { return sumtil(x, N, 2.0); }

int main(void) {
  double x[N] = {0.9, -0.4, 1.3, 0.2, -1.1, 0.65, 0.05};
  double v[N] = {0.3, 1.0, -0.7, 0.45, 0.2, -0.6, 0.8}, one = 1.0;
  double a[N], da[N] = {0};
  memcpy(a, x, sizeof a);
  __enzyme_autodiff((void *)sort_weighted, enzyme_dup, a, da, enzyme_const, N);
  ck_gradient("insertion sort", da, o_sort, x, N);
  memcpy(a, x, sizeof a);
  double dv[N];
  memcpy(dv, v, sizeof dv);
  double jv = __enzyme_fwddiff((void *)sort_weighted, enzyme_dup, a, dv, enzyme_const, N);
  ck_dot_test("insertion sort fwd", &one, &jv, 1, da, v, N);

  double r[2] = {0.7, -1.2}, dr[2] = {0}, r0[2] = {0.7, -1.2};
  __enzyme_autodiff((void *)rwr, enzyme_dup, r, dr);
  ck_gradient("read-write-read", dr, o_rwr, r0, 2);
  double r2[2] = {0.7, -1.2}, vr[2] = {0.4, 0.9};
  double jr = __enzyme_fwddiff((void *)rwr, enzyme_dup, r2, vr);
  double vr0[2] = {0.4, 0.9};
  ck_dot_test("read-write-read fwd", &one, &jr, 1, dr, vr0, 2);

  double g = __enzyme_autodiff((void *)taylor_exp, enzyme_out, 1.3, enzyme_const, 1e-15);
  CHECK("taylor exp", g, ck_fd1(o_tay, 1.3));
  CHECK("taylor exp = exp", g, exp(1.3));
  double t = __enzyme_fwddiff((void *)taylor_exp, 1.3, 1.0, enzyme_const, 1e-15);
  CHECK("taylor exp fwd", t, g);

  double ak[3] = {0.8, 1.5, 0.3}, dak[3] = {0}, vk[3] = {1.0, -0.5, 0.25};
  __enzyme_autodiff((void *)integrate_exp, enzyme_dup, ak, dak, enzyme_const, 250);
  ck_gradient("integrate exp", dak, o_int, ak, 3);
  double jk = __enzyme_fwddiff((void *)integrate_exp, enzyme_dup, ak, vk, enzyme_const, 250);
  ck_dot_test("integrate exp fwd", &one, &jk, 1, dak, vk, 3);

  double dt[N] = {0};
  __enzyme_autodiff((void *)sumtil, enzyme_dup, x, dt, enzyme_const, N, enzyme_const, 2.0);
  ck_gradient("sum until threshold", dt, o_til, x, N);
  double jt = __enzyme_fwddiff((void *)sumtil, enzyme_dup, x, v, enzyme_const, N, enzyme_const, 2.0);
  ck_dot_test("sum until threshold fwd", &one, &jt, 1, dt, v, N);
  return ck_done();
}
