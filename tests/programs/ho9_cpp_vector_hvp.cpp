// TEST: second derivatives of C++ code that builds std::vector<double> temporaries (push_back growth, reserve, std::accumulate, a range-for, a lambda with captures) inside the objective: Hessian-vector products by __enzyme_fwddiff of an __enzyme_autodiff gradient (forward over reverse, the vector's reallocations happening in the primal, the shadow and the tangent of the shadow), by __enzyme_autodiff of an __enzyme_fwddiff directional derivative (reverse over forward), and Hessian columns at enzyme_width 2; the point is a std::vector passed by reference as its data pointer; against finite differences of the gradient, dot-product test between the two routes
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <vector>

#include "include/ck_array.h"

extern "C" {
void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...) __asm__("__enzyme_fwddiff");
}

constexpr int N = 5;

__attribute__((noinline)) double energy(const double *x, int n) {
  std::vector<double> diffs;
  for (int i = 0; i + 1 < n; i++) diffs.push_back(x[i + 1] - x[i]);
  std::vector<double> sq;
  sq.reserve(diffs.size());
  double k = 1.5;
  auto spring = [&k](double d) { return k * d * d + 0.1 * d * d * d * d; };
  for (double d : diffs) sq.push_back(spring(d));
  double e = std::accumulate(sq.begin(), sq.end(), 0.0);
  for (int i = 0; i < n; i++) e += cos(x[i]) * 0.5;
  return e;
}
static double energy_p(double *x) { return energy(x, N); }

__attribute__((noinline)) void grad(const double *x, double *g) {
  for (int i = 0; i < N; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)energy, enzyme_dup, x, g, enzyme_const, N);
}
static std::vector<double> U;
__attribute__((noinline)) double dirderiv(const double *x, const double *u) {
  return __enzyme_fwddiff_d((void *)energy, enzyme_dup, x, u, enzyme_const, N);
}
static double gdotu(double *x) {
  double g[N];
  grad(x, g);
  return ck_dot(g, U.data(), N);
}

int main() {
  std::vector<double> x(N), g(N), gd(N), hu(N), hu2(N, 0.0);
  U.resize(N);
  for (int i = 0; i < N; i++) {
    x[i] = 0.3 * i * i - 0.5 * i + 0.2;
    U[i] = sin(1.0 + i);
  }
  grad(x.data(), g.data());
  ck_gradient("gradient", g.data(), energy_p, x.data(), N);
  __enzyme_fwddiff((void *)grad, enzyme_dup, x.data(), U.data(), enzyme_dup, gd.data(), hu.data());
  ck_gradient("H u fwd over rev", hu.data(), gdotu, x.data(), N);
  __enzyme_autodiff((void *)dirderiv, enzyme_dup, x.data(), hu2.data(), enzyme_const, U.data());
  ck_gradient("H u rev over fwd", hu2.data(), gdotu, x.data(), N);
  /* two columns at width 2 */
  std::vector<double> e1(N, 0.0), e3(N, 0.0), c1(N), c3(N);
  e1[1] = 1.0;
  e3[3] = 1.0;
  __enzyme_fwddiff((void *)grad, enzyme_width, 2, enzyme_dup, x.data(), e1.data(), e3.data(), enzyme_dup, gd.data(),
                   c1.data(), c3.data());
  for (int i = 0; i < N; i++) {
    char label[64];
    double xp[N], xm[N], gp[N], gm[N];
    for (int j : {1, 3}) {
      memcpy(xp, x.data(), sizeof xp);
      memcpy(xm, x.data(), sizeof xm);
      double h = ck_step(x[j]);
      xp[j] += h;
      xm[j] -= h;
      grad(xp, gp);
      grad(xm, gm);
      snprintf(label, sizeof label, "width 2 H[%d][%d]", i, j);
      CHECK(label, j == 1 ? c1[i] : c3[i], (gp[i] - gm[i]) / (2 * h));
    }
  }
  double w[N];
  for (int i = 0; i < N; i++) w[i] = cos(0.4 * i);
  CHECK("dot test <w, H u> = <H w, u> via columns", ck_dot(w, hu.data(), N), ck_dot(hu2.data(), w, N));
  return ck_done();
}
