// TEST: reverse and forward mode through small fixed-size value types with operator overloading: a Vec3 {x, y, z} and a Mat3 {double m[3][3]} with +, -, unary -, scalar *, Mat3*Vec3, Mat3*Mat3, transpose, determinant and an inverse by cofactors (all returned by value, small enough for registers or sret), rotation matrices from active angles (Rodrigues' formula), a rigid-body kinetic energy and a strain energy; gradients against finite differences, the dot-product test against forward mode
#include <cmath>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 9

struct Vec3 {
  double x, y, z;
};
static Vec3 operator+(Vec3 a, Vec3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
static Vec3 operator-(Vec3 a, Vec3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
static Vec3 operator-(Vec3 a) { return {-a.x, -a.y, -a.z}; }
static Vec3 operator*(double s, Vec3 a) { return {s * a.x, s * a.y, s * a.z}; }
static double dot(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static Vec3 cross(Vec3 a, Vec3 b) { return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x}; }

struct Mat3 {
  double m[3][3];
  static Mat3 identity() {
    Mat3 r{};
    for (int i = 0; i < 3; i++) r.m[i][i] = 1.0;
    return r;
  }
  static Mat3 skew(Vec3 w) { return Mat3{{{0, -w.z, w.y}, {w.z, 0, -w.x}, {-w.y, w.x, 0}}}; }
  Mat3 transpose() const {
    Mat3 t;
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) t.m[i][j] = m[j][i];
    return t;
  }
  double det() const {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
           m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }
  Mat3 inverse() const {
    Mat3 c;
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) {
        int i1 = (i + 1) % 3, i2 = (i + 2) % 3, j1 = (j + 1) % 3, j2 = (j + 2) % 3;
        c.m[j][i] = m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1];
      }
    double d = det();
    for (auto &row : c.m)
      for (double &v : row) v /= d;
    return c;
  }
  double trace() const { return m[0][0] + m[1][1] + m[2][2]; }
};
static Mat3 operator*(const Mat3 &a, const Mat3 &b) {
  Mat3 p{};
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      for (int k = 0; k < 3; k++) p.m[i][j] += a.m[i][k] * b.m[k][j];
  return p;
}
static Mat3 operator+(const Mat3 &a, const Mat3 &b) {
  Mat3 p;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) p.m[i][j] = a.m[i][j] + b.m[i][j];
  return p;
}
static Mat3 operator*(double s, const Mat3 &a) {
  Mat3 p;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) p.m[i][j] = s * a.m[i][j];
  return p;
}
static Vec3 operator*(const Mat3 &a, Vec3 v) {
  return {a.m[0][0] * v.x + a.m[0][1] * v.y + a.m[0][2] * v.z, a.m[1][0] * v.x + a.m[1][1] * v.y + a.m[1][2] * v.z,
          a.m[2][0] * v.x + a.m[2][1] * v.y + a.m[2][2] * v.z};
}

/* Rodrigues: R = I + sin(t) K + (1 - cos(t)) K^2 for the unit axis of w, t = |w| */
static Mat3 rotation(Vec3 w) {
  double t = std::sqrt(dot(w, w));
  Mat3 K = Mat3::skew((1.0 / t) * w);
  return Mat3::identity() + std::sin(t) * K + (1.0 - std::cos(t)) * (K * K);
}

static double rigid(const double *x) {
  Vec3 w{x[0], x[1], x[2]}, v{x[3], x[4], x[5]};
  Mat3 R = rotation(w);
  Mat3 I{{{2.0, 0.1, 0.0}, {0.1, 1.5, 0.2}, {0.0, 0.2, 1.0 + x[6] * x[6]}}};
  Mat3 Iw = R * I * R.transpose();     /* inertia in the world frame */
  Vec3 omega{x[7], x[8], 0.3};
  Vec3 L = Iw * omega;
  Vec3 p = R * v - v;
  return 0.5 * dot(omega, L) + dot(cross(p, -omega), L) + 0.1 * dot(p, p);
}

static double strain(const double *x) {
  Mat3 F{{{1.0 + x[0], x[1], x[2]}, {x[3], 1.0 + x[4], x[5]}, {x[6], x[7], 1.0 + x[8]}}};
  Mat3 C = F.transpose() * F;           /* right Cauchy-Green */
  double J = F.det();
  Mat3 Ci = C.inverse();
  double I1 = C.trace();
  /* compressible neo-Hookean energy plus a term in C^-1 */
  return 0.5 * (I1 - 3.0) - std::log(J) + 0.25 * (J - 1.0) * (J - 1.0) + 0.1 * (Ci * C * Ci).trace();
}

static double F_rigid(double *x) { return rigid(x); }
static double F_strain(double *x) { return strain(x); }

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
  const double x1[N] = {0.1, 0.05, -0.08, 0.12, -0.1, 0.03, 0.07, -0.04, 0.2};
  check<rigid>("Vec3/Mat3 rigid body", F_rigid, x0);
  check<strain>("Mat3 hyperelastic strain", F_strain, x1);
  return ck_done();
}
