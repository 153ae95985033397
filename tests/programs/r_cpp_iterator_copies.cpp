// TEST: reverse mode through a C++ iterator class (a struct holding one pointer) copied by value: at -O0 each copy is an 8-byte memcpy that becomes an integer load and store, which must carry the shadow pointer's bits (the gradient call crashed before); an insertion sort over such iterators on active data, and an empty-or-not std::vector whose data pointer merges with null
#include "include/ck_array.h"
#include <vector>

extern "C" double __enzyme_autodiff(void *, ...);

struct It {
  double *p;
  double &operator*() const { return *p; }
  It operator-(long k) const { return It{p - k}; }
  It &operator--() { --p; return *this; }
  It &operator++() { ++p; return *this; }
};

static void isort(It b, It e) {
  for (It i = b; ++i, i.p != e.p;) {
    double v = *i;
    It j = i;
    while (j.p != b.p && v < *(j - 1)) {
      *j = *(j - 1);
      --j;
    }
    *j = v;
  }
}

/* weights by rank: the gradient of x[i] is the weight of its rank */
static double ranked(double *x, int n) {
  isort(It{x}, It{x + n});
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (i + 1) * x[i] * x[i];
  return s;
}

static double vec_sum(const double *x, int n) {
  std::vector<double> v(x, x + n); /* data is null when n == 0 */
  double s = 1.0;
  for (double e : v) s += e * e * e;
  return s;
}

#define N 6
static double X[N] = {0.7, -0.3, 1.4, 0.1, -1.2, 0.5};
static double ranked_x(double *x) {
  double c[N];
  for (int i = 0; i < N; i++) c[i] = x[i];
  return ranked(c, N);
}
static double vec_x(double *x) { return vec_sum(x, N); }

int main() {
  double x[N], d[N] = {0};
  for (int i = 0; i < N; i++) x[i] = X[i];
  __enzyme_autodiff((void *)ranked, enzyme_dup, x, d, enzyme_const, N);
  ck_gradient("insertion sort over iterator copies", d, ranked_x, X, N);
  double dv[N] = {0};
  __enzyme_autodiff((void *)vec_sum, enzyme_dup, X, dv, enzyme_const, N);
  ck_gradient("std::vector copy (data may be null)", dv, vec_x, X, N);
  double d0[1] = {0};
  __enzyme_autodiff((void *)vec_sum, enzyme_dup, X, d0, enzyme_const, 0);
  CHECK("empty std::vector: shadow untouched", d0[0], 0.0);
  return ck_done();
}
