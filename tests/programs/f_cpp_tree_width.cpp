// TEST: forward mode through C++ objects made with new inside the differentiated function: a polymorphic list of terms (virtual value() overridden by three classes, one holding a std::vector<double> of coefficients) evaluated through base pointers at enzyme_width 2 and at width 1, each lane checked against the finite difference along its direction
#include "include/catalase_check.h"
#include <vector>

struct T2 {
  double d[2];
};
extern "C" T2 __enzyme_fwddiff2(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

struct Term {
  virtual ~Term() {}
  virtual double value(const double *x) const = 0;
};
struct Linear : Term {
  int i;
  double a;
  Linear(int i, double a) : i(i), a(a) {}
  double value(const double *x) const override { return a * x[i]; }
};
struct Poly : Term {
  int i;
  std::vector<double> c;
  Poly(int i, std::vector<double> c) : i(i), c(c) {}
  double value(const double *x) const override {
    double s = 0.0;
    for (size_t k = c.size(); k-- > 0;) s = s * x[i] + c[k];
    return s;
  }
};
struct Prod : Term {
  Term *a, *b;
  Prod(Term *a, Term *b) : a(a), b(b) {}
  ~Prod() override {
    delete a;
    delete b;
  }
  double value(const double *x) const override { return a->value(x) * b->value(x); }
};

static double energy(const double *x) {
  std::vector<Term *> terms;
  terms.push_back(new Linear(0, 1.5));
  terms.push_back(new Poly(1, {0.5, -1.0, 0.25, x[2]}));
  terms.push_back(new Prod(new Linear(2, -0.5), new Poly(0, {1.0, x[1], 0.5})));
  double s = 0.0;
  for (Term *t : terms) s += t->value(x) + 0.1 * t->value(x) * t->value(x);
  for (Term *t : terms) delete t;
  return s;
}

static double X[3] = {0.6, -0.4, 1.2};
static const double *DIR;
static double along(double t) {
  double x[3];
  for (int i = 0; i < 3; i++) x[i] = X[i] + t * DIR[i];
  return energy(x);
}

int main() {
  double v0[3] = {1.0, 0.5, 0.0}, v1[3] = {-0.3, 1.0, 2.0};
  const double *dirs[2] = {v0, v1};
  T2 t = __enzyme_fwddiff2((void *)energy, enzyme_width, 2, enzyme_dup, X, v0, v1);
  char name[48];
  for (int l = 0; l < 2; l++) {
    DIR = dirs[l];
    snprintf(name, sizeof name, "width 2, lane %d", l);
    CHECK(name, t.d[l], ck_fd1(along, 0.0));
    snprintf(name, sizeof name, "width 1 along lane %d", l);
    CHECK(name, __enzyme_fwddiff((void *)energy, enzyme_dup, X, dirs[l]), ck_fd1(along, 0.0));
  }
  return ck_done();
}
