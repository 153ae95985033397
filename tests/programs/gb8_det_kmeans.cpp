// TEST: three more GradBench problems in C++ (my own code after the published problem definitions): det (the determinant of an ell x ell matrix by recursive expansion by minors, each minor a std::vector<double> built by a member function of a small Matrix class), llsq (a least-squares polynomial fit objective with the sample points made by a lambda) and kmeans (the sum of squared distances of points to their nearest centre, a std::vector of std::array<double, D> centres, with its gradient by reverse mode and the Hessian's diagonal by forward mode over a wrapper that calls __enzyme_autodiff, as GradBench's kmeans Newton step needs); gradients against finite differences, the dot-product test against forward mode, Hessian columns against finite differences of the gradient
#include <array>
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_v(void *, ...) __asm__("__enzyme_autodiff");
double __enzyme_fwddiff(void *, ...);
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");
}

/* ---- det by minors ---- */
class Matrix {
public:
  Matrix(int n, std::vector<double> a) : n_(n), a_(std::move(a)) {}
  int size() const { return n_; }
  double at(int i, int j) const { return a_[i * n_ + j]; }
  Matrix minor_of(int col) const { /* drop row 0 and column col */
    std::vector<double> m;
    m.reserve((n_ - 1) * (n_ - 1));
    for (int i = 1; i < n_; i++)
      for (int j = 0; j < n_; j++)
        if (j != col) m.push_back(at(i, j));
    return Matrix(n_ - 1, std::move(m));
  }
  double det() const {
    if (n_ == 1) return a_[0];
    double s = 0.0, sign = 1.0;
    for (int j = 0; j < n_; j++, sign = -sign) s += sign * at(0, j) * minor_of(j).det();
    return s;
  }

private:
  int n_;
  std::vector<double> a_;
};

__attribute__((noinline)) static double det_wrapper(const double *a, int ell) {
  Matrix m(ell, std::vector<double>(a, a + ell * ell));
  return m.det();
}

#define ELL 4
static double F_det(double *a) { return det_wrapper(a, ELL); }

/* ---- llsq ---- */
#define LN 5
#define LM 9
__attribute__((noinline)) static double llsq_wrapper(const double *x, int n, int m) {
  auto t = [m](int i) { return -1.0 + 2.0 * i / (m - 1); };
  std::vector<double> xs(x, x + n);
  double s = 0.0;
  for (int i = 0; i < m; i++) {
    double ti = t(i), p = 1.0, r = ti < 0 ? -1.0 : (ti > 0 ? 1.0 : 0.0);
    for (double c : xs) {
      r -= c * p;
      p *= ti;
    }
    s += r * r;
  }
  return 0.5 * s;
}
static double F_llsq(double *x) { return llsq_wrapper(x, LN, LM); }

/* ---- kmeans ---- */
#define KD 2
#define KK 3
#define KN 7
using Pt = std::array<double, KD>;
static const double POINTS[KN][KD] = {{0.1, 0.2}, {1.3, -0.4}, {-0.8, 0.9}, {0.5, 1.5}, {2.0, 0.3}, {-1.1, -0.6}, {0.7, -1.2}};

__attribute__((noinline)) static double kmeans_cost(const double *c, int k) {
  std::vector<Pt> centres(k);
  for (int j = 0; j < k; j++)
    for (int d = 0; d < KD; d++) centres[j][d] = c[j * KD + d];
  auto dist2 = [](const Pt &a, const double *b) {
    double s = 0.0;
    for (int d = 0; d < KD; d++) s += (a[d] - b[d]) * (a[d] - b[d]);
    return s;
  };
  double total = 0.0;
  for (int i = 0; i < KN; i++) {
    double best = dist2(centres[0], POINTS[i]);
    for (int j = 1; j < k; j++) {
      double dj = dist2(centres[j], POINTS[i]);
      if (dj < best) best = dj;
    }
    total += best;
  }
  return total;
}

__attribute__((noinline)) static void kmeans_grad(const double *c, double *g) {
  for (int i = 0; i < KK * KD; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)kmeans_cost, enzyme_dup, c, g, enzyme_const, KK);
}

static double F_kmeans(double *c) { return kmeans_cost(c, KK); }
static int g_comp;
static double F_kgrad(double *c) {
  double g[KK * KD];
  kmeans_grad(c, g);
  return g[g_comp];
}

template <int n, double (*f)(const double *, int), int arg>
static void check_scalar(const char *what, ck_objective F, double *x) {
  double dx[n] = {0}, v[n];
  for (int i = 0; i < n; i++) v[i] = 0.3 * ((i * 4) % 7) - 0.9;
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, arg);
  ck_gradient(what, dx, F, x, n);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v, enzyme_const, arg);
  char label[120];
  snprintf(label, sizeof label, "%s: <grad, v> = Jv", what);
  CHECK(label, ck_dot(dx, v, n), jv);
}

static double llsq_m(const double *x, int n) { return llsq_wrapper(x, n, LM); }

int main() {
  double a[ELL * ELL];
  for (int i = 0; i < ELL * ELL; i++) a[i] = std::sin(1.1 * i + 0.3) + (i % (ELL + 1) == 0 ? 1.5 : 0.0);
  check_scalar<ELL * ELL, det_wrapper, ELL>("det by minors", F_det, a);
  double x[LN];
  for (int i = 0; i < LN; i++) x[i] = 0.4 * std::cos(0.7 * i);
  check_scalar<LN, llsq_m, LN>("llsq", F_llsq, x);

  double c[KK * KD] = {0.2, 0.1, 1.1, -0.2, -0.7, 0.6};
  check_scalar<KK * KD, kmeans_cost, KK>("kmeans cost", F_kmeans, c);
  /* Hessian columns by forward mode over the reverse-mode gradient, width 2 then width 1 */
  double hcol[KK * KD][KK * KD];
  for (int j = 0; j < KK * KD; j += 2) {
    double s0[KK * KD] = {0}, s1[KK * KD] = {0}, g[KK * KD];
    s0[j] = 1.0, s1[j + 1] = 1.0;
    __enzyme_fwddiff_v((void *)kmeans_grad, enzyme_width, 2, enzyme_dup, c, s0, s1, enzyme_dup, g, hcol[j], hcol[j + 1]);
  }
  char label[120];
  for (int j = 0; j < KK * KD; j++)
    for (int i = 0; i < KK * KD; i++) {
      g_comp = i;
      snprintf(label, sizeof label, "kmeans Hessian[%d][%d]", i, j);
      CHECK(label, hcol[j][i], ck_fd_partial(F_kgrad, c, j));
    }
  double e2[KK * KD] = {0}, g[KK * KD], col2[KK * KD];
  e2[2] = 1.0;
  __enzyme_fwddiff_v((void *)kmeans_grad, enzyme_dup, c, e2, enzyme_dup, g, col2);
  for (int i = 0; i < KK * KD; i++) {
    snprintf(label, sizeof label, "kmeans Hessian col 2 width 1 [%d]", i);
    CHECK(label, col2[i], hcol[2][i]);
  }
  return ck_done();
}
