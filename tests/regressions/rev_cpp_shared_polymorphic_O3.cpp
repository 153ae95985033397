// TEST: at -O3: reverse and forward mode through polymorphic terms held by std::shared_ptr in a std::vector, made inside the differentiated function with std::make_shared: a base class with a virtual evaluate and a std::vector<double> member of coefficients copied from the input, two derived terms overriding it (one calling the base version), shared_ptr copies kept in a second vector (reference counts above one), terms summed through the base pointer; gradients against finite differences, the dot-product test against forward mode
// LEVELS: O3
// KNOWN-BUG: a pointer to memory with derivatives is stored to memory that has no shadow
// Open (cpp7): at -O3, in std::vector<std::shared_ptr<Term>>::_M_realloc_insert, the store that
// moves a shared_ptr's object pointer into the new buffer (shared_ptr_base.h:1100) is refused:
// activity finds no shadow for the destination buffer there, though the same program passes at
// -O0..-O2 (tests/programs/cpp7_shared_polymorphic.cpp).
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
  std::vector<double> c;
  Term(const double *x, int from, int n) : c(x + from, x + from + n) {}
  virtual ~Term() {}
  virtual double evaluate(double t) const {
    double s = 0.0, p = 1.0;
    for (double ci : c) {
      s += ci * p;
      p *= t;
    }
    return s;
  }
};

struct Damped : Term {
  double rate;
  Damped(const double *x, int from, int n, double r) : Term(x, from, n), rate(r) {}
  double evaluate(double t) const override { return std::exp(-rate * t) * Term::evaluate(t); }
};

struct Squared : Term {
  using Term::Term;
  double evaluate(double t) const override {
    double s = 0.0;
    for (double ci : c) s += ci * ci * t;
    return s;
  }
};

static double terms(const double *x) {
  std::vector<std::shared_ptr<Term>> all, kept;
  all.push_back(std::make_shared<Term>(x, 0, 3));
  all.push_back(std::make_shared<Damped>(x, 2, 3, 0.4));
  all.push_back(std::make_shared<Squared>(x, 3, 3));
  kept.push_back(all[1]);
  kept.push_back(all[2]);
  double s = 0.0;
  for (const auto &t : all) s += t->evaluate(0.5 + 0.1 * x[0]);
  for (const auto &t : kept) s += 0.5 * t->evaluate(1.2);
  return s;
}

static double F_terms(double *x) { return terms(x); }

int main() {
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.6};
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.2 * (i + 1) - 0.5;
  }
  __enzyme_autodiff((void *)terms, enzyme_dup, x, dx);
  ck_gradient("shared_ptr polymorphic terms", dx, F_terms, x, N);
  double jv = __enzyme_fwddiff((void *)terms, enzyme_dup, x, v);
  CHECK("shared_ptr polymorphic terms: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
