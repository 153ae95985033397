// TEST: reverse mode through C++ templates instantiated for float and double (a templated polynomial class with a method, a templated norm helper, a lambda applied in a loop), differentiated as f<double> and f<float>
#include <type_traits>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" float __enzyme_autodiff_f(void *, ...);

template <typename T> struct Poly {
  T c[4];
  T operator()(T x) const { return ((c[3] * x + c[2]) * x + c[1]) * x + c[0]; }
};

template <typename T> static T norm2(const T *v, int n) {
  T s = 0;
  for (int i = 0; i < n; i++) s += v[i] * v[i];
  return s;
}

template <typename T> static T model(T x) {
  Poly<T> p{{T(0.5), T(-1.0), T(0.25), T(0.125)}};
  T v[3] = {p(x), p(x * x), std::is_same<T, float>::value ? T(sinf(float(x))) : T(sin(double(x)))};
  auto squash = [](T t) { return t / (T(1) + t * t); };
  T s = 0;
  for (int i = 0; i < 3; i++) s += squash(v[i]);
  return s + norm2(v, 3);
}

static double model_d(double x) { return model<double>(x); }

int main() {
  double xs[3] = {-0.8, 0.35, 1.4};
  for (double x : xs) {
    CHECK("template model<double>: d/dx", __enzyme_autodiff((void *)model<double>, x), ck_fd1(model_d, x));
    CHECK_F32("template model<float>: d/dx", __enzyme_autodiff_f((void *)model<float>, (float)x), ck_fd1(model_d, (double)(float)x));
  }
  return ck_done();
}
