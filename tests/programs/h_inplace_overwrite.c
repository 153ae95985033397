// TEST: in-place overwrite of inputs (x[i] = g(x[i], x[i-1]) read-after-write chains, swap through a temp, prefix products) at every -O level
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

#define N 8
/* Each element overwritten with a function of its old value and the NEW previous element. */
static void chain(double *x, int n) {
  for (int i = 1; i < n; i++) x[i] = x[i] * sin(x[i - 1]) + x[i - 1] * x[i - 1] * 0.5;
  x[0] = x[0] * x[n - 1];
}
/* Reverse in place, then prefix product in place, then normalize by the (overwritten) first element. */
static void revprod(double *x, int n) {
  for (int i = 0; i < n / 2; i++) {
    double t = x[i];
    x[i] = x[n - 1 - i];
    x[n - 1 - i] = t;
  }
  for (int i = 1; i < n; i++) x[i] *= x[i - 1];
  double h = x[0];
  for (int i = 0; i < n; i++) x[i] /= h + 2.0;
}
/* A scalar passed by pointer, overwritten repeatedly, and its old value used after the write. */
static void scal(double *a, double *b) {
  double old = *a;
  *a = *a * *b;
  *b = *a + old;
  *a = sqrt(*a * *a + *b * *b);
  *b = *b / *a + old;
}

static double X[N] = {0.9, 0.4, -0.7, 1.2, 0.3, -0.5, 0.8, 1.1};
static double V[N] = {0.3, -0.2, 0.5, 0.1, -0.4, 0.25, 0.6, -0.1};
static int WHICH, OUT;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  if (WHICH == 0) chain(x, N);
  else if (WHICH == 1) revprod(x, N);
  else scal(&x[0], &x[1]);
  return x[OUT];
}

int main(void) {
  const char *names[3] = {"chain", "revprod", "scal"};
  char name[48];
  for (WHICH = 0; WHICH < 3; WHICH++) {
    double x[N], dx[N];
    for (int i = 0; i < N; i++) {
      x[i] = X[i];
      dx[i] = V[i];
    }
    if (WHICH == 0) __enzyme_fwddiff((void *)chain, x, dx, enzyme_const, N);
    else if (WHICH == 1) __enzyme_fwddiff((void *)revprod, x, dx, enzyme_const, N);
    else __enzyme_fwddiff((void *)scal, &x[0], &dx[0], &x[1], &dx[1]);
    int nout = WHICH == 2 ? 2 : N;
    for (OUT = 0; OUT < nout; OUT++) {
      snprintf(name, sizeof name, "%s: d x[%d]", names[WHICH], OUT);
      CHECK(name, dx[OUT], ck_fd1(along, 0.0));
    }
    /* The primal must have been updated too (ABI decision 7). */
    double ref[N];
    for (int i = 0; i < N; i++) ref[i] = X[i];
    if (WHICH == 0) chain(ref, N);
    else if (WHICH == 1) revprod(ref, N);
    else scal(&ref[0], &ref[1]);
    snprintf(name, sizeof name, "%s: primal x[1]", names[WHICH]);
    CHECK_PRIMAL(name, x[1], ref[1]);
  }
  return ck_done();
}
