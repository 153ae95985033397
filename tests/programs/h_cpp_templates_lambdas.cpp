// TEST: C++ templates over float/double, lambdas (capturing by reference and by value) called inside the differentiated function, a generic reduce
#include "include/catalase_check.h"
#include <cmath>

extern "C" double __enzyme_fwddiff(void *, ...);
extern "C" float __enzyme_fwddiff_f(void *, const float *, float *, float, float, int, int);

template <typename T, typename F>
static T reduce(const T *x, int n, T init, F op) {
  T acc = init;
  for (int i = 0; i < n; i++) acc = op(acc, x[i], i);
  return acc;
}

template <typename T>
static T model(const T *x, T a, int n) {
  T scale = a * a;
  auto op = [&scale, a](T acc, T xi, int i) {
    T term = std::exp(-scale * xi * xi) * (T)(i + 1);
    return acc + term * a;
  };
  T s = reduce(x, n, (T)0, op);
  auto sq = [](T v) { return v * v; };
  return s + sq(x[0] - a);
}

static double model_d(const double *x, double a, int n) { return model<double>(x, a, n); }
static float model_f(const float *x, float a, int n) { return model<float>(x, a, n); }

#define N 7
static double XD[N];
static float XF[N];
static double V[N];
static bool USE_F;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = (USE_F ? (double)XF[i] : XD[i]) + t * V[i];
  return model<double>(x, (USE_F ? 0.625 : 0.8) + 0.5 * t, N);
}

int main() {
  for (int i = 0; i < N; i++) {
    XD[i] = 0.3 * i - 0.8;
    XF[i] = 0.25f * (float)i - 0.75f;
    V[i] = std::sin(1.0 + i);
  }
  double dx[N];
  float dxf[N];
  for (int i = 0; i < N; i++) {
    dx[i] = V[i];
    dxf[i] = (float)V[i];
  }
  USE_F = false;
  CHECK("template<double> + lambdas: d", __enzyme_fwddiff((void *)model_d, XD, dx, 0.8, 0.5, enzyme_const, N),
        ck_fd1(along, 0.0));
  USE_F = true;
  CHECK_F32("template<float> + lambdas: d",
            __enzyme_fwddiff_f((void *)model_f, XF, dxf, 0.625f, 0.5f, enzyme_const, N), ck_fd1(along, 0.0));
  return ck_done();
}
