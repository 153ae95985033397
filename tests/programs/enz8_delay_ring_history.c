// TEST: reverse and forward mode through a delay differential equation integrated with a ring buffer of past states: a struct holding the buffer, a head index advanced modulo the capacity and a count, the delayed value read by linear interpolation between two slots found by index arithmetic (wrapping), a history function pointer for t < tau, and Heun steps; gradient of a functional of the trajectory with respect to the rate parameters and the initial value against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define CAP 16

typedef struct {
  double buf[CAP];
  int head, count;
} ring;

static void ring_push(ring *r, double v) {
  r->buf[r->head] = v;
  r->head = (r->head + 1) % CAP;
  if (r->count < CAP) r->count++;
}

/* value pushed `back` pushes ago (back = 1 is the newest) */
static double ring_back(const ring *r, int back) {
  int idx = (r->head - back + CAP) % CAP;
  return r->buf[idx];
}

typedef double (*history_fn)(double t, double y0);
static double hist_const(double t, double y0) { (void)t; return y0; }
static double hist_ramp(double t, double y0) { return y0 * (1.0 + 0.5 * t); }

/* y' = a * y(t - tau) / (1 + y(t - tau)^2) - b * y ; tau = D*h + frac*h */
static double dde(const double *p, history_fn hist, int steps) {
  double a = p[0], b = p[1], y = p[2];
  const double h = 0.05, frac = 0.4;
  const int D = 5;
  ring r;
  memset(&r, 0, sizeof r);
  ring_push(&r, y);
  double J = 0.0;
  for (int s = 0; s < steps; s++) {
    double t = s * h, yd;
    if (r.count > D + 1) {
      double y1 = ring_back(&r, D + 1), y2 = ring_back(&r, D + 2);
      yd = (1.0 - frac) * y1 + frac * y2;
    } else {
      yd = hist(t - (D + frac) * h, p[2]);
    }
    double f1 = a * yd / (1.0 + yd * yd) - b * y;
    double ye = y + h * f1;
    double f2 = a * yd / (1.0 + yd * yd) - b * ye;
    y = y + 0.5 * h * (f1 + f2);
    ring_push(&r, y);
    J += h * y * y;
  }
  return J + ring_back(&r, 3);
}

static history_fn ghist;
static double F(double *p) { return dde(p, ghist, 40); }

int main(void) {
  history_fn hs[2] = {hist_const, hist_ramp};
  for (int k = 0; k < 2; k++) {
    ghist = hs[k];
    double p[3] = {1.3, 0.7, 0.8}, dp[3] = {0}, v[3] = {0.3, -0.5, 0.9};
    __enzyme_autodiff((void *)dde, enzyme_dup, p, dp, enzyme_const, hs[k], enzyme_const, 40);
    ck_gradient(k ? "dde ring (ramp history): d/dp" : "dde ring (const history): d/dp", dp, F, p, 3);
    double jv = __enzyme_fwddiff((void *)dde, enzyme_dup, p, v, enzyme_const, hs[k], enzyme_const, 40);
    CHECK(k ? "dde ring (ramp): dot test" : "dde ring (const): dot test", ck_dot(dp, v, 3), jv);
  }
  return ck_done();
}
