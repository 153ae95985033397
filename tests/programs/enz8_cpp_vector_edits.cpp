// TEST: reverse and forward mode through std::vector<double> edits that move active values around inside the differentiated function: erase(remove_if(...)) with a predicate reading the values, insert in the middle, std::swap of two vectors and std::move of one into a struct member, std::reverse and std::rotate, a std::vector<bool> mask, resize with a fill value and shrink_to_fit; a particle-filter style resampling step that copies surviving entries by index; gradients against finite differences, dot-product test against forward mode
#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>
#include <vector>
#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

struct Holder {
  std::vector<double> data;
  double scale;
};

static double edits(const double *x, int n) {
  std::vector<double> a(x, x + n), b;
  for (int i = 0; i < n; i++) b.push_back(std::sin(x[i]) + 0.5 * x[(i + 1) % n]);
  /* drop the entries of a below -0.5 (decided by the values: piecewise constant) */
  a.erase(std::remove_if(a.begin(), a.end(), [](double v) { return v < -0.5; }), a.end());
  a.insert(a.begin() + a.size() / 2, b[1] * b[2]);
  std::swap(a, b);
  std::reverse(a.begin(), a.end());
  std::rotate(b.begin(), b.begin() + 2, b.end());
  std::vector<bool> mask(a.size());
  for (size_t i = 0; i < a.size(); i++) mask[i] = a[i] > 0.0;
  Holder h{std::move(b), 0.75};
  h.data.resize(h.data.size() + 2, x[0] * 0.1);
  h.data.shrink_to_fit();
  /* resampling: keep the entries of a whose mask is set, duplicated by weight rank */
  std::vector<double> kept;
  for (size_t i = 0; i < a.size(); i++)
    if (mask[i]) {
      kept.push_back(a[i]);
      if (i % 2 == 0) kept.push_back(a[i] * a[i]);
    }
  double s = std::accumulate(kept.begin(), kept.end(), 0.0, [](double acc, double v) { return acc + v * std::exp(-0.1 * v); });
  for (size_t i = 0; i < h.data.size(); i++) s += h.scale * h.data[i] * (1.0 + 0.1 * i);
  return s;
}

constexpr int N = 8;
static double F(double *x) { return edits(x, N); }

int main() {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = 1.1 * std::sin(1.9 * i + 0.4);
    v[i] = 0.1 * ((i * 3) % 7) - 0.3;
  }
  __enzyme_autodiff((void *)edits, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("vector edits: d/dx", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)edits, enzyme_dup, x, v, enzyme_const, N);
  CHECK("vector edits: dot test", ck_dot(dx, v, N), jv);
  return ck_done();
}
