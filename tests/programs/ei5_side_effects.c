// TEST: ordinary side effects inside differentiated code: printf of active values (debug output), rand() drawing a dropout mask and a random permutation inside the function (the reverse pass must use the draws the forward pass made, not draw again: the finite difference reseeds srand before each evaluation so it sees the same draws), assert() on active data, an error branch that calls exit() (not taken), snprintf of active values into a local buffer, strtod of a constant string and a call counter in a global, getenv and atoi reading a repeat count (the variable is unset: the default is used) and drand48 draws in a Monte Carlo sum, a log file opened with fopen, written with fprintf and closed inside, labels built with strcpy/strcat and searched with strchr, clock() and time() read, div() and isdigit() on integers; reverse against finite differences and the dot-product test with forward mode
#include <assert.h>
#include <ctype.h>
#include <time.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static int calls;
#define N 8
__attribute__((noinline)) double noisy(const double *x, int n) {
  calls++;
  if (n <= 0 || n > N) {
    fprintf(stderr, "bad n %d\n", n);
    exit(3);
  }
  double s = 0.0, keep[N];
  int perm[N];
  for (int i = 0; i < n; i++) perm[i] = i;
  for (int i = n - 1; i > 0; i--) {
    int j = rand() % (i + 1);
    int t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  for (int i = 0; i < n; i++) keep[i] = (rand() % 4 != 0) ? 1.0 / 0.75 : 0.0;
  double scale = strtod("1.25", NULL);
  char line[64];
  for (int i = 0; i < n; i++) {
    double v = x[perm[i]] * keep[i];
    assert(v == v);
    s += scale * v * x[i] + (double)(rand() % 3) * sin(x[i]);
    if (i == 3) {
      snprintf(line, sizeof line, "partial %.3f", s);
      printf("  [noisy] %s (x[%d] = %.3f)\n", line, i, x[i]);
    }
  }
  return s;
}
static double o_n(double *x) {
  srand(7);
  return noisy(x, N);
}

__attribute__((noinline)) double mc(const double *x, int n) {
  double s = 0.0;
  const char *e = getenv("CATALASE_EI5_UNSET_REPS");
  int reps = e ? atoi(e) : 5;
  for (int r = 0; r < reps; r++)
    for (int i = 0; i < n; i++) {
      double u = drand48();
      s += sin(x[i] + 0.1 * u) * (u + 0.5);
    }
  return s;
}
static double o_mc(double *x) {
  srand48(3);
  return mc(x, N);
}

__attribute__((noinline)) double logged(const double *x, int n) {
  double s = 0.0;
  char lab[32];
  strcpy(lab, "run");
  strcat(lab, "-a");
  clock_t c0 = clock();
  time_t t0 = time(NULL);
  FILE *f = fopen("/dev/null", "w");
  for (int i = 0; i < n; i++) {
    s += x[i] * x[i] * (strchr(lab, 'a') ? 1.0 : 2.0) + abs(i - 2) * x[i];
    if (f) fprintf(f, "%s %d %g\n", lab, i, s);
    if (isdigit((unsigned char)lab[0])) s += 1.0;
  }
  if (f) fclose(f);
  (void)c0;
  (void)t0;
  div_t q = div(n, 3);
  return s * (q.rem + 1);
}
static double o_log(double *x) { return logged(x, N); }

int main(void) {
  double x[N] = {0.4, -1.2, 0.7, 0.15, -0.5, 1.05, 0.3, -0.8}, d[N] = {0};
  double v[N] = {1, -0.5, 0.3, 0.8, -0.2, 0.6, -1, 0.4}, one = 1.0;
  srand(7);
  __enzyme_autodiff((void *)noisy, enzyme_dup, x, d, enzyme_const, N);
  ck_gradient("rand/printf/assert inside", d, o_n, x, N);
  srand(7);
  double jv = __enzyme_fwddiff((void *)noisy, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("rand/printf/assert inside fwd", &one, &jv, 1, d, v, N);
  double dm[N] = {0};
  srand48(3);
  __enzyme_autodiff((void *)mc, enzyme_dup, x, dm, enzyme_const, N);
  ck_gradient("getenv/drand48 Monte Carlo", dm, o_mc, x, N);
  srand48(3);
  double jm = __enzyme_fwddiff((void *)mc, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("getenv/drand48 Monte Carlo fwd", &one, &jm, 1, dm, v, N);
  double dl[N] = {0};
  __enzyme_autodiff((void *)logged, enzyme_dup, x, dl, enzyme_const, N);
  ck_gradient("fopen/fprintf/strchr inside", dl, o_log, x, N);
  double jl = __enzyme_fwddiff((void *)logged, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("fopen/fprintf/strchr inside fwd", &one, &jl, 1, dl, v, N);
  CHECK("calls counted", (double)calls, (double)(2 + 2 * N));
  return ck_done();
}
