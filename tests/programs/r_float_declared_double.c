// TEST: reverse mode on float functions whose marker is declared with C's usual `double` return: the gradient struct { float, float } must give element 0 widened to double (never its bits reread as a double), and a layout-identical float struct gives both
#include "include/catalase_check.h"

typedef struct { float dx, dy; } G2f;
double __enzyme_autodiff(void *, ...);
G2f __enzyme_autodiff_g2f(void *, ...);

static float f2(float x, float y) { return x * x * y + sinf(x) * y; }
static float f1(float x) { return x * x * x; }

/* The same functions in double, for the finite-difference references. */
static double d1(double x) { return x * x * x; }
static double d2_x(double x) { return x * x * 1.25 + sin(x) * 1.25; }
static double d2_y(double y) { return 0.75 * 0.75 * y + sin(0.75) * y; }

int main(void) {
  float x = 0.75f, y = 1.25f;
  /* One float gradient, declared double: widened exactly. */
  ck_near("f1: df/dx as double", __enzyme_autodiff((void *)f1, x), ck_fd1(d1, x), 1e-5);
  /* Two float gradients, declared double: element 0 (df/dx) widened; df/dy dropped with a warning. */
  ck_near("f2: element 0 (df/dx) as double", __enzyme_autodiff((void *)f2, x, y), ck_fd1(d2_x, x), 1e-5);
  /* Layout-identical struct: both. */
  G2f g = __enzyme_autodiff_g2f((void *)f2, x, y);
  ck_near("f2: df/dx", g.dx, ck_fd1(d2_x, x), 1e-5);
  ck_near("f2: df/dy", g.dy, ck_fd1(d2_y, y), 1e-5);
  return ck_done();
}
