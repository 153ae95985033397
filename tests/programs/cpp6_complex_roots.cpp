// TEST: reverse and forward mode through std::complex<double> held in a std::vector: Durand-Kerner iteration for the roots of a cubic whose real coefficients are active (complex products and quotients with __muldc3/__divdc3, a fixed iteration count), a sum of std::abs and std::arg of the roots, std::exp, std::log and std::pow(z, int) of complex values, std::norm and std::conj of an impedance network, a std::complex passed and returned by value from noinline helpers; gradients against finite differences, the dot-product test against forward mode
#include <cmath>
#include <complex>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 6
using cd = std::complex<double>;

static cd horner(const std::vector<double> &c, cd z) {
  cd p = c[0];
  for (size_t i = 1; i < c.size(); i++) p = p * z + c[i];
  return p;
}

static double roots(const double *x) {
  std::vector<double> c = {1.0, x[0], x[1], x[2]};  /* z^3 + a z^2 + b z + c */
  std::vector<cd> r = {cd(0.4, 0.9), cd(0.4, 0.9) * cd(0.4, 0.9), cd(0.4, 0.9) * cd(0.4, 0.9) * cd(0.4, 0.9)};
  for (int it = 0; it < 60; it++) {
    for (size_t i = 0; i < r.size(); i++) {
      cd d = 1.0;
      for (size_t j = 0; j < r.size(); j++)
        if (j != i) d *= r[i] - r[j];
      r[i] -= horner(c, r[i]) / d;
    }
  }
  double s = 0.0;
  for (const cd &z : r) s += std::abs(z) * (1.0 + 0.1 * std::real(z)) + 0.2 * std::abs(std::arg(z));
  return s;
}

__attribute__((noinline)) static cd parallel(cd a, cd b) { return a * b / (a + b); }

static double circuit(const double *x) {
  const double w = 2.0;
  cd R(x[0] * x[0] + 1.0, 0.0), L(0.0, w * (0.5 + x[1] * x[1])), C(0.0, -1.0 / (w * (0.8 + x[2] * x[2])));
  cd Z = R + parallel(L, C + cd(x[3], 0.0));
  cd I = cd(1.0, 0.0) / Z;
  double P = 0.5 * std::real(Z * std::norm(I));
  cd e = std::exp(cd(x[4], x[5])) + std::log(Z) + std::pow(I, 3);
  return P + std::norm(std::conj(e) * I) + std::abs(e);
}

static double F_roots(double *x) { return roots(x); }
static double F_circuit(double *x) { return circuit(x); }

template <double (*f)(const double *)>
static void check(const char *what, ck_objective F, const double *x0) {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.3 * ((i * 4) % 7) - 0.9;
  }
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);
  ck_gradient(what, dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
  char label[120];
  snprintf(label, sizeof label, "%s: <grad, v> = Jv", what);
  CHECK(label, ck_dot(dx, v, N), jv);
}

int main() {
  /* z^3 - 1.5 z^2 + 2 z - 0.7: one real root, a complex pair */
  const double x0[N] = {-1.5, 2.0, -0.7, 0.25, -0.3, 0.55};
  check<roots>("Durand-Kerner complex roots", F_roots, x0);
  check<circuit>("complex impedances", F_circuit, x0);
  return ck_done();
}
