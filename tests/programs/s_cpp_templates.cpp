// TEST: split mode from C++ templates: a templated helper that calls __enzyme_augmentfwd / __enzyme_reverse for a function given as a template parameter (resolved at compile time), instantiated for free functions, a static member function and a function using std::vector internally; tapes held in a std::vector<void*> and reversed in reverse order
#include <cmath>
#include <vector>
#include "include/ck_array.h"
#include "include/ck_split.h"

extern "C" {
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
}

template <double (*F)(double, double)> struct SplitGrad {
  std::vector<void *> tapes;
  std::vector<double> xs;
  double y;
  explicit SplitGrad(double y_) : y(y_) {}
  double forward(double x) {
    ck_aug a = __enzyme_augmentfwd((void *)F, x, enzyme_const, y);
    tapes.push_back(a.tape);
    xs.push_back(x);
    return a.primal;
  }
  double backward() {
    void *t = tapes.back();
    double x = xs.back();
    tapes.pop_back();
    xs.pop_back();
    return __enzyme_reverse((void *)F, x, enzyme_const, y, 1.0, t);
  }
};

static double rosen(double x, double y) { return (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x); }
struct Shapes {
  static double bump(double x, double w) { return std::exp(-x * x / (w * w)) * std::cos(x); }
};
static double poly_vec(double x, double k) {
  std::vector<double> c(5);
  for (int i = 0; i < 5; i++) c[i] = k / (i + 1.0);
  double s = 0.0;
  for (int i = 4; i >= 0; i--) s = s * x + c[i];
  return s;
}

static double Y = 0.9;
static double rosen_x(double x) { return rosen(x, Y); }
static double bump_x(double x) { return Shapes::bump(x, Y); }
static double poly_x(double x) { return poly_vec(x, Y); }

template <double (*F)(double, double)> static void check(const char *name, double (*ref)(double)) {
  SplitGrad<F> g(Y);
  double pts[3] = {-0.6, 0.3, 1.1};
  for (double p : pts) CHECK_PRIMAL(name, g.forward(p), ref(p));
  for (int i = 2; i >= 0; i--) {
    char label[64];
    snprintf(label, sizeof label, "%s: d/dx at %g", name, pts[i]);
    CHECK(label, g.backward(), ck_fd1(ref, pts[i]));
  }
}

int main() {
  check<rosen>("rosenbrock", rosen_x);
  check<Shapes::bump>("static member bump", bump_x);
  check<poly_vec>("std::vector polynomial", poly_x);
  return ck_done();
}
