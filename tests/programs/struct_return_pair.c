// TEST: differentiating a function that returns a struct of two doubles (tangent returned as the same struct)
#include "include/catalase_check.h"

typedef struct { double re, im; } cplx;
cplx __enzyme_fwddiff(void *, ...);

/* z^2 * exp(i*theta) for z = x + i y */
static cplx f(double x, double y, double theta) {
  double re = x * x - y * y, im = 2.0 * x * y;
  double c = cos(theta), s = sin(theta);
  cplx r = {re * c - im * s, re * s + im * c};
  return r;
}

static double GX = 0.7, GY = -0.4, GT = 0.3;
static int PART, VAR;
static double along(double t) {
  double a[3] = {GX, GY, GT};
  a[VAR] += t;
  cplx r = f(a[0], a[1], a[2]);
  return PART ? r.im : r.re;
}

int main(void) {
  const char *vars[3] = {"x", "y", "theta"};
  for (VAR = 0; VAR < 3; VAR++) {
    cplx d = __enzyme_fwddiff((void *)f, GX, VAR == 0 ? 1.0 : 0.0, GY, VAR == 1 ? 1.0 : 0.0,
                              GT, VAR == 2 ? 1.0 : 0.0);
    char name[48];
    PART = 0;
    snprintf(name, sizeof name, "d re/d%s", vars[VAR]);
    CHECK(name, d.re, ck_fd1(along, 0.0));
    PART = 1;
    snprintf(name, sizeof name, "d im/d%s", vars[VAR]);
    CHECK(name, d.im, ck_fd1(along, 0.0));
  }
  return ck_done();
}
