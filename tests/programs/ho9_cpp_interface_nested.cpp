// TEST: higher-order derivatives through the C++ interface <enzyme/enzyme>: a gradient made by enzyme::autodiff<Reverse> (Active scalars, a Duplicated std::vector data pointer, Const parameters) inside functions that enzyme::autodiff<Forward> differentiates (forward over reverse: Hessian entries and Hessian-vector products), enzyme::autodiff<Reverse> over a function that calls enzyme::autodiff<Forward> (reverse over forward), and Forward over Forward with a Duplicated return giving {primal, tangent}; against finite differences of the first derivatives, reverse against forward by the dot-product test
#include "include/catalase_check.h"

#include <enzyme/enzyme>

#include <cmath>
#include <vector>

static double wave(double x, double y) { return sin(x * y) + x * x * exp(0.3 * y); }

/* d wave / dx by reverse mode, then differentiated in x and y by forward mode */
static double wave_gx(double x, double y) {
  return enzyme::get<0>(enzyme::get<0>(enzyme::autodiff<enzyme::Reverse>(wave, enzyme::Active{x}, enzyme::Active{y})));
}
static double wave_gy(double x, double y) {
  return enzyme::get<1>(enzyme::get<0>(enzyme::autodiff<enzyme::Reverse>(wave, enzyme::Active{x}, enzyme::Active{y})));
}
/* d wave / dy by forward mode */
static double wave_ty(double x, double y) {
  return enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(wave, enzyme::Const{x}, enzyme::Duplicated{y, 1.0}));
}

static double energy(const double *p, int n, double k) {
  double e = 0.0;
  for (int i = 0; i + 1 < n; i++) {
    double d = p[i + 1] - p[i];
    e += k * d * d * d * d + cos(p[i]) * d;
  }
  return e;
}
constexpr int N = 4;
/* <grad energy, w> with the gradient from enzyme::autodiff<Reverse> into a std::vector shadow */
static double grad_dot(const double *p, const double *w) {
  std::vector<double> g(N, 0.0);
  enzyme::autodiff<enzyme::Reverse>(energy, enzyme::Duplicated<const double *>{p, g.data()}, enzyme::Const{N},
                                    enzyme::Const{0.5});
  double s = 0.0;
  for (int i = 0; i < N; i++) s += g[i] * w[i];
  return s;
}
static double dir(const double *p, const double *v) {
  return enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(energy, enzyme::Duplicated<const double *>{p, v},
                                                          enzyme::Const{N}, enzyme::Const{0.5}));
}

static double X0 = 0.7, Y0 = -0.4;
static double gx_x(double t) { return wave_gx(t, Y0); }
static double gx_y(double t) { return wave_gx(X0, t); }
static double gy_y(double t) { return wave_gy(X0, t); }
static double ty_x(double t) { return wave_ty(t, Y0); }

int main() {
  double x = X0, y = Y0;
  CHECK("wave_gx", wave_gx(x, y), ck_fd1([](double t) { return wave(t, Y0); }, x));
  CHECK("wave_ty", wave_ty(x, y), ck_fd1([](double t) { return wave(X0, t); }, y));
  /* forward over reverse */
  double hxx = enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(wave_gx, enzyme::Duplicated{x, 1.0}, enzyme::Const{y}));
  double hxy = enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(wave_gx, enzyme::Const{x}, enzyme::Duplicated{y, 1.0}));
  double hyy = enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(wave_gy, enzyme::Const{x}, enzyme::Duplicated{y, 1.0}));
  CHECK("H xx fwd over rev", hxx, ck_fd1(gx_x, x));
  CHECK("H xy fwd over rev", hxy, ck_fd1(gx_y, y));
  CHECK("H yy fwd over rev", hyy, ck_fd1(gy_y, y));
  /* reverse over forward */
  auto r = enzyme::autodiff<enzyme::Reverse>(wave_ty, enzyme::Active{x}, enzyme::Active{y});
  CHECK("H yx rev over fwd", enzyme::get<0>(enzyme::get<0>(r)), ck_fd1(ty_x, x));
  CHECK("H yy rev over fwd", enzyme::get<1>(enzyme::get<0>(r)), ck_fd1(gy_y, y));
  /* forward over forward with primal and tangent */
  auto both = enzyme::autodiff<enzyme::Forward, enzyme::Duplicated<double>>(wave_ty, enzyme::Duplicated{x, 1.0},
                                                                          enzyme::Const{y});
  CHECK_PRIMAL("fwd over fwd primal", enzyme::get<0>(both), wave_ty(x, y));
  CHECK("fwd over fwd H yx", enzyme::get<1>(both), ck_fd1(ty_x, x));

  /* Hessian-vector product of the energy: forward over reverse vs reverse over forward */
  double p[N] = {0.2, 0.9, -0.3, 0.5}, v[N] = {1.0, -0.5, 0.25, 0.75}, w[N] = {0.3, 0.1, -1.0, 0.6};
  /* d/dt <grad(p + t v), w> = w^T H v */
  double whv = enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(grad_dot, enzyme::Duplicated<const double *>{p, v},
                                                                enzyme::Const<const double *>{w}));
  /* grad_p <grad, w> = H w, by reverse over reverse; and grad_p (J v) = H v by reverse over forward */
  double hw[N] = {0}, hv[N] = {0};
  enzyme::autodiff<enzyme::Reverse>(grad_dot, enzyme::Duplicated<const double *>{p, hw}, enzyme::Const<const double *>{w});
  enzyme::autodiff<enzyme::Reverse>(dir, enzyme::Duplicated<const double *>{p, hv}, enzyme::Const<const double *>{v});
  double hv_dot_w = 0.0, hw_dot_v = 0.0;
  for (int i = 0; i < N; i++) hv_dot_w += hv[i] * w[i], hw_dot_v += hw[i] * v[i];
  CHECK("w^T H v: fwd over rev = <H v, w> (rev over fwd)", whv, hv_dot_w);
  CHECK("w^T H v: fwd over rev = <H w, v> (rev over rev)", whv, hw_dot_v);
  for (int i = 0; i < N; i++) {
    double h = ck_step(p[i]), s = p[i];
    p[i] = s + h;
    double a = grad_dot(p, v);
    p[i] = s - h;
    double b = grad_dot(p, v);
    p[i] = s;
    char label[64];
    snprintf(label, sizeof label, "H v [%d] rev over fwd", i);
    CHECK(label, hv[i], (a - b) / (2 * h));
  }
  return ck_done();
}
