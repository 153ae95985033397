// TEST: enzyme_byref in forward mode: a parameter's value passed as a pointer to it (the marker before or after the activity marker), on a dup double whose tangent stays by value, an enzyme_const double, an int, a bool, a float, a pointer whose shadow stays by value, at enzyme_width 2, together with enzyme_primal_return and with enzyme_interleave; tangents against finite differences
#include "include/catalase_check.h"

#include <stdbool.h>

extern int enzyme_byref, enzyme_interleave;
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double primal, tangent;
} pair;
pair __enzyme_fwddiff_pair(void *, ...);

typedef struct {
  double d[2];
} lanes2;
lanes2 __enzyme_fwddiff_w2(void *, ...);

/* f(x, a, n, flag, s, p) with p pointing to two doubles; f_twin takes s as a double (the finite
   differences in s). */
#define BODY                                                 \
  double r = x * x * a + sin(x) * p[0];                      \
  for (int i = 0; i < n; i++) r += p[1] * x / (i + 1);       \
  if (flag) r += exp(0.25 * x);                              \
  return r + (double)s * s * p[1];
__attribute__((noinline)) static double f(double x, double a, int n, bool flag, float s, const double *p) { BODY }
static double f_twin(double x, double a, int n, bool flag, double s, const double *p) { BODY }

static double X = 0.7, A = 1.3, P[2] = {0.4, -1.1};
static float S = 0.6f;
static int N = 3;
static bool FLAG = true;

static double along_x(double t) { return f(X + t, A, N, FLAG, S, P); }
static double along_s(double t) { return f_twin(X, A, N, FLAG, (double)S + t, P); }
static double along_p0(double t) {
  double q[2] = {P[0] + t, P[1]};
  return f(X, A, N, FLAG, S, q);
}
static double along_p1(double t) {
  double q[2] = {P[0], P[1] + t};
  return f(X, A, N, FLAG, S, q);
}

int main(void) {
  double x = X, a = A;
  int n = N;
  bool flag = FLAG;
  float s = S;
  const double *p = P;
  double zero[2] = {0.0, 0.0}, e0[2] = {1.0, 0.0}, e1[2] = {0.0, 1.0};

  /* byref before the activity marker, on every parameter that can take it. */
  double d = __enzyme_fwddiff((void *)f, enzyme_byref, sizeof x, enzyme_dup, &x, 1.0, enzyme_const, enzyme_byref, sizeof a, &a,
                              enzyme_byref, sizeof n, &n, enzyme_byref, sizeof flag, &flag, enzyme_const, enzyme_byref,
                              sizeof s, &s, enzyme_byref, sizeof p, enzyme_dup, &p, zero);
  CHECK("df/dx, all by reference", d, ck_fd1(along_x, 0.0));

  /* byref after the activity marker; the float's tangent passed by value. */
  d = __enzyme_fwddiff((void *)f, enzyme_const, x, enzyme_const, a, enzyme_const, n, enzyme_const, flag, enzyme_dup,
                       enzyme_byref, sizeof s, &s, 1.0f, enzyme_dup, p, zero);
  CHECK_F32("df/ds, float by reference", d, ck_fd1(along_s, 0.0));

  /* A pointer by reference: the pointer is loaded, its shadow is passed as it is. */
  d = __enzyme_fwddiff((void *)f, enzyme_const, x, enzyme_const, a, enzyme_const, n, enzyme_const, flag, enzyme_const, s,
                       enzyme_dup, enzyme_byref, sizeof p, &p, e0);
  CHECK("df/dp[0], pointer by reference", d, ck_fd1(along_p0, 0.0));

  /* enzyme_width 2: one pointer for the primal, the two lanes by value. */
  lanes2 w = __enzyme_fwddiff_w2((void *)f, enzyme_width, 2, enzyme_byref, sizeof x, enzyme_dup, &x, 1.0, 0.0, enzyme_const, a,
                                 enzyme_const, n, enzyme_const, flag, enzyme_const, s, enzyme_dup, p, zero, e1);
  CHECK("width 2 lane 0: df/dx", w.d[0], ck_fd1(along_x, 0.0));
  CHECK("width 2 lane 1: df/dp[1]", w.d[1], ck_fd1(along_p1, 0.0));

  /* enzyme_primal_return with a parameter by reference. */
  pair pr = __enzyme_fwddiff_pair((void *)f, enzyme_primal_return, enzyme_byref, sizeof x, enzyme_dup, &x, 1.0,
                                  enzyme_const, a, enzyme_const, n, enzyme_const, flag, enzyme_const, s, enzyme_const, p);
  CHECK_PRIMAL("primal with a parameter by reference", pr.primal, f(X, A, N, FLAG, S, P));
  CHECK("df/dx with primal", pr.tangent, ck_fd1(along_x, 0.0));

  /* With enzyme_interleave: x (by reference) takes enzyme_dup as the first parameter without a
     marker, n, flag and s inherit enzyme_const from a; the tangents follow the marker. */
  d = __enzyme_fwddiff((void *)f, enzyme_byref, sizeof x, &x, enzyme_const, a, n, flag, s, enzyme_dup, p, enzyme_interleave, 1.0,
                       zero);
  CHECK("df/dx, by reference and interleaved", d, ck_fd1(along_x, 0.0));

  /* The values behind the pointers are unchanged. */
  CHECK_PRIMAL("x unchanged", x, X);
  CHECK_PRIMAL("s unchanged", s, S);
  return ck_done();
}
