// TEST: the shadow of a mutable global starts at zero in every gradient: a global read and then overwritten (g = g * x), reversed several times in a row, and after a forward call that left tangents in the same shadow; each gradient against finite differences
#include <math.h>
#include "include/catalase_check.h"

extern int enzyme_out, enzyme_const;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double g = 1.5;
static double scale = 0.8;

__attribute__((noinline)) static double step(double x) {
  g = g * x + sin(scale * x); /* the old g is read, then overwritten */
  return g * g;
}
static double G0;
static double F(double x) {
  double saved = g, r;
  g = G0;
  r = step(x);
  g = saved;
  return r;
}

int main(void) {
  char label[64];
  double x = 0.7;
  G0 = g;
  double t = __enzyme_fwddiff((void *)step, x, 1.0); /* leaves tangents in the shadow of g */
  CHECK("forward", t, ck_fd1(F, x));
  for (int k = 0; k < 3; k++) {
    G0 = g;
    double d = __enzyme_autodiff((void *)step, enzyme_out, x);
    snprintf(label, sizeof label, "gradient, call %d", k + 1);
    CHECK(label, d, ck_fd1(F, x));
  }
  return ck_done();
}
