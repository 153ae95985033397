// TEST: reverse mode through a std::vector<std::unique_ptr<Term>> that takes a raw `new Quad` with emplace_back after two std::make_unique terms, the objects deleted by the vector's destructor through their virtual destructors; at -O1 and above the unique_ptrs are moved into the grown buffer as integers (`ptrtoint`), which made the whole buffer count as foreign memory, so the shadow of the `new Quad` stored there was taken to outlive the gradient and leaked (LeakSanitizer in the --asan leg); gradients against finite differences, the dot-product test against forward mode
// KNOWN-BUG: is moved through the integer type i32
// (open at -O0 only, the same bug as rev_cpp_unique_ptr_vector_slp.cpp: type analysis finds the `int&&` argument of make_unique<Quad, const double&, int> pointing at a double)
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
  terms.emplace_back(new Quad(0.2, 2));
  double s = 0.0;
  for (int sweep = 0; sweep < 2; sweep++)
    for (const auto &t : terms) s += t->eval(x) * (1.0 + 0.5 * sweep);
  return s;
}

static double F(double *x) { return model(x); }

int main() {
  double x[N] = {0.8, -0.6, 1.2, 0.35, 0.9, -1.1}, dx[N] = {0}, v[N] = {0.5, -1, 0.25, 0.75, -0.5, 1};
  __enzyme_autodiff((void *)model, enzyme_dup, x, dx);
  ck_gradient("vector<unique_ptr<Term>> with a raw new", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)model, enzyme_dup, x, v);
  CHECK("raw new in a vector of unique_ptr: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
