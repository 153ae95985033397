// TEST: Enzyme's source attributes in C++ through the plugin's clang half (`-fplugin=`): `[[enzyme::inactive]]` on a member function, a function template and a namespace-scope global, `[[enzyme::function_like("log1p")]]` on a function in a namespace; forward and reverse mode against finite differences of the function with the inactive values held fixed
// CLANG-PLUGIN: yes
#include <cmath>
#include <cstdio>

#include "include/catalase_check.h"

extern double __enzyme_fwddiff(void *, ...);
extern double __enzyme_autodiff(void *, ...);

struct Model {
  double rate;
  [[enzyme::inactive]] double schedule(double x) const { return rate * x * x; }
  double value(double x) const { return schedule(x) * std::sin(x) + rate * x; }
};

template <typename T>
[[enzyme::inactive]] T clip_weight(T x) { return x > T(1) ? T(1) : x * x; }

namespace stats {
[[enzyme::inactive]] double g_offset = 0.5;
[[enzyme::function_like("log1p")]] double soft(double x) { return std::log(1.0 + x) + x; /* not log1p */ }
}

static Model model{1.5};

double f(double x) {
  return model.value(x) + clip_weight(x) * x + stats::g_offset * stats::soft(x);
}

static double x0;
static double meant(double x) {
  return model.schedule(x0) * std::sin(x) + model.rate * x + clip_weight(x0) * x + stats::g_offset * std::log1p(x);
}

int main() {
  const double xs[] = {0.4, 0.9};
  for (double x : xs) {
    x0 = x;
    double fd = ck_fd1(meant, x);
    CHECK("forward", __enzyme_fwddiff((void *)f, x, 1.0), fd);
    CHECK("reverse", __enzyme_autodiff((void *)f, x), fd);
  }
  return ck_done();
}
