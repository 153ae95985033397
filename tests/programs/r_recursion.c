// TEST: reverse mode through recursive functions: power by recursive squaring (integer exponent), a divide-and-conquer sum of g(x[i]) over an array, a recursive continued fraction, and a pair of mutually recursive functions
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

static double rpow(double x, int n) {
  if (n == 0) return 1.0;
  double h = rpow(x, n / 2);
  return n % 2 ? h * h * x : h * h;
}

static double dc_sum(const double *x, int lo, int hi) {
  if (hi - lo == 1) return sin(x[lo]) * x[lo];
  int mid = (lo + hi) / 2;
  double a = dc_sum(x, lo, mid), b = dc_sum(x, mid, hi);
  return a + b + 0.01 * a * b;
}

static double cfrac(double x, int depth) {
  if (depth == 0) return 1.0;
  return 1.0 + x / (depth + cfrac(x, depth - 1));
}

static double odd_part(double x, int n);
static double even_part(double x, int n) { return n <= 0 ? x : cos(odd_part(x, n - 1)) + x; }
static double odd_part(double x, int n) { return n <= 0 ? x * x : sin(even_part(x, n - 1)) * x; }

#define N 9
static double X0 = 1.07;
static int NPOW = 13, DEPTH = 12;
static double rpow_x(double x) { return rpow(x, NPOW); }
static double cfrac_x(double x) { return cfrac(x, DEPTH); }
static double even_x(double x) { return even_part(x, 7); }
static double F_dc(double *x) { return dc_sum(x, 0, N); }

int main(void) {
  CHECK("recursive power x^13: d/dx", __enzyme_autodiff((void *)rpow, X0, enzyme_const, NPOW), 13.0 * pow(X0, 12.0));
  CHECK("recursive power: d/dx (FD)", __enzyme_autodiff((void *)rpow, X0, enzyme_const, NPOW), ck_fd1(rpow_x, X0));
  double x[N], dx[N] = {0};
  for (int i = 0; i < N; i++) x[i] = 0.3 * i - 1.1;
  __enzyme_autodiff((void *)dc_sum, enzyme_dup, x, dx, enzyme_const, 0, enzyme_const, N);
  ck_gradient("divide-and-conquer sum", dx, F_dc, x, N);
  CHECK("recursive continued fraction: d/dx", __enzyme_autodiff((void *)cfrac, 0.8, enzyme_const, DEPTH), ck_fd1(cfrac_x, 0.8));
  CHECK("mutual recursion: d/dx", __enzyme_autodiff((void *)even_part, 0.6, enzyme_const, 7), ck_fd1(even_x, 0.6));
  return ck_done();
}
