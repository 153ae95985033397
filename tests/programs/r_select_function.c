// TEST: the function operand chosen at run time between two functions, `(void *)(flag ? f : g)` (a select, ABI §2: each arm gets its own derivative, the condition picks one), in reverse and forward mode, with enzyme_dup/enzyme_const markers, a struct of two gradients and a void function writing through a pointer
#include "include/ck_array.h"

typedef struct { double dx, dy; } G2;
double __enzyme_autodiff(void *, ...);
G2 __enzyme_autodiff_g2(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double f1(double x) { return x * x * x; }
static double f2(double x) { return sin(x) * x; }
static double h1(double x, double y) { return x * exp(y); }
static double h2(double x, double y) { return x * x + y * y * y; }
static void w1(const double *x, double *y, int n) {
  for (int i = 0; i < n; i++) y[i] = x[i] * x[i];
}
static void w2(const double *x, double *y, int n) {
  for (int i = 0; i < n; i++) y[i] = sqrt(x[i]) * (i + 1);
}

static volatile int FLAGS[2] = {0, 1};

int main(void) {
  double x = 0.7, y = -0.4;
  for (int k = 0; k < 2; k++) {
    int flag = FLAGS[k];
    double want = flag ? 3 * x * x : cos(x) * x + sin(x);
    CHECK("selected function: reverse", __enzyme_autodiff((void *)(flag ? f1 : f2), x), want);
    CHECK("selected function: forward", __enzyme_fwddiff((void *)(flag ? f1 : f2), x, 1.0), want);
    G2 g = __enzyme_autodiff_g2((void *)(flag ? h1 : h2), x, y);
    CHECK("selected, two gradients: d/dx", g.dx, flag ? exp(y) : 2 * x);
    CHECK("selected, two gradients: d/dy", g.dy, flag ? x * exp(y) : 3 * y * y);
    double xs[3] = {0.5, 1.2, 2.0}, dxs[3] = {0}, ys[3], dys[3] = {1.0, 1.0, 1.0};
    __enzyme_autodiff((void *)(flag ? w2 : w1), enzyme_dup, xs, dxs, enzyme_dup, ys, dys, enzyme_const, 3);
    for (int i = 0; i < 3; i++) CHECK("selected void function: d/dx[i]", dxs[i], flag ? (i + 1) * 0.5 / sqrt(xs[i]) : 2 * xs[i]);
  }
  return ck_done();
}
