// TEST: reverse mode through std::accumulate with a lambda that captures an enzyme_const object by reference and calls its virtual method, at -O0: accumulate stores the closure (holding the constant pointer, no shadow) into a local whose shadow then holds the primal as a stand-in, and passes that local to the lambda's operator(). The call asks for a derivative that treats what it loads from that memory as possibly standing in (Request::standins), and the virtual method gets the loaded pointer as DupMixed: it compares shadow with primal at run time and accumulates nothing into the constant object (runtime activity). At -O1 and above the lambda is inlined.
#include "../programs/include/ck_array.h"
#include <numeric>
#include <vector>

extern "C" double __enzyme_autodiff(void *, ...);

struct Penalty {
  virtual ~Penalty() {}
  virtual double of(double x) const = 0;
};
struct L2 : Penalty {
  double w;
  explicit L2(double w) : w(w) {}
  double of(double x) const override { return w * x * x; }
};

static double model(const double *p, const Penalty &pen) {
  std::vector<double> v(p, p + 3);
  return std::accumulate(v.begin(), v.end(), 0.0, [&](double a, double e) { return a + pen.of(e); });
}

static L2 PEN(0.7);
static double P[3] = {0.3, -0.8, 0.55};
static double F(double *p) { return model(p, PEN); }

int main() {
  double dp[3] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, P, dp, enzyme_const, &PEN);
  CHECK_PRIMAL("constant object unchanged", PEN.w, 0.7);
  ck_gradient("accumulate with a lambda over a constant object", dp, F, P, 3);
  return ck_done();
}
