// TEST: forward mode of float and _Float16 kernels through markers declared to return double (C's usual prototype): the float or half tangent is widened exactly, never read as the low bytes of a double; width 2 into a struct of two floats, primal and tangent into a struct
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
typedef struct { float d0, d1; } F2;
typedef struct { float p, d; } PF;
F2 __enzyme_fwddiff_f2(void *, ...);
PF __enzyme_fwddiff_pf(void *, ...);
extern int enzyme_width;

static float cubef(float x) { return x * x * x - 2.0f * sinf(x); }
static double cube(double x) { return x * x * x - 2.0 * sin(x); }
static float mulf(float x, float y) { return x * expf(0.5f * y); }
static double mul(double x, double y) { return x * exp(0.5 * y); }
static _Float16 sqh(_Float16 x) { return x * x + (_Float16)1.0f; }

int main(void) {
  float x = 0.75f, y = -0.4f;
  CHECK_F32("float kernel, double prototype: df/dx", __enzyme_fwddiff((void *)cubef, x, 1.0f), ck_fd1(cube, x));
  double dmul = __enzyme_fwddiff((void *)mulf, x, 0.0f, y, 1.0f);
  CHECK_F32("two floats, double prototype: df/dy", dmul, 0.5 * x * exp(0.5 * y));
  F2 w = __enzyme_fwddiff_f2((void *)mulf, enzyme_width, 2, x, 1.0f, 0.0f, y, 0.0f, 1.0f);
  CHECK_F32("width 2 into {float, float}: lane 0", w.d0, exp(0.5 * y));
  CHECK_F32("width 2 into {float, float}: lane 1", w.d1, 0.5 * x * exp(0.5 * y));
  PF p = __enzyme_fwddiff_pf((void *)cubef, enzyme_primal_return, x, 1.0f);
  CHECK_F32("primal and tangent into {float, float}: tangent", p.d, ck_fd1(cube, x));
  CHECK_F32("primal and tangent into {float, float}: primal", p.p, cube(x));
  /* 2·1.5 = 3 is exact in half precision */
  CHECK("_Float16 kernel, double prototype: df/dx", __enzyme_fwddiff((void *)sqh, (_Float16)1.5f, (_Float16)1.0f), 3.0);
  return ck_done();
}
