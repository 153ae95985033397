// TEST: __enzyme_register_derivative rules with several arguments, int and pointer arguments, a void rule writing through pointers; used inside loops and at enzyme_width 3
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
typedef struct { double d[3]; } d3;
d3 __enzyme_fwddiff_3(void *, ...);

/* Black boxes: inline asm hides the arithmetic, so only the rule can differentiate them. */
__attribute__((noinline)) double wpow(double x, int n, double s) {
  double r = s * pow(x, n);
  __asm__ volatile("" : "+x"(r));
  return r;
}
typedef struct { double primal, tangent; } dual;
dual wpow_fwd(double x, double dx, int n, int n_shadow, double s, double ds) {
  (void)n_shadow;
  dual r = {s * pow(x, n), ds * pow(x, n) + s * n * pow(x, n - 1) * dx};
  return r;
}
void *__enzyme_register_derivative_wpow[] = {(void *)wpow, (void *)wpow_fwd};

/* pointer in, pointer out, returns void */
__attribute__((noinline)) void rot(const double *in, double th, double *out) {
  double c = cos(th), s = sin(th);
  double a = c * in[0] - s * in[1], b = s * in[0] + c * in[1];
  __asm__ volatile("" : "+x"(a), "+x"(b));
  out[0] = a;
  out[1] = b;
}
void rot_fwd(const double *in, const double *din, double th, double dth, double *out, double *dout) {
  double c = cos(th), s = sin(th);
  out[0] = c * in[0] - s * in[1];
  out[1] = s * in[0] + c * in[1];
  dout[0] = c * din[0] - s * din[1] + dth * (-s * in[0] - c * in[1]);
  dout[1] = s * din[0] + c * din[1] + dth * (c * in[0] - s * in[1]);
}
void *__enzyme_register_derivative_rot[] = {(void *)rot, (void *)rot_fwd};

/* pointer in, double out */
__attribute__((noinline)) double dot3(const double *a, const double *b) {
  double r = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  __asm__ volatile("" : "+x"(r));
  return r;
}
dual dot3_fwd(const double *a, const double *da, const double *b, const double *db) {
  dual r = {0, 0};
  for (int i = 0; i < 3; i++) { r.primal += a[i] * b[i]; r.tangent += da[i] * b[i] + a[i] * db[i]; }
  return r;
}
void *__enzyme_register_derivative_dot3[] = {(void *)dot3, (void *)dot3_fwd};

static double kernel(double x, double *v) {
  double acc = 0, p[2] = {x, 1.0}, q[2];
  for (int i = 1; i <= 4; i++) {
    acc += wpow(x, i, v[i % 3]);
    rot(p, 0.3 * x + v[0], q);
    p[0] = q[0]; p[1] = q[1];
  }
  double w[3] = {p[0], p[1], x};
  return acc + dot3(w, v);
}

static double V[3] = {0.5, -1.0, 0.7}, DV[3][3] = {{1, 0, 0}, {0, 1, 0}, {0.5, 0.5, 1}}, DXS[3] = {0.0, 0.0, 1.0};
static int LANE;
static double along(double t) {
  double v[3];
  for (int i = 0; i < 3; i++) v[i] = V[i] + t * DV[LANE][i];
  return kernel(0.8 + t * DXS[LANE], v);
}

int main(void) {
  char name[64];
  double dv[3] = {0, 0, 0};
  LANE = 2;
  double v[3];
  memcpy(v, V, sizeof v);
  double d = __enzyme_fwddiff((void *)kernel, 0.8, 1.0, v, DV[2]);
  CHECK("width1: rules in a loop", d, ck_fd1(along, 0.0));
  d = __enzyme_fwddiff((void *)kernel, 0.8, 1.0, enzyme_dup, v, dv);
  DV[2][0] = DV[2][1] = DV[2][2] = 0;
  CHECK("width1: x only (zero shadow for v)", d, ck_fd1(along, 0.0));
  DV[2][0] = 0.5; DV[2][1] = 0.5; DV[2][2] = 1;
  d3 w = __enzyme_fwddiff_3((void *)kernel, enzyme_width, 3, 0.8, DXS[0], DXS[1], DXS[2], v, DV[0], DV[1], DV[2]);
  for (LANE = 0; LANE < 3; LANE++) {
    snprintf(name, sizeof name, "width3 rules lane%d", LANE);
    CHECK(name, w.d[LANE], ck_fd1(along, 0.0));
  }
  return ck_done();
}
