// TEST: forward mode where the primal's libm calls become their intrinsics (sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, exp, exp2, exp10, log, log2, log10, pow, in double and float), some inside a branch of a function differentiated once per seed direction in a loop (the primal's calls then move out of the loop); every tangent against finite differences
#define _GNU_SOURCE
#include "include/ck_array.h"

extern int enzyme_width, enzyme_dup, enzyme_const;
double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct { double d[2]; } d2;
d2 __enzyme_fwddiff_2(void *, ...) __asm__("__enzyme_fwddiff");

static double trig(double x) { return sin(x) * cos(x) + tan(0.5 * x) + asin(0.3 * x) + acos(0.2 * x) + atan(x); }
static double hyper(double x) { return sinh(x) + cosh(0.5 * x) * tanh(x) + atan2(x, 1.0 + x * x); }
static double expo(double x) {
  return exp(x) + exp2(0.5 * x) + exp10(0.1 * x) + log(2.0 + x) + log2(3.0 + x) + log10(4.0 + x) + pow(1.5 + x, 1.3);
}
static double powxy(double x, double y) { return pow(x, y) + atan2(y, x); }
static float trigf(float x) { return sinf(x) * cosf(x) + expf(0.5f * x) + powf(1.5f + x, 0.7f) + log10f(2.0f + x); }
static double trig_d(double x) { return sin(x) * cos(x) + exp(0.5 * x) + pow(1.5 + x, 0.7) + log10(2.0 + x); }

/* A Rodrigues-style rotation of a point by p[0..2], with the small-angle branch; every column of
 * its Jacobian by one derivative call per direction in a loop. */
static void rotate(const double *p, double *out) {
  static const double X[3] = {0.4, -0.7, 1.9};
  double t2 = p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
  if (t2 != 0.0) {
    double t = sqrt(t2), c = cos(t), s = sin(t);
    double w[3] = {p[0] / t, p[1] / t, p[2] / t}, wx = w[0] * X[0] + w[1] * X[1] + w[2] * X[2];
    double cr[3] = {w[1] * X[2] - w[2] * X[1], w[2] * X[0] - w[0] * X[2], w[0] * X[1] - w[1] * X[0]};
    for (int i = 0; i < 3; i++) out[i] = X[i] * c + cr[i] * s + w[i] * wx * (1.0 - c);
  } else {
    double cr[3] = {p[1] * X[2] - p[2] * X[1], p[2] * X[0] - p[0] * X[2], p[0] * X[1] - p[1] * X[0]};
    for (int i = 0; i < 3; i++) out[i] = X[i] + cr[i];
  }
}

static double unit[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
static double p0[3] = {0.3, -0.2, 0.25};
static int row;
static double rotated(double *p) {
  double o[3];
  rotate(p, o);
  return o[row];
}

__attribute__((noinline)) static void jacobian(const double *p, double jac[3][3]) {
  for (int k = 0; k < 3; k++) {
    double out[3], dout[3];
    __enzyme_fwddiff_v((void *)rotate, enzyme_dup, p, unit[k], enzyme_dup, out, dout);
    for (int i = 0; i < 3; i++) jac[i][k] = dout[i];
  }
}

static double gy = 0.8;
static double powx(double x) { return powxy(x, gy); }
static double gx = 1.7;
static double powy(double y) { return powxy(gx, y); }

int main(void) {
  CHECK("trig", __enzyme_fwddiff((void *)trig, 0.7, 1.0), ck_fd1(trig, 0.7));
  CHECK("hyperbolic", __enzyme_fwddiff((void *)hyper, -0.4, 1.0), ck_fd1(hyper, -0.4));
  CHECK("exp and log", __enzyme_fwddiff((void *)expo, 0.9, 1.0), ck_fd1(expo, 0.9));
  d2 w = __enzyme_fwddiff_2((void *)powxy, enzyme_width, 2, gx, 1.0, 0.0, gy, 0.0, 1.0);
  CHECK("pow, atan2 width 2 d/dx", w.d[0], ck_fd1(powx, gx));
  CHECK("pow, atan2 width 2 d/dy", w.d[1], ck_fd1(powy, gy));
  CHECK_F32("float", __enzyme_fwddiff_f((void *)trigf, 0.6f, 1.0f), ck_fd1(trig_d, 0.6));
  double jac[3][3];
  jacobian(p0, jac);
  char label[48];
  for (row = 0; row < 3; row++) {
    snprintf(label, sizeof label, "rotation row %d", row);
    ck_gradient(label, jac[row], rotated, p0, 3);
  }
  return ck_done();
}
