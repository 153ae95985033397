// TEST: reverse and split mode through float code with long loops: a 600-step float recurrence accumulating into a float sum (the reverse sweep walks all steps back), a float dot product of 1000 elements accumulated in double, a float array updated in place 50 times by a three-point stencil, and a function mixing float parameters, a double parameter and a float return (float gradients returned in a declared struct); float derivatives against finite differences of double twins, the dot-product test against forward mode
#include <string.h>

#include "include/ck_array.h"
#include "include/ck_split.h"

float __enzyme_autodiff_f(void *, ...) __asm__("__enzyme_autodiff");
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");
void __enzyme_autodiff(void *, ...);
void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
typedef struct { float da; double db; float dc; } G3;
G3 __enzyme_autodiff_g3(void *, ...) __asm__("__enzyme_autodiff");

/* logistic-like recurrence with a float sum */
static float recur_f(float a, float b) {
  float x = 0.3f, s = 0.0f;
  for (int i = 0; i < 600; i++) {
    x = a * x * (1.0f - x) + b * 0.001f;
    s += x * 0.001f;
  }
  return s;
}
static double recur_d(double a, double b) {
  double x = (double)0.3f, s = 0.0;
  for (int i = 0; i < 600; i++) {
    x = a * x * (1.0 - x) + b * (double)0.001f;
    s += x * (double)0.001f;
  }
  return s;
}

#define M 1000
static float dot_mixed(const float *x, const float *y, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (double)(x[i] * y[i]);
  return (float)(s / n);
}

#define NS 12
static void stencil(float *u, int n) {
  for (int t = 0; t < 50; t++) {
    float left = u[0];
    for (int i = 1; i < n - 1; i++) {
      float mid = u[i];
      u[i] = mid + 0.2f * (left - 2.0f * mid + u[i + 1]) - 0.01f * mid * mid;
      left = mid;
    }
  }
}
static void stencil_d(double *u, int n) {
  for (int t = 0; t < 50; t++) {
    double left = u[0];
    for (int i = 1; i < n - 1; i++) {
      double mid = u[i];
      u[i] = mid + (double)0.2f * (left - 2.0 * mid + u[i + 1]) - (double)0.01f * mid * mid;
      left = mid;
    }
  }
}

static float mixed(float a, double b, float c) { return (float)(sin(a * b) * c) + a * c * c - (float)exp(-b * b); }
static double mixed_d(double a, double b, double c) { return sin(a * b) * c + a * c * c - exp(-b * b); }

static double RA = 2.9, RB = 0.7;
static double recur_a(double a) { return recur_d(a, RB); }
static double recur_b(double b) { return recur_d(RA, b); }
static double YD[M];
static double F_dot(double *x) {
  double s = 0.0;
  for (int i = 0; i < M; i++) s += x[i] * YD[i];
  return s / M;
}
static int OUT;
static double F_sten(double *u) {
  double w[NS];
  memcpy(w, u, sizeof w);
  stencil_d(w, NS);
  return w[OUT];
}
static double MA = 0.8, MB = -0.6, MC = 1.3;
static double m_a(double a) { return mixed_d(a, MB, MC); }
static double m_b(double b) { return mixed_d(MA, b, MC); }
static double m_c(double c) { return mixed_d(MA, MB, c); }

int main(void) {
  typedef struct { float da, db; } G2f;
  G2f __enzyme_autodiff_g2f(void *, ...) __asm__("__enzyme_autodiff");
  (void)__enzyme_autodiff_f;
  G2f g = __enzyme_autodiff_g2f((void *)recur_f, (float)RA, (float)RB);
  CHECK_F32("600-step float recurrence: d/da", g.da, ck_fd1(recur_a, RA) * 1.0);
  CHECK_F32("600-step float recurrence: d/db", g.db, ck_fd1(recur_b, RB));
  float jr = __enzyme_fwddiff_f((void *)recur_f, (float)RA, 1.0f, (float)RB, 0.5f);
  CHECK_F32("600-step float recurrence: dot test", g.da + 0.5f * g.db, jr);

  static float x[M], y[M], dx[M];
  static double xd[M];
  for (int i = 0; i < M; i++) {
    x[i] = sinf(0.01f * i);
    y[i] = cosf(0.013f * i);
    xd[i] = x[i];
    YD[i] = y[i];
  }
  __enzyme_autodiff((void *)dot_mixed, enzyme_dup, x, dx, enzyme_const, y, enzyme_const, M);
  char label[64];
  for (int i = 0; i < M; i += 111) {
    snprintf(label, sizeof label, "float dot in double: d/dx[%d]", i);
    CHECK_F32(label, dx[i], ck_fd_partial(F_dot, xd, i));
  }

  float u[NS], du[NS];
  double ud[NS];
  for (int i = 0; i < NS; i++) ud[i] = u[i] = 0.5f + 0.4f * sinf(0.7f * i);
  OUT = 5;
  memset(du, 0, sizeof du);
  du[OUT] = 1.0f;
  void *tape = __enzyme_augmentfwd((void *)stencil, enzyme_dup, u, du, enzyme_const, NS);
  __enzyme_reverse((void *)stencil, enzyme_dup, u, du, enzyme_const, NS, tape);
  for (int i = 0; i < NS; i++) {
    snprintf(label, sizeof label, "50 in-place float sweeps, split: du[5]/du0[%d]", i);
    CHECK_F32(label, du[i], ck_fd_partial(F_sten, ud, i));
  }

  G3 m = __enzyme_autodiff_g3((void *)mixed, (float)MA, MB, (float)MC);
  CHECK_F32("float, double, float -> float: d/da", m.da, ck_fd1(m_a, MA));
  CHECK_F32("float, double, float -> float: d/db", m.db, ck_fd1(m_b, MB));
  CHECK_F32("float, double, float -> float: d/dc", m.dc, ck_fd1(m_c, MC));
  return ck_done();
}
