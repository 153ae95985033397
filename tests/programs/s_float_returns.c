// TEST: split mode with float functions: a float result whose differential return passes through `...` as a double (narrowed back exactly), float enzyme_out arguments whose gradients come back as a struct of floats, float arrays through enzyme_dup; finite differences from a double twin of each formula
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

typedef struct { void *tape; float primal; } aug_f;
aug_f __enzyme_augmentfwd(void *, ...);
typedef struct { float da, db, dc; } grads3;
grads3 __enzyme_reverse(void *, ...);
float __enzyme_reverse_one(void *, ...);

static float poly3(float a, float b, float c) { return a * a * b + sinf(c) * b - c * expf(0.2f * a); }
static double poly3_d(double a, double b, double c) { return a * a * b + sin(c) * b - c * exp(0.2 * a); }

#define N 4
static float norm_f(float *v, int n) {
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += v[i] * v[i];
  return sqrtf(s) + v[0] * v[n - 1];
}
static double norm_d(double *v) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += v[i] * v[i];
  return sqrt(s) + v[0] * v[N - 1];
}

static double PA = 0.6, PB = -1.3, PC = 0.9;
static double F_a(double a) { return poly3_d(a, PB, PC); }
static double F_b(double b) { return poly3_d(PA, b, PC); }
static double F_c(double c) { return poly3_d(PA, PB, c); }

int main(void) {
  aug_f a = __enzyme_augmentfwd((void *)poly3, (float)PA, (float)PB, (float)PC);
  CHECK_F32("poly3: primal", a.primal, poly3_d(PA, PB, PC));
  grads3 g = __enzyme_reverse((void *)poly3, (float)PA, (float)PB, (float)PC, 1.0f, a.tape);
  CHECK_F32("poly3: d/da", g.da, ck_fd1(F_a, PA));
  CHECK_F32("poly3: d/db", g.db, ck_fd1(F_b, PB));
  CHECK_F32("poly3: d/dc", g.dc, ck_fd1(F_c, PC));

  float v[N] = {0.5f, -1.25f, 2.0f, 0.75f}, dv[N] = {0};
  double vd[N];
  for (int i = 0; i < N; i++) vd[i] = v[i];
  aug_f b = __enzyme_augmentfwd((void *)norm_f, enzyme_dup, v, dv, enzyme_const, N);
  CHECK_F32("norm: primal", b.primal, norm_d(vd));
  __enzyme_reverse_one((void *)norm_f, enzyme_dup, v, dv, enzyme_const, N, 1.0f, b.tape);
  for (int i = 0; i < N; i++) {
    char label[48];
    snprintf(label, sizeof label, "norm: d/dv[%d]", i);
    CHECK_F32(label, dv[i], ck_fd_partial(norm_d, vd, i));
  }
  return ck_done();
}
