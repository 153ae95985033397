// TEST: enzyme_width 2 called twice in one function with the lanes' buffers swapped (each copy of the derivative, once inlined, keeps its own alias scopes)
#include "include/catalase_check.h"

typedef struct { double d[2]; } v2;
v2 __enzyme_fwddiff(void *, ...);

#define N 5
static double step(const double *x, double *y) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    y[i] = y[i] * x[i] + sin(x[i] + y[(i + 1) % N]);
    s += y[i];
  }
  return s;
}

static double X[N] = {0.3, -0.8, 1.1, 0.5, -0.2}, Y[N] = {0.9, 0.1, -0.6, 1.2, 0.4};
static double VX[2][N] = {{1, 0, 0.5, 0, 0}, {0, -1, 0, 0.25, 2}}, VY[2][N] = {{0, 1, 0, 0, -1}, {0.5, 0, 0, 1, 0}};
static int K, OUT;
static double along(double t) {
  double x[N], y[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * VX[K][i], y[i] = Y[i] + t * VY[K][i];
  step(x, y);
  step(x, y);
  return y[OUT];
}

int main(void) {
  double x[N], y[N], a[N], b[N], da[N], db[N];
  for (int i = 0; i < N; i++) x[i] = X[i], y[i] = Y[i], a[i] = VY[0][i], b[i] = VY[1][i], da[i] = VX[0][i], db[i] = VX[1][i];
  __enzyme_fwddiff((void *)step, enzyme_width, 2, enzyme_dup, x, da, db, enzyme_dup, y, a, b);
  __enzyme_fwddiff((void *)step, enzyme_width, 2, enzyme_dup, x, db, da, enzyme_dup, y, b, a);
  char name[48];
  for (K = 0; K < 2; K++)
    for (OUT = 0; OUT < N; OUT++) {
      snprintf(name, sizeof name, "direction %d dy[%d]", K, OUT);
      CHECK(name, (K == 0 ? a : b)[OUT], ck_fd1(along, 0.0));
    }
  return ck_done();
}
