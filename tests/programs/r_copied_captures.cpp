// TEST: reverse mode through values copied as raw 8-byte words whose type only the caller knows: lambdas capturing a double by value ([k]), a pointer by reference ([&v]) and both ([k, &v], [k, s]) held in std::function (libstdc++'s _M_create copies each closure with a memcpy that becomes an `i64` load and store; type analysis joins every closure std::function's _Any_data ever holds, so only the declared type of the closure where the lambda is made says whether the 8 bytes are a double, whose adjoint must flow back, or a pointer, whose shadow must go along), and noinline 8-byte copiers of one kind each (argument promotion passes the source as an `i64` at -O3); checked against finite differences
#include <cmath>
#include <cstring>
#include <functional>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);

// Each copies 8 bytes of one kind only.
__attribute__((noinline)) static void copy_ptr(void *d, const void *s) { std::memcpy(d, s, 8); }
struct Boxed {
  double v;
};
__attribute__((noinline)) static void copy_boxed(Boxed *d, const Boxed *s) { std::memcpy(d, s, sizeof(Boxed)); }

static double captures(double *x) {
  double k = x[0];
  std::function<double(double)> by_value = [k](double t) { return std::sin(k * t) + k * k; };
  std::function<double(double)> by_ref = [&x](double t) { return x[2] * t + x[3]; };
  std::function<double(double)> both = [k, &x](double t) { return k * x[4] + t; };
  double s = x[5];
  std::function<double(double)> two = [k, s](double t) { return k * s * t; };
  return by_value(x[1]) + by_ref(x[1]) * both(x[2]) + two(x[3]);
}

static double copies(double *x) {
  double *p;
  double *q = x + 1;
  copy_ptr(&p, &q);
  Boxed a = {x[0] * x[2]}, b;
  copy_boxed(&b, &a);
  return b.v * p[0] + std::cos(b.v);
}

static double f(double *x) { return captures(x) + copies(x); }

int main() {
  double x[6] = {0.7, 1.3, -0.4, 0.9, 1.1, -0.6}, dx[6] = {0};
  __enzyme_autodiff((void *)captures, enzyme_dup, x, dx);
  ck_gradient("lambda captures through std::function", dx, captures, x, 6);
  double dy[6] = {0};
  __enzyme_autodiff((void *)copies, enzyme_dup, x, dy);
  ck_gradient("8-byte copies of one kind", dy, copies, x, 6);
  double dz[6] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, dz);
  ck_gradient("both", dz, f, x, 6);
  return ck_done();
}
