// TEST: C++ Hessians through templates: a generic hessian<F, N>() that takes any functor type F with a static `eval(const F&, const std::array<double, N>&)`, makes its gradient with __enzyme_autodiff (the functor object passed enzyme_const, the point enzyme_dup) and its Hessian columns with __enzyme_fwddiff at enzyme_width N over that gradient; functors holding a std::vector of coefficients (heap, inactive), a lambda stored in the functor, and a member function template; a directional second derivative of the std::array-returning gradient (sret) at width 2; every Hessian entry against finite differences of the gradient, symmetry H[i][j] = H[j][i]
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

#include "include/ck_array.h"

extern "C" {
void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);
}

template <class F, int N>
struct Diff {
  using Pt = std::array<double, N>;
  __attribute__((noinline)) static double value(const F &f, const Pt &x) { return F::eval(f, x); }
  __attribute__((noinline)) static void gradient(const F &f, const Pt &x, Pt &g) {
    g.fill(0.0);
    __enzyme_autodiff((void *)value, enzyme_const, &f, enzyme_dup, &x, &g);
  }
  static Pt grad_by_value(const F &f, const Pt &x) {
    Pt g;
    gradient(f, x, g);
    return g;
  }
  /* all N columns in one width-N call; lane j seeded with e_j */
  static void hessian(const F &f, const Pt &x, double (*H)[N]);
};

template <class F, int N>
void Diff<F, N>::hessian(const F &f, const Pt &x, double (*H)[N]) {
  Pt e[N], col[N], g;
  for (int j = 0; j < N; j++) {
    e[j].fill(0.0);
    e[j][j] = 1.0;
  }
  if constexpr (N == 2) {
    __enzyme_fwddiff((void *)gradient, enzyme_width, 2, enzyme_const, &f, enzyme_dup, &x, &e[0], &e[1], enzyme_dup,
                     &g, &col[0], &col[1]);
  } else if constexpr (N == 3) {
    __enzyme_fwddiff((void *)gradient, enzyme_width, 3, enzyme_const, &f, enzyme_dup, &x, &e[0], &e[1], &e[2],
                     enzyme_dup, &g, &col[0], &col[1], &col[2]);
  } else {
    __enzyme_fwddiff((void *)gradient, enzyme_width, 4, enzyme_const, &f, enzyme_dup, &x, &e[0], &e[1], &e[2], &e[3],
                     enzyme_dup, &g, &col[0], &col[1], &col[2], &col[3]);
  }
  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++) H[i][j] = col[j][i];
}

struct Poly {
  std::vector<double> c;
  static double eval(const Poly &p, const std::array<double, 3> &x) {
    double s = 0.0, t = x[0] * x[1] - x[2];
    for (size_t k = 0; k < p.c.size(); k++) s = s * t + p.c[k];
    return s * exp(0.2 * x[2]) + x[0] * x[0] * x[1];
  }
};

struct WithLambda {
  double scale;
  double (*inner)(double);
  static double eval(const WithLambda &w, const std::array<double, 2> &x) {
    auto sq = [&](double a) { return w.scale * a * a; };
    return sq(x[0] - x[1]) + w.inner(x[0] * x[1]) + log1p(x[1] * x[1]);
  }
};

struct Rosen4 {
  template <int N>
  double term(const std::array<double, N> &x, int i) const {
    double a = x[i + 1] - x[i] * x[i], b = 1.0 - x[i];
    return 10.0 * a * a + b * b;
  }
  static double eval(const Rosen4 &r, const std::array<double, 4> &x) {
    double s = 0.0;
    for (int i = 0; i < 3; i++) s += r.term<4>(x, i);
    return s;
  }
};

template <class F, int N>
static void check(const char *name, const F &f, std::array<double, N> x) {
  using D = Diff<F, N>;
  char label[128];
  std::array<double, N> g;
  D::gradient(f, x, g);
  for (int i = 0; i < N; i++) {
    auto xp = x, xm = x;
    double h = ck_step(x[i]);
    xp[i] += h;
    xm[i] -= h;
    snprintf(label, sizeof label, "%s gradient[%d]", name, i);
    CHECK(label, g[i], (D::value(f, xp) - D::value(f, xm)) / (2 * h));
  }
  double H[N][N];
  D::hessian(f, x, H);
  for (int j = 0; j < N; j++) {
    auto xp = x, xm = x;
    double h = ck_step(x[j]);
    xp[j] += h;
    xm[j] -= h;
    auto gp = D::grad_by_value(f, xp), gm = D::grad_by_value(f, xm);
    for (int i = 0; i < N; i++) {
      snprintf(label, sizeof label, "%s H[%d][%d] (width %d)", name, i, j, N);
      CHECK(label, H[i][j], (gp[i] - gm[i]) / (2 * h));
      snprintf(label, sizeof label, "%s H[%d][%d] symmetric", name, i, j);
      CHECK(label, H[i][j], H[j][i]);
    }
  }
}

static double cubic(double t) { return t * t * t - sin(t); }

/* the gradient returned by value (std::array<double, 3> through sret), differentiated at width 2 */
typedef struct { std::array<double, 3> d[2]; } arr3x2;
extern "C" arr3x2 __enzyme_fwddiff_a2(void *, ...) __asm__("__enzyme_fwddiff");
__attribute__((noinline)) static std::array<double, 3> poly_grad(const Poly *pp, const std::array<double, 3> &x) {
  return Diff<Poly, 3>::grad_by_value(*pp, x);
}

int main() {
  Poly p{{0.5, -1.0, 0.25, 2.0}};
  check<Poly, 3>("poly", p, {0.7, -0.4, 0.3});
  WithLambda w{1.5, cubic};
  check<WithLambda, 2>("lambda", w, {0.9, -0.6});
  check<Rosen4, 4>("rosenbrock", Rosen4{}, {-0.5, 0.8, 1.1, 0.6});
  std::array<double, 3> x{0.7, -0.4, 0.3}, v0{1.0, 0.5, 0.0}, v1{0.0, -1.0, 2.0};
  arr3x2 r = __enzyme_fwddiff_a2((void *)poly_grad, enzyme_width, 2, enzyme_const, &p, enzyme_dup, &x, &v0, &v1);
  const std::array<double, 3> *vs[2] = {&v0, &v1};
  for (int l = 0; l < 2; l++) {
    double h = 1e-5;
    std::array<double, 3> xp, xm;
    for (int i = 0; i < 3; i++) xp[i] = x[i] + h * (*vs[l])[i], xm[i] = x[i] - h * (*vs[l])[i];
    auto gp = poly_grad(&p, xp), gm = poly_grad(&p, xm);
    for (int i = 0; i < 3; i++) {
      char label[96];
      snprintf(label, sizeof label, "sret gradient width 2 lane %d [%d]", l, i);
      CHECK(label, r.d[l][i], (gp[i] - gm[i]) / (2 * h));
    }
  }
  return ck_done();
}
