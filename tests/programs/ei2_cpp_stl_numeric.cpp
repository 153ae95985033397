// TEST: reverse and forward mode through <numeric> and <algorithm> over std::vector<double> built inside the function: partial_sum, adjacent_difference, inner_product, transform_reduce, rotate, reverse, minmax_element and nth_element (comparisons of active values choose the elements), a std::deque used as a sliding window with push_back/pop_front, and a std::priority_queue popping the largest values
#include "include/ck_array.h"

#include <algorithm>
#include <deque>
#include <numeric>
#include <queue>
#include <vector>

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 8

static double scans(double *x) {
  std::vector<double> v(x, x + N), ps(N), ad(N);
  std::partial_sum(v.begin(), v.end(), ps.begin());
  std::adjacent_difference(v.begin(), v.end(), ad.begin());
  double ip = std::inner_product(ps.begin(), ps.end(), ad.begin(), 0.0);
  double tr = std::transform_reduce(v.begin(), v.end(), ps.begin(), 0.0, std::plus<double>(),
                                    [](double a, double b) { return a * std::sin(b); });
  return ip * 0.1 + tr;
}

static double reorder(double *x) {
  std::vector<double> v(x, x + N);
  std::rotate(v.begin(), v.begin() + 3, v.end());
  std::reverse(v.begin() + 1, v.end() - 1);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (i + 1) * v[i] * v[(i + 2) % N];
  auto mm = std::minmax_element(v.begin(), v.end());
  double ends = (*mm.second) * (*mm.first);
  std::nth_element(v.begin(), v.begin() + N / 2, v.end());
  return s + v[N / 2] * 2.0 + ends;
}

static double window(double *x) {
  std::deque<double> w;
  double acc = 0.0, sum = 0.0;
  for (int i = 0; i < N; i++) {
    w.push_back(x[i] * x[i]);
    sum += w.back();
    if (w.size() > 3) {
      sum -= w.front();
      w.pop_front();
    }
    acc += sum * std::cos(x[i]);
  }
  return acc;
}

static double top3(double *x) {
  std::priority_queue<double> q;
  for (int i = 0; i < N; i++) q.push(x[i] * (1.0 + 0.1 * i));
  double s = 0.0;
  for (int k = 0; k < 3; k++) {
    s += q.top() * (3 - k);
    q.pop();
  }
  return s;
}

static const double V[N] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35};

#define BOTH(what, fn, x)                                              \
  do {                                                                 \
    double dx_[N] = {0}, v_[N], one_ = 1.0;                            \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, dx_);                 \
    ck_gradient(what, dx_, fn, x, N);                                  \
    memcpy(v_, V, sizeof v_);                                          \
    double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_);      \
    ck_dot_test(what, &one_, &jv_, 1, dx_, V, N);                      \
  } while (0)

int main() {
  double x[N] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.1, -0.15};
  BOTH("partial_sum / adjacent_difference / inner_product", scans, x);
  BOTH("rotate / reverse / minmax / nth_element", reorder, x);
  BOTH("deque window", window, x);
  BOTH("priority_queue top 3", top3, x);
  return ck_done();
}
