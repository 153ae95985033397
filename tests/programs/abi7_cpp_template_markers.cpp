// TEST: ABI §1 recognition by name substring with Enzyme's C++ style typed template prototypes (`template <typename R, typename... T> R __enzyme_autodiff(T...)`, mangled, non-variadic: floats stay float, markers are int): autodiff with double/float/struct/void returns, fwddiff with width 2 and primal return, augmentfwd/reverse/augmentsize in split mode; each against finite differences and the dot-product test
#include "include/catalase_check.h"

template <typename R, typename... T> R __enzyme_autodiff(T...);
template <typename R, typename... T> R __enzyme_fwddiff(T...);
template <typename R, typename... T> R __enzyme_augmentfwd(T...);
template <typename R, typename... T> R __enzyme_reverse(T...);
template <typename R, typename... T> R __enzyme_augmentsize(T...);
extern "C" int enzyme_allocated, enzyme_tape, enzyme_out;

struct G2 { double dx, dy; };
struct F2 { float a, b; };
struct PD { double p, d; };

static double f(double x, double y) { return x * x * sin(y) + exp(0.3 * x * y); }
static double f_x(double x) { return f(x, 0.8); }
static double f_y(double y) { return f(1.1, y); }
static float ff(float x, float y) { return x * y * y + sinf(x); }
static void vec(const double *x, double *out, int n) {
  for (int i = 0; i < n; i++) out[i] = x[i] * x[(i + 1) % n] + cos(x[i]);
}
static double X[3] = {0.4, -0.9, 1.2};
static int K;
static double vec_k(double t) {
  double x[3] = {X[0], X[1], X[2]}, out[3];
  x[K] += t;
  vec(x, out, 3);
  return out[0] - 2 * out[1] + 0.5 * out[2];
}

int main() {
  const double x = 1.1, y = 0.8;
  double fx = ck_fd1(f_x, x), fy = ck_fd1(f_y, y);
  CHECK("template autodiff<double>: d/dx", (__enzyme_autodiff<double>((void *)f, x, enzyme_const, y)), fx);
  G2 g = __enzyme_autodiff<G2>((void *)f, enzyme_out, x, enzyme_out, y);
  CHECK("template autodiff<G2>: d/dx", g.dx, fx);
  CHECK("template autodiff<G2>: d/dy", g.dy, fy);
  F2 gf = __enzyme_autodiff<F2>((void *)ff, 0.7f, -1.3f);
  CHECK_F32("template autodiff<F2>: d/dx (floats unpromoted)", gf.a, (-1.3) * (-1.3) + cos(0.7));
  CHECK_F32("template autodiff<F2>: d/dy", gf.b, 2 * 0.7 * (-1.3));
  CHECK("template fwddiff<double>: dot test", (__enzyme_fwddiff<double>((void *)f, x, 0.3, y, -0.2)),
        0.3 * g.dx - 0.2 * g.dy);
  G2 w = __enzyme_fwddiff<G2>((void *)f, enzyme_width, 2, x, 1.0, 0.0, y, 0.0, 1.0);
  CHECK("template fwddiff width 2: lane 1", w.dy, fy);
  PD pd = __enzyme_fwddiff<PD>((void *)f, enzyme_primal_return, x, 1.0, y, 0.0);
  CHECK_PRIMAL("template fwddiff primal_return: primal", pd.p, f(x, y));
  CHECK("template fwddiff primal_return: tangent", pd.d, fx);

  double xs[3], dxs[3] = {0}, out[3], dout[3] = {1.0, -2.0, 0.5};
  for (int i = 0; i < 3; i++) xs[i] = X[i];
  __enzyme_autodiff<void>((void *)vec, enzyme_dup, xs, dxs, enzyme_dupnoneed, out, dout, enzyme_const, 3);
  for (K = 0; K < 3; K++) CHECK("template autodiff<void>: vec gradient", dxs[K], ck_fd1(vec_k, 0.0));

  int size = __enzyme_augmentsize<int>((void *)vec, enzyme_dup, enzyme_dup, enzyme_const);
  char tape[512];
  double dx2[3] = {0}, out2[3], dout2[3] = {1.0, -2.0, 0.5};
  if (size > 512) return 1;
  __enzyme_augmentfwd<void>((void *)vec, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, xs, dx2, enzyme_dup,
                            out2, dout2, enzyme_const, 3);
  CHECK_PRIMAL("template split: primal out[1]", out2[1], xs[1] * xs[2] + cos(xs[1]));
  __enzyme_reverse<void>((void *)vec, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, xs, dx2, enzyme_dup, out2,
                         dout2, enzyme_const, 3);
  for (K = 0; K < 3; K++) CHECK("template split: vec gradient", dx2[K], ck_fd1(vec_k, 0.0));
  return ck_done();
}
