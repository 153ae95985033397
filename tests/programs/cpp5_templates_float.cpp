// TEST: reverse and forward mode through templates instantiated for float and for double: a Vec3<T> class with overloaded operators (+, -, unary -, * by a scalar on either side, /, +=, *=, ==) and dot/cross/norm members, a spring-and-torsion energy template over a std::array<Vec3<T>, 4>, and the gradient taken by __enzyme_autodiff / __enzyme_fwddiff called inside a static template member function of a class template Gradient<T, F> (the function to differentiate a template argument); the float gradients against finite differences of the double instantiation, the double ones against their own, both with the dot-product test against forward mode
#include <array>
#include <cmath>

#include "include/ck_array.h"

extern "C" {
void __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");
}

template <typename T>
struct Vec3 {
  T x, y, z;
  Vec3() : x(0), y(0), z(0) {}
  Vec3(T a, T b, T c) : x(a), y(b), z(c) {}
  Vec3 operator+(const Vec3 &o) const { return {x + o.x, y + o.y, z + o.z}; }
  Vec3 operator-(const Vec3 &o) const { return {x - o.x, y - o.y, z - o.z}; }
  Vec3 operator-() const { return {-x, -y, -z}; }
  Vec3 operator*(T s) const { return {x * s, y * s, z * s}; }
  Vec3 operator/(T s) const { return {x / s, y / s, z / s}; }
  Vec3 &operator+=(const Vec3 &o) {
    x += o.x;
    y += o.y;
    z += o.z;
    return *this;
  }
  Vec3 &operator*=(T s) {
    x *= s;
    y *= s;
    z *= s;
    return *this;
  }
  bool operator==(const Vec3 &o) const { return x == o.x && y == o.y && z == o.z; }
  T dot(const Vec3 &o) const { return x * o.x + y * o.y + z * o.z; }
  Vec3 cross(const Vec3 &o) const { return {y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x}; }
  T norm() const { return std::sqrt(dot(*this)); }
};
template <typename T>
Vec3<T> operator*(T s, const Vec3<T> &v) {
  return v * s;
}

#define NP 4
#define N (3 * NP)

template <typename T>
T energy(const T *q) {
  std::array<Vec3<T>, NP> p;
  for (int i = 0; i < NP; i++) p[i] = Vec3<T>(q[3 * i], q[3 * i + 1], q[3 * i + 2]);
  T e = 0;
  for (int i = 0; i < NP; i++)
    for (int j = i + 1; j < NP; j++) {
      Vec3<T> d = p[j] - p[i];
      T r = d.norm();
      e += T(0.5) * (r - T(1)) * (r - T(1));
    }
  Vec3<T> n = (p[1] - p[0]).cross(p[2] - p[0]);
  n *= T(0.5);
  Vec3<T> c;
  for (const auto &v : p) c += v / T(NP);
  if (!(c == Vec3<T>())) e += T(0.1) * (-n).dot(p[3] - c) + T(0.05) * (T(2) * c).dot(c);
  return e;
}

template <typename T, T (*F)(const T *)>
struct Gradient {
  static void reverse(const T *q, T *dq) { __enzyme_autodiff((void *)F, enzyme_dup, q, dq); }
  static double forward(const T *q, const T *v);
};
template <>
double Gradient<double, energy<double>>::forward(const double *q, const double *v) {
  return __enzyme_fwddiff((void *)energy<double>, enzyme_dup, q, v);
}
template <>
double Gradient<float, energy<float>>::forward(const float *q, const float *v) {
  return __enzyme_fwddiff_f((void *)energy<float>, enzyme_dup, q, v);
}

static double Fd(double *x) { return energy<double>(x); }

int main() {
  double q[N], dq[N] = {0}, v[N];
  float qf[N], dqf[N] = {0}, vf[N];
  for (int i = 0; i < N; i++) {
    q[i] = 0.6 * std::sin(1.3 * i + 0.2) + 0.3 * (i / 3);
    qf[i] = (float)q[i];
    q[i] = (double)qf[i]; /* the same point in both precisions */
    v[i] = 0.2 * ((i * 5) % 9) - 0.8;
    vf[i] = (float)v[i];
  }
  Gradient<double, energy<double>>::reverse(q, dq);
  ck_gradient("Vec3<double> energy", dq, Fd, q, N);
  double jv = Gradient<double, energy<double>>::forward(q, v);
  CHECK("Vec3<double>: <grad, v> = Jv", ck_dot(dq, v, N), jv);

  Gradient<float, energy<float>>::reverse(qf, dqf);
  char label[80];
  for (int i = 0; i < N; i++) {
    snprintf(label, sizeof label, "Vec3<float> energy: d/dq[%d]", i);
    CHECK_F32(label, dqf[i], ck_fd_partial(Fd, q, i));
  }
  double jvf = Gradient<float, energy<float>>::forward(qf, vf);
  double dot = 0;
  for (int i = 0; i < N; i++) dot += (double)dqf[i] * vf[i];
  CHECK_F32("Vec3<float>: <grad, v> = Jv", dot, jvf);
  return ck_done();
}
