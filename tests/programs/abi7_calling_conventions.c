// TEST: ABI §2-§4 calling conventions, each against finite differences: markers passed by address (&enzyme_dup), several markers before one parameter, an int passed for a _Bool and for a short parameter, default activities (pointer → dup, int → const, by-value struct of doubles → out / dup-in-forward), the function operand through an alias, an identity call and a select between two functions, combined-mode returns (element 0 of two gradients, enzyme_primal_return first, width 2 gradients as [2 x double] fields, struct returns seeded with 1.0 in every field, a float return), forward returns (struct tangent, {primal, tangent}, width 2 and 3 with and without the primal), += accumulation into shadows and the consumed output seed, and primal side effects in every mode
#include "include/catalase_check.h"

extern int enzyme_not_overwritten;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
void __enzyme_autodiff_v(void *, ...);

typedef struct { double a, b; } P2;
typedef struct { double a, b, c; } P3;
typedef struct { double p; double d[2]; } PD2;
typedef struct { double p; double d[3]; } PD3;
typedef struct { double d[3]; } D3;
typedef struct { double dx[2], dy[2]; } W2;
P2 __enzyme_autodiff_p2(void *, ...);
P3 __enzyme_autodiff_p3(void *, ...);
W2 __enzyme_autodiff_w2(void *, ...);
P2 __enzyme_fwddiff_p2(void *, ...);
PD2 __enzyme_fwddiff_pd2(void *, ...);
PD3 __enzyme_fwddiff_pd3(void *, ...);
D3 __enzyme_fwddiff_d3(void *, ...);
float __enzyme_autodiff_f(void *, ...);

static double mul(double x, double y) { return x * sin(y) + y * y; }
static double mul_x(double x) { return mul(x, 0.7); }
static double mul_y(double y) { return mul(1.3, y); }

static double flip(double x, _Bool neg) { return neg ? -x * x : x * x * x; }
static double shorty(double x, short n) { return pow(x, n); }
static double sum_sq(const double *p, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += p[i] * p[i] * (i + 1);
  return s;
}
static double byval(P2 p, double s) { return s * p.a * exp(p.b); }
static P2 pair(double x) { P2 r = {sin(x), x * x}; return r; }
static double pair_sum(double x) { P2 r = pair(x); return r.a + r.b; }
static float fsq(float x) { return x * x * x; }
static double other(double x) { return -x; }
double mul_alias(double, double) __attribute__((alias("mul_ext")));
double mul_ext(double x, double y) { return mul(x, y); }
__attribute__((noinline)) static void *identity(void *f) { return f; }
static void store_sq(const double *x, double *out) { out[0] = x[0] * x[0]; out[1] = 3 * x[1]; }

static volatile int TRUE_ = 1;

int main(void) {
  const double x = 1.3, y = 0.7;
  double fx = ck_fd1(mul_x, x), fy = ck_fd1(mul_y, y);

  /* markers by address, and two markers before one parameter */
  double p[3] = {0.5, -1.2, 2.0}, dp[3] = {0};
  __enzyme_autodiff((void *)sum_sq, &enzyme_dup, p, dp, &enzyme_const, 3);
  CHECK("&enzyme_dup: d/dp[1]", dp[1], 2 * 2 * p[1]);
  double dq[3] = {0};
  __enzyme_autodiff((void *)sum_sq, enzyme_not_overwritten, enzyme_dup, p, dq, 3);
  CHECK("not_overwritten, dup: d/dp[2]", dq[2], 3 * 2 * p[2]);
  /* default activities: pointer → dup, int → const (reverse) */
  double dr[3] = {0};
  __enzyme_autodiff((void *)sum_sq, p, dr, 3);
  CHECK("default dup pointer: d/dp[0]", dr[0], 2 * p[0]);
  /* += accumulation: a second call adds the same gradient again */
  __enzyme_autodiff((void *)sum_sq, p, dr, 3);
  CHECK("accumulates: d/dp[0] twice", dr[0], 4 * p[0]);

  /* int for _Bool, int (promoted short) for short */
  CHECK("_Bool param, reverse", __enzyme_autodiff((void *)flip, x, 1), -2 * x);
  CHECK("_Bool param, forward", __enzyme_fwddiff((void *)flip, x, 1.0, 0), 3 * x * x);
  CHECK("short param, reverse", __enzyme_autodiff((void *)shorty, x, (short)3), 3 * x * x);
  CHECK("short param, forward", __enzyme_fwddiff((void *)shorty, x, 1.0, (short)4), 4 * x * x * x);

  /* by-value struct of doubles: out in reverse, value then tangent in forward */
  P2 s = {0.4, -0.3};
  P3 g3 = __enzyme_autodiff_p3((void *)byval, s, 1.7);
  CHECK("byval struct: d/dp.a", g3.a, 1.7 * exp(s.b));
  CHECK("byval struct: d/dp.b", g3.b, 1.7 * s.a * exp(s.b));
  CHECK("byval struct: d/ds", g3.c, s.a * exp(s.b));
  /* Only the lowered LLVM types matter (ABI §1): clang passes P2 as two doubles, so in forward
     mode each field is a double parameter followed by its tangent. */
  CHECK("byval struct forward (dot test)", __enzyme_fwddiff((void *)byval, s.a, 0.25, s.b, -0.5, 1.7, 2.0),
        0.25 * g3.a - 0.5 * g3.b + 2.0 * g3.c);

  /* the function operand through an alias, an identity call, a select */
  P2 ga = __enzyme_autodiff_p2((void *)mul_alias, x, y);
  CHECK("alias: d/dx", ga.a, fx);
  CHECK("alias: d/dy", ga.b, fy);
  P2 gi = __enzyme_autodiff_p2(identity((void *)mul), x, y);
  CHECK("identity call: d/dy", gi.b, fy);
  CHECK("select: fwd", __enzyme_fwddiff(TRUE_ ? (void *)mul_x : (void *)other, x, 1.0), fx);
  CHECK("select: rev", __enzyme_autodiff(TRUE_ ? (void *)mul_x : (void *)other, x), fx);

  /* combined returns */
  CHECK("two gradients as double: element 0", __enzyme_autodiff((void *)mul, x, y), fx);
  P3 pr = __enzyme_autodiff_p3((void *)mul, enzyme_primal_return, x, y);
  CHECK_PRIMAL("primal_return: primal first", pr.a, mul(x, y));
  CHECK("primal_return: d/dx", pr.b, fx);
  CHECK("primal_return: d/dy", pr.c, fy);
  W2 w = __enzyme_autodiff_w2((void *)mul, enzyme_width, 2, x, y);
  CHECK("width 2 reverse: d/dx lane 0", w.dx[0], fx);
  CHECK("width 2 reverse: d/dx lane 1", w.dx[1], fx);
  CHECK("width 2 reverse: d/dy lane 1", w.dy[1], fy);
  CHECK("struct return seeded with ones", __enzyme_autodiff((void *)pair, x), ck_fd1(pair_sum, x));
  CHECK_F32("float return, seed 1.0f", __enzyme_autodiff_f((void *)fsq, 1.5f), 3 * 1.5 * 1.5);

  /* forward returns */
  P2 tp = __enzyme_fwddiff_p2((void *)pair, x, 1.0);
  CHECK("forward struct tangent .a", tp.a, cos(x));
  CHECK("forward struct tangent .b", tp.b, 2 * x);
  P2 pt = __enzyme_fwddiff_p2((void *)mul, enzyme_primal_return, x, 1.0, y, 0.0);
  CHECK_PRIMAL("forward primal_return: primal", pt.a, mul(x, y));
  CHECK("forward primal_return: tangent", pt.b, fx);
  PD2 w2 = __enzyme_fwddiff_pd2((void *)mul, enzyme_width, 2, enzyme_primal_return, x, 1.0, 0.0, y, 0.0, 1.0);
  CHECK_PRIMAL("width 2 + primal: primal", w2.p, mul(x, y));
  CHECK("width 2 + primal: lane 0", w2.d[0], fx);
  CHECK("width 2 + primal: lane 1", w2.d[1], fy);
  PD3 w3 = __enzyme_fwddiff_pd3((void *)mul, enzyme_primal_return, enzyme_width, 3, x, 1.0, 0.0, 0.5, y, 0.0, 1.0, 0.5);
  CHECK_PRIMAL("width 3 + primal: primal", w3.p, mul(x, y));
  CHECK("width 3 + primal: lane 0", w3.d[0], fx);
  CHECK("width 3 + primal: lane 1", w3.d[1], fy);
  CHECK("width 3 + primal: lane 2", w3.d[2], 0.5 * (fx + fy));
  D3 d3 = __enzyme_fwddiff_d3((void *)mul, enzyme_width, 3, x, 1.0, 0.0, 0.5, y, 0.0, 1.0, 0.5);
  CHECK("width 3: lane 0", d3.d[0], fx);
  CHECK("width 3: lane 2", d3.d[2], 0.5 * (fx + fy));

  /* reverse: output seed consumed, primal side effects written */
  double in[2] = {1.5, 2.0}, din[2] = {0}, out[2] = {0}, dout[2] = {1.0, 1.0};
  __enzyme_autodiff_v((void *)store_sq, enzyme_dup, in, din, enzyme_dup, out, dout);
  CHECK("store: d/din[0]", din[0], 3.0);
  CHECK("store: d/din[1]", din[1], 3.0);
  CHECK_PRIMAL("store: output seed consumed", dout[0] + dout[1], 0.0);
  CHECK_PRIMAL("store: primal written (reverse)", out[0], 2.25);
  double out2[2] = {0}, tin[2] = {1.0, 0.0}, tout[2] = {0};
  __enzyme_fwddiff((void *)store_sq, enzyme_dup, in, tin, enzyme_dup, out2, tout);
  CHECK("store forward: tangent stored", tout[0], 3.0);
  CHECK_PRIMAL("store forward: primal written", out2[1], 6.0);
  return ck_done();
}
