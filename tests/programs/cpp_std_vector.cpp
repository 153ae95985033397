// TEST: std::vector<double> built, grown (push_back) and reduced inside the differentiated function
#include "include/catalase_check.h"
#include <vector>

extern "C" double __enzyme_fwddiff(void *, ...);

static double f(const double *x, int n) {
  std::vector<double> v;
  v.reserve(2);
  for (int i = 0; i < n; i++) v.push_back(x[i] * x[i]);
  for (int i = 0; i < n; i++) v.push_back(std::sin(v[i]) + x[i]);
  double s = 0.0;
  for (double e : v) s = s * 0.5 + e;
  return s;
}

#define N 4
static double X[N] = {0.7, -0.2, 1.1, 0.5};
static double V[N] = {1.0, 0.4, -0.6, 0.3};
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  return f(x, N);
}

int main() {
  double dx[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  CHECK("directional derivative through std::vector",
        __enzyme_fwddiff((void *)f, X, dx, N), ck_fd1(along, 0.0));
  return ck_done();
}
