// TEST: reverse mode through a std::vector<std::unique_ptr<Term>> filled with four std::make_unique terms whose coefficients are active, then called through base pointers: at -O2/-O3 the vector's growth from two to four elements moves the two unique_ptrs with one SLP-vectorized `<2 x i64>` load and store; their shadow bits must move too (a null shadow object crashed the reverse sweep of the virtual call before); gradients against finite differences, the dot-product test against forward mode
// KNOWN-BUG: is moved through the integer type i32
// (open at -O0 only: type analysis finds the `int&&` argument of make_unique<Quad, const double&, int> pointing at a double, so its i32 load is refused)
#include <cmath>
#include <memory>
#include <vector>

#include "../programs/include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 6

struct Term {
  virtual ~Term() = default;
  virtual double eval(const double *x) const = 0;
};
struct Quad : Term {
  double c;
  int i;
  Quad(double c_, int i_) : c(c_), i(i_) {}
  double eval(const double *x) const override { return c * x[i] * x[i]; }
};
struct Wave : Term {
  double amp, freq;
  int i;
  Wave(double a, double f, int i_) : amp(a), freq(f), i(i_) {}
  double eval(const double *x) const override { return amp * std::sin(freq * x[i]); }
};

static double model(const double *x) {
  std::vector<std::unique_ptr<Term>> terms;
  terms.push_back(std::make_unique<Quad>(x[5], 0));
  terms.push_back(std::make_unique<Wave>(x[4], 1.3, 1));
  terms.push_back(std::make_unique<Quad>(x[3], 3));
  terms.push_back(std::make_unique<Wave>(x[2], 0.7, 2));
  double s = 0.0;
  for (const auto &t : terms) s += t->eval(x) * (1.0 + s);
  return s;
}

static double F(double *x) { return model(x); }

int main() {
  double x[N] = {0.8, -0.6, 1.2, 0.35, 0.9, -1.1}, dx[N] = {0}, v[N] = {0.5, -1, 0.25, 0.75, -0.5, 1};
  __enzyme_autodiff((void *)model, enzyme_dup, x, dx);
  ck_gradient("vector<unique_ptr<Term>> of four", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)model, enzyme_dup, x, v);
  CHECK("vector<unique_ptr<Term>>: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
