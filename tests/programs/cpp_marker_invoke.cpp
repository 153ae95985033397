// TEST: every marker call is an `invoke` (C++ with exceptions: a std::vector local must be freed if the call throws), scalar, pointer, width 2, primal return and inside try/catch
// Each marker call sits in a noinline function that owns a std::vector whose storage escapes
// into a call, so its destructor needs a landing pad and clang emits `invoke
// @__enzyme_fwddiff...` at -O0 through -O3 (checked with clang-22 -S -emit-llvm when this file
// was written: 5 invokes of marker functions and no plain call at each level).
#include "include/catalase_check.h"
#include <cmath>
#include <vector>

typedef struct { double d[2]; } v2;
extern "C" double __enzyme_fwddiff(void *, ...);
extern "C" v2 __enzyme_fwddiff_w2(void *, ...);
extern "C" v2 __enzyme_fwddiff_primal(void *, ...);

static double f(double x, double y) { return std::sin(x) * y + x * x * y; }
static double g(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[i] * x[i] * std::exp(0.1 * x[i]);
  return s;
}

// Opaque to the optimizer: keeps each vector's storage alive and escaping.
__attribute__((noinline)) static void touch(std::vector<double> &v) { v.push_back(0.0); }

__attribute__((noinline)) static double scalar_tangent(double x, double y, double dx, double dy) {
  std::vector<double> keep(3, x);
  touch(keep);
  return __enzyme_fwddiff((void *)f, x, dx, y, dy);
}

#define N 4
__attribute__((noinline)) static double pointer_tangent(const double *x0, const double *v) {
  std::vector<double> x(x0, x0 + N), dx(v, v + N);
  touch(x);
  return __enzyme_fwddiff((void *)g, x.data(), dx.data(), enzyme_const, N);
}

__attribute__((noinline)) static v2 width2_tangent(double x, double y) {
  std::vector<double> keep(2, y);
  touch(keep);
  return __enzyme_fwddiff_w2((void *)f, enzyme_width, 2, x, 1.0, 0.0, y, 0.0, 1.0);
}

__attribute__((noinline)) static v2 primal_and_tangent(double x, double y) {
  std::vector<double> keep(2, x);
  touch(keep);
  return __enzyme_fwddiff_primal((void *)f, enzyme_primal_return, x, 1.0, y, 0.0);
}

__attribute__((noinline)) static double tangent_in_try(double x, double y) {
  std::vector<double> keep(1, x);
  touch(keep);
  try {
    return __enzyme_fwddiff((void *)f, x, 0.0, y, 1.0);
  } catch (...) {
    return -1.0;
  }
}

static double GX = 0.7, GY = 1.3;
static double fx(double x) { return f(x, GY); }
static double fy(double y) { return f(GX, y); }
static double X[N] = {0.3, -0.5, 0.8, 1.1}, V[N] = {1.0, 0.2, -0.4, 0.6};
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  return g(x, N);
}

int main() {
  CHECK("scalar invoke: d/dx + 0.5 d/dy", scalar_tangent(GX, GY, 1.0, 0.5), ck_fd1(fx, GX) + 0.5 * ck_fd1(fy, GY));
  CHECK("pointer invoke: directional derivative", pointer_tangent(X, V), ck_fd1(along, 0.0));
  v2 w = width2_tangent(GX, GY);
  CHECK("width 2 invoke: lane 0 = d/dx", w.d[0], ck_fd1(fx, GX));
  CHECK("width 2 invoke: lane 1 = d/dy", w.d[1], ck_fd1(fy, GY));
  v2 p = primal_and_tangent(GX, GY);
  CHECK_PRIMAL("primal return invoke: primal", p.d[0], f(GX, GY));
  CHECK("primal return invoke: d/dx", p.d[1], ck_fd1(fx, GX));
  CHECK("invoke inside try: d/dy", tangent_in_try(GX, GY), ck_fd1(fy, GY));
  return ck_done();
}
