// TEST: a GradBench-saddle-like nested derivative in C++ (my own code): the outer objective takes a few gradient-ascent steps on the inner variables, held in a std::vector<double>, each step's gradient computed by __enzyme_autodiff inside the function that is itself differentiated; reverse over reverse against finite differences and forward over reverse by the dot-product test
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

static double inner_objective(const double *p) {
  double a = p[0], b = p[1], c = p[2], d = p[3];
  return (a * a + b * b) - (c * c + d * d) + std::sin(a * c) * b + 0.1 * a * d * d;
}

__attribute__((noinline)) static double outer(const double *ab) {
  std::vector<double> p = {ab[0], ab[1], 0.3, -0.2};
  for (int it = 0; it < 3; it++) {
    double g[4] = {0, 0, 0, 0};
    __enzyme_autodiff((void *)inner_objective, enzyme_dup, p.data(), g);
    p[2] += 0.1 * g[2];
    p[3] += 0.1 * g[3];
  }
  return inner_objective(p.data());
}

static double F(double *x) { return outer(x); }

int main() {
  double x[2] = {0.4, -0.7}, dx[2] = {0, 0}, v[2] = {0.6, -0.3};
  __enzyme_autodiff((void *)outer, enzyme_dup, x, dx);
  ck_gradient("saddle: reverse over reverse", dx, F, x, 2);
  double jv = __enzyme_fwddiff((void *)outer, enzyme_dup, x, v);
  CHECK("saddle: forward over reverse <grad, v> = Jv", ck_dot(dx, v, 2), jv);
  return ck_done();
}
