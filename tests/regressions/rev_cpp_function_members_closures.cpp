// TEST: reverse and forward mode through std::function held as class members: a Model whose activation and loss are std::function<double(double)> / std::function<double(double, double)> members set from capturing lambdas (one capturing an active double by value, one a pointer to the input by reference), reassigned in the middle of the computation, copied with the whole Model (the copy's closures cloned by their managers) and swapped with std::swap; a std::vector<std::function<double(const double *)>> of terms evaluated in a loop; gradients against finite differences, the dot-product test against forward mode
// KNOWN-BUG: cannot tell what bytes
// KNOWN-BUG: cannot differentiate `bitcast` on an active value in reverse mode
// Open (found writing cpp6_*): refused at every level, never wrong. A std::function member
// rebound to a lambda capturing a double by value, copied with its Model and swapped: the
// closures' bytes move through _Any_data copies whose content only the managers (called
// through pointers) know (as in rev_cpp_function_std_swap_double_closures.cpp); at -O2 the
// captured double reaches a bitcast in reverse mode first.
#include <cmath>
#include <functional>
#include <utility>
#include <vector>

#include "../programs/include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 7

struct Model {
  std::function<double(double)> act;
  std::function<double(double, double)> loss;
  double w[3];
  double eval(const double *in, double target) const {
    double z = w[0] * in[0] + w[1] * in[1] + w[2];
    return loss(act(z), target);
  }
};

static double members(const double *x) {
  double k = x[5];
  Model m;
  m.w[0] = x[0];
  m.w[1] = x[1];
  m.w[2] = x[2];
  m.act = [k](double z) { return std::tanh(k * z); };
  m.loss = [](double y, double t) { return (y - t) * (y - t); };
  const double in[2] = {0.4, -0.9};
  double s = m.eval(in, 0.3);
  Model c = m; /* a copy: its closures are clones */
  c.act = [&x](double z) { return z / (1.0 + x[6] * x[6] + z * z); };
  s += 0.5 * c.eval(in, -0.2);
  std::swap(m.act, c.act);
  s += m.eval(in, 0.1) * c.eval(in, 0.7);
  return s;
}

static double terms(const double *x) {
  std::vector<std::function<double(const double *)>> ts;
  double scale = x[4] * x[4];
  ts.push_back([](const double *p) { return p[0] * p[1]; });
  ts.push_back([scale](const double *p) { return scale * std::sin(p[2]); });
  ts.push_back([&](const double *p) { return std::exp(0.2 * p[3]) * scale + p[5]; });
  std::function<double(const double *)> last = ts[1];  /* a copy of a stored one */
  ts.push_back(std::move(last));
  double s = 0.0;
  for (size_t i = 0; i < ts.size(); i++) s += (1.0 + 0.5 * i) * ts[i](x);
  return s * x[6];
}

static double F_members(double *x) { return members(x); }
static double F_terms(double *x) { return terms(x); }

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
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.55, 1.3};
  check<members>("std::function members", F_members, x0);
  check<terms>("vector of std::function terms", F_terms, x0);
  return ck_done();
}
