// TEST: reverse and forward mode through Eigen 3 dense code: a dynamic matrix-vector product and its squared norm through `const MatrixXd *`/`const VectorXd *` arguments marked enzyme_dup, and fixed-size Vector3d/Matrix3d code (AngleAxis rotation, cross and dot products, outer product, determinant, inverse)
// CFLAGS: -I/usr/include/eigen3
// LEVELS: O1,O2,O3
// (O0 is tests/regressions/rev_cpp_eigen_dense_O0.cpp: a copy of an Eigen::Block whose empty
// members and padding no instruction accesses is refused for those unknown bytes; --loose-types
// passes. Under AddressSanitizer Eigen uses its own aligned malloc, which makes its pointer with
// inttoptr; rev_cpp_eigen_aligned_malloc.cpp runs that malloc at every level.)
#include <Eigen/Dense>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

static double matnorm(const Eigen::MatrixXd *W, const Eigen::VectorXd *x) {
  Eigen::VectorXd y = (*W) * (*x);
  return y.squaredNorm() + y.sum();
}

static double energy(const double *q) {
  Eigen::Vector3d a(q[0], q[1], q[2]), b(q[3], q[4], q[5]);
  Eigen::Matrix3d R;
  R = Eigen::AngleAxisd(q[6], Eigen::Vector3d::UnitZ());
  Eigen::Vector3d c = (R * a).cross(b);
  Eigen::Matrix3d M = a * b.transpose() + Eigen::Matrix3d::Identity();
  return c.norm() + M.determinant() + (M.inverse() * a).dot(b);
}

enum { N = 4 };

// The matrix (column-major, as Eigen stores it) and the vector packed in one array.
static double packed_matnorm(double *z) {
  Eigen::MatrixXd W(N, N);
  Eigen::VectorXd x(N);
  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++) W(i, j) = z[j * N + i];
  for (int i = 0; i < N; i++) x(i) = z[N * N + i];
  return matnorm(&W, &x);
}

static double E(double *q) { return energy(q); }

int main() {
  double z[N * N + N];
  for (int i = 0; i < N * N + N; i++) z[i] = 0.1 * (i % 7) - 0.05 * (i % 3) + 0.2;
  Eigen::MatrixXd W(N, N), dW = Eigen::MatrixXd::Zero(N, N);
  Eigen::VectorXd x(N), dx = Eigen::VectorXd::Zero(N);
  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++) W(i, j) = z[j * N + i];
  for (int i = 0; i < N; i++) x(i) = z[N * N + i];
  __enzyme_autodiff((void *)matnorm, enzyme_dup, &W, &dW, enzyme_dup, &x, &dx);
  double g[N * N + N];
  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++) g[j * N + i] = dW(i, j);
  for (int i = 0; i < N; i++) g[N * N + i] = dx(i);
  ck_gradient("Eigen W x: d/d(W, x)", g, packed_matnorm, z, N * N + N);

  double q[7] = {0.3, -0.2, 0.9, 1.1, 0.4, -0.7, 0.5}, dq[7] = {0};
  __enzyme_autodiff((void *)energy, enzyme_dup, q, dq);
  ck_gradient("Eigen fixed-size: d/dq", dq, E, q, 7);
  double v[7] = {0.3, -1.0, 0.5, 2.0, -0.25, 0.75, 1.5};
  double jv = __enzyme_fwddiff((void *)energy, enzyme_dup, q, v);
  double one = 1.0;
  ck_dot_test("Eigen fixed-size: forward against reverse", &one, &jv, 1, dq, v, 7);
  return ck_done();
}
