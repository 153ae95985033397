// TEST: C++ in the style of Enzyme's C++ users: a variadic template wrapper that calls a capturing lambda passed enzyme_const by address, a template gradient helper over a function-pointer template argument, std::array and std::vector passed enzyme_dup with shadow containers, std::complex arithmetic, and a virtual method called on an object passed enzyme_const; reverse and forward mode
#include "include/ck_array.h"
#include <array>
#include <complex>
#include <vector>

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}
struct G2 { double dx, dy; };
extern "C" G2 __enzyme_autodiff_g2(void *, ...);

template <typename Fn, typename... Args> static double call_wrapper(const Fn *f, Args... args) {
  return (*f)(args...);
}

template <typename Fn> static double grad_x(const Fn &f, double x) {
  return __enzyme_autodiff((void *)call_wrapper<Fn, double>, enzyme_const, &f, x);
}
template <typename Fn> static G2 grad_xy(const Fn &f, double x, double y) {
  return __enzyme_autodiff_g2((void *)call_wrapper<Fn, double, double>, enzyme_const, &f, x, y);
}
template <typename Fn> static double tangent_x(const Fn &f, double x) {
  return __enzyme_fwddiff((void *)call_wrapper<Fn, double>, enzyme_const, &f, x, 1.0);
}

template <double (*F)(double)> static double grad_of(double x) { return __enzyme_autodiff((void *)F, x); }
static double bump(double x) { return std::exp(-x * x) * std::cos(3.0 * x); }

template <size_t N> static double norm_sq(const std::array<double, N> &a, double w) {
  double s = 0.0;
  for (size_t i = 0; i < N; i++) s += w * a[i] * a[i] * (double)(i + 1);
  return std::sqrt(s);
}

static double vec_energy(const std::vector<double> &v, double k) {
  double e = 0.0;
  for (size_t i = 0; i + 1 < v.size(); i++) {
    double d = v[i + 1] - v[i];
    e += 0.5 * k * d * d + std::log1p(v[i] * v[i]);
  }
  return e;
}

static double complex_poly(double re, double im) {
  std::complex<double> z(re, im);
  std::complex<double> p = z * z * z - 2.0 * z + std::complex<double>(1.0, 0.5);
  return std::norm(p) + std::real(std::exp(z)) * std::imag(z * z);
}

struct Shape {
  virtual ~Shape() {}
  virtual double area(double s) const = 0;
};
struct Square : Shape {
  double k;
  explicit Square(double k) : k(k) {}
  double area(double s) const override { return k * s * s; }
};
struct Circle : Shape {
  double r0;
  explicit Circle(double r0) : r0(r0) {}
  double area(double s) const override { return M_PI * (r0 + s) * (r0 + s); }
};
static double total_area(const Shape *const *shapes, int n, double s) {
  double a = 0.0;
  for (int i = 0; i < n; i++) a += shapes[i]->area(s * (double)(i + 1));
  return a;
}

static std::array<double, 4> ARR = {0.3, -1.2, 0.8, 2.0};
static double F_arr(double *x) {
  std::array<double, 4> a = {x[0], x[1], x[2], x[3]};
  return norm_sq<4>(a, 0.7);
}
static std::vector<double> VEC = {0.2, 0.9, -0.4, 1.3, 0.1};
static double F_vec(double *x) {
  std::vector<double> v(x, x + 5);
  return vec_energy(v, 2.5);
}
static double FX_cp(double x) { return complex_poly(x, -0.6); }
static double FY_cp(double y) { return complex_poly(0.45, y); }
static Square SQ(1.5);
static Circle CI(0.25);
static const Shape *SHAPES[3] = {&SQ, &CI, &SQ};
static double F_area(double s) { return total_area(SHAPES, 3, s); }

int main() {
  double a = 1.7, b = -0.4;
  auto f1 = [a, &b](double x) { return a * std::sin(x * b) + x * x * a; };
  auto F1 = [&](double x) { return f1(x); };
  double (*pf1)(double) = [](double x) { return 0.0 * x; };
  (void)pf1;
  static decltype(F1) *sF1 = &F1;
  struct Fd { static double call(double x) { return (*sF1)(x); } };
  CHECK("capturing lambda through wrapper (reverse)", grad_x(f1, 0.9), ck_fd1(Fd::call, 0.9));
  CHECK("capturing lambda through wrapper (forward)", tangent_x(f1, 0.9), ck_fd1(Fd::call, 0.9));

  auto f2 = [&](double x, double y) { return std::pow(x, 3) * y + std::hypot(x, y) * a; };
  static decltype(f2) *sf2 = &f2;
  struct F2x { static double call(double x) { return (*sf2)(x, 0.6); } };
  struct F2y { static double call(double y) { return (*sf2)(1.1, y); } };
  G2 g = grad_xy(f2, 1.1, 0.6);
  CHECK("two-argument lambda d/dx", g.dx, ck_fd1(F2x::call, 1.1));
  CHECK("two-argument lambda d/dy", g.dy, ck_fd1(F2y::call, 0.6));

  CHECK("function-pointer template argument", grad_of<bump>(0.35), ck_fd1(bump, 0.35));

  std::array<double, 4> arr = ARR, darr = {0, 0, 0, 0};
  __enzyme_autodiff((void *)norm_sq<4>, enzyme_dup, &arr, &darr, enzyme_const, 0.7);
  ck_gradient("std::array enzyme_dup", darr.data(), F_arr, arr.data(), 4);

  std::vector<double> v = VEC, dv(v.size(), 0.0);
  __enzyme_autodiff((void *)vec_energy, enzyme_dup, &v, &dv, enzyme_const, 2.5);
  ck_gradient("std::vector enzyme_dup", dv.data(), F_vec, v.data(), 5);

  g = __enzyme_autodiff_g2((void *)complex_poly, 0.45, -0.6);
  CHECK("std::complex d/dre", g.dx, ck_fd1(FX_cp, 0.45));
  CHECK("std::complex d/dim", g.dy, ck_fd1(FY_cp, -0.6));
  CHECK("std::complex forward d/dim", __enzyme_fwddiff((void *)complex_poly, 0.45, 0.0, -0.6, 1.0), ck_fd1(FY_cp, -0.6));

  CHECK("virtual methods, objects enzyme_const",
        __enzyme_autodiff((void *)total_area, enzyme_const, SHAPES, enzyme_const, 3, 0.8), ck_fd1(F_area, 0.8));
  CHECK("virtual methods forward",
        __enzyme_fwddiff((void *)total_area, enzyme_const, SHAPES, enzyme_const, 3, 0.8, 1.0), ck_fd1(F_area, 0.8));
  return ck_done();
}
