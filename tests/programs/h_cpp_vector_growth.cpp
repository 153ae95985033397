// TEST: std::vector push_back growth from empty (no reserve), vector of structs, vector copied and resized, at every -O level
#include "include/catalase_check.h"
#include <cmath>
#include <vector>

extern "C" double __enzyme_fwddiff(void *, ...);

struct Sample {
  double t, y;
};

static double fit(const double *x, int n) {
  std::vector<Sample> pts;  // grows 1, 2, 4, 8, 16 ...
  for (int i = 0; i < n; i++) pts.push_back({0.1 * i, x[i] * x[i] + std::sin(x[i])});
  std::vector<double> resid;
  double mean = 0.0;
  for (const Sample &s : pts) mean += s.y;
  mean /= (double)pts.size();
  for (const Sample &s : pts) resid.push_back(s.y - mean * (1.0 + s.t));
  std::vector<double> copy = resid;  // copy construction
  copy.resize(copy.size() + 3, 0.5); // resize with fill
  double ss = 0.0;
  for (size_t i = 0; i < copy.size(); i++) ss += copy[i] * copy[i] * (i % 2 ? 1.0 : 2.0);
  return ss;
}

#define N 13
static double X[N], V[N];
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  return fit(x, N);
}

int main() {
  for (int i = 0; i < N; i++) {
    X[i] = 0.2 * i - 1.1;
    V[i] = std::cos(0.6 * i);
  }
  double dx[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  CHECK("vector<Sample> push_back growth, copy, resize: d",
        __enzyme_fwddiff((void *)fit, X, dx, enzyme_const, N), ck_fd1(along, 0.0));
  return ck_done();
}
