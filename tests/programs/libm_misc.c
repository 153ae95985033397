// TEST: libm fmod (both args), ldexp (int exponent inactive), copysign, floor (zero derivative)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f_fmod(double x, double y) { return fmod(x, y); }
static double f_ldexp(double x, int e) { return ldexp(x, e) + x; }
static double f_copysign(double x, double s) { return copysign(x * x + 1.0, s) * x; }
static double f_floor(double x) { return floor(x) * 3.0; }
static double f_floor_mix(double x) { return floor(x) * x + floor(2.5 * x); }

static double GY;
static double fmod_x(double x) { return f_fmod(x, GY); }
static double GX;
static double fmod_y(double y) { return f_fmod(GX, y); }
static int GE;
static double ldexp_x(double x) { return f_ldexp(x, GE); }
static double GS;
static double copysign_x(double x) { return f_copysign(x, GS); }

int main(void) {
  const double xy[][2] = {{5.3, 1.5}, {-7.2, 2.0}, {0.4, 0.3}};
  char name[48];
  for (int i = 0; i < 3; i++) {
    GX = xy[i][0];
    GY = xy[i][1];
    snprintf(name, sizeof name, "d fmod/dx at (%g,%g)", GX, GY);
    CHECK(name, __enzyme_fwddiff((void *)f_fmod, GX, 1.0, GY, 0.0), ck_fd1(fmod_x, GX));
    snprintf(name, sizeof name, "d fmod/dy at (%g,%g)", GX, GY);
    CHECK(name, __enzyme_fwddiff((void *)f_fmod, GX, 0.0, GY, 1.0), ck_fd1(fmod_y, GY));
  }
  const int es[] = {-3, 0, 5};
  for (int i = 0; i < 3; i++) {
    GE = es[i];
    snprintf(name, sizeof name, "d ldexp(x,%d)+x at 0.7", GE);
    CHECK(name, __enzyme_fwddiff((void *)f_ldexp, 0.7, 1.0, GE), ck_fd1(ldexp_x, 0.7));
  }
  const double ss[] = {2.0, -0.5};
  for (int i = 0; i < 2; i++) {
    GS = ss[i];
    snprintf(name, sizeof name, "d copysign(.,%g) at -1.3", GS);
    CHECK(name, __enzyme_fwddiff((void *)f_copysign, -1.3, 1.0, GS, 0.0), ck_fd1(copysign_x, -1.3));
  }
  const double xs[] = {-2.3, 0.45, 3.7};
  for (int i = 0; i < 3; i++) {
    snprintf(name, sizeof name, "d floor (zero) at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f_floor, xs[i], 1.0), ck_fd1(f_floor, xs[i]));
    snprintf(name, sizeof name, "d floor(x)*x+floor(2.5x) at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f_floor_mix, xs[i], 1.0), ck_fd1(f_floor_mix, xs[i]));
  }
  return ck_done();
}
