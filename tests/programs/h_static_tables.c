// TEST: static globals: const coefficient/permutation tables, a lazily filled static cache of inactive values, a static call counter
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...);

#define N 9
static const double COEF[5] = {1.0, -0.5, 0.25, -0.125, 0.0625};
static const int PERM[N] = {3, 0, 7, 1, 8, 2, 5, 4, 6};
static double twiddle[N]; /* filled on first use from integers only: inactive */
static int twiddle_ready = 0;
static int ncalls = 0;

static void init_twiddle(void) {
  if (twiddle_ready) return;
  for (int i = 0; i < N; i++) twiddle[i] = cos(0.3 * i) + 0.5;
  twiddle_ready = 1;
}

/* Horner polynomial with a const table, a permuted gather, and the cached twiddles. */
static double polydot(const double *x, const double *w, int n) {
  init_twiddle();
  ncalls++;
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double xi = x[PERM[i]];
    double p = COEF[4];
    for (int k = 3; k >= 0; k--) p = p * xi + COEF[k];
    s += p * w[i] * twiddle[i];
  }
  return s;
}

/* In-place update that reads the tables; output depends on the static counter only through an int. */
static void tabled(double *x, int n) {
  init_twiddle();
  ncalls++;
  for (int i = 0; i < n; i++) x[i] = exp(COEF[i % 5] * x[i]) * twiddle[PERM[i]];
}

static double X[N], W[N], VX[N], VW[N];
static int WHICH, OUT;
static double along(double t) {
  double x[N], w[N];
  for (int i = 0; i < N; i++) {
    x[i] = X[i] + t * VX[i];
    w[i] = W[i] + t * VW[i];
  }
  if (WHICH == 0) return polydot(x, w, N);
  tabled(x, N);
  return x[OUT];
}

int main(void) {
  for (int i = 0; i < N; i++) {
    X[i] = 0.3 + 0.15 * i;
    W[i] = 1.0 - 0.2 * i;
    VX[i] = cos(0.5 + i);
    VW[i] = 0.3 * sin(1.0 * i);
  }
  double dx[N], dw[N], x[N];
  for (int i = 0; i < N; i++) {
    dx[i] = VX[i];
    dw[i] = VW[i];
    x[i] = X[i];
  }
  WHICH = 0;
  /* First call fills the cache inside the derivative. */
  CHECK("polydot (cache filled inside): d s",
        __enzyme_fwddiff_d((void *)polydot, X, dx, W, dw, enzyme_const, N), ck_fd1(along, 0.0));
  CHECK("polydot again: d s", __enzyme_fwddiff_d((void *)polydot, X, dx, W, dw, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 1;
  __enzyme_fwddiff((void *)tabled, x, dx, enzyme_const, N);
  char name[48];
  for (OUT = 0; OUT < N; OUT += 2) {
    snprintf(name, sizeof name, "tabled: d x[%d]", OUT);
    CHECK(name, dx[OUT], ck_fd1(along, 0.0));
  }
  CHECK_PRIMAL("static counter advanced by the marker calls", ncalls >= 3, 1);
  return ck_done();
}
