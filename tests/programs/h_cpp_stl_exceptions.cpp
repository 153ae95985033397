// TEST: C++ nested std::vector<std::vector<double>>, std::transform/accumulate/inner_product/max_element with lambdas, try/catch around a throwing helper
#include "include/catalase_check.h"
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

extern "C" double __enzyme_fwddiff(void *, ...);

static double vv(const double *x, int n) {
  std::vector<std::vector<double>> m(n, std::vector<double>(n));
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) m[i][j] = x[i] * x[j] + (i == j ? 1.0 : 0.0);
  std::vector<double> r(n);
  std::transform(m.begin(), m.end(), r.begin(), [](const std::vector<double> &row) {
    return std::accumulate(row.begin(), row.end(), 0.0);
  });
  double mx = *std::max_element(r.begin(), r.end());
  return std::inner_product(r.begin(), r.end(), r.begin(), 0.0) + mx;
}
static double safe_log(double v) {
  if (v <= 0.0) throw 1;
  return std::log(v);
}
static double exc(double x) {
  try {
    return safe_log(x * x + 1.0) * x;
  } catch (int) {
    return 0.0;
  }
}

#define N 5
static double X[N] = {0.3, -0.5, 0.8, 0.1, 0.45}, V[N] = {1.0, 0.2, -0.4, 0.6, 0.3};
static int WHICH;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  return WHICH == 0 ? vv(x, N) : exc(0.6 + t);
}

int main() {
  double dx[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  WHICH = 0;
  CHECK("nested vectors + <algorithm>/<numeric>: d", __enzyme_fwddiff((void *)vv, X, dx, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK("try/catch (not thrown): d", __enzyme_fwddiff((void *)exc, 0.6, 1.0), ck_fd1(along, 0.0));
  return ck_done();
}
