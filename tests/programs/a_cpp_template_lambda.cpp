// TEST: C++: extern "C" markers called inside function templates (type and int parameters), lambdas, generic lambdas and capturing lambdas
#include "include/catalase_check.h"

extern "C" {
double __enzyme_fwddiff(void *, ...);
}

template <typename T> static T cubic(T x, T a) { return a * x * x * x + std::sin(x); }
#include <cmath>

template <typename T> static double dcubic(T x, T a) {
  return __enzyme_fwddiff((void *)cubic<T>, x, (T)1, enzyme_const, a);
}
template <int K> static double powk(double x) {
  double r = 1;
  for (int i = 0; i < K; i++) r *= x;
  return r;
}
template <int K> static double dpowk(double x) { return __enzyme_fwddiff((void *)powk<K>, x, 1.0); }

static double cubic_d(double x) { return cubic<double>(x, 2.5); }

int main() {
  CHECK("template instantiation <double>", dcubic<double>(0.7, 2.5), ck_fd1(cubic_d, 0.7));
  CHECK("template int param <3>", dpowk<3>(1.2), 3 * 1.2 * 1.2);
  CHECK("template int param <5>", dpowk<5>(0.9), 5 * std::pow(0.9, 4));
  /* marker call inside a lambda (named template function as the operand) */
  auto dl = [](double x) { return __enzyme_fwddiff((void *)powk<4>, x, 1.0); };
  CHECK("marker inside lambda", dl(1.3), 4 * 1.3 * 1.3 * 1.3);
  /* marker inside a generic lambda, instantiated for float */
  auto dg = [](auto x) { return (double)__enzyme_fwddiff((void *)cubic<double>, (double)x, 1.0, enzyme_const, 2.0); };
  CHECK("marker inside generic lambda", dg(0.5f), 3 * 2.0 * 0.25 + std::cos(0.5));
  /* marker inside a lambda with captures */
  double a = 1.7;
  auto dcap = [&](double x) { return __enzyme_fwddiff((void *)cubic<double>, x, 1.0, enzyme_const, a); };
  CHECK("marker inside capturing lambda", dcap(0.3), 3 * a * 0.09 + std::cos(0.3));
  return ck_done();
}
