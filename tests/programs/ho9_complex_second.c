// TEST: second derivatives of a real function of complex arithmetic (cexp, csqrt, clog, cpow, cabs, carg, complex multiply and divide through __muldc3/__divdc3) by forward over forward, forward over reverse, reverse over forward and reverse over reverse; against finite differences of the first derivatives, which are checked against the function
#include <complex.h>
#include "include/catalase_check.h"
double __enzyme_fwddiff(void *, ...);
typedef struct { double dx, dy; } g2;
g2 __enzyme_autodiff2(void *, ...) __asm__("__enzyme_autodiff");
static double F(double x, double y) {
  double complex z = x + I * y;
  double complex w = cexp(z * z) / (z + 2.0) + csqrt(z + 3.0) * clog(z * z + 1.5) + cpow(z + 2.0, 1.5 + 0.5 * I);
  return creal(w) * cimag(w) + cabs(w) + carg(z + 4.0);
}
static double Fx(double x, double y) { return __enzyme_fwddiff((void *)F, x, 1.0, y, 0.0); }
static double Rx(double x, double y) { return __enzyme_autodiff2((void *)F, x, y).dx; }
static double Ry(double x, double y) { return __enzyme_autodiff2((void *)F, x, y).dy; }
int main(void) {
  double x = 0.3, y = -0.4, h = 1e-5;
  CHECK("Fx", Fx(x, y), (F(x+h,y)-F(x-h,y))/(2*h));
  CHECK("Rx", Rx(x, y), (F(x+h,y)-F(x-h,y))/(2*h));
  CHECK("Ry", Ry(x, y), (F(x,y+h)-F(x,y-h))/(2*h));
  double fxx = (Fx(x+h,y)-Fx(x-h,y))/(2*h), fxy = (Fx(x,y+h)-Fx(x,y-h))/(2*h);
  CHECK("Fxx ff", __enzyme_fwddiff((void *)Fx, x, 1.0, y, 0.0), fxx);
  CHECK("Fxy ff", __enzyme_fwddiff((void *)Fx, x, 0.0, y, 1.0), fxy);
  CHECK("Fxx fr", __enzyme_fwddiff((void *)Rx, x, 1.0, y, 0.0), fxx);
  CHECK("Fyx fr", __enzyme_fwddiff((void *)Ry, x, 1.0, y, 0.0), fxy);
  g2 r = __enzyme_autodiff2((void *)Fx, x, y);
  CHECK("Fxx rf", r.dx, fxx);
  CHECK("Fxy rf", r.dy, fxy);
  g2 q = __enzyme_autodiff2((void *)Rx, x, y);
  CHECK("Fxx rr", q.dx, fxx);
  CHECK("Fxy rr", q.dy, fxy);
  return ck_done();
}
