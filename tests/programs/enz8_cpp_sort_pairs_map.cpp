// TEST: reverse and forward mode through C++ order statistics and table lookups: a std::vector<std::pair<double,int>> of (active value, index) sorted with std::sort and a lambda comparator, the sorted order used to permute a second active array (an L-estimator / trimmed weighted mean), std::nth_element for a median, and std::map<int,double> coefficient tables (built by operator[] and looked up with find and lower_bound) that multiply the active terms; gradients against finite differences, dot-product test against forward mode
#include <algorithm>
#include <map>
#include <utility>
#include <vector>
#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

constexpr int N = 9;

static double robust(const double *x, const double *y, int n) {
  std::vector<std::pair<double, int>> vi;
  vi.reserve(n);
  for (int i = 0; i < n; i++) vi.emplace_back(std::sin(x[i]) + 0.1 * x[i] * x[i], i);
  std::sort(vi.begin(), vi.end(), [](const std::pair<double, int> &a, const std::pair<double, int> &b) {
    return a.first < b.first;
  });
  std::map<int, double> weight;
  for (int r = 0; r < n; r++) weight[r] = (r == 0 || r == n - 1) ? 0.0 : 1.0 + 0.1 * r * (n - 1 - r);
  std::map<int, double> scale{{0, 1.0}, {3, 1.5}, {6, 0.75}};
  double s = 0.0;
  for (int r = 0; r < n; r++) {
    int idx = vi[r].second;
    auto it = weight.find(r);
    auto sc = scale.upper_bound(idx);
    --sc; /* the largest key <= idx */
    s += it->second * sc->second * (vi[r].first + 0.5 * y[idx] * vi[r].first);
  }
  std::vector<double> yy(y, y + n);
  std::nth_element(yy.begin(), yy.begin() + n / 2, yy.end());
  return s + yy[n / 2] * yy[n / 2];
}

static double gx[N], gy[N];
static double Fx(double *x) { return robust(x, gy, N); }
static double Fy(double *y) { return robust(gx, y, N); }

int main() {
  double x[N], y[N], dx[N] = {0}, dy[N] = {0}, vx[N], vy[N];
  for (int i = 0; i < N; i++) {
    x[i] = 1.3 * std::sin(2.1 * i + 0.4);
    y[i] = 0.5 + 0.8 * std::cos(1.7 * i);
    vx[i] = 0.1 * ((i * 4) % 7) - 0.25;
    vy[i] = 0.3 - 0.07 * i;
  }
  memcpy(gx, x, sizeof x);
  memcpy(gy, y, sizeof y);
  __enzyme_autodiff((void *)robust, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, N);
  ck_gradient("sorted pairs + map: d/dx", dx, Fx, x, N);
  ck_gradient("sorted pairs + map: d/dy", dy, Fy, y, N);
  double jv = __enzyme_fwddiff((void *)robust, enzyme_dup, x, vx, enzyme_dup, y, vy, enzyme_const, N);
  CHECK("sorted pairs + map: dot test", ck_dot(dx, vx, N) + ck_dot(dy, vy, N), jv);
  return ck_done();
}
