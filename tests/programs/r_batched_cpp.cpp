// TEST: batched reverse mode (enzyme_width 2 and 4) in C++: a function template instantiated for two policies, objects with virtual methods made with new inside the differentiated function, a std::vector grown by push_back, and the marker call as an `invoke` (a std::vector local in the caller, the call inside try/catch); each lane's gradient of <w_l, y> against finite differences
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
extern int enzyme_dup, enzyme_const, enzyme_out, enzyme_width;
void __enzyme_autodiff(void *, ...);
}

#define N 4
static const double X0[N] = {0.55, -0.35, 0.75, 1.05};

struct Soft {
  static double act(double a) { return std::tanh(a) + 0.1 * a; }
};
struct Smooth {
  static double act(double a) { return std::log(1.0 + a * a) - 0.2 * a; }
};
template <class P, int K> static void layer(const double *x, double *y, int n) {
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int j = 0; j < n; j++) s += std::cos(0.3 * (i + K) * j) * x[j];
    y[i] = P::act(s) * x[i];
  }
}

struct Term {
  virtual ~Term() {}
  virtual double eval(double a, double b) const = 0;
};
struct Prod : Term {
  double k;
  explicit Prod(double k) : k(k) {}
  double eval(double a, double b) const override { return k * a * b + std::sin(a); }
};
struct Ratio : Term {
  double eval(double a, double b) const override { return a / (1.0 + b * b); }
};
static void terms(const double *x, double *y, int n) {
  Term *t[N];
  for (int i = 0; i < n; i++) t[i] = (i % 2) ? static_cast<Term *>(new Ratio()) : new Prod(0.5 + i);
  for (int i = 0; i < n; i++) y[i] = t[i]->eval(x[i], x[(i + 1) % n]);
  for (int i = 0; i < n; i++) delete t[i];
}

static void grown(const double *x, double *y, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; i++) {
    v.push_back(x[i] * x[i]);
    v.push_back(std::exp(0.2 * x[i]) * x[(i + 1) % n]);
  }
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (size_t k = i; k < v.size(); k += 2) s += v[k];
    y[i] = s * x[i];
  }
}

typedef void (*vecfn)(const double *, double *, int);
static vecfn F;
static int lane;
static double OWT[4][N];
static double objective(double *x) {
  double y[N];
  F(x, y, N);
  return ck_dot(OWT[lane], y, N);
}

__attribute__((noinline)) static void touch(std::vector<double> &v) { v.push_back(1.0); }

/* Width W: lane l's output shadow is the weight row w_l, its input shadow ends as J^T w_l. The
   marker call is an invoke: a vector local needs a landing pad, and the call sits in a try. */
template <int W, vecfn f> __attribute__((noinline)) static int batched(double dx[][N]) {
  double x[N], y[N], dy[W][N];
  std::vector<double> keep(2, 0.0);
  touch(keep);
  for (int i = 0; i < N; i++) x[i] = X0[i];
  for (int l = 0; l < W; l++)
    for (int i = 0; i < N; i++) dx[l][i] = 0.0, dy[l][i] = OWT[l][i];
  try {
    if constexpr (W == 2)
      __enzyme_autodiff((void *)f, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_dup, y, dy[0], dy[1],
                        enzyme_const, N);
    else
      __enzyme_autodiff((void *)f, enzyme_width, 4, enzyme_dup, x, dx[0], dx[1], dx[2], dx[3], enzyme_dup, y,
                        dy[0], dy[1], dy[2], dy[3], enzyme_const, N);
  } catch (...) {
    return 0;
  }
  return (int)keep.size();
}

template <int W, vecfn f> static void run(const char *what) {
  double dx[W][N];
  for (int l = 0; l < W; l++)
    for (int i = 0; i < N; i++) OWT[l][i] = (i == l) ? 1.0 : 0.25 * (i - l);
  int kept = batched<W, f>(dx);
  CHECK("the caller's vector survives the call", kept, 3);
  F = f;
  char label[96];
  for (lane = 0; lane < W; lane++) {
    double x0[N];
    for (int i = 0; i < N; i++) x0[i] = X0[i];
    snprintf(label, sizeof label, "%s width %d lane %d", what, W, lane);
    ck_gradient(label, dx[lane], objective, x0, N);
  }
}

int main() {
  run<2, layer<Soft, 1>>("layer<Soft, 1>");
  run<4, layer<Smooth, 2>>("layer<Smooth, 2>");
  run<2, terms>("virtual terms");
  run<4, terms>("virtual terms");
  run<4, grown>("vector push_back");
  return ck_done();
}
