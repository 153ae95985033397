// TEST: a GradBench/ADBench-style bundle-adjustment residual in C++ (my own code after the published problem definition): a Camera class template (angle-axis rotation, centre, focal length, principal point, two radial distortion terms) with member functions over std::array<T, 3>, the projection residual of one observation scaled by its weight and the weight residual 1 - w^2; the Jacobian (3 x 15) of a raw-pointer wrapper is taken row by row in reverse mode (seeded with unit output adjoints) and column by column in batched forward mode (enzyme_width 5, three batches); every entry against finite differences, rows against columns, and the dot-product test
#include <array>
#include <cmath>

#include "include/ck_array.h"

extern "C" {
void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);
}

#define NCAM 11
#define NIN (NCAM + 3 + 1)
#define NOUT 3
#define W 5

template <typename T> using V3 = std::array<T, 3>;

template <typename T> static T dot3(const V3<T> &a, const V3<T> &b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
template <typename T> static V3<T> cross3(const V3<T> &a, const V3<T> &b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

template <typename T> class Camera {
public:
  explicit Camera(const T *p) {
    for (int i = 0; i < 3; i++) rot_[i] = p[i], centre_[i] = p[3 + i];
    focal_ = p[6];
    pp_ = {p[7], p[8]};
    kappa_ = {p[9], p[10]};
  }

  V3<T> rotate(const V3<T> &x) const {
    T t2 = dot3(rot_, rot_);
    if (t2 > 1e-12) {
      T t = std::sqrt(t2), c = std::cos(t), s = std::sin(t);
      V3<T> w = {rot_[0] / t, rot_[1] / t, rot_[2] / t};
      V3<T> wx = cross3(w, x);
      T tmp = dot3(w, x) * (1.0 - c);
      V3<T> out;
      for (int i = 0; i < 3; i++) out[i] = x[i] * c + wx[i] * s + w[i] * tmp;
      return out;
    }
    V3<T> wx = cross3(rot_, x);
    return {x[0] + wx[0], x[1] + wx[1], x[2] + wx[2]};
  }

  std::array<T, 2> project(const V3<T> &X) const {
    V3<T> rel = {X[0] - centre_[0], X[1] - centre_[1], X[2] - centre_[2]};
    V3<T> xc = rotate(rel);
    std::array<T, 2> p = {xc[0] / xc[2], xc[1] / xc[2]};
    T rsq = p[0] * p[0] + p[1] * p[1];
    T dist = 1.0 + kappa_[0] * rsq + kappa_[1] * rsq * rsq;
    return {p[0] * dist * focal_ + pp_[0], p[1] * dist * focal_ + pp_[1]};
  }

private:
  V3<T> rot_, centre_;
  T focal_;
  std::array<T, 2> pp_, kappa_;
};

__attribute__((noinline)) static void ba_wrapper(const double *cam, const double *X, const double *w, const double *feat,
                                                 double *err) {
  Camera<double> camera(cam);
  auto proj = camera.project({X[0], X[1], X[2]});
  err[0] = *w * (proj[0] - feat[0]);
  err[1] = *w * (proj[1] - feat[1]);
  err[2] = 1.0 - *w * *w;
}

static const double FEAT[2] = {0.3, -0.2};
static int g_row;

static double F_row(double *in) {
  double e[NOUT];
  ba_wrapper(in, in + NCAM, in + NCAM + 3, FEAT, e);
  return e[g_row];
}

int main() {
  double in[NIN] = {0.12, -0.3, 0.2, 0.4, -0.25, -3.1, 1.4, 0.05, -0.03, 0.02, -0.004, 0.35, 0.6, 1.9, 0.85};
  double jac_rev[NOUT][NIN], jac_fwd[NOUT][NIN];
  char label[120];
  /* rows by reverse mode */
  for (int r = 0; r < NOUT; r++) {
    double d_in[NIN] = {0}, e[NOUT], de[NOUT] = {0};
    de[r] = 1.0;
    __enzyme_autodiff((void *)ba_wrapper, enzyme_dup, in, d_in, enzyme_dup, in + NCAM, d_in + NCAM, enzyme_dup,
                      in + NCAM + 3, d_in + NCAM + 3, enzyme_const, FEAT, enzyme_dupnoneed, e, de);
    for (int j = 0; j < NIN; j++) jac_rev[r][j] = d_in[j];
    g_row = r;
    snprintf(label, sizeof label, "ba reverse row %d", r);
    ck_gradient(label, d_in, F_row, in, NIN);
  }
  /* columns by batched forward mode, W at a time */
  for (int c0 = 0; c0 < NIN; c0 += W) {
    double seed[W][NIN] = {{0}}, e[NOUT], de[W][NOUT];
    for (int l = 0; l < W; l++) seed[l][c0 + l] = 1.0;
    __enzyme_fwddiff((void *)ba_wrapper, enzyme_width, W, enzyme_dup, in, seed[0], seed[1], seed[2], seed[3], seed[4],
                     enzyme_dup, in + NCAM, seed[0] + NCAM, seed[1] + NCAM, seed[2] + NCAM, seed[3] + NCAM,
                     seed[4] + NCAM, enzyme_dup, in + NCAM + 3, seed[0] + NCAM + 3, seed[1] + NCAM + 3,
                     seed[2] + NCAM + 3, seed[3] + NCAM + 3, seed[4] + NCAM + 3, enzyme_const, FEAT, enzyme_dup, e,
                     de[0], de[1], de[2], de[3], de[4]);
    for (int l = 0; l < W; l++)
      for (int r = 0; r < NOUT; r++) {
        jac_fwd[r][c0 + l] = de[l][r];
        g_row = r;
        snprintf(label, sizeof label, "ba forward col %d row %d", c0 + l, r);
        CHECK(label, de[l][r], ck_fd_partial(F_row, in, c0 + l));
      }
  }
  for (int r = 0; r < NOUT; r++)
    for (int j = 0; j < NIN; j++) {
      snprintf(label, sizeof label, "ba J[%d][%d] reverse = forward", r, j);
      CHECK(label, jac_rev[r][j], jac_fwd[r][j]);
    }
  /* dot-product test: one reverse sweep seeded with w against one forward sweep along v */
  double wv[NOUT] = {0.7, -1.1, 0.4}, v[NIN], jtw[NIN] = {0}, e[NOUT], de[NOUT], jv[NOUT];
  for (int j = 0; j < NIN; j++) v[j] = 0.2 * ((j * 5) % 9) - 0.8;
  for (int r = 0; r < NOUT; r++) de[r] = wv[r];
  __enzyme_autodiff((void *)ba_wrapper, enzyme_dup, in, jtw, enzyme_dup, in + NCAM, jtw + NCAM, enzyme_dup,
                    in + NCAM + 3, jtw + NCAM + 3, enzyme_const, FEAT, enzyme_dupnoneed, e, de);
  __enzyme_fwddiff((void *)ba_wrapper, enzyme_dup, in, v, enzyme_dup, in + NCAM, v + NCAM, enzyme_dup, in + NCAM + 3,
                   v + NCAM + 3, enzyme_const, FEAT, enzyme_dup, e, jv);
  ck_dot_test("ba residual", wv, jv, NOUT, jtw, v, NIN);
  return ck_done();
}
