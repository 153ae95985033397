// TEST: reverse mode returning three float gradients declared as struct { float d[3]; } (clang returns it as { <2 x float>, float }), and three double gradients as a struct of doubles
#include "include/catalase_check.h"

extern int enzyme_out;
typedef struct {
  float d[3];
} F3;
typedef struct {
  double d[3];
} D3;
F3 __enzyme_autodiff_f3(void *, ...) __asm__("__enzyme_autodiff");
D3 __enzyme_autodiff_d3(void *, ...) __asm__("__enzyme_autodiff");

static float ff(float x, float y, float z) { return x * y + sinf(z) * x; }
static double fd(double x, double y, double z) { return x * y * z + exp(0.5 * x); }

int main(void) {
  float x = 0.75f, y = -1.25f, z = 0.5f;
  F3 g = __enzyme_autodiff_f3((void *)ff, x, y, z);
  CHECK_F32("float: d/dx", g.d[0], y + sinf(z));
  CHECK_F32("float: d/dy", g.d[1], x);
  CHECK_F32("float: d/dz", g.d[2], cosf(z) * x);
  D3 h = __enzyme_autodiff_d3((void *)fd, 0.75, -1.25, 0.5);
  CHECK("double: d/dx", h.d[0], -1.25 * 0.5 + 0.5 * exp(0.375));
  CHECK("double: d/dy", h.d[1], 0.75 * 0.5);
  CHECK("double: d/dz", h.d[2], 0.75 * -1.25);
  return ck_done();
}
