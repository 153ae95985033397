// TEST: float (f32) array reduction loop through dup float pointers: softmax-weighted sum
#include "include/catalase_check.h"

float __enzyme_fwddiff(void *, float *, float *, int);

#define N 6
static float f(float *x, int n) {
  float m = x[0];
  for (int i = 1; i < n; i++) m = fmaxf(m, x[i]);
  float z = 0.0f, s = 0.0f;
  for (int i = 0; i < n; i++) {
    float e = expf(x[i] - m);
    z += e;
    s += e * x[i];
  }
  return s / z;
}
static double f_d(const double *x, int n) {
  double m = x[0];
  for (int i = 1; i < n; i++) m = fmax(m, x[i]);
  double z = 0.0, s = 0.0;
  for (int i = 0; i < n; i++) {
    double e = exp(x[i] - m);
    z += e;
    s += e * x[i];
  }
  return s / z;
}

static float X[N] = {0.5f, -1.0f, 1.75f, 0.25f, 1.0f, -0.5f};
static float V[N] = {1.0f, 0.5f, -0.25f, 0.75f, -1.0f, 0.125f};
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = (double)X[i] + t * (double)V[i];
  return f_d(x, N);
}

int main(void) {
  float x[N], dx[N];
  memcpy(x, X, sizeof x);
  memcpy(dx, V, sizeof dx);
  CHECK_F32("directional d softmax-mean (f32)", __enzyme_fwddiff((void *)f, x, dx, N),
            ck_fd1(along, 0.0));
  return ck_done();
}
