// TEST: a function that returns a struct through sret and also writes results through pointers, differentiated by __enzyme_fwddiff calls that do not take the struct's tangent: a marker declared void (results dropped, ABI §4.2 rule 1) at width 1, 2 and 4, enzyme_const_return with enzyme_primal_return (the primal struct back, tangents only through the dupnoneed output pointer), and enzyme_noret at width 2 (the N tangent structs back, no primal); the pointer outputs' tangents against finite differences
#include "include/catalase_check.h"

extern int enzyme_const_return, enzyme_noret;
typedef struct { double a, b, c; } T;
typedef struct { T d[2]; } T2;
T fwd_T(void *, ...) __asm__("__enzyme_fwddiff");
T2 fwd_T2(void *, ...) __asm__("__enzyme_fwddiff");
void __enzyme_fwddiff(void *, ...);

static T f(const double *x, double *out) {
  T r = {x[0] * x[1], x[0] + exp(x[1]), sin(x[0]) * x[1]};
  out[0] = x[0] * x[0] * x[1];
  out[1] = atan(x[0] - x[1]);
  return r;
}

static double X[2] = {0.5, 1.5};
static int COMP, DIR;
static double out_view(double t) {
  double x[2] = {X[0] + (DIR == 0 ? t : 0.0), X[1] + (DIR == 1 ? t : 0.0)}, o[2];
  f(x, o);
  return o[COMP];
}
static double ret_view(double t) {
  double x[2] = {X[0] + (DIR == 0 ? t : 0.0), X[1] + (DIR == 1 ? t : 0.0)}, o[2];
  T r = f(x, o);
  return COMP == 0 ? r.a : COMP == 1 ? r.b : r.c;
}

int main(void) {
  char label[96];
  double e0[2] = {1, 0}, e1[2] = {0, 1}, o[2], t0[2], t1[2], t2[2], t3[2];
  /* void marker, width 1 */
  __enzyme_fwddiff((void *)f, enzyme_dup, X, e0, enzyme_dupnoneed, o, t0);
  /* void marker, width 2 and width 4 (lanes 2, 3 repeat 0, 1 scaled) */
  double s0[2] = {-2, 0}, s1[2] = {0, 3}, u0[2], u1[2];
  __enzyme_fwddiff((void *)f, enzyme_width, 2, enzyme_dup, X, e0, e1, enzyme_dupnoneed, o, u0, u1);
  __enzyme_fwddiff((void *)f, enzyme_width, 4, enzyme_dup, X, e0, e1, s0, s1, enzyme_dup, o, t0 + 0, t1, t2, t3);
  for (COMP = 0; COMP < 2; COMP++) {
    DIR = 0;
    double fd0 = ck_fd1(out_view, 0.0);
    DIR = 1;
    double fd1 = ck_fd1(out_view, 0.0);
    snprintf(label, sizeof label, "void width 2 lane 0 out[%d]", COMP);
    CHECK(label, u0[COMP], fd0);
    snprintf(label, sizeof label, "void width 2 lane 1 out[%d]", COMP);
    CHECK(label, u1[COMP], fd1);
    snprintf(label, sizeof label, "void width 4 lane 0 out[%d]", COMP);
    CHECK(label, t0[COMP], fd0);
    snprintf(label, sizeof label, "void width 4 lane 1 out[%d]", COMP);
    CHECK(label, t1[COMP], fd1);
    snprintf(label, sizeof label, "void width 4 lane 2 out[%d]", COMP);
    CHECK(label, t2[COMP], -2.0 * fd0);
    snprintf(label, sizeof label, "void width 4 lane 3 out[%d]", COMP);
    CHECK(label, t3[COMP], 3.0 * fd1);
  }
  double w1[2];
  __enzyme_fwddiff((void *)f, enzyme_dup, X, e1, enzyme_dupnoneed, o, w1);
  COMP = 1;
  DIR = 1;
  CHECK("void width 1 out[1] along x1", w1[1], ck_fd1(out_view, 0.0));
  /* const return with the primal back */
  T p = fwd_T((void *)f, enzyme_width, 2, enzyme_const_return, enzyme_primal_return, enzyme_dup, X, e0, e1,
              enzyme_dupnoneed, o, u0, u1);
  T ref = f(X, o);
  CHECK_PRIMAL("const_return primal .a", p.a, ref.a);
  CHECK_PRIMAL("const_return primal .b", p.b, ref.b);
  CHECK_PRIMAL("const_return primal .c", p.c, ref.c);
  COMP = 0;
  DIR = 0;
  CHECK("const_return width 2 lane 0 out[0]", u0[0], ck_fd1(out_view, 0.0));
  /* noret at width 2: the two tangent structs */
  T2 t = fwd_T2((void *)f, enzyme_width, 2, enzyme_noret, enzyme_dup, X, e0, e1, enzyme_dupnoneed, o, u0, u1);
  for (DIR = 0; DIR < 2; DIR++)
    for (COMP = 0; COMP < 3; COMP++) {
      const T *l = &t.d[DIR];
      snprintf(label, sizeof label, "noret width 2 lane %d field %d", DIR, COMP);
      CHECK(label, COMP == 0 ? l->a : COMP == 1 ? l->b : l->c, ck_fd1(ret_view, 0.0));
    }
  return ck_done();
}
