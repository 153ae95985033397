// TEST: reverse and forward mode through std::function objects holding capturing lambdas, a std::shared_ptr to a parameter block shared by two closures, std::sort of a std::vector<double> of active values, and multiple inheritance with a virtual method overridden in the second base (at -O1 the vector buffer and the shared_ptr fields both start as the one null constant, which type analysis once let join their pointees into a conflict: a refused memmove)
#include <algorithm>
#include <functional>
#include <memory>
#include <vector>
#include <cmath>
#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

struct Params {
  double scale, shift;
};

struct Named {
  virtual ~Named() {}
  virtual int id() const { return 1; }
};
struct Scorer {
  virtual ~Scorer() {}
  virtual double score(double v) const { return v; }
};
struct Soft : Named, Scorer {
  double t;
  explicit Soft(double t) : t(t) {}
  double score(double v) const override { return t * std::log(1.0 + std::exp(v / t)); }
  int id() const override { return 2; }
};

static double objective(const double *x, int n) {
  auto p = std::make_shared<Params>();
  p->scale = x[0];
  p->shift = 0.5 * x[1];
  std::function<double(double)> affine = [p](double v) { return p->scale * v + p->shift; };
  std::function<double(double)> sq = [p, &affine](double v) { double a = affine(v); return a * a; };
  std::vector<double> vals;
  for (int i = 2; i < n; i++) vals.push_back(sq(x[i]) - x[i]);
  std::sort(vals.begin(), vals.end());
  Soft s(0.7);
  const Scorer &sc = s;
  double total = 0.0;
  for (size_t i = 0; i < vals.size(); i++) total += (double)(i + 1) * sc.score(vals[i]);
  return total + (double)static_cast<const Named &>(s).id() * p->scale;
}

#define N 7
static double F(double *x) { return objective(x, N); }

int main() {
  double x[N] = {0.8, -0.4, 0.3, -1.1, 0.9, 0.05, 1.4}, dx[N] = {0};
  __enzyme_autodiff((void *)objective, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("std::function + shared_ptr + sort (reverse)", dx, F, x, N);
  for (int i = 0; i < N; i++) {
    double v[N] = {0};
    v[i] = 1.0;
    double t = __enzyme_fwddiff((void *)objective, enzyme_dup, x, v, enzyme_const, N);
    CHECK("std::function + shared_ptr + sort (forward vs reverse)", t, dx[i]);
  }
  return ck_done();
}
