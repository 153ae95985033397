// TEST: float and mixed float/double code: a float function of float arguments (enzyme_out floats, a float return seeded with 1.0f), a double function that converts to float and back inside (fptrunc/fpext on the active path), float arrays accumulated into a double, a float helper called with promoted arguments, the float libm family (sinf, expf, sqrtf, powf, fmaxf, hypotf); checked against finite differences of double references and the dot-product test against forward mode
#include "include/ck_array.h"

#define N 6

__attribute__((noinline)) float fkern(float a, float b, float c) {
  float t = sinf(a * b) + expf(-0.5f * c * c);
  float u = sqrtf(1.0f + a * a) * powf(1.0f + b * b, 0.75f);
  return t * u + fmaxf(a, c) * hypotf(b, c);
}
static double dkern(double a, double b, double c) {
  double t = sin(a * b) + exp(-0.5 * c * c);
  double u = sqrt(1.0 + a * a) * pow(1.0 + b * b, 0.75);
  return t * u + fmax(a, c) * hypot(b, c);
}

/* double in, float arithmetic in the middle, double out */
__attribute__((noinline)) double mixed(const double *x, const float *w, float *tmp, int n) {
  double acc = 0.0;
  for (int i = 0; i < n; i++) {
    float xi = (float)x[i];
    tmp[i] = xi * w[i] + 0.25f * xi * xi;
    acc += (double)tmp[i] * x[(i + 1) % n];
  }
  float m = 0.0f;
  for (int i = 0; i < n; i++) m = fmaxf(m, fabsf(tmp[i]));
  return acc + (double)m * 0.5 + (double)fkern(tmp[0], tmp[1], (float)x[2]);
}
static double mixed_ref_w[N] = {0.5, -1.25, 0.75, 2.0, -0.5, 1.5};
static double mixed_ref(double *x) {
  double tmp[N], acc = 0.0;
  for (int i = 0; i < N; i++) {
    double xi = x[i];
    tmp[i] = xi * mixed_ref_w[i] + 0.25 * xi * xi;
    acc += tmp[i] * x[(i + 1) % N];
  }
  double m = 0.0;
  for (int i = 0; i < N; i++) m = fmax(m, fabs(tmp[i]));
  return acc + m * 0.5 + dkern(tmp[0], tmp[1], x[2]);
}

typedef struct {
  float da, db, dc;
} G3f;
G3f __enzyme_autodiff_f(void *, int, float, int, float, int, float) __asm__("__enzyme_autodiff");
float __enzyme_fwddiff_f(void *, float, float, float, float, float, float) __asm__("__enzyme_fwddiff");
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double fk_ref(double *x) { return dkern(x[0], x[1], x[2]); }

int main(void) {
  float a = 0.6f, b = -0.9f, c = 0.3f;
  double xf[3] = {a, b, c};
  G3f g = __enzyme_autodiff_f((void *)fkern, enzyme_out, a, enzyme_out, b, enzyme_out, c);
  double gd[3] = {g.da, g.db, g.dc};
  char lab[80];
  for (int i = 0; i < 3; i++) {
    snprintf(lab, sizeof lab, "fkern float out: d/dx[%d]", i);
    CHECK_F32(lab, gd[i], ck_fd_partial(fk_ref, xf, i));
  }
  float vf[3] = {0.4f, 1.0f, -0.7f};
  float tf = __enzyme_fwddiff_f((void *)fkern, a, vf[0], b, vf[1], c, vf[2]);
  double vfd[3] = {vf[0], vf[1], vf[2]};
  CHECK_F32("fkern fwd vs rev", (double)tf, ck_dot(gd, vfd, 3));

  double x[N] = {0.7, -0.4, 1.1, 0.3, -0.9, 0.5};
  float w[N];
  for (int i = 0; i < N; i++) w[i] = (float)mixed_ref_w[i];
  float tmp[N], dtmp[N];
  double dx[N] = {0};
  memset(dtmp, 0, sizeof dtmp);
  __enzyme_autodiff((void *)mixed, enzyme_dup, x, dx, enzyme_const, w, enzyme_dupnoneed, tmp, dtmp, enzyme_const, N);
  for (int i = 0; i < N; i++) {
    snprintf(lab, sizeof lab, "mixed f32/f64: d/dx[%d]", i);
    CHECK_F32(lab, dx[i], ck_fd_partial(mixed_ref, x, i));
  }
  double v[N] = {0.2, -0.1, 0.5, 0.9, -0.3, 0.05};
  double jv = __enzyme_fwddiff((void *)mixed, enzyme_dup, x, v, enzyme_const, w, enzyme_dup, tmp, dtmp, enzyme_const, N);
  CHECK_F32("mixed fwd vs rev", jv, ck_dot(dx, v, N));
  return ck_done();
}
