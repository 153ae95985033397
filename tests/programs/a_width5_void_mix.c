// TEST: enzyme_width 5 on a void function mixing dup doubles, a dupnoneed output pointer, a const int and a const pointer; width 7 with enzyme_dupv (stride 3 doubles) and enzyme_primal_return {double p; double d[7]}
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
typedef struct { double p; double d[7]; } pd7;
pd7 __enzyme_fwddiff_pd7(void *, ...);

static void k(double a, const double *w, int n, double b, double *out) {
  for (int i = 0; i < n; i++) out[i] = a * w[i] + sin(b * (i + 1)) * a;
}
static double r(const double *x) { return x[0] * x[1] * x[2] + exp(x[0] - x[2]); }

static double A = 0.8, B = 0.3, Wt[3] = {1.0, -0.5, 2.0};
static double VA, VB;
static int OUT;
static double along_k(double t) {
  double out[3];
  k(A + t * VA, Wt, 3, B + t * VB, out);
  return out[OUT];
}
static double X[3] = {0.4, 1.2, -0.7};
static double DX[7][3];
static int LANE;
static double along_r(double t) {
  double x[3];
  for (int i = 0; i < 3; i++) x[i] = X[i] + t * DX[LANE][i];
  return r(x);
}

int main(void) {
  char name[64];
  double out[3], o0[3], o1[3], o2[3], o3[3], o4[3];
  double va[5] = {1, 0, 1, 2, -1}, vb[5] = {0, 1, 1, -1, 0.5};
  __enzyme_fwddiff((void *)k, enzyme_width, 5, A, va[0], va[1], va[2], va[3], va[4], enzyme_const, Wt,
                   enzyme_const, 3, B, vb[0], vb[1], vb[2], vb[3], vb[4], enzyme_dupnoneed, out, o0, o1, o2, o3, o4);
  double *os[5] = {o0, o1, o2, o3, o4};
  for (int l = 0; l < 5; l++) {
    VA = va[l]; VB = vb[l];
    for (OUT = 0; OUT < 3; OUT++) {
      snprintf(name, sizeof name, "width5 void lane%d out[%d]", l, OUT);
      CHECK(name, os[l][OUT], ck_fd1(along_k, 0.0));
    }
  }
  /* width 7, dupv with stride 24 bytes: lanes packed back to back */
  for (int l = 0; l < 7; l++)
    for (int i = 0; i < 3; i++) DX[l][i] = (l % 3 == i) ? 1.0 : 0.1 * l;
  pd7 m = __enzyme_fwddiff_pd7((void *)r, enzyme_width, 7, enzyme_primal_return, enzyme_dupv, (long)sizeof DX[0], X, &DX[0][0]);
  CHECK_PRIMAL("width7 dupv primal", m.p, r(X));
  for (LANE = 0; LANE < 7; LANE++) {
    snprintf(name, sizeof name, "width7 dupv lane%d", LANE);
    CHECK(name, m.d[LANE], ck_fd1(along_r, 0.0));
  }
  return ck_done();
}
