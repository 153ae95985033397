// TEST: calls between functions: static helpers (some noinline), returning values and writing through pointers
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) static double sq(double v) { return v * v; }
__attribute__((noinline)) static void polar(double r, double th, double *px, double *py) {
  *px = r * cos(th);
  *py = r * sin(th);
}
static double norm2(double a, double b) { return sqrt(sq(a) + sq(b)); }

static double f(double r, double th) {
  double px, py;
  polar(r, th, &px, &py);
  return norm2(px + 1.0, py) * sq(th) + px * py;
}

static double gth;
static double fr(double r) { return f(r, gth); }
static double gr;
static double fth(double th) { return f(gr, th); }

int main(void) {
  gr = 1.7;
  gth = 0.6;
  CHECK("df/dr through helpers", __enzyme_fwddiff((void *)f, gr, 1.0, gth, 0.0), ck_fd1(fr, gr));
  CHECK("df/dth through helpers", __enzyme_fwddiff((void *)f, gr, 0.0, gth, 1.0), ck_fd1(fth, gth));
  return ck_done();
}
