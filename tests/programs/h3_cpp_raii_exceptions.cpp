// TEST: reverse and forward mode through RAII code: std::unique_ptr<double[]> and std::vector scratch destroyed inside the differentiated function, a scope guard whose destructor writes the result (an RAII accumulator), a class with a static member counter and a static constexpr table, nested namespaces and inline functions of a header-like section, a validating wrapper that throws std::invalid_argument before the gradient (caught in main, outside the differentiated function) and a noexcept path inside; gradients against finite differences and the dot-product test
#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

namespace lib {
namespace detail {
inline double softclip(double t) noexcept { return t / std::sqrt(1.0 + t * t); }
}  // namespace detail

class Stats {
 public:
  static int instances;
  static constexpr double weights[4] = {0.1, 0.2, 0.3, 0.4};
  Stats() { ++instances; }
  ~Stats() { --instances; }
  void add(double v) noexcept {
    sum_ += v;
    sq_ += v * v;
    n_++;
  }
  double variance() const noexcept { return sq_ / n_ - (sum_ / n_) * (sum_ / n_); }

 private:
  double sum_ = 0, sq_ = 0;
  int n_ = 0;
};
int Stats::instances = 0;

// Writes its total into *out when the scope ends.
class Accumulator {
 public:
  explicit Accumulator(double *out) : out_(out) {}
  ~Accumulator() { *out_ = total_; }
  Accumulator &operator+=(double v) {
    total_ += v;
    return *this;
  }

 private:
  double *out_;
  double total_ = 0;
};
}  // namespace lib

static void features(const double *x, int n, double *out) {
  using namespace lib;
  std::unique_ptr<double[]> buf(new double[n]);
  std::vector<double> smooth(n);
  for (int i = 0; i < n; i++) buf[i] = detail::softclip(2.0 * x[i]);
  for (int i = 0; i < n; i++) smooth[i] = 0.5 * buf[i] + 0.25 * (buf[(i + 1) % n] + buf[(i + n - 1) % n]);
  auto stats = std::make_unique<Stats>();
  for (double s : smooth) stats->add(s);
  {
    Accumulator acc(out);
    for (int i = 0; i < 4 && i < n; i++) acc += Stats::weights[i] * smooth[i] * x[i];
    acc += stats->variance() * (Stats::instances == 1 ? 1.0 : 1000.0);
  }
}

static double loss(const double *x, int n) {
  double r;
  features(x, n, &r);
  return r * r + std::sin(r);
}

// Validation happens before the derivative is asked for; the throw never reaches it.
static double checked_gradient(double *x, double *dx, int n) {
  for (int i = 0; i < n; i++)
    if (!std::isfinite(x[i])) throw std::invalid_argument("non-finite input");
  return __enzyme_autodiff((void *)loss, enzyme_dup, x, dx, enzyme_const, n);
}

static double F(double *x) { return loss(x, 6); }

int main() {
  double x[6] = {0.3, -0.7, 1.2, 0.05, -0.4, 0.9}, dx[6] = {0}, v[6] = {1, -0.5, 0.25, 2, -1, 0.5};
  int caught = 0;
  double bad[6] = {0.3, NAN, 1.2, 0.05, -0.4, 0.9}, dbad[6] = {0};
  try {
    checked_gradient(bad, dbad, 6);
  } catch (const std::invalid_argument &) {
    caught = 1;
  }
  CHECK_PRIMAL("invalid input caught outside the gradient", caught, 1);
  checked_gradient(x, dx, 6);
  ck_gradient("RAII scratch, static members, scope-guard result", dx, F, x, 6);
  double one = 1.0, jv = __enzyme_fwddiff((void *)loss, enzyme_dup, x, v, enzyme_const, 6);
  ck_dot_test("RAII scratch, static members, scope-guard result", &one, &jv, 1, dx, v, 6);
  CHECK_PRIMAL("every Stats destroyed", lib::Stats::instances, 0);
  return ck_done();
}
