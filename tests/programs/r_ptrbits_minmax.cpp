// TEST: std::minmax_element on a std::vector<double> (and on a plain array) whose first element is the minimum and second the maximum, so that the first pick of the pair of iterators (at -O0 a select of two iterators loaded as integer bits, stored into a local pair) is the one returned; a hand-written minmax over iterator pairs picking by a select too; the picked iterators are dereferenced and written through; reverse and forward mode against finite differences and the dot-product test
#include "include/ck_array.h"

#include <algorithm>
#include <utility>
#include <vector>

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 7

/* The vector's first element is its minimum, its second its maximum (for the inputs below). */
static double vec_minmax(double *x) {
  std::vector<double> v(N);
  for (int i = 0; i < N; i++) v[i] = x[i] * x[i] + 0.1 * i;
  v[0] = -4.0 + 0.5 * x[0];
  v[1] = 9.0 + x[1] * x[2];
  auto mm = std::minmax_element(v.begin(), v.end());
  *mm.first *= x[3];
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (i + 1) * v[i];
  return s + (*mm.second) * (*mm.first);
}

static double arr_minmax(double *x) {
  double a[N];
  for (int i = 0; i < N; i++) a[i] = sin(x[i]) + 2.0 * i;
  a[0] = -3.0 + x[4] * x[5];
  a[1] = 40.0 + x[6];
  std::pair<double *, double *> mm = std::minmax_element(a, a + N);
  *mm.second += x[0] * x[1];
  return (*mm.first) * (*mm.second) + a[2] * a[N - 1];
}

/* A hand-written pick between iterators held in a pair: the pair is built by a select of two
   iterators (as integers once clang copies them) and returned by value. */
template <class It>
__attribute__((noinline)) static std::pair<It, It> first_pick(It a, It b) {
  return *b < *a ? std::make_pair(b, a) : std::make_pair(a, b);
}

static double hand_minmax(double *x) {
  std::vector<double> v(x, x + N);
  for (int i = 0; i < N; i++) v[i] = v[i] * v[(i + 1) % N] + 0.05 * i;
  auto p = first_pick(v.begin() + 2, v.begin() + 5);
  auto q = first_pick(v.begin(), v.begin() + 1);
  *p.first = *p.first * *q.second + x[0];
  *q.first += *p.second * 0.5;
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (i + 3) * v[i] * v[i];
  return s;
}

static const double V[N] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9};

#define BOTH(what, fn, x)                                         \
  do {                                                            \
    double dx_[N] = {0}, v_[N], one_ = 1.0;                       \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, dx_);            \
    ck_gradient(what, dx_, fn, x, N);                             \
    memcpy(v_, V, sizeof v_);                                     \
    double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_); \
    ck_dot_test(what, &one_, &jv_, 1, dx_, V, N);                 \
  } while (0)

int main() {
  double x[N] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.1};
  double y[N] = {-0.3, 0.5, -0.7, 0.45, 0.2, -0.9, 0.15};
  BOTH("minmax_element of a vector, first pick kept", vec_minmax, x);
  BOTH("minmax_element of an array, first pick kept", arr_minmax, x);
  BOTH("hand-written pick of iterator pairs", hand_minmax, x);
  BOTH("hand-written pick of iterator pairs (other order)", hand_minmax, y);
  return ck_done();
}
