// TEST: scalar f32 arithmetic, derivative in float, FD from a double twin
#include "include/catalase_check.h"

/* Typed prototype: floats reach the marker as float, not promoted. */
float __enzyme_fwddiff(void *, float, float, float, float);

static float f(float x, float y) {
  return (x * x * y - 2.0f * y / x + 0.5f) * (1.0f - 0.1f * x);
}
static double fd_twin(double x, double y) {
  return (x * x * y - 2.0 * y / x + 0.5) * (1.0 - 0.1 * x);
}

static double gy;
static double tx(double x) { return fd_twin(x, gy); }
static double gx;
static double ty(double y) { return fd_twin(gx, y); }

int main(void) {
  const float pts[][2] = {{1.5f, 0.75f}, {-0.8f, 2.25f}, {3.0f, -1.5f}};
  for (int i = 0; i < 3; i++) {
    float x = pts[i][0], y = pts[i][1];
    float dx = __enzyme_fwddiff((void *)f, x, 1.0f, y, 0.0f);
    float dy = __enzyme_fwddiff((void *)f, x, 0.0f, y, 1.0f);
    gy = y;
    gx = x;
    char name[64];
    snprintf(name, sizeof name, "df/dx (f32) at (%g,%g)", x, y);
    CHECK_F32(name, dx, ck_fd1(tx, x));
    snprintf(name, sizeof name, "df/dy (f32) at (%g,%g)", x, y);
    CHECK_F32(name, dy, ck_fd1(ty, y));
  }
  return ck_done();
}
