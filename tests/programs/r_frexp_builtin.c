// TEST: reverse and forward mode (widths 1 and 2) through llvm.frexp, clang's form of __builtin_frexp and __builtin_frexpf (libstdc++'s std::frexp(float) and std::frexp(long double) call them) at every -O level: the mantissa m = x·2^-e moves with x by 2^-e, the exponent e is flat; in straight-line code, in a loop (the {double, i32} result kept on the tape per iteration) and in a noinline callee; checked against finite differences taken inside one binade, and forward against reverse
#include "include/ck_array.h"

typedef struct { double a, b, c; } grad3;
grad3 __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct { double d[2]; } two;
two __enzyme_fwddiff2(void *, ...) __asm__("__enzyme_fwddiff");

__attribute__((noinline)) static double mant(double x, int *e) { return __builtin_frexp(x, e); }

static double kern(double a, double b, double c) {
  int e1, e3;
  double m1 = __builtin_frexp(a * 1.7 + b, &e1);
  double m3 = mant(c * c + 0.3, &e3);
  double s = 0.0;
  for (int i = 1; i <= 5; i++) {
    int ei;
    s += __builtin_frexp(a * i - c, &ei) * (ei + 0.5) * b;
  }
  return m1 * m1 * b + m1 * (e1 + 1.0) * c + m3 * e3 * a + s;
}

static double F(double *x) { return kern(x[0], x[1], x[2]); }

/* float: __builtin_frexpf is llvm.frexp.f32.i32; its finite differences come from a double twin. */
static float kernf(float x, float y) {
  int e;
  float m = __builtin_frexpf(x * y + 0.1f, &e);
  return m * m * y + m * ((float)e + 1.0f) * x;
}
static double kernf_twin(double x, double y) {
  int e;
  double m = __builtin_frexp(x * y + 0.1, &e);
  return m * m * y + m * (e + 1.0) * x;
}
static double FF(double *x) { return kernf_twin(x[0], x[1]); }
typedef struct { float x, y; } gradf;
gradf __enzyme_autodiff_f(void *, float, float) __asm__("__enzyme_autodiff");
float __enzyme_fwddiff_f(void *, float, float, float, float) __asm__("__enzyme_fwddiff");

int main() {
  /* No argument of a frexp lies within a step of a power of two or of zero at these points. */
  double pts[3][3] = {{0.77, -1.35, 0.42}, {1.93, 0.61, -0.83}, {-0.27, 2.21, 1.37}};
  for (int k = 0; k < 3; k++) {
    double *x = pts[k];
    grad3 g = __enzyme_autodiff((void *)kern, enzyme_out, x[0], enzyme_out, x[1], enzyme_out, x[2]);
    double gr[3] = {g.a, g.b, g.c};
    ck_gradient("frexp (reverse)", gr, F, x, 3);
    double t0 = __enzyme_fwddiff((void *)kern, x[0], 1.0, x[1], 0.0, x[2], 0.0);
    CHECK("frexp (forward da)", t0, ck_fd_partial(F, x, 0));
    CHECK("frexp (forward da = reverse)", t0, gr[0]);
    two t = __enzyme_fwddiff2((void *)kern, enzyme_width, 2, x[0], 0.0, 0.0, x[1], 1.0, 0.0, x[2], 0.0, 1.0);
    CHECK("frexp (forward w2 db = reverse)", t.d[0], gr[1]);
    CHECK("frexp (forward w2 dc = reverse)", t.d[1], gr[2]);
  }
  float fpts[3][2] = {{0.77f, -1.35f}, {1.93f, 0.61f}, {-0.27f, 2.21f}};
  for (int k = 0; k < 3; k++) {
    double x[2] = {fpts[k][0], fpts[k][1]};
    gradf g = __enzyme_autodiff_f((void *)kernf, fpts[k][0], fpts[k][1]);
    CHECK_F32("frexpf (reverse): d/dx", g.x, ck_fd_partial(FF, x, 0));
    CHECK_F32("frexpf (reverse): d/dy", g.y, ck_fd_partial(FF, x, 1));
    float t = __enzyme_fwddiff_f((void *)kernf, fpts[k][0], 0.0f, fpts[k][1], 1.0f);
    CHECK_F32("frexpf (forward): d/dy", t, ck_fd_partial(FF, x, 1));
  }
  return ck_done();
}
