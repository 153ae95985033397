// TEST: reverse mode on clang vector types: a function of a <2 x double> argument (enzyme_out gradient returned as a vector) and of a <4 x float>, with element-wise arithmetic, shuffles, element extraction and insertion
#include "include/catalase_check.h"

typedef double v2d __attribute__((vector_size(16)));
typedef float v4f __attribute__((vector_size(16)));
v2d __enzyme_autodiff_v2d(void *, ...);
v4f __enzyme_autodiff_v4f(void *, ...);

static double f2(v2d a) {
  v2d b = a * a + (v2d){0.5, -0.25};
  v2d s = __builtin_shufflevector(b, a, 1, 2);
  b[0] = sin(s[0]) * b[1];
  return b[0] + s[1] * s[0] + exp(a[1]);
}
static float f4(v4f a) {
  v4f r = __builtin_shufflevector(a, a, 3, 2, 1, 0);
  v4f p = a * r + a;
  return p[0] * p[1] + p[2] / (1.0f + p[3] * p[3]);
}

static double A0 = 0.6, A1 = -0.9;
static double f2_0(double x) { return f2((v2d){x, A1}); }
static double f2_1(double y) { return f2((v2d){A0, y}); }
static double P[4] = {0.5, -0.75, 1.25, 0.25};
static int COORD;
static double f4_ref(double t) {
  double a[4];
  for (int i = 0; i < 4; i++) a[i] = P[i] + (i == COORD ? t : 0.0);
  double p[4];
  for (int i = 0; i < 4; i++) p[i] = a[i] * a[3 - i] + a[i];
  return p[0] * p[1] + p[2] / (1.0 + p[3] * p[3]);
}

int main(void) {
  v2d g = __enzyme_autodiff_v2d((void *)f2, (v2d){A0, A1});
  CHECK("<2 x double>: d/da[0]", g[0], ck_fd1(f2_0, A0));
  CHECK("<2 x double>: d/da[1]", g[1], ck_fd1(f2_1, A1));
  v4f h = __enzyme_autodiff_v4f((void *)f4, (v4f){0.5f, -0.75f, 1.25f, 0.25f});
  for (COORD = 0; COORD < 4; COORD++) CHECK_F32("<4 x float>: d/da[i]", h[COORD], ck_fd1(f4_ref, 0.0));
  return ck_done();
}
