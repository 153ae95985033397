// TEST: reverse and forward mode through one C++ template instantiated for float and for double: a Horner-evaluated Chebyshev series and a Newton solve of a Kepler equation templated over the scalar type T (std::numeric_limits<T>::epsilon for the stopping test, std::abs/std::sin/std::cos overloads picked by T), a templated small matrix struct with operator() and a member template converting between precisions; the double instance's gradients against finite differences, the float instance's against the double instance's finite differences with the float tolerance, dot-product tests against forward mode
#include <cmath>
#include <limits>
#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" float __enzyme_autodiff_f(void *, ...) __asm__("__enzyme_autodiff");
extern "C" double __enzyme_fwddiff(void *, ...);
extern "C" float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");

template <typename T, int R, int C> struct Mat {
  T a[R * C];
  T &operator()(int i, int j) { return a[i * C + j]; }
  const T &operator()(int i, int j) const { return a[i * C + j]; }
  template <typename U> Mat<U, R, C> cast() const {
    Mat<U, R, C> m;
    for (int i = 0; i < R * C; i++) m.a[i] = static_cast<U>(a[i]);
    return m;
  }
};

template <typename T> static T chebyshev(const T *c, int n, T x) {
  T b1 = 0, b2 = 0;
  for (int k = n - 1; k >= 1; k--) {
    T b0 = T(2) * x * b1 - b2 + c[k];
    b2 = b1;
    b1 = b0;
  }
  return x * b1 - b2 + c[0];
}

template <typename T> static T kepler(T M, T e) {
  T E = M + e * std::sin(M);
  for (int it = 0; it < 50; it++) {
    T d = (E - e * std::sin(E) - M) / (T(1) - e * std::cos(E));
    E -= d;
    if (std::abs(d) < T(4) * std::numeric_limits<T>::epsilon()) break;
  }
  return E;
}

/* p = [c0..c4, M, e, m00, m01, m10, m11] */
template <typename T> static T model(const T *p) {
  Mat<T, 2, 2> m;
  m(0, 0) = p[7]; m(0, 1) = p[8]; m(1, 0) = p[9]; m(1, 1) = p[10];
  Mat<double, 2, 2> md = m.template cast<double>();
  T E = kepler<T>(p[5], p[6]);
  T ch = chebyshev<T>(p, 5, std::cos(E) * T(0.8));
  T det = static_cast<T>(md(0, 0) * md(1, 1) - md(0, 1) * md(1, 0));
  return ch * det + m(0, 1) * E;
}

constexpr int NP = 11;
static double Fd(double *p) { return model<double>(p); }

int main() {
  double p[NP] = {0.5, -0.3, 0.2, 0.1, -0.05, 1.1, 0.3, 1.2, 0.4, -0.3, 0.9};
  double v[NP];
  for (int i = 0; i < NP; i++) v[i] = 0.1 * ((i * 3) % 5) - 0.2;
  double dp[NP] = {0};
  __enzyme_autodiff((void *)model<double>, enzyme_dup, p, dp);
  ck_gradient("template<double>: d/dp", dp, Fd, p, NP);
  double jv = __enzyme_fwddiff((void *)model<double>, enzyme_dup, p, v);
  CHECK("template<double>: dot test", ck_dot(dp, v, NP), jv);

  float pf[NP], dpf[NP] = {0}, vf[NP];
  for (int i = 0; i < NP; i++) { pf[i] = (float)p[i]; vf[i] = (float)v[i]; }
  __enzyme_autodiff_f((void *)model<float>, enzyme_dup, pf, dpf);
  double pd[NP];
  for (int i = 0; i < NP; i++) pd[i] = pf[i]; /* the float inputs, exactly, in double */
  for (int i = 0; i < NP; i++) {
    char label[64];
    snprintf(label, sizeof label, "template<float>: d/dp[%d]", i);
    CHECK_F32(label, dpf[i], ck_fd_partial(Fd, pd, i));
  }
  float jvf = __enzyme_fwddiff_f((void *)model<float>, enzyme_dup, pf, vf);
  double lhs = 0.0;
  for (int i = 0; i < NP; i++) lhs += (double)dpf[i] * vf[i];
  CHECK_F32("template<float>: dot test", lhs, jvf);
  return ck_done();
}
