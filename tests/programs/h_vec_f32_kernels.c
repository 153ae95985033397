// TEST: float kernels that vectorize to <4 x float> (default) : saxpy, sum of squares, scaled norm over length 37
#include "include/catalase_check.h"

/* Typed prototype: floats are passed as float (no variadic promotion). */
float __enzyme_fwddiff(void *, const float *, float *, float *, float *, float, float, int, int);

#define N 37
static float kern(const float *x, float *y, float a, int n) {
  float ss = 0.0f;
  for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
  for (int i = 0; i < n; i++) ss += y[i] * y[i];
  return sqrtf(ss) / (float)n;
}
static double kern_d(const double *x, double *y, double a, int n) {
  double ss = 0.0;
  for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
  for (int i = 0; i < n; i++) ss += y[i] * y[i];
  return sqrt(ss) / (double)n;
}

static float X[N], Y[N], A = 1.25f;
static double VX[N], VY[N], VA;
static int OUT;
static double along(double t) {
  double x[N], y[N];
  for (int i = 0; i < N; i++) {
    x[i] = X[i] + t * VX[i];
    y[i] = Y[i] + t * VY[i];
  }
  double r = kern_d(x, y, A + t * VA, N);
  return OUT < 0 ? r : y[OUT];
}

static int run(void) {
  float dx[N], y[N], dy[N];
  for (int i = 0; i < N; i++) {
    dx[i] = (float)VX[i];
    y[i] = Y[i];
    dy[i] = (float)VY[i];
  }
  float dr = __enzyme_fwddiff((void *)kern, X, dx, y, dy, A, (float)VA, enzyme_const, N);
  OUT = -1;
  CHECK_F32("d norm", dr, ck_fd1(along, 0.0));
  char name[48];
  for (OUT = 0; OUT < N; OUT += 5) {
    snprintf(name, sizeof name, "d y[%d]", OUT);
    CHECK_F32(name, dy[OUT], ck_fd1(along, 0.0));
  }
  OUT = N - 1;
  CHECK_F32("d y[last]", dy[OUT], ck_fd1(along, 0.0));
  return 0;
}

int main(void) {
  for (int i = 0; i < N; i++) {
    X[i] = 0.5f + 0.03f * (float)i;
    Y[i] = (float)cos(0.2 * i);
    VX[i] = 0.25;
    VY[i] = (i % 4) * 0.25 - 0.3;
  }
  /* Exact float inputs: the double twin sees exactly the same starting values. */
  VA = -0.5;
  run();
  return ck_done();
}
