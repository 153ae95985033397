// TEST: a GradBench-style driver in C++ (my own code): problems as classes deriving from an abstract Problem with a virtual objective, held by std::unique_ptr in a std::vector and passed to one raw-pointer wrapper as an inactive `const Problem *` (the virtual call resolved at run time inside the differentiated function); the objectives use std::vector::at, std::sort of a copy (a trimmed mean), std::min_element over a std::vector of std::pair, and a member std::vector of constant data; reverse mode gradients against finite differences, the dot-product test against forward mode
#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 6

class Problem {
public:
  virtual ~Problem() = default;
  virtual double objective(const double *x, int n) const = 0;
};

class TrimmedMean : public Problem {
public:
  double objective(const double *xp, int n) const override {
    std::vector<double> s(xp, xp + n);
    for (double &v : s) v = v * v + std::sin(v);
    std::sort(s.begin(), s.end());
    double t = 0.0;
    for (size_t i = 1; i + 1 < s.size(); i++) t += s.at(i);
    return t / (double)(s.size() - 2);
  }
};

class NearestAnchor : public Problem {
public:
  explicit NearestAnchor(std::vector<double> anchors) : anchors_(std::move(anchors)) {}
  double objective(const double *xp, int n) const override {
    const std::vector<double> x(xp, xp + n);
    double total = 0.0;
    for (size_t i = 0; i + 1 < x.size(); i += 2) {
      std::vector<std::pair<double, int>> d;
      for (size_t a = 0; a + 1 < anchors_.size(); a += 2) {
        double dx = x.at(i) - anchors_[a], dy = x.at(i + 1) - anchors_[a + 1];
        d.emplace_back(dx * dx + dy * dy, (int)a);
      }
      auto best = std::min_element(d.begin(), d.end());
      total += best->first * (1.0 + 0.1 * best->second);
    }
    return total;
  }

private:
  std::vector<double> anchors_;
};

class Rosenbrock : public Problem {
public:
  double objective(const double *xp, int n) const override {
    std::vector<double> x;
    for (int i = 0; i < n; i++) x.push_back(xp[i]);
    double s = 0.0;
    for (size_t i = 0; i + 1 < x.size(); i++) {
      double a = 1.0 - x[i], b = x[i + 1] - x[i] * x[i];
      s += a * a + 10.0 * b * b;
    }
    return s;
  }
};

/* The wrapper hands the raw pointer on: a std::vector copy made here, before the virtual call, is
   refused (its bytes' type is unknown here: tests/regressions/gb8_virtual_vector_copy_type.cpp) */
__attribute__((noinline)) static double run_objective(const Problem *p, const double *x, int n) {
  return p->objective(x, n);
}

static const Problem *g_problem;
static double F(double *x) { return run_objective(g_problem, x, N); }

int main() {
  std::vector<std::unique_ptr<Problem>> problems;
  problems.push_back(std::make_unique<TrimmedMean>());
  problems.push_back(std::make_unique<NearestAnchor>(std::vector<double>{0.0, 0.0, 1.0, 0.5, -0.6, 1.2}));
  problems.push_back(std::make_unique<Rosenbrock>());
  const char *names[] = {"trimmed mean", "nearest anchor", "rosenbrock"};
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.55};
  for (size_t k = 0; k < problems.size(); k++) {
    g_problem = problems[k].get();
    double x[N], dx[N] = {0}, v[N];
    for (int i = 0; i < N; i++) x[i] = x0[i], v[i] = 0.3 * ((i * 4) % 7) - 0.9;
    __enzyme_autodiff((void *)run_objective, enzyme_const, problems[k].get(), enzyme_dup, x, dx, enzyme_const, N);
    ck_gradient(names[k], dx, F, x, N);
    double jv = __enzyme_fwddiff((void *)run_objective, enzyme_const, problems[k].get(), enzyme_dup, x, v, enzyme_const, N);
    char label[120];
    snprintf(label, sizeof label, "%s: <grad, v> = Jv", names[k]);
    CHECK(label, ck_dot(dx, v, N), jv);
  }
  return ck_done();
}
