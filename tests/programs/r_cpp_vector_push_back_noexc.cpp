// TEST: reverse mode through std::vector<double> grown by push_back inside the differentiated function (reallocation copies active values), a data-dependent number of elements, and a reduction over the vector with an iterator (built with -fno-exceptions: no invoke at all)
// CFLAGS: -fno-exceptions
#include <vector>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);

static double features(const double *x, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; i++) {
    v.push_back(x[i] * x[i]);
    if (x[i] > 0.0) v.push_back(exp(-x[i]) * x[(i + 1) % n]);
  }
  double s = 0.0;
  int k = 0;
  for (auto it = v.begin(); it != v.end(); ++it, ++k) s += (*it) * (*it) * (1.0 + 0.1 * k);
  return s;
}

#define N 9
static double F(double *x) { return features(x, N); }

int main() {
  double x[N] = {0.4, -0.3, 1.2, 0.9, -1.1, 0.25, 0.6, -0.45, 0.8}, dx[N] = {0};
  __enzyme_autodiff((void *)features, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("std::vector push_back", dx, F, x, N);
  return ck_done();
}
