// TEST: reverse and forward mode through C++ class hierarchies built inside the function: a std::vector of std::unique_ptr<Base> whose virtual eval is called in a loop, an override that calls the base class's version explicitly, a pure virtual interface reached through a reference, a member function whose free helper has a user reverse rule and a user forward rule (__enzyme_register_gradient / __enzyme_register_derivative on an extern "C" function hidden behind inline asm)
#include "include/ck_array.h"

#include <memory>
#include <vector>

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

/* a black box only the rules can differentiate */
__attribute__((noinline)) double softplus(double x) {
  double r = log1p(exp(x));
  __asm__ volatile("" : "+x"(r));
  return r;
}
double softplus_aug(double x) { return log1p(exp(x)); }
double softplus_rev(double x, double dret) { return dret / (1.0 + exp(-x)); }
typedef struct { double primal, tangent; } dual;
dual softplus_fwd(double x, double dx) { return dual{log1p(exp(x)), dx / (1.0 + exp(-x))}; }
void *__enzyme_register_gradient_softplus[] = {(void *)softplus, (void *)softplus_aug, (void *)softplus_rev};
void *__enzyme_register_derivative_softplus[] = {(void *)softplus, (void *)softplus_fwd};
}

struct Base {
  double scale;
  explicit Base(double s) : scale(s) {}
  virtual ~Base() = default;
  virtual double eval(const double *x, int i) const { return scale * x[i]; }
};

struct Square : Base {
  using Base::Base;
  double eval(const double *x, int i) const override { return Base::eval(x, i) * x[i]; }
};

struct Soft : Base {
  double shift;
  Soft(double s, double sh) : Base(s), shift(sh) {}
  double eval(const double *x, int i) const override { return scale * softplus(x[i] - shift); }
};

struct Chain : Square {
  using Square::Square;
  double eval(const double *x, int i) const override { return std::sin(Square::eval(x, i)) + Base::eval(x, (i + 1) % 8); }
};

struct Metric {
  virtual double dist(const double *a, const double *b, int n) const = 0;
  virtual ~Metric() = default;
};
struct Weighted : Metric {
  double w[8];
  explicit Weighted(const double *x) {
    for (int i = 0; i < 8; i++) w[i] = 1.0 + 0.1 * i + 0.05 * x[i] * x[i];
  }
  double dist(const double *a, const double *b, int n) const override {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += w[i] * (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(s + 1e-3);
  }
};

static double use_metric(const Metric &m, const double *a) {
  double b[8];
  for (int i = 0; i < 8; i++) b[i] = 0.5 * a[(i + 3) % 8];
  return m.dist(a, b, 8);
}

static double hierarchy(double *x) {
  std::vector<std::unique_ptr<Base>> parts;
  parts.push_back(std::make_unique<Base>(x[0]));
  parts.push_back(std::make_unique<Square>(1.5));
  parts.push_back(std::make_unique<Soft>(0.7, x[1]));
  parts.push_back(std::make_unique<Chain>(x[2] * 0.5));
  double s = 0.0;
  for (int k = 0; k < 8; k++) s += parts[k % parts.size()]->eval(x, k);
  Weighted m(x);
  return s + use_metric(m, x);
}

static double rules_only(double *x) {
  double s = 0.0;
  for (int i = 0; i < 8; i++) s += softplus(x[i] * x[(i + 1) % 8]);
  return s;
}

static const double V[8] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35};

#define BOTH(what, fn, x, n)                                           \
  do {                                                                 \
    double dx_[8] = {0}, v_[8], one_ = 1.0;                            \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, dx_);                 \
    ck_gradient(what, dx_, fn, x, n);                                  \
    memcpy(v_, V, sizeof v_);                                          \
    double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_);      \
    ck_dot_test(what, &one_, &jv_, 1, dx_, V, n);                      \
  } while (0)

int main() {
  double x[8] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.1, -0.15};
  BOTH("virtual hierarchy with a rule inside", hierarchy, x, 8);
  BOTH("user rules in a loop", rules_only, x, 8);
  return ck_done();
}
