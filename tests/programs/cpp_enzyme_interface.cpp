// TEST: the C++ interface <enzyme/enzyme> (include/enzyme): enzyme::autodiff in Forward, Reverse and ReverseWithPrimal mode over functions, references, pointers, structs by value (passed to a wrapper by pointer: the calling convention splits them), a capturing lambda, a function object, std::vector by reference and a std::vector returned through sret, with Active, Const, Duplicated and DuplicatedNoNeed arguments in any order and explicit return activities; every derivative against finite differences, one pair of modes by the dot-product test
// catalase_check.h declares the markers extern "C"; <enzyme/enzyme>'s later declarations
// without a linkage keep it (the other order is an error, as with Enzyme's own header).
#include "include/catalase_check.h"

#include <enzyme/enzyme>

#include <cmath>
#include <vector>

static double wave(double x, double y) { return x * std::sin(y) + std::exp(0.3 * x * y); }
static float fsquare(const float& x) { return x * x * x; }
static double weighted(const double* a, const double* w, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += w[i] * a[i] * a[i] + std::cos(a[i]);
  return s;
}
static void stretch(double* v, double k, int n) {
  for (int i = 0; i < n; i++) v[i] = std::sinh(v[i]) * k * k;
}
static double total(const std::vector<double>& v) {
  double s = 0.0;
  for (double e : v) s += e * e * e;
  return s;
}
static std::vector<double> squares(const std::vector<double>& v) {
  std::vector<double> r(v.size());
  for (size_t i = 0; i < v.size(); i++) r[i] = v[i] * v[i] + std::sin(v[i]);
  return r;
}
struct Point {
  double x, y;
};
static double radius(Point p, double k) { return k * std::sqrt(p.x * p.x + p.y * p.y) + p.x * p.y; }
static double radius_x(double x) { return radius(Point{x, -2.0}, 1.5); }
static double radius_y(double y) { return radius(Point{0.9, y}, 1.5); }
static double radius_k(double k) { return radius(Point{0.9, -2.0}, k); }
struct Spring {
  double k, rest;
  double operator()(double x) const { return 0.5 * k * (x - rest) * (x - rest); }
};

static double wave_x(double x) { return wave(x, 0.7); }
static double wave_y(double y) { return wave(1.3, y); }

int main() {
  // Forward, float return: the tangent alone (DuplicatedNoNeed by default).
  double dx = enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(wave, enzyme::Duplicated{1.3, 1.0}, enzyme::Const{0.7}));
  CHECK("forward wave d/dx", dx, ck_fd1(wave_x, 1.3));
  // Forward with a Duplicated return: {primal, tangent}.
  auto both = enzyme::autodiff<enzyme::Forward, enzyme::Duplicated<double>>(wave, enzyme::Const{1.3}, enzyme::Duplicated{0.7, 1.0});
  CHECK_PRIMAL("forward wave primal", enzyme::get<0>(both), wave(1.3, 0.7));
  CHECK("forward wave d/dy", enzyme::get<1>(both), ck_fd1(wave_y, 0.7));
  // Forward with a Const return: the primal alone.
  auto primal = enzyme::autodiff<enzyme::Forward, enzyme::Const<double>>(wave, enzyme::Duplicated{1.3, 1.0}, enzyme::Const{0.7});
  CHECK_PRIMAL("forward const return", enzyme::get<0>(primal), wave(1.3, 0.7));

  // Reverse: the derivative of each Active argument at its position, nodiff elsewhere.
  auto g = enzyme::autodiff<enzyme::Reverse>(wave, enzyme::Active{1.3}, enzyme::Active{0.7});
  CHECK("reverse wave d/dx", enzyme::get<0>(enzyme::get<0>(g)), ck_fd1(wave_x, 1.3));
  CHECK("reverse wave d/dy", enzyme::get<1>(enzyme::get<0>(g)), ck_fd1(wave_y, 0.7));
  auto gy = enzyme::autodiff<enzyme::Reverse>(wave, enzyme::Const{1.3}, enzyme::Active{0.7});
  CHECK("reverse const, active d/dy", enzyme::get<1>(enzyme::get<0>(gy)), ck_fd1(wave_y, 0.7));
  auto [ddx, ddy] = enzyme::get<0>(enzyme::autodiff<enzyme::Reverse>(wave, enzyme::Active{1.3}, enzyme::Active{0.7}));
  CHECK("reverse structured binding d/dx", ddx, ck_fd1(wave_x, 1.3));
  CHECK("reverse structured binding d/dy", ddy, ck_fd1(wave_y, 0.7));
  // ReverseWithPrimal: {gradients, primal}.
  auto gp = enzyme::autodiff<enzyme::ReverseWithPrimal>(wave, enzyme::Active{1.3}, enzyme::Const{0.7});
  CHECK("reverse-with-primal d/dx", enzyme::get<0>(enzyme::get<0>(gp)), ck_fd1(wave_x, 1.3));
  CHECK_PRIMAL("reverse-with-primal primal", enzyme::get<1>(gp), wave(1.3, 0.7));

  // A float by reference: the gradient is added into the shadow.
  const float fx = 1.7f;
  float dfx = 0.0f;
  enzyme::autodiff<enzyme::Reverse>(fsquare, enzyme::Duplicated<const float&>{fx, dfx});
  CHECK_F32("reverse float reference", dfx, ck_fd1([](double x) { return x * x * x; }, (double)fx));
  const float tx = 1.0f;
  float tf = enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(fsquare, enzyme::Duplicated<const float&>{fx, tx}));
  CHECK_F32("forward float reference", tf, dfx);

  // Arrays through pointers, a Const pointer and a Const count.
  static double a[4] = {0.3, -1.1, 2.0, 0.6}, w[4] = {1.0, 0.5, -0.25, 2.0};
  double da[4] = {0, 0, 0, 0};
  enzyme::autodiff<enzyme::Reverse>(weighted, enzyme::Duplicated<const double*>{a, da}, enzyme::Const<const double*>{w}, enzyme::Const{4});
  for (int i = 0; i < 4; i++) {
    double h = ck_step(a[i]), keep = a[i];
    a[i] = keep + h;
    double up = weighted(a, w, 4);
    a[i] = keep - h;
    double down = weighted(a, w, 4);
    a[i] = keep;
    CHECK("reverse weighted d/da[i]", da[i], (up - down) / (2 * h));
  }
  // Dot-product test: <da, v> (reverse) against the forward tangent along v.
  double v[4] = {0.2, -0.4, 1.0, 0.5}, jv = 0.0;
  jv = enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(weighted, enzyme::Duplicated<const double*>{a, v}, enzyme::Const<const double*>{w}, enzyme::Const{4}));
  CHECK("dot product <J^T 1, v> = J v", da[0] * v[0] + da[1] * v[1] + da[2] * v[2] + da[3] * v[3], jv);

  // A void function: the seeds in the output's shadow are consumed, the gradient added in.
  double s[3] = {0.4, -0.2, 0.9}, ds[3] = {1.0, 1.0, 1.0};
  const double s0[3] = {0.4, -0.2, 0.9};
  enzyme::autodiff<enzyme::Reverse>(stretch, enzyme::Duplicated<double*>{s, ds}, enzyme::Const{1.5}, enzyme::Const{3});
  for (int i = 0; i < 3; i++) {
    double h = ck_step(s0[i]);
    CHECK("reverse stretch d/dv[i]", ds[i], (std::sinh(s0[i] + h) - std::sinh(s0[i] - h)) / (2 * h) * 2.25);
  }

  // A struct by value: its tangent is a struct, or it is constant beside an active scalar.
  double rx = enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(radius, enzyme::Duplicated{Point{0.9, -2.0}, Point{1.0, 0.0}}, enzyme::Const{1.5}));
  CHECK("forward struct by value d/dx", rx, ck_fd1(radius_x, 0.9));
  double ry = enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(radius, enzyme::Duplicated{Point{0.9, -2.0}, Point{0.0, 1.0}}, enzyme::Const{1.5}));
  CHECK("forward struct by value d/dy", ry, ck_fd1(radius_y, -2.0));
  auto rk = enzyme::autodiff<enzyme::Reverse>(radius, enzyme::Const{Point{0.9, -2.0}}, enzyme::Active{1.5});
  CHECK("reverse const struct by value, d/dk", enzyme::get<1>(enzyme::get<0>(rk)), ck_fd1(radius_k, 1.5));

  // A capturing lambda and a function object, called through a wrapper.
  double c = 2.5;
  auto cubic = [c](double t) { return c * t * t * t + std::sin(c * t); };
  double lf = enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(cubic, enzyme::Duplicated{0.8, 1.0}));
  double lr = enzyme::get<0>(enzyme::get<0>(enzyme::autodiff<enzyme::Reverse>(cubic, enzyme::Active{0.8})));
  double h = ck_step(0.8), lfd = (cubic(0.8 + h) - cubic(0.8 - h)) / (2 * h);
  CHECK("forward lambda", lf, lfd);
  CHECK("reverse lambda", lr, lfd);
  Spring spring{3.0, 0.25};
  double sr = enzyme::get<0>(enzyme::get<0>(enzyme::autodiff<enzyme::Reverse>(spring, enzyme::Active{1.1})));
  CHECK("reverse function object", sr, (spring(1.1 + ck_step(1.1)) - spring(1.1 - ck_step(1.1))) / (2 * ck_step(1.1)));

  // std::vector by reference (DuplicatedNoNeed), and a std::vector returned through sret.
  std::vector<double> xs{0.5, -1.5, 2.0};
  std::vector<double> dxs(3, 0.0);
  enzyme::autodiff<enzyme::Reverse>(total, enzyme::DuplicatedNoNeed<const std::vector<double>&>{xs, dxs});
  for (int i = 0; i < 3; i++) {
    std::vector<double> up = xs, down = xs;
    double hh = ck_step(xs[i]);
    up[i] += hh;
    down[i] -= hh;
    CHECK("reverse std::vector d/dx[i]", dxs[i], (total(up) - total(down)) / (2 * hh));
  }
  std::vector<double> txs{1.0, 0.0, -2.0};
  auto sq = enzyme::autodiff<enzyme::Forward, enzyme::Duplicated<std::vector<double>>>(
      squares, enzyme::Duplicated<const std::vector<double>&>{xs, txs});
  std::vector<double> ahead = xs, behind = xs;
  double step = 1e-5;
  for (int i = 0; i < 3; i++) {
    ahead[i] += step * txs[i];
    behind[i] -= step * txs[i];
  }
  std::vector<double> ya = squares(ahead), yb = squares(behind), y0 = squares(xs);
  for (int i = 0; i < 3; i++) {
    CHECK_PRIMAL("forward sret std::vector primal", enzyme::get<0>(sq)[i], y0[i]);
    CHECK("forward sret std::vector tangent", enzyme::get<1>(sq)[i], (ya[i] - yb[i]) / (2 * step));
  }
  return ck_done();
}
