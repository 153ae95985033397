// TEST: reverse and forward mode through a heap matrix class users write: Matrix holding its entries in a std::vector<double> with operator() for element access, operator+, operator-, operator* (matrix product and scalar on either side) and transpose() all returning new matrices by value, a Matrix passed by value to a helper and one returned from a factory built from the input, compound assignment (+=) and a Frobenius norm member; gradients against finite differences, the dot-product test against forward mode
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 9

class Matrix {
 public:
  Matrix(int r, int c) : r_(r), c_(c), a_(r * c, 0.0) {}
  double &operator()(int i, int j) { return a_[i * c_ + j]; }
  double operator()(int i, int j) const { return a_[i * c_ + j]; }
  int rows() const { return r_; }
  int cols() const { return c_; }
  Matrix transpose() const {
    Matrix t(c_, r_);
    for (int i = 0; i < r_; i++)
      for (int j = 0; j < c_; j++) t(j, i) = (*this)(i, j);
    return t;
  }
  Matrix &operator+=(const Matrix &o) {
    for (size_t k = 0; k < a_.size(); k++) a_[k] += o.a_[k];
    return *this;
  }
  double frob2() const {
    double s = 0.0;
    for (double v : a_) s += v * v;
    return s;
  }

 private:
  int r_, c_;
  std::vector<double> a_;
};

static Matrix operator+(Matrix a, const Matrix &b) {
  a += b;
  return a;
}
static Matrix operator-(const Matrix &a, const Matrix &b) {
  Matrix d(a.rows(), a.cols());
  for (int i = 0; i < a.rows(); i++)
    for (int j = 0; j < a.cols(); j++) d(i, j) = a(i, j) - b(i, j);
  return d;
}
static Matrix operator*(const Matrix &a, const Matrix &b) {
  Matrix p(a.rows(), b.cols());
  for (int i = 0; i < a.rows(); i++)
    for (int j = 0; j < b.cols(); j++) {
      double s = 0.0;
      for (int k = 0; k < a.cols(); k++) s += a(i, k) * b(k, j);
      p(i, j) = s;
    }
  return p;
}
static Matrix operator*(double s, Matrix a) {
  for (int i = 0; i < a.rows(); i++)
    for (int j = 0; j < a.cols(); j++) a(i, j) *= s;
  return a;
}
static Matrix operator*(const Matrix &a, double s) { return s * a; }

static Matrix from_input(const double *x, int r, int c) {
  Matrix m(r, c);
  for (int i = 0; i < r; i++)
    for (int j = 0; j < c; j++) m(i, j) = x[(i * c + j) % N];
  return m;
}

__attribute__((noinline)) static double trace_of(Matrix m) {
  double t = 0.0;
  for (int i = 0; i < m.rows() && i < m.cols(); i++) t += m(i, i);
  return t;
}

static double products(const double *x) {
  Matrix A = from_input(x, 3, 3);
  Matrix B = from_input(x + 2, 3, 2);
  Matrix S = A * A.transpose() + 0.5 * A;  /* symmetric part plus a scaled copy */
  Matrix C = S * B;                        /* 3x2 */
  Matrix G = C.transpose() * C;            /* 2x2 Gram matrix */
  Matrix D = (A - A.transpose()) * x[4];
  return 0.05 * G.frob2() + trace_of(S) * x[1] + D.frob2() + trace_of(A * A * A) * 0.1;
}

/* repeated assignment of product results to one variable (move assignment into a live vector) */
static double power_iter(const double *x) {
  Matrix A = from_input(x, 3, 3);
  Matrix v(3, 1);
  for (int i = 0; i < 3; i++) v(i, 0) = 1.0 + 0.1 * i;
  for (int it = 0; it < 6; it++) {
    v = A * v;
    double nrm = std::sqrt(v.frob2());
    v = v * (1.0 / nrm);
  }
  Matrix Av = A * v;
  return (v.transpose() * Av)(0, 0);
}

static double F_products(double *x) { return products(x); }
static double F_power(double *x) { return power_iter(x); }

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
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.55, 1.3, -0.15, 0.45};
  const double x1[N] = {2.0, 0.3, 0.1, 0.4, 1.5, 0.2, 0.1, 0.3, 1.0};
  check<products>("matrix products by value", F_products, x0);
  check<power_iter>("power iteration with move assignment", F_power, x1);
  return ck_done();
}
