// TEST: several marker calls in one function on different functions, and the same function differentiated with different activity patterns and widths in one program
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
typedef struct { double d[2]; } d2;
d2 __enzyme_fwddiff_2(void *, ...);
typedef struct { double p, d; } pd;
pd __enzyme_fwddiff_pd(void *, ...);

static double f(double a, double b, const double *c) { return a * exp(b * c[0]) + c[1] * c[1] * b; }
static double g(double a) { return a * a * a - cos(a); }
static double h(const double *c) { return c[0] / (1.0 + c[1] * c[1]); }

static double A = 0.4, B = -0.9, C[2] = {0.6, 1.5};
static double VA, VB, VC[2];
static double along_f(double t) {
  double c[2] = {C[0] + t * VC[0], C[1] + t * VC[1]};
  return f(A + t * VA, B + t * VB, c);
}
static double along_h(double t) {
  double c[2] = {C[0] + t * VC[0], C[1] + t * VC[1]};
  return h(c);
}
static void dir(double va, double vb, double c0, double c1) { VA = va; VB = vb; VC[0] = c0; VC[1] = c1; }

int main(void) {
  double dc[2] = {1.0, -1.0}, z[2] = {0, 0}, e0[2] = {1, 0}, e1[2] = {0, 1};
  /* Different functions in one function body. */
  double r1 = __enzyme_fwddiff((void *)g, 0.7, 1.0);
  double r2 = __enzyme_fwddiff((void *)h, C, dc);
  double r3 = __enzyme_fwddiff((void *)f, A, 1.0, B, 0.0, C, z);
  CHECK("g", r1, ck_fd1(g, 0.7));
  dir(0, 0, 1.0, -1.0);
  CHECK("h", r2, ck_fd1(along_h, 0.0));
  dir(1, 0, 0, 0);
  CHECK("f da", r3, ck_fd1(along_f, 0.0));
  /* Same function f, five activity patterns. */
  double p1 = __enzyme_fwddiff((void *)f, enzyme_const, A, B, 1.0, enzyme_const, C);
  double p2 = __enzyme_fwddiff((void *)f, A, 2.0, enzyme_const, B, C, dc);
  double p3 = __enzyme_fwddiff((void *)f, enzyme_const, A, enzyme_const, B, enzyme_dup, C, dc);
  pd p4 = __enzyme_fwddiff_pd((void *)f, enzyme_primal_return, A, 1.0, B, 1.0, enzyme_const, C);
  d2 p5 = __enzyme_fwddiff_2((void *)f, enzyme_width, 2, enzyme_const, A, B, 1.0, 0.0, C, e0, e1);
  dir(0, 1, 0, 0);
  CHECK("f pattern const,dup,const", p1, ck_fd1(along_f, 0.0));
  dir(2, 0, 1, -1);
  CHECK("f pattern dup,const,dup", p2, ck_fd1(along_f, 0.0));
  dir(0, 0, 1, -1);
  CHECK("f pattern const,const,dup", p3, ck_fd1(along_f, 0.0));
  dir(1, 1, 0, 0);
  CHECK_PRIMAL("f primal_return primal", p4.p, f(A, B, C));
  CHECK("f primal_return tangent", p4.d, ck_fd1(along_f, 0.0));
  dir(0, 1, 1, 0);
  CHECK("f width2 lane0", p5.d[0], ck_fd1(along_f, 0.0));
  dir(0, 0, 0, 1);
  CHECK("f width2 lane1", p5.d[1], ck_fd1(along_f, 0.0));
  return ck_done();
}
