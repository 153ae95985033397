// TEST: float arguments passed through a variadic marker prototype (promoted to double; ABI decision 5)
#include "include/catalase_check.h"

float __enzyme_fwddiff(void *, ...);

static float f(float x, float y) { return x * x * y + 3.0f * y - x / y; }
static double fd_twin(double x, double y) { return x * x * y + 3.0 * y - x / y; }

static double gy;
static double tx(double x) { return fd_twin(x, gy); }
static double gx;
static double ty(double y) { return fd_twin(gx, y); }

int main(void) {
  float x = 1.25f, y = -0.5f;
  gx = x;
  gy = y;
  /* The call promotes x, 1.0f, y, 0.0f to double; Catalase narrows them back. */
  float dx = __enzyme_fwddiff((void *)f, x, 1.0f, y, 0.0f);
  float dy = __enzyme_fwddiff((void *)f, x, 0.0f, y, 1.0f);
  CHECK_F32("df/dx via variadic float", dx, ck_fd1(tx, x));
  CHECK_F32("df/dy via variadic float", dy, ck_fd1(ty, y));
  return ck_done();
}
