// TEST: the whole GradBench/ADBench-style bundle-adjustment objective in C++ (my own code after the published problem definition): cameras and points as std::vector<std::array<double, N>> built from the raw parameter vector, observations as a std::vector of a struct holding the camera and point indices (several observations share a camera or a point, so their derivatives add up in the same shadow entries), the residuals computed by a member function of a Problem class, a sum of squared residuals through a lambda; reverse-mode gradient with respect to all cameras, points and weights against finite differences, the dot-product test against forward mode, and the batched forward mode (enzyme_width 2) along two directions
#include <array>
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

struct Obs2 {
  double d[2];
};
extern "C" Obs2 __enzyme_fwddiff2(void *, ...) __asm__("__enzyme_fwddiff");

#define NC 2
#define NPT 4
#define NOBS 7
#define NPAR (NC * 11 + NPT * 3 + NOBS)

using Cam = std::array<double, 11>;
using Pt3 = std::array<double, 3>;

struct Observation {
  int cam, pt;
  double feat[2];
};

class BundleProblem {
public:
  BundleProblem(const double *params, const std::vector<Observation> &obs) : obs_(obs) {
    for (int c = 0; c < NC; c++) {
      Cam cam;
      for (int i = 0; i < 11; i++) cam[i] = params[c * 11 + i];
      cams_.push_back(cam);
    }
    for (int p = 0; p < NPT; p++) pts_.push_back({params[NC * 11 + 3 * p], params[NC * 11 + 3 * p + 1], params[NC * 11 + 3 * p + 2]});
    weights_.assign(params + NC * 11 + NPT * 3, params + NPAR);
  }

  std::array<double, 3> residual(size_t i) const {
    const Cam &c = cams_[obs_[i].cam];
    const Pt3 &X = pts_[obs_[i].pt];
    Pt3 rel = {X[0] - c[3], X[1] - c[4], X[2] - c[5]};
    Pt3 r = rotate(&c[0], rel);
    double u = r[0] / r[2], v = r[1] / r[2], rsq = u * u + v * v;
    double dist = 1.0 + c[9] * rsq + c[10] * rsq * rsq;
    double w = weights_[i];
    return {w * (u * dist * c[6] + c[7] - obs_[i].feat[0]), w * (v * dist * c[6] + c[8] - obs_[i].feat[1]), 1.0 - w * w};
  }

  size_t size() const { return obs_.size(); }

private:
  static Pt3 rotate(const double *aa, const Pt3 &p) {
    double t2 = aa[0] * aa[0] + aa[1] * aa[1] + aa[2] * aa[2];
    if (t2 < 1e-12) return {p[0] + aa[1] * p[2] - aa[2] * p[1], p[1] + aa[2] * p[0] - aa[0] * p[2], p[2] + aa[0] * p[1] - aa[1] * p[0]};
    double t = std::sqrt(t2), c = std::cos(t), s = std::sin(t);
    Pt3 w = {aa[0] / t, aa[1] / t, aa[2] / t};
    double wp = (w[0] * p[0] + w[1] * p[1] + w[2] * p[2]) * (1.0 - c);
    return {p[0] * c + (w[1] * p[2] - w[2] * p[1]) * s + w[0] * wp, p[1] * c + (w[2] * p[0] - w[0] * p[2]) * s + w[1] * wp,
            p[2] * c + (w[0] * p[1] - w[1] * p[0]) * s + w[2] * wp};
  }

  std::vector<Cam> cams_;
  std::vector<Pt3> pts_;
  std::vector<double> weights_;
  const std::vector<Observation> &obs_;
};

__attribute__((noinline)) static double ba_objective(const double *params, const std::vector<Observation> *obs) {
  BundleProblem prob(params, *obs);
  auto sq = [](const std::array<double, 3> &r) { return r[0] * r[0] + r[1] * r[1] + r[2] * r[2]; };
  double total = 0.0;
  for (size_t i = 0; i < prob.size(); i++) total += sq(prob.residual(i));
  return total;
}

static std::vector<Observation> *g_obs;
static double F(double *p) { return ba_objective(p, g_obs); }

int main() {
  std::vector<Observation> obs;
  const int pairs[NOBS][2] = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {1, 3}, {0, 3}};
  for (int i = 0; i < NOBS; i++) obs.push_back({pairs[i][0], pairs[i][1], {0.1 * i - 0.3, 0.2 - 0.05 * i}});
  g_obs = &obs;
  double p[NPAR], dp[NPAR] = {0}, v[NPAR], u[NPAR];
  const double cam0[11] = {0.1, -0.2, 0.15, 0.3, -0.1, -3.0, 1.2, 0.02, -0.01, 0.01, -0.002};
  for (int c = 0; c < NC; c++)
    for (int i = 0; i < 11; i++) p[c * 11 + i] = cam0[i] * (1.0 + 0.3 * c) + (i == 5 ? -0.5 * c : 0.0);
  for (int i = 0; i < NPT * 3; i++) p[NC * 11 + i] = 0.6 * std::sin(1.7 * i + 0.4);
  for (int i = 0; i < NOBS; i++) p[NC * 11 + NPT * 3 + i] = 0.8 + 0.05 * i;
  for (int i = 0; i < NPAR; i++) v[i] = 0.2 * ((i * 5) % 9) - 0.8, u[i] = std::cos(0.7 * i);
  __enzyme_autodiff((void *)ba_objective, enzyme_dup, p, dp, enzyme_const, &obs);
  ck_gradient("ba objective", dp, F, p, NPAR);
  double jv = __enzyme_fwddiff((void *)ba_objective, enzyme_dup, p, v, enzyme_const, &obs);
  CHECK("ba objective: <grad, v> = Jv", ck_dot(dp, v, NPAR), jv);
  Obs2 two = __enzyme_fwddiff2((void *)ba_objective, enzyme_width, 2, enzyme_dup, p, v, u, enzyme_const, &obs);
  CHECK("ba objective width 2 lane 0", two.d[0], ck_dot(dp, v, NPAR));
  CHECK("ba objective width 2 lane 1", two.d[1], ck_dot(dp, u, NPAR));
  return ck_done();
}
