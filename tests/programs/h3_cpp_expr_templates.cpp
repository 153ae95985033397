// TEST: reverse and forward mode through hand-written expression templates (an Eigen-like lazy Sum/Scaled/Product/Map tree over a fixed-size Vec<N> evaluated element by element on assignment), a Mat<R,C> template whose products are unrolled by recursive templates, a constexpr Gauss-Legendre table, templates instantiated over float and double; gradients against finite differences and the dot-product test
#include <cmath>
#include <cstddef>
#include <type_traits>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);
extern "C" float __enzyme_autodiff_f(void *, ...) __asm__("__enzyme_autodiff_f");

namespace et {
template <class E>
struct Expr {
  const E &self() const { return static_cast<const E &>(*this); }
};

template <class T, int N>
struct Vec : Expr<Vec<T, N>> {
  T v[N];
  Vec() = default;
  template <class E>
  Vec(const Expr<E> &e) {  // NOLINT: implicit on purpose, as in Eigen
    for (int i = 0; i < N; i++) v[i] = e.self()[i];
  }
  template <class E>
  Vec &operator=(const Expr<E> &e) {
    T tmp[N];
    for (int i = 0; i < N; i++) tmp[i] = e.self()[i];  // aliasing-safe
    for (int i = 0; i < N; i++) v[i] = tmp[i];
    return *this;
  }
  T operator[](int i) const { return v[i]; }
  T &operator[](int i) { return v[i]; }
};

template <class A, class B>
struct Sum : Expr<Sum<A, B>> {
  const A &a;
  const B &b;
  Sum(const A &a, const B &b) : a(a), b(b) {}
  auto operator[](int i) const { return a[i] + b[i]; }
};
template <class A, class B>
struct Prod : Expr<Prod<A, B>> {
  const A &a;
  const B &b;
  Prod(const A &a, const B &b) : a(a), b(b) {}
  auto operator[](int i) const { return a[i] * b[i]; }
};
template <class A, class S>
struct Scaled : Expr<Scaled<A, S>> {
  const A &a;
  S s;
  Scaled(const A &a, S s) : a(a), s(s) {}
  auto operator[](int i) const { return s * a[i]; }
};
template <class A, class F>
struct Map : Expr<Map<A, F>> {
  const A &a;
  F f;
  Map(const A &a, F f) : a(a), f(f) {}
  auto operator[](int i) const { return f(a[i]); }
};
template <class A, class B>
Sum<A, B> operator+(const Expr<A> &a, const Expr<B> &b) { return {a.self(), b.self()}; }
template <class A, class B>
Prod<A, B> operator*(const Expr<A> &a, const Expr<B> &b) { return {a.self(), b.self()}; }
template <class A, class S, class = std::enable_if_t<std::is_arithmetic_v<S>>>
Scaled<A, S> operator*(S s, const Expr<A> &a) { return {a.self(), s}; }
template <class A, class F>
Map<A, F> map(const Expr<A> &a, F f) { return {a.self(), f}; }

template <int I, int N>
struct Unroll {
  template <class F>
  static void run(F &&f) {
    f(I);
    Unroll<I + 1, N>::run(f);
  }
};
template <int N>
struct Unroll<N, N> {
  template <class F>
  static void run(F &&) {}
};

template <class T, int R, int C>
struct Mat {
  T m[R][C];
  template <int K>
  Mat<T, R, K> operator*(const Mat<T, C, K> &o) const {
    Mat<T, R, K> out{};
    Unroll<0, R>::run([&](int i) {
      Unroll<0, K>::run([&](int j) {
        T s = 0;
        Unroll<0, C>::run([&](int k) { s += m[i][k] * o.m[k][j]; });
        out.m[i][j] = s;
      });
    });
    return out;
  }
  T trace() const {
    T s = 0;
    for (int i = 0; i < R && i < C; i++) s += m[i][i];
    return s;
  }
};

struct Node {
  double x, w;
};
constexpr Node gauss5[5] = {{-0.9061798459386640, 0.2369268850561891},
                            {-0.5384693101056831, 0.4786286704993665},
                            {0.0, 0.5688888888888889},
                            {0.5384693101056831, 0.4786286704993665},
                            {0.9061798459386640, 0.2369268850561891}};
}  // namespace et

// Lazy vector expressions: y = a + 2 b * c, then a map, assignment with aliasing.
template <class T>
static T lazy(const T *in) {
  et::Vec<T, 4> a, b, c;
  for (int i = 0; i < 4; i++) {
    a[i] = in[i];
    b[i] = in[4 + i];
    c[i] = in[8 + i];
  }
  et::Vec<T, 4> y = a + T(2) * (b * c);
  y = y + et::map(y * a, [](T t) { return std::sin(t); });
  y = T(0.5) * y + c;
  T s = 0;
  for (int i = 0; i < 4; i++) s += y[i] * y[i];
  return s;
}

// Matrix products unrolled by templates; a Gauss-Legendre integral of exp(k t) over [0, L].
static double matrices(const double *in) {
  et::Mat<double, 2, 3> A;
  et::Mat<double, 3, 2> B;
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 3; j++) {
      A.m[i][j] = in[3 * i + j];
      B.m[j][i] = in[6 + 2 * j + i];
    }
  et::Mat<double, 2, 2> P = A * B;
  et::Mat<double, 2, 2> Q = P * P;
  double L = in[1], k = in[2], integral = 0.0;
  for (const et::Node &n : et::gauss5) integral += n.w * std::exp(k * (0.5 * L * (n.x + 1.0)));
  return Q.trace() + 0.5 * L * integral;
}

static double F_lazy(double *x) { return lazy<double>(x); }
static double F_mat(double *x) { return matrices(x); }

int main() {
  double x[12], dx[12] = {0}, v[12];
  for (int i = 0; i < 12; i++) {
    x[i] = 0.6 * std::cos(0.8 * i + 0.1);
    v[i] = std::sin(1.1 * i + 0.5);
  }
  double one = 1.0;
  __enzyme_autodiff((void *)lazy<double>, enzyme_dup, x, dx);
  ck_gradient("expression templates", dx, F_lazy, x, 12);
  double jv = __enzyme_fwddiff((void *)lazy<double>, enzyme_dup, x, v);
  ck_dot_test("expression templates", &one, &jv, 1, dx, v, 12);

  // The same templates over float: gradients against the double twin's finite differences.
  float xf[12], dxf[12] = {0};
  for (int i = 0; i < 12; i++) xf[i] = (float)x[i];
  __enzyme_autodiff_f((void *)lazy<float>, enzyme_dup, xf, dxf);
  for (int i = 0; i < 12; i++) {
    double xd[12];
    for (int j = 0; j < 12; j++) xd[j] = xf[j];
    CHECK_F32("expression templates (float)", dxf[i], ck_fd_partial(F_lazy, xd, i));
  }

  double y[12], dy[12] = {0};
  for (int i = 0; i < 12; i++) y[i] = 0.4 + 0.3 * std::sin(0.9 * i);
  __enzyme_autodiff((void *)matrices, enzyme_dup, y, dy);
  ck_gradient("unrolled matrices and constexpr table", dy, F_mat, y, 12);
  double jv2 = __enzyme_fwddiff((void *)matrices, enzyme_dup, y, v);
  ck_dot_test("unrolled matrices and constexpr table", &one, &jv2, 1, dy, v, 12);
  return ck_done();
}
