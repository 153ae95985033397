// TEST: function returning struct {float a,b;} (clang lowers it to <2 x float>); tangent as the same struct
#include "include/catalase_check.h"

typedef struct { float a, b; } fpair;
fpair __enzyme_fwddiff(void *, float, float, float, float);

static fpair f(float x, float y) {
  fpair r = {x * y + sinf(x), y * y / (1.0f + x * x)};
  return r;
}
static double fa_d(double x, double y) { return x * y + sin(x); }
static double fb_d(double x, double y) { return y * y / (1.0 + x * x); }

static double GX = 0.8, GY = -1.3;
static double a_x(double x) { return fa_d(x, GY); }
static double b_x(double x) { return fb_d(x, GY); }
static double a_y(double y) { return fa_d(GX, y); }
static double b_y(double y) { return fb_d(GX, y); }

int main(void) {
  fpair dx = __enzyme_fwddiff((void *)f, (float)GX, 1.0f, (float)GY, 0.0f);
  fpair dy = __enzyme_fwddiff((void *)f, (float)GX, 0.0f, (float)GY, 1.0f);
  GX = (float)GX; /* FD around the exact float inputs */
  GY = (float)GY;
  CHECK_F32("d a/dx (float pair)", dx.a, ck_fd1(a_x, GX));
  CHECK_F32("d b/dx (float pair)", dx.b, ck_fd1(b_x, GX));
  CHECK_F32("d a/dy (float pair)", dy.a, ck_fd1(a_y, GY));
  CHECK_F32("d b/dy (float pair)", dy.b, ck_fd1(b_y, GY));
  return ck_done();
}
