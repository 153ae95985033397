// TEST: user rules on functions returning a small struct of floats by value: a complex exponential returning struct {double re, im;} (the reverse function takes the result's adjoint as C passes the struct: two doubles) and a rotation returning struct {float u, v;} (taken as <2 x float>), with forward rules returning {result, tangent}; called in a loop inside the differentiated function, in combined and split mode; reverse against finite differences, forward against reverse (dot-product test). Reverse mode refused such calls ("does not differentiate values of aggregate type {f64, f64}") although the same functions without rules were differentiated
#include "include/ck_array.h"
#include "include/ck_split.h"

#define HIDE(v) __asm__ volatile("" : "+m"(v))

typedef struct {
  double re, im;
} cd;
__attribute__((noinline)) cd cexpm(double a, double b) {
  cd r = {exp(a) * cos(b), exp(a) * sin(b)};
  HIDE(r);
  return r;
}
cd cexpm_aug(double a, double b) {
  cd r = {exp(a) * cos(b), exp(a) * sin(b)};
  return r;
}
typedef struct {
  double da, db;
} g2;
g2 cexpm_rev(double a, double b, cd d) {
  g2 g = {exp(a) * (cos(b) * d.re + sin(b) * d.im), exp(a) * (-sin(b) * d.re + cos(b) * d.im)};
  return g;
}
void *__enzyme_register_gradient_cexpm[] = {(void *)cexpm, (void *)cexpm_aug, (void *)cexpm_rev};
typedef struct {
  cd p, t;
} cdual;
cdual cexpm_fwd(double a, double da, double b, double db) {
  cdual r;
  r.p = cexpm_aug(a, b);
  r.t.re = exp(a) * (cos(b) * da - sin(b) * db);
  r.t.im = exp(a) * (sin(b) * da + cos(b) * db);
  return r;
}
void *__enzyme_register_derivative_cexpm[] = {(void *)cexpm, (void *)cexpm_fwd};

typedef struct {
  float u, v;
} f2;
__attribute__((noinline)) f2 rotf(float a, float t) {
  f2 r = {a * cosf(t), a * sinf(t)};
  HIDE(r);
  return r;
}
/* a {tape, primal} augmented result: the tape is a malloc'd copy of the angle */
typedef struct {
  float *tape;
  f2 r;
} rot_aug_t;
rot_aug_t rotf_aug(float a, float t) {
  rot_aug_t o = {malloc(sizeof(float)), {a * cosf(t), a * sinf(t)}};
  *o.tape = t;
  return o;
}
typedef struct {
  float da, dt;
} g2f;
g2f rotf_rev(float a, float t, f2 d, float *tape) {
  float tt = *tape;
  free(tape);
  (void)t;
  g2f g = {cosf(tt) * d.u + sinf(tt) * d.v, -a * sinf(tt) * d.u + a * cosf(tt) * d.v};
  return g;
}
void *__enzyme_register_gradient_rotf[] = {(void *)rotf, (void *)rotf_aug, (void *)rotf_rev};
typedef struct {
  f2 p, t;
} f2dual;
f2dual rotf_fwd(float a, float da, float t, float dt) {
  f2dual o = {{a * cosf(t), a * sinf(t)}, {da * cosf(t) - a * sinf(t) * dt, da * sinf(t) + a * cosf(t) * dt}};
  return o;
}
void *__enzyme_register_derivative_rotf[] = {(void *)rotf, (void *)rotf_fwd};

#define N 4
__attribute__((noinline)) double model(const double *x, int n) {
  double s = 0.0, fs = 0.0;
  for (int i = 0; i < n; i++) {
    cd z = cexpm(0.3 * x[i] * x[(i + 1) % n], x[i] - 0.5 * x[(i + 2) % n]);
    s += z.re * (i + 1) + z.im * z.im;
    f2 w = rotf((float)(0.5 * x[i]), (float)x[(i + 3) % n]);
    fs += (double)w.u * 2.0 + (double)(w.v * w.v); /* kept apart: the checks take its rounding out */
  }
  return s + fs;
}
/* the float terms replaced by their double values for the finite differences */
static double obj(double *x) {
  double r = model(x, N);
  for (int i = 0; i < N; i++) {
    f2 w = rotf((float)(0.5 * x[i]), (float)x[(i + 3) % N]);
    double a = 0.5 * x[i], t = x[(i + 3) % N];
    r += 2.0 * a * cos(t) + a * a * sin(t) * sin(t) - ((double)w.u * 2.0 + (double)(w.v * w.v));
  }
  return r;
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);

int main(void) {
  double x[N] = {0.4, -0.3, 0.8, 0.25}, dx[N] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, x, dx, enzyme_const, N);
  char lab[64];
  for (int i = 0; i < N; i++) {
    snprintf(lab, sizeof lab, "struct-result rules: d/dx[%d]", i);
    CHECK_F32(lab, dx[i], ck_fd_partial(obj, x, i));
  }
  double ds[N] = {0};
  ck_aug a = __enzyme_augmentfwd((void *)model, enzyme_dup, x, ds, enzyme_const, N);
  CHECK_PRIMAL("split primal", a.primal, model(x, N));
  __enzyme_reverse((void *)model, enzyme_dup, x, ds, enzyme_const, N, 1.0, a.tape);
  for (int i = 0; i < N; i++) {
    snprintf(lab, sizeof lab, "split struct-result rules: d/dx[%d]", i);
    CHECK(lab, ds[i], dx[i]);
  }
  double v[N] = {0.5, -1.0, 0.25, 0.75};
  double jv = __enzyme_fwddiff((void *)model, enzyme_dup, x, v, enzyme_const, N);
  CHECK_F32("struct-result rules fwd vs rev", jv, ck_dot(dx, v, N));
  return ck_done();
}
