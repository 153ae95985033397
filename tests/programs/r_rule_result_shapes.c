// TEST: user reverse rules whose C results the calling convention reshapes (ABI §6.2): a reverse function returning the gradients of three doubles (a struct returned through sret), of two floats (<2 x float>), of three floats ({<2 x float>, float}), and an augmented function returning {tape, primal, shadow} through sret for a function returning a pointer; used in combined and split mode, with the two float gradients declared as a struct at the marker; against finite differences of the plain formulas
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_autodiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
typedef struct { float gx, gy; } GF2;
GF2 __enzyme_autodiff_f2(void *, ...);

/* Inline asm hides the arithmetic: only the rules differentiate these. */
__attribute__((noinline)) double mul3(double x, double y, double z) {
  double r = x * y * z;
  __asm__ volatile("" : "+x"(r));
  return r;
}
double mul3_aug(double x, double y, double z) { return x * y * z; }
typedef struct { double dx, dy, dz; } G3;
G3 mul3_rev(double x, double y, double z, double d) { G3 g = {y * z * d, x * z * d, x * y * d}; return g; }
void *__enzyme_register_gradient_mul3[] = {(void *)mul3, (void *)mul3_aug, (void *)mul3_rev};

__attribute__((noinline)) float fpow2(float x, float y) {
  float r = x * y * y;
  __asm__ volatile("" : "+x"(r));
  return r;
}
float fpow2_aug(float x, float y) { return x * y * y; }
GF2 fpow2_rev(float x, float y, float d) { GF2 g = {y * y * d, 2.0f * x * y * d}; return g; }
void *__enzyme_register_gradient_fpow2[] = {(void *)fpow2, (void *)fpow2_aug, (void *)fpow2_rev};

__attribute__((noinline)) float fsum3(float a, float b, float c) {
  float r = a * b + c * c;
  __asm__ volatile("" : "+x"(r));
  return r;
}
float fsum3_aug(float a, float b, float c) { return a * b + c * c; }
typedef struct { float da, db, dc; } GF3;
GF3 fsum3_rev(float a, float b, float c, float d) { GF3 g = {b * d, a * d, 2.0f * c * d}; return g; }
void *__enzyme_register_gradient_fsum3[] = {(void *)fsum3, (void *)fsum3_aug, (void *)fsum3_rev};

/* Returns a pointer into its output: the augmented function returns {tape, primal, shadow},
   24 bytes, through sret. */
__attribute__((noinline)) double *scale_into(const double *src, double *dst, double k) {
  for (int i = 0; i < 2; i++) {
    double r = k * src[i];
    __asm__ volatile("" : "+x"(r));
    dst[i] = r;
  }
  return dst + 1;
}
typedef struct { double *tape, *primal, *shadow; } AugPtr;
AugPtr scale_into_aug(const double *src, const double *dsrc, double *dst, double *ddst, double k) {
  (void)dsrc;
  double *kept = malloc(2 * sizeof *kept);
  for (int i = 0; i < 2; i++) dst[i] = k * src[i], kept[i] = src[i];
  AugPtr r = {kept, dst + 1, ddst + 1};
  return r;
}
double scale_into_rev(const double *src, double *dsrc, double *dst, double *ddst, double k, double *tape) {
  (void)src, (void)dst;
  double dk = 0.0;
  for (int i = 0; i < 2; i++) dsrc[i] += k * ddst[i], dk += tape[i] * ddst[i], ddst[i] = 0.0;
  free(tape);
  return dk;
}
void *__enzyme_register_gradient_scale_into[] = {(void *)scale_into, (void *)scale_into_aug, (void *)scale_into_rev};

static double model(double *x) {
  double s = mul3(x[0], x[1], x[0] + x[2]) + sin(x[1]) * mul3(x[2], x[2], x[1]);
  double out[2];
  double *p = scale_into(x, out, x[2]);
  return s + p[0] * out[0] + 0.5 * p[0];
}
static double plain_model(double *x) {
  double out[2] = {x[2] * x[0], x[2] * x[1]};
  return x[0] * x[1] * (x[0] + x[2]) + sin(x[1]) * x[2] * x[2] * x[1] + out[1] * out[0] + 0.5 * out[1];
}
static float fmodel(float x, float y) { return fpow2(x, y) + sinf(x) * fpow2(y, x) + fsum3(x, y, x * y); }
static double fmodel_d(double *v) {
  double x = v[0], y = v[1];
  return x * y * y + sin(x) * y * x * x + (x * y + x * y * x * y);
}

int main(void) {
  double x[3] = {0.6, -0.8, 1.3}, dx[3] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, x, dx);
  ck_gradient("combined: sret gradients and augmented result", dx, plain_model, x, 3);
  double ds[3] = {0};
  ck_aug a = __enzyme_augmentfwd((void *)model, enzyme_dup, x, ds);
  CHECK_PRIMAL("split: primal", a.primal, plain_model(x));
  __enzyme_reverse((void *)model, enzyme_dup, x, ds, 1.0, a.tape);
  ck_gradient("split: sret gradients and augmented result", ds, plain_model, x, 3);

  GF2 g = __enzyme_autodiff_f2((void *)fmodel, 0.7f, -1.3f);
  double v[2] = {0.7f, -1.3f};
  CHECK_F32("float rules: d/dx", g.gx, ck_fd_partial(fmodel_d, v, 0));
  CHECK_F32("float rules: d/dy", g.gy, ck_fd_partial(fmodel_d, v, 1));
  return ck_done();
}
