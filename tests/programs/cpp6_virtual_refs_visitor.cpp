// TEST: reverse and forward mode through virtual calls on objects that live on the stack: derived objects passed to functions taking a base-class reference (const and non-const), a virtual operator() of a function-object hierarchy, a virtual method that mutates active members through `this`, a visitor with double dispatch (accept calls visit with the derived type), a base-class helper that calls a pure virtual hook (template method pattern), and a class template deriving from an abstract base; gradients against finite differences, the dot-product test against forward mode
#include <cmath>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 8

struct Fn {
  virtual ~Fn() = default;
  virtual double operator()(double t) const = 0;
  /* template method: integrates the hook with Simpson's rule */
  double integrate(double a, double b) const {
    const int n = 8;
    double h = (b - a) / n, s = (*this)(a) + (*this)(b);
    for (int i = 1; i < n; i++) s += (i % 2 ? 4.0 : 2.0) * (*this)(a + i * h);
    return s * h / 3.0;
  }
};
struct Gauss : Fn {
  double mu, sig;
  Gauss(double m, double s) : mu(m), sig(s) {}
  double operator()(double t) const override { return std::exp(-(t - mu) * (t - mu) / (2 * sig * sig)); }
};
struct Poly : Fn {
  const double *c;
  int n;
  Poly(const double *cc, int nn) : c(cc), n(nn) {}
  double operator()(double t) const override {
    double p = 0.0;
    for (int i = n - 1; i >= 0; i--) p = p * t + c[i];
    return p;
  }
};
template <class Inner>
struct Squared : Fn {
  Inner in;
  explicit Squared(Inner i) : in(i) {}
  double operator()(double t) const override {
    double v = in(t);
    return v * v;
  }
};

__attribute__((noinline)) static double eval_twice(const Fn &f, double t) { return f(t) + f(0.5 * t); }

struct Circle;
struct Rect;
struct Visitor {
  virtual void visit(Circle &) = 0;
  virtual void visit(Rect &) = 0;
};
struct Shape {
  virtual ~Shape() = default;
  virtual void accept(Visitor &v) = 0;
  virtual void scale(double s) = 0;
};
struct Circle : Shape {
  double r;
  explicit Circle(double rr) : r(rr) {}
  void accept(Visitor &v) override { v.visit(*this); }
  void scale(double s) override { r *= s; }
};
struct Rect : Shape {
  double w, h;
  Rect(double ww, double hh) : w(ww), h(hh) {}
  void accept(Visitor &v) override { v.visit(*this); }
  void scale(double s) override {
    w *= s;
    h /= std::sqrt(s);
  }
};
struct AreaSum : Visitor {
  double total = 0.0;
  void visit(Circle &c) override { total += 3.14159 * c.r * c.r; }
  void visit(Rect &r) override { total += r.w * r.h + 0.1 * r.w; }
};

static void grow(Shape &s, double by) { s.scale(by); }

static double functions(const double *x) {
  Gauss g(x[0], 0.5 + x[1] * x[1]);
  Poly p(x + 2, 3);
  Squared<Poly> q(p);
  const Fn *fs[3] = {&g, &p, &q};
  double s = 0.0;
  for (const Fn *f : fs) s += f->integrate(-1.0, 1.0 + 0.1 * x[5]);
  s += eval_twice(g, x[6]) * eval_twice(q, x[7]);
  return s;
}

static double shapes(const double *x) {
  Circle c1(x[0]), c2(x[1] * x[2]);
  Rect r1(x[3], x[4]), r2(1.0 + x[5] * x[5], x[6]);
  Shape *all[4] = {&c1, &r1, &c2, &r2};
  for (int i = 0; i < 4; i++) grow(*all[i], 1.0 + 0.2 * i + 0.1 * x[7] * x[7]);
  AreaSum v;
  for (Shape *s : all) s->accept(v);
  c1.accept(v);
  return v.total;
}

static double F_functions(double *x) { return functions(x); }
static double F_shapes(double *x) { return shapes(x); }

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
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.55, 1.3, -0.15};
  check<functions>("virtual function objects by reference", F_functions, x0);
  check<shapes>("visitor double dispatch", F_shapes, x0);
  return ck_done();
}
