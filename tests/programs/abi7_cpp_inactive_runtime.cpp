// TEST: ABI §7.4 inactive C++ runtime inside differentiated code: std::cout / std::cerr output, std::string building and std::hash, a function-local static initialized at run time (__cxa_guard_acquire/release), printf, in forward and reverse mode, against finite differences and the dot-product test
#include <functional>
#include <iostream>
#include <string>

#include "include/catalase_check.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

static volatile int VERBOSE = 0;

static double scale_of(int k) {
  static const double table = std::exp(0.25 * k); // run-time init under a guard (first call's k)
  return table;
}

__attribute__((noinline)) static double f(const double *x, int n) {
  std::string label = "f(" + std::to_string(n) + ")";
  size_t h = std::hash<std::string>{}(label);
  if (VERBOSE) std::cout << label << " hash " << h << std::endl;
  double s = 0;
  for (int i = 0; i < n; i++) {
    s += scale_of(2) * x[i] * x[i] * (1.0 + (h % 2 == 7 ? 1.0 : 0.0)) + sin(x[i]) * x[(i + 1) % n];
    if (VERBOSE) std::cerr << "i=" << i << " s=" << s << '\n';
  }
  if (s != s) printf("nan\n");
  return s;
}

static double X[4] = {0.3, -0.8, 1.1, 0.5};
static int K;
static double f_k(double t) { double x[4] = {X[0], X[1], X[2], X[3]}; x[K] += t; return f(x, 4); }

int main() {
  double dx[4] = {0}, v[4] = {0.2, -0.5, 0.3, 0.7};
  __enzyme_autodiff((void *)f, enzyme_dup, X, dx, enzyme_const, 4);
  double dot = 0;
  char l[64];
  for (K = 0; K < 4; K++) {
    snprintf(l, sizeof l, "C++ runtime reverse d/dx[%d]", K);
    CHECK(l, dx[K], ck_fd1(f_k, 0.0));
    dot += dx[K] * v[K];
  }
  CHECK("C++ runtime forward: dot test", __enzyme_fwddiff((void *)f, enzyme_dup, X, v, enzyme_const, 4), dot);
  return ck_done();
}
