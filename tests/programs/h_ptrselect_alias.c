// TEST: a pointer chosen at run time between an active input and a const table, and the same buffer passed as two dup arguments (aliasing)
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...);

#define N 5
static const double TABLE[N] = {1.5, 2.5, 3.5, 4.5, -0.5};
/* src is either the active x or the constant table. */
static double psel(const double *x, int which) {
  const double *src = which ? x : TABLE;
  double s = 0.0;
  for (int i = 0; i < N; i++) s += src[i] * x[i] + sin(src[(i + 2) % N]);
  return s;
}
/* b[i] = b[i]*a[(i+1)%N] + 1 with a and b possibly the same buffer (sequential dependence). */
static void alias2(const double *a, double *b) {
  for (int i = 0; i < N; i++) b[i] = b[i] * a[(i + 1) % N] + cos(a[i]);
}

static double X[N] = {0.3, -0.6, 0.9, 0.2, 1.1}, V[N] = {0.5, 1.0, -0.3, 0.8, 0.25};
static int WHICH, OUT;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  if (WHICH < 2) return psel(x, WHICH);
  alias2(x, x);
  return x[OUT];
}

int main(void) {
  double dx[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  WHICH = 0;
  CHECK("psel -> const table: d", __enzyme_fwddiff_d((void *)psel, X, dx, enzyme_const, 0), ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK("psel -> active input: d", __enzyme_fwddiff_d((void *)psel, X, dx, enzyme_const, 1), ck_fd1(along, 0.0));
  WHICH = 2;
  double y[N];
  for (int i = 0; i < N; i++) y[i] = X[i];
  __enzyme_fwddiff((void *)alias2, y, dx, y, dx);
  char name[48];
  for (OUT = 0; OUT < N; OUT++) {
    snprintf(name, sizeof name, "alias2(a == b): d y[%d]", OUT);
    CHECK(name, dx[OUT], ck_fd1(along, 0.0));
  }
  return ck_done();
}
