// TEST: a GradBench/ADBench-style hand-tracking objective in C++ (my own code after the published problem definition; tests/programs/r_adbench_hand.c is the C version): a Mat4 value type (std::array<double, 16> with operator*), a HandModel class with std::vector members (bones with parents and base transforms, base vertex positions, skinning weights as std::vector<std::vector<double>>, targets) passed to the differentiated wrapper as an inactive const pointer, posed transforms chained through parents into a std::vector<Mat4>, linear-blend skinning, a global angle-axis rotation and translation; reverse mode of the squared error (gradient against finite differences), J^T w of the residuals against finite differences and the dot-product test against forward mode
#include <array>
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_v(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_fwddiff(void *, ...);
}

struct Mat4 {
  std::array<double, 16> m{};
  static Mat4 identity() {
    Mat4 r;
    for (int i = 0; i < 4; i++) r.m[i * 5] = 1.0;
    return r;
  }
  double &operator()(int i, int j) { return m[i * 4 + j]; }
  double operator()(int i, int j) const { return m[i * 4 + j]; }
  Mat4 operator*(const Mat4 &b) const {
    Mat4 r;
    for (int i = 0; i < 4; i++)
      for (int j = 0; j < 4; j++) {
        double s = 0.0;
        for (int k = 0; k < 4; k++) s += (*this)(i, k) * b(k, j);
        r(i, j) = s;
      }
    return r;
  }
  /* R = Rz(c) Ry(b) Rx(a) */
  static Mat4 euler(double a, double b, double c) {
    double ca = std::cos(a), sa = std::sin(a), cb = std::cos(b), sb = std::sin(b), cc = std::cos(c), sc = std::sin(c);
    Mat4 r = identity();
    r(0, 0) = cc * cb, r(0, 1) = cc * sb * sa - sc * ca, r(0, 2) = cc * sb * ca + sc * sa;
    r(1, 0) = sc * cb, r(1, 1) = sc * sb * sa + cc * ca, r(1, 2) = sc * sb * ca - cc * sa;
    r(2, 0) = -sb, r(2, 1) = cb * sa, r(2, 2) = cb * ca;
    return r;
  }
  Mat4 rigid_inverse() const {
    Mat4 r = identity();
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) r(i, j) = (*this)(j, i);
    for (int i = 0; i < 3; i++) r(i, 3) = -(r(i, 0) * (*this)(0, 3) + r(i, 1) * (*this)(1, 3) + r(i, 2) * (*this)(2, 3));
    return r;
  }
};

struct Bone {
  int parent;
  Mat4 base_rel, inv_base_abs;
};

class HandModel {
public:
  std::vector<Bone> bones;
  std::vector<std::array<double, 4>> base_pos;
  std::vector<std::vector<double>> weights; /* [vertex][bone] */
  std::vector<std::array<double, 3>> targets;

  int n_params() const { return 6 + 3 * ((int)bones.size() - 1); }

  void residuals(const std::vector<double> &theta, std::vector<double> &err) const {
    std::vector<Mat4> absolute(bones.size()), skin(bones.size());
    for (size_t b = 0; b < bones.size(); b++) {
      Mat4 pose = b == 0 ? Mat4::identity()
                         : Mat4::euler(theta[6 + 3 * (b - 1)], theta[7 + 3 * (b - 1)], theta[8 + 3 * (b - 1)]);
      Mat4 rel = bones[b].base_rel * pose;
      absolute[b] = bones[b].parent < 0 ? rel : absolute[bones[b].parent] * rel;
      skin[b] = absolute[b] * bones[b].inv_base_abs;
    }
    for (size_t v = 0; v < base_pos.size(); v++) {
      std::array<double, 3> p{};
      for (size_t b = 0; b < bones.size(); b++)
        for (int i = 0; i < 3; i++) {
          double s = 0.0;
          for (int k = 0; k < 4; k++) s += skin[b](i, k) * base_pos[v][k];
          p[i] += weights[v][b] * s;
        }
      auto q = rotate(&theta[0], p);
      for (int i = 0; i < 3; i++) err[3 * v + i] = targets[v][i] - (q[i] + theta[3 + i]);
    }
  }

private:
  static std::array<double, 3> rotate(const double *aa, const std::array<double, 3> &p) {
    double t2 = aa[0] * aa[0] + aa[1] * aa[1] + aa[2] * aa[2];
    if (t2 < 1e-16) return p;
    double t = std::sqrt(t2), c = std::cos(t), s = std::sin(t);
    double w[3] = {aa[0] / t, aa[1] / t, aa[2] / t};
    double wp = w[0] * p[0] + w[1] * p[1] + w[2] * p[2];
    double cr[3] = {w[1] * p[2] - w[2] * p[1], w[2] * p[0] - w[0] * p[2], w[0] * p[1] - w[1] * p[0]};
    std::array<double, 3> out;
    for (int i = 0; i < 3; i++) out[i] = p[i] * c + cr[i] * s + w[i] * wp * (1.0 - c);
    return out;
  }
};

/* The wrappers Enzyme users write around the class: raw pointers and sizes. */
__attribute__((noinline)) static void hand_residuals(const double *theta, int nt, const HandModel *model, double *err,
                                                     int ne) {
  std::vector<double> th(theta, theta + nt), e(ne);
  model->residuals(th, e);
  for (int i = 0; i < ne; i++) err[i] = e[i];
}

__attribute__((noinline)) static double hand_objective(const double *theta, int nt, const HandModel *model) {
  std::vector<double> th(theta, theta + nt), e(3 * model->base_pos.size());
  model->residuals(th, e);
  double s = 0.0;
  for (double x : e) s += x * x;
  return s;
}

static HandModel g_model;
#define NB 5
#define NV 10
#define NT (6 + 3 * (NB - 1))
#define NE (3 * NV)
static double WTS[NE];

static double F(double *theta) { return hand_objective(theta, NT, &g_model); }
static double G(double *theta) {
  double e[NE];
  hand_residuals(theta, NT, &g_model, e, NE);
  return ck_dot(WTS, e, NE);
}

static unsigned seed = 11u;
static double U() {
  seed = seed * 1664525u + 1013904223u;
  return (double)(seed >> 8) / (double)(1u << 24);
}

static void build_model() {
  const int parent[NB] = {-1, 0, 1, 1, 3};
  std::vector<Mat4> base_abs;
  for (int b = 0; b < NB; b++) {
    Bone bone;
    bone.parent = parent[b];
    bone.base_rel = Mat4::euler(0.3 * U() - 0.15, 0.3 * U() - 0.15, 0.3 * U() - 0.15);
    bone.base_rel(0, 3) = b ? 0.0 : 0.1, bone.base_rel(1, 3) = b ? 1.0 : 0.0, bone.base_rel(2, 3) = 0.05 * U();
    base_abs.push_back(parent[b] < 0 ? bone.base_rel : base_abs[parent[b]] * bone.base_rel);
    bone.inv_base_abs = base_abs.back().rigid_inverse();
    g_model.bones.push_back(bone);
  }
  for (int v = 0; v < NV; v++) {
    g_model.base_pos.push_back({U() - 0.5, 4.0 * U(), 0.2 * U(), 1.0});
    std::vector<double> w(NB);
    double tot = 0.0;
    for (double &x : w) tot += x = U() * U() + 0.01;
    for (double &x : w) x /= tot;
    g_model.weights.push_back(w);
    g_model.targets.push_back({2.0 * U() - 1.0, 2.0 * U() - 1.0, 2.0 * U() - 1.0});
  }
  for (int i = 0; i < NE; i++) WTS[i] = std::sin(0.7 * i + 0.2);
}

int main() {
  build_model();
  double theta[NT], g[NT] = {0}, v[NT], jv[NE], e[NE], de[NE], jtw[NT] = {0};
  for (int i = 0; i < NT; i++) theta[i] = 0.25 * std::sin(1.3 * i + 0.4), v[i] = std::cos(0.9 * i);
  __enzyme_autodiff((void *)hand_objective, enzyme_dup, theta, g, enzyme_const, NT, enzyme_const, &g_model);
  ck_gradient("hand objective", g, F, theta, NT);
  for (int i = 0; i < NE; i++) de[i] = WTS[i];
  __enzyme_autodiff_v((void *)hand_residuals, enzyme_dup, theta, jtw, enzyme_const, NT, enzyme_const, &g_model,
                      enzyme_dupnoneed, e, de, enzyme_const, NE);
  ck_gradient("hand residuals J^T w", jtw, G, theta, NT);
  __enzyme_fwddiff((void *)hand_residuals, enzyme_dup, theta, v, enzyme_const, NT, enzyme_const, &g_model, enzyme_dup,
                   e, jv, enzyme_const, NE);
  ck_dot_test("hand residuals", WTS, jv, NE, jtw, v, NT);
  return ck_done();
}
