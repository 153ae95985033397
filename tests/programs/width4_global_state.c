// TEST: enzyme_width 4 through mutable globals: a scalar, an array and globals passed by address, written and read back inside the derivative (each lane has its own global shadows)
#include "include/catalase_check.h"

typedef struct { double d[4]; } v4;
v4 __enzyme_fwddiff(void *, ...);

#define N 3
double g_scale;
double g_buf[N];
static double g_left, g_right;

__attribute__((noinline)) void put(const double *x) {
  g_scale = x[0] * x[1];
  for (int i = 0; i < N; i++) g_buf[i] = sin(x[i]) * g_scale;
}

__attribute__((noinline)) void side(double *dst, double v) { *dst = v * v; }

static double f(const double *x) {
  put(x);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += g_buf[i] * x[(i + 1) % N];
  side(&g_left, x[2]);
  side(&g_right, s);
  put(x + 1); /* overwrites the globals with other values of the same lanes */
  return s + g_left * g_right + g_buf[0] * g_scale;
}

static double X[N + 1] = {0.7, -1.1, 0.4, 1.3};
static double V[4][N + 1] = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0.5, -1, 2, 0}, {0, 0, 1, -0.5}};
static int K;
static double along(double t) {
  double x[N + 1];
  for (int i = 0; i <= N; i++) x[i] = X[i] + t * V[K][i];
  return f(x);
}

int main(void) {
  v4 g = __enzyme_fwddiff((void *)f, enzyme_width, 4, enzyme_dup, X, V[0], V[1], V[2], V[3]);
  char name[48];
  for (K = 0; K < 4; K++) {
    snprintf(name, sizeof name, "lane%d df along v%d", K, K);
    CHECK(name, g.d[K], ck_fd1(along, 0.0));
  }
  return ck_done();
}
