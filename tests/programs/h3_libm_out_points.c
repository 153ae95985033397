// TEST: reverse mode with every argument enzyme_out (gradients returned in a declared struct, the way Enzyme users write it) through libm at the points where the rules branch: atan2 in all four quadrants and on the negative x axis side, pow with integer exponents and a negative base, pow with a fractional exponent, cbrt and fabs of negatives, fmod and remainder with negative operands, hypot, erf/erfc, fmin/fmax away from and at ties (a tie must split the whole adjoint: dx + dy equals the difference quotient along the diagonal), floor/round/trunc inside expressions (no derivative), and float versions returning float gradients; against finite differences and the dot-product test against forward mode
#include "include/catalase_check.h"

typedef struct { double dx, dy; } G2;
typedef struct { float dx, dy, dz; } G3f;
G2 __enzyme_autodiff(void *, ...);
G3f __enzyme_autodiff_f3(void *, ...) __asm__("__enzyme_autodiff");
double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");

static double f_atan2(double y, double x) { return atan2(y, x) * (1.0 + 0.1 * y); }
static double f_powi(double x, double y) { return pow(x, 3.0) + pow(x, -2.0) * y + pow(y, 4.0); }
static double f_powf(double x, double y) { return pow(x, y) + pow(y * y + 0.5, 0.37); }
static double f_cbrt(double x, double y) { return cbrt(x * y) + fabs(x - 2.0 * y) * y; }
static double f_fmod(double x, double y) { return fmod(x, y) * x + remainder(y * 3.0, x); }
static double f_hyp(double x, double y) { return hypot(x, y) + erf(x * y) - erfc(y); }
static double f_minmax(double x, double y) { return fmax(x, y) * 2.0 + fmin(x, y) * 0.5; }
static double f_round(double x, double y) {
  return floor(x) * y + round(2.0 * y) * x * x + trunc(x * y) + x * y;
}

typedef double (*f2)(double, double);
static f2 CUR;
static double YY, XX;
static double along_x(double x) { return CUR(x, YY); }
static double along_y(double y) { return CUR(XX, y); }
static double diag(double t) { return CUR(XX + t, YY + t); }

static inline __attribute__((always_inline)) void at(const char *what, f2 f, double x, double y) {
  char label[96];
  G2 g = __enzyme_autodiff((void *)f, enzyme_out, x, enzyme_out, y);
  CUR = f, XX = x, YY = y;
  snprintf(label, sizeof label, "%s (%g,%g): d/dx", what, x, y);
  CHECK(label, g.dx, ck_fd1(along_x, x));
  snprintf(label, sizeof label, "%s (%g,%g): d/dy", what, x, y);
  CHECK(label, g.dy, ck_fd1(along_y, y));
  double vx = 0.7, vy = -1.3;
  double jv = __enzyme_fwddiff((void *)f, x, vx, y, vy);
  snprintf(label, sizeof label, "%s (%g,%g): dot test", what, x, y);
  CHECK(label, g.dx * vx + g.dy * vy, jv);
}

/* ties: only the diagonal direction has a derivative */
static inline __attribute__((always_inline)) void tie(const char *what, f2 f, double x) {
  char label[96];
  G2 g = __enzyme_autodiff((void *)f, enzyme_out, x, enzyme_out, x);
  CUR = f, XX = x, YY = x;
  snprintf(label, sizeof label, "%s tie at %g: dx + dy", what, x);
  CHECK(label, g.dx + g.dy, ck_fd1(diag, 0.0));
}

static float g_f(float x, float y, float z) {
  return atan2f(y, x) * z + powf(x, 2.0f) * cbrtf(z) + fmaxf(x, z) + hypotf(y, z) + floorf(z) * y;
}
static double g_d(double x, double y, double z) {
  return atan2(y, x) * z + pow(x, 2.0) * cbrt(z) + fmax(x, z) + hypot(y, z) + floor(z) * y;
}
static double GX, GY, GZ;
static double gx(double x) { return g_d(x, GY, GZ); }
static double gy(double y) { return g_d(GX, y, GZ); }
static double gz(double z) { return g_d(GX, GY, z); }

int main(void) {
  const double q[4][2] = {{0.6, 1.1}, {0.6, -1.1}, {-0.6, -1.1}, {-0.6, 1.1}};
  for (int i = 0; i < 4; i++) at("atan2", f_atan2, q[i][0], q[i][1]);
  at("atan2 near -x axis", f_atan2, 1e-3, -2.0);
  at("pow integer exponents", f_powi, -1.3, 0.8);
  at("pow integer exponents", f_powi, 0.9, -1.7);
  at("pow fractional exponent", f_powf, 1.7, 0.6);
  at("cbrt/fabs of negatives", f_cbrt, -0.8, 1.3);
  at("cbrt/fabs of negatives", f_cbrt, 1.1, 0.9);
  at("fmod/remainder", f_fmod, -2.3, 0.7);
  at("fmod/remainder", f_fmod, 1.9, -0.65);
  at("hypot/erf/erfc", f_hyp, -0.4, 1.2);
  at("fmin/fmax", f_minmax, 0.3, -0.2);
  at("fmin/fmax", f_minmax, -0.3, 0.2);
  tie("fmin/fmax", f_minmax, 0.45);
  tie("fmin/fmax", f_minmax, -1.5);
  at("floor/round/trunc", f_round, 1.3, 0.4);
  at("floor/round/trunc", f_round, -0.7, -1.2);

  const float p[3][3] = {{0.8f, 0.5f, 1.3f}, {-0.9f, -0.4f, 0.6f}, {1.4f, -1.2f, -0.7f}};
  for (int i = 0; i < 3; i++) {
    char label[64];
    float x = p[i][0], y = p[i][1], z = p[i][2];
    G3f g = __enzyme_autodiff_f3((void *)g_f, enzyme_out, x, enzyme_out, y, enzyme_out, z);
    GX = x, GY = y, GZ = z;
    snprintf(label, sizeof label, "float mix %d: d/dx", i);
    CHECK_F32(label, g.dx, ck_fd1(gx, x));
    snprintf(label, sizeof label, "float mix %d: d/dy", i);
    CHECK_F32(label, g.dy, ck_fd1(gy, y));
    snprintf(label, sizeof label, "float mix %d: d/dz", i);
    CHECK_F32(label, g.dz, ck_fd1(gz, z));
    float jv = __enzyme_fwddiff_f((void *)g_f, x, 1.0f, y, -0.5f, z, 0.25f);
    snprintf(label, sizeof label, "float mix %d: dot test", i);
    CHECK_F32(label, g.dx - 0.5f * g.dy + 0.25f * g.dz, jv);
  }
  return ck_done();
}
