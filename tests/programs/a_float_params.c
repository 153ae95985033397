// TEST: float parameters: typed prototypes with enzyme_const / enzyme_dupnoneed on floats, floats through a variadic prototype (promoted, ABI decision 5), and a width-2 float return (<2 x float>)
#include "include/catalase_check.h"

static float fk(float x, float y, int n) {
  float r = 0.0f;
  for (int i = 1; i <= n; i++) r += sinf(x * (float)i) * y + x * y * y;
  return r;
}
static double fk_twin(double x, double y, int n) {
  double r = 0.0;
  for (int i = 1; i <= n; i++) r += sin(x * i) * y + x * y * y;
  return r;
}
float __enzyme_fwddiff_t1(void *, float, float, float, float, int);
float __enzyme_fwddiff_t2(void *, int, float, int, float, float, int);
float __enzyme_fwddiff_t3(void *, int, float, float, float, float, int);
float __enzyme_fwddiff_var(void *, ...);
typedef struct { float a, b; } f2;
f2 __enzyme_fwddiff_w2(void *, int, int, float, float, float, float, float, float, int);

static double VX, VY;
static double along(double t) { return fk_twin(0.7 + t * VX, 1.3 + t * VY, 3); }

int main(void) {
  float d = __enzyme_fwddiff_t1((void *)fk, 0.7f, 1.0f, 1.3f, 0.5f, 3);
  VX = 1.0; VY = 0.5;
  CHECK_F32("typed float dup/dup", d, ck_fd1(along, 0.0));
  d = __enzyme_fwddiff_t2((void *)fk, enzyme_const, 0.7f, enzyme_dup, 1.3f, 1.0f, 3);
  VX = 0.0; VY = 1.0;
  CHECK_F32("typed float const x", d, ck_fd1(along, 0.0));
  d = __enzyme_fwddiff_t3((void *)fk, enzyme_dupnoneed, 0.7f, 2.0f, 1.3f, 0.0f, 3);
  VX = 2.0; VY = 0.0;
  CHECK_F32("typed float dupnoneed x", d, ck_fd1(along, 0.0));
  d = __enzyme_fwddiff_var((void *)fk, 0.7f, 1.0f, enzyme_const, 1.3f, 3);
  VX = 1.0; VY = 0.0;
  CHECK_F32("variadic (promoted) floats", d, ck_fd1(along, 0.0));
  f2 w = __enzyme_fwddiff_w2((void *)fk, enzyme_width, 2, 0.7f, 1.0f, 0.0f, 1.3f, 0.0f, 1.0f, 3);
  VX = 1.0; VY = 0.0;
  CHECK_F32("width2 {float,float} lane0", w.a, ck_fd1(along, 0.0));
  VX = 0.0; VY = 1.0;
  CHECK_F32("width2 {float,float} lane1", w.b, ck_fd1(along, 0.0));
  return ck_done();
}
