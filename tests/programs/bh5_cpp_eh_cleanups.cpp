// TEST: C++ exception handling that never fires inside differentiated code: an RAII buffer whose destructor runs on the unwind path of every invoke (cleanup landing pads), try/catch around std::vector::at and a noinline helper that throws only on overflow, a catch-all that rethrows, a noexcept function (terminate landing pads) and std::vector::push_back invokes; reverse, forward (width 1 and 2) gradients against finite differences, reverse against forward
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}
struct Lanes2 {
  double d[2];
};
extern "C" Lanes2 __enzyme_fwddiff_w2(void *, ...);

struct Buffer {
  double *p;
  int n;
  explicit Buffer(int n) : p(new double[n]), n(n) {
    for (int i = 0; i < n; i++) p[i] = 0.0;
  }
  ~Buffer() { delete[] p; }
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;
};

__attribute__((noinline)) double checked_square(double x) {
  if (!(std::fabs(x) < 1e150)) throw std::overflow_error("checked_square: overflow");
  return x * x;
}

__attribute__((noinline)) double checked_log(double x) {
  if (x <= 0.0) throw std::domain_error("checked_log: not positive");
  return std::log(x);
}

/* noexcept: a throw inside would call std::terminate, so clang wraps the calls in terminate pads. */
__attribute__((noinline)) double smooth(const std::vector<double> &v, int i) noexcept {
  double s = v.at(i);
  if (i > 0) s += 0.5 * v.at(i - 1);
  return s;
}

__attribute__((noinline)) double kernel(const double *x, int n) {
  Buffer tmp(n);
  std::vector<double> v;
  for (int i = 0; i < n; i++) v.push_back(std::sin(x[i]) + 0.1 * x[i]);
  for (int i = 0; i < n; i++) {
    try {
      tmp.p[i] = checked_square(v.at(i) + x[i]);
    } catch (const std::out_of_range &) {
      break;
    }
  }
  double s = 1.0;
  for (int i = 0; i < n; i++) {
    try {
      s += tmp.p[i] * std::exp(0.3 * smooth(v, i));
    } catch (...) {
      throw;
    }
  }
  try {
    s += checked_log(s) * x[0];
  } catch (const std::exception &e) {
    std::printf("unexpected: %s\n", e.what());
    s = -1.0;
  }
  return s;
}

__attribute__((noinline)) double kernel2(const double *x, int n) {
  std::vector<double> acc(n);
  Buffer b(n);
  for (int i = 0; i < n; i++) {
    acc.at(i) = checked_square(x[i]) - x[(i + 1) % n];
    b.p[i] = std::tanh(acc[i]);
  }
  double s = 0.0;
  for (int i = 0; i < n; i++) s += b.p[i] * acc.at((i + 2) % n);
  return s;
}

#define N 5
static double F1(double *x) { return kernel(x, N); }
static double F2(double *x) { return kernel2(x, N); }

int main() {
  double x[N] = {0.4, -0.7, 0.9, 0.25, -0.35};
  double v[N], w[N];
  for (int i = 0; i < N; i++) {
    v[i] = std::cos(1.3 * i + 0.1);
    w[i] = std::sin(0.8 * i + 0.5);
  }
  double (*kernels[2])(const double *, int) = {kernel, kernel2};
  double (*refs[2])(double *) = {F1, F2};
  const char *names[2] = {"cleanups and catches", "vector at and RAII"};
  for (int k = 0; k < 2; k++) {
    double g[N] = {0};
    char label[96];
    if (k == 0)
      __enzyme_autodiff((void *)kernel, enzyme_dup, x, g, enzyme_const, N);
    else
      __enzyme_autodiff((void *)kernel2, enzyme_dup, x, g, enzyme_const, N);
    std::snprintf(label, sizeof label, "%s reverse", names[k]);
    ck_gradient(label, g, refs[k], x, N);
    double t = k == 0 ? __enzyme_fwddiff((void *)kernel, enzyme_dup, x, v, enzyme_const, N)
                      : __enzyme_fwddiff((void *)kernel2, enzyme_dup, x, v, enzyme_const, N);
    std::snprintf(label, sizeof label, "%s forward vs reverse", names[k]);
    CHECK(label, t, ck_dot(g, v, N));
    Lanes2 l = k == 0 ? __enzyme_fwddiff_w2((void *)kernel, enzyme_width, 2, enzyme_dup, x, v, w, enzyme_const, N)
                      : __enzyme_fwddiff_w2((void *)kernel2, enzyme_width, 2, enzyme_dup, x, v, w, enzyme_const, N);
    std::snprintf(label, sizeof label, "%s forward width 2 lane 0", names[k]);
    CHECK(label, l.d[0], ck_dot(g, v, N));
    std::snprintf(label, sizeof label, "%s forward width 2 lane 1", names[k]);
    CHECK(label, l.d[1], ck_dot(g, w, N));
    CHECK_PRIMAL("primal unchanged by the calls", kernels[k](x, N), refs[k](x));
  }
  return ck_done();
}
