// TEST: reverse mode on functions that mix float and double: float arguments widened to double and results narrowed back, a double argument rounded to float in the middle, float libm calls, float and double gradients returned together
#include "include/catalase_check.h"

typedef struct { double dx, dy; } G2;
float __enzyme_autodiff_f(void *, ...);
G2 __enzyme_autodiff_g2(void *, ...);

static float widen(float x) {
  double d = (double)x;
  return (float)(exp(0.5 * d) * d - sin(d));
}
static double round_middle(double x, double y) {
  float mid = (float)(x * y);
  return (double)(sqrtf(mid) * expf(-0.5f * mid)) + x * y;
}
static double round_middle_ref(double x, double y) {
  double mid = x * y;
  return sqrt(mid) * exp(-0.5 * mid) + x * y;
}

static double widen_ref(double x) { return exp(0.5 * x) * x - sin(x); }
static double Y = 0.8;
static double rm_x(double x) { return round_middle_ref(x, Y); }
static double rm_y(double y) { return round_middle_ref(1.25, y); }

int main(void) {
  float x = 0.75f;
  CHECK_F32("float through double: d/dx", __enzyme_autodiff_f((void *)widen, x), ck_fd1(widen_ref, 0.75));
  G2 g = __enzyme_autodiff_g2((void *)round_middle, 1.25, Y);
  /* The float rounding in the middle makes the double finite difference too coarse: compare
     with the double twin under the float tolerance. */
  CHECK_F32("double with a float middle: d/dx", g.dx, ck_fd1(rm_x, 1.25));
  CHECK_F32("double with a float middle: d/dy", g.dy, ck_fd1(rm_y, Y));
  return ck_done();
}
