// TEST: reverse and forward mode through recursion with memoization: an adaptive Simpson integrator that recurses on each half until its error estimate passes (early exit, depth cap) over an integrand whose parameters are active, and a memoized three-term recurrence (Legendre/Hermite style) whose table of active values and int "done" flags lives on the heap and is filled by a recursive function on first request; gradients against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double a, b, c;
} integrand;

static double f_eval(const integrand *q, double x) { return exp(-q->a * x * x) * cos(q->b * x) + q->c * x * x * x; }

static double simpson_rec(const integrand *q, double lo, double hi, double flo, double fmid, double fhi,
                          double whole, double eps, int depth) {
  double mid = 0.5 * (lo + hi), lm = 0.5 * (lo + mid), rm = 0.5 * (mid + hi);
  double flm = f_eval(q, lm), frm = f_eval(q, rm);
  double left = (mid - lo) / 6.0 * (flo + 4.0 * flm + fmid);
  double right = (hi - mid) / 6.0 * (fmid + 4.0 * frm + fhi);
  double diff = left + right - whole;
  if (depth <= 0 || fabs(diff) <= 15.0 * eps) return left + right + diff / 15.0;
  return simpson_rec(q, lo, mid, flo, flm, fmid, left, 0.5 * eps, depth - 1) +
         simpson_rec(q, mid, hi, fmid, frm, fhi, right, 0.5 * eps, depth - 1);
}

static double integrate(const double *p) {
  integrand q = {p[0], p[1], p[2]};
  double lo = 0.0, hi = 2.0;
  double flo = f_eval(&q, lo), fhi = f_eval(&q, hi), fmid = f_eval(&q, 1.0);
  double whole = (hi - lo) / 6.0 * (flo + 4.0 * fmid + fhi);
  return simpson_rec(&q, lo, hi, flo, fmid, fhi, whole, 1e-7, 12);
}

/* P_n(x) with a generalised recurrence P_{n+1} = ((2n+1) x P_n - n s P_{n-1}) / (n+1) */
typedef struct {
  double *val;
  int *done;
  double x, s;
} memo;

static double rec(memo *m, int n) {
  if (m->done[n]) return m->val[n];
  double r;
  if (n == 0) r = 1.0;
  else if (n == 1) r = m->x;
  else r = ((2 * n - 1) * m->x * rec(m, n - 1) - (n - 1) * m->s * rec(m, n - 2)) / n;
  m->val[n] = r;
  m->done[n] = 1;
  return r;
}

static double poly_sum(const double *p, int nmax) {
  memo m;
  m.val = malloc((nmax + 1) * sizeof(double));
  m.done = calloc(nmax + 1, sizeof(int));
  m.x = p[0];
  m.s = p[1];
  double s = 0.0;
  for (int n = nmax; n >= 0; n -= 2) s += rec(&m, n) / (1 + n);
  s += rec(&m, nmax - 1) * rec(&m, 3);
  free(m.val);
  free(m.done);
  return s;
}

static double Fi(double *p) { return integrate(p); }
static double Fp(double *p) { return poly_sum(p, 9); }

int main(void) {
  double p[3] = {0.8, 2.1, 0.15}, dp[3] = {0}, v[3] = {0.4, -0.3, 0.9};
  __enzyme_autodiff((void *)integrate, enzyme_dup, p, dp);
  /* the adaptive subdivision is piecewise constant in p: the finite difference sees the same
     partition as long as no error test sits at its threshold */
  ck_gradient("adaptive simpson: d/dp", dp, Fi, p, 3);
  double jv = __enzyme_fwddiff((void *)integrate, enzyme_dup, p, v);
  CHECK("adaptive simpson: dot test", ck_dot(dp, v, 3), jv);

  double q[2] = {0.45, 1.1}, dq[2] = {0}, w[2] = {0.7, -0.2};
  __enzyme_autodiff((void *)poly_sum, enzyme_dup, q, dq, enzyme_const, 9);
  ck_gradient("memo recurrence: d/dq", dq, Fp, q, 2);
  jv = __enzyme_fwddiff((void *)poly_sum, enzyme_dup, q, w, enzyme_const, 9);
  CHECK("memo recurrence: dot test", ck_dot(dq, w, 2), jv);
  return ck_done();
}
