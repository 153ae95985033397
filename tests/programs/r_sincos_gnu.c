// TEST: reverse, forward (width 1 and 2) and split mode through GNU sincos/sincosf, which clang calls where errno may be set (every -O level without -fno-math-errno): results written through the two pointers, in straight-line code, in a loop over an array and in a noinline callee, and the float form
#define _GNU_SOURCE
#include <math.h>

#include "include/ck_array.h"

extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);
typedef struct {
  double d[2];
} Two;
extern Two __enzyme_fwddiff2(void *, ...) __asm__("__enzyme_fwddiff");
extern float __enzyme_autodiff_f(void *, float) __asm__("__enzyme_autodiff");

__attribute__((noinline)) static void polar(double r, double t, double *xy) {
  double s, c;
  sincos(t, &s, &c);
  xy[0] = r * c;
  xy[1] = r * s;
}

static double f(double *z) {
  double s, c, acc = 0;
  sincos(z[0] * 2.0, &s, &c);
  acc += s * 3.0 + c * c;
  for (int i = 1; i < 4; i++) {
    double si, ci;
    sincos(z[i], &si, &ci);
    acc += si * ci * (double)i + ci;
  }
  double xy[2];
  polar(z[1], z[2], xy);
  float sf, cf;
  sincosf((float)z[3], &sf, &cf);
  return acc + xy[0] * xy[1] + (double)(sf * cf) * 0.0 + xy[1];
}

static float g(float x) {
  float s, c;
  sincosf(x * 1.5f, &s, &c);
  return s * c + c;
}

/* g in double, for its finite difference. */
static double gd(double x) { return sin(1.5 * x) * cos(1.5 * x) + cos(1.5 * x); }

int main() {
  double z[4] = {0.7, -0.4, 1.3, 2.1}, dz[4] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, z, dz);
  ck_gradient("sincos: d/dz", dz, f, z, 4);
  double v[4] = {0.3, -1.0, 0.5, 2.0}, w[4] = {1.0, 0.25, -0.5, 0.125};
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, z, v);
  double one = 1.0;
  ck_dot_test("sincos: forward against reverse", &one, &jv, 1, dz, v, 4);
  Two t = __enzyme_fwddiff2((void *)f, enzyme_width, 2, enzyme_dup, z, v, w);
  CHECK("sincos: width 2, lane 0", t.d[0], jv);
  CHECK("sincos: width 2, lane 1", t.d[1], ck_dot(dz, w, 4));
  float x = 0.9f;
  float gx = __enzyme_autodiff_f((void *)g, x);
  CHECK_F32("sincosf: d/dx", gx, ck_fd1(gd, (double)x));
  return ck_done();
}
